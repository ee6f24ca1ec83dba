import type { AuthEvidence } from '../../shared/domain/session';
import { methodName } from '../wizard/format';
import { CodeDetails } from './code-details';
import { formatDateTime } from './format-time';

/**
 * What the current sign-in proved: methods (`amr`), authentication contexts (`acrs`) and when.
 *
 * Display only: the engine never decides on decoded token claims, and neither does the UI.
 */
export function EvidenceList({
  evidence,
  contextName,
  label,
}: {
  readonly evidence: AuthEvidence | null;
  readonly contextName?: (id: string) => string;
  readonly label: string;
}) {
  if (evidence === null) {
    return <p className="muted">No sign-in evidence is available yet.</p>;
  }
  return (
    <>
      <dl className="evidence" aria-label={label}>
        <dt>Methods</dt>
        <dd>
          {evidence.methods.length === 0 ? (
            'none reported'
          ) : (
            <ul className="inline-list">
              {evidence.methods.map((amr) => (
                <li key={amr}>{methodName(amr)}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Authentication contexts</dt>
        <dd>
          {evidence.contexts.length === 0 ? (
            'none'
          ) : (
            <ul className="inline-list">
              {evidence.contexts.map((id) => (
                <li key={id}>{contextName?.(id) ?? 'An authentication context'}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Signed in at</dt>
        <dd>
          {evidence.authenticatedAt === null ? (
            'unknown'
          ) : (
            <time dateTime={evidence.authenticatedAt}>{formatDateTime(evidence.authenticatedAt)}</time>
          )}
        </dd>
      </dl>
      <CodeDetails
        items={[
          { label: 'Method claims (amr)', codes: evidence.methods },
          { label: 'Context claims (acrs)', codes: evidence.contexts },
        ]}
      />
    </>
  );
}

import type { StepUpEvidence } from '../../shared/domain/activation';
import { CodeDetails } from './code-details';
import { methodName } from '../wizard/format';
import { formatDateTime } from './format-time';

/**
 * What the whole run proved: each step-up with the contexts its token carries, the methods
 * (`amr`) used and when, so an admin (or the help desk on the phone) can see every context was
 * satisfied, not only the last one.
 *
 * Display only: the engine never decides on decoded token claims, and neither does the UI.
 */
export function RunEvidence({
  stepUps,
  contextName,
}: {
  readonly stepUps: readonly StepUpEvidence[];
  readonly contextName?: (id: string) => string;
}) {
  if (stepUps.length === 0) {
    return null;
  }
  const name = (id: string): string =>
    contextName?.(id) ?? stepUps.flatMap((s) => s.asked).find((c) => c.id === id)?.displayName ?? 'An authentication context';
  return (
    <section aria-labelledby="run-evidence-heading" className="card">
      <h3 id="run-evidence-heading">What you proved in this run</h3>
      <ul className="progress-list" aria-label="Step-ups of this run">
        {stepUps.map((stepUp, index) => {
          const label = stepUp.asked.length === 0 ? 'Fresh multifactor sign-in' : stepUp.asked.map((c) => name(c.id)).join(', ');
          return (
            <li key={`${String(index)}-${label}`} aria-label={label}>
              <dl className="evidence">
                <dt>Step-up</dt>
                <dd>{label}</dd>
                <dt>Contexts proven</dt>
                <dd>
                  {stepUp.contexts.length === 0 ? (
                    'none'
                  ) : (
                    <ul className="inline-list">
                      {stepUp.contexts.map((id) => (
                        <li key={id}>{name(id)}</li>
                      ))}
                    </ul>
                  )}
                </dd>
                <dt>Methods</dt>
                <dd>
                  {stepUp.methods.length === 0 ? (
                    'none reported'
                  ) : (
                    <ul className="inline-list">
                      {stepUp.methods.map((amr) => (
                        <li key={amr}>{methodName(amr)}</li>
                      ))}
                    </ul>
                  )}
                </dd>
                <dt>Signed in at</dt>
                <dd>
                  {stepUp.authenticatedAt === null ? (
                    'unknown'
                  ) : (
                    <time dateTime={stepUp.authenticatedAt}>{formatDateTime(stepUp.authenticatedAt)}</time>
                  )}
                  {stepUp.interactive ? '' : ' (no new prompt: an earlier sign-in of this run covered it)'}
                </dd>
              </dl>
              <CodeDetails
                items={[
                  { label: 'Contexts asked (claim values)', codes: stepUp.asked.map((c) => c.id) },
                  { label: 'Contexts proven (acrs)', codes: stepUp.contexts },
                  { label: 'Method claims (amr)', codes: stepUp.methods },
                ]}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

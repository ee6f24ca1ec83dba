import type { ReactNode } from 'react';
import type { AppError } from '../../shared/errors';
import { formatDateTime } from './format-time';

/**
 * An engine error as the admin sees it: its message, and behind Details its code and what a help desk needs.
 *
 * Only `AppError` fields are shown; raw exceptions never reach the renderer.
 */
export function ErrorPanel({
  error,
  title,
  children,
}: {
  readonly error: AppError;
  readonly title?: string;
  readonly children?: ReactNode;
}) {
  return (
    <div className="error-panel" role="alert">
      <p className="error-title">{title ?? 'Something needs attention'}</p>
      <p>{error.message}</p>
      {error.rules !== undefined && error.rules.length > 0 ? <p>Policy rules not met: {error.rules.join(', ')}.</p> : null}
      {error.issues !== undefined && error.issues.length > 0 ? (
        <ul>
          {error.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>{issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`}</li>
          ))}
        </ul>
      ) : null}
      {/* Codes and ids are for the help desk and the diagnostics, not the sentence: behind a Details disclosure. */}
      <details className="error-details">
        <summary>Details</summary>
        <dl className="error-meta">
          <dt>Code</dt>
          <dd>
            <code>{error.code}</code>
            {error.serviceCode !== undefined ? (
              <>
                {' '}
                (<code>{error.serviceCode}</code>)
              </>
            ) : null}
          </dd>
          {error.requestId !== undefined ? (
            <>
              <dt>Request id</dt>
              <dd>
                <code>{error.requestId}</code>
              </dd>
            </>
          ) : null}
          {error.diagnostics !== undefined ? (
            <>
              <dt>From the service</dt>
              <dd>
                <code>{error.diagnostics}</code>
              </dd>
            </>
          ) : null}
          {error.date !== undefined ? (
            <>
              <dt>Time</dt>
              <dd>
                {/* Local time for people; the service's exact UTC stamp stays in the attribute and the diagnostics. */}
                <time dateTime={error.date}>{formatDateTime(error.date)}</time>
              </dd>
            </>
          ) : null}
        </dl>
      </details>
      {children}
    </div>
  );
}

import type { AppError } from '../../../../shared/errors';
import { ErrorPanel } from '../../../components/error-panel';

type Props = {
  readonly error: AppError;
  /** My Security Info for this tenant's cloud, or null where no link is offered (the demo, kiosk mode). */
  readonly securityInfoUrl: string | null;
  readonly onRetry: () => void;
  readonly onBack: () => void;
};

/**
 * A step-up that did not complete. Cancelled or timed out: try again. A dead end (no registered method the policy
 * accepts): what to do instead, linked where a link is offered, and no retry that cannot work.
 */
export function StepUpFailure({ error, securityInfoUrl, onRetry, onBack }: Props) {
  const deadEnd = error.remedy === 'register-method';
  return (
    <ErrorPanel error={error} title={deadEnd ? 'This sign-in cannot succeed yet' : 'The step-up did not complete'}>
      {/* The engine's sentence says what to do; the link, where one is offered, goes straight there. */}
      {deadEnd && securityInfoUrl !== null ? (
        <p className="remedy">
          <a href={securityInfoUrl} target="_blank" rel="noopener noreferrer">
            Open My Security Info
          </a>{' '}
          <span className="muted">(opens in your browser)</span>
        </p>
      ) : null}
      <div className="actions">
        {deadEnd ? null : (
          <button type="button" className="primary" onClick={onRetry}>
            Try the step-up again
          </button>
        )}
        <button type="button" className={deadEnd ? 'primary' : undefined} onClick={onBack}>
          Back to Activate
        </button>
      </div>
    </ErrorPanel>
  );
}

import type { AutoEnd } from './auto-end';
import { secondsLeft } from './auto-end';

/**
 * On a kiosk workstation whose policy ends the session after an activation: says so on the Done
 * step, counts down, and lets the admin keep the session (to deactivate, or read the results).
 */
export function AutoEndNotice({
  autoEnd,
  now,
  onCancel,
}: {
  readonly autoEnd: AutoEnd;
  readonly now: number;
  readonly onCancel: () => void;
}) {
  if (autoEnd.status === 'off') {
    return null;
  }
  const left = secondsLeft(autoEnd, now);
  return (
    <section className="card auto-end" aria-labelledby="auto-end-heading" data-testid="auto-end">
      <h2 id="auto-end-heading" className="notice-heading">
        This session will end
      </h2>
      {autoEnd.status === 'counting' && left !== null ? (
        <>
          <p>
            This workstation ends the session after an activation: in <span className="countdown">{left} s</span> you will be signed out and
            everything you typed here is forgotten. Your activated roles stay active until their end time.
          </p>
          <div className="actions">
            <button type="button" onClick={onCancel}>
              Keep the session open
            </button>
          </div>
        </>
      ) : null}
      {autoEnd.status === 'cancelled' ? <p>The session stays open. Press “End session” when you are finished.</p> : null}
      {autoEnd.status === 'ending' ? <p role="status">Ending the session…</p> : null}
    </section>
  );
}

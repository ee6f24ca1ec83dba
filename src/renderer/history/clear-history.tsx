import { plural } from '../wizard/format';

/** The confirmation before the history is cleared: it cannot be undone, and says what it does not touch. */
export function ClearHistoryConfirm({
  count,
  onClear,
  onKeep,
}: {
  readonly count: number;
  readonly onClear: () => void;
  readonly onKeep: () => void;
}) {
  return (
    <div className="card confirm" role="group" aria-labelledby="confirm-clear">
      <p id="confirm-clear">
        Clear all {plural(count, 'entry', 'entries')} from this computer? This cannot be undone; your roles in PIM are not changed.
      </p>
      <div className="actions">
        <button type="button" className="danger" onClick={onClear} autoFocus>
          Yes, clear the history
        </button>
        <button type="button" onClick={onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}

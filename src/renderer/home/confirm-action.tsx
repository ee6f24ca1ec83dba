import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';

type Props = {
  /** The button's visible text ("Deactivate", "Cancel request") and its accessible name, which starts with it. */
  readonly label: string;
  readonly accessibleName: string;
  /** What pressing it does, asked before anything is sent. */
  readonly question: ReactNode;
  readonly confirmLabel: string;
  readonly keepLabel: string;
  /** Shown instead of the label while the operation runs; the button then does nothing. */
  readonly busyLabel: string;
  readonly busy: boolean;
  /** Why it cannot be used yet (it stays focusable and says so), or null. */
  readonly blocker?: string | null;
  readonly onConfirm: () => void;
};

/**
 * An action PIM cannot take back (a deactivation, a cancelled request), confirmed inline before it is sent: the row
 * asks, Yes sends, Keep (or Escape) leaves everything as it was and returns focus to the button. An Undo would have
 * to hold the request back for a few seconds; a question says plainly that nothing is sent until the answer.
 */
export function ConfirmAction(props: Props) {
  const { busy, blocker = null } = props;
  const [asking, setAsking] = useState(false);
  // Set by Keep: once the question is gone, focus goes back to the button that asked it.
  const returnFocus = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  const hintId = useId();
  useEffect(() => {
    if (!asking && returnFocus.current) {
      returnFocus.current = false;
      button.current?.focus();
    }
  }, [asking]);
  const keep = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  if (asking && !busy) {
    return (
      <div
        className="inline-confirm"
        role="group"
        aria-labelledby={questionId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            keep();
          }
        }}
      >
        <span id={questionId}>{props.question}</span>
        <button
          type="button"
          className="danger"
          autoFocus
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.confirmLabel}
        </button>
        <button type="button" onClick={keep}>
          {props.keepLabel}
        </button>
      </div>
    );
  }
  const unavailable = busy || blocker !== null;
  return (
    <span className="inline-action">
      <button
        ref={button}
        type="button"
        aria-label={props.accessibleName}
        aria-disabled={unavailable}
        aria-describedby={blocker === null ? undefined : hintId}
        onClick={() => {
          if (!unavailable) {
            setAsking(true);
          }
        }}
      >
        {busy ? props.busyLabel : props.label}
      </button>
      {blocker !== null ? (
        <span id={hintId} className="hint">
          {blocker}
        </span>
      ) : null}
    </span>
  );
}

import { useEffect, useRef } from 'react';
import { JUSTIFICATION_MAX } from '../../shared/rules/text';
import { FieldError } from '../components/field-error';
import { formatMinutes, isoDurationToMinutes, minutesToIsoDuration } from '../wizard/format';
import { durationChoices, FALLBACK_MAX_MINUTES } from '../wizard/selectors';
import type { ExtensionField, ExtensionProblems } from './extension-check';

type Props = {
  readonly id: string;
  readonly name: string;
  readonly justification: string;
  /** ISO 8601 on the wire; the person picks hours and minutes. */
  readonly duration: string;
  /** The longest extension offered (the role's policy maximum, else a day). */
  readonly capMinutes: number | null;
  readonly problems: ExtensionProblems;
  readonly sending: boolean;
  readonly onJustification: (value: string) => void;
  readonly onDuration: (value: string) => void;
  /** Sends when the fields are valid; otherwise returns the first field to fix. */
  readonly onSubmit: () => ExtensionField | null;
  readonly onClose: () => void;
};

/** Reason and duration for an extension request, each with its error beside it; no focus trap, Escape closes. */
export function ExtensionForm(props: Props) {
  const { id, name, problems, sending } = props;
  const reason = useRef<HTMLTextAreaElement>(null);
  const duration = useRef<HTMLSelectElement>(null);
  const reasonId = `${id}-reason`;
  const durationId = `${id}-duration`;
  useEffect(() => {
    // Opening the form takes the person to its first field.
    reason.current?.focus();
  }, []);
  const cap = props.capMinutes ?? FALLBACK_MAX_MINUTES;
  const minutes = isoDurationToMinutes(props.duration) ?? cap;
  const describedBy = (field: ExtensionField, hint: string): string =>
    problems[field] === undefined ? hint : `${hint} ${id}-${field}-error`;
  return (
    <form
      id={id}
      className="extension-form"
      aria-label={`Request extension for ${name}`}
      noValidate
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          props.onClose();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (sending) {
          return;
        }
        const invalid = props.onSubmit();
        (invalid === 'justification' ? reason : invalid === 'duration' ? duration : null)?.current?.focus();
      }}
    >
      <div className="field field-grow">
        <label htmlFor={reasonId}>Reason</label>
        <textarea
          id={reasonId}
          ref={reason}
          rows={2}
          maxLength={JUSTIFICATION_MAX}
          value={props.justification}
          aria-required
          aria-invalid={problems.justification !== undefined}
          aria-describedby={describedBy('justification', `${reasonId}-hint`)}
          onChange={(e) => {
            props.onJustification(e.target.value);
          }}
        />
        <p id={`${reasonId}-hint`} className="hint">
          Required: the administrator who decides reads it.
        </p>
        <FieldError id={`${id}-justification-error`} message={problems.justification} />
      </div>
      <div className="field">
        <label htmlFor={durationId}>Extend by</label>
        <select
          id={durationId}
          ref={duration}
          value={minutes}
          aria-invalid={problems.duration !== undefined}
          aria-describedby={describedBy('duration', `${durationId}-hint`)}
          onChange={(e) => {
            props.onDuration(minutesToIsoDuration(Number(e.target.value)));
          }}
        >
          {durationChoices(cap, minutes).map((m) => (
            <option key={m} value={m}>
              {formatMinutes(m)}
            </option>
          ))}
        </select>
        <p id={`${durationId}-hint`} className="hint">
          From now; up to {formatMinutes(cap)}.
        </p>
        <FieldError id={`${id}-duration-error`} message={problems.duration} />
      </div>
      <span className="inline-action">
        <button type="submit" aria-disabled={sending}>
          {sending ? 'Sending…' : 'Send request'}
        </button>
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </span>
    </form>
  );
}

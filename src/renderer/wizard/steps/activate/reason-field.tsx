/** The Reason field, first in the form: the text, its hint and error, and the templates and recent reasons to pick from. */
import { JUSTIFICATION_MAX } from '../../../../shared/rules/text';
import { FieldError } from '../../../components/field-error';
import type { ActivationForm } from '../../wizard-state';
import { errorId, RequiredMark } from './form-field';
import type { FieldMessages } from './form-field';

type Props = {
  readonly value: string;
  readonly required: boolean;
  readonly templates: readonly string[];
  readonly recentReasons: readonly string[];
  readonly messages: FieldMessages;
  readonly onChange: (patch: Partial<ActivationForm>) => void;
};

/** A row of reasons to fill in with one click: the organisation's templates or this person's recent ones. */
function ReasonChips(props: {
  readonly label: string;
  readonly caption: string;
  readonly use: string;
  readonly reasons: readonly string[];
  readonly onPick: (reason: string) => void;
}) {
  if (props.reasons.length === 0) {
    return null;
  }
  return (
    <div className="recent-reasons" role="group" aria-label={props.label}>
      <span className="muted">{props.caption}</span>
      {props.reasons.map((reason) => (
        <button
          key={reason}
          type="button"
          className="chip"
          aria-label={`${props.use}: ${reason}`}
          onClick={() => {
            props.onPick(reason);
          }}
        >
          {reason}
        </button>
      ))}
    </div>
  );
}

export function ReasonField({ value, required, templates, recentReasons, messages, onChange }: Props) {
  const pick = (justification: string) => {
    onChange({ justification });
  };
  return (
    <div className="field">
      <label htmlFor="justification">
        Reason <RequiredMark required={required} />
      </label>
      <textarea
        id="justification"
        rows={3}
        maxLength={JUSTIFICATION_MAX}
        value={value}
        aria-required={required}
        aria-invalid={messages.shown('justification') !== undefined}
        aria-describedby={messages.describedBy('justification', 'justification-hint')}
        onChange={(e) => {
          pick(e.target.value);
        }}
      />
      <p id="justification-hint" className="hint">
        Say what you will do with the role; reviewers and auditors read it.
      </p>
      <FieldError id={errorId('justification')} message={messages.shown('justification')} />
      <ReasonChips label="Reason templates" caption="Your organisation’s templates:" use="Use template" reasons={templates} onPick={pick} />
      <ReasonChips label="Recent reasons" caption="Recent reasons:" use="Use recent reason" reasons={recentReasons} onPick={pick} />
    </div>
  );
}

/** The optional start, last among the fields: empty starts now. */
import { FieldError } from '../../../components/field-error';
import type { ActivationForm } from '../../wizard-state';
import { errorId } from './form-field';
import type { FieldMessages } from './form-field';

type Props = {
  readonly value: string;
  readonly messages: FieldMessages;
  readonly onChange: (patch: Partial<ActivationForm>) => void;
};

export function StartField({ value, messages, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor="start-at">
        Start <span className="optional">(optional)</span>
      </label>
      <input
        id="start-at"
        type="datetime-local"
        value={value}
        aria-invalid={messages.shown('startAt') !== undefined}
        aria-describedby={messages.describedBy('startAt', 'start-at-hint')}
        onChange={(e) => {
          onChange({ startAt: e.target.value });
        }}
      />
      <p id="start-at-hint" className="hint">
        Leave empty to start now. Your computer’s local time.
      </p>
      <FieldError id={errorId('startAt')} message={messages.shown('startAt')} />
    </div>
  );
}

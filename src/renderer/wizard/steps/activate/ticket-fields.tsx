/** Ticket number and system: shown when a policy needs them, or when something is already in them. */
import { TICKET_FIELD_MAX } from '../../../../shared/rules/text';
import { FieldError } from '../../../components/field-error';
import type { ActivationForm } from '../../wizard-state';
import { errorId, FIELD_IDS, RequiredMark } from './form-field';
import type { FieldMessages } from './form-field';

type Props = {
  readonly form: ActivationForm;
  /** Whether a selected role's policy asks for a ticket. */
  readonly required: boolean;
  readonly messages: FieldMessages;
  readonly onChange: (patch: Partial<ActivationForm>) => void;
};

function TicketField(props: {
  readonly field: 'ticketNumber' | 'ticketSystem';
  readonly label: string;
  readonly required: boolean;
  readonly value: string;
  readonly messages: FieldMessages;
  readonly onChange: (value: string) => void;
}) {
  const { field, messages } = props;
  return (
    <div className="field">
      <label htmlFor={FIELD_IDS[field]}>
        {props.label} <RequiredMark required={props.required} />
      </label>
      <input
        id={FIELD_IDS[field]}
        type="text"
        maxLength={TICKET_FIELD_MAX}
        aria-required={props.required}
        value={props.value}
        aria-invalid={messages.shown(field) !== undefined}
        aria-describedby={messages.describedBy(field)}
        onChange={(e) => {
          props.onChange(e.target.value);
        }}
      />
      <FieldError id={errorId(field)} message={messages.shown(field)} />
    </div>
  );
}

export function TicketFields({ form, required, messages, onChange }: Props) {
  // A number given makes its system needed too (PIM takes both or neither).
  const numbered = form.ticketNumber.trim() !== '';
  return (
    <div className="field-row">
      <TicketField
        field="ticketNumber"
        label="Ticket number"
        required={required}
        value={form.ticketNumber}
        messages={messages}
        onChange={(ticketNumber) => {
          onChange({ ticketNumber });
        }}
      />
      <TicketField
        field="ticketSystem"
        label="Ticket system"
        required={required || numbered}
        value={form.ticketSystem}
        messages={messages}
        onChange={(ticketSystem) => {
          onChange({ ticketSystem });
        }}
      />
    </div>
  );
}

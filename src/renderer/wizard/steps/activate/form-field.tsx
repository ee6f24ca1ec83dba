/** What every field of the activation form shares: its element id, its error's id and the "(required)" mark. */
import type { FormField } from '../../selectors';

/** The element id of each field, so the first one with a problem takes focus. */
export const FIELD_IDS: Readonly<Record<FormField, string>> = {
  startAt: 'start-at',
  justification: 'justification',
  ticketNumber: 'ticket-number',
  ticketSystem: 'ticket-system',
};

/** The id of a field's error, which its aria-describedby points at. */
export const errorId = (field: FormField): string => `${FIELD_IDS[field]}-error`;

/** A field's problem while problems are shown, and what its aria-describedby names. */
export type FieldMessages = {
  readonly shown: (field: FormField) => string | undefined;
  readonly describedBy: (field: FormField, hint?: string) => string | undefined;
};

export function fieldMessages(issues: Partial<Record<FormField, string>>, show: boolean): FieldMessages {
  const shown = (field: FormField) => (show ? issues[field] : undefined);
  return { shown, describedBy: (field, hint) => (shown(field) !== undefined ? errorId(field) : hint) };
}

/** "(required)" or "(optional)" beside a label, in words rather than an asterisk. */
export function RequiredMark({ required }: { readonly required: boolean }) {
  return <span className={required ? 'required' : 'optional'}>{required ? '(required)' : '(optional)'}</span>;
}

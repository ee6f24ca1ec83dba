/**
 * A form field's error, shown once, right under the field; `id` is what the field's `aria-describedby` points at, so
 * the error is announced with the field. Every form of the window (first run, activate, extension) uses this one.
 */
export function FieldError({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  return message === undefined ? null : (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}

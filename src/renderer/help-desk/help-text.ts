/**
 * Sentences for the help footer's confirmations, kept pure for tests.
 */

/** Said after Copy diagnostics; the size is not news to anyone, what matters is where it went and what it lacks. */
export function copiedSentence(): string {
  return 'Diagnostics copied to the clipboard — no tokens or passwords are included.';
}

export function savedSentence(saved: { readonly path: string } | null): string {
  return saved === null
    ? 'The support bundle was not saved: the save dialog was cancelled.'
    : `Support bundle saved to ${saved.path} — no tokens or passwords are included.`;
}

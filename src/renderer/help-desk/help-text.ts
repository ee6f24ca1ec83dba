/**
 * Sentences for the help footer's confirmations, kept pure for tests.
 */

/** `1234` → `1 234`: digits grouped by three with a space, as read aloud (no locale surprises). */
export function groupDigits(n: number): string {
  return String(Math.max(0, Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export function copiedSentence(characters: number): string {
  return `Copied ${groupDigits(characters)} characters — no tokens or passwords are included.`;
}

export function savedSentence(saved: { readonly path: string } | null): string {
  return saved === null
    ? 'The support bundle was not saved: the save dialog was cancelled.'
    : `Support bundle saved to ${saved.path} — no tokens or passwords are included.`;
}

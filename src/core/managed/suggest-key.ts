/**
 * "Did you mean …?" for misspelt configuration keys.
 *
 * Admins type these files by hand; `idleTimeoutMinute` or `tenat` deserves a pointer to the
 * right name, not just "unknown".
 */

/** The closest candidate within two edits (ignoring case), or undefined. */
export function suggestKey(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: { readonly key: string; readonly distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(candidate.toLowerCase(), lower);
    if (distance <= 2 && (best === undefined || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

/** Levenshtein distance; keys are short, so O(n·m) is fine. Anything over 2 is reported as 3. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) {
    return 3;
  }
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

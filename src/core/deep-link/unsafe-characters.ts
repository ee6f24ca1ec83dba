/**
 * Finds characters that must never appear in text an admin reads, a help desk dictates, or
 * Graph stores: control characters, invisible direction overrides, and line separators.
 *
 * Why more than the ASCII controls: a justification or role name arriving from a link or a
 * configuration file is shown to a person who confirms it. Bidirectional overrides
 * (U+202A–U+202E, U+2066–U+2069) can make "Global Administrator" display as something else
 * ("Trojan Source", CVE-2021-42574), and C1 controls or U+2028/U+2029 can break log lines.
 */

// C0 controls, DEL, C1 controls, Arabic letter mark, LRM/RLM, line/paragraph separators,
// bidi embeddings/overrides and isolates, BOM/zero-width no-break space.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

/** A description of the first unsafe character in `text`, or null when the text is clean. */
export function findUnsafeCharacter(text: string): { readonly index: number; readonly codePoint: string } | null {
  const match = UNSAFE.exec(text);
  if (match === null) {
    return null;
  }
  const char = match[0];
  return { index: match.index, codePoint: `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

/** True when `text` contains a lone UTF-16 surrogate, which no real text has and some parsers choke on. */
export function hasLoneSurrogate(text: string): boolean {
  // Without the `u` flag the regex sees UTF-16 code units, so unpaired halves are visible.
  return LONE_SURROGATE.test(text);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

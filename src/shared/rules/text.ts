/**
 * The one rule for free text a person types and another person reads: the justification and
 * the ticket fields of an activation, text from help-desk links and machine configuration.
 *
 * Refused everywhere: C0 and C1 controls and DEL (line breaks and tabs only where a field is
 * multi-line), bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * directional marks (U+200E, U+200F, U+061C), every code point Unicode calls default-ignorable
 * (Default_Ignorable_Code_Point: zero-width characters, joiners, U+FEFF, U+00AD, the Hangul fillers
 * U+3164 and U+FFA0, the combining grapheme joiner U+034F, variation selectors such as U+FE0F,
 * tag characters U+E0000–U+E007F, …), every white-space character but the plain space
 * (White_Space: no-break and ideographic spaces, U+2000–U+200A, line and paragraph separators),
 * the Braille blank U+2800, the interlinear annotation characters U+FFF9–U+FFFB, and lone
 * surrogates. Why: the text is shown to an approver, a help desk or an auditor who trusts what they
 * read; a direction override can make "Global Administrator" display as something else ("Trojan
 * Source", CVE-2021-42574), and characters drawn as nothing or as a gap let a justification look
 * present while saying nothing. With them refused, `trim()` is an honest emptiness test.
 */

// Everything the rule refuses except the controls, which differ between one-line and multi-line fields: directional
// marks and formatting, every default-ignorable code point (tag characters included), the white space that is not
// a plain space or a control (U+0085 is a C1 control), the Braille blank and the interlinear annotation characters.
const INVISIBLE = String.raw`\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\p{Default_Ignorable_Code_Point}\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\ufff9-\ufffb`;
const UNSAFE = new RegExp(String.raw`[\u0000-\u001f\u007f-\u009f${INVISIBLE}]`, 'u');
// Tab (U+0009), line feed (U+000A) and carriage return (U+000D) are allowed here.
const UNSAFE_MULTILINE = new RegExp(String.raw`[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f${INVISIBLE}]`, 'u');
// Without the `u` flag the regex sees UTF-16 code units, so unpaired halves are visible.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PIM's own limit on a justification. */
export const JUSTIFICATION_MAX = 500;
/** Our bound on ticket number and ticket system (Graph stores short identifiers). */
export const TICKET_FIELD_MAX = 100;

/** The first character `text` may not contain, as `U+XXXX` with its position; null when clean. */
export function findUnsafeCharacter(
  text: string,
  options: { readonly multiline?: boolean } = {},
): { readonly index: number; readonly codePoint: string } | null {
  const match = (options.multiline === true ? UNSAFE_MULTILINE : UNSAFE).exec(text);
  if (match === null) {
    return null;
  }
  const code = match[0].codePointAt(0) ?? 0;
  return { index: match.index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
}

const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');
const UNSAFE_MULTILINE_ALL = new RegExp(UNSAFE_MULTILINE.source, 'gu');
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Text made safe to echo back to a person (an error message, a terminal, a diagnostics line): every character this
 * rule refuses becomes `replacement` (`?` unless told), and the text is cut after `max` characters with an ellipsis.
 * The one sanitiser for showing input back: a refusal must not itself rewrite a terminal line or flip the text's
 * direction.
 */
export function echoable(
  text: string,
  options: { readonly max?: number; readonly multiline?: boolean; readonly replacement?: string } = {},
): string {
  const replacement = options.replacement ?? '?';
  const max = options.max ?? Number.POSITIVE_INFINITY;
  // Cut first (never inside a surrogate pair), so the work is bounded by `max`, not by the input.
  let cut = text.length > max ? text.slice(0, max) : text;
  if (cut.length < text.length && /[\uD800-\uDBFF]$/.test(cut)) {
    cut = cut.slice(0, -1);
  }
  const clean = cut
    .replace(LONE_SURROGATE_ALL, replacement)
    .replace(options.multiline === true ? UNSAFE_MULTILINE_ALL : UNSAFE_ALL, replacement);
  return cut.length < text.length ? `${clean}…` : clean;
}

/** True when `text` contains a lone UTF-16 surrogate, which no real text has and some parsers choke on. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

export type TextField = {
  /** How the field is named to the person, e.g. "The reason". */
  readonly label: string;
  readonly max: number;
  /** Line breaks and tabs allowed (a justification typed in a text area). */
  readonly multiline?: boolean;
};

/**
 * The problem with a value for a free-text field, or null when it may be used. An empty value
 * is not a problem here (whether the field is required depends on the role's policy); a value
 * that is only white space counts as empty, and one made only of invisible characters is
 * refused for what it is.
 */
export function textProblem(value: string, field: TextField): string | null {
  if (value.length > field.max) {
    return `${field.label} is ${String(value.length)} characters long; at most ${String(field.max)} are allowed.`;
  }
  if (hasLoneSurrogate(value)) {
    return `${field.label} contains malformed Unicode; type it again as plain text.`;
  }
  const bad = findUnsafeCharacter(value, { multiline: field.multiline === true });
  if (bad !== null) {
    return `${field.label} contains the control or invisible character ${bad.codePoint} at position ${String(bad.index + 1)}; type it as plain text.`;
  }
  return null;
}

/** The activation's text fields, named as the app names them everywhere. */
export const ACTIVATION_TEXT_FIELDS = {
  justification: { label: 'The reason', max: JUSTIFICATION_MAX, multiline: true },
  ticketNumber: { label: 'The ticket number', max: TICKET_FIELD_MAX },
  ticketSystem: { label: 'The ticket system', max: TICKET_FIELD_MAX },
} as const satisfies Record<string, TextField>;

/**
 * Path patterns for the route tables: literal segments and `{name}` placeholders, each matching exactly one segment.
 *
 * Why segments and not regular expressions: a path is as long as a client makes it, and comparing a fixed number of
 * segments is linear in the path whatever it holds (see "Limits" in the simulated tenant's README).
 */

export type PathPattern = readonly string[];

/** `'a/{id}/b'` as a pattern. */
export function pathPattern(text: string): PathPattern {
  return text.split('/');
}

function placeholder(segment: string): string | null {
  return segment.length > 2 && segment.startsWith('{') && segment.endsWith('}') ? segment.slice(1, -1) : null;
}

/** Whether a pattern has placeholders (a pattern without any is matched by its text alone). */
export function hasPlaceholders(pattern: PathPattern): boolean {
  return pattern.some((segment) => placeholder(segment) !== null);
}

/** ASCII letters compared without case, everything else exactly (as a regular expression's `i` flag without `u` does). */
export function equalsIgnoringAsciiCase(left: string, right: string): boolean {
  if (left.length !== right.length) {
    return false;
  }
  for (let index = 0; index < left.length; index += 1) {
    if (asciiLower(left.charCodeAt(index)) !== asciiLower(right.charCodeAt(index))) {
      return false;
    }
  }
  return true;
}

function asciiLower(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

/**
 * The placeholders' values when `segments` match `pattern` (same count, every literal equal), otherwise null.
 * `ignoreCase` compares literals without regard to ASCII case (ARM paths).
 */
export function matchPath(pattern: PathPattern, segments: readonly string[], ignoreCase = false): Record<string, string> | null {
  if (pattern.length !== segments.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (const [index, literal] of pattern.entries()) {
    const segment = segments[index] ?? '';
    const name = placeholder(literal);
    if (name !== null) {
      params[name] = segment;
    } else if (ignoreCase ? !equalsIgnoringAsciiCase(literal, segment) : literal !== segment) {
      return null;
    }
  }
  return params;
}

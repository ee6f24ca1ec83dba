/**
 * Finds keys that appear twice in the same JSON object.
 *
 * Why: `JSON.parse` keeps the last of two equal keys, so `{"tenant":"a.com","locked":["tenant"],"tenant":"evil.com"}`
 * would quietly lock the second value, one a reviewer reading the top of the file never sees. A policy file must say
 * each thing once. This is a single left-to-right pass over text that `JSON.parse` already accepted (no recursion,
 * no backtracking); key text is compared after unescaping, so `"t\u0065nant"` and `"tenant"` are the same key.
 */

export type DuplicateKey = {
  /** The key as written after unescaping. */
  readonly key: string;
  /** Where it is, as segments from the root (object keys and array indexes). */
  readonly path: readonly (string | number)[];
};

type Frame =
  | { readonly kind: 'object'; readonly seen: Set<string>; key: string | null; expectKey: boolean }
  | { readonly kind: 'array'; index: number };

/** Duplicate keys of `text` (valid JSON), in the order found; at most `limit` of them. */
export function findDuplicateKeys(text: string, limit = 20): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const pathOf = (frames: readonly Frame[]): (string | number)[] =>
    frames.flatMap((frame): (string | number)[] => (frame.kind === 'array' ? [frame.index] : frame.key === null ? [] : [frame.key]));
  let i = 0;
  while (i < text.length && found.length < limit) {
    const char = text.charAt(i);
    const top = stack.at(-1);
    if (char === '"') {
      const end = endOfString(text, i);
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (top.seen.has(key)) {
          found.push({ key, path: [...pathOf(stack.slice(0, -1)), key] });
        }
        top.seen.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
      continue;
    }
    if (char === '{') {
      stack.push({ kind: 'object', seen: new Set(), key: null, expectKey: true });
    } else if (char === '[') {
      stack.push({ kind: 'array', index: 0 });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      if (top?.kind === 'object') {
        top.expectKey = true;
      } else if (top?.kind === 'array') {
        top.index += 1;
      }
    }
    i += 1;
  }
  return found;
}

/** Index just past the closing quote of the string starting at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '\\') {
      i += 2;
    } else if (char === '"') {
      return i + 1;
    } else {
      i += 1;
    }
  }
  return text.length;
}

/**
 * `JSON.parse` for every JSON input the app reads (configuration files, the control API, journals, claims): throws a
 * `SyntaxError` naming the first key set twice in one object, as for any other malformed JSON, instead of keeping
 * the last value silently.
 */
export function parseJsonStrict(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const [first] = findDuplicateKeys(text, 1);
  if (first !== undefined) {
    const shown = first.key.length > 60 ? `${first.key.slice(0, 60)}…` : first.key;
    throw new SyntaxError(`the key "${shown}" is set more than once in the same object (JSON readers disagree on which one wins)`);
  }
  return value;
}

/**
 * A small seeded PRNG (mulberry32) and generators of hostile values, so every random case is
 * reproducible: the seed is printed, and `BAD_INPUT_SEED=<n> npx vitest run test/unit/bad-input`
 * replays a run exactly.
 */

export type Rng = {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

const DEFAULT_SEED = 0x5eed_2026;

/** The seed for this run: `BAD_INPUT_SEED` when set, otherwise a fixed default (stable CI). */
export function runSeed(): number {
  const raw = process.env.BAD_INPUT_SEED;
  const parsed = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(parsed) ? parsed >>> 0 : DEFAULT_SEED;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number): number => Math.floor(next() * maxExclusive);
  return {
    seed,
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) {
        throw new Error('pick from an empty list');
      }
      return item;
    },
    chance: (p) => next() < p,
  };
}

/** Strings known to break parsers, logs and UIs. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\u0000\u0001\u0007\u001b[31m',
  '\r\n\r\nSet-Cookie: x=1',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '{"__proto__":{"polluted":true}}',
  '%',
  '%E0%A4%A',
  '%7B%22access_token%22%3A%7B',
  '%%32%65%%32%65',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u2066evil',
  'e\u0301\u0300\u0302\u0303',
  '😀'.repeat(50),
  '../../../../etc/passwd',
  '..\\..\\windows\\system32',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE roles; --",
  '${process.exit(1)}',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'A'.repeat(1000),
  'A'.repeat(70_000),
];

const ALPHABET = 'abcXYZ019 -_.:/?#[]@!$&\'()*+,;=%"{}\\<>`^|~\u0000\u001f\u007f\u00e9\u2028\u2029\ud83d\ude00\ufeff';

export function randomString(rng: Rng, maxLength = 64): string {
  if (rng.chance(0.25)) {
    return rng.pick(HOSTILE_STRINGS);
  }
  const length = rng.int(maxLength + 1);
  let out = '';
  for (let i = 0; i < length; i += 1) {
    out += rng.chance(0.1) ? String.fromCharCode(rng.int(0x10000)) : ALPHABET.charAt(rng.int(ALPHABET.length));
  }
  return out;
}

const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.NaN,
  Infinity,
  -Infinity,
  1e308,
  2 ** 53 + 1,
];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', ''];

/** A random JSON-like value (plus NaN/Infinity/undefined, which JSON cannot carry but IPC can). */
export function randomValue(rng: Rng, depth = 0): unknown {
  const kinds =
    depth > 4
      ? ['string', 'number', 'boolean', 'null', 'undefined']
      : ['string', 'number', 'boolean', 'null', 'undefined', 'array', 'object', 'object'];
  switch (rng.pick(kinds)) {
    case 'string':
      return randomString(rng);
    case 'number':
      return rng.chance(0.5) ? rng.pick(HOSTILE_NUMBERS) : (rng.next() - 0.5) * 10 ** rng.int(12);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'array':
      return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1));
    default: {
      // Built with defineProperty so `__proto__` becomes an own key, as JSON.parse would make it.
      const out: Record<string, unknown> = {};
      for (let i = rng.int(5); i > 0; i -= 1) {
        const key = rng.chance(0.3) ? rng.pick(HOSTILE_KEYS) : randomString(rng, 12);
        Object.defineProperty(out, key, { value: randomValue(rng, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels, built without recursion. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) {
    value = kind === 'array' ? [value] : { a: value };
  }
  return value;
}

/** Fails the test if anything was added to Object.prototype (prototype pollution). */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && probe.isAdmin === undefined && Object.keys(Object.prototype).length === 0;
}

/** Prints the seed once per file so a failure can be replayed. */
export function announceSeed(file: string, seed: number): void {
  console.log(`[bad-input] ${file}: seed ${String(seed)} (replay with BAD_INPUT_SEED=${String(seed)})`);
}

/** `JSON.stringify`, which returns undefined for `undefined` and functions despite its type. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  return typeof text === 'string' ? text : '';
}

/**
 * The request journal and the fault injector.
 *
 * Why: tests must prove what a client sent (e.g. that an activation POST was never sent twice) and how it copes with
 * throttling, outages, lost responses and broken bodies. The journal never stores tokens, codes, passwords or bodies.
 */
import type { FaultSpec, JournalEntry } from '../api-types';
import { parseFaultSpec } from './control-inputs';

const SECRET_PARAMETERS = new Set([
  'code',
  'refresh_token',
  'code_verifier',
  'password',
  'access_token',
  'id_token',
  'client_secret',
  'client_assertion',
]);
const MAX_ENTRIES = 20_000;

/** Removes secret parameters from a query string. */
export function sanitizeQuery(search: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const [name, value] of search) {
    kept.append(name, SECRET_PARAMETERS.has(name.toLowerCase()) ? '[redacted]' : value);
  }
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}

export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  record(entry: Omit<JournalEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ ...entry, seq: this.seq });
    if (this.entries.length > MAX_ENTRIES) {
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    }
  }

  list(): readonly JournalEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

type ActiveFault = { spec: FaultSpec; remaining: number | null; matcher: (path: string) => boolean };

/**
 * How a fault's `path` matches a request path: a substring, or anchored with a leading `^` (the path starts with it)
 * and/or a trailing `$` (the path ends with it). Why not a regular expression: the pattern comes from a request, and
 * a pattern such as `(a+)+$` takes exponential time on a crafted path.
 */
export function faultPathMatcher(pattern: string): (path: string) => boolean {
  const anchoredStart = pattern.startsWith('^');
  const anchoredEnd = pattern.length > (anchoredStart ? 1 : 0) && pattern.endsWith('$');
  const text = pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  if (anchoredStart && anchoredEnd) {
    return (path) => path === text;
  }
  if (anchoredStart) {
    return (path) => path.startsWith(text);
  }
  if (anchoredEnd) {
    return (path) => path.endsWith(text);
  }
  return (path) => path.includes(text);
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  /** Adds a fault after validating it (throws an {@link InputError} naming every problem). */
  add(input: unknown): void {
    const spec = parseFaultSpec(input);
    this.faults.push({ spec, remaining: spec.times === null ? null : (spec.times ?? 1), matcher: faultPathMatcher(spec.path) });
  }

  /** The first matching fault (consuming one use), or null. */
  take(surface: 'authority' | 'graph' | 'arm', method: string, path: string): FaultSpec | null {
    const found = this.faults.find(
      (fault) =>
        (fault.remaining === null || fault.remaining > 0) &&
        // Unset means the authority or Graph: ARM reuses Graph's collection names, so its faults name it explicitly.
        (fault.spec.surface === undefined ? surface !== 'arm' : fault.spec.surface === surface) &&
        (fault.spec.method === undefined || fault.spec.method.toUpperCase() === method.toUpperCase()) &&
        fault.matcher(path),
    );
    if (found === undefined) {
      return null;
    }
    if (found.remaining !== null) {
      found.remaining -= 1;
    }
    this.faults = this.faults.filter((fault) => fault.remaining === null || fault.remaining > 0);
    return found.spec;
  }

  clear(): void {
    this.faults = [];
  }
}

/**
 * The request journal and the fault injector.
 *
 * Why: tests must prove what a client sent (e.g. that an activation POST was never sent twice) and how it copes with
 * throttling, outages, lost responses and broken bodies. The journal never stores tokens, codes, passwords or bodies.
 */
import type { FaultSpec, JournalEntry } from '../api-types';
import { InputError, parseFaultSpec } from './control-inputs';

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
/**
 * The journal keeps the newest entries within both bounds. Why bytes too: a path or query can be 16 KB, so 20,000
 * entries could hold 300 MB (and `GET /journal` would have to send it); 8 MiB of text is about 25,000 ordinary entries.
 */
export const JOURNAL_LIMITS = Object.freeze({ entries: 20_000, bytes: 8 * 1_048_576 });

/** Roughly what an entry costs as JSON: its strings plus a fixed part for the numbers, names and nulls. */
function entryBytes(entry: JournalEntry): number {
  return (
    320 +
    entry.at.length +
    entry.method.length +
    entry.path.length +
    entry.query.length +
    (entry.requestId?.length ?? 0) +
    (entry.clientRequestId?.length ?? 0) +
    (entry.principalId?.length ?? 0) +
    (entry.batchItemId?.length ?? 0) +
    (entry.action?.length ?? 0)
  );
}

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
  /** Entries from `head` on are kept; the evicted prefix is cut off in one go once it is half the array. */
  private entries: { readonly entry: JournalEntry; readonly bytes: number }[] = [];
  private head = 0;
  private bytes = 0;
  private seq = 0;

  record(entry: Omit<JournalEntry, 'seq'>): void {
    this.seq += 1;
    const full = { ...entry, seq: this.seq };
    const size = entryBytes(full);
    this.entries.push({ entry: full, bytes: size });
    this.bytes += size;
    while (
      this.entries.length - this.head > JOURNAL_LIMITS.entries ||
      (this.bytes > JOURNAL_LIMITS.bytes && this.entries.length - this.head > 1)
    ) {
      this.bytes -= this.entries[this.head]?.bytes ?? 0;
      this.head += 1;
    }
    if (this.head > 1_024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  list(): readonly JournalEntry[] {
    return this.entries.slice(this.head).map((kept) => kept.entry);
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
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

/** Every request is matched against the active faults, so their number is bounded too. */
export const MAX_ACTIVE_FAULTS = 256;

export class FaultInjector {
  private faults: ActiveFault[] = [];

  /** Adds a fault after validating it (throws an {@link InputError} naming every problem). */
  add(input: unknown): void {
    const spec = parseFaultSpec(input);
    if (this.faults.length >= MAX_ACTIVE_FAULTS) {
      throw new InputError(`At most ${String(MAX_ACTIVE_FAULTS)} faults can be active at once; clear them first (DELETE /faults).`);
    }
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

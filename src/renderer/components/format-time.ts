/** The date an ISO value names, or null when there is none or it does not parse. */
function parseIso(iso: string | null): Date | null {
  if (iso === null) {
    return null;
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Local wall-clock time for people, e.g. `14:05`; the ISO value stays in a `dateTime` attribute. */
export function formatClock(iso: string | null): string {
  return parseIso(iso)?.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }) ?? 'unknown';
}

export function formatDateTime(iso: string | null): string {
  return parseIso(iso)?.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) ?? 'unknown';
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * When something ends, as a person reads it: the time alone within a day (`14:05`), with the
 * weekday and date beyond (`Tue 16 Dec, 22:52`), so "until 10:52 PM" never stands for ten days on.
 */
export function formatEnd(iso: string, leftMs: number): string {
  const date = parseIso(iso);
  if (date === null) {
    return 'unknown';
  }
  if (leftMs < DAY_MS) {
    return formatClock(iso);
  }
  const day = date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  return `${day}, ${formatClock(iso)}`;
}

/** How long is left in words: a countdown within a day, else whole days (`10 days`, `1 day 3 h`). */
export function formatLeft(leftMs: number, countdown: (ms: number) => string): string {
  if (leftMs < DAY_MS) {
    return `${countdown(leftMs)} left`;
  }
  const days = Math.floor(leftMs / DAY_MS);
  const hours = Math.floor((leftMs % DAY_MS) / 3_600_000);
  if (days >= 2) {
    return `${String(days)} days`;
  }
  return hours > 0 ? `1 day ${String(hours)} h` : '1 day';
}

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

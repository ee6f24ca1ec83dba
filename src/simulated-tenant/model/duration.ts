/**
 * ISO-8601 durations as PIM uses them (`PT8H`, `PT30M`, `P1D`, `PT1H30M`).
 *
 * Why our own parser: the policy's `maximumDuration` and the request's `expiration.duration` are compared in
 * milliseconds; years and months are not used by PIM and are refused rather than guessed.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO-8601 duration, or `null` when it is not a valid (non-empty) day/time duration. */
export function parseIsoDuration(text: string): number | null {
  const match = DURATION.exec(text.trim().toUpperCase());
  if (match === null || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) {
    return null;
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) {
    return null;
  }
  const value = (part: string | undefined): number => (part === undefined ? 0 : Number(part));
  return (
    value(weeks) * 7 * 86_400_000 +
    value(days) * 86_400_000 +
    value(hours) * 3_600_000 +
    value(minutes) * 60_000 +
    Math.round(value(seconds) * 1000)
  );
}

/** Formats milliseconds as a PIM-style duration (`PT1H30M`). */
export function formatIsoDuration(ms: number): string {
  const totalMinutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0 && minutes === 0) {
    return 'PT0M';
  }
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}`;
}

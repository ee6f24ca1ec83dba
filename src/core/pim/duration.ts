/**
 * ISO 8601 durations as PIM uses them (`PT8H`, `PT30M`, `P1D`): parse, compare, format.
 */

const ISO_DURATION = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds in an ISO 8601 duration, or null when it is not one (years and months are refused: their length varies). */
export function parseIsoDuration(text: string): number | null {
  const match = ISO_DURATION.exec(text.trim().toUpperCase());
  if (match === null) {
    return null;
  }
  const [, w, d, h, m, s] = match;
  const n = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
  return n(w) * 604800 + n(d) * 86400 + n(h) * 3600 + n(m) * 60 + n(s);
}

/** `PT2H30M` for 9000 seconds; days are written as hours because PIM policies speak in hours. */
export function toIsoDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (s === 0) {
    return 'PT0S';
  }
  return `PT${h > 0 ? `${String(h)}H` : ''}${m > 0 ? `${String(m)}M` : ''}${sec > 0 ? `${String(sec)}S` : ''}`;
}

/** "2 h 30 min", "45 min", "1 day 2 h" for people. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (days > 0) {
    parts.push(`${String(days)} day${days === 1 ? '' : 's'}`);
  }
  if (hours > 0) {
    parts.push(`${String(hours)} h`);
  }
  if (minutes > 0) {
    parts.push(`${String(minutes)} min`);
  }
  if (parts.length === 0) {
    parts.push(`${String(s)} s`);
  }
  return parts.join(' ');
}

/** Human form of an ISO duration, or the text itself when it cannot be parsed. */
export function describeIsoDuration(text: string): string {
  const seconds = parseIsoDuration(text);
  return seconds === null ? text : formatDuration(seconds);
}

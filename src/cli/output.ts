/**
 * The CLI's only doors to the terminal: results on stdout, progress and prompts on stderr.
 *
 * Kept in one module so the rest of the CLI (and the engine) never writes to the console, and
 * so tests can capture both streams by passing their own `CliIo`.
 */
import { displayWidth, fitWidth, padToWidth } from './display-width';

export type CliIo = {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal (progress lines are shorter when it is not). */
  readonly interactive: boolean;
};

export const consoleIo: CliIo = {
  out: (text) => {
    console.log(text);
  },
  err: (text) => {
    console.error(text);
  },
  interactive: process.stderr.isTTY,
};

/** The widest line a table may print: it must read in a 120-column terminal. */
export const TABLE_MAX_WIDTH = 120;
const GAP = 2;
const MIN_COLUMN = 8;

/**
 * A plain-text table with padded columns, at most `maxWidth` columns wide (measured as a terminal shows them, so CJK
 * and emoji names line up): when the cells would make it
 * wider, the widest column is narrowed first (its cells end in "…"), until it fits or every
 * column is down to its header or eight characters.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth = TABLE_MAX_WIDTH): string {
  const widths = fitWidths(
    headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? '')))),
    headers.map((h) => Math.max(displayWidth(h), MIN_COLUMN)),
    maxWidth,
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => padToWidth(fitWidth(c, widths[i] ?? 0), widths[i] ?? 0))
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function fitWidths(natural: readonly number[], floors: readonly number[], maxWidth: number): number[] {
  const widths = [...natural];
  const total = (): number => widths.reduce((sum, w) => sum + w, 0) + GAP * Math.max(0, widths.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > (floors[i] ?? MIN_COLUMN) && (widest === -1 || w > (widths[widest] ?? 0))) {
        widest = i;
      }
    });
    if (widest === -1) {
      break;
    }
    // Narrow the widest column down to the next widest at most, so the cut is shared between wide columns.
    const width = widths[widest] ?? 0;
    const next = Math.max(0, ...widths.filter((_, i) => i !== widest));
    const step = Math.max(1, Math.min(total() - maxWidth, width - next));
    widths[widest] = Math.max(floors[widest] ?? MIN_COLUMN, width - step);
  }
  return widths;
}

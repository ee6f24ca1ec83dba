/**
 * The CLI's only doors to the terminal: results on stdout, progress and prompts on stderr.
 *
 * Kept in one module so the rest of the CLI (and the engine) never writes to the console, and
 * so tests can capture both streams by passing their own `CliIo`.
 */
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

/** A plain-text table with padded columns. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

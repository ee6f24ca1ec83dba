/**
 * A table of hostile cases for a bad-input suite: each case is an `it` that records its row,
 * and the suite prints the table when it ends (input, what is expected, what happened).
 */
import { afterAll, it } from 'vitest';

type Row = { input: string; expected: string; result: 'handled' | 'FAILED' };

export function caseTable(title: string): { it(input: string, expected: string, run: () => void | Promise<void>): void } {
  const rows: Row[] = [];
  afterAll(() => {
    console.log(`\n${title}: ${String(rows.filter((r) => r.result === 'handled').length)} of ${String(rows.length)} handled as expected`);
    console.table(rows);
  });
  return {
    it(input, expected, run) {
      it(`${input}: ${expected}`, async () => {
        try {
          await run();
          rows.push({ input, expected, result: 'handled' });
        } catch (cause) {
          rows.push({ input, expected, result: 'FAILED' });
          throw cause;
        }
      });
    },
  };
}

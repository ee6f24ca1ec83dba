/**
 * The Electronegativity gate: it must pass on our sources and must fail on a deliberately
 * insecure fixture (proving the gate can fail at all, since the tool itself always exits 0).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type ScanReport = {
  filesScanned: number;
  checks: number;
  findings: { id: string; file: string }[];
  problems: string[];
};
type ScanModule = { scan: (dirs: string[], options?: { baselinePath?: string }) => Promise<ScanReport>; DEFAULT_INPUTS: string[] };

// The gate is a plain .mjs script so CI and developers can run it directly.
const gateScript = '../../../scripts/security-scan.mjs';
const { scan, DEFAULT_INPUTS } = (await import(gateScript)) as ScanModule;

describe('static security scan', () => {
  it('passes on the main, preload and renderer page sources', async () => {
    const report = await scan(DEFAULT_INPUTS);
    expect(report.filesScanned).toBeGreaterThan(5);
    expect(report.checks).toBeGreaterThan(30);
    expect(report.problems).toEqual([]);
  }, 60_000);

  it('fails on an insecure window, including in a .mts file the tool would skip', async () => {
    const report = await scan(['test/fixtures/insecure-electron']);
    const ids = report.findings.map((f) => f.id);
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(ids).toContain('WEB_SECURITY_JS_CHECK');
    expect(report.findings.some((f) => f.file.endsWith('bad-window.js'))).toBe(true);
    expect(report.problems.length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a baseline entry without a justification', async () => {
    const baselinePath = join(mkdtempSync(join(tmpdir(), 'pim-baseline-')), 'baseline.json');
    writeFileSync(
      baselinePath,
      JSON.stringify([{ id: 'CONTEXT_ISOLATION_JS_CHECK', file: 'test/fixtures/insecure-electron/bad-window.js', justification: 'ok' }]),
    );
    const report = await scan(['test/fixtures/insecure-electron'], { baselinePath });
    expect(report.problems.some((p) => p.includes('no real justification'))).toBe(true);
  }, 60_000);

  it('refuses a scan that read nothing', async () => {
    const report = await scan(['does/not/exist']);
    expect(report.filesScanned).toBe(0);
    expect(report.problems).toContain('The scan read no files under does/not/exist.');
  }, 60_000);
});

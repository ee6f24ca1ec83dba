/**
 * Electron supports only its latest three stable majors; an unpinned install on Node 20
 * silently picks an unsupported one. This gate proves the pin is exact and installed. Whether
 * the major is still supported needs the npm registry, so that check is a script outside the
 * unit suite: `node scripts/check-electron-support.mjs`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
const installed = (JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }).version;

describe('Electron version', () => {
  it('is pinned exactly and installed at that version', () => {
    const pinned = pkg.devDependencies.electron;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });
});

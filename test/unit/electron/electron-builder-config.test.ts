/**
 * docs/security.md, row 11: the packager config is valid for electron-builder
 * 26 (checked with electron-builder's own loader and schema validator, as `npm run dist`
 * would), flips every release fuse, and names icons that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(ROOT, 'electron-builder.yml', null);
});

describe('electron-builder.yml', () => {
  // Compiling electron-builder's schema takes about 5 s on a loaded 2-core machine: a generous bound, not a speed check.
  it("passes electron-builder's own schema validation", { timeout: 60_000 }, async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validator would catch a misspelt fuse (so the check above means something)', async () => {
    const broken = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('names the app', () => {
    expect(config.appId).toBe('com.pimstepup.app');
    expect(config.productName).toBe('PIM Step-Up');
  });

  it.each([
    ['runAsNode', false],
    ['enableCookieEncryption', true],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['grantFileProtocolExtraPrivileges', false],
  ] as const)('release fuse %s is %s', (fuse, value) => {
    expect(config.electronFuses?.[fuse]).toBe(value);
  });

  it('packages only the build output, in an asar, and writes installers outside dist/', () => {
    expect(config.asar).toBe(true);
    // getConfig normalises `files` to file sets; either form lists the same patterns.
    const patterns = [config.files ?? []].flat().flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
    expect(patterns).toEqual(['dist/**', 'package.json']);
    expect(config.directories?.output).toBe('release');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))).toMatchObject({ main: 'dist/main/index.js' });
  });

  it('targets NSIS + MSI, a hardened-runtime dmg, AppImage + deb', () => {
    expect(config.win?.target).toEqual(['nsis', 'msi']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('registers the pim-stepup:// deep-link scheme', () => {
    const protocols = [config.protocols ?? []].flat();
    expect(protocols.flatMap((p) => p.schemes)).toEqual(['pim-stepup']);
  });

  it('points at icon files that exist, in the sizes the packagers need', () => {
    expect(existsSync(join(ROOT, config.win?.icon ?? 'missing'))).toBe(true);
    expect(existsSync(join(ROOT, config.mac?.icon ?? 'missing'))).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(existsSync(join(ROOT, config.linux?.icon ?? 'missing', `${String(size)}x${String(size)}.png`)), `${String(size)}px`).toBe(
        true,
      );
    }
    const ico = readFileSync(join(ROOT, 'assets/icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0); // ICONDIR reserved
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5); // images: 16…256
    expect(readFileSync(join(ROOT, 'assets/icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns');
  });
});

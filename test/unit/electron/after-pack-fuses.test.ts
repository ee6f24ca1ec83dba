/**
 * The afterPack hook (scripts/after-pack.mjs): every fuse of the packaged binary ends at a decided
 * value, flipped by @electron/fuses 2.x with `strictlyRequireAllFuses` really on, and an Electron
 * upgrade cannot add a fuse nobody decided. No Electron binary exists here, so the real @electron/fuses flips a
 * stand-in file that carries a fuse wire exactly as an Electron binary does (sentinel, wire
 * version, wire length, one byte per fuse). The packaged binary itself is read back by
 * test/e2e/electron/packaged.spec.ts on the workstation CI runners.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import { readFileSync as readText } from 'node:fs';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import type { FuseConfig } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type FuseSettings = Readonly<Record<string, unknown>>;
type AfterPackContext = {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly packager: {
    readonly executableName: string;
    readonly appInfo: { readonly productFilename: string };
    readonly config: { readonly electronFuses?: FuseSettings | null };
    addElectronFuses(context: unknown, fuses: FuseConfig): Promise<number>;
  };
};
type HookModule = {
  default: (context: AfterPackContext, ports?: { flip?: typeof flipFuses }) => Promise<void>;
  strictFuseConfig: (electronFuses: FuseSettings | null | undefined) => FuseConfig & Record<number, boolean>;
  FUSES_BEYOND_BUILDER: Readonly<Record<string, { readonly enabled: boolean }>>;
  FUSES_REVIEWED_FOR_ELECTRON_MAJOR: number;
};

/** The marker Electron puts before its fuse wire (electron/electron build/fuses; @electron/fuses keeps it unexported). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

// The hook is a plain .mjs module because electron-builder loads it directly.
const hookScript = '../../../scripts/after-pack.mjs';
const hook = (await import(hookScript)) as HookModule;

const ROOT = process.cwd();
let config: Configuration;
let dir = '';

beforeAll(async () => {
  config = await getConfig(ROOT, 'electron-builder.yml', null);
  dir = mkdtempSync(join(tmpdir(), 'pim-fuses-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const KNOWN_FUSES = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));

/** A file laid out like an Electron binary around its fuse wire: sentinel, version, length, one byte per fuse. */
function standInBinary(name: string, states: readonly number[]): string {
  const path = join(dir, name);
  const padding = Buffer.alloc(4096, 0x90);
  const wire = Buffer.concat([Buffer.from(SENTINEL, 'latin1'), Buffer.from([Number(FuseVersion.V1), states.length]), Buffer.from(states)]);
  writeFileSync(path, Buffer.concat([padding, wire, padding]));
  return path;
}

/** Electron's factory wire of `length` fuses, every one enabled, as Electron ships its development binary. */
const factoryWire = (length: number): number[] => Array.from({ length }, () => FuseState.ENABLE);

/** The context electron-builder passes: a Linux app folder holding the stand-in as its executable. */
function packContext(binaryName: string): AfterPackContext {
  return {
    appOutDir: dir,
    electronPlatformName: 'linux',
    packager: {
      executableName: binaryName,
      appInfo: { productFilename: 'PIM Step-Up' },
      config: { electronFuses: config.electronFuses as FuseSettings },
      addElectronFuses: () => Promise.reject(new Error('the hook flips with its own @electron/fuses, not electron-builder’s')),
    },
  };
}

/** The real flipFuses, recording the config it was given. */
function recordingFlip(flips: FuseConfig[]): typeof flipFuses {
  return (path, fuses) => {
    flips.push(fuses);
    return flipFuses(path, fuses);
  };
}

describe('afterPack fuse hook', () => {
  it('is the afterPack hook electron-builder.yml names', () => {
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
  });

  it('builds a strict config that decides every fuse the installed @electron/fuses knows, from electron-builder.yml', () => {
    const strict = hook.strictFuseConfig(config.electronFuses as FuseSettings);
    expect(strict.strictlyRequireAllFuses).toBe(true);
    expect(strict.version).toBe(FuseVersion.V1);
    expect(strict.resetAdHocDarwinSignature).toBe(true);
    const undecided = KNOWN_FUSES.filter((name) => typeof strict[FuseV1Options[name as keyof typeof FuseV1Options]] !== 'boolean');
    expect(undecided).toEqual([]);
    expect(strict[FuseV1Options.RunAsNode]).toBe(false);
    expect(strict[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(strict[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('refuses a configuration that leaves a known fuse undecided, naming it', () => {
    const partial = Object.fromEntries(
      Object.entries(config.electronFuses as FuseSettings).filter(([key]) => key !== 'grantFileProtocolExtraPrivileges'),
    );
    expect(() => hook.strictFuseConfig(partial)).toThrow(/missing: grantFileProtocolExtraPrivileges/);
    expect(() => hook.strictFuseConfig(null)).toThrow(/missing: runAsNode/);
  });

  it('refuses a key that names no fuse (a typo would otherwise be silently ignored)', () => {
    expect(() => hook.strictFuseConfig({ ...(config.electronFuses as FuseSettings), runAsnode: false })).toThrow(/runAsnode/);
  });

  it('flips a wire the library fully knows to exactly the release settings, with strictlyRequireAllFuses', async () => {
    standInBinary('electron-known', factoryWire(KNOWN_FUSES.length));
    const flips: FuseConfig[] = [];
    await hook.default(packContext('electron-known'), { flip: recordingFlip(flips) });
    expect(flips.map((f) => f.strictlyRequireAllFuses)).toEqual([true]);
    const wire = await getCurrentFuseWire(join(dir, 'electron-known'));
    const settings: Record<string, unknown> = { ...(config.electronFuses as FuseSettings) };
    for (const [key, fuse] of Object.entries(hook.FUSES_BEYOND_BUILDER)) {
      settings[key] ??= fuse.enabled;
    }
    for (const name of KNOWN_FUSES) {
      const key = name.charAt(0).toLowerCase() + name.slice(1);
      expect(wire[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(
        settings[key] === true ? FuseState.ENABLE : FuseState.DISABLE,
      );
    }
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  });

  it('uses @electron/fuses 2.x, which names every fuse of Electron 45 (WasmTrapHandlers included), so strict mode is really on', () => {
    const installed = JSON.parse(readText(join(ROOT, 'node_modules', '@electron', 'fuses', 'package.json'), 'utf8')) as { version: string };
    expect(Number(installed.version.split('.')[0])).toBeGreaterThanOrEqual(2);
    expect(KNOWN_FUSES).toContain('WasmTrapHandlers');
    expect(hook.strictFuseConfig(config.electronFuses as FuseSettings)[FuseV1Options.WasmTrapHandlers]).toBe(true);
  });

  it('the library itself refuses, in strict mode, a wire longer than the config (the guard is not only ours)', async () => {
    const binary = standInBinary('electron-strict', factoryWire(KNOWN_FUSES.length + 1));
    const strict = hook.strictFuseConfig(config.electronFuses as FuseSettings);
    await expect(flipFuses(binary, strict)).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  // An Electron upgrade can add a fuse; no Electron binary exists here to count them, so the major the fuses were
  // reviewed for is recorded in the hook and must match the pinned Electron (packaged builds are also checked above).
  it('fails when Electron moves to a major whose fuses nobody reviewed', () => {
    const pkg = JSON.parse(readText(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const pinnedMajor = Number((pkg.devDependencies.electron ?? '').split('.')[0]);
    expect(
      pinnedMajor,
      `Electron ${String(pinnedMajor)}: review its fuses (docs: "fuses"), decide any new one in electron-builder.yml or scripts/after-pack.mjs, then set FUSES_REVIEWED_FOR_ELECTRON_MAJOR`,
    ).toBe(hook.FUSES_REVIEWED_FOR_ELECTRON_MAJOR);
  });

  it('stops packaging, saying what to do, when the binary has a fuse nobody decided; the binary is left untouched', async () => {
    const length = KNOWN_FUSES.length + 1;
    const binary = standInBinary('electron-future', factoryWire(length));
    const before = readFileSync(binary);
    await expect(hook.default(packContext('electron-future'))).rejects.toThrow(
      new RegExp(`fuse ${String(length - 1)} of the Electron binary is decided nowhere: upgrade @electron/fuses`),
    );
    expect(readFileSync(binary).equals(before)).toBe(true);
  });

  it('without the hook, electron-builder’s non-strict flip would leave such a fuse at its default (why the hook exists)', async () => {
    const binary = standInBinary('electron-lenient', factoryWire(KNOWN_FUSES.length + 2));
    const lenient = { ...hook.strictFuseConfig(config.electronFuses as FuseSettings), strictlyRequireAllFuses: false } as FuseConfig;
    await flipFuses(binary, lenient);
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    expect(wire[KNOWN_FUSES.length + 1]).toBe(FuseState.ENABLE);
  });
});

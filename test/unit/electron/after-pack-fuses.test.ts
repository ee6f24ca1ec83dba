/**
 * The afterPack hook (scripts/after-pack.mjs): every fuse of the packaged binary ends at a decided
 * value, through the library's `strictlyRequireAllFuses` when it knows the whole wire, and through the
 * hook's own check for positions it cannot name (Electron's ninth fuse, WasmTrapHandlers, is unknown
 * to @electron/fuses 1.8). No Electron binary exists here, so the real @electron/fuses flips a
 * stand-in file that carries a fuse wire exactly as an Electron binary does (sentinel, wire
 * version, wire length, one byte per fuse). The packaged binary itself is read back by
 * test/e2e/electron/packaged.spec.ts on the workstation CI runners.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import type { FuseConfig } from '@electron/fuses';
// FuseState and SENTINEL are not re-exported by the package index (1.8).
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants';
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
  default: (context: AfterPackContext) => Promise<void>;
  strictFuseConfig: (electronFuses: FuseSettings | null | undefined) => FuseConfig & Record<number, boolean>;
  FUSES_BEYOND_BUILDER: Readonly<Record<string, { readonly wireIndex: number; readonly enabled: boolean }>>;
};

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
/** Whether the installed @electron/fuses can name Electron's ninth fuse itself (2.x can, 1.8 cannot). */
const LIBRARY_NAMES_WASM_TRAP = KNOWN_FUSES.includes('WasmTrapHandlers');

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

/**
 * The context electron-builder passes: a Linux app folder holding the stand-in as its executable, and a
 * packager whose addElectronFuses flips it with the real @electron/fuses, as electron-builder's does.
 */
function packContext(binaryName: string, flips: FuseConfig[] = []): AfterPackContext {
  return {
    appOutDir: dir,
    electronPlatformName: 'linux',
    packager: {
      executableName: binaryName,
      appInfo: { productFilename: 'PIM Step-Up' },
      config: { electronFuses: config.electronFuses as FuseSettings },
      addElectronFuses: (_context, fuses) => {
        flips.push(fuses);
        return flipFuses(join(dir, binaryName), fuses);
      },
    },
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
    await hook.default(packContext('electron-known', flips));
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

  it.skipIf(LIBRARY_NAMES_WASM_TRAP)(
    "accepts Electron's ninth fuse (WasmTrapHandlers), which this @electron/fuses cannot name, when it is at the decided value",
    async () => {
      standInBinary('electron-9', factoryWire(9));
      const flips: FuseConfig[] = [];
      await hook.default(packContext('electron-9', flips));
      const wire = (await getCurrentFuseWire(join(dir, 'electron-9'))) as unknown as Record<number, number>;
      expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
      expect(wire[8]).toBe(FuseState.ENABLE);
      // The library's strict mode would refuse the longer wire outright; the hook checked position 8 itself.
      expect(flips.map((f) => f.strictlyRequireAllFuses)).toEqual([false]);
    },
  );

  it.skipIf(LIBRARY_NAMES_WASM_TRAP)('stops packaging when that fuse is not at its decided value and cannot be flipped here', async () => {
    const binary = standInBinary('electron-9-off', [...factoryWire(8), FuseState.DISABLE]);
    const before = readFileSync(binary);
    await expect(hook.default(packContext('electron-9-off'))).rejects.toThrow(
      /fuse 8 \(wasmTrapHandlers\) must be enabled and the installed @electron\/fuses cannot flip it: upgrade @electron\/fuses/,
    );
    expect(readFileSync(binary).equals(before)).toBe(true);
  });

  it('stops packaging, saying what to do, when the binary has a fuse nobody decided; the binary is left untouched', async () => {
    const length = Math.max(KNOWN_FUSES.length, ...Object.values(hook.FUSES_BEYOND_BUILDER).map((f) => f.wireIndex + 1)) + 1;
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

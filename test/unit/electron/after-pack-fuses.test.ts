/**
 * The afterPack hook (scripts/after-pack.mjs) that flips the release fuses with
 * `strictlyRequireAllFuses`. No Electron binary exists here, so the real @electron/fuses flips a
 * stand-in file that carries a fuse wire exactly as an Electron binary does (sentinel, wire
 * version, wire length, one byte per fuse). The packaged binary itself is read back by
 * test/e2e/electron/packaged.spec.ts on the CI runners.
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

type FuseSettings = Readonly<Record<string, boolean | undefined>>;
type AfterPackContext = {
  readonly packager: {
    readonly config: { readonly electronFuses?: FuseSettings | null };
    addElectronFuses(context: unknown, fuses: FuseConfig): Promise<number>;
  };
};
type HookModule = {
  default: (context: AfterPackContext) => Promise<void>;
  strictFuseConfig: (electronFuses: FuseSettings | null | undefined) => FuseConfig & Record<number, boolean>;
  knownFuseNames: () => string[];
  FUSES_BEYOND_BUILDER: FuseSettings;
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

/** A file laid out like an Electron binary around its fuse wire, every fuse at Electron's factory state ('1'). */
function standInBinary(name: string, wireLength: number): string {
  const path = join(dir, name);
  const padding = Buffer.alloc(4096, 0x90);
  const wire = Buffer.concat([
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([Number(FuseVersion.V1), wireLength]),
    Buffer.alloc(wireLength, 0x31),
  ]);
  writeFileSync(path, Buffer.concat([padding, wire, padding]));
  return path;
}

/** A context whose packager flips the stand-in with the real @electron/fuses, as electron-builder's addElectronFuses does. */
function contextFlipping(binary: string, electronFuses: FuseSettings | null | undefined): AfterPackContext {
  return {
    packager: {
      config: { electronFuses: electronFuses ?? null },
      addElectronFuses: (_context, fuses) => flipFuses(binary, fuses),
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
    const decided = KNOWN_FUSES.map((name) => [name, strict[FuseV1Options[name as keyof typeof FuseV1Options]]]);
    expect(decided.filter(([, value]) => typeof value !== 'boolean')).toEqual([]);
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

  it('flips a stand-in wire to exactly the release settings, read back with getCurrentFuseWire', async () => {
    const binary = standInBinary('electron-known', KNOWN_FUSES.length);
    await hook.default(contextFlipping(binary, config.electronFuses as FuseSettings));
    const wire = await getCurrentFuseWire(binary);
    const settings = { ...hook.FUSES_BEYOND_BUILDER, ...(config.electronFuses as FuseSettings) };
    for (const name of KNOWN_FUSES) {
      const key = name.charAt(0).toLowerCase() + name.slice(1);
      const expected = settings[key] === true ? FuseState.ENABLE : FuseState.DISABLE;
      expect(wire[FuseV1Options[name as keyof typeof FuseV1Options]], name).toBe(expected);
    }
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  });

  it('fails packaging, saying what to upgrade, when the binary has a fuse @electron/fuses cannot name', async () => {
    const binary = standInBinary('electron-newer', KNOWN_FUSES.length + 1);
    const before = readFileSync(binary);
    await expect(hook.default(contextFlipping(binary, config.electronFuses as FuseSettings))).rejects.toThrow(
      new RegExp(
        `has ${String(KNOWN_FUSES.length + 1)} fuses; the installed @electron/fuses names only ${String(KNOWN_FUSES.length)}\\. Upgrade @electron/fuses`,
      ),
    );
    // Nothing was written: the binary keeps its factory wire rather than a half-flipped one.
    expect(readFileSync(binary).equals(before)).toBe(true);
  });

  it('without the hook, electron-builder’s non-strict flip would leave that extra fuse at its default (why the hook exists)', async () => {
    const binary = standInBinary('electron-lenient', KNOWN_FUSES.length + 1);
    const lenient = { ...hook.strictFuseConfig(config.electronFuses as FuseSettings), strictlyRequireAllFuses: false } as FuseConfig;
    await flipFuses(binary, lenient);
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    expect(wire[KNOWN_FUSES.length]).toBe(FuseState.ENABLE);
  });
});

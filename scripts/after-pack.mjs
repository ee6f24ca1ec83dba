// electron-builder afterPack hook: every fuse of the packaged Electron binary ends at a decided value.
//
// electron-builder flips the fuses named in electron-builder.yml (`electronFuses`) but leaves any fuse
// it does not know at Electron's default. A fuse added by an Electron upgrade must be a decision, not
// an inherited default, so this hook runs before electron-builder's own (identical, non-strict) flip
// and before signing, and fails packaging when:
//   - electron-builder.yml does not decide a fuse the installed @electron/fuses knows, or names one it
//     does not know;
//   - the binary's fuse wire holds a fuse nobody decided (not in electron-builder.yml, not below);
//   - a decided fuse the installed @electron/fuses cannot flip is not already at its decided value.
// When the installed @electron/fuses can name every fuse of the wire, the flip itself runs with
// `strictlyRequireAllFuses: true`. The values live in electron-builder.yml; only fuses electron-builder's
// schema cannot hold are decided below. docs/security.md (row 11) lists the tests that read them back.
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/**
 * Fuses newer than electron-builder 26's `electronFuses` schema (it rejects unknown keys there), by
 * @electron/fuses name and Electron's wire position.
 */
export const FUSES_BEYOND_BUILDER = Object.freeze({
  // Electron's default: V8 traps out-of-bounds WebAssembly memory accesses with signal handlers.
  // Turning it off buys nothing for an app that runs no untrusted WebAssembly, and costs speed.
  wasmTrapHandlers: { wireIndex: 8, enabled: true },
});

/** Keys of `electronFuses` that configure the flip itself rather than a fuse. */
const FLIP_OPTIONS = new Set(['resetAdHocDarwinSignature']);

/** Fuse states on the wire (@electron/fuses' FuseState, which its 1.8 index does not export). */
const STATE = Object.freeze({ DISABLE: 48, ENABLE: 49, REMOVED: 114 });

/** Fuse names the installed @electron/fuses knows, in wire order (the enum's string members). */
export function knownFuseNames(options = FuseV1Options) {
  return Object.keys(options)
    .filter((key) => Number.isNaN(Number(key)))
    .sort((a, b) => options[a] - options[b]);
}

/** electron-builder's key for a fuse: the fuse name with a lower-case first letter (RunAsNode → runAsNode). */
export function builderKey(fuseName) {
  return fuseName.charAt(0).toLowerCase() + fuseName.slice(1);
}

/** Every decision: electron-builder.yml's `electronFuses` over the ones decided here, as key → boolean. */
function decisions(electronFuses) {
  const beyond = Object.fromEntries(Object.entries(FUSES_BEYOND_BUILDER).map(([key, fuse]) => [key, fuse.enabled]));
  return { ...beyond, ...(electronFuses ?? {}) };
}

/**
 * The @electron/fuses V1 config for electron-builder.yml's `electronFuses`: every fuse the installed
 * library knows decided, `strictlyRequireAllFuses: true`. Throws (before any binary is touched) when a
 * fuse is undecided or a key names no fuse.
 */
export function strictFuseConfig(electronFuses, options = FuseV1Options) {
  const settings = decisions(electronFuses);
  const names = knownFuseNames(options);
  const knownKeys = new Set(names.map(builderKey));
  const unknown = Object.keys(settings).filter((key) => !knownKeys.has(key) && !FLIP_OPTIONS.has(key) && !(key in FUSES_BEYOND_BUILDER));
  if (unknown.length > 0) {
    throw new Error(`electron-builder.yml electronFuses names no fuse the installed @electron/fuses knows: ${unknown.join(', ')}.`);
  }
  const config = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: settings.resetAdHocDarwinSignature === true,
  };
  const undecided = [];
  for (const name of names) {
    const value = settings[builderKey(name)];
    if (typeof value !== 'boolean') {
      undecided.push(builderKey(name));
      continue;
    }
    config[options[name]] = value;
  }
  if (undecided.length > 0) {
    throw new Error(
      `electron-builder.yml electronFuses must decide every fuse (strictlyRequireAllFuses); missing: ${undecided.join(', ')}.`,
    );
  }
  return config;
}

/**
 * Problems with the wire positions the installed @electron/fuses cannot name: undecided fuses, and
 * decided ones not at their value (this library cannot flip them). `wire` maps position → state.
 */
export function fusesBeyondLibrary(wire, knownCount) {
  const byIndex = new Map(Object.entries(FUSES_BEYOND_BUILDER).map(([key, fuse]) => [fuse.wireIndex, { key, ...fuse }]));
  const problems = [];
  const positions = Object.keys(wire)
    .map(Number)
    .filter((index) => Number.isInteger(index) && index >= knownCount)
    .sort((a, b) => a - b);
  for (const index of positions) {
    const decided = byIndex.get(index);
    const state = wire[index];
    if (decided === undefined) {
      problems.push(
        `fuse ${String(index)} of the Electron binary is decided nowhere: upgrade @electron/fuses so it can name it, then decide it in electron-builder.yml (or in scripts/after-pack.mjs when electron-builder has no key for it)`,
      );
    } else if (state !== STATE.REMOVED && state !== (decided.enabled ? STATE.ENABLE : STATE.DISABLE)) {
      problems.push(
        `fuse ${String(index)} (${decided.key}) must be ${decided.enabled ? 'enabled' : 'disabled'} and the installed @electron/fuses cannot flip it: upgrade @electron/fuses`,
      );
    }
  }
  return problems;
}

/** Where electron-builder keeps the packaged executable (as its own `addElectronFuses` finds it). */
export function packagedExecutable(context) {
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[context.electronPlatformName] ?? '';
  const name = context.electronPlatformName === 'linux' ? context.packager.executableName : context.packager.appInfo.productFilename;
  return join(context.appOutDir, `${name}${ext}`);
}

/** The hook. `context.packager.addElectronFuses` is electron-builder's own way to flip the packaged executable. */
export default async function afterPack(context) {
  const config = strictFuseConfig(context.packager.config.electronFuses);
  const knownCount = knownFuseNames().length;
  const wire = await getCurrentFuseWire(packagedExecutable(context));
  const problems = fusesBeyondLibrary(wire, knownCount);
  if (problems.length > 0) {
    throw new Error(`Packaging stopped: ${problems.join('; ')}.`);
  }
  const wireLength = Object.keys(wire).filter((key) => Number.isInteger(Number(key))).length;
  // A longer wire than the library knows has just been checked position by position above; the library's
  // own strict mode would refuse it outright, so it checks only the positions it can name.
  await context.packager.addElectronFuses(context, wireLength > knownCount ? { ...config, strictlyRequireAllFuses: false } : config);
}

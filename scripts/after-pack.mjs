// electron-builder afterPack hook: every fuse of the packaged Electron binary ends at a decided value.
//
// electron-builder flips the fuses named in electron-builder.yml (`electronFuses`) with its own, older
// @electron/fuses and without strict mode, leaving any fuse it does not know at Electron's default. A fuse
// added by an Electron upgrade must be a decision, not an inherited default, so this hook runs before
// electron-builder's own (identical) flip and before signing, and flips every fuse itself with the
// project's @electron/fuses 2.x and `strictlyRequireAllFuses: true`. It fails packaging, leaving the
// binary untouched, when:
//   - electron-builder.yml does not decide a fuse the installed @electron/fuses knows, or names one it
//     does not know;
//   - the binary's fuse wire is longer than the fuses decided here (an Electron upgrade added one).
// The values live in electron-builder.yml; only fuses electron-builder's schema cannot hold are decided
// below. docs/security.md (row 11) lists the tests that read them back.
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/**
 * The Electron major whose fuse wire was last reviewed (every fuse decided above or in electron-builder.yml).
 * test/unit/electron/after-pack-fuses.test.ts fails when package.json moves Electron to another major, so an
 * upgrade cannot ship a fuse nobody decided: review Electron's fuse list, decide any new fuse, then raise this.
 */
export const FUSES_REVIEWED_FOR_ELECTRON_MAJOR = 45;

/**
 * Fuses newer than electron-builder 26's `electronFuses` schema (it rejects unknown keys there), by
 * @electron/fuses name.
 */
export const FUSES_BEYOND_BUILDER = Object.freeze({
  // Electron's default: V8 traps out-of-bounds WebAssembly memory accesses with signal handlers.
  // Turning it off buys nothing for an app that runs no untrusted WebAssembly, and costs speed.
  wasmTrapHandlers: { enabled: true },
});

/** Keys of `electronFuses` that configure the flip itself rather than a fuse. */
const FLIP_OPTIONS = new Set(['resetAdHocDarwinSignature']);

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
  const unknown = Object.keys(settings).filter((key) => !knownKeys.has(key) && !FLIP_OPTIONS.has(key));
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

/** Where electron-builder keeps the packaged executable (as its own `addElectronFuses` finds it). */
export function packagedExecutable(context) {
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[context.electronPlatformName] ?? '';
  const name = context.electronPlatformName === 'linux' ? context.packager.executableName : context.packager.appInfo.productFilename;
  return join(context.appOutDir, `${name}${ext}`);
}

/**
 * The hook: checks the binary's wire against the decisions, then flips every fuse strictly. `flip` and
 * `readWire` are @electron/fuses' own (tests pass them through unchanged to watch the config).
 */
export default async function afterPack(context, { flip = flipFuses, readWire = getCurrentFuseWire } = {}) {
  const config = strictFuseConfig(context.packager.config.electronFuses);
  const executable = packagedExecutable(context);
  const knownCount = knownFuseNames().length;
  const wire = await readWire(executable);
  const positions = Object.keys(wire)
    .map(Number)
    .filter((index) => Number.isInteger(index));
  const undecided = positions.filter((index) => index >= knownCount).sort((a, b) => a - b);
  if (undecided.length > 0) {
    throw new Error(
      `Packaging stopped: ${undecided
        .map(
          (index) =>
            `fuse ${String(index)} of the Electron binary is decided nowhere: upgrade @electron/fuses so it can name it, then decide it in electron-builder.yml (or in scripts/after-pack.mjs when electron-builder has no key for it)`,
        )
        .join('; ')}.`,
    );
  }
  await flip(executable, config);
}

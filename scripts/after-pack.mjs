// electron-builder afterPack hook: flips the release fuses with `strictlyRequireAllFuses`.
//
// electron-builder flips the fuses named in electron-builder.yml (`electronFuses`) but leaves any fuse
// it does not know at Electron's default. A fuse added by an Electron upgrade must be a decision, not
// an inherited default, so this hook flips every fuse of the binary's wire strictly, before
// electron-builder's own (identical, non-strict) flip and before signing. Packaging fails when:
//   - electron-builder.yml does not decide a fuse the installed @electron/fuses knows, or names one it
//     does not know;
//   - the Electron binary carries more fuses than the installed @electron/fuses can name (upgrade
//     @electron/fuses, then decide the new fuse here or in electron-builder.yml).
// The values live in electron-builder.yml; only fuses electron-builder's schema cannot hold are
// decided below. docs/security.md lists the fuses and the tests that read them back.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * Fuses newer than electron-builder 26's `electronFuses` schema (it rejects unknown keys there).
 * Applied only when the installed @electron/fuses can name them.
 */
export const FUSES_BEYOND_BUILDER = Object.freeze({
  // Electron's default: V8 traps out-of-bounds WebAssembly memory accesses with signal handlers.
  // Turning it off buys nothing for an app that runs no untrusted WebAssembly, and costs speed.
  wasmTrapHandlers: true,
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

/**
 * The strict @electron/fuses V1 config for electron-builder.yml's `electronFuses`: every known fuse
 * decided, `strictlyRequireAllFuses: true`. Throws (before any binary is touched) when a fuse is
 * undecided or a key names no fuse.
 */
export function strictFuseConfig(electronFuses, options = FuseV1Options) {
  const settings = { ...FUSES_BEYOND_BUILDER, ...(electronFuses ?? {}) };
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

/** Turns @electron/fuses' strictness failures into a message that says what to change. */
export function explainFuseError(error) {
  const message = error instanceof Error ? error.message : String(error);
  const wire = /has (\d+) fuses but you only provided a config for (\d+)/.exec(message);
  if (wire !== null) {
    return new Error(
      `The Electron binary has ${wire[1]} fuses; the installed @electron/fuses names only ${wire[2]}. ` +
        'Upgrade @electron/fuses so it can name the new fuse, then decide it in electron-builder.yml ' +
        '(or in scripts/after-pack.mjs when electron-builder has no key for it).',
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(message);
}

/**
 * The hook. `context.packager.addElectronFuses` is electron-builder's own way to flip the packaged
 * executable (it knows where each platform keeps it).
 */
export default async function afterPack(context) {
  const config = strictFuseConfig(context.packager.config.electronFuses);
  try {
    await context.packager.addElectronFuses(context, config);
  } catch (error) {
    throw explainFuseError(error);
  }
}

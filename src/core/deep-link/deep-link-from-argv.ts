/**
 * Finds a deep link in a process's command line.
 *
 * On Windows and Linux the OS starts the app (or, through the single-instance lock, hands the
 * running instance a `second-instance` event) with the link as a command-line argument. On
 * macOS the link arrives through the `open-url` event instead; the Electron shell passes that
 * URL straight to `parseDeepLink`.
 */
import { appError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { DeepLinkIntent } from './deep-link-intent';
import { DEEP_LINK_SCHEME } from './deep-link-intent';
import { parseDeepLink } from './parse-deep-link';

/**
 * The one argument that is a `pim-stepup:` link, null when there is none.
 *
 * Options (`--foo`) are skipped: Chromium and Electron add their own switches, and a link is
 * never an option. Two links at once are refused rather than guessed between, since a
 * crafted command line could otherwise slip a second request past the first.
 */
export function findDeepLinkArgument(argv: readonly string[]): Result<string | null> {
  const links = argv.filter((arg) => typeof arg === 'string' && arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
  if (links.length > 1) {
    return err(appError('input/invalid', `PIM Step-Up was started with ${String(links.length)} links at once; open one link at a time.`));
  }
  return ok(links[0] ?? null);
}

/** `findDeepLinkArgument` then `parseDeepLink`: the pre-fill a command line asks for, if any. */
export function deepLinkIntentFromArgv(argv: readonly string[]): Result<DeepLinkIntent | null> {
  const found = findDeepLinkArgument(argv);
  if (!found.ok) {
    return found;
  }
  return found.value === null ? ok(null) : parseDeepLink(found.value);
}

/**
 * Opens the system browser for sign-in: `$BROWSER` when set (the command receives the URL as
 * its argument, like `xdg-open`), otherwise the operating system's opener through the `open`
 * package (which knows each platform's quoting, Windows' `start` included).
 *
 * The URL is passed as one argument, never through a shell, so it cannot inject commands.
 *
 * A launcher that fails at once (no browser, a typo in `$BROWSER`, no desktop session) must fail
 * the sign-in with its exit status instead of leaving the person to wait out the sign-in
 * timeout: the opener watches the launcher for a few seconds and rejects when it exits non-zero.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

export type Opener = { readonly command: string; readonly args: readonly string[] };

/** How long a launcher is watched for an early failure. Launchers hand the URL over and exit within this. */
export const LAUNCH_WATCH_MS = 3000;

/** The `$BROWSER` command for `url`, or null when `$BROWSER` is not set. */
export function browserCommand(url: string, env: Readonly<Record<string, string | undefined>>): Opener | null {
  const fromEnv = env.BROWSER?.trim();
  if (fromEnv === undefined || fromEnv === '') {
    return null;
  }
  // `$BROWSER` may hold several candidates separated by ':' (the sensible-browser convention); use the first.
  const first = fromEnv.split(':')[0] ?? fromEnv;
  const [command = first, ...args] = first.split(/\s+/).filter((p) => p !== '');
  return { command, args: [...args, url] };
}

/**
 * Resolves when the launcher exits 0 or is still running after `watchMs` (a browser that stays
 * open); rejects when it cannot start or exits non-zero before that.
 */
export function watchLauncher(child: ChildProcess, label: string, watchMs: number = LAUNCH_WATCH_MS): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, watchMs);
    timer.unref();
    function done(): void {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      child.unref();
      resolve();
    }
    child.once('error', (cause) => {
      clearTimeout(timer);
      reject(new Error(`Could not start the browser (${label}): ${cause.message}. Set $BROWSER to your browser's command.`));
    });
    child.once('exit', (code, signal) => {
      if (code === 0) {
        done();
        return;
      }
      clearTimeout(timer);
      const status = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with status ${String(code)}`;
      reject(
        new Error(
          `The browser command (${label}) ${status} without opening the sign-in page. Fix $BROWSER, or set it to a browser that works here.`,
        ),
      );
    });
  });
}

export function createSystemBrowserOpener(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { readonly watchMs?: number } = {},
): (url: string) => Promise<void> {
  return async (url) => {
    const command = browserCommand(url, env);
    if (command !== null) {
      const child = spawn(command.command, [...command.args], { stdio: 'ignore', detached: true, shell: false });
      return watchLauncher(child, command.command, options.watchMs);
    }
    const { default: open } = await import('open');
    let child: ChildProcess;
    try {
      child = await open(url, { wait: false });
    } catch (cause) {
      throw new Error(
        `Could not start the system's browser opener: ${cause instanceof Error ? cause.message : String(cause)}. Set $BROWSER to your browser's command.`,
        { cause },
      );
    }
    return watchLauncher(child, 'the system opener', options.watchMs);
  };
}

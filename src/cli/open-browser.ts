/**
 * Opens the system browser for sign-in: `$BROWSER` when set (the command receives the URL as
 * its argument, like `xdg-open`), otherwise the operating system's opener.
 *
 * The URL is passed as one argument, never through a shell, so it cannot inject commands.
 */
import { spawn } from 'node:child_process';

export type Opener = { readonly command: string; readonly args: readonly string[] };

/** The command that opens `url` on this platform, honouring `$BROWSER`. */
export function browserCommand(url: string, platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): Opener {
  const fromEnv = env.BROWSER?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    // `$BROWSER` may hold several candidates separated by ':' (the sensible-browser convention); use the first.
    const first = fromEnv.split(':')[0] ?? fromEnv;
    const [command = first, ...args] = first.split(/\s+/).filter((p) => p !== '');
    return { command, args: [...args, url] };
  }
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [url] };
    case 'win32':
      // `start` is a cmd built-in; the empty title argument keeps the URL from being read as a title.
      return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
    default:
      return { command: 'xdg-open', args: [url] };
  }
}

export function createSystemBrowserOpener(
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
): (url: string) => Promise<void> {
  return (url) =>
    new Promise<void>((resolve, reject) => {
      const { command, args } = browserCommand(url, platform, env);
      const child = spawn(command, [...args], { stdio: 'ignore', detached: true, shell: false });
      child.once('error', (cause) => {
        reject(new Error(`Could not start the browser (${command}): ${cause.message}. Set $BROWSER to your browser's command.`));
      });
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
}

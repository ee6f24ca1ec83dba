/**
 * Entry point of the `pim-stepup` command (bin → dist/cli/pim-stepup.js).
 *
 * `--help`, `--version` and `completion` are answered from this small file; everything else
 * loads the engine (a second bundle, dist/cli/cli-main.js), so scripts that only ask for help
 * or a version pay for a bare Node start and little more.
 */
import { completionScript, SHELLS } from './completion';
import type { Shell } from './completion';
import { EXIT, HELP, VERSION } from './help';

function fastAnswer(args: readonly string[]): string | null {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    return HELP;
  }
  if (args.length === 1 && args[0] === '--version') {
    return VERSION;
  }
  if (args.length === 2 && args[0] === 'completion' && (SHELLS as readonly string[]).includes(args[1] ?? '')) {
    return completionScript(args[1] as Shell);
  }
  return null;
}

async function main(args: readonly string[]): Promise<number> {
  const answer = fastAnswer(args);
  if (answer !== null) {
    process.stdout.write(`${answer}\n`);
    return EXIT.ok;
  }
  const { runCli, consoleIo } = await import('./run-cli');
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => {
      consoleIo.err(name === 'SIGINT' ? '\nInterrupted (Ctrl+C).' : 'Terminated (SIGTERM).');
      controller.abort(name);
      // A second signal ends the process at once.
      process.once(name, () => process.exit(name === 'SIGINT' ? EXIT.interrupted : EXIT.terminated));
    });
  }
  return runCli(args, { io: consoleIo, env: process.env, signal: controller.signal });
}

void main(process.argv.slice(2)).then(
  (code) => {
    // The command is done: end the process even if a late network answer or timer would keep it alive.
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  },
  (cause: unknown) => {
    process.stderr.write(`Unexpected failure: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    process.exit(1);
  },
);

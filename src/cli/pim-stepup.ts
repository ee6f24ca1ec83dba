/**
 * Entry point of the `pim-stepup` command (bin → dist/cli/pim-stepup.js).
 */
import { consoleIo } from './output';
import { runCli } from './run-cli';

void runCli(process.argv.slice(2), { io: consoleIo, env: process.env }).then(
  (code) => {
    // MSAL may keep a loopback listener after a cancelled sign-in; the command is done, so end the process.
    process.exit(code);
  },
  (cause: unknown) => {
    consoleIo.err(`Unexpected failure: ${cause instanceof Error ? cause.message : String(cause)}`);
    process.exit(1);
  },
);

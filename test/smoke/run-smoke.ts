/** Entry point of `npm run smoke` (bundled and started by scripts/smoke.mjs). */
import { main } from './real-tenant-smoke';

void main(process.env, (line) => {
  process.stdout.write(`${line}\n`);
}).then(
  (code) => {
    // MSAL may keep a loopback listener after a cancelled sign-in; the run is over, so end the process.
    process.exit(code);
  },
  (cause: unknown) => {
    process.stderr.write(`[smoke] unexpected failure: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    process.exit(1);
  },
);

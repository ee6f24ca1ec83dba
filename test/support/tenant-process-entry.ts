/**
 * A simulated tenant alone in a process of its own, for tests that measure what the tenant itself holds: bundled by
 * test/support/tenant-process.ts and run with `--expose-gc`. It answers its parent over the IPC channel: `heap`
 * collects garbage and reports `process.memoryUsage()`; `close` stops the tenant and exits.
 */
import { startTestTenant } from './test-tenant';

type Gc = () => void;

async function main(): Promise<void> {
  const tenant = await startTestTenant({});
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  process.on('message', (message) => {
    if (message === 'heap') {
      const gc = (globalThis as { gc?: Gc }).gc;
      gc?.();
      gc?.();
      send({ heap: process.memoryUsage() });
    } else if (message === 'close') {
      void tenant.close().then(() => process.exit(0));
    }
  });
  send({ ready: { authority: tenant.authority, clientId: tenant.clientId, caCertPem: tenant.caCertPem } });
}

void main();

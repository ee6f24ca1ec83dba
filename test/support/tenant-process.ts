/**
 * Starts the simulated tenant in a child process (see tenant-process-entry.ts), so a test can measure the tenant's own
 * memory after garbage collection without counting the test's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

export type TenantProcess = {
  readonly authority: string;
  readonly clientId: string;
  readonly caCertPem: string;
  /** `heapUsed + external` after two full collections in the tenant's process, in bytes. */
  heldBytes(): Promise<number>;
  close(): Promise<void>;
};

export async function startTenantProcess(): Promise<TenantProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pim-tenant-process-'));
  const bundle = path.join(dir, 'tenant.js');
  await build({
    entryPoints: ['test/support/tenant-process-entry.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  const child: ChildProcess = fork(bundle, [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = <T>(key: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        const value = (message as Record<string, unknown> | null)?.[key];
        if (value !== undefined) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(value as T);
        }
      };
      const onExit = (code: number | null): void => {
        reject(new Error(`The tenant process exited (${String(code)}) before answering ${key}.`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next<{ authority: string; clientId: string; caCertPem: string }>('ready');
  return {
    ...ready,
    heldBytes: async () => {
      const answer = next<NodeJS.MemoryUsage>('heap');
      child.send('heap');
      const usage = await answer;
      return usage.heapUsed + usage.external;
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

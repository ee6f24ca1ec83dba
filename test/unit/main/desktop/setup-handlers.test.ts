/**
 * The first-run channels under plain Node: what reaches the user config file, when the app
 * restarts, and what the renderer is told, with the engine's real config validation behind them.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../../src/core/config/resolve-config';
import { createSetupHandlers } from '../../../../src/main/desktop/desktop-handlers';
import type { SetupPorts } from '../../../../src/main/desktop/desktop-handlers';
import type { AppInfo } from '../../../../src/shared/domain/app-info';
import { ok } from '../../../../src/shared/result';
import { appInfo } from '../../renderer/fixtures';

const CONFIG = '/home/ana/.config/pim-stepup/config.json';
const CLIENT_ID = '0b4c8f2e-2a3d-4e5f-8a9b-1c2d3e4f5a6b';

function world(overrides: Partial<SetupPorts> = {}) {
  const files = new Map<string, { text: string }>();
  const writes: { path: string }[] = [];
  let restarts = 0;
  const info: AppInfo = appInfo();
  const handlers = createSetupHandlers(
    {
      userConfigPath: CONFIG,
      firstRun: true,
      machineLocked: [],
      machineSource: null,
      writeFileAtomic: (path, text) => {
        writes.push({ path });
        files.set(path, { text });
        return Promise.resolve();
      },
      restart: () => {
        restarts += 1;
      },
      ...overrides,
    },
    () => Promise.resolve(ok(info)),
  );
  return { handlers, files, writes, restarts: () => restarts };
}

async function firstRun(handlers: ReturnType<typeof world>['handlers']): Promise<boolean | null> {
  const info = await handlers['app:get-info']();
  return info.ok ? info.value.firstRun : null;
}

describe('after the first run', () => {
  it('refuses to change the tenant or the demo choice again, and writes nothing', async () => {
    const w = world({ firstRun: false });
    const connect = await w.handlers['setup:connect-tenant']({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT_ID });
    expect(!connect.ok && connect.error.code).toBe('input/invalid');
    expect(!connect.ok && connect.error.message).toContain(CONFIG);
    const demo = await w.handlers['setup:use-demo']();
    expect(!demo.ok && demo.error.code).toBe('input/invalid');
    expect(w.writes).toEqual([]);
    expect(w.restarts()).toBe(0);
  });

  it('refuses a second choice once the demo was chosen', async () => {
    const w = world();
    expect((await w.handlers['setup:use-demo']()).ok).toBe(true);
    const connect = await w.handlers['setup:connect-tenant']({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT_ID });
    expect(!connect.ok && connect.error.code).toBe('input/invalid');
    expect(w.writes).toHaveLength(1);
    expect(w.restarts()).toBe(0);
  });
});

describe('setup:connect-tenant', () => {
  it('writes exactly the given keys through the atomic writer, restarts once, and the saved file resolves', async () => {
    const w = world();
    expect(await firstRun(w.handlers)).toBe(true);
    const result = await w.handlers['setup:connect-tenant']({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT_ID, cloud: 'usgov' });
    expect(result).toEqual({ ok: true, value: { restarting: true } });
    expect([...w.files.keys()]).toEqual([CONFIG]);
    expect(w.writes).toEqual([{ path: CONFIG }]);
    const text = w.files.get(CONFIG)?.text ?? '';
    expect(JSON.parse(text)).toEqual({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT_ID, cloud: 'usgov' });
    expect(w.restarts()).toBe(1);
    const resolved = resolveConfig({ env: {}, flags: {}, file: { path: CONFIG, text } });
    expect(resolved.ok && { demo: resolved.value.demo, tenant: resolved.value.tenant, cloud: resolved.value.cloud }).toEqual({
      demo: false,
      tenant: 'contoso.onmicrosoft.com',
      cloud: 'usgov',
    });
  });

  it.each([
    ['tenant', { tenant: 'not a tenant', clientId: CLIENT_ID }, /tenant id \(a GUID\) or a verified domain/],
    ['clientId', { tenant: 'contoso.onmicrosoft.com', clientId: '1234' }, /Application \(client\) id GUID/],
  ])('an invalid %s is named with the rule, and nothing is written or restarted', async (field, connection, rule) => {
    const w = world();
    const result = await w.handlers['setup:connect-tenant'](connection);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('config/invalid');
      expect(result.error.issues).toHaveLength(1);
      expect(result.error.issues?.[0]?.path).toBe(field);
      expect(result.error.issues?.[0]?.message).toMatch(rule);
    }
    expect(w.writes).toEqual([]);
    expect(w.restarts()).toBe(0);
    expect(await firstRun(w.handlers)).toBe(true);
  });

  it('is refused when machine policy locks the tenant, naming the lock and its source', async () => {
    const w = world({ machineLocked: ['tenant', 'mode'], machineSource: '/etc/pim-stepup/machine.json' });
    const result = await w.handlers['setup:connect-tenant']({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT_ID });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/locked tenant in \/etc\/pim-stepup\/machine\.json/);
    expect(!result.ok && result.error.issues).toEqual([{ path: 'tenant', message: 'is locked by your administrator.' }]);
    expect(w.writes).toEqual([]);
    expect(w.restarts()).toBe(0);
  });

  it('reports a failed write as retryable and does not restart', async () => {
    const w = world({ writeFileAtomic: () => Promise.reject(new Error('EACCES: permission denied')) });
    const result = await w.handlers['setup:connect-tenant']({ tenant: 'contoso.onmicrosoft.com', clientId: CLIENT_ID });
    expect(!result.ok && result.error.code).toBe('unexpected');
    expect(!result.ok && result.error.message).toContain('EACCES');
    expect(w.restarts()).toBe(0);
  });
});

describe('setup:use-demo', () => {
  it('records the demo in the user config (which then resolves to the demo) and firstRun is false afterwards', async () => {
    const w = world();
    expect(await w.handlers['setup:use-demo']()).toEqual({ ok: true, value: null });
    const text = w.files.get(CONFIG)?.text ?? '';
    expect(JSON.parse(text)).toEqual({ demo: true });
    const resolved = resolveConfig({ env: {}, flags: {}, file: { path: CONFIG, text } });
    expect(resolved.ok && resolved.value.demo).toBe(true);
    expect(await firstRun(w.handlers)).toBe(false);
    expect(w.restarts()).toBe(0);
  });

  it('is refused when machine policy locks the client id', async () => {
    const w = world({ machineLocked: ['clientId'], machineSource: 'HKLM\\Software\\Policies\\PIMStepUp' });
    const result = await w.handlers['setup:use-demo']();
    expect(!result.ok && result.error.message).toMatch(/locked clientId in HKLM/);
    expect(w.writes).toEqual([]);
    expect(await firstRun(w.handlers)).toBe(true);
  });

  it('keeps firstRun false when the shell did not start on the default demo', async () => {
    const w = world({ firstRun: false });
    expect(await firstRun(w.handlers)).toBe(false);
  });
});

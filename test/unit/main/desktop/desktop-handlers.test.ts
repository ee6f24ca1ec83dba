/**
 * The desktop channels under plain Node: what reaches the clipboard and the disk, with the
 * real diagnostics recorder, support bundle, history and deep-link inbox behind them.
 */
import { describe, expect, it } from 'vitest';
import { createDeepLinkInbox } from '../../../../src/core/deep-link/deep-link-inbox';
import { createDesktopHandlers, HEADLESS_HOST_PORTS } from '../../../../src/main/desktop/desktop-handlers';
import type { DesktopHostPorts } from '../../../../src/main/desktop/desktop-handlers';
import { DiagnosticsRecorder } from '../../../../src/core/diagnostics/diagnostics-recorder';
import { findSecrets } from '../../../../src/core/diagnostics/redact';
import { buildSupportBundle } from '../../../../src/core/diagnostics/support-bundle';
import { createJsonLinesHistory, NullHistory } from '../../../../src/core/history/activation-history';
import type { ActivationHistory } from '../../../../src/core/history/activation-history';
import type { HistoryEntry } from '../../../../src/shared/domain/history';
import { makeEntraOpaque, makeJwt, seededRandom } from '../../core/diagnostics/secrets';
import { memoryFs } from '../../core/history/memory-fs';

const NOW = new Date('2026-11-25T10:00:00.000Z');

type Host = DesktopHostPorts & { clipboard: string[]; writes: [string, string][]; dialogs: string[] };

function host(choice: string | null): Host {
  const clipboard: string[] = [];
  const writes: [string, string][] = [];
  const dialogs: string[] = [];
  return {
    clipboard,
    writes,
    dialogs,
    writeClipboard: (text) => {
      clipboard.push(text);
    },
    chooseSavePath: (defaultName) => {
      dialogs.push(defaultName);
      return Promise.resolve(choice);
    },
    writeFile: (path, text) => {
      writes.push([path, text]);
      return Promise.resolve();
    },
  };
}

function setup(
  options: { choice?: string | null; history?: ActivationHistory; ports?: Partial<DesktopHostPorts>; saveBundleAllowed?: boolean } = {},
) {
  const random = seededRandom(7);
  const jwt = makeJwt(random);
  const refresh = makeEntraOpaque(random);
  const recorder = new DiagnosticsRecorder({ now: () => NOW });
  recorder.record({
    step: 'GET /roleManagement/directory/roleEligibilityScheduleInstances',
    outcome: 'succeeded',
    httpStatus: 200,
    requestId: 'req-1234',
  });
  // A token that slipped into a step's detail (e.g. an error message quoting a header) must not leave the machine.
  recorder.record({ step: 'step-up c1', outcome: 'failed', detail: `Authorization: Bearer ${jwt} refresh_token=${refresh}` });
  const inbox = createDeepLinkInbox();
  const h = host(options.choice === undefined ? '/home/ana/bundle.json' : options.choice);
  const handlers = createDesktopHandlers({
    ...h,
    ...options.ports,
    takeDeepLink: () => inbox.take(),
    history: options.history ?? new NullHistory(),
    ...(options.saveBundleAllowed === undefined ? {} : { saveBundleAllowed: options.saveBundleAllowed }),
    supportBundle: () =>
      Promise.resolve(
        buildSupportBundle({
          app: { version: '1.2.3', mode: 'standard' },
          os: { platform: 'linux', release: '6.1', arch: 'x64' },
          tenant: { id: 'contoso.onmicrosoft.com', simulated: true },
          configuration: { tenant: 'contoso.onmicrosoft.com', clientSecret: 'hunter2' },
          evidence: null,
          timeline: recorder.entries(),
          generatedAt: NOW,
        }),
      ),
    now: () => NOW,
  });
  return { handlers, host: h, inbox, jwt, refresh };
}

describe('diagnostics:copy', () => {
  it('writes the redacted diagnostics text to the clipboard and returns only its length', async () => {
    const { handlers, host: h, jwt, refresh } = setup();
    const result = await handlers['diagnostics:copy']();
    expect(h.clipboard).toHaveLength(1);
    const text = h.clipboard[0] ?? '';
    expect(result).toEqual({ ok: true, value: { characters: text.length } });
    expect(text).toContain('req-1234');
    expect(text).toContain('step-up c1');
    expect(text).not.toContain(jwt);
    expect(text).not.toContain(jwt.split('.')[2]);
    expect(text).not.toContain(refresh);
    expect(text).not.toContain('hunter2');
    expect(findSecrets(text)).toEqual([]);
  });

  it('a failing clipboard is an error result, not an exception', async () => {
    const { handlers } = setup({ ports: { writeClipboard: () => Promise.reject(new Error('clipboard locked')) } });
    const result = await handlers['diagnostics:copy']();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toContain('clipboard locked');
  });

  it('a host without a clipboard refuses with a message', async () => {
    const { handlers } = setup({ ports: HEADLESS_HOST_PORTS });
    const result = await handlers['diagnostics:copy']();
    expect(result.ok ? null : result.error.code).toBe('unexpected');
  });
});

describe('diagnostics:save-bundle', () => {
  it('offers a timestamped file name and writes the redacted JSON where the admin chose', async () => {
    const { handlers, host: h, jwt, refresh } = setup({ choice: '/home/ana/support.json' });
    const result = await handlers['diagnostics:save-bundle']();
    expect(result).toEqual({ ok: true, value: { path: '/home/ana/support.json' } });
    expect(h.dialogs).toEqual(['pim-stepup-support-20261125T100000Z.json']);
    expect(h.writes).toHaveLength(1);
    const [path, text] = h.writes[0] ?? ['', ''];
    expect(path).toBe('/home/ana/support.json');
    const bundle = JSON.parse(text) as { format: string; graphRequests: { requestId: string }[] };
    expect(bundle.format).toBe('pim-stepup-support-bundle');
    expect(bundle.graphRequests.map((r) => r.requestId)).toEqual(['req-1234']);
    expect(text).not.toContain(jwt);
    expect(text).not.toContain(refresh);
    expect(text).not.toContain('hunter2');
  });

  it('cancelled dialog → null and nothing written', async () => {
    const { handlers, host: h } = setup({ choice: null });
    expect(await handlers['diagnostics:save-bundle']()).toEqual({ ok: true, value: null });
    expect(h.dialogs).toHaveLength(1);
    expect(h.writes).toEqual([]);
  });

  it('kiosk: refused before any dialog opens, nothing written', async () => {
    const { handlers, host: h } = setup({ saveBundleAllowed: false });
    const result = await handlers['diagnostics:save-bundle']();
    expect(result.ok ? null : result.error.message).toMatch(/Copy diagnostics/);
    expect(h.dialogs).toEqual([]);
    expect(h.writes).toEqual([]);
    // Copying still works there.
    expect((await handlers['diagnostics:copy']()).ok).toBe(true);
  });

  it('a failed write is an error naming the path', async () => {
    const { handlers } = setup({ ports: { writeFile: () => Promise.reject(new Error('EACCES')) } });
    const result = await handlers['diagnostics:save-bundle']();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toContain('/home/ana/bundle.json');
  });
});

describe('history:list / history:clear', () => {
  const entry: HistoryEntry = {
    v: 1,
    at: '2026-11-25T09:00:00.000Z',
    roleId: 'role:1:/',
    displayName: 'Exchange Administrator',
    status: 'active',
    duration: 'PT1H',
  };

  it('lists what the history holds and clears it', async () => {
    const fs = memoryFs();
    const history = createJsonLinesHistory({ file: '/data/activation-history.jsonl', fs });
    expect((await history.append([entry])).ok).toBe(true);
    const { handlers } = setup({ history });
    expect(await handlers['history:list']()).toEqual({ ok: true, value: { entries: [entry], skipped: [], enabled: true } });
    expect(await handlers['history:clear']()).toEqual({ ok: true, value: null });
    expect(await handlers['history:list']()).toEqual({ ok: true, value: { entries: [], skipped: [], enabled: true } });
  });

  it('kiosk (NullHistory) lists nothing and says it is disabled', async () => {
    const { handlers } = setup({ history: new NullHistory() });
    expect(await handlers['history:list']()).toEqual({ ok: true, value: { entries: [], skipped: [], enabled: false } });
  });
});

describe('deep-link:take', () => {
  it('hands over the newest link once, refusals included', async () => {
    const { handlers, inbox } = setup();
    expect(await handlers['deep-link:take']()).toEqual({ ok: true, value: null });
    inbox.receiveUrl('pim-stepup://activate?role=Exchange%20Administrator&duration=PT1H');
    const first = await handlers['deep-link:take']();
    expect(first.ok && first.value?.ok === true ? first.value.intent.roles : null).toEqual(['Exchange Administrator']);
    expect(await handlers['deep-link:take']()).toEqual({ ok: true, value: null });
    inbox.receiveUrl('pim-stepup://activate?role=x&sneaky=1');
    const refused = await handlers['deep-link:take']();
    expect(refused.ok && refused.value?.ok === false ? refused.value.error.code : null).toBe('input/invalid');
  });
});

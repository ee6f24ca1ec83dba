import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import type { ActivationOutcome } from '../../../src/shared/domain/activation';
import { appError } from '../../../src/shared/errors';
import type { Result } from '../../../src/shared/result';
import { err, ok } from '../../../src/shared/result';
import type { PimRequest } from '../../../src/core/pim/pim-requests';
import { checkCommandLine } from '../../../src/cli/check-input';
import { completionScript } from '../../../src/cli/completion';
import { describeError, localTime } from '../../../src/cli/human-output';
import { OPTION_NAMES } from '../../../src/cli/options';
import { MAX_POLL_MS, nextDelay, waitForApproval } from '../../../src/cli/wait-for-approval';
import { displayWidth, fitWidth } from '../../../src/cli/display-width';
import { formatTable } from '../../../src/cli/output';

const pending: ActivationOutcome = {
  roleId: 'role:r1:/',
  displayName: 'User Administrator',
  status: 'pending-approval',
  requestId: 'req-1',
  elapsedMs: 10,
};

/** Readers answering with the given Graph statuses in turn (a `retryAfter` entry is a throttled read). */
function readersFor(statuses: readonly (string | { retryAfter: number })[]) {
  const reads: { kind: PimRequest['kind']; id: string }[] = [];
  let i = 0;
  return {
    reads,
    readers: {
      request: (kind: PimRequest['kind'], id: string): Promise<Result<PimRequest>> => {
        reads.push({ kind, id });
        const next = statuses[Math.min(i, statuses.length - 1)] ?? 'PendingApproval';
        i += 1;
        if (typeof next !== 'string') {
          return Promise.resolve(err(appError('graph/throttled', 'slow down', { retryable: true, retryAfterSeconds: next.retryAfter })));
        }
        return Promise.resolve(
          ok({
            id,
            kind,
            status: next,
            action: 'selfActivate',
            roleId: 'role:r1:/',
            createdDateTime: null,
            startDateTime: null,
            duration: null,
            endDateTime: null,
            justification: null,
          }),
        );
      },
      instance: () => Promise.resolve(ok({ startDateTime: '2026-01-01T10:00:00Z', endDateTime: '2026-01-01T11:00:00Z' })),
    },
  };
}

describe('--wait polling', () => {
  it('backs off by doubling to 30 s, and waits longer when Retry-After asks', () => {
    const delays = [2000];
    for (let i = 0; i < 6; i += 1) {
      delays.push(nextDelay(delays.at(-1) ?? 0));
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000, MAX_POLL_MS, MAX_POLL_MS, MAX_POLL_MS]);
    expect(nextDelay(2000, 45)).toBe(45_000);
    expect(nextDelay(16_000, 1)).toBe(MAX_POLL_MS);
  });

  it('reads only the one request until it is decided, then its instance', async () => {
    const { reads, readers } = readersFor(['PendingApproval', 'Provisioned']);
    let now = 0;
    const slept: number[] = [];
    const changes: string[] = [];
    const result = await waitForApproval([pending], readers, {
      timeoutMs: 60_000,
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
      onChange: (o, status) => changes.push(`${o.status}:${status}`),
    });
    expect(reads).toEqual([
      { kind: 'directoryRole', id: 'req-1' },
      { kind: 'directoryRole', id: 'req-1' },
    ]);
    expect(slept).toEqual([2000, 4000]);
    expect(changes).toEqual(['active:Provisioned']);
    expect(result.outcomes[0]).toMatchObject({ status: 'active', endDateTime: '2026-01-01T11:00:00Z' });
    expect([result.timedOut, result.interrupted]).toEqual([false, false]);
  });

  it('reports a denial as denied (with what to do), and a throttled read as a problem with the longer delay', async () => {
    const { readers } = readersFor([{ retryAfter: 40 }, 'Denied']);
    const problems: number[] = [];
    let now = 0;
    const slept: number[] = [];
    const result = await waitForApproval([pending], readers, {
      timeoutMs: 600_000,
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
      onChange: () => undefined,
      onReadProblem: (_e, next) => problems.push(next),
    });
    expect(problems).toEqual([40_000]);
    // The poll after the throttled read waited as long as the service asked.
    expect(slept).toEqual([2000, 40_000]);
    expect(result.outcomes[0]?.status).toBe('denied');
    expect(result.outcomes[0]?.error?.message).toMatch(/denied/);
  });

  it('stops at once when interrupted, keeping the request pending', async () => {
    const { readers } = readersFor(['PendingApproval']);
    const controller = new AbortController();
    // On fake timers the wait's own (default) sleep can only end early through the abort: the clock is moved into
    // the first poll interval and never past it, so a wait that ignored the signal would never resolve.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const started = Date.now();
      const waiting = waitForApproval([pending], readers, { timeoutMs: 60_000, signal: controller.signal, onChange: () => undefined });
      await vi.advanceTimersByTimeAsync(500);
      controller.abort('SIGINT');
      const result = await waiting;
      expect(Date.now() - started).toBe(500);
      expect(result).toMatchObject({ interrupted: true, timedOut: false, outcomes: [{ status: 'pending-approval', requestId: 'req-1' }] });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('command-line checks before sign-in', () => {
  const activate = (values: Record<string, string | boolean>) => checkCommandLine({ command: 'activate', targets: ['x'], values });
  it('refuses bad durations, over-long text, a lone ticket system and stray flags', () => {
    expect(activate({ duration: 'abc' }).map((i) => i.path)).toEqual(['duration']);
    expect(activate({ duration: 'PT2H', justification: 'x'.repeat(10_000) })[0]?.message).toMatch(/10000 characters long; at most 500/);
    expect(activate({ duration: 'PT2H', 'ticket-system': 'SNOW' }).map((i) => i.path)).toEqual(['ticket-number']);
    expect(activate({ duration: 'PT2H', 'wait-timeout': '10' })[0]?.message).toMatch(/only means something with --wait/);
    expect(activate({ duration: 'PT2H', wait: true, 'wait-timeout': 'soon' })[0]?.message).toMatch(/whole seconds/);
    expect(activate({ duration: 'PT2H', wait: true, 'wait-timeout': '10' })).toEqual([]);
    expect(checkCommandLine({ command: 'status', targets: [], values: { 'request-id': 'a' } })[0]?.message).toMatch(/does not apply/);
    expect(checkCommandLine({ command: 'cancel', targets: [], values: {} })[0]?.message).toMatch(/--request-id/);
    expect(checkCommandLine({ command: 'cancel', targets: ['x'], values: { 'request-id': 'a' } })[0]?.message).toMatch(/not both/);
    expect(checkCommandLine({ command: 'completion', targets: ['fish'], values: {} })[0]?.message).toMatch(/bash\|zsh\|pwsh/);
  });

  it('judges --start by the one start-time rule before any sign-in, and only for activate', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    const at = (start: string) => checkCommandLine({ command: 'activate', targets: ['x'], values: { duration: 'PT1H', start }, now });
    expect(at('+2h')).toEqual([]);
    expect(at('2026-12-24T08:00')).toEqual([]);
    expect(at('next week')[0]).toMatchObject({ path: 'start', message: expect.stringMatching(/^--start: The start must be/) as unknown });
    expect(at('2026-12-01T08:00Z')[0]?.message).toMatch(/has passed/);
    expect(at('+40d')[0]?.message).toMatch(/at most 30 days ahead/);
    expect(checkCommandLine({ command: 'deactivate', targets: ['x'], values: { start: '+1h' } })[0]?.message).toMatch(/does not apply/);
  });
});

describe('human output', () => {
  it('shows local times with what is left, and folds service trace lines unless verbose', () => {
    const now = new Date(2026, 0, 5, 19, 56);
    expect(localTime(new Date(2026, 0, 5, 20, 55).toISOString(), now)).toBe('20:55 (59 min)');
    expect(localTime(new Date(2026, 0, 5, 19, 0).toISOString(), now)).toBe('19:00 (ended)');
    expect(localTime(null, now)).toBe('permanent');
    const error = appError(
      'auth/failed',
      'AADSTS700016: Application not found.\r\nTrace ID: abc\r\nCorrelation ID: def\r\nTimestamp: 2026',
    );
    expect(describeError(error)).toBe('AADSTS700016: Application not found. [auth/failed]');
    expect(describeError(error, true)).toMatch(/Trace ID: abc/);
    const folded = appError(
      'auth/failed',
      'AADSTS53003: Blocked. Trace ID: Cnq-1 Correlation ID: svaa21 Timestamp: 2026-12-03 01:06:00Z. Try again.',
    );
    expect(describeError(folded)).toBe('AADSTS53003: Blocked. Try again. [auth/failed]');
  });
});

describe('shell completion', () => {
  it('offers every flag and command; the bash script is valid bash', () => {
    for (const shell of ['bash', 'zsh', 'pwsh'] as const) {
      const script = completionScript(shell);
      for (const name of OPTION_NAMES) {
        expect(script).toContain(`--${name}`);
      }
      expect(script).toContain('cancel');
    }
    expect(() => execFileSync('bash', ['-n'], { input: completionScript('bash') })).not.toThrow();
  });
});

describe('formatTable', () => {
  it('stays within 120 columns by narrowing the widest columns, marking cut cells with …', () => {
    const rows = [
      ['Owner', 'Resource group · rg-application-production-west-europe-01', 'step-up c1, MFA, justification, ticket, approval'],
      ['Global Administrator', 'Directory', 'none'],
    ];
    const lines = formatTable(['Role', 'Scope', 'Requirements'], rows).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    // 129 columns by nature: the widest column (the scope) gives up the 9 over the limit; the others stay whole.
    expect(lines[2]).toBe(
      'Owner                 Resource group · rg-application-production-west…  step-up c1, MFA, justification, ticket, approval',
    );
    const narrow = formatTable(['Role', 'Scope', 'Requirements'], rows, 60).split('\n');
    expect(Math.max(...narrow.map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(narrow[2]).toContain('…');
  });

  it('lines columns up by display width: CJK and emoji take two columns, combining marks none', () => {
    const rows = [
      ['全局管理员', 'Directory'],
      ['🔧 Tools admin', 'Directory'],
      ['Cafe\u0301 owner', 'Directory'],
      ['Plain', 'Directory'],
    ];
    const lines = formatTable(['Role', 'Scope'], rows).split('\n');
    // Every "Directory" starts in the same terminal column.
    const columns = lines.slice(2).map((l) => displayWidth(l.slice(0, l.indexOf('Directory'))));
    expect(new Set(columns)).toEqual(new Set([displayWidth('🔧 Tools admin') + 2]));
    const narrow = formatTable(['Role', 'Scope'], [['管理员管理员管理员管理员', 'x']], 12).split('\n');
    expect(displayWidth(narrow[2]!)).toBeLessThanOrEqual(12);
  });

  it('measures display width per grapheme cluster', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('名前')).toBe(4);
    expect(displayWidth('🔧')).toBe(2);
    expect(displayWidth('👩‍💻')).toBe(2);
    expect(displayWidth('❤️')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\u200b')).toBe(0);
    expect(fitWidth('名前名前', 5)).toBe('名前…');
    expect(fitWidth('👩‍💻👩‍💻👩‍💻', 4)).toBe('👩‍💻…');
  });

  it('never narrows a column below its header or eight characters', () => {
    const lines = formatTable(['Name', 'Value'], [['x'.repeat(50), 'y'.repeat(50)]], 10).split('\n');
    expect(lines[0]).toBe('Name      Value');
    expect(lines[2]).toBe(`${'x'.repeat(7)}…  ${'y'.repeat(7)}…`);
  });
});

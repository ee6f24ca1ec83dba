/** Kiosk end-of-session countdown and history rows, as pure logic. */
import { describe, expect, it } from 'vitest';
import { AUTO_END_SECONDS, autoEndApplies, cancel, followStep, secondsLeft, tick } from '../../../src/renderer/kiosk/auto-end';
import type { AutoEnd } from '../../../src/renderer/kiosk/auto-end';
import { historyRows, skippedNote } from '../../../src/renderer/history/history-rows';
import { DEFAULT_POLICY, isKiosk, policyOf, signInStorageOf } from '../../../src/renderer/app-policy';
import { initialState, reduce } from '../../../src/renderer/wizard/wizard-state';
import { appError } from '../../../src/shared/errors';
import { ok } from '../../../src/shared/result';
import { SESSION, appInfo } from './fixtures';

describe('kiosk: end the session after the activation', () => {
  const kiosk = appInfo({ mode: 'kiosk' }, { endSessionAfterActivation: true });

  it('applies only in kiosk mode, with the policy on, on the Done step', () => {
    expect(autoEndApplies(kiosk, 'done')).toBe(true);
    expect(autoEndApplies(kiosk, 'progress')).toBe(false);
    expect(autoEndApplies(appInfo({ mode: 'kiosk' }), 'done')).toBe(false);
    expect(autoEndApplies(appInfo({}, { endSessionAfterActivation: true }), 'done')).toBe(false);
    expect(autoEndApplies(null, 'done')).toBe(false);
  });

  it('counts down from arriving at Done and ends the session exactly once', () => {
    const t0 = 1_000_000;
    let state: AutoEnd = followStep({ status: 'off' }, true, t0);
    expect(state).toEqual({ status: 'counting', endsAt: t0 + AUTO_END_SECONDS * 1000 });
    expect(secondsLeft(state, t0)).toBe(30);
    expect(secondsLeft(state, t0 + 29_001)).toBe(1);
    expect(followStep(state, true, t0 + 5000)).toBe(state);
    expect(tick(state, t0 + 29_999)).toEqual({ next: state, endNow: false });
    const ended = tick(state, t0 + 30_000);
    expect(ended).toEqual({ next: { status: 'ending' }, endNow: true });
    state = ended.next;
    expect(tick(state, t0 + 31_000).endNow).toBe(false);
  });

  it('can be cancelled while counting, and then never ends on its own', () => {
    const counting = followStep({ status: 'off' }, true, 0);
    const kept = cancel(counting);
    expect(kept).toEqual({ status: 'cancelled' });
    expect(tick(kept, 10 ** 9).endNow).toBe(false);
    expect(secondsLeft(kept, 0)).toBeNull();
    expect(cancel({ status: 'ending' })).toEqual({ status: 'ending' });
  });

  it('resets on leaving Done, so the next activation counts again', () => {
    const kept = cancel(followStep({ status: 'off' }, true, 0));
    const left = followStep(kept, false, 1000);
    expect(left).toEqual({ status: 'off' });
    expect(followStep(left, true, 2000)).toEqual({ status: 'counting', endsAt: 2000 + AUTO_END_SECONDS * 1000 });
  });
});

describe('history rows', () => {
  it('shows date, role, outcome, request id, duration, end, reason and ticket, with failed codes', () => {
    const rows = historyRows([
      {
        v: 1,
        at: '2026-11-25T14:00:00Z',
        roleId: 'hd',
        displayName: 'Helpdesk Administrator',
        status: 'active',
        duration: 'PT1H30M',
        requestId: 'req-1',
        endDateTime: '2026-11-25T15:30:00Z',
        justification: 'Reset a locked-out user',
        ticketNumber: 'INC-7731',
        ticketSystem: 'ServiceNow',
      },
      {
        v: 1,
        at: '2026-11-25T13:00:00Z',
        roleId: 'ga',
        displayName: 'Global Administrator',
        status: 'failed',
        duration: 'PT2H',
        errorCode: 'pim/policy-violation',
      },
    ]);
    // Codes stay out of the prose: the request id and the error code go to Details.
    expect(rows.map(({ role, outcome, details, duration }) => ({ role, outcome, details, duration }))).toEqual([
      {
        role: 'Helpdesk Administrator',
        outcome: 'Activated',
        details: [
          { label: 'PIM request', codes: ['req-1'] },
          { label: 'Error code', codes: [] },
        ],
        duration: '1 h 30 min',
      },
      {
        role: 'Global Administrator',
        outcome: 'Failed',
        details: [
          { label: 'PIM request', codes: [] },
          { label: 'Error code', codes: ['pim/policy-violation'] },
        ],
        duration: '2 h',
      },
    ]);
    // Reason, ticket and end time: what an auditor asks first.
    expect(rows.map(({ end, reason, ticket }) => ({ end, reason, ticket }))).toEqual([
      { end: '2026-11-25T15:30:00Z', reason: 'Reset a locked-out user', ticket: 'INC-7731 (ServiceNow)' },
      { end: null, reason: null, ticket: null },
    ]);
  });

  it('says how many damaged entries were skipped', () => {
    const readout = { entries: [], enabled: true, skipped: [] };
    expect(skippedNote(readout)).toBeNull();
    expect(skippedNote({ ...readout, skipped: [{ line: 3, reason: 'bad json' }] })).toBe('1 damaged entry was skipped.');
    expect(
      skippedNote({
        ...readout,
        skipped: [
          { line: 3, reason: 'x' },
          { line: 9, reason: 'y' },
        ],
      }),
    ).toBe('2 damaged entries were skipped.');
  });
});

describe('policy read from AppInfo', () => {
  it('falls back to an unmanaged install when main reports no policy or token storage', () => {
    const bare = { ...appInfo({ mode: 'kiosk' }) } as Record<string, unknown>;
    delete bare.policy;
    delete bare.signInStorage;
    const info = bare as unknown as Parameters<typeof policyOf>[0];
    expect(policyOf(info)).toEqual(DEFAULT_POLICY);
    expect(signInStorageOf(info)).toBeNull();
    expect(isKiosk(info)).toBe(true);
    expect(policyOf(appInfo({}, { justificationTemplates: ['Incident response'] })).justificationTemplates).toEqual(['Incident response']);
  });
});

describe('sign-out failures', () => {
  it('keeps the session and shows why it did not end, until a sign-out succeeds', () => {
    const signedIn = reduce(initialState(), { type: 'session-loaded', result: ok(SESSION) });
    const error = appError('unexpected', 'The token cache could not be cleared.');
    const failed = reduce(signedIn, { type: 'sign-out-failed', error });
    expect(failed.shared.signOutError).toEqual(error);
    expect(failed.shared.session).toEqual({ status: 'loaded', value: SESSION });
    expect(failed.shared.announcement).toBe('The session did not end. The token cache could not be cleared.');
    expect(reduce(failed, { type: 'signed-out' }).shared.signOutError).toBeNull();
  });
});

/**
 * The home screen (My roles) as reducer transitions: active and pending roles are never selected
 * for activation, favourites and the ticket system come back except in kiosk mode, and
 * cancelling a pending request is tracked per request.
 */
import { describe, expect, it } from 'vitest';
import { appError } from '../../../src/shared/errors';
import type { PendingRequest } from '../../../src/shared/domain/activation';
import { err, ok } from '../../../src/shared/result';
import { initialState, isSelectable, reduce } from '../../../src/renderer/wizard/wizard-state';
import type { WizardEvent, WizardState } from '../../../src/renderer/wizard/wizard-state';
import { parseFavourites } from '../../../src/renderer/home/remembered';
import { CATALOG, SESSION, appInfo } from './fixtures';

const run = (events: readonly WizardEvent[], from: WizardState = initialState()): WizardState => events.reduce(reduce, from);

const ACTIVE_CATALOG = {
  ...CATALOG,
  eligible: CATALOG.eligible.map((r) =>
    r.id === 'ga'
      ? {
          ...r,
          active: {
            id: 'ga',
            target: r.target,
            displayName: r.displayName,
            startDateTime: '2026-11-25T13:00:00Z',
            endDateTime: '2026-11-25T17:00:00Z',
            assignmentType: 'Activated' as const,
          },
        }
      : r,
  ),
};
const PENDING_CA: PendingRequest = {
  requestId: 'req-ca',
  kind: 'directoryRole',
  roleId: 'ca',
  displayName: 'Conditional Access Administrator',
  createdDateTime: '2026-11-25T13:30:00Z',
  justification: 'Incident 42',
  status: 'PendingApproval',
};

const atHome = (mode: 'standard' | 'kiosk' = 'standard'): WizardState =>
  run([
    { type: 'info-loaded', result: ok(appInfo({ mode })) },
    { type: 'session-loaded', result: ok(SESSION) },
    { type: 'pending-loaded', result: ok([PENDING_CA]) },
    { type: 'catalog-loaded', result: ok(ACTIVE_CATALOG) },
  ]);

describe('My roles', () => {
  it('never selects an active role or one waiting for approval; others toggle as before', () => {
    const home = atHome();
    expect(isSelectable(home.shared, 'ga')).toBe(false);
    expect(isSelectable(home.shared, 'ca')).toBe(false);
    expect(isSelectable(home.shared, 'hd')).toBe(true);
    const after = run(
      [
        { type: 'role-toggled', roleId: 'ga' },
        { type: 'role-toggled', roleId: 'ca' },
        { type: 'role-toggled', roleId: 'hd' },
      ],
      home,
    );
    expect(after.shared.selection).toEqual(['hd']);
  });

  it('drops a selected role from the selection once a refresh shows it active', () => {
    const picked = run(
      [
        { type: 'info-loaded', result: ok(appInfo()) },
        { type: 'session-loaded', result: ok(SESSION) },
        { type: 'catalog-loaded', result: ok(CATALOG) },
        { type: 'role-toggled', roleId: 'ga' },
        { type: 'role-toggled', roleId: 'hd' },
      ],
      initialState(),
    );
    expect(reduce(picked, { type: 'catalog-loaded', result: ok(ACTIVE_CATALOG) }).shared.selection).toEqual(['hd']);
  });

  it('brings back favourites and the ticket system, but never in kiosk mode', () => {
    const remembered: WizardEvent = { type: 'remembered-loaded', favourites: ['hd', 'hd', 'billing'], ticketSystem: 'ServiceNow' };
    const standard = reduce(atHome(), remembered);
    expect(standard.shared.favourites).toEqual(['hd', 'billing']);
    expect(standard.shared.form.ticketSystem).toBe('ServiceNow');
    const kiosk = reduce(atHome('kiosk'), remembered);
    expect(kiosk.shared.favourites).toEqual([]);
    expect(kiosk.shared.form.ticketSystem).toBe('');
    const toggled = run(
      [
        { type: 'favourite-toggled', roleId: 'ga' },
        { type: 'favourite-toggled', roleId: 'hd' },
      ],
      standard,
    );
    expect(toggled.shared.favourites).toEqual(['billing', 'ga']);
    expect(toggled.shared.announcement).toBe('Helpdesk Administrator removed from favourites.');
  });

  it('reads stored favourites defensively', () => {
    expect(parseFavourites(null)).toEqual([]);
    expect(parseFavourites('not json')).toEqual([]);
    expect(parseFavourites('{"a":1}')).toEqual([]);
    expect(parseFavourites(JSON.stringify(['role:1:/', 7, '', 'x'.repeat(401)]))).toEqual(['role:1:/']);
  });

  it('tracks a cancellation per request and says how it ended', () => {
    const home = atHome();
    const started = reduce(home, { type: 'cancel-started', requestId: 'req-ca', displayName: PENDING_CA.displayName });
    expect(started.shared.cancellations['req-ca']).toEqual({ status: 'loading' });
    expect(started.shared.rowStatus).toEqual({ text: 'Cancelling the request for Conditional Access Administrator…', phase: 'working' });
    const done = reduce(started, { type: 'cancel-finished', requestId: 'req-ca', displayName: PENDING_CA.displayName, result: ok(null) });
    expect(done.shared.announcement).toBe('The request for Conditional Access Administrator is cancelled.');
    // The visible status line says the same, and stays after the row is gone.
    expect(done.shared.rowStatus).toEqual({ text: 'The request for Conditional Access Administrator is cancelled.', phase: 'done' });
    const failed = reduce(started, {
      type: 'cancel-finished',
      requestId: 'req-ca',
      displayName: PENDING_CA.displayName,
      result: err(appError('pim/policy-violation', 'Already approved.')),
    });
    expect(failed.shared.cancellations['req-ca']?.status).toBe('failed');
    expect(failed.shared.announcement).toBe('The request for Conditional Access Administrator was not cancelled. Already approved.');
    expect(failed.shared.rowStatus?.phase).toBe('failed');
  });

  it('deactivates from My roles', () => {
    const home = reduce(atHome(), { type: 'deactivation-started', roleId: 'ga' });
    expect(home.shared.deactivations['ga']).toEqual({ status: 'loading' });
    expect(home.step.kind).toBe('roles');
    expect(home.shared.rowStatus).toEqual({ text: 'Deactivating Global Administrator…', phase: 'working' });
    const done = reduce(home, { type: 'deactivation-finished', roleId: 'ga', result: ok({ roleId: 'ga', status: 'deactivated' }) });
    expect(done.shared.rowStatus).toEqual({ text: 'Global Administrator is deactivated.', phase: 'done' });
    const refused = reduce(home, {
      type: 'deactivation-finished',
      roleId: 'ga',
      result: ok({ roleId: 'ga', status: 'failed', error: appError('pim/active-duration-too-short', 'Too soon after activation.') }),
    });
    expect(refused.shared.rowStatus).toEqual({
      text: 'Global Administrator was not deactivated. Too soon after activation.',
      phase: 'failed',
    });
  });

  it('names the window the sign-in really opens in (in-app in kiosk and demo, the browser otherwise)', () => {
    const waiting: WizardEvent = {
      type: 'sign-in-state',
      state: { phase: 'waiting', purpose: 'step-up', contexts: [], startedAt: '2026-11-25T14:00:00Z', timeoutAt: '2026-11-25T14:05:00Z' },
    };
    const inApp = run([{ type: 'info-loaded', result: ok(appInfo({ mode: 'kiosk', signInSurface: 'in-app-window' })) }, waiting]);
    expect(inApp.shared.announcement).toBe('Waiting for you to complete the step-up sign-in in the sign-in window.');
    const browser = run([{ type: 'info-loaded', result: ok(appInfo()) }, waiting]);
    expect(browser.shared.announcement).toBe('Waiting for you to complete the step-up sign-in in the browser window.');
  });
});

describe('a refresh that fails', () => {
  const offline = appError('graph/network', 'Microsoft Graph could not be reached; check your network.', { retryable: true });
  const loaded = run([
    { type: 'session-loaded', result: ok(SESSION) },
    { type: 'catalog-loaded', result: ok(ACTIVE_CATALOG) },
    { type: 'pending-loaded', result: ok([PENDING_CA]) },
  ]);

  it('keeps the roles and requests read before, with why the new read failed', () => {
    const after = run(
      [{ type: 'catalog-loading' }, { type: 'pending-loaded', result: err(offline) }, { type: 'catalog-loaded', result: err(offline) }],
      loaded,
    );
    expect(after.shared.catalog).toEqual({ status: 'loaded', value: ACTIVE_CATALOG });
    expect(after.shared.pending).toEqual({ status: 'loaded', value: [PENDING_CA] });
    expect(after.shared.refreshError).toEqual(offline);
    // The next read that works clears it.
    expect(reduce(after, { type: 'catalog-loaded', result: ok(CATALOG) }).shared.refreshError).toBeNull();
  });

  it('with nothing read before, is the error itself', () => {
    const first = run([
      { type: 'session-loaded', result: ok(SESSION) },
      { type: 'catalog-loaded', result: err(offline) },
    ]);
    expect(first.shared.catalog).toEqual({ status: 'failed', error: offline });
    expect(first.shared.refreshError).toBeNull();
  });
});

describe('a fresh read of the role-state model', () => {
  const loaded = run([
    { type: 'session-loaded', result: ok(SESSION) },
    { type: 'catalog-loaded', result: ok(CATALOG) },
  ]);
  const newer = { roles: [], requests: [], at: '2026-11-25T14:05:00Z' };

  it('replaces an older model, and an older one arriving late does not', () => {
    const updated = reduce(loaded, { type: 'states-received', model: newer });
    expect(updated.shared.catalog.status === 'loaded' && updated.shared.catalog.value.states).toEqual(newer);
    const late = reduce(updated, { type: 'states-received', model: { ...newer, at: '2026-11-25T14:01:00Z' } });
    expect(late.shared.catalog.status === 'loaded' && late.shared.catalog.value.states).toEqual(newer);
  });

  it('is ignored before the roles were read at all', () => {
    expect(reduce(initialState(), { type: 'states-received', model: newer })).toEqual(initialState());
  });
});

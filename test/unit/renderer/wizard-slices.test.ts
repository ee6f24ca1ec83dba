/**
 * Each slice of the wizard's state on its own: its reducer is called directly with only its own
 * events, from states built by hand (no other slice runs). The whole reducer's tests are in
 * wizard-state.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { appError } from '../../../src/shared/errors';
import { err, ok } from '../../../src/shared/result';
import { SLICE_HANDLERS, initialState } from '../../../src/renderer/wizard/wizard-state';
import type { WizardState } from '../../../src/renderer/wizard/wizard-state';
import { withRowResult } from '../../../src/renderer/wizard/state/loadable';
import type { RowLoadables } from '../../../src/renderer/wizard/state/loadable';
import { reduceSession } from '../../../src/renderer/wizard/state/session-slice';
import { reduceList } from '../../../src/renderer/wizard/state/list-slice';
import { reduceRowOperations } from '../../../src/renderer/wizard/state/row-operations-slice';
import { reduceRun } from '../../../src/renderer/wizard/state/run-slice';
import { reduceLinks } from '../../../src/renderer/wizard/state/links-slice';
import { IllegalTransitionError } from '../../../src/renderer/wizard/state/types';
import { CATALOG, NO_STEP_UP_PLAN, SESSION, appInfo } from './fixtures';

const AT = '2026-11-25T14:00:00.000Z';

/** A signed-in state on My roles with the catalog read, built by hand rather than through events. */
function home(patch: Partial<WizardState['shared']> = {}): WizardState {
  const start = initialState();
  return {
    shared: {
      ...start.shared,
      info: { status: 'loaded', value: appInfo() },
      session: { status: 'loaded', value: SESSION },
      catalog: { status: 'loaded', value: CATALOG },
      pending: { status: 'loaded', value: [] },
      ...patch,
    },
    step: { kind: 'roles' },
  };
}

describe('one helper for the per-row loadable maps', () => {
  it('marks one row loading, then loaded or failed, and leaves the other rows as they were', () => {
    const error = appError('graph/network', 'PIM could not be reached.');
    let rows: RowLoadables<string> = { other: { status: 'loaded', value: 'kept' } };
    rows = withRowResult(rows, 'r1', null);
    expect(rows).toEqual({ other: { status: 'loaded', value: 'kept' }, r1: { status: 'loading' } });
    expect(withRowResult(rows, 'r1', ok('done')).r1).toEqual({ status: 'loaded', value: 'done' });
    expect(withRowResult(rows, 'r1', err(error)).r1).toEqual({ status: 'failed', error });
    expect(withRowResult(rows, 'r1', err(error)).other).toEqual({ status: 'loaded', value: 'kept' });
  });
});

describe('slices own disjoint events', () => {
  it('no event type has a handler in two slices', () => {
    const keys = SLICE_HANDLERS.flatMap((handlers) => Object.keys(handlers));
    expect(keys.length).toBeGreaterThan(40);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('session slice', () => {
  it('a failed sign-in stays on the sign-in step with its error, announced', () => {
    const error = appError('auth/cancelled', 'Sign-in was cancelled.');
    let state = reduceSession(initialState(), { type: 'sign-in-started' });
    state = reduceSession(state, { type: 'sign-in-finished', result: err(error) });
    expect(state.step).toEqual({ kind: 'sign-in', busy: false, error });
    expect(state.shared.announcement).toBe('Sign-in was cancelled.');
  });

  it('a session that ends elsewhere forgets the catalog and the selection', () => {
    const state = reduceSession(home({ selection: ['hd'] }), { type: 'session-changed', session: null });
    expect(state.step.kind).toBe('sign-in');
    expect(state.shared.catalog.status).toBe('idle');
    expect(state.shared.selection).toEqual([]);
  });

  it('the policy default for guided mode applies until the admin chooses', () => {
    const policyOn = ok(appInfo({}, { guidedByDefault: true }));
    expect(reduceSession(initialState(), { type: 'info-loaded', result: policyOn }).shared.guided).toEqual({ on: true, chosen: false });
    const chosenOff = reduceSession(reduceSession(initialState(), { type: 'guided-toggled' }), { type: 'guided-toggled' });
    expect(reduceSession(chosenOff, { type: 'info-loaded', result: policyOn }).shared.guided).toEqual({ on: false, chosen: true });
  });
});

describe('list slice', () => {
  it('selects only selectable roles, and drops from the selection a role a refresh shows active', () => {
    let state = reduceList(home(), { type: 'role-toggled', roleId: 'hd' });
    state = reduceList(state, { type: 'role-toggled', roleId: 'nope' });
    expect(state.shared.selection).toEqual(['hd']);
    const hdActive = {
      ...CATALOG,
      eligible: CATALOG.eligible.map((r) =>
        r.id === 'hd'
          ? {
              ...r,
              active: {
                id: 'hd',
                target: r.target,
                displayName: r.displayName,
                startDateTime: AT,
                endDateTime: null,
                assignmentType: 'Activated' as const,
              },
            }
          : r,
      ),
    };
    expect(reduceList(state, { type: 'catalog-loaded', result: ok(hdActive) }).shared.selection).toEqual([]);
  });

  it('keeps the last catalog while a refresh is loading, and pins and unpins favourites with an announcement', () => {
    expect(reduceList(home(), { type: 'catalog-loading' }).shared.catalog.status).toBe('loaded');
    const pinned = reduceList(home(), { type: 'favourite-toggled', roleId: 'ga' });
    expect(pinned.shared.favourites).toEqual(['ga']);
    expect(pinned.shared.announcement).toBe('Global Administrator pinned to the top as a favourite.');
    expect(reduceList(pinned, { type: 'favourite-toggled', roleId: 'ga' }).shared.favourites).toEqual([]);
  });

  it('ignores remembered favourites in kiosk mode', () => {
    const kiosk = home({ info: { status: 'loaded', value: appInfo({ mode: 'kiosk' }) } });
    expect(reduceList(kiosk, { type: 'remembered-loaded', favourites: ['ga'], ticketSystem: 'SN' }).shared.favourites).toEqual([]);
  });
});

describe('row-operations slice', () => {
  it('tracks one deactivation per role and announces its outcome by name', () => {
    let state = reduceRowOperations(home(), { type: 'deactivation-started', roleId: 'ga' });
    expect(state.shared.deactivations.ga?.status).toBe('loading');
    state = reduceRowOperations(state, {
      type: 'deactivation-finished',
      roleId: 'ga',
      result: ok({ roleId: 'ga', status: 'deactivated' }),
    });
    expect(state.shared.deactivations.ga?.status).toBe('loaded');
    expect(state.shared.announcement).toBe('Global Administrator is deactivated.');
  });

  it('refuses a deactivation outside My roles and the results', () => {
    const activate: WizardState = {
      ...home(),
      step: { kind: 'activate', plan: { status: 'idle' }, lastPlan: null, planSeq: 0, showErrors: false },
    };
    expect(() => reduceRowOperations(activate, { type: 'deactivation-started', roleId: 'ga' })).toThrow(IllegalTransitionError);
  });

  it('a failed cancellation keeps its error on that request only', () => {
    const error = appError('graph/network', 'PIM could not be reached.');
    let state = reduceRowOperations(home(), { type: 'cancel-started', requestId: 'q1', displayName: 'Global Administrator' });
    state = reduceRowOperations(state, { type: 'cancel-started', requestId: 'q2', displayName: 'Reports Reader' });
    state = reduceRowOperations(state, {
      type: 'cancel-finished',
      requestId: 'q1',
      displayName: 'Global Administrator',
      result: err(error),
    });
    expect(state.shared.cancellations).toEqual({ q1: { status: 'failed', error }, q2: { status: 'loading' } });
    expect(state.shared.announcement).toBe('The request for Global Administrator was not cancelled. PIM could not be reached.');
  });
});

describe('run slice', () => {
  it('goes from the selection to the form, and from a plan without a step-up straight to progress', () => {
    let state = reduceRun(home({ selection: ['hd'] }), { type: 'continue-to-activate' });
    expect(state.step.kind).toBe('activate');
    state = reduceRun(state, {
      type: 'activation-requested',
      request: { roleIds: ['hd'], duration: 'PT1H', justification: 'Incident 7' },
      plan: NO_STEP_UP_PLAN,
      at: AT,
    });
    expect(state.step.kind).toBe('progress');
    expect(state.shared.recentReasons).toEqual(['Incident 7']);
  });

  it('refuses the form with nothing selected', () => {
    expect(() => reduceRun(home(), { type: 'continue-to-activate' })).toThrow(IllegalTransitionError);
  });
});

describe('links slice', () => {
  it('a refused link is kept with its reason; dismissing it clears it', () => {
    const error = appError('input/invalid', 'The link names no role.');
    const refused = reduceLinks(home(), { type: 'deep-link-delivered', delivery: { ok: false, error } });
    expect(refused.shared.link).toEqual({ kind: 'refused', error });
    expect(reduceLinks(refused, { type: 'deep-link-dismissed' }).shared.link).toEqual({ kind: 'none' });
  });

  it('a help-desk link on My roles selects its role and opens the form for review', () => {
    const state = reduceLinks(home(), {
      type: 'deep-link-delivered',
      delivery: { ok: true, intent: { action: 'activate', roles: ['hd'], justification: 'Ticket 9', requiresConfirmation: true } },
    });
    expect(state.step.kind).toBe('activate');
    expect(state.shared.selection).toEqual(['hd']);
    expect(state.shared.form.justification).toBe('Ticket 9');
  });
});

describe('the eligible list: windowing and keys', () => {
  it('renders only the rows near the visible part, with the space of the others kept', async () => {
    const { windowOf } = await import('../../../src/renderer/home/virtual-rows');
    const heights = Array.from({ length: 600 }, () => 30);
    const top = windowOf(heights, 0, 300, 60);
    expect(top).toEqual({ start: 0, end: 12, padTop: 0, padBottom: 588 * 30 });
    const middle = windowOf(heights, 3000, 300, 60);
    expect(middle.start).toBe(97);
    expect(middle.end).toBe(112);
    expect(middle.padTop + (middle.end - middle.start) * 30 + middle.padBottom).toBe(600 * 30);
    // A taller (wrapped) row moves the rows after it.
    const wrapped = windowOf([30, 90, 30, 30], 100, 30, 0);
    expect(wrapped.start).toBe(1);
  });

  it('arrow, Home, End and Page keys move within bounds; other keys do nothing', async () => {
    const { nextIndex } = await import('../../../src/renderer/home/eligible-list');
    expect(nextIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextIndex('End', 0, 30)).toBe(29);
    expect(nextIndex('PageDown', 25, 30)).toBe(29);
    expect(nextIndex('PageUp', 5, 30)).toBe(0);
    expect(nextIndex('x', 5, 30)).toBeNull();
  });
});

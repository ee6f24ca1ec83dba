/**
 * The help-desk flow as pure data: deep-link prefill (matching, refusal, never an activation),
 * guided-mode text per step, and what policy and kiosk mode change in the wizard.
 */
import { describe, expect, it } from 'vitest';
import type { DeepLinkIntent } from '../../../src/shared/domain/deep-link';
import { appError } from '../../../src/shared/errors';
import { err, ok } from '../../../src/shared/result';
import { matchLinkRoles, prefillFromIntent } from '../../../src/renderer/help-desk/deep-link-prefill';
import { expectationText, guideFor } from '../../../src/renderer/help-desk/guide-text';
import { copiedSentence, savedSentence } from '../../../src/renderer/help-desk/help-text';
import { buildRequest, durationChoices } from '../../../src/renderer/wizard/selectors';
import { IllegalTransitionError, initialState, reduce } from '../../../src/renderer/wizard/wizard-state';
import type { WizardEvent, WizardState } from '../../../src/renderer/wizard/wizard-state';
import { CATALOG, GA, HD, NO_STEP_UP_PLAN, SESSION, STEP_UP_PLAN, appInfo, eligible } from './fixtures';

const AT = '2026-11-25T14:00:00.000Z';

function run(events: readonly WizardEvent[], from: WizardState = initialState()): WizardState {
  return events.reduce(reduce, from);
}

const intent = (fields: Partial<DeepLinkIntent>): DeepLinkIntent => ({
  action: 'activate',
  roles: [],
  requiresConfirmation: true,
  ...fields,
});
const delivered = (i: DeepLinkIntent): WizardEvent => ({ type: 'deep-link-delivered', delivery: { ok: true, intent: i } });

const signedInAtRoles: readonly WizardEvent[] = [
  { type: 'session-loaded', result: ok(SESSION) },
  { type: 'catalog-loaded', result: ok(CATALOG) },
];

describe('deep link: matching the link’s roles', () => {
  it('matches by display name (case and spacing ignored) and by id, once each', () => {
    const match = matchLinkRoles(CATALOG, ['global  ADMINISTRATOR', 'hd', 'Helpdesk Administrator', 'Exchange Administrator']);
    expect(match.matched).toEqual([
      { asked: 'global  ADMINISTRATOR', id: 'ga', displayName: 'Global Administrator' },
      { asked: 'hd', id: 'hd', displayName: 'Helpdesk Administrator' },
    ]);
    expect(match.unknown).toEqual(['Exchange Administrator']);
    expect(match.ambiguous).toEqual([]);
  });

  it('matches the Entra role definition id behind a role', () => {
    const scoped = { ...eligible('role:62e90394:/', 'Global Administrator'), target: GA.target };
    const catalog = {
      ...CATALOG,
      eligible: [{ ...scoped, target: { kind: 'directoryRole' as const, roleDefinitionId: '62E90394', directoryScopeId: '/' } }],
    };
    expect(matchLinkRoles(catalog, ['62e90394']).matched.map((m) => m.id)).toEqual(['role:62e90394:/']);
  });

  it('selects none of several roles sharing a name, and says which', () => {
    const atAu = { ...eligible('ua-au', 'User Administrator'), scopeLabel: 'Administrative unit: Paris' };
    const atRoot = eligible('ua-root', 'User Administrator');
    const match = matchLinkRoles({ ...CATALOG, eligible: [atAu, atRoot] }, ['User Administrator']);
    expect(match.matched).toEqual([]);
    expect(match.ambiguous).toEqual([
      { asked: 'User Administrator', candidates: ['User Administrator (Administrative unit: Paris)', 'User Administrator (Directory)'] },
    ]);
  });

  it('reads the duration and text fields as given', () => {
    const prefill = prefillFromIntent(
      CATALOG,
      intent({ roles: ['hd'], duration: 'PT45M', justification: 'INC-7731 reset', ticketNumber: 'INC-7731' }),
    );
    expect(prefill).toMatchObject({ durationMinutes: 45, justification: 'INC-7731 reset', ticketNumber: 'INC-7731', ticketSystem: null });
  });
});

describe('tray pre-fills: the same rule as a link', () => {
  const RUNNING = {
    id: 'hd',
    target: HD.target,
    displayName: 'Helpdesk Administrator',
    startDateTime: '2026-11-25T13:05:00Z',
    endDateTime: '2026-11-25T14:05:00Z',
    assignmentType: 'Activated' as const,
  };
  const withHelpdeskActive = { ...CATALOG, eligible: CATALOG.eligible.map((r) => (r.id === 'hd' ? { ...r, active: RUNNING } : r)) };

  it('Activate favourites opens the activate step with those roles, saying it came from the tray', () => {
    const state = run([
      ...signedInAtRoles,
      delivered(intent({ roles: ['ga', 'hd'], origin: 'tray' })),
      { type: 'catalog-loaded', result: ok(CATALOG) },
    ]);
    expect(state.step.kind).toBe('activate');
    expect(state.shared.selection).toEqual(['ga', 'hd']);
    expect(state.shared.form.justification).toBe('');
    expect(state.shared.announcement).toBe('Opened from the tray. Review the details and press Activate.');
    expect(state.shared.link).toMatchObject({ kind: 'prefilled', prefill: { origin: 'tray' } });
  });

  it('Re-activate of a role that has not ended yet selects nothing and says until when it runs', () => {
    const prefill = prefillFromIntent(withHelpdeskActive, intent({ roles: ['hd'], origin: 'tray' }));
    expect(prefill.matched).toEqual([]);
    expect(prefill.stillActive).toEqual([{ displayName: 'Helpdesk Administrator', until: '2026-11-25T14:05:00Z' }]);
    const state = run([
      { type: 'session-loaded', result: ok(SESSION) },
      { type: 'catalog-loaded', result: ok(withHelpdeskActive) },
      delivered(intent({ roles: ['hd'], origin: 'tray' })),
      { type: 'catalog-loaded', result: ok(withHelpdeskActive) },
    ]);
    expect(state.step.kind).toBe('roles');
    expect(state.shared.selection).toEqual([]);
    expect(state.shared.announcement).toBe('Opened from the tray: Helpdesk Administrator still active, so nothing was selected.');
  });

  it('waits for the role list read again: a role the old list showed idle but PIM now shows running is not selected', () => {
    const waiting = run([...signedInAtRoles, delivered(intent({ roles: ['hd'], origin: 'tray' }))]);
    // The list the window had (Helpdesk Administrator idle) is not trusted for a tray action.
    expect(waiting.shared.selection).toEqual([]);
    expect(waiting.shared.link).toMatchObject({ kind: 'pending' });
    expect(waiting.shared.announcement).toBe('Opened from the tray: reading your roles again.');
    const applied = reduce(waiting, { type: 'catalog-loaded', result: ok(withHelpdeskActive) });
    expect(applied.shared.selection).toEqual([]);
    expect(applied.shared.link).toMatchObject({ kind: 'prefilled', prefill: { stillActive: [{ displayName: 'Helpdesk Administrator' }] } });
  });

  it('a link still reads as a help-desk link', () => {
    const state = run([...signedInAtRoles, delivered(intent({ roles: ['hd'] }))]);
    expect(state.shared.announcement).toBe('Opened from a help-desk link. Review the details and press Activate.');
  });
});

describe('deep link: the wizard', () => {
  it('pre-fills the activate step for review when the admin is choosing roles, and never requests an activation', () => {
    const state = run([
      ...signedInAtRoles,
      delivered(
        intent({
          roles: ['Helpdesk Administrator', 'Exchange Administrator'],
          duration: 'PT30M',
          justification: 'Reset a user (INC-7731)',
        }),
      ),
    ]);
    expect(state.step.kind).toBe('activate');
    expect(state.shared.selection).toEqual(['hd']);
    expect(state.shared.form).toMatchObject({ durationMinutes: 30, justification: 'Reset a user (INC-7731)', ticketNumber: '' });
    expect(state.shared.link.kind === 'prefilled' && state.shared.link.prefill.unknown).toEqual(['Exchange Administrator']);
    expect(state.shared.announcement).toContain('Review the details and press Activate');
    // The step is the form, with no run: only 'activation-requested' (the Activate button) starts one.
    expect(state.step).toEqual({ kind: 'activate', plan: { status: 'idle' }, lastPlan: null, planSeq: 0, showErrors: false });
  });

  it('waits for sign-in and the role list, then applies the link', () => {
    const waiting = run([{ type: 'session-loaded', result: ok(null) }, delivered(intent({ roles: ['ga'], ticketNumber: 'CHG-1' }))]);
    expect(waiting.step.kind).toBe('sign-in');
    expect(waiting.shared.link.kind).toBe('pending');
    const applied = run(
      [{ type: 'sign-in-started' }, { type: 'sign-in-finished', result: ok(SESSION) }, { type: 'catalog-loaded', result: ok(CATALOG) }],
      waiting,
    );
    expect(applied.step.kind).toBe('activate');
    expect(applied.shared.selection).toEqual(['ga']);
    expect(applied.shared.form.ticketNumber).toBe('CHG-1');
  });

  it('stays on the role list when none of the link’s roles are eligible', () => {
    const state = run([...signedInAtRoles, delivered(intent({ roles: ['Exchange Administrator'] }))]);
    expect(state.step.kind).toBe('roles');
    expect(state.shared.selection).toEqual([]);
    expect(state.shared.link.kind === 'prefilled' && state.shared.link.prefill.unknown).toEqual(['Exchange Administrator']);
  });

  it('keeps a refused link as its error and changes nothing else', () => {
    const error = appError('input/invalid', 'This link was refused.', {
      issues: [{ path: 'duration', message: 'Use a duration such as PT2H.' }],
    });
    const before = run(signedInAtRoles);
    const after = reduce(before, { type: 'deep-link-delivered', delivery: { ok: false, error } });
    expect(after.shared.link).toEqual({ kind: 'refused', error });
    expect(after.step).toEqual(before.step);
    expect(after.shared.selection).toEqual(before.shared.selection);
    expect(after.shared.form).toEqual(before.shared.form);
    expect(reduce(after, { type: 'deep-link-dismissed' }).shared.link).toEqual({ kind: 'none' });
  });

  it('holds a link that arrives mid-run, and opens it only after the run has ended', () => {
    const activating = run([...signedInAtRoles, { type: 'role-toggled', roleId: 'ga' }, { type: 'continue-to-activate' }]);
    const inFlight = run(
      [
        {
          type: 'activation-requested',
          request: { roleIds: ['ga'], duration: 'PT1H', justification: 'Incident 42' },
          plan: STEP_UP_PLAN,
          at: AT,
        },
        { type: 'run-started', roleIds: ['ga'], at: AT },
        delivered(intent({ roles: ['hd'] })),
      ],
      activating,
    );
    expect(inFlight.step.kind).toBe('step-up');
    expect(inFlight.shared.link.kind).toBe('pending');
    expect(() => reduce(inFlight, { type: 'open-pending-link' })).toThrow(IllegalTransitionError);
    const finished = reduce(inFlight, {
      type: 'run-finished',
      at: '2026-12-07T12:00:00.000Z',
      roleIds: ['ga'],
      result: err(appError('auth/cancelled', 'Cancelled.')),
    });
    const opened = reduce(finished, { type: 'open-pending-link' });
    expect(opened.step.kind).toBe('activate');
    expect(opened.shared.selection).toEqual(['hd']);
  });

  it('forgets the notice once the admin presses Activate on what the link filled in', () => {
    const prefilled = run([...signedInAtRoles, delivered(intent({ roles: ['hd'], justification: 'Reset a user' }))]);
    const requested = reduce(prefilled, {
      type: 'activation-requested',
      request: { roleIds: ['hd'], duration: 'PT1H', justification: 'Reset a user' },
      plan: NO_STEP_UP_PLAN,
      at: AT,
    });
    expect(requested.shared.link).toEqual({ kind: 'none' });
  });
});

describe('policy and kiosk mode in the wizard', () => {
  it('starts guided and pre-fills the ticket system from policy, unless the admin chose otherwise', () => {
    const info = appInfo({}, { guidedByDefault: true, ticketSystem: 'ServiceNow' });
    const loaded = reduce(initialState(), { type: 'info-loaded', result: ok(info) });
    expect(loaded.shared.guided).toEqual({ on: true, chosen: false });
    expect(loaded.shared.form.ticketSystem).toBe('ServiceNow');
    const toggledFirst = run([{ type: 'guided-toggled' }, { type: 'info-loaded', result: ok(info) }]);
    expect(toggledFirst.shared.guided).toEqual({ on: true, chosen: true });
    const offByChoice = run([
      { type: 'info-loaded', result: ok(info) },
      { type: 'guided-toggled' },
      { type: 'info-loaded', result: ok(info) },
    ]);
    expect(offByChoice.shared.guided.on).toBe(false);
  });

  it('forgets reasons and typed text on sign-out in kiosk mode only', () => {
    const typed = (mode: 'kiosk' | 'standard') =>
      run([
        { type: 'info-loaded', result: ok(appInfo({ mode })) },
        ...signedInAtRoles,
        { type: 'role-toggled', roleId: 'hd' },
        { type: 'continue-to-activate' },
        { type: 'form-changed', patch: { justification: 'Reset a user', ticketNumber: 'INC-1' } },
        {
          type: 'activation-requested',
          request: { roleIds: ['hd'], duration: 'PT1H', justification: 'Reset a user' },
          plan: NO_STEP_UP_PLAN,
          at: AT,
        },
        { type: 'session-changed', session: null },
      ]);
    const kiosk = typed('kiosk');
    expect(kiosk.step.kind).toBe('sign-in');
    expect(kiosk.shared.recentReasons).toEqual([]);
    expect(kiosk.shared.form.justification).toBe('');
    expect(typed('standard').shared.recentReasons).toEqual(['Reset a user']);
  });

  it('offers a link’s odd duration in the picker and sends a ticket system only with a ticket number', () => {
    expect(durationChoices(240, 45)).toEqual([30, 45, 60, 90, 120, 180, 240]);
    expect(durationChoices(240, 600)).toEqual([30, 60, 90, 120, 180, 240]);
    const form = {
      durationMinutes: 60,
      durations: {},
      startAt: '',
      justification: 'Incident 42',
      ticketNumber: '',
      ticketSystem: 'ServiceNow',
    };
    expect(buildRequest([HD], form)).toEqual({ roleIds: ['hd'], duration: 'PT1H', justification: 'Incident 42' });
    expect(buildRequest([HD], { ...form, ticketNumber: 'INC-1' })).toMatchObject({
      ticketNumber: 'INC-1',
      ticketSystem: 'ServiceNow',
    });
  });
});

describe('guided mode text', () => {
  const atActivate = run([...signedInAtRoles, { type: 'role-toggled', roleId: 'ga' }, { type: 'continue-to-activate' }]);
  const withPlan = run(
    [
      { type: 'plan-requested', seq: 1 },
      { type: 'plan-loaded', seq: 1, result: ok(STEP_UP_PLAN) },
    ],
    atActivate,
  );
  const atStepUp = reduce(withPlan, {
    type: 'activation-requested',
    request: { roleIds: ['ga'], duration: 'PT1H', justification: 'Incident 42' },
    plan: STEP_UP_PLAN,
    at: AT,
  });

  it('explains each step with what, next, and its own title', () => {
    const signedOut = reduce(initialState(), { type: 'session-loaded', result: ok(null) });
    const steps = [signedOut, run([{ type: 'session-loaded', result: ok(SESSION) }]), run(signedInAtRoles), withPlan, atStepUp];
    const titles = steps.map((s) => guideFor(s).title);
    expect(titles).toEqual([
      'Step 1 of 6: sign in',
      // Signed in: the app opens on home, with no "you are signed in" page between.
      'Step 2 of 6: choose the roles',
      'Step 2 of 6: choose the roles',
      'Step 3 of 6: reason and duration',
      'Step 4 of 6: the extra sign-in',
    ]);
    for (const s of steps) {
      const guide = guideFor(s);
      expect(guide.what.length).toBeGreaterThan(40);
      expect(guide.next.length).toBeGreaterThan(20);
    }
    expect(guideFor(run([{ type: 'session-loaded', result: ok(SESSION) }])).title).toBe('Step 2 of 6: choose the roles');
  });

  it('says why the extra sign-in is needed and which methods will work, in the engine’s words', () => {
    const guide = guideFor(atStepUp);
    expect(guide.why).toContain('Tier 0 admin: phishing-resistant');
    expect(guide.methods).toContain('a phishing-resistant sign-in (passkey or Windows Hello)');
    expect(guideFor(withPlan).why).toContain('stronger sign-in rule');
  });

  it('never guesses methods from a context’s name: without the engine’s facts, the organisation decides', () => {
    const named = { context: { id: 'c1', displayName: 'Phishing-resistant passkey Windows Hello' }, roleIds: ['ga'], satisfied: false };
    expect(expectationText(named)).toBe("your organisation's policy decides which methods it accepts; the sign-in page will show them");
    expect(expectationText({ ...named, expect: { text: 'an MFA sign-in', accepts: null } })).toBe('an MFA sign-in');
  });

  it('mentions memory-only tokens on the sign-in step when main says so', () => {
    const kiosk = run([
      { type: 'info-loaded', result: ok(appInfo({ mode: 'kiosk', signInStorage: { persisted: false, reason: 'kiosk mode' } })) },
      { type: 'session-loaded', result: ok(null) },
    ]);
    expect(guideFor(kiosk).why).toContain('kept in memory only');
    expect(guideFor(reduce(initialState(), { type: 'session-loaded', result: ok(null) })).why).not.toContain('memory only');
  });

  it('follows progress and done', () => {
    const progress = run([
      ...signedInAtRoles,
      { type: 'role-toggled', roleId: HD.id },
      { type: 'continue-to-activate' },
      { type: 'activation-requested', request: { roleIds: ['hd'], duration: 'PT1H', justification: 'x' }, plan: NO_STEP_UP_PLAN, at: AT },
      { type: 'run-started', roleIds: ['hd'], at: AT },
    ]);
    expect(guideFor(progress).title).toBe('Step 5 of 6: activation in progress');
    expect(guideFor(progress).what).toContain('Helpdesk Administrator');
    const done = run(
      [
        {
          type: 'run-finished',
          at: '2026-12-07T12:00:00.000Z',
          roleIds: ['hd'],
          result: ok({
            runId: 'r1',
            outcomes: [{ roleId: 'hd', displayName: 'Helpdesk Administrator', status: 'active', elapsedMs: 900 }],
            prompts: 0,
            evidence: null,
            contextsProven: [],
            stepUps: [],
          }),
        },
        { type: 'continue-to-done' },
      ],
      progress,
    );
    expect(guideFor(done).title).toBe('Step 6 of 6: done');
  });
});

describe('help texts', () => {
  it('promises no secrets', () => {
    expect(copiedSentence()).toBe('Diagnostics copied to the clipboard — no tokens or passwords are included.');
    expect(savedSentence(null)).toContain('cancelled');
    expect(savedSentence({ path: '/tmp/b.json' })).toContain('/tmp/b.json');
  });
});

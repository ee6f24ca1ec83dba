/**
 * The run slice: from the selection to the activate form and its plan, through the step-up and
 * progress to the results, retries included.
 */
import { assertNever } from '../../../shared/assert';
import type {
  ActivationOutcome,
  ActivationPhase,
  ActivationPlan,
  ActivationProgress,
  ActivationReport,
  ActivationRequest,
} from '../../../shared/domain/activation';
import type { Result } from '../../../shared/result';
import { phaseLabel } from '../format';
import { displayNameOf, illegal, isSelectable, planNeedsStepUp, runOf, sessionOf, withRun, withShared } from './common';
import { fromResult } from './loadable';
import { reducerOf } from './types';
import type { ActivationForm, Handlers, Run, RunRow, Shared, WizardStep } from './types';

export type RunEvent =
  | { readonly type: 'continue-to-activate' }
  | { readonly type: 'favourites-chosen' }
  | { readonly type: 'back' }
  | { readonly type: 'form-changed'; readonly patch: Partial<ActivationForm> }
  | { readonly type: 'plan-requested'; readonly seq: number }
  | { readonly type: 'plan-loaded'; readonly seq: number; readonly result: Result<ActivationPlan> }
  | { readonly type: 'activation-invalid' }
  | { readonly type: 'activation-requested'; readonly request: ActivationRequest; readonly plan: ActivationPlan; readonly at: string }
  | { readonly type: 'run-started'; readonly roleIds: readonly string[]; readonly at: string }
  | { readonly type: 'progress-received'; readonly progress: ActivationProgress }
  | {
      readonly type: 'run-finished';
      readonly roleIds: readonly string[];
      readonly result: Result<ActivationReport>;
      /** When the answer arrived (local time). */
      readonly at: string;
    }
  | { readonly type: 'continue-to-progress' }
  | { readonly type: 'auto-retry-declined' }
  | { readonly type: 'continue-to-done' }
  | { readonly type: 'start-over' };

const MAX_RECENT_REASONS = 5;

function freshRow(roleId: string, displayName: string, attempt = 1): RunRow {
  return { roleId, displayName, marks: [], requestId: null, error: null, outcome: null, unconfirmed: false, attempt };
}

const ACTIVATE_STEP: WizardStep = { kind: 'activate', plan: { status: 'idle' }, lastPlan: null, planSeq: 0, showErrors: false };

/** Folds one progress event into a row; duplicate phases (same phase twice in a row) are kept once. */
export function applyProgress(row: RunRow, progress: ActivationProgress): RunRow {
  const last = row.marks[row.marks.length - 1];
  const marks = last?.phase === progress.phase ? row.marks : [...row.marks, { phase: progress.phase, at: progress.at }];
  return {
    ...row,
    marks,
    requestId: progress.requestId ?? row.requestId,
    error: progress.phase === 'failed' ? (progress.error ?? row.error) : null,
    unconfirmed: progress.phase === 'failed' && progress.unconfirmed === true,
  };
}

function applyOutcome(row: RunRow, outcome: ActivationOutcome): RunRow {
  const phase: ActivationPhase = outcome.status;
  const last = row.marks[row.marks.length - 1];
  // The report is authoritative: show its final phase even if that event was missed. Its time
  // is unknown then (''), and the screen shows no duration for it.
  const marks = last?.phase === phase ? row.marks : [...row.marks, { phase, at: '' }];
  return {
    ...row,
    displayName: outcome.displayName || row.displayName,
    marks,
    requestId: outcome.requestId ?? row.requestId,
    error: outcome.status === 'failed' ? (outcome.error ?? row.error) : null,
    unconfirmed: outcome.unconfirmed === true,
    outcome,
  };
}

function rememberReason(reasons: readonly string[], reason: string): readonly string[] {
  const trimmed = reason.trim();
  if (trimmed === '') {
    return reasons;
  }
  return [trimmed, ...reasons.filter((r) => r !== trimmed)].slice(0, MAX_RECENT_REASONS);
}

function summarize(outcomes: readonly ActivationOutcome[]): string {
  const count = (status: ActivationOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const parts = [
    [count('active') + count('already-active'), 'active'],
    [count('pending-approval'), 'pending approval'],
    [count('scheduled'), 'scheduled'],
    [outcomes.filter((o) => o.status === 'failed' && o.unconfirmed !== true).length, 'failed'],
    [outcomes.filter((o) => o.unconfirmed === true).length, 'not confirmed: PIM may have accepted it'],
  ] as const;
  return `Activation finished: ${parts
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${String(n)} ${label}`)
    .join(', ')}.`;
}

function newRun(shared: Shared, event: Extract<RunEvent, { type: 'activation-requested' }>): Run {
  return {
    request: event.request,
    plan: event.plan,
    startedAt: event.at,
    rows: event.request.roleIds.map((id) => freshRow(id, displayNameOf(shared, id))),
    inFlight: false,
    error: null,
    evidenceBefore: sessionOf(shared)?.evidence ?? null,
    evidenceAfter: null,
    stepUps: [],
    prompts: null,
    autoRetryDeclined: false,
    finishedAt: null,
  };
}

export const runHandlers: Handlers<RunEvent> = {
  'continue-to-activate': (state, event) => {
    if (state.step.kind !== 'roles' || state.shared.selection.length === 0) {
      return illegal(state, event);
    }
    return { ...state, step: ACTIVATE_STEP };
  },

  // "Activate favourites": one action from home to the form, with every favourite that can be activated now.
  'favourites-chosen': (state, event) => {
    const { shared } = state;
    const selection = shared.favourites.filter((id) => isSelectable(shared, id));
    if (state.step.kind !== 'roles' || selection.length === 0) {
      return illegal(state, event);
    }
    return { shared: { ...shared, selection }, step: ACTIVATE_STEP };
  },

  back: (state, event) => {
    const { step } = state;
    switch (step.kind) {
      case 'activate':
        return { ...state, step: { kind: 'roles' } };
      case 'step-up':
        // Only before anything was started, or after the run ended without submitting.
        if (step.run.inFlight) {
          return illegal(state, event);
        }
        return {
          ...state,
          step: {
            kind: 'activate',
            plan: { status: 'loaded', value: step.run.plan },
            lastPlan: step.run.plan,
            planSeq: 0,
            showErrors: false,
          },
        };
      case 'sign-in':
      case 'roles':
      case 'progress':
      case 'done':
        return illegal(state, event);
      default:
        return assertNever(step, 'step');
    }
  },

  'form-changed': (state, event) =>
    state.step.kind === 'activate' ? withShared(state, { form: { ...state.shared.form, ...event.patch } }) : illegal(state, event),

  'plan-requested': (state, event) =>
    state.step.kind === 'activate' ? { ...state, step: { ...state.step, plan: { status: 'loading' }, planSeq: event.seq } } : state,

  'plan-loaded': (state, event) => {
    const { step } = state;
    // A stale answer (the admin kept typing) is dropped; only the newest request counts.
    if (step.kind !== 'activate' || event.seq !== step.planSeq) {
      return state;
    }
    return {
      ...state,
      step: { ...step, plan: fromResult(event.result), lastPlan: event.result.ok ? event.result.value : step.lastPlan },
    };
  },

  'activation-invalid': (state, event) =>
    state.step.kind === 'activate'
      ? {
          shared: { ...state.shared, announcement: 'Some fields need attention before activating.' },
          step: { ...state.step, showErrors: true },
        }
      : illegal(state, event),

  'activation-requested': (state, event) => {
    const { shared } = state;
    if (state.step.kind !== 'activate') {
      return illegal(state, event);
    }
    const run = newRun(shared, event);
    const nextShared: Shared = {
      ...shared,
      recentReasons: rememberReason(shared.recentReasons, event.request.justification),
      // The link has done its job once the admin pressed Activate on what it filled in.
      link: shared.link.kind === 'prefilled' ? { kind: 'none' } : shared.link,
    };
    // With a step-up ahead, explain it first; otherwise go straight to progress.
    return planNeedsStepUp(event.plan)
      ? { shared: nextShared, step: { kind: 'step-up', run } }
      : { shared: nextShared, step: { kind: 'progress', run } };
  },

  'run-started': (state, event) => {
    const { step, shared } = state;
    if ((step.kind !== 'step-up' && step.kind !== 'progress') || step.run.inFlight) {
      return illegal(state, event);
    }
    const ids = new Set(event.roleIds);
    const run: Run = {
      ...step.run,
      inFlight: true,
      error: null,
      // A row that already ran (failed, or was cut short) starts again as a retry, and is named one.
      rows: step.run.rows.map((row) =>
        ids.has(row.roleId)
          ? freshRow(row.roleId, row.displayName, row.marks.length > 0 || row.error !== null ? row.attempt + 1 : row.attempt)
          : row,
      ),
    };
    return {
      shared: { ...shared, announcement: `Activating ${String(ids.size)} role${ids.size === 1 ? '' : 's'}.` },
      step: { ...step, run },
    };
  },

  'progress-received': (state, event) => {
    const run = runOf(state.step);
    const row = run?.rows.find((r) => r.roleId === event.progress.roleId);
    if (run === null || !run.inFlight || row === undefined) {
      return state;
    }
    const updated = applyProgress(row, event.progress);
    const label = `${updated.displayName}: ${phaseLabel(event.progress.phase)}.`;
    const announcement = event.progress.phase === 'failed' && event.progress.error ? `${label} ${event.progress.error.message}` : label;
    return withRun(withShared(state, { announcement }), (r) => ({
      ...r,
      rows: r.rows.map((x) => (x.roleId === row.roleId ? updated : x)),
    }));
  },

  'run-finished': (state, event) => {
    const run = runOf(state.step);
    if (run === null || !run.inFlight) {
      return illegal(state, event);
    }
    if (!event.result.ok) {
      const error = event.result.error;
      const ids = new Set(event.roleIds);
      return withRun(withShared(state, { announcement: error.message }), (r) => ({
        ...r,
        inFlight: false,
        finishedAt: event.at,
        error,
        rows: r.rows.map((row) => (ids.has(row.roleId) && row.outcome === null ? { ...row, error } : row)),
      }));
    }
    const report = event.result.value;
    return withRun(withShared(state, { announcement: summarize(report.outcomes) }), (r) => ({
      ...r,
      inFlight: false,
      finishedAt: event.at,
      error: null,
      prompts: (r.prompts ?? 0) + report.prompts,
      evidenceAfter: report.evidence ?? r.evidenceAfter,
      stepUps: [...r.stepUps, ...report.stepUps],
      rows: r.rows.map((row) => {
        const outcome = report.outcomes.find((o) => o.roleId === row.roleId);
        return outcome ? applyOutcome(row, outcome) : row;
      }),
    }));
  },

  'auto-retry-declined': (state) =>
    withRun(withShared(state, { announcement: 'Automatic retry stopped. Use Retry when you are ready.' }), (r) => ({
      ...r,
      autoRetryDeclined: true,
    })),

  'continue-to-progress': (state, event) =>
    state.step.kind === 'step-up' ? { ...state, step: { kind: 'progress', run: state.step.run } } : illegal(state, event),

  'continue-to-done': (state, event) => {
    const { step } = state;
    if ((step.kind !== 'progress' && step.kind !== 'step-up') || step.run.inFlight) {
      return illegal(state, event);
    }
    return { ...state, step: { kind: 'done', run: step.run } };
  },

  'start-over': (state, event) => {
    const { step, shared } = state;
    const finished = step.kind === 'done' || ((step.kind === 'step-up' || step.kind === 'progress') && !step.run.inFlight);
    if (!finished) {
      return illegal(state, event);
    }
    return {
      shared: {
        ...shared,
        selection: [],
        query: '',
        filter: 'all',
        kind: 'all',
        form: { ...shared.form, ticketNumber: '', durations: {}, startAt: '' },
      },
      step: { kind: 'roles' },
    };
  },
};

export const reduceRun = reducerOf(runHandlers);

/**
 * Before anything is sent: which eligibilities a request names, whether its input fits each
 * policy, and which step-ups it will ask for (one per distinct authentication context).
 */
import { appError } from '../../shared/errors';
import type { FieldIssue } from '../../shared/errors';
import type { ActivationPlan, ActivationRequest, PromptExpectation, StepUpGroup } from '../../shared/domain/activation';
import { durationFor } from '../../shared/domain/activation';
import type { AuthContextInfo, EligibleRole } from '../../shared/domain/roles';
import type { AuthEvidence } from '../../shared/domain/session';
import type { AcquireOptions } from '../auth/auth-service';
import { acrsClaimsRequest, mfaClaimsRequest } from '../auth/claims-challenge';
import type { CatalogSnapshot } from '../pim/role-catalog';
import type { SignInFacts } from '../pim/sign-in-facts';
import { contextDemand, mfaCombinations } from '../pim/sign-in-facts';
import { validateActivation } from '../pim/validate-activation';
import { contextExpectation, mfaExpectation, sessionMeets } from './prompt-expectation';
import { AppFailure } from './app-failure';

/** Finds the eligible roles a request names, or an input error listing the unknown ids. */
export function resolveRoles(request: ActivationRequest, catalog: CatalogSnapshot): EligibleRole[] {
  const missing = request.roleIds.filter((id) => !catalog.byId.has(id));
  if (missing.length > 0) {
    throw new AppFailure(
      appError(
        'pim/not-eligible',
        `You are not eligible for ${missing.length === 1 ? 'this role' : 'these roles'} (${missing.join(', ')}); refresh the list and choose again.`,
        { issues: missing.map((id) => ({ path: 'roleIds', message: `No eligibility "${id}".` })) },
      ),
    );
  }
  return [...new Set(request.roleIds)].map((id) => catalog.byId.get(id)).filter((r): r is EligibleRole => r !== undefined);
}

/** The roles of a request, or `input/invalid` naming every problem of every role. */
export function validRoles(request: ActivationRequest, catalog: CatalogSnapshot): EligibleRole[] {
  const roles = resolveRoles(request, catalog);
  const invalid = roles
    .map((role) => ({ role, issues: validateActivation({ ...request, duration: durationFor(request, role.id) }, role.requirements) }))
    .filter((entry) => entry.issues.length > 0);
  if (invalid.length > 0) {
    throw new AppFailure(
      appError('input/invalid', invalid.map((e) => `${e.role.displayName}: ${e.issues.map((i) => i.message).join(' ')}`).join(' '), {
        issues: invalid.flatMap((e) => e.issues.map((i) => ({ path: `${e.role.id}.${i.path}`, message: i.message }))),
      }),
    );
  }
  return roles;
}

/**
 * Whether a role should be submitted with a multifactor token from the start: its policy (the MFA rule, or PIM's
 * backup protection for a context no Conditional Access policy targets) demands MFA and the session's `amr` shows
 * none. Asking first keeps the plan's word: one planned MFA prompt instead of a refusal and a surprise prompt.
 */
export function needsMfaFirst(role: EligibleRole, plan: PlanFacts): boolean {
  if (plan.alwaysFresh || (plan.evidence?.methods.includes('mfa') ?? false)) {
    return false;
  }
  const context = role.requirements.authenticationContext;
  if (context === null) {
    return role.requirements.mfa;
  }
  return contextDemand(plan.facts, context.id, plan.userId).kind === 'backup-mfa';
}

/**
 * The token a role is first submitted with: its context's step-up when the policy names one,
 * a fresh multifactor sign-in under the always-fresh option, a multifactor one when the role
 * needs MFA the session lacks (`mfaFirst`), the plain token otherwise.
 * Roles sharing a context get identical options, so the coordinator gives them one step-up.
 */
export function firstAcquire(role: EligibleRole, alwaysFresh: boolean, mfaFirst = false): AcquireOptions {
  const context = role.requirements.authenticationContext;
  if (mfaFirst && !alwaysFresh) {
    return context === null
      ? { purpose: 'fresh-mfa', claims: mfaClaimsRequest() }
      : { purpose: 'fresh-mfa', claims: mfaClaimsRequest([context.id]), contexts: [context] };
  }
  if (context !== null) {
    return {
      purpose: 'step-up',
      claims: alwaysFresh ? mfaClaimsRequest([context.id]) : acrsClaimsRequest([context.id]),
      contexts: [context],
      ...(alwaysFresh ? { prompt: 'login' as const } : {}),
    };
  }
  return alwaysFresh ? { purpose: 'fresh-mfa', claims: mfaClaimsRequest(), prompt: 'login' } : { purpose: 'sign-in' };
}

/** True when the catalog shows the role active at `now` (the runner reports it without a prompt or a POST). */
export function isActiveAt(role: EligibleRole, now: Date): boolean {
  const end = role.active?.endDateTime ?? null;
  return role.active !== null && (end === null || Date.parse(end) > now.getTime());
}

/** What planning knows besides the request: the option, the session's evidence and the tenant's sign-in facts. */
export type PlanFacts = {
  readonly alwaysFresh: boolean;
  readonly evidence: AuthEvidence | null;
  readonly facts: SignInFacts;
  /** The signed-in user's object id (to tell which Conditional Access policies apply to them). */
  readonly userId: string | null;
  /** Now, by the service's clock (sign-in frequency windows). */
  readonly now: Date;
};

type Group = { context: AuthContextInfo | null; roleIds: string[]; satisfied: boolean; expect: PromptExpectation };

/** What the activation will ask of the person, before anything is sent. */
export function planActivation(request: ActivationRequest, catalog: CatalogSnapshot, plan: PlanFacts): ActivationPlan {
  const { alwaysFresh, evidence, facts, userId } = plan;
  const roles = resolveRoles(request, catalog);
  const problems: { roleId: string; issues: FieldIssue[] }[] = [];
  for (const role of roles) {
    const issues = validateActivation({ ...request, duration: durationFor(request, role.id) }, role.requirements);
    if (issues.length > 0) {
      problems.push({ roleId: role.id, issues });
    }
  }
  const mfaAccepts = mfaCombinations(facts);
  const sessionMfa = evidence?.methods.includes('mfa') ?? false;
  const byContext = new Map<string, Group>();
  const fresh: string[] = [];
  const mfa: Group = { context: null, roleIds: [], satisfied: false, expect: mfaExpectation(mfaAccepts, evidence) };
  const mfaDone: Group = { context: null, roleIds: [], satisfied: true, expect: mfaExpectation(mfaAccepts, evidence) };
  for (const role of roles) {
    const context = role.requirements.authenticationContext;
    if (isActiveAt(role, plan.now)) {
      // Reported "already active" without a token or a POST: nothing will be asked for it.
      continue;
    }
    if (alwaysFresh && context === null) {
      fresh.push(role.id);
      continue;
    }
    if (needsMfaFirst(role, plan)) {
      // One MFA sign-in serves them all: once the session is multifactor, the others' tokens come silently.
      mfa.roleIds.push(role.id);
      continue;
    }
    if (context === null) {
      if (role.requirements.mfa && sessionMfa) {
        mfaDone.roleIds.push(role.id);
      }
      continue;
    }
    const demand = contextDemand(facts, context.id, userId);
    if (demand.kind === 'backup-mfa' && !alwaysFresh) {
      mfaDone.roleIds.push(role.id);
      continue;
    }
    const group = byContext.get(context.id) ?? {
      context,
      roleIds: [],
      // Display hint only: the service decides; the token's claims are never trusted for decisions.
      satisfied:
        !alwaysFresh &&
        (demand.kind === 'none' || (evidence?.contexts.includes(context.id) ?? false) || sessionMeets(demand, evidence, plan.now)),
      expect: alwaysFresh ? mfaExpectation(mfaAccepts, evidence) : contextExpectation(demand, evidence, mfaAccepts),
    };
    group.roleIds.push(role.id);
    byContext.set(context.id, group);
  }
  // In the order of the first role (as requested) that needs each context: the order the run prompts in.
  const stepUps: StepUpGroup[] = [...byContext.values()];
  if (fresh.length > 0) {
    stepUps.push({ context: null, roleIds: fresh, satisfied: false, expect: mfaExpectation(mfaAccepts, evidence) });
  }
  for (const group of [mfa, mfaDone]) {
    if (group.roleIds.length > 0) {
      stepUps.push(group);
    }
  }
  return { stepUps, unknownRequirements: roles.filter((r) => !r.requirements.known).map((r) => r.id), problems };
}

/**
 * Before anything is sent: which eligibilities a request names, whether its input fits each
 * policy, and which step-ups it will ask for (one per distinct authentication context).
 */
import { appError } from '../../shared/errors';
import type { FieldIssue } from '../../shared/errors';
import type { ActivationPlan, ActivationRequest, StepUpGroup } from '../../shared/domain/activation';
import { durationFor } from '../../shared/domain/activation';
import type { EligibleRole } from '../../shared/domain/roles';
import type { AuthEvidence } from '../../shared/domain/session';
import type { AcquireOptions } from '../auth/auth-service';
import { acrsClaimsRequest, mfaClaimsRequest } from '../auth/claims-challenge';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { validateActivation } from '../pim/validate-activation';
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
 * The token a role is first submitted with: its context's step-up when the policy names one,
 * a fresh multifactor sign-in under the always-fresh option, the plain token otherwise.
 * Roles sharing a context get identical options, so the coordinator gives them one step-up.
 */
export function firstAcquire(role: EligibleRole, alwaysFresh: boolean): AcquireOptions {
  const context = role.requirements.authenticationContext;
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

/** What the activation will ask of the person, before anything is sent. */
export function planActivation(
  request: ActivationRequest,
  catalog: CatalogSnapshot,
  alwaysFresh: boolean,
  evidence: AuthEvidence | null,
): ActivationPlan {
  const roles = resolveRoles(request, catalog);
  const problems: { roleId: string; issues: FieldIssue[] }[] = [];
  for (const role of roles) {
    const issues = validateActivation({ ...request, duration: durationFor(request, role.id) }, role.requirements);
    if (issues.length > 0) {
      problems.push({ roleId: role.id, issues });
    }
  }
  const byContext = new Map<string, StepUpGroup & { roleIds: string[] }>();
  const fresh: string[] = [];
  for (const role of roles) {
    const context = role.requirements.authenticationContext;
    if (context === null) {
      if (alwaysFresh) {
        fresh.push(role.id);
      }
      continue;
    }
    const group = byContext.get(context.id) ?? {
      context,
      roleIds: [],
      // Display hint only: the service decides; the token's claims are never trusted for decisions.
      satisfied: !alwaysFresh && (evidence?.contexts.includes(context.id) ?? false),
    };
    group.roleIds.push(role.id);
    byContext.set(context.id, group);
  }
  // In the order of the first role (as requested) that needs each context: the order the run prompts in.
  const stepUps: StepUpGroup[] = [...byContext.values()];
  if (fresh.length > 0) {
    stepUps.push({ context: null, roleIds: fresh, satisfied: false });
  }
  return { stepUps, unknownRequirements: roles.filter((r) => !r.requirements.known).map((r) => r.id), problems };
}

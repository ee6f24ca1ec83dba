/**
 * Asks PIM to lengthen an administrator's time-bound assignment (`selfExtend`; docs/protocol.md, "Graph PIM
 * endpoints", on extend and renew). PIM cannot lengthen an activation, and the request goes to an administrator
 * (`PendingAdminDecision`), so nothing is followed here: the request joins the person's pending list.
 *
 * It is the activation's path with another action, not a copy of it: the same submitter (claims challenges, the MFA
 * rule, no blind resend, the intent journal) and the same step-up coordinator on the engine's interactive lane. The
 * first token asks for multifactor proof (and the role's context when its policy names one), because Microsoft
 * documents that an extension request must come from a session that did MFA.
 */
import type { ExtensionOutcome, ExtensionRequest } from '../../shared/domain/activation';
import type { ActiveAssignment, EligibleRole } from '../../shared/domain/roles';
import { appError } from '../../shared/errors';
import { checkActivationDuration } from '../../shared/rules/duration';
import { extensionEligibility, extensionReasonProblem } from '../../shared/rules/extension';
import type { AcquireOptions, AuthService } from '../auth/auth-service';
import { mfaClaimsRequest } from '../auth/claims-challenge';
import type { IntentJournal } from '../journal/intent-journal';
import type { Logger } from '../logging/logger';
import type { ActivationSurface } from '../pim/activation-surface';
import type { CatalogSnapshot } from '../pim/role-catalog';
import { AppFailure } from './app-failure';
import type { InteractiveLane } from './step-up-coordinator';
import { createStepUpCoordinator } from './step-up-coordinator';
import { contextNamer, readTokenFrom } from './run-context';
import { createSubmitter } from './submitter';

export type ExtensionDeps = {
  readonly surface: ActivationSurface;
  readonly auth: AuthService;
  readonly lane: InteractiveLane;
  readonly journal: IntentJournal;
  readonly logger: Logger;
  readonly principalId: () => Promise<string>;
  readonly newId: () => string;
  /** Now by the service's clock (the 14-day window and the schedule start are the service's). */
  readonly serverNow: () => Date;
  /** Waits before a write is sent again (a throttled POST's one wait); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
};

const refuse = (message: string, path?: string): AppFailure =>
  new AppFailure(appError('input/invalid', message, path === undefined ? {} : { issues: [{ path, message }] }));

/** The request's fields under the same rules as an activation's, before anything is asked of anyone. */
function checkedFields(request: ExtensionRequest): { readonly duration: string; readonly justification: string } {
  const duration = checkActivationDuration(request.duration);
  if (!duration.ok) {
    throw refuse(duration.problem, 'duration');
  }
  const problem = extensionReasonProblem(request.justification);
  if (problem !== null) {
    throw refuse(problem, 'justification');
  }
  return { duration: duration.iso, justification: request.justification.trim() };
}

/** The assignment as the submitter takes a role: its eligibility when it has one (for the policy's context). */
function asRole(active: ActiveAssignment, snapshot: CatalogSnapshot): EligibleRole {
  return (
    snapshot.byId.get(active.id) ?? {
      id: active.id,
      target: active.target,
      displayName: active.displayName,
      scopeLabel: 'Directory',
      eligibleUntil: null,
      active,
      requirements: {
        known: false,
        authenticationContext: null,
        mfa: true,
        justification: true,
        ticket: false,
        approval: true,
        maximumDuration: null,
      },
    }
  );
}

/** Multifactor proof, with the role's context when its policy names one: one sign-in covers both. */
function firstToken(role: EligibleRole): AcquireOptions {
  const context = role.requirements.authenticationContext;
  return context === null
    ? { purpose: 'fresh-mfa', claims: mfaClaimsRequest() }
    : { purpose: 'step-up', claims: mfaClaimsRequest([context.id]), contexts: [context] };
}

/** Sends one extension request; refusals (wrong kind of role, bad input, PIM's answer) are AppFailures. */
export async function requestExtension(
  request: ExtensionRequest,
  snapshot: CatalogSnapshot,
  deps: ExtensionDeps,
): Promise<ExtensionOutcome> {
  const fields = checkedFields(request);
  const active = snapshot.active.find((x) => x.id === request.roleId);
  if (active === undefined) {
    throw new AppFailure(appError('pim/not-active', 'This role is not active for you, so there is nothing to extend.'));
  }
  const allowed = extensionEligibility(active, deps.serverNow().getTime());
  if (allowed.kind !== 'extendable') {
    throw new AppFailure(appError(allowed.kind === 'activation' ? 'pim/not-active' : 'input/invalid', allowed.reason));
  }
  const role = asRole(active, snapshot);
  const coordinator = createStepUpCoordinator({ auth: deps.auth, lane: deps.lane });
  const submit = createSubmitter({
    surface: deps.surface,
    coordinator,
    action: 'selfExtend',
    request: { roleIds: [role.id], duration: fields.duration, justification: fields.justification },
    principalId: await deps.principalId(),
    logger: deps.logger,
    newId: deps.newId,
    serverNow: deps.serverNow,
    readToken: readTokenFrom(coordinator),
    contextInfo: contextNamer(snapshot, [role]),
    progress: () => undefined,
    journal: deps.journal,
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  });
  const submitted = await submit(role, firstToken(role));
  if (submitted.kind === 'failed') {
    throw new AppFailure(submitted.error);
  }
  if (submitted.kind === 'already-active' || submitted.request.id === null) {
    // Not reachable for an extension (the submitter never reports these for one); kept as data, never a guess.
    throw new AppFailure(appError('unexpected', 'PIM did not return the extension request; check your pending requests.'));
  }
  return { roleId: active.id, requestId: submitted.request.id, status: submitted.request.status };
}

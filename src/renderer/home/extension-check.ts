/**
 * The extension form's own check, before anything is sent: the project's one duration grammar and one text rule
 * (the same the IPC schema applies in main), so a mistake is shown beside its field instead of coming back as an
 * error. A Reason is required: the administrator who decides reads it.
 */
import type { PendingRequest } from '../../shared/domain/activation';
import type { RoleCatalog } from '../../shared/domain/roles';
import { checkActivationDuration } from '../../shared/rules/duration';
import { extensionReasonProblem } from '../../shared/rules/extension';
import type { Loadable } from '../wizard/wizard-state';

export type ExtensionField = 'justification' | 'duration';
export type ExtensionProblems = Partial<Record<ExtensionField, string>>;

export function extensionProblems(justification: string, duration: string): ExtensionProblems {
  const problems: ExtensionProblems = {};
  const reason = extensionReasonProblem(justification);
  if (reason !== null) {
    problems.justification = reason;
  }
  const checked = checkActivationDuration(duration.trim());
  if (!checked.ok) {
    problems.duration = checked.problem;
  }
  return problems;
}

/** Role ids with an extension (or renewal) waiting for an administrator: the row says so instead of offering another. */
export function extensionsWaiting(pending: Loadable<readonly PendingRequest[]>): ReadonlySet<string> {
  return new Set(pending.status === 'loaded' ? pending.value.filter((p) => p.status === 'PendingAdminDecision').map((p) => p.roleId) : []);
}

/** The form's starting duration: the role's policy maximum when its eligibility says it, else PIM's default of 8 hours. */
export function suggestedExtension(catalog: RoleCatalog, roleId: string): string {
  return catalog.eligible.find((role) => role.id === roleId)?.requirements.maximumDuration ?? 'PT8H';
}

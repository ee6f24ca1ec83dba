import type { ActivationPlan } from '../../../../shared/domain/activation';
import type { EligibleRole } from '../../../../shared/domain/roles';
import { expectationText } from '../../../help-desk/guide-text';
import { listNames } from '../../format';

/**
 * "What will be asked": the engine's plan in sentences, so there are no surprises after
 * pressing Activate (one step-up per authentication context, approvals, unknown policies).
 */
export function PlanSummary({ plan, roles }: { readonly plan: ActivationPlan; readonly roles: readonly EligibleRole[] }) {
  const nameOf = (id: string) => roles.find((r) => r.id === id)?.displayName ?? id;
  const approvals = roles.filter((r) => r.requirements.approval);
  const pending = plan.stepUps.filter((g) => !g.satisfied);
  const satisfied = plan.stepUps.filter((g) => g.satisfied);
  return (
    <ul className="plan-list">
      {pending.map((group) => {
        const what = group.context === null ? 'One multifactor sign-in' : `One step-up for ${group.context.displayName}`;
        return (
          <li key={group.context?.id ?? 'mfa'} className="plan-stepup">
            {what} covers {group.roleIds.length === 1 ? 'this role' : `these ${String(group.roleIds.length)} roles`}:{' '}
            {listNames(group.roleIds.map(nameOf))}. It asks for {expectationText(group)}.
          </li>
        );
      })}
      {satisfied.map((group) => (
        <li key={`ok-${group.context?.id ?? 'mfa'}`}>
          Your current sign-in already satisfies {group.context === null ? 'multifactor authentication' : group.context.displayName} for{' '}
          {listNames(group.roleIds.map(nameOf))}.
        </li>
      ))}
      {pending.length === 0 ? <li>No extra sign-in is needed before submitting.</li> : null}
      {plan.unknownRequirements.length > 0 ? (
        <li>
          Requirements unknown for {listNames(plan.unknownRequirements.map(nameOf))}: if PIM asks for a step-up, you will be asked to sign
          in then.
        </li>
      ) : null}
      {approvals.length > 0 ? (
        <li>
          {listNames(approvals.map((r) => r.displayName))} {approvals.length === 1 ? 'needs' : 'need'} an approver;{' '}
          {approvals.length === 1 ? 'it' : 'they'} will wait as pending approval.
        </li>
      ) : null}
    </ul>
  );
}

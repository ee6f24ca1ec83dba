import { expectationText } from '../../../help-desk/guide-text';
import { listNames } from '../../format';
import type { Run } from '../../wizard-state';

/**
 * The step-ups the plan announced, one card per context: what it asks for (the methods the engine established from
 * the tenant's policy, or that the organisation decides) and which roles it covers.
 */
export function StepUpGroups({ run }: { readonly run: Run }) {
  const nameOf = (id: string) => run.rows.find((r) => r.roleId === id)?.displayName ?? id;
  const groups = run.plan.stepUps.filter((g) => !g.satisfied);
  return (
    <>
      <p>
        The PIM policy of {groups.length === 1 ? 'these roles' : 'some of these roles'} asks for a stronger, fresh sign-in than your current
        one. PIM refuses the activation until you have given it, so you are asked for it first.
      </p>
      <ul className="stepup-groups">
        {groups.map((group) => (
          <li key={group.context?.id ?? 'mfa'} className="card">
            <h3>{group.context === null ? 'Multifactor sign-in' : `Authentication context: ${group.context.displayName}`}</h3>
            <p className="accepted-methods">
              <strong>Asks for:</strong> {expectationText(group)}
            </p>
            <p>Covers: {listNames(group.roleIds.map(nameOf))}.</p>
          </li>
        ))}
      </ul>
      {groups.length === 0 ? (
        <p>
          {run.plan.unknownRequirements.length > 0
            ? 'PIM asked for a stronger sign-in while submitting a role whose policy could not be read.'
            : 'PIM asked for a stronger sign-in than the plan showed.'}
        </p>
      ) : null}
    </>
  );
}

/** "What will be asked" under the form, and the engine's findings not already said beside a field. */
import type { ActivationPlan } from '../../../../shared/domain/activation';
import type { EligibleRole } from '../../../../shared/domain/roles';
import { ErrorPanel } from '../../../components/error-panel';
import { planProblems } from '../../selectors';
import type { FormField } from '../../selectors';
import type { WizardStep } from '../../wizard-state';
import { PlanSummary } from './plan-summary';

type Props = {
  readonly step: Extract<WizardStep, { kind: 'activate' }>;
  readonly roles: readonly EligibleRole[];
  /** The form's own problems, each said beside its field (so not again here). */
  readonly issues: Partial<Record<FormField, string>>;
};

export function PlanSection({ step, roles, issues }: Props) {
  const plan: ActivationPlan | null = step.plan.status === 'loaded' ? step.plan.value : step.lastPlan;
  const checking = step.plan.status === 'loading' || step.plan.status === 'idle';
  // The engine's per-role findings, except those already said beside a field: each problem is said once.
  const nameOf = (id: string) => roles.find((r) => r.id === id)?.displayName ?? id;
  const otherProblems =
    plan === null
      ? []
      : planProblems(
          { ...plan, problems: plan.problems.map((p) => ({ ...p, issues: p.issues.filter((i) => !(i.path in issues)) })) },
          nameOf,
        );
  return (
    <>
      <section className="card plan" aria-labelledby="plan-heading">
        <h3 id="plan-heading">What will be asked</h3>
        {checking ? <p className="muted">Checking the requirements of these roles…</p> : null}
        {plan !== null ? <PlanSummary plan={plan} roles={roles} /> : null}
        {step.plan.status === 'failed' ? <ErrorPanel error={step.plan.error} title="The requirements could not be checked" /> : null}
      </section>
      {step.showErrors && !checking && otherProblems.length > 0 ? (
        <div className="field-error" role="alert">
          <p>Fix these before activating:</p>
          <ul>
            {otherProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

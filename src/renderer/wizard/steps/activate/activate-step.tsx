import { useRef } from 'react';
import { policyOf } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { RoleBadges } from '../../../components/role-badges';
import { StepHeading } from '../../../components/step-heading';
import { formatMinutes, plural } from '../../format';
import { buildRequest, describeCap, durationCap, durationChoices, formRequirements, selectedRoles, validateForm } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';
import { PlanSummary } from './plan-summary';

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'activate' }>;
  readonly commands: WizardCommands;
};

/** Step 3: duration, reason and ticket for the selected roles, and what will be asked. */
export function ActivateStep({ shared, step, commands }: Props) {
  const justificationRef = useRef<HTMLTextAreaElement>(null);
  const ticketRef = useRef<HTMLInputElement>(null);
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const roles = catalog === null ? [] : selectedRoles(catalog, shared.selection);
  const cap = durationCap(roles);
  const needs = formRequirements(roles);
  const choices = durationChoices(cap.minutes, shared.form.durationMinutes);
  const templates = policyOf(shared.info.status === 'loaded' ? shared.info.value : null).justificationTemplates.filter(
    (t) => !shared.recentReasons.includes(t),
  );
  // Ticket fields show when a policy needs them, and whenever something is in them (a help-desk
  // link may fill one in): nothing is ever sent that the admin cannot see.
  const showTicket = needs.ticket || shared.form.ticketNumber.trim() !== '';
  const duration = Math.min(shared.form.durationMinutes, cap.minutes);
  const issues = validateForm(shared.form, needs);
  const plan = step.plan.status === 'loaded' ? step.plan.value : step.lastPlan;
  const checking = step.plan.status === 'loading' || step.plan.status === 'idle';
  const show = step.showErrors;

  const onActivate = () => {
    if (issues.justification !== undefined) {
      commands.markInvalid();
      justificationRef.current?.focus();
      return;
    }
    if (issues.ticketNumber !== undefined) {
      commands.markInvalid();
      ticketRef.current?.focus();
      return;
    }
    commands.activate(buildRequest(shared.selection, shared.form, cap.minutes));
  };

  return (
    <section aria-labelledby="activate-heading" className="step">
      <StepHeading id="activate-heading">Activate {plural(roles.length, 'role')}</StepHeading>
      <ul className="selected-roles">
        {roles.map((role) => (
          <li key={role.id}>
            <strong>{role.displayName}</strong> <span className="muted">({role.scopeLabel})</span>
            <RoleBadges requirements={role.requirements} />
          </li>
        ))}
      </ul>

      <form
        className="activation-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onActivate();
        }}
      >
        <div className="field">
          <label htmlFor="duration">Duration</label>
          <select
            id="duration"
            value={duration}
            aria-describedby="duration-hint"
            onChange={(e) => {
              commands.changeForm({ durationMinutes: Number(e.target.value) });
            }}
          >
            {choices.map((m) => (
              <option key={m} value={m}>
                {formatMinutes(m)}
              </option>
            ))}
          </select>
          <p id="duration-hint" className="hint">
            {describeCap(cap)}
          </p>
        </div>

        <div className="field">
          <label htmlFor="justification">Reason{needs.justification ? ' (required)' : ' (optional)'}</label>
          <textarea
            id="justification"
            ref={justificationRef}
            rows={3}
            maxLength={500}
            value={shared.form.justification}
            required={needs.justification}
            aria-invalid={show && issues.justification !== undefined}
            aria-describedby={show && issues.justification !== undefined ? 'justification-error' : 'justification-hint'}
            onChange={(e) => {
              commands.changeForm({ justification: e.target.value });
            }}
          />
          <p id="justification-hint" className="hint">
            Say what you will do with the role; reviewers and auditors read it.
          </p>
          {show && issues.justification !== undefined ? (
            <p id="justification-error" className="field-error">
              {issues.justification}
            </p>
          ) : null}
          {templates.length > 0 ? (
            <div className="recent-reasons" role="group" aria-label="Reason templates">
              <span className="muted">Your organisation’s templates:</span>
              {templates.map((template) => (
                <button
                  key={template}
                  type="button"
                  className="chip"
                  aria-label={`Use template: ${template}`}
                  onClick={() => {
                    commands.changeForm({ justification: template });
                  }}
                >
                  {template}
                </button>
              ))}
            </div>
          ) : null}
          {shared.recentReasons.length > 0 ? (
            <div className="recent-reasons" role="group" aria-label="Recent reasons">
              <span className="muted">Recent reasons:</span>
              {shared.recentReasons.map((reason) => (
                <button
                  key={reason}
                  type="button"
                  className="chip"
                  aria-label={`Use recent reason: ${reason}`}
                  onClick={() => {
                    commands.changeForm({ justification: reason });
                  }}
                >
                  {reason}
                </button>
              ))}
            </div>
          ) : null}
        </div>

        {showTicket ? (
          <div className="field-row">
            <div className="field">
              <label htmlFor="ticket-number">Ticket number{needs.ticket ? ' (required)' : ' (optional)'}</label>
              <input
                id="ticket-number"
                ref={ticketRef}
                type="text"
                maxLength={100}
                required={needs.ticket}
                value={shared.form.ticketNumber}
                aria-invalid={show && issues.ticketNumber !== undefined}
                aria-describedby={show && issues.ticketNumber !== undefined ? 'ticket-error' : undefined}
                onChange={(e) => {
                  commands.changeForm({ ticketNumber: e.target.value });
                }}
              />
              {show && issues.ticketNumber !== undefined ? (
                <p id="ticket-error" className="field-error">
                  {issues.ticketNumber}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="ticket-system">Ticket system</label>
              <input
                id="ticket-system"
                type="text"
                maxLength={100}
                value={shared.form.ticketSystem}
                onChange={(e) => {
                  commands.changeForm({ ticketSystem: e.target.value });
                }}
              />
            </div>
          </div>
        ) : null}

        <section className="card plan" aria-labelledby="plan-heading">
          <h3 id="plan-heading">What will be asked</h3>
          {checking ? <p className="muted">Checking the requirements of these roles…</p> : null}
          {plan !== null ? <PlanSummary plan={plan} roles={roles} /> : null}
          {step.plan.status === 'failed' ? <ErrorPanel error={step.plan.error} title="The requirements could not be checked" /> : null}
        </section>

        {show && !checking && plan !== null && plan.problems.length > 0 ? (
          <p className="field-error" role="alert">
            Fix the problems listed under “What will be asked” before activating.
          </p>
        ) : null}

        <div className="actions step-actions">
          <button type="button" onClick={commands.back}>
            Back
          </button>
          <button type="submit" className="primary">
            Activate {plural(roles.length, 'role')}
          </button>
        </div>
      </form>
    </section>
  );
}

import { JUSTIFICATION_MAX, TICKET_FIELD_MAX } from '../../../../shared/rules/text';
import { policyOf } from '../../../app-policy';
import { ErrorPanel } from '../../../components/error-panel';
import { FieldError } from '../../../components/field-error';
import { PRIMARY_SHORTCUT, ShortcutHint, usePrimaryShortcut } from '../../../components/shortcut';
import { StepHeading } from '../../../components/step-heading';
import { plural } from '../../format';
import { buildRequest, FORM_FIELDS, formRequirements, planProblems, selectedRoles, validateForm } from '../../selectors';
import type { FormField } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';
import { PlanSummary } from './plan-summary';
import { RoleDurations } from './role-durations';

/** The element id of each field, so the first one with a problem takes focus. */
const FIELD_IDS: Readonly<Record<FormField, string>> = {
  startAt: 'start-at',
  justification: 'justification',
  ticketNumber: 'ticket-number',
  ticketSystem: 'ticket-system',
};

/** "(required)" or "(optional)" beside a label, in words rather than an asterisk. */
function RequiredMark({ required }: { readonly required: boolean }) {
  return <span className={required ? 'required' : 'optional'}>{required ? '(required)' : '(optional)'}</span>;
}

/** The id of a field's error, which its aria-describedby points at. */
const errorId = (field: FormField): string => `${FIELD_IDS[field]}-error`;

type Props = {
  readonly shared: Shared;
  readonly step: Extract<WizardStep, { kind: 'activate' }>;
  readonly commands: WizardCommands;
};

/** Submits the activation form as its button would (validation included). */
function submitForm(): void {
  const form = document.getElementById('activation-form');
  if (form instanceof HTMLFormElement) {
    form.requestSubmit();
  }
}

/** Reason first (what every activation needs), then durations, ticket and the optional start; and what will be asked. */
export function ActivateStep({ shared, step, commands }: Props) {
  const catalog = shared.catalog.status === 'loaded' ? shared.catalog.value : null;
  const roles = catalog === null ? [] : selectedRoles(catalog, shared.selection);
  const needs = formRequirements(roles);
  const templates = policyOf(shared.info.status === 'loaded' ? shared.info.value : null).justificationTemplates.filter(
    (t) => !shared.recentReasons.includes(t),
  );
  // Ticket fields show when a policy needs them, and whenever something is in them (a help-desk
  // link may fill one in): nothing is ever sent that the admin cannot see.
  const showTicket = needs.ticket || shared.form.ticketNumber.trim() !== '';
  const issues = validateForm(shared.form, needs);
  const plan = step.plan.status === 'loaded' ? step.plan.value : step.lastPlan;
  const checking = step.plan.status === 'loading' || step.plan.status === 'idle';
  const show = step.showErrors;
  const shown = (field: FormField) => (show ? issues[field] : undefined);
  const describedBy = (field: FormField, hint?: string) => (shown(field) !== undefined ? errorId(field) : hint);
  // The engine's per-role findings, except those already said beside a field: each problem is said once.
  const nameOf = (id: string) => roles.find((r) => r.id === id)?.displayName ?? id;
  const otherProblems =
    plan === null
      ? []
      : planProblems(
          { ...plan, problems: plan.problems.map((p) => ({ ...p, issues: p.issues.filter((i) => !(i.path in issues)) })) },
          nameOf,
        );

  // Ctrl+Enter submits from any field, as the button says (the form's own submit handler runs).
  usePrimaryShortcut(true, submitForm);

  const onActivate = () => {
    const first = FORM_FIELDS.find((field) => issues[field] !== undefined);
    if (first !== undefined) {
      commands.markInvalid();
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    commands.activate(buildRequest(roles, shared.form));
  };

  return (
    <section aria-labelledby="activate-heading" className="step">
      <StepHeading id="activate-heading">Activate {plural(roles.length, 'role')}</StepHeading>
      <form
        id="activation-form"
        className="activation-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onActivate();
        }}
      >
        <div className="field">
          <label htmlFor="justification">
            Reason <RequiredMark required={needs.justification} />
          </label>
          <textarea
            id="justification"
            rows={3}
            maxLength={JUSTIFICATION_MAX}
            value={shared.form.justification}
            aria-required={needs.justification}
            aria-invalid={shown('justification') !== undefined}
            aria-describedby={describedBy('justification', 'justification-hint')}
            onChange={(e) => {
              commands.changeForm({ justification: e.target.value });
            }}
          />
          <p id="justification-hint" className="hint">
            Say what you will do with the role; reviewers and auditors read it.
          </p>
          <FieldError id={errorId('justification')} message={shown('justification')} />
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

        <RoleDurations roles={roles} form={shared.form} onChange={commands.changeForm} />

        {showTicket ? (
          <div className="field-row">
            <div className="field">
              <label htmlFor="ticket-number">
                Ticket number <RequiredMark required={needs.ticket} />
              </label>
              <input
                id="ticket-number"
                type="text"
                maxLength={TICKET_FIELD_MAX}
                aria-required={needs.ticket}
                value={shared.form.ticketNumber}
                aria-invalid={shown('ticketNumber') !== undefined}
                aria-describedby={describedBy('ticketNumber')}
                onChange={(e) => {
                  commands.changeForm({ ticketNumber: e.target.value });
                }}
              />
              <FieldError id={errorId('ticketNumber')} message={shown('ticketNumber')} />
            </div>
            <div className="field">
              <label htmlFor="ticket-system">
                Ticket system <RequiredMark required={needs.ticket || shared.form.ticketNumber.trim() !== ''} />
              </label>
              <input
                id="ticket-system"
                type="text"
                maxLength={TICKET_FIELD_MAX}
                aria-required={needs.ticket || shared.form.ticketNumber.trim() !== ''}
                aria-invalid={shown('ticketSystem') !== undefined}
                aria-describedby={describedBy('ticketSystem')}
                value={shared.form.ticketSystem}
                onChange={(e) => {
                  commands.changeForm({ ticketSystem: e.target.value });
                }}
              />
              <FieldError id={errorId('ticketSystem')} message={shown('ticketSystem')} />
            </div>
          </div>
        ) : null}

        <div className="field">
          <label htmlFor="start-at">
            Start <span className="optional">(optional)</span>
          </label>
          <input
            id="start-at"
            type="datetime-local"
            value={shared.form.startAt}
            aria-invalid={shown('startAt') !== undefined}
            aria-describedby={describedBy('startAt', 'start-at-hint')}
            onChange={(e) => {
              commands.changeForm({ startAt: e.target.value });
            }}
          />
          <p id="start-at-hint" className="hint">
            Leave empty to start now. Your computer’s local time.
          </p>
          <FieldError id={errorId('startAt')} message={shown('startAt')} />
        </div>

        <section className="card plan" aria-labelledby="plan-heading">
          <h3 id="plan-heading">What will be asked</h3>
          {checking ? <p className="muted">Checking the requirements of these roles…</p> : null}
          {plan !== null ? <PlanSummary plan={plan} roles={roles} /> : null}
          {step.plan.status === 'failed' ? <ErrorPanel error={step.plan.error} title="The requirements could not be checked" /> : null}
        </section>

        {show && !checking && otherProblems.length > 0 ? (
          <div className="field-error" role="alert">
            <p>Fix these before activating:</p>
            <ul>
              {otherProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}

        <div className="actions step-actions">
          <button type="button" onClick={commands.back}>
            Back
          </button>
          <button type="submit" id="primary-action" className="primary" aria-keyshortcuts={PRIMARY_SHORTCUT.aria}>
            Activate {plural(roles.length, 'role')} <ShortcutHint />
          </button>
        </div>
      </form>
    </section>
  );
}

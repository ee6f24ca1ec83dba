import { policyOf } from '../../../app-policy';
import { PRIMARY_SHORTCUT, ShortcutHint, usePrimaryShortcut } from '../../../components/shortcut';
import { StepHeading } from '../../../components/step-heading';
import { plural } from '../../format';
import { buildRequest, FORM_FIELDS, formRequirements, selectedRoles, validateForm } from '../../selectors';
import type { WizardCommands } from '../../use-wizard';
import type { Shared, WizardStep } from '../../wizard-state';
import { FIELD_IDS, fieldMessages } from './form-field';
import { PlanSection } from './plan-section';
import { ReasonField } from './reason-field';
import { RoleDurations } from './role-durations';
import { StartField } from './start-field';
import { TicketFields } from './ticket-fields';

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
  const messages = fieldMessages(issues, step.showErrors);

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
        <ReasonField
          value={shared.form.justification}
          required={needs.justification}
          templates={templates}
          recentReasons={shared.recentReasons}
          messages={messages}
          onChange={commands.changeForm}
        />
        <RoleDurations roles={roles} form={shared.form} onChange={commands.changeForm} />
        {showTicket ? <TicketFields form={shared.form} required={needs.ticket} messages={messages} onChange={commands.changeForm} /> : null}
        <StartField value={shared.form.startAt} messages={messages} onChange={commands.changeForm} />
        <PlanSection step={step} roles={roles} issues={issues} />
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

/** The wizard's current step: home, the form, the step-up, progress or results. */
import { assertNever } from '../../shared/assert';
import { ActivateStep } from '../wizard/steps/activate/activate-step';
import { DoneStep } from '../wizard/steps/done/done-step';
import { ProgressStep } from '../wizard/steps/progress/progress-step';
import { RolesStep } from '../wizard/steps/roles/roles-step';
import { SignInStep } from '../wizard/steps/sign-in/sign-in-step';
import { StepUpStep } from '../wizard/steps/step-up/step-up-step';
import type { WizardCommands } from '../wizard/use-wizard';
import type { WizardState } from '../wizard/wizard-state';

export function CurrentStep({ state, commands }: { readonly state: WizardState; readonly commands: WizardCommands }) {
  const { step, shared } = state;
  switch (step.kind) {
    case 'sign-in':
      return <SignInStep shared={shared} step={step} commands={commands} />;
    case 'roles':
      return <RolesStep shared={shared} commands={commands} />;
    case 'activate':
      return <ActivateStep shared={shared} step={step} commands={commands} />;
    case 'step-up':
      return <StepUpStep shared={shared} step={step} commands={commands} />;
    case 'progress':
      return <ProgressStep step={step} commands={commands} />;
    case 'done':
      return <DoneStep shared={shared} step={step} commands={commands} />;
    default:
      return assertNever(step, 'step');
  }
}

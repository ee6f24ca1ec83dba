/**
 * Checks an activation against the role's policy before anything is sent, so the person fixes their input instead of
 * reading a service error. The rule itself is the project's one activation-input rule (src/shared/rules/
 * activation-input.ts), shared with the window, the IPC schema, the CLI and links; this module feeds it the role's
 * policy.
 */
import type { FieldIssue } from '../../shared/errors';
import type { Requirements } from '../../shared/domain/roles';
import { activationInputIssues } from '../../shared/rules/activation-input';
import type { ActivationInput } from '../../shared/rules/activation-input';

export type { ActivationInput } from '../../shared/rules/activation-input';

/** Problems with the input that no policy is needed to see (the CLI checks these before signing in). */
export function validateActivationInput(input: ActivationInput): FieldIssue[] {
  return activationInputIssues(input);
}

/** Problems with the input for one role (empty when it may be sent). */
export function validateActivation(input: ActivationInput, requirements: Requirements): FieldIssue[] {
  return activationInputIssues(input, {
    justification: requirements.justification,
    ticket: requirements.ticket,
    maximumDuration: requirements.maximumDuration,
  });
}

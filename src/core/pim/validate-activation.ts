/**
 * Checks an activation against the role's policy before anything is sent, so the person fixes
 * their input instead of reading a service error. The grammar and text rules are the project's
 * shared ones (src/shared/rules); this module adds what depends on the role's policy.
 */
import type { FieldIssue } from '../../shared/errors';
import type { Requirements } from '../../shared/domain/roles';
import { checkActivationDuration, describeIsoDuration, parseIsoDuration } from '../../shared/rules/duration';
import { ACTIVATION_TEXT_FIELDS, textProblem } from '../../shared/rules/text';

export { JUSTIFICATION_MAX } from '../../shared/rules/text';

export type ActivationInput = {
  readonly duration: string;
  readonly justification: string;
  readonly ticketNumber?: string | undefined;
  readonly ticketSystem?: string | undefined;
};

/** Problems with the input that no policy is needed to see (the CLI checks these before signing in). */
export function validateActivationInput(input: ActivationInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const duration = checkActivationDuration(input.duration);
  if (!duration.ok) {
    issues.push({ path: 'duration', message: duration.problem });
  }
  for (const path of ['justification', 'ticketNumber', 'ticketSystem'] as const) {
    const problem = textProblem(input[path] ?? '', ACTIVATION_TEXT_FIELDS[path]);
    if (problem !== null) {
      issues.push({ path, message: problem });
    }
  }
  const ticketNumber = input.ticketNumber?.trim() ?? '';
  const ticketSystem = input.ticketSystem?.trim() ?? '';
  if (ticketNumber === '' && ticketSystem !== '') {
    issues.push({ path: 'ticketNumber', message: 'A ticket system was given without a ticket number; give both, or neither.' });
  }
  return issues;
}

/** Problems with the input for one role (empty when it may be sent). */
export function validateActivation(input: ActivationInput, requirements: Requirements): FieldIssue[] {
  const issues = validateActivationInput(input);
  const seconds = parseIsoDuration(input.duration);
  const max = requirements.maximumDuration === null ? null : parseIsoDuration(requirements.maximumDuration);
  if (
    seconds !== null &&
    max !== null &&
    requirements.maximumDuration !== null &&
    seconds > max &&
    !issues.some((i) => i.path === 'duration')
  ) {
    issues.push({
      path: 'duration',
      message: `This role can be active for at most ${describeIsoDuration(requirements.maximumDuration)} (${requirements.maximumDuration}); you asked for ${describeIsoDuration(input.duration)}. Choose a shorter duration.`,
    });
  }
  if (requirements.justification && input.justification.trim() === '' && !issues.some((i) => i.path === 'justification')) {
    issues.push({
      path: 'justification',
      message: 'This role requires a reason: say why you need it (for example the change or incident number).',
    });
  }
  if (requirements.ticket) {
    if ((input.ticketNumber?.trim() ?? '') === '') {
      issues.push({ path: 'ticketNumber', message: 'This role requires a ticket: enter the ticket number (for example CHG0012345).' });
    }
    if ((input.ticketSystem?.trim() ?? '') === '') {
      issues.push({ path: 'ticketSystem', message: 'This role requires a ticket: enter the ticket system (for example ServiceNow).' });
    }
  }
  return issues;
}

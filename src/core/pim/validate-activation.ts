/**
 * Checks an activation against the role's policy before anything is sent, so the person fixes
 * their input instead of reading a service error.
 */
import type { FieldIssue } from '../../shared/errors';
import type { Requirements } from '../../shared/domain/roles';
import { describeIsoDuration, parseIsoDuration } from './duration';

export const JUSTIFICATION_MAX = 500;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export type ActivationInput = {
  readonly duration: string;
  readonly justification: string;
  readonly ticketNumber?: string | undefined;
  readonly ticketSystem?: string | undefined;
};

/** Problems with the input for one role (empty when it may be sent). */
export function validateActivation(input: ActivationInput, requirements: Requirements): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seconds = parseIsoDuration(input.duration);
  if (seconds === null) {
    issues.push({
      path: 'duration',
      message: `"${input.duration}" is not an ISO 8601 duration; write e.g. PT2H for two hours or PT30M for 30 minutes.`,
    });
  } else if (seconds < 300) {
    issues.push({ path: 'duration', message: 'The duration must be at least 5 minutes (PT5M).' });
  } else if (requirements.maximumDuration !== null) {
    const max = parseIsoDuration(requirements.maximumDuration);
    if (max !== null && seconds > max) {
      issues.push({
        path: 'duration',
        message: `This role can be active for at most ${describeIsoDuration(requirements.maximumDuration)} (${requirements.maximumDuration}); you asked for ${describeIsoDuration(input.duration)}. Choose a shorter duration.`,
      });
    }
  }
  const justification = input.justification.trim();
  if (CONTROL_CHARS.test(input.justification.replace(/[\r\n\t]/g, ' '))) {
    issues.push({ path: 'justification', message: 'The justification contains control characters; type it as plain text.' });
  }
  if (justification.length > JUSTIFICATION_MAX) {
    issues.push({
      path: 'justification',
      message: `The justification is ${String(justification.length)} characters; PIM accepts at most ${String(JUSTIFICATION_MAX)}.`,
    });
  }
  if (requirements.justification && justification === '') {
    issues.push({
      path: 'justification',
      message: 'This role requires a justification: say why you need it (for example the change or incident number).',
    });
  }
  const ticketNumber = input.ticketNumber?.trim() ?? '';
  const ticketSystem = input.ticketSystem?.trim() ?? '';
  for (const [path, value] of [
    ['ticketNumber', input.ticketNumber ?? ''],
    ['ticketSystem', input.ticketSystem ?? ''],
  ] as const) {
    if (CONTROL_CHARS.test(value)) {
      issues.push({ path, message: 'Control characters are not allowed; type it as plain text.' });
    }
  }
  if (requirements.ticket) {
    if (ticketNumber === '') {
      issues.push({ path: 'ticketNumber', message: 'This role requires a ticket: enter the ticket number (for example CHG0012345).' });
    }
    if (ticketSystem === '') {
      issues.push({ path: 'ticketSystem', message: 'This role requires a ticket: enter the ticket system (for example ServiceNow).' });
    }
  } else if ((ticketNumber === '') !== (ticketSystem === '')) {
    issues.push({
      path: ticketNumber === '' ? 'ticketNumber' : 'ticketSystem',
      message: 'Give both the ticket number and the ticket system, or neither.',
    });
  }
  return issues;
}

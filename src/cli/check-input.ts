/**
 * Everything about a command line that can be judged without the tenant, judged before any
 * sign-in: the command's arguments, flags that do not belong to it, numbers, and the activation
 * input on its face (the project's one duration grammar and text rule). Policy limits (a role's
 * maximum duration, a required ticket) are checked after the catalog is read.
 */
import type { FieldIssue } from '../shared/errors';
import { parseStartTime } from '../shared/rules/start-time';
import { validateActivationInput } from '../core/pim/validate-activation';
import { PIM_REQUEST_ID_MAX } from '../shared/rules/activation-input';
import type { Command } from './help';
import { SHELLS } from './completion';
import type { OptionName } from './options';
import { parseAzureRequestId } from '../shared/domain/azure-request-id';

/** Flags every command accepts. */
const GLOBAL: readonly OptionName[] = [
  'demo',
  'demo-user',
  'demo-methods',
  'demo-scenario',
  'tenant',
  'client-id',
  'cloud',
  'authority-host',
  'graph-endpoint',
  'arm-endpoint',
  'scope',
  'config',
  'always-fresh-auth',
  'broker',
  'sign-in-timeout',
  'json',
  'verbose',
  'help',
  'version',
];

const OWN: Record<Command, readonly OptionName[]> = {
  roles: [],
  status: [],
  'sign-out': [],
  completion: [],
  deactivate: [],
  cancel: ['request-id'],
  activate: ['duration', 'start', 'justification', 'ticket-number', 'ticket-system', 'wait', 'wait-usable', 'wait-timeout'],
};

export type CommandLine = {
  readonly command: Command;
  readonly targets: readonly string[];
  readonly values: Readonly<Partial<Record<OptionName, string | boolean>>>;
  /** Now, to judge `--start` by (default: the machine's clock). */
  readonly now?: number;
};

const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** Whole seconds in [min, max], or a problem. */
export function seconds(value: string, flag: string, min: number, max: number): number | string {
  if (!/^\d{1,7}$/.test(value) || Number(value) < min || Number(value) > max) {
    return `--${flag} takes whole seconds from ${String(min)} to ${String(max)}; got "${value.slice(0, 20)}".`;
  }
  return Number(value);
}

/** The problems with a command line, as field issues (empty when the tenant may be asked). */
export function checkCommandLine(line: CommandLine): FieldIssue[] {
  const { command, targets, values } = line;
  const issues: FieldIssue[] = [];
  const allowed = new Set([...GLOBAL, ...OWN[command]]);
  for (const name of Object.keys(values) as OptionName[]) {
    if (values[name] !== undefined && !allowed.has(name)) {
      issues.push({ path: name, message: `--${name} does not apply to "${command}".` });
    }
  }
  switch (command) {
    case 'completion':
      if (targets.length !== 1 || !(SHELLS as readonly string[]).includes(targets[0] ?? '')) {
        issues.push({ path: 'shell', message: `Name one shell: pim-stepup completion ${SHELLS.join('|')}.` });
      }
      break;
    case 'roles':
    case 'status':
    case 'sign-out':
      if (targets.length > 0) {
        issues.push({ path: 'targets', message: `"${command}" takes no role names (got "${targets.join('", "').slice(0, 80)}").` });
      }
      break;
    case 'deactivate':
      if (targets.length === 0) {
        issues.push({ path: 'targets', message: 'Name at least one role or group to deactivate.' });
      }
      break;
    case 'cancel': {
      const requestId = text(values['request-id']);
      if (targets.length === 0 && requestId === undefined) {
        issues.push({ path: 'targets', message: 'Name the role or group whose pending request to cancel, or give --request-id ID.' });
      }
      if (targets.length > 0 && requestId !== undefined) {
        issues.push({ path: 'request-id', message: 'Give role names or --request-id, not both.' });
      }
      // Every form "activate" and "status" print: Graph's id, an Azure request's name, or its full ARM id.
      if (
        requestId !== undefined &&
        (!/^[\w-]+$/.test(requestId) || requestId.length > PIM_REQUEST_ID_MAX) &&
        parseAzureRequestId(requestId) === null
      ) {
        issues.push({
          path: 'request-id',
          message:
            'A request id is the id "activate" or "status" printed: letters, digits and dashes, or an Azure request\'s full id (/…/roleAssignmentScheduleRequests/<name>).',
        });
      }
      break;
    }
    case 'activate': {
      if (targets.length === 0) {
        issues.push({ path: 'targets', message: 'Name at least one role or group to activate.' });
      }
      const duration = text(values.duration);
      if (duration === undefined) {
        issues.push({ path: 'duration', message: 'Give --duration, e.g. --duration PT2H for two hours.' });
      }
      issues.push(
        ...validateActivationInput({
          duration: duration ?? 'PT1H',
          justification: text(values.justification) ?? '',
          ticketNumber: text(values['ticket-number']),
          ticketSystem: text(values['ticket-system']),
        }).map((issue) => ({ path: flagOf(issue.path), message: issue.message })),
      );
      const start = text(values.start);
      if (start !== undefined) {
        const parsed = parseStartTime(start, line.now ?? Date.now());
        if (!parsed.ok) {
          issues.push({ path: 'start', message: `--start: ${parsed.problem}` });
        }
      }
      const waitTimeout = text(values['wait-timeout']);
      if (waitTimeout !== undefined) {
        const parsed = seconds(waitTimeout, 'wait-timeout', 5, 86_400);
        if (typeof parsed === 'string') {
          issues.push({ path: 'wait-timeout', message: parsed });
        }
        if (values.wait !== true && values['wait-usable'] !== true) {
          issues.push({ path: 'wait-timeout', message: '--wait-timeout only means something with --wait or --wait-usable.' });
        }
      }
      break;
    }
  }
  return issues;
}

/** The command-line flag for an activation field, so messages name what the person typed. */
function flagOf(path: string): string {
  return path === 'ticketNumber' ? 'ticket-number' : path === 'ticketSystem' ? 'ticket-system' : path;
}

/** Issues as one message for stderr: each on its own line, with the flag it concerns. */
export function issuesText(issues: readonly FieldIssue[]): string {
  return issues
    .map((issue) =>
      /^(targets|shell)$/.test(issue.path) || issue.message.includes(`--${issue.path}`)
        ? issue.message
        : `--${issue.path}: ${issue.message}`,
    )
    .join('\n');
}

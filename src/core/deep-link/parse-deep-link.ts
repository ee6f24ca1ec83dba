/**
 * Parses and strictly validates `pim-stepup://activate?role=…&duration=…&ticket=…&justification=…`.
 *
 * Links arrive from outside the app (an email, a ticket, a web page), so everything is
 * refused unless it is exactly what the help-desk flow needs: one host (`activate`), a
 * closed set of parameters, bounded clean text and a sane duration. A refusal names every
 * problem, because the help desk builds these links by hand and needs to know what to fix.
 */
import type { FieldIssue } from '../../shared/errors';
import { appError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { DeepLinkIntent } from './deep-link-intent';
import { DEEP_LINK_SCHEME } from './deep-link-intent';
import { activationInputProblems, DURATION_TEXT_MAX } from '../../shared/rules/activation-input';
import { canonicalDuration, checkActivationDuration } from '../../shared/rules/duration';
import { echoable, JUSTIFICATION_MAX, TICKET_FIELD_MAX, textProblem as sharedTextProblem } from '../../shared/rules/text';
import { ROLE_ID_MAX } from '../../shared/domain/roles';

/** Longer than any real link; Windows' own protocol activation truncates near 2 KB anyway. */
export const MAX_DEEP_LINK_LENGTH = 4096;
export const MAX_DEEP_LINK_ROLES = 20;

type ParamName = 'role' | 'duration' | 'justification' | 'ticket' | 'ticketSystem';

/** Each parameter's bound, matching the activation request schema the wizard will submit. */
const LIMITS: Readonly<Record<ParamName, number>> = {
  role: ROLE_ID_MAX,
  duration: DURATION_TEXT_MAX,
  justification: JUSTIFICATION_MAX,
  ticket: TICKET_FIELD_MAX,
  ticketSystem: TICKET_FIELD_MAX,
};
const PARAMS = Object.keys(LIMITS) as readonly ParamName[];

/**
 * Validates a deep link and returns the wizard pre-fill it describes.
 *
 * The result never activates anything: see `DeepLinkIntent.requiresConfirmation`.
 */
export function parseDeepLink(input: unknown): Result<DeepLinkIntent> {
  if (typeof input !== 'string') {
    return refuse([{ path: '', message: 'The link must be text.' }]);
  }
  if (input.length > MAX_DEEP_LINK_LENGTH) {
    return refuse([
      { path: '', message: `The link is ${String(input.length)} characters long; at most ${String(MAX_DEEP_LINK_LENGTH)} are allowed.` },
    ]);
  }
  // A raw link has every special character percent-encoded; anything else is tampering.
  if (/[^\x21-\x7e]/.test(input)) {
    return refuse([{ path: '', message: 'The link contains spaces, control or non-ASCII characters; percent-encode parameter values.' }]);
  }

  const prefix = `${DEEP_LINK_SCHEME}://`;
  if (!input.toLowerCase().startsWith(prefix)) {
    return refuse([{ path: 'scheme', message: `The link must start with ${prefix}activate?` }]);
  }
  const rest = input.slice(prefix.length);
  const hashAt = rest.indexOf('#');
  if (hashAt !== -1) {
    return refuse([{ path: '', message: 'The link must not contain a # fragment.' }]);
  }
  const queryAt = rest.indexOf('?');
  const authorityAndPath = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt + 1);

  // Browsers and Windows sometimes add a trailing slash (`pim-stepup://activate/?…`).
  const action = authorityAndPath.endsWith('/') ? authorityAndPath.slice(0, -1) : authorityAndPath;
  if (action !== 'activate') {
    return refuse([
      { path: 'action', message: `Unknown action "${truncate(action, 40)}"; the only supported link is ${prefix}activate?role=…` },
    ]);
  }
  return parseQuery(query);
}

/** The roles a link names: at least one, at most MAX_DEEP_LINK_ROLES, each once (by name, ignoring case). */
function roleIssues(roles: readonly string[], issues: FieldIssue[]): void {
  if (roles.length === 0) {
    issues.push({ path: 'role', message: 'The link names no role; add role=<role name or id> (repeat it for several roles).' });
  }
  if (roles.length > MAX_DEEP_LINK_ROLES) {
    issues.push({
      path: 'role',
      message: `The link names ${String(roles.length)} roles; at most ${String(MAX_DEEP_LINK_ROLES)} are allowed.`,
    });
  }
  const seen = new Set<string>();
  roles.forEach((role, index) => {
    const key = role.trim().toLowerCase();
    if (seen.has(key)) {
      issues.push({ path: `role[${String(index)}]`, message: `The role "${truncate(role, 60)}" is named twice; name each role once.` });
    }
    seen.add(key);
  });
}

function parseQuery(query: string): Result<DeepLinkIntent> {
  const issues: FieldIssue[] = [];
  const values = new Map<ParamName, string[]>();

  const pairs = query === '' ? [] : query.split('&');
  if (pairs.length > 64) {
    return refuse([{ path: '', message: `The link has ${String(pairs.length)} parameters; a valid link has far fewer.` }]);
  }
  for (const pair of pairs) {
    if (pair === '') {
      continue; // `a=1&&b=2` or a trailing `&`: harmless separators.
    }
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const name = decode(rawName);
    if (name === null || !isParamName(name)) {
      issues.push({ path: truncate(name ?? rawName, 40), message: unknownParamMessage(name ?? rawName) });
      continue;
    }
    if (eq === -1) {
      issues.push({ path: name, message: `${name} has no value; write ${name}=… or leave it out.` });
      continue;
    }
    const value = decode(rawValue);
    if (value === null) {
      issues.push({ path: name, message: `${name} has a malformed percent-encoding; encode it with encodeURIComponent.` });
      continue;
    }
    const list = values.get(name) ?? [];
    list.push(value);
    values.set(name, list);
  }

  for (const [name, list] of values) {
    if (name !== 'role' && list.length > 1) {
      issues.push({ path: name, message: `${name} appears ${String(list.length)} times; give it once.` });
    }
    list.forEach((value, index) => {
      const path = name === 'role' && list.length > 1 ? `role[${String(index)}]` : name;
      const problem = textProblem(name, value);
      if (problem !== null) {
        issues.push({ path, message: problem });
      }
    });
  }

  const roles = values.get('role') ?? [];
  roleIssues(roles, issues);

  const duration = values.get('duration')?.[0];
  if (duration !== undefined && textProblem('duration', duration) === null) {
    const problem = durationProblem(duration);
    if (problem !== null) {
      issues.push({ path: 'duration', message: problem });
    }
  }
  // The one activation-input rule, without a policy (the window applies the roles' own once it has the catalog): a
  // half ticket is refused on the parameter that is missing, as every surface names that field.
  if (values.has('ticket') !== values.has('ticketSystem')) {
    const half = activationInputProblems({
      justification: '',
      ticketNumber: values.get('ticket')?.[0],
      ticketSystem: values.get('ticketSystem')?.[0],
    });
    const [missing, given, message] = values.has('ticket')
      ? (['ticketSystem', 'ticket', half.ticketSystem] as const)
      : (['ticket', 'ticketSystem', half.ticketNumber] as const);
    if (message !== undefined) {
      issues.push({ path: missing, message: `${message} Add ${missing}=… to the link or remove ${given}.` });
    }
  }

  if (issues.length > 0) {
    return refuse(issues);
  }
  const justification = values.get('justification')?.[0];
  const ticketNumber = values.get('ticket')?.[0];
  const ticketSystem = values.get('ticketSystem')?.[0];
  return ok({
    action: 'activate',
    roles: roles.map((role) => role.trim()),
    ...(duration === undefined ? {} : { duration: canonicalDuration(duration) }),
    ...(justification === undefined ? {} : { justification: justification.trim() }),
    ...(ticketNumber === undefined ? {} : { ticketNumber: ticketNumber.trim() }),
    ...(ticketSystem === undefined ? {} : { ticketSystem: ticketSystem.trim() }),
    requiresConfirmation: true,
  });
}

function textProblem(name: ParamName, value: string): string | null {
  if (value.trim() === '') {
    return `${name} is empty; give a value or leave the parameter out.`;
  }
  // Links carry one line: no line breaks even in the justification.
  return sharedTextProblem(value, { label: name, max: LIMITS[name] });
}

function durationProblem(duration: string): string | null {
  const checked = checkActivationDuration(duration);
  return checked.ok ? null : checked.problem;
}

/** Decodes one query component (`+` is a space, as in HTML forms); null when the percent-encoding is broken. */
function decode(component: string): string | null {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function isParamName(name: string): name is ParamName {
  return (PARAMS as readonly string[]).includes(name);
}

function unknownParamMessage(name: string): string {
  const shown = truncate(name, 40);
  const near = PARAMS.find(
    (param) => param.toLowerCase() === name.toLowerCase() || (name.toLowerCase() === 'ticketnumber' && param === 'ticket'),
  );
  return near === undefined
    ? `Unknown parameter "${shown}"; allowed: ${PARAMS.join(', ')}.`
    : `Unknown parameter "${shown}"; did you mean "${near}"? (names are case-sensitive)`;
}

function truncate(text: string, max: number): string {
  // Shown back to the admin: never echo control characters, even when refusing them.
  return echoable(text, { max });
}

function refuse(issues: readonly FieldIssue[]): Result<DeepLinkIntent> {
  const first = issues[0];
  const summary = first === undefined ? '' : ` ${first.message}`;
  const more = issues.length > 1 ? ` (${String(issues.length - 1)} more problem${issues.length > 2 ? 's' : ''})` : '';
  return err(appError('input/invalid', `This PIM Step-Up link was refused and nothing was filled in.${summary}${more}`, { issues }));
}

/**
 * What a person reads in a terminal of 80 to 120 columns: tables whose cells stay short, times
 * in the local zone with what is left ("until 20:55 (59 min)"), and long problems numbered under
 * the table instead of stretched across it. Service trace lines (AADSTS trace and correlation
 * ids, timestamps) are kept for `--verbose`.
 */
import { fitWidth } from './display-width';
import type { ActivationOutcome, ActivationReport, DeactivationOutcome } from '../shared/domain/activation';
import type { RoleState } from '../shared/domain/role-state';
import { roleStateOf } from '../shared/domain/role-state';
import type { EligibleRole, RoleCatalog } from '../shared/domain/roles';
import type { SessionSummary } from '../shared/domain/session';
import { tenantLabel } from '../shared/rules/tenant-label';
import type { AppError } from '../shared/errors';
import { describeIsoDuration, formatDuration } from '../shared/rules/duration';
import type { PimRequest } from '../core/pim/pim-requests';
import { parseAzureRequestId } from '../shared/domain/azure-request-id';
import { formatTable } from './output';

/** Longest cell before a value is cut (the full value is in `--json`). */
const CELL_MAX = 40;

const TRACE_LINE = /^\s*(Trace ID|Correlation ID|Timestamp)\s*:/i;
// The same trace fields when a service message was folded onto one line.
const TRACE_INLINE = /\s*\b(?:Trace ID|Correlation ID):\s*[\w-]+|\s*\bTimestamp:\s*[\d\-:. TZ]*[\dZ]/gi;

function cell(text: string, max = CELL_MAX): string {
  return fitWidth(text, max);
}

/** `status` names fit wider cells: its widest table (name, start time, a 36-character id) still stays within 120. */
const NAME_MAX = 52;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** "20:55 (59 min)" for today, "Tue 3 Dec 20:55 (1 day 2 h)" later; "20:55 (ended)" in the past. */
export function localTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (iso === null || iso === undefined) {
    return 'permanent';
  }
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) {
    return iso;
  }
  const clock = `${two(at.getHours())}:${two(at.getMinutes())}`;
  const sameDay = at.toDateString() === now.toDateString();
  const day = sameDay ? '' : `${at.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' })} `;
  const left = (at.getTime() - now.getTime()) / 1000;
  return `${day}${clock} (${left <= 0 ? 'ended' : formatDuration(Math.max(60, left))})`;
}

/** "20:55" in the local zone, for moments in the past. */
function clockTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** The error's message without the service's trace lines (unless verbose), and its code. */
export function describeError(error: AppError, verbose = false): string {
  const lines = error.message.split(/\r?\n/).filter((line) => verbose || !TRACE_LINE.test(line));
  const message = verbose ? lines.join('\n').trim() : lines.join(' ').replace(TRACE_INLINE, '').replace(/\.\./g, '.').trim();
  const trace = [
    error.requestId === undefined ? '' : `request id ${error.requestId}`,
    verbose && error.date !== undefined ? error.date : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  const showTrace = trace !== '' && !message.includes(error.requestId ?? '\u0000');
  return `${message}${showTrace ? ` (${trace})` : ''} [${error.code}]`;
}

function requirementText(role: EligibleRole): string {
  const r = role.requirements;
  if (!r.known) {
    return 'unknown (policy not readable)';
  }
  const parts: string[] = [];
  if (r.authenticationContext !== null) {
    parts.push(`step-up ${r.authenticationContext.id}`);
  }
  if (r.mfa) {
    parts.push('MFA');
  }
  if (r.justification) {
    parts.push('justification');
  }
  if (r.ticket) {
    parts.push('ticket');
  }
  if (r.approval) {
    parts.push('approval');
  }
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** A role's state in a few words, from the role-state model: "until 20:55 (59 min)", "from Tue 3 Dec 08:00 (…)". */
export function stateCell(state: RoleState | undefined, now: Date): string {
  switch (state?.state) {
    case 'active':
    case 'assigned':
      return `until ${localTime(state.endDateTime, now)}`;
    case 'scheduled':
      return `scheduled from ${localTime(state.startDateTime, now)}`;
    case 'pending-approval':
      return 'waiting for approval';
    case 'activating':
      return 'activating';
    case 'eligible':
      return state.request === null ? '-' : `last request ${state.request.phase}`;
    case undefined:
      return '-';
  }
}

export function rolesText(catalog: RoleCatalog, now = new Date()): string {
  const rows = catalog.eligible.map((r) => [
    cell(r.displayName),
    cell(r.scopeLabel),
    stateCell(roleStateOf(catalog.states, r.id), now),
    r.requirements.maximumDuration === null ? '?' : describeIsoDuration(r.requirements.maximumDuration),
    requirementText(r),
  ]);
  const contexts = new Map(
    catalog.eligible.flatMap((r) =>
      r.requirements.authenticationContext === null
        ? []
        : [[r.requirements.authenticationContext.id, r.requirements.authenticationContext.displayName] as const],
    ),
  );
  const notes = [
    contexts.size === 0
      ? ''
      : ['Step-up contexts:', ...[...contexts].sort(([a], [b]) => a.localeCompare(b)).map(([id, name]) => `  ${id} = ${name}`)].join('\n'),
    catalog.policiesReadable ? '' : 'Some policies could not be read: their requirements will be learned when you activate.',
    // Why Azure roles are missing from the table (unreachable, refused, no permission), never left unsaid.
    catalog.azure === undefined || catalog.azure.status === 'available' || catalog.azure.status === 'not-configured'
      ? ''
      : catalog.azure.message,
    Math.abs(catalog.clockSkewSeconds) > 120
      ? `Warning: this computer's clock differs from Microsoft Graph by ${String(catalog.clockSkewSeconds)} seconds.`
      : '',
    'Ids for scripts: pim-stepup roles --json.',
  ].filter((n) => n !== '');
  return [formatTable(['Role or group', 'Scope', 'State', 'Max', 'Requires'], rows), ...notes].join('\n');
}

/** A table of rows with a numbered problem column; the problems themselves follow the table. */
function tableWithProblems(headers: readonly string[], rows: readonly (readonly string[])[], problems: readonly (string | null)[]): string {
  const listed: string[] = [];
  const withRefs = rows.map((row, i) => {
    const problem = problems[i] ?? null;
    if (problem === null) {
      return [...row, ''];
    }
    listed.push(`  [${String(listed.length + 1)}] ${row[0] ?? ''}: ${problem}`);
    return [...row, `see [${String(listed.length)}]`];
  });
  const table = formatTable([...headers, listed.length > 0 ? 'Problem' : ''], withRefs);
  return listed.length === 0 ? table : [table, '', 'Problems:', ...listed].join('\n');
}

function outcomeDetail(o: ActivationOutcome, now: Date): string {
  const already = o.alreadyRequested === true ? 'already ' : '';
  if (o.status === 'pending-approval') {
    return `${already}${o.requestId === undefined ? 'waiting for approval' : `waiting, request ${o.requestId}`}`;
  }
  if (o.status === 'scheduled') {
    const request = o.requestId === undefined ? '' : `, request ${o.requestId}`;
    return `${already}${o.startDateTime ? `scheduled from ${localTime(o.startDateTime, now)}` : 'scheduled'}${request}`;
  }
  return o.endDateTime ? `until ${localTime(o.endDateTime, now)}` : '';
}

export function reportText(report: ActivationReport, options: { readonly verbose?: boolean; readonly now?: Date } = {}): string {
  const now = options.now ?? new Date();
  // A failure whose effect is unknown is not called failed: PIM may have accepted it.
  const status = (o: ActivationOutcome) => (o.unconfirmed === true ? 'not confirmed' : o.status);
  const rows = report.outcomes.map((o) => [cell(o.displayName), status(o), outcomeDetail(o, now), `${(o.elapsedMs / 1000).toFixed(1)} s`]);
  const problems = report.outcomes.map((o) => (o.error === undefined ? null : describeError(o.error, options.verbose)));
  // With step-ups, each one says what it proved; without, the session's evidence does.
  const evidence =
    report.evidence === null || report.stepUps.length > 0
      ? ''
      : `Signed in with: ${report.evidence.methods.join(', ') || 'unknown methods'}${report.evidence.contexts.length > 0 ? `; contexts ${report.evidence.contexts.join(', ')}` : ''}.`;
  // Every step-up of the run, not only the last: what each proved, how and when.
  const stepUps = report.stepUps.map(
    (s) =>
      `Step-up ${s.asked.map((c) => `${c.displayName} (${c.id})`).join(', ') || 'fresh multifactor sign-in'}: ` +
      `proved ${s.contexts.join(', ') || 'no context'} with ${s.methods.join(', ') || 'unknown methods'}` +
      `${s.authenticatedAt === null ? '' : ` at ${clockTime(s.authenticatedAt)}`}${s.interactive ? '' : ' (no prompt needed)'}.`,
  );
  return [
    tableWithProblems(['Role or group', 'Result', 'Detail', 'Took'], rows, problems),
    `Sign-in prompts: ${String(report.prompts)}.${report.contextsProven.length > 0 ? ` Contexts proven: ${report.contextsProven.join(', ')}.` : ''} ${evidence}`.trim(),
    ...stepUps,
    ...readinessLines(report),
  ].join('\n');
}

/** Seconds between two ISO times, said plainly ("42 s", "3 min 5 s"). */
function between(from: string, to: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return seconds < 60 ? `${String(seconds)} s` : `${String(Math.floor(seconds / 60))} min ${String(seconds % 60)} s`;
}

/** Active is not usable: for each role PIM reported active, when it became usable, or why that is not confirmed. */
export function readinessLines(report: ActivationReport): string[] {
  return report.outcomes
    .filter((o) => (o.status === 'active' || o.status === 'already-active') && o.activeAt !== undefined)
    .map((o) => {
      const active = o.activeAt === null || o.activeAt === undefined ? 'active' : `active at ${clockTime(o.activeAt)}`;
      if (o.usableAt !== null && o.usableAt !== undefined) {
        const after = o.activeAt === null || o.activeAt === undefined ? '' : ` (${between(o.activeAt, o.usableAt)} after active)`;
        return `${o.displayName}: ${active}, usable at ${clockTime(o.usableAt)}${after}.`;
      }
      return `${o.displayName}: ${active}; usable not confirmed. ${o.usableNote ?? ''}`.trim();
    });
}

export function deactivationText(outcomes: readonly (DeactivationOutcome & { readonly displayName: string })[], verbose = false): string {
  return tableWithProblems(
    ['Role or group', 'Result'],
    outcomes.map((o) => [cell(o.displayName), o.status]),
    outcomes.map((o) => (o.error === undefined ? null : describeError(o.error, verbose))),
  );
}

/** An open request (waiting for approval or scheduled) as `status` lists it. */
export type StatusRequest = PimRequest & { readonly displayName: string };

/** The id a table shows for a request: Graph's id, or an Azure request's name (`--json` has its full ARM id; `cancel --request-id` takes either). */
export function requestLabel(request: Pick<PimRequest, 'id' | 'kind'>): string {
  return request.kind === 'azureResource' ? (parseAzureRequestId(request.id)?.name ?? request.id) : request.id;
}

/** A role as `status` names it: Azure roles share names across scopes ("Owner"), so the scope's name is added. */
export function roleName(role: EligibleRole): string {
  return role.azure === undefined ? role.displayName : `${role.displayName} (${role.azure.scopeDisplayName})`;
}

/** `status`: each role where it stands, from the role-state model (the one `roles` and `activate` read too). */
export function statusText(session: SessionSummary | null, roles: readonly RoleState[], now = new Date()): string {
  const section = (title: string, table: string | null): string => (table === null ? `${title}: none.` : `${title}:\n${table}`);
  const inState = (...names: RoleState['state'][]) => roles.filter((r) => names.includes(r.state));
  const table = (headers: readonly string[], rows: readonly (readonly string[])[]) =>
    rows.length === 0 ? null : formatTable(headers, rows);
  const id = (r: RoleState) => (r.request === null ? '-' : requestLabel(r.request));
  const decided = roles.filter((r) => r.state === 'eligible' && r.request !== null);
  return [
    session === null ? 'Not signed in.' : `Signed in as ${session.username} at ${tenantLabel(session)}.`,
    section(
      'Active',
      table(
        ['Role or group', 'Type', 'Until'],
        inState('active', 'assigned', 'activating').map((r) => [
          cell(r.displayName, NAME_MAX),
          r.state === 'assigned' ? 'Assigned' : r.state === 'activating' ? 'Activating' : 'Activated',
          localTime(r.endDateTime, now),
        ]),
      ),
    ),
    section(
      'Waiting for approval',
      table(
        ['Role or group', 'Requested', 'Request id'],
        inState('pending-approval').map((r) => [
          cell(r.displayName, NAME_MAX),
          r.request?.createdDateTime == null ? '?' : localTime(r.request.createdDateTime, now).replace(/ \(.*\)$/, ''),
          id(r),
        ]),
      ),
    ),
    section(
      'Scheduled',
      table(
        ['Role or group', 'Starts', 'Ends', 'Request id'],
        inState('scheduled').map((r) => [
          cell(r.displayName, NAME_MAX),
          r.startDateTime === null ? 'unknown' : localTime(r.startDateTime, now),
          r.endDateTime === null ? 'unknown' : localTime(r.endDateTime, now).replace(/ \(.*\)$/, ''),
          id(r),
        ]),
      ),
    ),
    ...(decided.length === 0
      ? []
      : [
          section(
            'Last decision',
            table(
              ['Role or group', 'Request', 'Request id'],
              decided.map((r) => [cell(r.displayName, NAME_MAX), r.request?.phase ?? '', id(r)]),
            ),
          ),
        ]),
  ].join('\n');
}

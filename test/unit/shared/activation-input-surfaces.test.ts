/**
 * One activation input, one verdict on every surface: the window's form, the IPC schema, the engine, the CLI's
 * pre-check and help-desk links all ask src/shared/rules/activation-input.ts. Each row goes through every surface
 * that can judge it and each must refuse exactly the listed fields. Rows that depend on a role's policy go through
 * the surfaces that know it (the window and the engine); the others leave the policy to the engine.
 */
import { describe, expect, it } from 'vitest';
import { checkCommandLine } from '../../../src/cli/check-input';
import { parseDeepLink } from '../../../src/core/deep-link/parse-deep-link';
import { validateActivation } from '../../../src/core/pim/validate-activation';
import type { Requirements } from '../../../src/shared/domain/roles';
import { activationRequestSchema } from '../../../src/shared/ipc/schemas';
import { validateForm } from '../../../src/renderer/wizard/selectors';

type Field = 'justification' | 'ticketNumber' | 'ticketSystem';
type Input = { readonly justification: string; readonly ticketNumber?: string; readonly ticketSystem?: string };
type Policy = { readonly justification: boolean; readonly ticket: boolean };
type Row = { readonly name: string; readonly input: Input; readonly policy?: Policy; readonly refused: readonly Field[] };

const REASON = { justification: true, ticket: false } as const;
const TICKET = { justification: false, ticket: true } as const;

const ROWS: readonly Row[] = [
  { name: 'a plain reason', input: { justification: 'Incident 42' }, refused: [] },
  { name: 'a full ticket', input: { justification: 'Incident 42', ticketNumber: 'INC-42', ticketSystem: 'ServiceNow' }, refused: [] },
  { name: 'a ticket number without its system', input: { justification: 'x', ticketNumber: 'INC-42' }, refused: ['ticketSystem'] },
  { name: 'a ticket system without a number', input: { justification: 'x', ticketSystem: 'ServiceNow' }, refused: ['ticketNumber'] },
  { name: 'a reason with a bell character', input: { justification: 'bad\u0007bell' }, refused: ['justification'] },
  { name: 'a reason with a direction override', input: { justification: 'Global \u202eAdmin' }, refused: ['justification'] },
  { name: 'a reason over the bound', input: { justification: 'x'.repeat(501) }, refused: ['justification'] },
  {
    name: 'a ticket number over the bound',
    input: { justification: 'x', ticketNumber: 'n'.repeat(101), ticketSystem: 'S' },
    refused: ['ticketNumber'],
  },
  {
    name: 'a zero-width ticket system',
    input: { justification: 'x', ticketNumber: 'INC-1', ticketSystem: 'Service\u200bNow' },
    refused: ['ticketSystem'],
  },
  // What a role's policy asks.
  { name: 'a 3-character reason on a role that requires one', input: { justification: 'fix' }, policy: REASON, refused: [] },
  { name: 'a blank reason on a role that requires one', input: { justification: '   ' }, policy: REASON, refused: ['justification'] },
  {
    name: 'no reason on a role that does not require one',
    input: { justification: '' },
    policy: TICKET,
    refused: ['ticketNumber', 'ticketSystem'],
  },
  {
    name: 'a required ticket, number only',
    input: { justification: 'x', ticketNumber: 'INC-1' },
    policy: TICKET,
    refused: ['ticketSystem'],
  },
  {
    name: 'a required ticket, system only',
    input: { justification: 'x', ticketSystem: 'Jira' },
    policy: TICKET,
    refused: ['ticketNumber'],
  },
  {
    name: 'a required ticket, both given',
    input: { justification: 'x', ticketNumber: 'INC-1', ticketSystem: 'Jira' },
    policy: TICKET,
    refused: [],
  },
];

const sorted = (fields: Iterable<string>): string[] => [...new Set(fields)].sort();
const fieldOf = (path: string): string =>
  ({ ticket: 'ticketNumber', 'ticket-number': 'ticketNumber', 'ticket-system': 'ticketSystem' })[path] ?? path;

const REQUIREMENTS: Requirements = {
  known: true,
  authenticationContext: null,
  mfa: false,
  justification: false,
  ticket: false,
  approval: false,
  maximumDuration: null,
};

/** Every surface, as a function from an input (and the policy, where it knows one) to the fields it refuses. */
const SURFACES = {
  window: (input: Input, policy: Policy) =>
    sorted(
      Object.keys(
        validateForm(
          { durationMinutes: 60, durations: {}, startAt: '', ticketNumber: '', ticketSystem: '', ...input },
          policy,
          Date.parse('2026-05-04T09:00:00Z'),
        ),
      ),
    ),
  engine: (input: Input, policy: Policy) =>
    sorted(validateActivation({ duration: 'PT1H', ...input }, { ...REQUIREMENTS, ...policy }).map((i) => i.path)),
  ipc: (input: Input) => {
    const parsed = activationRequestSchema.safeParse({ roleIds: ['role'], duration: 'PT1H', ...input });
    return parsed.success ? [] : sorted(parsed.error.issues.map((i) => String(i.path[0])));
  },
  cli: (input: Input) =>
    sorted(
      checkCommandLine({
        command: 'activate',
        targets: ['Global Administrator'],
        values: {
          duration: 'PT1H',
          justification: input.justification,
          ...(input.ticketNumber === undefined ? {} : { 'ticket-number': input.ticketNumber }),
          ...(input.ticketSystem === undefined ? {} : { 'ticket-system': input.ticketSystem }),
        },
      }).map((i) => fieldOf(i.path)),
    ),
  link: (input: Input) => {
    const params = new URLSearchParams({ role: 'Global Administrator', duration: 'PT1H' });
    const given: [string, string | undefined][] = [
      ['justification', input.justification],
      ['ticket', input.ticketNumber],
      ['ticketSystem', input.ticketSystem],
    ];
    for (const [name, value] of given) {
      // A link leaves out what it does not pre-fill (an empty parameter is a link-syntax error of its own).
      if (value !== undefined && value !== '') {
        params.set(name, value);
      }
    }
    const parsed = parseDeepLink(`pim-stepup://activate?${params.toString().replace(/\+/g, '%20')}`);
    return parsed.ok ? [] : sorted((parsed.error.issues ?? []).map((i) => fieldOf(i.path)));
  },
} as const;

const POLICY_FREE = { justification: false, ticket: false } as const;

describe('one activation-input rule on every surface', () => {
  const withoutPolicy = ROWS.filter((row) => row.policy === undefined);
  const withPolicy = ROWS.filter((row) => row.policy !== undefined);

  it.each(withoutPolicy)('$name: every surface refuses the same fields', ({ input, refused }) => {
    const verdicts = Object.fromEntries(Object.entries(SURFACES).map(([name, judge]) => [name, judge(input, POLICY_FREE)]));
    expect(verdicts).toEqual(Object.fromEntries(Object.keys(SURFACES).map((name) => [name, sorted(refused)])));
  });

  it.each(withPolicy)('$name: the window and the engine agree', ({ input, policy, refused }) => {
    const verdicts = { window: SURFACES.window(input, policy!), engine: SURFACES.engine(input, policy!) };
    expect(verdicts).toEqual({ window: sorted(refused), engine: sorted(refused) });
  });

  it('says the same words in the window and the engine', () => {
    const input = { justification: ' ', ticketSystem: 'Jira' };
    const policy = { justification: true, ticket: false };
    const window = validateForm({ durationMinutes: 60, durations: {}, startAt: '', ticketNumber: '', ...input }, policy);
    const engine = validateActivation({ duration: 'PT1H', ...input }, { ...REQUIREMENTS, ...policy });
    expect(Object.fromEntries(engine.map((i) => [i.path, i.message]))).toEqual(window);
  });
});

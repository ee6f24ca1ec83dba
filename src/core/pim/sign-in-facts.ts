/**
 * What a step-up will accept, from the tenant's own facts (docs/protocol.md, "What a step-up will accept"): the
 * Conditional Access policies that bind each authentication context to grant controls, and the authentication
 * strengths' method combinations. Either read may be refused (both need a reader role); a refused read is
 * `null`, and whatever depends on it is "unknown", never guessed from a context's name.
 */
import { z } from 'zod';
import type { GraphApi } from '../graph/graph-api';
import { GraphCallError } from '../graph/graph-api';
import type { Logger } from '../logging/logger';

export const SIGN_IN_FACT_PATHS = {
  conditionalAccessPolicies: '/identity/conditionalAccess/policies',
  authenticationStrengths: '/policies/authenticationStrengthPolicies',
} as const;

/** The built-in "Multifactor authentication" strength: what the grant control `mfa` amounts to. */
export const MFA_STRENGTH_ID = '00000000-0000-0000-0000-000000000002';

const strings = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);

const strengthSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  requirementsSatisfied: z.string().nullish(),
  allowedCombinations: strings,
});

const policySchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  state: z.string(),
  conditions: z
    .object({
      applications: z.object({ includeAuthenticationContextClassReferences: strings }).nullish(),
      users: z
        .object({
          includeUsers: strings,
          excludeUsers: strings,
          includeGroups: strings,
          excludeGroups: strings,
          includeRoles: strings,
          excludeRoles: strings,
        })
        .nullish(),
    })
    .nullish(),
  sessionControls: z
    .object({
      signInFrequency: z
        .object({
          isEnabled: z.boolean().nullish(),
          frequencyInterval: z.string().nullish(),
          value: z.number().nullish(),
          type: z.string().nullish(),
        })
        .nullish(),
    })
    .nullish(),
  grantControls: z
    .object({
      operator: z.string().nullish(),
      builtInControls: strings,
      customAuthenticationFactors: strings,
      termsOfUse: strings,
      authenticationStrength: z.object({ id: z.string(), displayName: z.string().nullish() }).nullish(),
    })
    .nullish(),
});

export type StrengthFact = {
  readonly id: string;
  readonly displayName: string;
  /** Each combination's method modes, e.g. `["password", "microsoftAuthenticatorPush"]`. */
  readonly combinations: readonly (readonly string[])[];
  readonly multifactor: boolean;
};

export type PolicyFact = z.output<typeof policySchema>;

export type SignInFacts = {
  /** The tenant's Conditional Access policies; null when they could not be read. */
  readonly policies: readonly PolicyFact[] | null;
  /** Authentication strengths by id; null when they could not be read. */
  readonly strengths: ReadonlyMap<string, StrengthFact> | null;
};

export const NO_SIGN_IN_FACTS: SignInFacts = { policies: null, strengths: null };

/** Reads tolerating a refusal: 401/403/404 and a shape we cannot read give `null`. */
async function readOptional<S extends z.ZodType>(
  graph: Pick<GraphApi, 'getAll'>,
  path: string,
  token: string,
  schema: S,
  logger: Logger,
): Promise<z.output<S>[] | null> {
  try {
    const items = await graph.getAll<unknown>(path, token);
    const parsed = z.array(schema).safeParse(items);
    if (!parsed.success) {
      logger.warn('sign-in facts had an unexpected shape; treated as unknown', { path });
      return null;
    }
    return parsed.data;
  } catch (cause) {
    if (cause instanceof GraphCallError && [401, 403, 404].includes(cause.failure.status)) {
      logger.info('sign-in facts not readable; the plan will say the organisation decides', { path, status: cause.failure.status });
      return null;
    }
    throw cause;
  }
}

/** Reads the policies and strengths in parallel (two requests, one round trip). */
export async function readSignInFacts(graph: Pick<GraphApi, 'getAll'>, token: string, logger: Logger): Promise<SignInFacts> {
  const [policies, strengths] = await Promise.all([
    readOptional(graph, SIGN_IN_FACT_PATHS.conditionalAccessPolicies, token, policySchema, logger),
    readOptional(graph, SIGN_IN_FACT_PATHS.authenticationStrengths, token, strengthSchema, logger),
  ]);
  return {
    policies,
    strengths:
      strengths === null
        ? null
        : new Map(
            strengths.map((s) => [
              s.id,
              {
                id: s.id,
                displayName: s.displayName ?? s.id,
                combinations: s.allowedCombinations.map((c) => c.split(',').map((mode) => mode.trim())),
                multifactor: s.requirementsSatisfied === 'mfa',
              },
            ]),
          ),
  };
}

/** What Conditional Access demands of a person for one authentication context. */
export type ContextDemand =
  /** Not knowable from what could be read (a refused read, or a condition the app cannot evaluate). */
  | { readonly kind: 'unknown' }
  /** Policies target the context, but none is enforced for this person: the context is issued without a sign-in. */
  | { readonly kind: 'none' }
  /** No policy targets the context at all: PIM's backup protection asks for multifactor authentication instead. */
  | { readonly kind: 'backup-mfa' }
  /** A sign-in with one of these method combinations (every enforced policy's controls together). */
  | {
      readonly kind: 'methods';
      readonly strengthNames: readonly string[];
      readonly combinations: readonly (readonly string[])[];
      readonly multifactor: boolean;
      /** The strictest sign-in frequency of the enforced policies: how recent the proof must be. */
      readonly frequency: SignInFrequency;
    };

/** `everyTime`, a window in milliseconds, or none. */
export type SignInFrequency = 'everyTime' | { readonly withinMs: number } | null;

function frequencyOf(policy: PolicyFact): SignInFrequency {
  const control = policy.sessionControls?.signInFrequency;
  if (control === null || control === undefined || control.isEnabled === false) {
    return null;
  }
  if (control.frequencyInterval === 'everyTime') {
    return 'everyTime';
  }
  const unit = control.type === 'days' ? 86_400_000 : 3_600_000;
  return typeof control.value === 'number' ? { withinMs: control.value * unit } : null;
}

function strictest(a: SignInFrequency, b: SignInFrequency): SignInFrequency {
  if (a === 'everyTime' || b === 'everyTime') {
    return 'everyTime';
  }
  if (a === null || b === null) {
    return a ?? b;
  }
  return a.withinMs <= b.withinMs ? a : b;
}

type Applies = 'yes' | 'no' | 'unknown';

function appliesTo(policy: PolicyFact, userId: string | null): Applies {
  const users = policy.conditions?.users;
  if (users === null || users === undefined || userId === null) {
    return 'unknown';
  }
  if (users.excludeUsers.includes(userId)) {
    return 'no';
  }
  // Groups, roles and the other conditions (locations, devices…) are not something the app can evaluate.
  const other = [users.includeGroups, users.excludeGroups, users.includeRoles, users.excludeRoles].some((list) => list.length > 0);
  if (other) {
    return 'unknown';
  }
  return users.includeUsers.includes('All') || users.includeUsers.includes(userId) ? 'yes' : 'no';
}

type Requirement = { readonly names: string[]; readonly combinations: string[][]; readonly multifactor: boolean } | 'unknown' | 'nothing';

/** One policy's grant controls as method combinations (its own operator), or unknown. */
function policyRequirement(policy: PolicyFact, strengths: ReadonlyMap<string, StrengthFact> | null): Requirement {
  const grant = policy.grantControls;
  if (grant === null || grant === undefined) {
    return 'nothing';
  }
  if (grant.customAuthenticationFactors.length > 0 || grant.termsOfUse.length > 0) {
    return 'unknown';
  }
  const parts: StrengthFact[] = [];
  for (const control of grant.builtInControls) {
    if (control !== 'mfa') {
      // A device, an app or a password change: not a choice of methods the plan can describe.
      return 'unknown';
    }
    const mfa = strengths?.get(MFA_STRENGTH_ID);
    if (mfa === undefined) {
      return 'unknown';
    }
    parts.push(mfa);
  }
  if (grant.authenticationStrength !== null && grant.authenticationStrength !== undefined) {
    const strength = strengths?.get(grant.authenticationStrength.id);
    if (strength === undefined) {
      return 'unknown';
    }
    parts.push(strength);
  }
  if (parts.length === 0) {
    return 'nothing';
  }
  const names = parts.map((p) => p.displayName);
  if ((grant.operator ?? 'OR').toUpperCase() === 'AND') {
    return {
      names,
      combinations: parts.reduce<string[][]>((acc, part) => crossProduct(acc, part.combinations), [[]]),
      multifactor: parts.some((p) => p.multifactor),
    };
  }
  return { names, combinations: parts.flatMap((p) => p.combinations.map((c) => [...c])), multifactor: parts.every((p) => p.multifactor) };
}

function crossProduct(left: readonly (readonly string[])[], right: readonly (readonly string[])[]): string[][] {
  return left.flatMap((a) => right.map((b) => [...new Set([...a, ...b])]));
}

/** Combinations without duplicates or supersets of another (a sign-in that does more than needed is not a new choice). */
function minimal(combinations: readonly (readonly string[])[]): string[][] {
  const sets = combinations.map((c) => [...new Set(c)]);
  const out: string[][] = [];
  sets.forEach((candidate, index) => {
    const covered = sets.some(
      (other, otherIndex) =>
        otherIndex !== index && other.every((mode) => candidate.includes(mode)) && (other.length < candidate.length || otherIndex < index),
    );
    if (!covered) {
      out.push(candidate);
    }
  });
  return out;
}

/** What Conditional Access demands for `contextId` of the user `userId` (their object id). */
export function contextDemand(facts: SignInFacts, contextId: string, userId: string | null): ContextDemand {
  if (facts.policies === null) {
    return { kind: 'unknown' };
  }
  const targeting = facts.policies.filter((p) =>
    p.conditions?.applications?.includeAuthenticationContextClassReferences.includes(contextId),
  );
  if (targeting.length === 0) {
    return { kind: 'backup-mfa' };
  }
  const enforced: PolicyFact[] = [];
  for (const policy of targeting.filter((p) => p.state === 'enabled')) {
    const applies = appliesTo(policy, userId);
    if (applies === 'unknown') {
      return { kind: 'unknown' };
    }
    if (applies === 'yes') {
      enforced.push(policy);
    }
  }
  const requirements = enforced.map((p) => policyRequirement(p, facts.strengths));
  if (requirements.includes('unknown')) {
    return { kind: 'unknown' };
  }
  const demands = requirements.filter((r): r is Exclude<Requirement, 'unknown' | 'nothing'> => typeof r !== 'string');
  if (demands.length === 0) {
    return { kind: 'none' };
  }
  return {
    kind: 'methods',
    strengthNames: [...new Set(demands.flatMap((d) => d.names))],
    combinations: minimal(demands.reduce<string[][]>((acc, d) => crossProduct(acc, d.combinations), [[]])),
    multifactor: demands.some((d) => d.multifactor),
    frequency: enforced.map(frequencyOf).reduce<SignInFrequency>(strictest, null),
  };
}

/** The combinations multifactor authentication accepts (the built-in strength), or null when unknown. */
export function mfaCombinations(facts: SignInFacts): readonly (readonly string[])[] | null {
  return facts.strengths?.get(MFA_STRENGTH_ID)?.combinations ?? null;
}

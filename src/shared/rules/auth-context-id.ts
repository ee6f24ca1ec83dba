/**
 * The one rule for an authentication context id: `c1` to `c25`, the claim values Conditional Access defines
 * (docs/protocol.md). Ids come from two places an attacker may shape, a claims challenge and a PIM policy's
 * `claimValue`, and both go into the `claims` request sent to the authority; both are checked here.
 */
const AUTH_CONTEXT_ID = /^c([1-9]|1\d|2[0-5])$/;

/** Whether `value` is an authentication context id (`c1`..`c25`, lower case, no padding). */
export function isAuthContextId(value: unknown): value is string {
  return typeof value === 'string' && AUTH_CONTEXT_ID.test(value);
}

/**
 * Marks a branch the type system proves unreachable; used at the end of exhaustive switches.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

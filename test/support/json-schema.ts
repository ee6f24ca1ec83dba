/**
 * A small JSON Schema validator for the keywords docs/cli-output.schema.json uses (type, const,
 * enum, required, properties, additionalProperties: false, items, anyOf, local $ref), so tests
 * check real CLI output against the published file itself. An unknown keyword fails loudly
 * instead of passing silently.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set([
  '$schema',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  '$ref',
  '$defs',
]);

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

/** The problems with `value` against `schema` (empty when it conforms), each with its JSON path. */
export function validateJson(value: unknown, schema: Schema, root: Schema = schema, at = '$'): string[] {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) {
      throw new Error(`The test validator does not know the keyword "${key}" (at ${at}); extend test/support/json-schema.ts.`);
    }
  }
  if (typeof schema.$ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : (root.$defs as Record<string, Schema> | undefined)?.[name];
    if (target === undefined) {
      throw new Error(`Unresolvable $ref ${schema.$ref}`);
    }
    return validateJson(value, target, root, at);
  }
  const problems: string[] = [];
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) {
      return [`${at}: expected ${allowed.join(' or ')}, got ${actual}`];
    }
  }
  if ('const' in schema && value !== schema.const) {
    problems.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Schema[]).map((branch) => validateJson(value, branch, root, at));
    if (!branches.some((b) => b.length === 0)) {
      problems.push(`${at}: matches none of anyOf (${branches.map((b) => b[0] ?? '').join(' | ')})`);
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in object)) {
        problems.push(`${at}: missing required "${key}"`);
      }
    }
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, child] of Object.entries(object)) {
      const sub = properties[key];
      if (sub !== undefined) {
        problems.push(...validateJson(child, sub, root, `${at}.${key}`));
      } else if (schema.additionalProperties === false) {
        problems.push(`${at}: unexpected property "${key}"`);
      }
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => problems.push(...validateJson(item, schema.items as Schema, root, `${at}[${String(i)}]`)));
  }
  return problems;
}

/**
 * Checks a CLI `--json` document against the published docs/cli-output.schema.json with Ajv (JSON Schema Draft
 * 2020-12, strict mode), so tests read the file people read, not a copy of it.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020';

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(JSON.parse(readFileSync('docs/cli-output.schema.json', 'utf8')) as object);

/** Every way `document` breaks the schema, one line each (empty when it fits). */
export function cliOutputProblems(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/**
 * docs/cli-output.schema.json is generated from the CLI's zod schemas (src/cli/output-schema.ts) by
 * scripts/cli-output-schema.mjs; the committed file must be what the generator writes, and documents the CLI builds
 * must fit it (checked by Ajv, the maintained validator the integration tests use too).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliDocument } from '../../../src/cli/json-output';
import { cliDocumentSchema, cliOutputJsonSchema } from '../../../src/cli/output-schema';
import { appError } from '../../../src/shared/errors';
import { cliOutputProblems } from '../../support/cli-output-validator';

describe('the CLI output schema', () => {
  it('is committed exactly as generated from the zod schemas (run node scripts/cli-output-schema.mjs)', () => {
    expect(JSON.parse(readFileSync('docs/cli-output.schema.json', 'utf8'))).toEqual(cliOutputJsonSchema());
  });

  it.each([
    [
      'a usage error',
      cliDocument({
        command: null,
        exitCode: 2,
        error: appError('input/invalid', 'Give --duration.', { issues: [{ path: 'duration', message: 'Give --duration.' }] }),
      }),
    ],
    ['sign-out', cliDocument({ command: 'sign-out', exitCode: 0, result: { signedOut: true } })],
    ['an interrupted run', cliDocument({ command: 'activate', exitCode: 130, interrupted: 'SIGINT' })],
    ['the version', cliDocument({ command: null, exitCode: 0, result: { version: '0.1.0' } })],
  ])('accepts %s as the CLI builds it, in the JSON file and in zod alike', (_name, document) => {
    const printed: unknown = JSON.parse(JSON.stringify(document));
    expect(cliOutputProblems(printed)).toEqual([]);
    expect(cliDocumentSchema.safeParse(printed).success).toBe(true);
  });

  it.each([
    ['an exit code outside the contract', { exitCode: 5 }],
    ['a missing error field', { error: undefined }],
    ['an unknown command', { command: 'rm' }],
    ['a sign-out result with extra fields', { result: { signedOut: true, token: 'x' } }],
    ['an error without a message', { error: { code: 'unexpected' } }],
  ])('refuses %s', (_name, change) => {
    const document: unknown = JSON.parse(
      JSON.stringify({ ...cliDocument({ command: 'sign-out', exitCode: 0, result: { signedOut: true } }), ...change }),
    );
    expect(cliOutputProblems(document)).not.toEqual([]);
    expect(cliDocumentSchema.safeParse(document).success).toBe(false);
  });
});

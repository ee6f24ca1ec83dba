import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../src/core/logging/logger';
import { createLogger, formatLogRecord, redact } from '../../../../src/core/logging/logger';
import { WALL_CLOCK_BAR_MS } from '../../../support/time-bar';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMiLCJhY3JzIjpbImMxIl19.c2lnbmF0dXJlLXZhbHVl';

describe('redaction', () => {
  it('removes JWTs, bearer values, refresh tokens, codes and passwords', () => {
    const text = [
      `token ${JWT} end`,
      'Authorization: Bearer abc.def-ghi',
      'grant_type=refresh_token&refresh_token=0.AAAArefresh&client_id=x',
      'code=M.R3_BAY.secretcode&state=abc',
      '{"password":"hunter2","access_token":"opaque123"}',
      'code_verifier=verif123',
    ].join('\n');
    const out = redact(text);
    for (const secret of [JWT, 'abc.def-ghi', '0.AAAArefresh', 'M.R3_BAY.secretcode', 'hunter2', 'opaque123', 'verif123']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('client_id=x');
    expect(out).toContain('state=abc');
  });

  it('redacts messages and nested fields before the sink sees them, and honours the level', () => {
    const records: LogRecord[] = [];
    const logger = createLogger({ sink: (r) => records.push(r), level: 'info', now: () => new Date('2026-11-25T00:00:00Z') });
    logger.debug('hidden');
    logger.child({ area: 'auth' }).warn(`got ${JWT}`, {
      headers: { Authorization: 'Bearer xyz' },
      refreshToken: 'rt',
      error: new Error(`bad ${JWT}`),
      nested: { list: [JWT] },
    });
    expect(records).toHaveLength(1);
    const line = formatLogRecord(records[0]!);
    expect(line).not.toContain(JWT);
    expect(line).not.toContain('xyz');
    expect(line).not.toContain('"rt"');
    expect(line).toMatch(/^2026-11-25T00:00:00.000Z WARN got \[redacted-jwt\]/);
    expect(records[0]?.fields).toMatchObject({ area: 'auth', headers: { Authorization: '[redacted]' }, refreshToken: '[redacted]' });
  });
});

describe('redaction on hostile input', () => {
  it('finds JWTs at the end of a sentence and inside dotted text', () => {
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig_part-1';
    expect(redact(`token is ${jwt}.`)).toBe('token is [redacted-jwt].');
    expect(redact(`a.b.${jwt}.c`)).toBe('a.b.[redacted-jwt].c');
    expect(redact(jwt)).toBe('[redacted-jwt]');
  });

  it('stays linear on long runs that look like token starts', () => {
    for (const atom of ['eyJ', 'eyJa.', 'bearer ', 'code=', 'authorization: ']) {
      const text = atom.repeat(Math.ceil(100_000 / atom.length));
      const started = performance.now();
      redact(text);
      // A quadratic pass over 100,000 characters takes minutes; a linear one milliseconds.
      expect(performance.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
    }
  });
});

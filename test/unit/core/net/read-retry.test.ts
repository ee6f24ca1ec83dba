/** The read-retry policy and server clock that the Graph and ARM clients share. */
import { describe, expect, it } from 'vitest';
import { createServerClock, readRetry, RETRYABLE_STATUS } from '../../../../src/core/net/read-retry';

describe('read retry', () => {
  it('waits what the service asked (plus under 100 ms of jitter), capped at the maximum', () => {
    const policy = readRetry({ maxRetryDelayMs: 10_000 });
    for (let i = 0; i < 50; i += 1) {
      const wait = policy.delay(0, 3);
      expect(wait).toBeGreaterThanOrEqual(3000);
      expect(wait).toBeLessThan(3100);
    }
    expect(policy.delay(0, 120)).toBe(10_000);
  });

  it('backs off exponentially with jitter when the service gave no time', () => {
    const policy = readRetry({ baseRetryDelayMs: 100, maxRetryDelayMs: 1000 });
    for (let i = 0; i < 50; i += 1) {
      expect(policy.delay(0, undefined)).toBeGreaterThanOrEqual(50);
      expect(policy.delay(0, undefined)).toBeLessThanOrEqual(100);
      expect(policy.delay(2, undefined)).toBeGreaterThanOrEqual(200);
      expect(policy.delay(2, undefined)).toBeLessThanOrEqual(400);
      expect(policy.delay(10, undefined)).toBeLessThanOrEqual(1000);
    }
  });

  it('retries only throttling and gateway answers, four times by default', () => {
    expect([...RETRYABLE_STATUS].sort()).toEqual([429, 503, 504]);
    expect(readRetry({}).maxRetries).toBe(4);
    expect(readRetry({ maxReadRetries: 0 }).maxRetries).toBe(0);
  });
});

describe('server clock', () => {
  it('learns the skew from Date headers and ignores unreadable ones', () => {
    const local = new Date('2026-12-02T10:00:30Z');
    const clock = createServerClock(() => local);
    expect(clock.read()).toEqual({ skewSeconds: 0, serverTime: local });
    clock.note('Wed, 02 Dec 2026 10:00:00 GMT');
    expect(clock.read()).toEqual({ skewSeconds: 30, serverTime: new Date('2026-12-02T10:00:00Z') });
    clock.note('not a date');
    clock.note(null);
    expect(clock.read().skewSeconds).toBe(30);
  });
});

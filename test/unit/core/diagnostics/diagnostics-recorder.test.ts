import { describe, expect, it } from 'vitest';
import { DiagnosticsRecorder } from '../../../../src/core/diagnostics/diagnostics-recorder';
import { appError } from '../../../../src/shared/errors';
import { REQUEST_ID, makeEntraOpaque, makeJwt, seededRandom } from './secrets';

const random = seededRandom(3);

function clock(start = Date.UTC(2026, 10, 25, 14, 0, 0)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

describe('DiagnosticsRecorder', () => {
  it('records steps in order with the injected clock', () => {
    const recorder = new DiagnosticsRecorder({ now: clock() });
    recorder.record({ step: 'sign-in', outcome: 'started' });
    recorder.record({
      step: 'GET roleEligibilityScheduleInstances',
      outcome: 'succeeded',
      requestId: REQUEST_ID,
      httpStatus: 200,
      durationMs: 123.6,
    });
    expect(recorder.entries()).toEqual([
      { at: '2026-11-25T14:00:01.000Z', step: 'sign-in', outcome: 'started' },
      {
        at: '2026-11-25T14:00:02.000Z',
        step: 'GET roleEligibilityScheduleInstances',
        outcome: 'succeeded',
        requestId: REQUEST_ID,
        httpStatus: 200,
        durationMs: 124,
      },
    ]);
  });

  it('keeps only the newest entries and counts what it dropped', () => {
    const recorder = new DiagnosticsRecorder({ capacity: 3, now: clock() });
    for (let i = 1; i <= 10; i += 1) {
      recorder.record({ step: `step ${String(i)}` });
    }
    expect(recorder.entries().map((e) => e.step)).toEqual(['step 8', 'step 9', 'step 10']);
    expect(recorder.dropped).toBe(7);
  });

  it('redacts secrets as they are recorded, so the buffer never holds one', () => {
    const jwt = makeJwt(random);
    const rt = makeEntraOpaque(random);
    const recorder = new DiagnosticsRecorder({ now: clock() });
    recorder.record({
      step: `POST /token refresh_token=${rt}`,
      detail: `Authorization: Bearer ${jwt}`,
      requestId: jwt,
      serviceCode: `code=${rt}`,
    });
    const text = JSON.stringify(recorder.entries());
    expect(text).not.toContain(jwt.split('.')[2]);
    expect(text).not.toContain(rt.slice(3, 40));
  });

  it('records an AppError with its codes and request id', () => {
    const recorder = new DiagnosticsRecorder({ now: clock() });
    recorder.recordError(
      'activate Exchange Administrator',
      appError('pim/policy-violation', 'The role requires a ticket number.', {
        requestId: REQUEST_ID,
        serviceCode: 'RoleAssignmentRequestPolicyValidationFailed',
      }),
    );
    expect(recorder.entries()[0]).toMatchObject({
      step: 'activate Exchange Administrator',
      outcome: 'failed',
      errorCode: 'pim/policy-violation',
      serviceCode: 'RoleAssignmentRequestPolicyValidationFailed',
      requestId: REQUEST_ID,
      detail: 'The role requires a ticket number.',
    });
  });

  it('bounds and cleans hostile strings and ignores bad numbers and dates', () => {
    const recorder = new DiagnosticsRecorder({ now: clock() });
    recorder.record({
      step: `a\u0000b ${'x y '.repeat(5000)}`,
      detail: 'y z '.repeat(250_000),
      at: 'not a date',
      httpStatus: 1.5,
      durationMs: Number.NaN,
    });
    const [entry] = recorder.entries();
    expect(entry?.step.length).toBeLessThanOrEqual(161);
    expect(entry?.step.startsWith('a b')).toBe(true);
    expect(entry?.detail?.length).toBeLessThanOrEqual(1001);
    expect(entry?.at).toBe('2026-11-25T14:00:01.000Z');
    expect(entry).not.toHaveProperty('httpStatus');
    expect(entry).not.toHaveProperty('durationMs');
  });

  it('names an empty step and accepts a valid explicit time', () => {
    const recorder = new DiagnosticsRecorder({ now: clock() });
    recorder.record({ step: '', at: '2026-01-01T00:00:00+01:00' });
    expect(recorder.entries()[0]).toMatchObject({ step: '(unnamed step)', at: '2025-12-31T23:00:00.000Z' });
  });

  it('forgets everything on clear (kiosk end of session)', () => {
    const recorder = new DiagnosticsRecorder({ capacity: 1, now: clock() });
    recorder.record({ step: 'a' });
    recorder.record({ step: 'b' });
    recorder.clear();
    expect(recorder.entries()).toEqual([]);
    expect(recorder.dropped).toBe(0);
  });

  it('returns a copy, so callers cannot edit the timeline', () => {
    const recorder = new DiagnosticsRecorder({ now: clock() });
    recorder.record({ step: 'a' });
    (recorder.entries() as unknown[]).push('junk');
    expect(recorder.entries()).toHaveLength(1);
  });
});

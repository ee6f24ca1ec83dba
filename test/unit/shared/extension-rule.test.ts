/**
 * When the app offers "Request extension": only for a time-bound directory assignment an administrator made, in its
 * last 14 days; an activation is never extendable (PIM cannot lengthen one). The same rule refuses in the engine and
 * hides the button on the home screen. The extension's body is an activation's with another action, and its IPC
 * schema uses the one duration grammar.
 */
import { describe, expect, it } from 'vitest';
import { requestBody } from '../../../src/core/pim/graph-paths';
import type { ActiveAssignment } from '../../../src/shared/domain/roles';
import { extensionRequestSchema } from '../../../src/shared/ipc/schemas';
import { ACTIVATION_NOT_EXTENDABLE, EXTENSION_WINDOW_MS, extensionEligibility } from '../../../src/shared/rules/extension';

const NOW = Date.parse('2026-12-03T08:00:00Z');
const DAY = 86_400_000;
const directory = { kind: 'directoryRole', roleDefinitionId: 'r1', directoryScopeId: '/' } as const;
const assigned = (endsInMs: number | null, extra: Partial<ActiveAssignment> = {}): ActiveAssignment => ({
  id: 'role:r1:/',
  target: directory,
  displayName: 'Billing Administrator',
  startDateTime: '2026-11-01T00:00:00Z',
  endDateTime: endsInMs === null ? null : new Date(NOW + endsInMs).toISOString(),
  assignmentType: 'Assigned',
  ...extra,
});

describe('extensionEligibility', () => {
  it('offers an admin assignment ending within 14 days, up to the last minute', () => {
    expect(extensionEligibility(assigned(10 * DAY), NOW).kind).toBe('extendable');
    expect(extensionEligibility(assigned(EXTENSION_WINDOW_MS), NOW).kind).toBe('extendable');
    expect(extensionEligibility(assigned(60_000), NOW).kind).toBe('extendable');
  });

  it('says why everything else is not offered', () => {
    const cases: [ActiveAssignment, string][] = [
      [assigned(2 * 3_600_000, { assignmentType: 'Activated' }), 'activation'],
      [assigned(null), 'permanent'],
      [assigned(EXTENSION_WINDOW_MS + 60_000), 'not-yet'],
      [assigned(-60_000), 'ended'],
      [assigned(5 * DAY, { target: { kind: 'group', groupId: 'g', accessId: 'member' } }), 'not-directory'],
      [assigned(5 * DAY, { target: { kind: 'azureResource', scope: '/subscriptions/s', roleDefinitionId: 'x' } }), 'not-directory'],
      [assigned(5 * DAY, { endDateTime: 'not a date' }), 'ended'],
    ];
    for (const [active, kind] of cases) {
      const result = extensionEligibility(active, NOW);
      expect(result.kind).toBe(kind);
      expect(result.kind !== 'extendable' && result.reason).toMatch(/\.$/);
    }
    const activation = extensionEligibility(assigned(3_600_000, { assignmentType: 'Activated' }), NOW);
    expect(activation.kind !== 'extendable' && activation.reason).toBe(ACTIVATION_NOT_EXTENDABLE);
  });
});

describe('the extension request', () => {
  it('has an activation body with action selfExtend and the canonical duration', () => {
    expect(requestBody(directory, 'me', 'selfExtend', { duration: 'pt6h', justification: 'Quarter end' })).toEqual({
      action: 'selfExtend',
      principalId: 'me',
      roleDefinitionId: 'r1',
      directoryScopeId: '/',
      justification: 'Quarter end',
      scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT6H' } },
    });
  });

  it('is validated at IPC with the one duration grammar and a required, bounded Reason', () => {
    const ok = { roleId: 'role:r1:/', duration: 'PT8H', justification: 'Quarter end' };
    expect(extensionRequestSchema.safeParse(ok).success).toBe(true);
    for (const bad of [
      { ...ok, duration: 'P1Y' },
      { ...ok, duration: 'PT2M' },
      { ...ok, duration: 'PT25H' },
      { ...ok, justification: '   ' },
      { ...ok, justification: 'x'.repeat(501) },
      { ...ok, justification: 'Pay\u202Eme' },
      { ...ok, extra: true },
    ]) {
      expect(extensionRequestSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 60)).toBe(false);
    }
  });
});

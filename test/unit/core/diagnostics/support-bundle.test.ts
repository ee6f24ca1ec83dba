import { describe, expect, it } from 'vitest';
import { DiagnosticsRecorder } from '../../../../src/core/diagnostics/diagnostics-recorder';
import { findSecrets } from '../../../../src/core/diagnostics/redact';
import type { SupportBundleInput } from '../../../../src/core/diagnostics/support-bundle';
import {
  buildSupportBundle,
  formatDiagnosticsText,
  serializeSupportBundle,
  supportBundleFileName,
} from '../../../../src/core/diagnostics/support-bundle';
import { appError } from '../../../../src/shared/errors';
import { CLAIMS_CHALLENGE, REQUEST_ID, makeEntraOpaque, makeJwt, makeShortSecret, seededRandom } from './secrets';

const random = seededRandom(11);
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function timeline(): DiagnosticsRecorder {
  let t = Date.UTC(2026, 10, 25, 14, 0, 0);
  const recorder = new DiagnosticsRecorder({ now: () => new Date((t += 1500)) });
  recorder.record({ step: 'sign-in', outcome: 'succeeded', durationMs: 8000 });
  recorder.record({ step: 'GET roleEligibilityScheduleInstances', outcome: 'succeeded', requestId: REQUEST_ID, httpStatus: 200 });
  recorder.recordError(
    'activate Exchange Administrator',
    appError('auth/step-up-unsatisfied', 'The role needs the "Privileged access" sign-in (c1).', {
      requestId: 'aaaa-1111',
      serviceCode: 'RoleAssignmentRequestAcrsValidationFailed',
    }),
  );
  recorder.record({ step: 'step-up c1', outcome: 'succeeded', detail: `claims=${CLAIMS_CHALLENGE}` });
  return recorder;
}

function input(overrides: Partial<SupportBundleInput> = {}): SupportBundleInput {
  const recorder = timeline();
  return {
    app: { version: '0.1.0', mode: 'standard' },
    os: { platform: 'win32', release: '10.0.26100', arch: 'x64' },
    tenant: { id: TENANT, simulated: false, cloud: 'public' },
    configuration: { tenant: TENANT, clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', mode: 'standard', idleTimeoutMinutes: 15 },
    managed: { source: 'C:\\ProgramData\\PIM Step-Up\\config.json', locked: ['tenant', 'clientId'] },
    evidence: {
      methods: ['pwd', 'mfa'],
      contexts: ['c1'],
      authenticatedAt: '2026-11-25T14:00:04.000Z',
      expiresAt: '2026-11-25T15:10:00.000Z',
      tenantId: TENANT,
      username: 'ana@contoso.com',
    },
    timeline: recorder.entries(),
    droppedSteps: recorder.dropped,
    generatedAt: new Date(Date.UTC(2026, 10, 25, 14, 5, 0)),
    ...overrides,
  };
}

describe('buildSupportBundle', () => {
  it('holds what the help desk needs', () => {
    const bundle = buildSupportBundle(input());
    expect(bundle).toMatchObject({
      format: 'pim-stepup-support-bundle',
      formatVersion: 1,
      generatedAt: '2026-11-25T14:05:00.000Z',
      app: { version: '0.1.0', mode: 'standard' },
      os: { platform: 'win32', release: '10.0.26100', arch: 'x64' },
      tenant: { id: TENANT, simulated: false, cloud: 'public' },
      managed: { source: 'C:\\ProgramData\\PIM Step-Up\\config.json', locked: ['tenant', 'clientId'] },
      evidence: {
        methods: ['pwd', 'mfa'],
        contexts: ['c1'],
        authenticatedAt: '2026-11-25T14:00:04.000Z',
        expiresAt: '2026-11-25T15:10:00.000Z',
      },
    });
    expect(bundle.timeline).toHaveLength(4);
    expect(bundle.graphRequests).toEqual([
      {
        at: '2026-11-25T14:00:03.000Z',
        step: 'GET roleEligibilityScheduleInstances',
        requestId: REQUEST_ID,
        httpStatus: 200,
        errorCode: null,
        serviceCode: null,
      },
      {
        at: '2026-11-25T14:00:04.500Z',
        step: 'activate Exchange Administrator',
        requestId: 'aaaa-1111',
        httpStatus: null,
        errorCode: 'auth/step-up-unsatisfied',
        serviceCode: 'RoleAssignmentRequestAcrsValidationFailed',
      },
    ]);
  });

  it('leaves the username out of the evidence summary', () => {
    const bundle = buildSupportBundle(input());
    expect(JSON.stringify(bundle)).not.toContain('ana@contoso.com');
    expect(Object.keys(bundle.evidence ?? {})).toEqual(['methods', 'contexts', 'authenticatedAt', 'expiresAt']);
  });

  it('says when the tenant is simulated, and handles no sign-in and no machine config', () => {
    const bundle = buildSupportBundle(input({ tenant: { id: 'simulated-tenant', simulated: true }, evidence: null, managed: undefined }));
    expect(bundle.tenant).toEqual({ id: 'simulated-tenant', simulated: true, cloud: null });
    expect(bundle.evidence).toBeNull();
    expect(bundle.managed).toEqual({ source: null, locked: [] });
    const text = formatDiagnosticsText(bundle);
    expect(text).toContain('SIMULATED demo tenant: nothing real was activated');
    expect(text).toContain('Sign-in evidence: none (not signed in)');
    expect(text).toContain('Managed: no machine configuration');
  });

  it('removes secrets from the configuration whatever the key spelling', () => {
    const bundle = buildSupportBundle(
      input({
        configuration: { tenant: TENANT, clientSecret: 'abc', client_secret: 'def', proxyPassword: 'ghi', nested: { RefreshToken: 'jkl' } },
      }),
    );
    expect(bundle.configuration).toEqual({
      tenant: TENANT,
      clientSecret: '[redacted]',
      client_secret: '[redacted]',
      proxyPassword: '[redacted]',
      nested: { RefreshToken: '[redacted]' },
    });
  });
});

describe('support output contains no credential, wherever one was planted', () => {
  const jwt = makeJwt(random);
  const rt = makeEntraOpaque(random);
  const code = makeEntraOpaque(random);
  const password = makeShortSecret(random);
  const planted = (): SupportBundleInput => {
    const recorder = new DiagnosticsRecorder();
    recorder.record({
      step: `GET /me?access_token=${jwt}`,
      detail: JSON.stringify({ refresh_token: rt, body: `code=${code}&password=${password}` }),
      requestId: jwt,
      serviceCode: rt,
    });
    recorder.recordError(
      'token',
      appError('auth/failed', `invalid_grant: ${JSON.stringify({ error: 'x', refresh_token: rt })}`, { serviceCode: `Bearer ${jwt}` }),
    );
    return input({
      app: { version: `0.1.0 ${jwt}`, mode: 'kiosk' },
      os: { platform: 'linux', release: `6.1 ${rt}`, arch: `x64 password=${password}` },
      tenant: { id: `${TENANT}?code=${code}`, simulated: false },
      configuration: {
        tenant: TENANT,
        note: `Authorization: Bearer ${jwt}`,
        list: [rt, { password }],
        url: `http://localhost/?code=${code}&state=1`,
      },
      evidence: { methods: [jwt], contexts: [`c1 ${rt}`], authenticatedAt: null, expiresAt: null, tenantId: null, username: null },
      timeline: recorder.entries(),
    });
  };

  it.each([
    ['the saved JSON bundle', (i: SupportBundleInput) => serializeSupportBundle(buildSupportBundle(i))],
    ['the copied text', (i: SupportBundleInput) => formatDiagnosticsText(buildSupportBundle(i))],
  ])('%s', (_name, render) => {
    const output = render(planted());
    for (const secret of [jwt.split('.')[1] ?? '', jwt.split('.')[2] ?? '', rt.slice(2, 60), rt.slice(-60), code.slice(2, 60), password]) {
      expect(output).not.toContain(secret);
    }
    expect(findSecrets(output)).toEqual([]);
    // And it is still useful.
    expect(output).toContain(TENANT);
  });

  it('serializes to JSON that parses back to the bundle', () => {
    const bundle = buildSupportBundle(input());
    expect(JSON.parse(serializeSupportBundle(bundle))).toEqual(bundle);
  });

  it('keeps the claims challenge in the timeline', () => {
    expect(serializeSupportBundle(buildSupportBundle(input()))).toContain(CLAIMS_CHALLENGE);
  });
});

describe('formatDiagnosticsText', () => {
  it('is readable: versions, tenant, evidence, timeline and request ids', () => {
    const text = formatDiagnosticsText(buildSupportBundle(input()));
    expect(text).toContain('PIM Step-Up 0.1.0 diagnostics (2026-11-25T14:05:00.000Z)');
    expect(text).toContain('OS: win32 10.0.26100 x64');
    expect(text).toContain(`Tenant: ${TENANT}, cloud public`);
    expect(text).toContain('locked: tenant, clientId');
    expect(text).toContain('Sign-in evidence: methods pwd, mfa; contexts c1');
    expect(text).toContain('Timeline (4 steps):');
    expect(text).toMatch(
      /2026-11-25T14:00:04\.500Z failed {4}activate Exchange Administrator \[auth\/step-up-unsatisfied\] RoleAssignmentRequestAcrsValidationFailed request-id aaaa-1111/,
    );
    expect(text).toContain(`  ${REQUEST_ID}  GET roleEligibilityScheduleInstances HTTP 200`);
  });

  it('says when early steps were dropped', () => {
    expect(formatDiagnosticsText(buildSupportBundle(input({ droppedSteps: 12 })))).toContain('12 earlier steps dropped');
  });
});

describe('supportBundleFileName', () => {
  it('is sortable and has no characters Windows refuses', () => {
    const name = supportBundleFileName(new Date(Date.UTC(2026, 10, 25, 14, 5, 9, 123)));
    expect(name).toBe('pim-stepup-support-20261125T140509Z.json');
    expect(name).not.toMatch(/[<>:"/\\|?*]/);
  });
});

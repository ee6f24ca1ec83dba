/**
 * The demo sign-in partition trusts exactly the simulated tenant's leaf, for its host only;
 * everything else is Chromium's own verdict (docs/security.md, row 27: no blanket
 * acceptance of certificate errors). Certificates here are real, made by the tenant's own
 * TLS code in throw-away directories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  spkiSha256OfPem,
  trustPinnedCertificate,
  verifyPinnedCertificate,
  VERIFY_ACCEPT,
  VERIFY_REJECT,
  VERIFY_USE_CHROMIUM,
  type VerifiableSession,
  type VerifyRequest,
} from '../../../src/main/electron/certificate-trust';
import { loadOrCreateTlsMaterial } from '../../../src/simulated-tenant/tls/certificates';

const dirs = [mkdtempSync(join(tmpdir(), 'pim-tls-a-')), mkdtempSync(join(tmpdir(), 'pim-tls-b-'))];
const tenant = loadOrCreateTlsMaterial(dirs[0] ?? '');
const impostor = loadOrCreateTlsMaterial(dirs[1] ?? '');

afterAll(() => {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

const pinned = { host: 'localhost', spkiSha256: tenant.leafSpkiSha256, caCertPem: tenant.caCertPem };
const request = (hostname: string, pem: string): VerifyRequest => ({ hostname, certificate: { data: pem } });

describe('verifyPinnedCertificate', () => {
  it('computes the same SPKI pin as the tenant publishes', () => {
    expect(spkiSha256OfPem(tenant.certPem)).toBe(tenant.leafSpkiSha256);
  });

  it.each([
    ["the tenant's leaf on its host", request('localhost', tenant.certPem), VERIFY_ACCEPT],
    ['another leaf on the tenant host', request('localhost', impostor.certPem), VERIFY_REJECT],
    ["the tenant's CA certificate presented as the leaf", request('localhost', tenant.caCertPem), VERIFY_REJECT],
    ['garbage presented on the tenant host', request('localhost', 'not a certificate'), VERIFY_REJECT],
    ["the tenant's leaf on another host: Chromium decides", request('login.microsoftonline.com', tenant.certPem), VERIFY_USE_CHROMIUM],
    ['the loopback IP is another host name', request('127.0.0.1', tenant.certPem), VERIFY_USE_CHROMIUM],
    ['a look-alike host', request('localhost.evil.com', tenant.certPem), VERIFY_USE_CHROMIUM],
  ])('%s', (_name, req, verdict) => {
    expect(verifyPinnedCertificate(req, pinned)).toBe(verdict);
  });

  it('rejects the right key signed by the wrong CA', () => {
    expect(verifyPinnedCertificate(request('localhost', tenant.certPem), { ...pinned, caCertPem: impostor.caCertPem })).toBe(VERIFY_REJECT);
  });

  it('installs the pin as a verify proc on the given session only', () => {
    type Proc = Parameters<VerifiableSession['setCertificateVerifyProc']>[0];
    const installed: Proc[] = [];
    trustPinnedCertificate({ setCertificateVerifyProc: (p) => installed.push(p) }, pinned);
    expect(installed).toHaveLength(1);
    const proc = installed[0]!;
    const verdicts: number[] = [];
    proc(request('localhost', tenant.certPem), (v) => verdicts.push(v));
    proc(request('localhost', impostor.certPem), (v) => verdicts.push(v));
    proc(request('example.com', impostor.certPem), (v) => verdicts.push(v));
    expect(verdicts).toEqual([VERIFY_ACCEPT, VERIFY_REJECT, VERIFY_USE_CHROMIUM]);
  });
});

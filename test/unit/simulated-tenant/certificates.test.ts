import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCa, generateLeaf, loadOrCreateTlsMaterial } from '../../../src/simulated-tenant/tls/certificates';
import { stateDirProblem } from '../../../src/shared/rules/private-folder';
import { defaultStateDir } from '../../../src/simulated-tenant/tls/state-dir';

function handshake(port: number, options: { ca?: string; servername: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(
      { port, host: '127.0.0.1', servername: options.servername, ...(options.ca === undefined ? {} : { ca: options.ca }) },
      () => {
        socket.end();
        resolve('ok');
      },
    );
    socket.on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
  });
}

describe('TLS material', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pim-sim-tls-'));
  const material = loadOrCreateTlsMaterial(dir);

  it('creates a CA and a localhost/127.0.0.1 server certificate signed by it', () => {
    const ca = new X509Certificate(material.caCertPem);
    const leaf = new X509Certificate(material.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('example.com')).toBeUndefined();
    expect(leaf.issuer).toBe(ca.subject);
    expect(material.caCertPath).toBe(join(dir, 'ca-cert.pem'));
  });

  it('exposes the leaf SPKI sha256 in Chromium pin format', () => {
    const spki = new X509Certificate(material.certPem).publicKey.export({ type: 'spki', format: 'der' });
    expect(material.leafSpkiSha256).toBe(createHash('sha256').update(spki).digest('base64'));
    expect(material.leafSpkiSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('reuses the cached pair', () => {
    const again = loadOrCreateTlsMaterial(dir);
    expect(again.certPem).toBe(material.certPem);
    expect(again.caCertPem).toBe(material.caCertPem);
  });

  it('completes a real TLS handshake only for a client trusting the CA', async () => {
    const server = createServer({ cert: material.certPem, key: material.keyPem }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(handshake(port, { ca: material.caCertPem, servername: 'localhost' })).resolves.toBe('ok');
      await expect(handshake(port, { servername: 'localhost' })).resolves.not.toBe('ok');
      const otherCa = loadOrCreateTlsMaterial(mkdtempSync(join(tmpdir(), 'pim-sim-tls-other-'))).caCertPem;
      await expect(handshake(port, { ca: otherCa, servername: 'localhost' })).resolves.not.toBe('ok');
    } finally {
      server.close();
    }
  });
});

describe('the CA people are asked to trust', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pim-sim-tls-ca-'));
  const material = loadOrCreateTlsMaterial(dir);

  it('is name-constrained to localhost, 127.0.0.1 and ::1 and may sign no other CA (pathLen 0), both critical', () => {
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: material.caCertPem, encoding: 'utf8' });
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(
      /Name Constraints: critical\s+Permitted:\s+DNS:localhost\s+IP:127\.0\.0\.1\/255\.255\.255\.255\s+IP:0:0:0:0:0:0:0:1\/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF/,
    );
  });

  it('keeps no CA private key on disk; the leaf key is owner-only', () => {
    expect(readdirSync(dir).sort()).toEqual(['ca-cert.pem', 'localhost-cert.pem', 'localhost-key.pem']);
    expect(statSync(join(dir, 'localhost-key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'ca-cert.pem'), 'utf8')).not.toMatch(/PRIVATE KEY/);
  });

  it('a certificate it signed for another name fails verification (Node/OpenSSL enforce the constraint)', async () => {
    const ca = generateCa(new Date());
    const evil = generateLeaf(new Date(), ca.privateKey, new X509Certificate(ca.certPem), 'login.microsoftonline.com');
    const server = createServer({ cert: evil.certPem, key: evil.keyPem }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await handshake(port, { ca: ca.certPem, servername: 'login.microsoftonline.com' });
      expect(outcome).not.toBe('ok');
      // OpenSSL names the reason (Node reports this verify error as UNSPECIFIED).
      const scratch = mkdtempSync(join(tmpdir(), 'pim-sim-verify-'));
      writeFileSync(join(scratch, 'ca.pem'), ca.certPem);
      writeFileSync(join(scratch, 'leaf.pem'), evil.certPem);
      const verdict = spawnSync('openssl', ['verify', '-CAfile', join(scratch, 'ca.pem'), join(scratch, 'leaf.pem')], { encoding: 'utf8' });
      expect(`${verdict.stdout}${verdict.stderr}`).toMatch(/permitted subtree violation/);
      // The same CA's localhost leaf is accepted: the constraint, not the CA, refused the other name.
      const good = generateLeaf(new Date(), ca.privateKey, new X509Certificate(ca.certPem));
      const goodServer = createServer({ cert: good.certPem, key: good.keyPem }, (socket) => socket.end());
      await new Promise<void>((resolve) => goodServer.listen(0, '127.0.0.1', resolve));
      try {
        await expect(handshake((goodServer.address() as AddressInfo).port, { ca: ca.certPem, servername: 'localhost' })).resolves.toBe(
          'ok',
        );
      } finally {
        goodServer.close();
      }
    } finally {
      server.close();
    }
  });

  it('replaces an older, unconstrained CA found in the folder (and deletes its key)', () => {
    const old = mkdtempSync(join(tmpdir(), 'pim-sim-tls-old-'));
    const first = loadOrCreateTlsMaterial(old);
    // What an earlier version left: an unconstrained CA (here: a self-signed cert without the extension) and its key.
    const plain = execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=old',
        '-days',
        '30',
        '-keyout',
        join(old, 'ca-key.pem'),
      ],
      { encoding: 'utf8' },
    );
    writeFileSync(join(old, 'ca-cert.pem'), plain);
    const again = loadOrCreateTlsMaterial(old);
    expect(again.caCertPem).not.toBe(plain);
    expect(again.caCertPem).not.toBe(first.caCertPem);
    expect(existsSync(join(old, 'ca-key.pem'))).toBe(false);
  });
});

describe('the state folder', () => {
  it('defaults to the user cache folder, never the shared temp directory', () => {
    expect(defaultStateDir({}, 'linux', '/home/ana')).toBe('/home/ana/.cache/pim-stepup/simulated-tenant');
    expect(defaultStateDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/ana')).toBe('/x/cache/pim-stepup/simulated-tenant');
    expect(defaultStateDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/ana')).toBe('/home/ana/.cache/pim-stepup/simulated-tenant');
    expect(defaultStateDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Caches/pim-stepup/simulated-tenant');
    expect(defaultStateDir({ LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, 'win32', 'C:\\Users\\ana')).toContain('pim-stepup');
    expect(defaultStateDir()).not.toContain(tmpdir());
  });

  const posixOnly = process.platform === 'win32' || process.getuid?.() !== 0 ? it.skip : it;
  if (process.platform === 'win32' || process.getuid?.() !== 0) {
    console.log('[certificates] the chown case needs root (to give a folder to another uid); skipped here');
  }

  posixOnly('refuses a folder owned by another user, with their keys in it, and does not use them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pim-sim-foreign-'));
    const planted = loadOrCreateTlsMaterial(dir);
    chmodSync(dir, 0o700);
    chownSync(dir, 12345, 12345);
    expect(() => loadOrCreateTlsMaterial(dir)).toThrow(/belongs to another user \(uid 12345\).*PIM_SIM_STATE_DIR/);
    expect(planted.caCertPem).toContain('BEGIN CERTIFICATE');
  });

  it('refuses a world-writable folder (0777)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pim-sim-open-'));
    chmodSync(dir, 0o777);
    expect(() => loadOrCreateTlsMaterial(dir)).toThrow(/can be written by other users \(mode 0777\)/);
    chmodSync(dir, 0o775);
    expect(() => loadOrCreateTlsMaterial(dir)).toThrow(/mode 0775/);
    chmodSync(dir, 0o700);
    expect(() => loadOrCreateTlsMaterial(dir)).not.toThrow();
  });

  it('refuses a symbolic link in place of the folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'pim-sim-link-'));
    const target = join(base, 'real');
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, join(base, 'state'));
    expect(() => loadOrCreateTlsMaterial(join(base, 'state'))).toThrow(/symbolic link/);
  });

  it('the checks themselves, for any owner and mode', () => {
    const info = { isDirectory: true, isSymbolicLink: false, uid: 1000, mode: 0o40700 };
    expect(stateDirProblem('/d', info, 1000)).toBeNull();
    expect(stateDirProblem('/d', { ...info, mode: 0o40755 }, 1000)).toBeNull();
    expect(stateDirProblem('/d', { ...info, mode: 0o40757 }, 1000)).toMatch(/mode 0757/);
    expect(stateDirProblem('/d', { ...info, mode: 0o40770 }, 1000)).toMatch(/mode 0770/);
    expect(stateDirProblem('/d', info, 0)).toMatch(/uid 1000/);
    expect(stateDirProblem('/d', { ...info, isDirectory: false }, 1000)).toMatch(/not a folder/);
    expect(stateDirProblem('/d', { ...info, uid: 1 }, null)).toBeNull();
  });
});

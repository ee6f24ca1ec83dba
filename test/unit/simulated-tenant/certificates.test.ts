import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateTlsMaterial } from '../../../src/simulated-tenant/tls/certificates';

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

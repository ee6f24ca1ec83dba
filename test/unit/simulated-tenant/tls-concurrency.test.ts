import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('TLS state directory under concurrent starts', () => {
  it('several processes starting at once end with one consistent CA + leaf pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pim-sim-tls-race-'));
    // Bundle the real module so that plain `node -e` children can load it.
    const esbuild = await import('esbuild');
    const bundle = join(dir, 'tls.cjs');
    await esbuild.build({
      entryPoints: [join(process.cwd(), 'src/simulated-tenant/tls/certificates.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    const child = `const m = require(${JSON.stringify(bundle)}).loadOrCreateTlsMaterial(${JSON.stringify(join(dir, 'state'))}); process.stdout.write(m.caCertPem + '\\n@@\\n' + m.certPem);`;
    const outputs = await Promise.all(Array.from({ length: 4 }, () => run(process.execPath, ['-e', child])));
    const pairs = outputs.map(({ stdout }) => stdout.split('\n@@\n'));
    for (const [caPem = '', leafPem = ''] of pairs) {
      expect(new X509Certificate(leafPem).verify(new X509Certificate(caPem).publicKey)).toBe(true);
    }
    const onDiskCa = new X509Certificate(readFileSync(join(dir, 'state', 'ca-cert.pem'), 'utf8'));
    const onDiskLeaf = new X509Certificate(readFileSync(join(dir, 'state', 'localhost-cert.pem'), 'utf8'));
    expect(onDiskLeaf.verify(onDiskCa.publicKey)).toBe(true);
    expect(new Set(pairs.map(([caPem]) => caPem)).size).toBe(1);
  });
});

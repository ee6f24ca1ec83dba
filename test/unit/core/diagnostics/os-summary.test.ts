import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { osSummary } from '../../../../src/core/diagnostics/os-summary';

describe('osSummary', () => {
  it('reports this machine’s platform, release and architecture', () => {
    expect(osSummary()).toEqual({ platform: process.platform, release: os.release(), arch: process.arch });
  });

  it('reads only those three facts', () => {
    const summary = osSummary({ platform: () => 'win32', release: () => '10.0.26100', arch: () => 'arm64' });
    expect(summary).toEqual({ platform: 'win32', release: '10.0.26100', arch: 'arm64' });
    expect(JSON.stringify(summary)).not.toContain(os.hostname());
  });
});

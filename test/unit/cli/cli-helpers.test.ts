import { mkdtempSync, readFileSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { EligibleRole } from '../../../src/shared/domain/roles';
import { browserCommand, createSystemBrowserOpener } from '../../../src/cli/open-browser';
import { matchRoles } from '../../../src/cli/run-cli';
import { parseAutoSubmitForm } from '../../../src/demo/form-following-browser';
import { WALL_CLOCK_BAR_MS } from '../../support/time-bar';

const role = (id: string, displayName: string): EligibleRole => ({
  id: `role:${id}:/`,
  target: { kind: 'directoryRole', roleDefinitionId: id, directoryScopeId: '/' },
  displayName,
  scopeLabel: 'Directory',
  eligibleUntil: null,
  requirements: {
    known: true,
    authenticationContext: null,
    mfa: false,
    justification: false,
    ticket: false,
    approval: false,
    maximumDuration: null,
  },
  active: null,
});

describe('browser opener', () => {
  it('honours $BROWSER with the URL as its last argument; without it the OS opener is used', () => {
    const url = 'https://login.example/authorize?a=1&b=2';
    expect(browserCommand(url, { BROWSER: 'firefox --new-window:chromium' })).toEqual({ command: 'firefox', args: ['--new-window', url] });
    expect(browserCommand(url, {})).toBeNull();
    expect(browserCommand(url, { BROWSER: '  ' })).toBeNull();
  });

  it('runs $BROWSER as a process that receives the URL unmodified (no shell)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'browser-'));
    const script = path.join(dir, 'record.sh');
    const out = path.join(dir, 'url.txt');
    writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > '${out}'\n`);
    chmodSync(script, 0o755);
    const url = "https://login.example/authorize?x=1&y=$(touch /tmp/pwned)'";
    await createSystemBrowserOpener({ BROWSER: script })(url);
    await vi.waitFor(
      () => {
        expect(existsSync(out)).toBe(true);
      },
      { timeout: WALL_CLOCK_BAR_MS },
    );
    expect(readFileSync(out, 'utf8')).toBe(url);
    await expect(createSystemBrowserOpener({ BROWSER: path.join(dir, 'missing') })('https://x')).rejects.toThrow(/Set \$BROWSER/);
  });

  it('fails at once with the exit status when the launcher exits non-zero, and not when it keeps running', async () => {
    const started = Date.now();
    // With a one-minute watch window, only a launcher failure noticed at once ends within the bar.
    const watching = { watchMs: 60_000 };
    await expect(createSystemBrowserOpener({ BROWSER: 'sh -c exit\\ 7' }, watching)('https://x')).rejects.toThrow(/exited with status/);
    await expect(createSystemBrowserOpener({ BROWSER: 'false' }, watching)('https://x')).rejects.toThrow(/\(false\) exited with status 1/);
    expect(Date.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
    // A browser that stays open past the watch window is a success.
    await expect(
      createSystemBrowserOpener({ BROWSER: `${process.execPath} -e setTimeout(()=>{},3000)` }, { watchMs: 500 })('https://x'),
    ).resolves.toBeUndefined();
    await expect(createSystemBrowserOpener({ BROWSER: 'true' })('https://x')).resolves.toBeUndefined();
  });
});

describe('system browser opener (the open package)', () => {
  it('fails with guidance when the platform opener cannot be started', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      // Bundled, `open` needs a system xdg-open and fails to spawn; unbundled it runs its own copy, which finds no browser and exits 2.
      const started = Date.now();
      await expect(createSystemBrowserOpener({}, { watchMs: 60_000 })('https://x')).rejects.toThrow(
        /(system's browser opener: spawn .*ENOENT|\(the system opener\) exited with status \d+).*\$BROWSER/,
      );
      expect(Date.now() - started).toBeLessThan(WALL_CLOCK_BAR_MS);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('role matching', () => {
  const eligible = [role('1', 'Exchange Administrator'), role('2', 'Global Administrator'), role('3', 'Global Reader')];
  it('matches by id, exact name (any case) and unique fragment', () => {
    expect(matchRoles(['role:1:/', 'global administrator', 'reader'], eligible).map((r) => r.displayName)).toEqual([
      'Exchange Administrator',
      'Global Administrator',
      'Global Reader',
    ]);
  });
  it('refuses ambiguous and unknown names, listing candidates', () => {
    expect(() => matchRoles(['global'], eligible)).toThrow(/matches several: "Global Administrator".*"Global Reader"/);
    expect(() => matchRoles(['billing'], eligible)).toThrow(/No eligible role or group matches "billing"/);
  });
});

describe('unattended form parsing', () => {
  it('reads the auto-submitting form and its fields', () => {
    const html = `<form method="post" action="http://localhost:5123/" id="response-form"><input type="hidden" name="code" value="abc&amp;1"><input type="hidden" name="state" value="eyJpZCI6IjEifQ"></form><script>…</script>`;
    expect(parseAutoSubmitForm(html)).toEqual({ action: 'http://localhost:5123/', fields: { code: 'abc&1', state: 'eyJpZCI6IjEifQ' } });
    expect(parseAutoSubmitForm('<p>no form</p>')).toBeNull();
  });
});

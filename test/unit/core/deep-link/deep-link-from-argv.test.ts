import { describe, expect, it } from 'vitest';
import { deepLinkIntentFromArgv, findDeepLinkArgument } from '../../../../src/core/deep-link/deep-link-from-argv';

describe('findDeepLinkArgument', () => {
  it.each([
    [
      'Windows first start',
      ['C:\\Program Files\\PIM Step-Up\\PIM Step-Up.exe', 'pim-stepup://activate?role=A'],
      'pim-stepup://activate?role=A',
    ],
    [
      'Windows second-instance with Chromium switches',
      ['C:\\PIM Step-Up.exe', '--allow-file-access-from-files', '--original-process-start-time=1', 'pim-stepup://activate?role=A'],
      'pim-stepup://activate?role=A',
    ],
    ['Linux xdg-open', ['/opt/PIM Step-Up/pim-stepup', '--no-sandbox', 'pim-stepup://activate?role=B'], 'pim-stepup://activate?role=B'],
    ['development (electron .)', ['/usr/bin/electron', '.', 'pim-stepup://activate?role=C'], 'pim-stepup://activate?role=C'],
    ['no link', ['/usr/bin/pim-stepup', '--kiosk'], null],
    ['an empty argv', [], null],
    ['a switch that contains the scheme', ['/usr/bin/pim-stepup', '--open=pim-stepup://activate?role=A'], null],
  ])('%s', (_name, argv, expected) => {
    const result = findDeepLinkArgument(argv);
    expect(result).toEqual({ ok: true, value: expected });
  });

  it('refuses two links rather than choosing one', () => {
    const result = findDeepLinkArgument(['app', 'pim-stepup://activate?role=A', 'pim-stepup://activate?role=B']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('input/invalid');
      expect(result.error.message).toContain('2 links at once');
    }
  });
});

describe('deepLinkIntentFromArgv', () => {
  it('returns the validated intent', () => {
    const result = deepLinkIntentFromArgv(['app', 'pim-stepup://activate?role=Global%20Reader&duration=PT1H']);
    expect(result).toEqual({
      ok: true,
      value: { action: 'activate', roles: ['Global Reader'], duration: 'PT1H', requiresConfirmation: true },
    });
  });

  it('returns null without a link and the parser’s refusal for a bad one', () => {
    expect(deepLinkIntentFromArgv(['app'])).toEqual({ ok: true, value: null });
    const bad = deepLinkIntentFromArgv(['app', 'pim-stepup://activate?role=A&autoActivate=true']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.issues?.[0]).toEqual({
        path: 'autoActivate',
        message: expect.stringContaining('Unknown parameter "autoActivate"') as string,
      });
    }
  });
});

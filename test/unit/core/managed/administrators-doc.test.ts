/**
 * Keeps docs/administrators.md honest: its complete example configuration must load, and its
 * example deep links must parse.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../../../src/core/deep-link/parse-deep-link';
import { parseMachineConfig } from '../../../../src/core/managed/machine-config';
import { MANAGED_KEYS } from '../../../../src/core/managed/machine-config-schema';

const doc = readFileSync(path.join(__dirname, '../../../../docs/administrators.md'), 'utf8');

describe('docs/administrators.md', () => {
  it('has a complete example configuration that loads and sets every key', () => {
    const match = /### A complete example\s+```json\n([\s\S]*?)\n```/.exec(doc);
    expect(match?.[1]).toBeDefined();
    const result = parseMachineConfig(match?.[1] ?? '', 'docs/administrators.md');
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) {
      const set = Object.keys(result.value.values);
      // "complete": everything except the custom endpoints, which replace `cloud`.
      expect(MANAGED_KEYS.filter((key) => !set.includes(key))).toEqual([
        'authorityHost',
        'graphEndpoint',
        'armEndpoint',
        'graphAudience',
        'armAudience',
      ]);
    }
  });

  it('documents every settable key', () => {
    for (const key of [...MANAGED_KEYS, 'locked']) {
      // Prettier pads table cells, so allow any run of spaces after the key.
      expect(doc).toMatch(new RegExp(`\\| \`${key.replace('$', '\\$')}\` +\\|`));
    }
  });

  it('shows example deep links that parse', () => {
    const links = doc.split('\n').filter((line) => line.startsWith('pim-stepup://activate?') && !line.includes('<'));
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links) {
      expect(parseDeepLink(link).ok, link).toBe(true);
    }
  });
});

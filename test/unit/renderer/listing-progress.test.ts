/**
 * The role list while it is read (`roles:progress`): the window keeps what was read so far only while no finished list
 * is shown, drops it when the finished list (or its failure) arrives, and a requirement not read yet reads as
 * "checking…", never as a fact nor as "unknown".
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RoleBadges } from '../../../src/renderer/components/role-badges';
import { initialState, reduce } from '../../../src/renderer/wizard/wizard-state';
import type { WizardEvent, WizardState } from '../../../src/renderer/wizard/wizard-state';
import { PENDING_REQUIREMENTS, UNKNOWN_REQUIREMENTS } from '../../../src/core/pim/policy';
import { appError } from '../../../src/shared/errors';
import { err, ok } from '../../../src/shared/result';
import { CATALOG } from './fixtures';

const run = (events: readonly WizardEvent[], from: WizardState = initialState()): WizardState => events.reduce(reduce, from);
const PARTIAL = CATALOG.eligible.slice(0, 2).map((role) => ({ ...role, requirements: PENDING_REQUIREMENTS }));

describe('the role list while it is read', () => {
  it('keeps the list so far while loading, and drops it for the finished list or its failure', () => {
    const reading = run([{ type: 'catalog-loading' }, { type: 'catalog-progress', eligible: PARTIAL }]);
    expect(reading.shared.listing).toEqual(PARTIAL);
    expect(reading.shared.catalog.status).toBe('loading');
    expect(reduce(reading, { type: 'catalog-loaded', result: ok(CATALOG) }).shared.listing).toBeNull();
    const failed = reduce(reading, { type: 'catalog-loaded', result: err(appError('graph/network', 'Graph could not be reached.')) });
    expect(failed.shared.listing).toBeNull();
  });

  it('ignores progress once a finished list is shown (a refresh keeps the last finished read on screen)', () => {
    const loaded = run([{ type: 'catalog-loading' }, { type: 'catalog-loaded', result: ok(CATALOG) }]);
    const refreshing = run([{ type: 'catalog-loading' }, { type: 'catalog-progress', eligible: PARTIAL }], loaded);
    expect(refreshing.shared.listing).toBeNull();
    expect(refreshing.shared.catalog.status).toBe('loaded');
  });

  it('says "checking…" for a requirement not read yet, and "unknown" only for one that could not be read', () => {
    const pending = renderToStaticMarkup(createElement(RoleBadges, { requirements: PENDING_REQUIREMENTS }));
    expect(pending).toContain('checking…');
    expect(pending).not.toMatch(/unknown|MFA|Reason|Approval/);
    const unknown = renderToStaticMarkup(createElement(RoleBadges, { requirements: UNKNOWN_REQUIREMENTS }));
    expect(unknown).toContain('Requirements unknown');
    expect(unknown).not.toContain('checking');
  });
});

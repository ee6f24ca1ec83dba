/**
 * Home = My roles, end to end in Chromium with the real engine and the simulated tenant:
 * deactivating and cancelling without leaving the home screen, favourites that survive a
 * reload, and per-role durations that reach PIM as chosen. axe on every screen, screenshots saved.
 */
import { expect, test } from '@playwright/test';
import type { RendererBackend } from '../support/renderer-engine';
import { expectNoSeriousA11yViolations, saveStepScreenshot } from '../support/renderer-page';
import { finishBackendTest, roleKeyOf, signInToHome, startBackendForTest } from '../support/renderer-test';

let backend: RendererBackend;
const cspConsole: string[] = [];

test.beforeEach(async ({ page }) => {
  backend = await startBackendForTest(page, cspConsole, {});
});

test.afterEach(async ({ page }, testInfo) => {
  await finishBackendTest(page, testInfo, backend, cspConsole);
});

test('deactivates an active role and cancels a pending request from the home screen', async ({ page }, testInfo) => {
  test.slow();
  await page.clock.install();
  await signInToHome(page, backend);
  // Set the scene through the same engine: one role active, one waiting for an approver.
  const reportsReader = await roleKeyOf(backend, 'Reports Reader');
  const userAdmin = await roleKeyOf(backend, 'User Administrator');
  const set = await backend.engine.activate({
    roleIds: [reportsReader, userAdmin],
    duration: 'PT2H',
    justification: 'Audit prep (CHG-51)',
  });
  expect(set.ok && set.value.outcomes.map((o) => o.status).sort()).toEqual(['active', 'pending-approval']);
  await page.getByRole('button', { name: 'Refresh' }).click();

  const active = page.getByRole('region', { name: /^Active/ });
  const pending = page.getByRole('region', { name: /^Waiting for approval/ });
  // Reports Reader, Global Reader (a permanent assignment) and Billing Administrator (assigned until ten days from now).
  await expect(active.getByRole('heading')).toHaveText('Active 3');
  await expect(active.getByRole('listitem', { name: 'Global Reader' })).toContainText(
    'Assigned by an administrator: not deactivated here.',
  );
  await expect(pending.getByRole('heading')).toHaveText('Waiting for approval 1');
  const rrRow = active.getByRole('listitem', { name: 'Reports Reader' });
  await expect(rrRow).toContainText(/Until \d{1,2}:\d{2}.*1 h 59 min \d{2} s left/);
  // Neither role can be ticked for activation again: they are not in the eligible list.
  await expect(page.getByRole('checkbox', { name: 'Reports Reader', exact: true })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'User Administrator', exact: true })).toHaveCount(0);

  // The 5-minute rule: Deactivate stays focusable (aria-disabled) and says why.
  const deactivate = rrRow.getByRole('button', { name: 'Deactivate Reports Reader' });
  await expect(deactivate).toHaveAttribute('aria-disabled', 'true');
  await expect(deactivate).toHaveAccessibleDescription(
    /^Available from \d{1,2}:\d{2}( [AP]M)?: PIM allows deactivation 5 minutes after activation\.$/,
  );
  await deactivate.focus();
  await expect(deactivate).toBeFocused();
  await page.keyboard.press('Enter');
  expect(backend.tenant.control.requests().filter((r) => r.action === 'selfDeactivate')).toEqual([]);
  await expectNoSeriousA11yViolations(page, testInfo, 'home-active-and-pending');
  await saveStepScreenshot(page, testInfo, 'home-active-and-pending');

  // Cancel the pending request: asked inline first; Escape keeps it and nothing is sent.
  const cancel = pending.getByRole('button', { name: 'Cancel request for User Administrator' });
  await cancel.click();
  const askCancel = pending.getByRole('group', { name: /^Cancel the request for User Administrator\?/ });
  await expect(askCancel.getByRole('button', { name: 'Yes, cancel the request' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, testInfo, 'home-confirm-cancel');
  await page.keyboard.press('Escape');
  await expect(cancel).toBeFocused();
  expect(backend.harness.calls).not.toContain('activation:cancel-request');
  await cancel.click();
  await askCancel.getByRole('button', { name: 'Yes, cancel the request' }).click();
  // What PIM answers arrives in its own time on a loaded machine: generous waits, no fixed delays.
  const answered = { timeout: 20_000 };
  await expect(page.getByTestId('announcer')).toHaveText('The request for User Administrator is cancelled.', answered);
  // A visible status line says it too, and stays once the row is gone.
  await expect(page.getByTestId('row-status')).toHaveText('The request for User Administrator is cancelled.');
  // The lists are read again after the cancel; on a loaded machine that read can take several seconds.
  await expect(pending.getByRole('heading')).toHaveText('Waiting for approval 0', { timeout: 20_000 });
  expect(backend.tenant.control.requests().find((r) => r.targetDisplayName === 'User Administrator')?.status).toBe('Canceled');
  expect(backend.harness.calls).toContain('activation:cancel-request');
  await expect(page.getByRole('checkbox', { name: 'User Administrator', exact: true })).toBeVisible();

  // Five minutes later (tenant and desktop clocks), Deactivate works.
  backend.tenant.control.advanceClock(6 * 60_000);
  await page.clock.fastForward('06:00');
  await expect(deactivate).not.toHaveAttribute('aria-disabled', 'true');
  // Asked inline first (PIM cannot undo it); "Keep it active" sends nothing.
  await deactivate.click();
  const askDeactivate = rrRow.getByRole('group', { name: 'Deactivate Reports Reader now? It ends at once, and PIM cannot undo it.' });
  await expect(askDeactivate.getByRole('button', { name: 'Yes, deactivate' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, testInfo, 'home-confirm-deactivate');
  await saveStepScreenshot(page, testInfo, 'home-confirm-deactivate');
  await askDeactivate.getByRole('button', { name: 'Keep it active' }).click();
  await expect(deactivate).toBeFocused();
  expect(backend.tenant.control.requests().filter((r) => r.action === 'selfDeactivate')).toEqual([]);
  await deactivate.click();
  await askDeactivate.getByRole('button', { name: 'Yes, deactivate' }).click();
  await expect(page.getByTestId('announcer')).toHaveText('Reports Reader is deactivated.', answered);
  await expect(page.getByTestId('row-status')).toHaveText('Reports Reader is deactivated.');
  await expect(active.getByRole('heading')).toHaveText('Active 2');
  await expect(active.getByRole('listitem', { name: 'Reports Reader' })).toHaveCount(0);
  expect(backend.tenant.control.requests().some((r) => r.action === 'selfDeactivate' && r.targetDisplayName === 'Reports Reader')).toBe(
    true,
  );
  await expectNoSeriousA11yViolations(page, testInfo, 'home-after-deactivate-and-cancel');
  await saveStepScreenshot(page, testInfo, 'home-after-deactivate-and-cancel');
});

test('requests an extension of an assignment ending within 14 days, which then waits for an administrator', async ({ page }, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  const reportsReader = await roleKeyOf(backend, 'Reports Reader');
  const set = await backend.engine.activate({ roleIds: [reportsReader], duration: 'PT1H', justification: 'Monthly report (CHG-52)' });
  expect(set.ok && set.value.outcomes.map((o) => o.status)).toEqual(['active']);
  await page.getByRole('button', { name: 'Refresh' }).click();

  const active = page.getByRole('region', { name: /^Active/ });
  const pending = page.getByRole('region', { name: /^Waiting for approval/ });
  await expect(active.getByRole('heading')).toHaveText('Active 3');
  // An activation cannot be lengthened: no button, and the countdown says where to look instead.
  const rrRow = active.getByRole('listitem', { name: 'Reports Reader' });
  await expect(rrRow.getByRole('button', { name: /Request extension/ })).toHaveCount(0);
  await expect(rrRow.locator('.row-status')).toHaveAttribute(
    'title',
    'An activation cannot be lengthened; activate it again when it ends.',
  );
  // A permanent assignment has no end to extend.
  await expect(active.getByRole('listitem', { name: 'Global Reader' }).getByRole('button', { name: /Request extension/ })).toHaveCount(0);

  const billing = active.getByRole('listitem', { name: 'Billing Administrator' });
  const toggle = billing.getByRole('button', { name: 'Request extension for Billing Administrator' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  const form = billing.getByRole('form', { name: 'Request extension for Billing Administrator' });
  const reason = form.getByLabel('Reason');
  const extendBy = form.getByLabel('Extend by');
  await expect(reason).toBeFocused();
  // Hours and minutes from a picker (never ISO text); a missing reason is shown beside its field, and nothing is sent.
  await expect(extendBy).toHaveAccessibleDescription(/^From now; up to \d+ h/);
  await form.getByRole('button', { name: 'Send request' }).click();
  await expect(reason).toBeFocused();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toHaveAccessibleDescription(/Give a reason: the administrator who decides reads it\./);
  expect(backend.tenant.control.requests().filter((r) => r.action === 'selfExtend')).toEqual([]);
  await expectNoSeriousA11yViolations(page, testInfo, 'home-extension-form');
  await saveStepScreenshot(page, testInfo, 'home-extension-form');

  await reason.fill('Quarter-end invoices (FIN-12)');
  await extendBy.selectOption({ label: '6 h' });
  await form.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByTestId('announcer')).toHaveText('Extension requested for Billing Administrator: waiting for an administrator.');
  await expect(pending.getByRole('heading')).toHaveText('Waiting for approval 1');
  await expect(pending.getByRole('listitem', { name: 'Billing Administrator' })).toContainText('waiting for an administrator');
  await expect(billing).toContainText('Extension requested: waiting for an administrator.');
  await expect(form).toHaveCount(0);
  expect(backend.tenant.control.requests().filter((r) => r.action === 'selfExtend')).toEqual([
    expect.objectContaining({ status: 'PendingAdminDecision', targetDisplayName: 'Billing Administrator' }),
  ]);
  expect(backend.harness.calls).toContain('activation:request-extension');
  await expectNoSeriousA11yViolations(page, testInfo, 'home-extension-pending');
  await saveStepScreenshot(page, testInfo, 'home-extension-pending');
});

test('pins favourites on top and remembers them across a reload', async ({ page }, testInfo) => {
  await signInToHome(page, backend);
  const names = async () => page.locator('.role-list .row-name').allTextContents();
  expect((await names())[0]).not.toBe('Reports Reader');
  await page.getByRole('button', { name: 'Pin Reports Reader' }).click();
  await page.getByRole('button', { name: 'Pin Helpdesk Administrator' }).click();
  await expect(page.getByRole('button', { name: 'Pin Reports Reader' })).toHaveAttribute('aria-pressed', 'true');
  expect((await names()).slice(0, 2)).toEqual(['Helpdesk Administrator', 'Reports Reader']);

  // Search as you type, and the filters.
  await page.getByLabel('Search roles').fill('admin');
  await expect(page.getByRole('checkbox', { name: 'Reports Reader', exact: true })).toHaveCount(0);
  await page.getByLabel('Search roles').fill('');
  await page.getByLabel('Kind').selectOption('group');
  await expect(page.locator('.role-list .row-name').first()).toContainText('PIM - ');
  await page.getByLabel('Kind').selectOption('all');
  await page.getByLabel('Requirement', { exact: true }).selectOption('approval');
  // Every kind: two directory roles and the Azure role (User Access Administrator on a subscription) that need approval.
  expect(await names()).toEqual(['Conditional Access Administrator', 'User Access Administrator', 'User Administrator']);
  await page.getByLabel('Requirement', { exact: true }).selectOption('all');

  // The sticky bar shows the count and the action, even scrolled to the top at 800×600.
  await page.setViewportSize({ width: 800, height: 600 });
  await page.getByLabel('Helpdesk Administrator', { exact: true }).check();
  await page.getByLabel('Reports Reader', { exact: true }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await expect(bar).toContainText('2 roles selected.');
  await expect(bar.getByRole('button', { name: 'Activate 2 roles' })).toBeInViewport();
  await expectNoSeriousA11yViolations(page, testInfo, 'home-favourites');
  await saveStepScreenshot(page, testInfo, 'home-favourites-800x600');
  await page.screenshot({ path: testInfo.outputPath('home-favourites-800x600-viewport.png') });

  await page.reload();
  await expect(page.getByRole('button', { name: 'Pin Reports Reader' })).toHaveAttribute('aria-pressed', 'true');
  expect((await names()).slice(0, 2)).toEqual(['Helpdesk Administrator', 'Reports Reader']);
});

test('sends each role its own duration, capped by its own policy, as PIM records them', async ({ page }, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  await page.getByLabel('Reports Reader', { exact: true }).check();
  await page.getByLabel('Exchange Administrator', { exact: true }).check();
  await page.getByLabel('Helpdesk Administrator', { exact: true }).check();
  await page.getByRole('button', { name: 'Activate 3 roles' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Activate 3 roles' })).toBeFocused();

  // "Apply to all" 8 h: Helpdesk Administrator stops at its own 1 h, the others keep 8 h.
  await page.getByLabel('Apply to all').selectOption({ label: '8 h' });
  await expect(page.getByLabel('Helpdesk Administrator duration')).toHaveValue('60');
  await expect(page.getByLabel('Reports Reader duration')).toHaveValue('480');
  await page.getByLabel('Exchange Administrator duration').selectOption({ label: '3 h' });

  // Submitting without a reason: one error, beside the field, and focus goes there.
  await page.getByRole('button', { name: 'Activate 3 roles' }).click();
  await expect(page.getByLabel(/^Reason/)).toBeFocused();
  await expect(page.locator('.field-error')).toHaveCount(1);
  await expect(page.getByText(/The policy requires a reason/)).toHaveCount(1);
  await expectNoSeriousA11yViolations(page, testInfo, 'activate-per-role-errors');
  await saveStepScreenshot(page, testInfo, 'activate-per-role-errors');
  await page.getByLabel(/^Reason/).fill('Mailbox migration (CHG-77)');
  await page.getByRole('button', { name: 'Activate 3 roles' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Activation progress' })).toBeVisible();
  await expect(page.getByTestId('announcer')).toContainText('Activation finished', { timeout: 30_000 });

  // What PIM recorded: each active instance's own length.
  const roles = await backend.engine.listRoles({ refresh: true });
  const hours = (name: string) => {
    const a = roles.ok ? roles.value.active.find((x) => x.displayName === name) : undefined;
    return (Date.parse(a?.endDateTime ?? '') - Date.parse(a?.startDateTime ?? '')) / 3_600_000;
  };
  expect([hours('Reports Reader'), hours('Exchange Administrator'), hours('Helpdesk Administrator')]).toEqual([8, 3, 1]);
  // The tenant's journal shows one selfActivate POST per role, each accepted.
  const posts = backend.tenant.control.journal().filter((e) => e.action === 'selfActivate');
  expect(posts.map((e) => e.status)).toEqual([201, 201, 201]);
});

test('history shows what became of a request that was waiting for approval', async ({ page }, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  const userAdmin = await roleKeyOf(backend, 'User Administrator');
  const ask = async () => {
    const run = await backend.engine.activate({ roleIds: [userAdmin], duration: 'PT1H', justification: 'Onboarding (CHG-90)' });
    expect(run.ok && run.value.outcomes.map((o) => o.status)).toEqual(['pending-approval']);
  };
  const waiting = () =>
    backend.tenant.control.requests().find((r) => r.targetDisplayName === 'User Administrator' && r.status === 'PendingApproval');

  // Asked once: History says it waits.
  await ask();
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Activation history' })).toBeVisible();
  const rows = page.getByRole('table').getByRole('row').filter({ hasText: 'User Administrator' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole('cell').nth(2)).toHaveText('Pending approval');

  // The approver says no; History, read again, says so.
  backend.tenant.control.deny(waiting()?.id ?? '?');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(rows.first().getByRole('cell').nth(2)).toHaveText('Denied (was pending approval)');

  // Asked again and approved: the newest entry is approved and active, the older one still denied.
  await ask();
  backend.tenant.control.approve(waiting()?.id ?? '?');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole('cell').nth(2)).toHaveText('Approved, activated (was pending approval)');
  await expect(rows.nth(1).getByRole('cell').nth(2)).toHaveText('Denied (was pending approval)');
  // Only summaries crossed: the channel was used, and the file still records what happened at the time.
  expect(backend.harness.calls).toContain('history:request-updates');
  const readout = await backend.handlers['history:list']();
  expect(readout.ok && readout.value.entries.map((e) => ('status' in e ? e.status : e.kind))).toEqual([
    'pending-approval',
    'pending-approval',
  ]);
  await expectNoSeriousA11yViolations(page, testInfo, 'history-request-updates');
  await saveStepScreenshot(page, testInfo, 'history-request-updates');
});

test('the tray’s Activate favourites and Re-activate fill the activation form in, and activate nothing', async ({ page }, testInfo) => {
  test.slow();
  await signInToHome(page, backend);
  // One role activated elsewhere (another window, the portal): the window's list, read before, still shows it idle.
  const ran = await backend.engine.activate({
    roleIds: [await roleKeyOf(backend, 'Exchange Administrator')],
    duration: 'PT1H',
    justification: 'Mailbox move (CHG-5)',
  });
  expect(ran.ok && ran.value.outcomes.map((o) => o.status)).toEqual(['active']);
  await expect(page.getByRole('region', { name: /^Active/ }).getByRole('listitem', { name: 'Exchange Administrator' })).toHaveCount(0);
  // Pinning favourites publishes them to the tray.
  await page.getByRole('button', { name: 'Pin Reports Reader' }).click();
  await page.getByRole('button', { name: 'Pin Helpdesk Administrator' }).click();
  const click = async (label: string) => {
    const item = (await backend.desktop.trayMenu()).find((i) => 'label' in i && i.label === label);
    expect(item && 'click' in item && item.click !== undefined, `tray item "${label}"`).toBe(true);
    if (item !== undefined && 'click' in item) {
      item.click?.();
    }
  };
  await expect
    .poll(async () => (await backend.desktop.trayMenu()).map((i) => ('label' in i ? i.label : '—')))
    .toContain('Activate favourites: Reports Reader, Helpdesk Administrator…');
  await click('Activate favourites: Reports Reader, Helpdesk Administrator…');
  // A tray pre-fill waits for the window's fresh read of every role and policy: generous on a loaded machine.
  const reread = { timeout: 30_000 };
  await expect(page.getByRole('heading', { level: 2, name: 'Activate 2 roles' })).toBeVisible(reread);
  const notice = page.getByRole('region', { name: 'Opened from the tray — review and press Activate' });
  await expect(notice).toContainText('Filled in: Reports Reader and Helpdesk Administrator.');
  await expect(page.getByLabel(/^Reason/)).toHaveValue('');
  await expectNoSeriousA11yViolations(page, testInfo, 'tray-activate-favourites');
  await saveStepScreenshot(page, testInfo, 'tray-activate-favourites');
  expect(backend.tenant.control.requests().filter((r) => r.action === 'selfActivate')).toHaveLength(1);

  // With most of its hour left, the tray offers no Re-activate for it: PIM would refuse while it runs.
  const labels = async () => (await backend.desktop.trayMenu()).map((i) => ('label' in i ? i.label : '—'));
  expect((await labels()).filter((l) => l.startsWith('Re-activate'))).toEqual([]);
  // Ten minutes before its end (the tenant's clock), it ends soon: offered. The window reads the roles again first,
  // so nothing is selected, and the notice says until when it runs.
  backend.tenant.control.advanceClock(50 * 60_000);
  await page.getByRole('button', { name: 'Hide this notice' }).click();
  await click('Re-activate Exchange Administrator…');
  await expect(page.getByRole('region', { name: 'Opened from the tray — review and press Activate' })).toContainText(
    /Exchange Administrator is still active until .*: PIM activates it again only once it has ended/,
    reread,
  );
  await expect(page.getByTestId('announcer')).toHaveText(
    'Opened from the tray: Exchange Administrator still active, so nothing was selected.',
  );
  await expectNoSeriousA11yViolations(page, testInfo, 'tray-reactivate-still-active');
  expect(backend.tenant.control.requests().filter((r) => r.action === 'selfActivate')).toHaveLength(1);

  // Once it has ended (deactivated elsewhere), the tray offers it as ended, and the form is filled in with it.
  const ended = await backend.engine.deactivate(await roleKeyOf(backend, 'Exchange Administrator'));
  expect(ended.ok && ended.value.status).toBe('deactivated');
  const reactivate = 'Re-activate Exchange Administrator (ended less than a minute ago)…';
  await expect.poll(labels).toContain(reactivate);
  await page.getByRole('button', { name: 'Hide this notice' }).click();
  await click(reactivate);
  await expect(page.getByRole('region', { name: 'Opened from the tray — review and press Activate' })).toContainText(
    'Filled in: Exchange Administrator.',
    reread,
  );
  expect(backend.tenant.control.requests().filter((r) => r.action === 'selfActivate')).toHaveLength(1);
});

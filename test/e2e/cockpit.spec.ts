/**
 * Home as a cockpit, in Chromium with the real engine and the simulated
 * tenant: how many eligible rows a person sees at once with 3 active roles and 1 request waiting,
 * and how many key presses the everyday task takes (two favourites, 2 hours, a reason).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
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

/** Eligible rows whose box lies entirely inside the window and inside the list's own scroll area (not under the action bar). */
async function rowsInViewport(page: Page): Promise<number> {
  return page.evaluate(() => {
    const height = window.innerHeight;
    const area = document.querySelector('[data-testid="role-scroll"]')?.getBoundingClientRect();
    const top = Math.max(0, area?.top ?? 0);
    const bottom = Math.min(height, area?.bottom ?? height);
    return [...document.querySelectorAll('.role-list > li')].filter((li) => {
      const box = li.getBoundingClientRect();
      return box.height > 0 && box.top >= top - 1 && box.bottom <= bottom + 1;
    }).length;
  });
}

test('home shows at least 12 eligible rows at 1280x800 and 8 at 1024x768 with 3 active roles and 1 waiting', async ({ page }, testInfo) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToHome(page, backend);
  // No interstitial, no Back, no step indicator on home.
  await expect(page.getByRole('heading', { name: 'Signed in' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Back' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Activation steps' })).toHaveCount(0);
  const set = await backend.engine.activate({
    roleIds: [await roleKeyOf(backend, 'Reports Reader'), await roleKeyOf(backend, 'User Administrator')],
    duration: 'PT2H',
    justification: 'Audit prep (CHG-51)',
  });
  expect(set.ok && set.value.outcomes.map((o) => o.status).sort()).toEqual(['active', 'pending-approval']);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('region', { name: /^Active/ }).getByRole('heading')).toHaveText('Active 3', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: /^Waiting for approval/ }).getByRole('heading')).toHaveText('Waiting for approval 1');

  const wide = await rowsInViewport(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect.poll(() => rowsInViewport(page)).toBeGreaterThanOrEqual(8);
  const narrow = await rowsInViewport(page);
  await testInfo.attach('rows-visible.json', {
    body: JSON.stringify({ '1280x800': wide, '1024x768': narrow }),
    contentType: 'application/json',
  });
  expect(wide, 'eligible rows fully visible at 1280x800').toBeGreaterThanOrEqual(12);
  expect(narrow, 'eligible rows fully visible at 1024x768').toBeGreaterThanOrEqual(8);

  // The search box stays in view however far the list scrolls (the list scrolls inside the window).
  await page.getByTestId('role-scroll').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.getByRole('searchbox', { name: 'Search roles' })).toBeInViewport();
  await expectNoSeriousA11yViolations(page, testInfo, 'cockpit');
  await saveStepScreenshot(page, testInfo, 'cockpit-1024x768');
});

test('keyboard: two favourites for 2 hours with a reason in at most 15 key presses plus the text', async ({ page }, testInfo) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToHome(page, backend);

  // Pin two favourites from the keyboard: the list is one tab stop (after the search and the two filters), F or * pins.
  const search = page.getByRole('searchbox', { name: 'Search roles' });
  for (const [name, key] of [
    ['Helpdesk Administrator', 'f'],
    ['Reports Reader', '*'],
  ] as const) {
    await search.fill(name);
    await search.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name, exact: true })).toBeFocused();
    await page.keyboard.press(key);
    await expect(page.getByRole('button', { name: `Pin ${name}` })).toHaveAttribute('aria-pressed', 'true');
  }
  await search.fill('');
  // Arrows move inside the list.
  await page.locator('.role-list input[type=checkbox][tabindex="0"]').focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('checkbox', { name: 'Helpdesk Administrator', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('checkbox', { name: 'Reports Reader', exact: true })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.locator('.role-list input[type=checkbox]').last()).toBeFocused();
  // Only one row is in the tab order.
  expect(await page.locator('.role-list input[type=checkbox][tabindex="0"]').count()).toBe(1);

  // The task, counted from home with focus on its heading (as it is after sign-in).
  await page.getByRole('heading', { level: 2, name: 'My roles' }).focus();
  let presses = 0;
  const press = async (key: string) => {
    presses += 1;
    await page.keyboard.press(key);
  };
  await press('Tab');
  await expect(page.getByRole('button', { name: /^Activate favourites/ })).toBeFocused();
  await press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Activate 2 roles' })).toBeFocused();
  await press('Tab');
  await expect(page.getByLabel(/^Reason/)).toBeFocused();
  await page.keyboard.type('Quarterly access review (CHG-77)');
  await press('Tab');
  await expect(page.getByLabel('Apply to all')).toBeFocused();
  // From 1 hour to 2 hours: two steps of 30 minutes.
  await press('ArrowDown');
  await press('ArrowDown');
  await expect(page.getByLabel('Apply to all')).toHaveValue('120');
  await press('Control+Enter');
  // Helpdesk Administrator needs MFA, which the everyday sign-in has: straight to progress, no step-up.
  await expect(page.getByRole('heading', { level: 2, name: 'Activation progress' })).toBeVisible();
  await testInfo.attach('key-presses.json', { body: JSON.stringify({ presses }), contentType: 'application/json' });
  expect(presses, 'key presses besides the reason').toBeLessThanOrEqual(15);
  await saveStepScreenshot(page, testInfo, 'keyboard-task-after');
});

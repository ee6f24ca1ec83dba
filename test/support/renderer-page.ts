/**
 * Page-level checks shared by the renderer's end-to-end specs: accessibility (axe-core), CSP
 * violations, screenshots as artifacts, OS notifications, and keyboard-only navigation.
 */
import { writeFileSync } from 'node:fs';
import axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import { expect } from '@playwright/test';
import type { Page, TestInfo } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core with these rule tags on the page as it is now, inside the page. Why not @axe-core/playwright's
 * AxeBuilder: it evaluates axe's 550 kB source again for every analysis and brings every rule's passing nodes back
 * across the protocol; here the source is evaluated once per document and only violations come back in full (about
 * 0.5 s of CPU less per analysis here, and the end-to-end suite runs some sixty). The window has no frames (its CSP
 * allows none, checked here), so the rules apply to the whole of what is on screen, as with AxeBuilder's legacy run.
 */
export async function analyzeA11y(page: Page, tags: readonly string[]): Promise<AxeResults> {
  expect(
    page.frames().map((frame) => frame.url()),
    'the window has no frames for axe to miss',
  ).toEqual([page.url()]);
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(axe.source);
  }
  return page.evaluate(
    (values) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values },
        resultTypes: ['violations'],
      }),
    [...tags],
  );
}

/** Runs axe-core on the page as it is now; fails on any serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page, testInfo: TestInfo, label: string): Promise<void> {
  const results = await analyzeA11y(page, AXE_TAGS);
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const path = testInfo.outputPath(`axe-${label}.json`);
  writeFileSync(path, JSON.stringify(results.violations, null, 2));
  await testInfo.attach(`axe-${label}.json`, { path, contentType: 'application/json' });
  expect(
    serious.map((v) => `${v.id} (${String(v.impact)}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `axe on ${label}`,
  ).toEqual([]);
}

/** Saves a full-page screenshot of the current step as a test artifact. */
export async function saveStepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Records every `securitypolicyviolation` the page reports (and CSP console errors), before
 * any page script runs. Read them with {@link cspViolations}.
 */
export async function watchCsp(page: Page, sink: string[]): Promise<void> {
  await page.addInitScript(() => {
    const store: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: store });
    document.addEventListener('securitypolicyviolation', (e) => {
      store.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${String(e.lineNumber)})`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      sink.push(message.text());
    }
  });
}

export async function cspViolations(page: Page, sink: readonly string[]): Promise<readonly string[]> {
  const inPage = await page.evaluate(() => [...((window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])]);
  return [...inPage, ...sink];
}

/**
 * Keeps the real `Notification` API but records each one shown, so the test can assert the app
 * notified without depending on a desktop notification daemon. Permission is granted by the test.
 */
export async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    Object.defineProperty(window, '__notifications', { value: shown });
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
  });
}

export async function notificationsShown(page: Page): Promise<readonly { title: string; body: string }[]> {
  return page.evaluate(() => [...((window as unknown as { __notifications?: { title: string; body: string }[] }).__notifications ?? [])]);
}

/** The accessible-ish name of the focused element: its label, aria-label or text. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (el === null) {
      return '';
    }
    const labelled = el.getAttribute('aria-label');
    if (labelled !== null) {
      return labelled;
    }
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
      return [...(el.labels ?? [])].map((l) => l.textContent).join(' ');
    }
    // Text hidden from assistive technology (a shortcut hint beside a button's label) is not part of its name.
    const copy = el.cloneNode(true) as Element;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => {
      hidden.remove();
    });
    return copy.textContent;
  });
}

/** Presses Tab (only Tab) until the focused element's name matches; fails after `max` presses. */
export async function tabTo(page: Page, name: RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (name.test((await focusedName(page)).trim())) {
      return;
    }
  }
  throw new Error(`Tab never reached an element named ${String(name)}.`);
}

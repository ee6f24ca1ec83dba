/**
 * Drives the simulated tenant's sign-in pages in a real Chromium, the way a person would: type the username and
 * password, pick methods, read the number / code from the simulated phone or authenticator, enter the PIN.
 *
 * Reusable by every helper's tests: `completeSignIn(page, url, { username, password, methods })`.
 */
import type { Browser, LaunchOptions, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { signInBrowserLaunchOptions } from './chromium';

export type SignInScript = {
  readonly username: string;
  readonly password: string;
  /** Methods to use, in order, whenever the pages offer a choice (e.g. ['windowsHello'] or ['password', 'authenticatorPush', 'passkey']). */
  readonly methods: readonly string[];
  /** PIN for Windows Hello / passkey (the user's simulated device PIN). */
  readonly pin?: string;
  /** Stop and return when this step appears (e.g. 'stepup' to inspect the page) instead of completing. */
  readonly stopAt?: string;
};

export type SignInOutcome = {
  /** Steps seen, in order (`username`, `first-factor`, `choose-method:stepup`, `method:passkey`, `form-post`, ...). */
  readonly steps: readonly string[];
  /** Text of the step-up explanation, when a step-up page was shown. */
  readonly stepUpText: string | null;
  readonly offeredStepUpMethods: readonly string[];
};

/** Launch options for Chromium trusting exactly the tenant's leaf key. */
export function tenantChromiumOptions(leafSpkiSha256: string): LaunchOptions {
  const base = signInBrowserLaunchOptions();
  return { ...base, args: [...(base.args ?? []), `--ignore-certificate-errors-spki-list=${leafSpkiSha256}`] };
}

export async function launchTenantBrowser(leafSpkiSha256: string): Promise<Browser> {
  return chromium.launch(tenantChromiumOptions(leafSpkiSha256));
}

async function currentStep(page: Page): Promise<string> {
  // The form-post page navigates by itself; a read during that navigation is retried rather than misreported.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await page.waitForLoadState('domcontentloaded');
    const url = page.url();
    if (url.startsWith('http://localhost') || url.startsWith('http://127.0.0.1')) {
      return 'returned';
    }
    const read = await page
      .evaluate(() => ({ step: document.body.getAttribute('data-step'), purpose: document.body.getAttribute('data-purpose') }))
      .catch(() => null);
    if (read?.step !== undefined && read.step !== null) {
      return read.purpose === null ? read.step : `${read.step}:${read.purpose}`;
    }
    await page.waitForTimeout(100);
  }
  return 'unknown';
}

/**
 * Opens the authorize URL and completes the pages. Resolves once the browser has posted the response to the
 * loopback redirect URI (the page then shows MSAL's success/error template) or `stopAt` is reached.
 */
export async function completeSignIn(page: Page, url: string, script: SignInScript): Promise<SignInOutcome> {
  const steps: string[] = [];
  let stepUpText: string | null = null;
  let offered: string[] = [];
  const remaining = [...script.methods];
  const takeOffered = async (): Promise<string> => {
    const available = await page
      .locator('button[data-method]')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-method') ?? ''));
    const index = remaining.findIndex((method) => available.includes(method));
    if (index === -1) {
      throw new Error(`None of the scripted methods [${remaining.join(', ')}] is offered; the page offers [${available.join(', ')}].`);
    }
    const [method = ''] = remaining.splice(index, 1);
    return method;
  };
  await page.goto(url);
  for (let guard = 0; guard < 25; guard += 1) {
    const step = await currentStep(page);
    steps.push(step);
    if (step === 'returned' || step === script.stopAt || (script.stopAt !== undefined && step.startsWith(`${script.stopAt}:`))) {
      return { steps, stepUpText, offeredStepUpMethods: offered };
    }
    // Mark this document; the next page (a new document after the form post) will not carry the mark.
    await page.evaluate(() => {
      (window as unknown as { __signInStep?: boolean }).__signInStep = true;
    });
    switch (step) {
      case 'username':
        await page.fill('input[name=username]', script.username);
        await page.click('#next');
        break;
      case 'account-picker': {
        const current = await page.locator('button[data-account]').first().getAttribute('data-account');
        await page.click(
          current?.toLowerCase() === script.username.toLowerCase()
            ? 'button[data-account]:not([data-account=other])'
            : 'button[data-account=other]',
        );
        break;
      }
      case 'first-factor': {
        const first = remaining[0];
        if (first !== undefined && first !== 'password' && (await page.locator(`button[data-method=${first}]`).count()) > 0) {
          remaining.shift();
          await page.click(`button[data-method=${first}]`);
        } else {
          if (first === 'password') {
            remaining.shift();
          }
          await page.fill('input[name=password]', script.password);
          await page.click('#sign-in');
        }
        break;
      }
      case 'choose-method:mfa':
      case 'choose-method:stepup': {
        if (step === 'choose-method:stepup') {
          stepUpText = `${await page.locator('#stepup-context').innerText()} ${await page.locator('#stepup-strength').innerText()}`;
          offered = await page
            .locator('button[data-method]')
            .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-method') ?? ''));
        }
        const method = await takeOffered();
        await page.click(`button[data-method=${method}]`);
        break;
      }
      case 'method:first':
      case 'method:second':
      case 'method:stepup': {
        const method = (await page.locator('#method-in-progress').getAttribute('data-method')) ?? '';
        if (method === 'authenticatorPush' || method === 'authenticatorPasswordless') {
          const number = (await page.locator('#match-number').innerText()).trim();
          await page.fill('#phone-number', number);
          await page.click('#phone-approve');
        } else if (method === 'oath') {
          await page.fill('#otp', (await page.locator('#simulated-otp').innerText()).trim());
          await page.click('#verify');
        } else if (method === 'passkey') {
          await page.fill('#pin', script.pin ?? '');
          await page.click('#touch-key');
        } else if (method === 'windowsHello') {
          await page.fill('#pin', script.pin ?? '');
          await page.click('#hello-ok');
        } else {
          throw new Error(`Unexpected method page ${method}`);
        }
        break;
      }
      case 'form-post':
        // The page submits itself to the loopback. The bounds here only turn a hang into a failure: generous, since a
        // loaded two-core machine (the suite runs phases side by side) can take seconds to render a page.
        await page.waitForURL((target) => target.protocol === 'http:', { timeout: 30_000 });
        break;
      case 'blocked':
      case 'error':
        throw new Error(`Sign-in stopped at ${step}: ${await page.locator('#error-message').innerText()}`);
      default:
        throw new Error(`Unknown sign-in step "${step}" at ${page.url()}`);
    }
    if (step !== 'form-post') {
      // Polled every 50 ms rather than on every animation frame: frame polling kept Chromium rendering the whole
      // time a page loaded (about 0.1 s of CPU per step here), and a step takes longer than 50 ms anyway.
      await page.waitForFunction(() => (window as unknown as { __signInStep?: boolean }).__signInStep !== true, undefined, {
        polling: 50,
        timeout: 30_000,
      });
    }
  }
  throw new Error(`Sign-in did not finish; steps: ${steps.join(' → ')}`);
}

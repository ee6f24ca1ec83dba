/**
 * The `/authorize` endpoint and its interactive pages: account choice, first factor, second factor, authentication
 * context step-up, and the final auto-submitting form post to the loopback redirect URI.
 *
 * Why a server-side state machine: each completed method is recorded with its time in the sign-in transaction and
 * then in the browser session (cookie), so `amr`, `acrs`, sign-in frequency and `prompt=login` behave as in Entra.
 * Unattended sign-in runs the same machine with the named methods and still answers with the same form post.
 */
import { createHash, createHmac, randomInt } from 'node:crypto';
import { parseClaimsRequest } from '../auth/claims-request';
import { escapeHtml, html, parseForm, type InboundRequest, type Reply } from '../http/http-kit';
import { FIRST_FACTOR_METHODS, METHOD_DISPLAY_NAMES, isSignInMethod, type SignInMethod } from '../model/methods';
import { methodsThatCanSatisfy } from '../model/strengths';
import type { MethodRecord, TenantModel, UserRecord } from '../model/tenant-model';
import { opaqueToken, type AuthorityStore, type AuthorizeParams, type BrowserSession, type SignInTransaction } from './authority-store';
import { cancelButton, errorLine, errorPage, formOpen, formPostPage, hidden, methodButtons, page } from './pages';
import { resolveScopes, resourceRefusal, scopeRefusal } from './scopes';
import { firstUnsatisfiedContext, hasFirstFactor, isMultifactor, methodsCompletingMfa, type UnsatisfiedContext } from './sign-in-rules';
import { clientInfoFor } from './token-issuer';
import { loopbackRedirect } from './loopback-redirect';

export const BROWSER_COOKIE = 'simtenant_browser';
const CODE_TTL_MS = 10 * 60_000;

/** The simulated OATH (TOTP-like) code for a user at a time: 6 digits, 30-second windows of the tenant clock. */
export function oathCode(user: UserRecord, at: Date, windowOffset = 0): string {
  const window = Math.floor(at.getTime() / 30_000) + windowOffset;
  const digest = createHmac('sha256', `oath:${user.id}`).update(String(window)).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export type FlowContext = {
  readonly model: () => TenantModel;
  readonly store: AuthorityStore;
};

/** An authorize request's redirect URI: loopback, and no query or fragment (the response adds its own). */
function isLoopbackRedirect(uri: string): boolean {
  const url = loopbackRedirect(uri);
  return url !== null && url.search === '' && url.hash === '';
}

function traceSuffix(now: Date): string {
  return ` Trace ID: ${opaqueToken(12)} Correlation ID: ${opaqueToken(12)} Timestamp: ${now.toISOString().replace('T', ' ').replace('Z', 'Z')}`;
}

export class SignInFlow {
  constructor(private readonly context: FlowContext) {}

  private get model(): TenantModel {
    return this.context.model();
  }

  private tenantName(): string {
    return this.model.scenario.tenant.displayName;
  }

  private continueAction(tenantSegment: string): string {
    return `/${tenantSegment}/oauth2/v2.0/authorize/continue`;
  }

  /** Cookie header for a browser id. */
  private cookieHeader(browserId: string): Record<string, string> {
    return { 'set-cookie': `${BROWSER_COOKIE}=${browserId}; Path=/; HttpOnly; Secure; SameSite=Lax` };
  }

  private browserIdOf(request: InboundRequest): { id: string; isNew: boolean } {
    const existing = request.cookies[BROWSER_COOKIE];
    if (existing !== undefined && /^[A-Za-z0-9_-]{20,}$/.test(existing)) {
      return { id: existing, isNew: false };
    }
    return { id: opaqueToken(24), isNew: true };
  }

  /** GET `/{tenant}/oauth2/v2.0/authorize`. */
  authorize(request: InboundRequest, tenantSegment: string): Reply {
    const model = this.model;
    const query = request.url.searchParams;
    const now = model.clock.now();
    const clientId = query.get('client_id') ?? '';
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!model.scenario.clientApplications.some((app) => app.appId === clientId)) {
      return html(
        400,
        errorPage(
          this.tenantName(),
          'Sign-in error',
          `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${model.scenario.tenant.displayName}'.`,
        ),
      );
    }
    if (!isLoopbackRedirect(redirectUri)) {
      return html(
        400,
        errorPage(
          this.tenantName(),
          'Sign-in error',
          `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Public clients must use http://localhost (any port).`,
        ),
      );
    }
    const state = query.get('state') ?? '';
    const fail = (error: string, description: string): Reply =>
      html(
        200,
        formPostPage(
          this.tenantName(),
          redirectUri,
          { error, error_description: `${description}${traceSuffix(now)}`, ...(state === '' ? {} : { state }) },
          'The request was refused.',
        ),
      );
    if (query.get('response_type') !== 'code') {
      return fail('unsupported_response_type', 'AADSTS700054: response_type must be code for this application.');
    }
    if (query.get('response_mode') !== 'form_post') {
      return fail('invalid_request', "AADSTS900144: This simulated tenant requires response_mode 'form_post' for public clients.");
    }
    if (state === '') {
      return fail('invalid_request', "AADSTS900144: The request body must contain the following parameter: 'state'.");
    }
    const codeChallenge = query.get('code_challenge') ?? '';
    if (codeChallenge === '') {
      return fail(
        'invalid_request',
        'AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
      );
    }
    if (query.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
      return fail('invalid_request', 'AADSTS501491: Invalid size of Code_Challenge parameter or code_challenge_method is not S256.');
    }
    const scope = query.get('scope') ?? '';
    const scopes = resolveScopes(scope);
    if (!scopes.ok) {
      const refusal = scopeRefusal(scopes, scope);
      return fail('invalid_scope', `AADSTS${refusal.code}: ${refusal.text}`);
    }
    const refusedResource = resourceRefusal(
      model.scenario.clientApplications.find((app) => app.appId === clientId),
      scopes.resource,
    );
    if (refusedResource !== null) {
      return fail('invalid_client', `AADSTS${refusedResource.code}: ${refusedResource.text}`);
    }
    const claims = parseClaimsRequest(query.get('claims'));
    if (!claims.ok) {
      return fail('invalid_request', `AADSTS90100: claims parameter is empty or not valid. ${claims.error}`);
    }
    const prompt = query.get('prompt');
    const params: AuthorizeParams = {
      tenantSegment,
      clientId,
      redirectUri,
      scope,
      state,
      codeChallenge,
      claims: claims.claims,
      prompt: prompt === null || prompt === '' ? null : prompt,
      loginHint: query.get('login_hint'),
      nonce: query.get('nonce'),
    };
    const browser = this.browserIdOf(request);
    const transaction = this.context.store.newTransaction(browser.id, params, now);
    const session = this.context.store.browsers.get(browser.id);
    const cookie = browser.isNew ? this.cookieHeader(browser.id) : {};
    const unattended = model.settings.unattended;
    if (unattended !== null) {
      const reply = this.runUnattended(transaction, unattended.username, unattended.methods);
      return { ...reply, headers: { ...reply.headers, ...cookie } };
    }
    // A remembered session for the hinted (or only) user is reused unless prompt=login / select_account.
    if (session !== undefined && params.prompt !== 'login' && params.prompt !== 'select_account') {
      const sessionUser = model.userById(session.userId);
      const hintMatches = params.loginHint === null || sessionUser?.userPrincipalName.toLowerCase() === params.loginHint.toLowerCase();
      if (sessionUser !== undefined && hintMatches) {
        transaction.userId = sessionUser.id;
      }
    }
    if (transaction.userId === null && params.loginHint !== null && params.prompt !== 'select_account') {
      const hinted = model.userByName(params.loginHint);
      if (hinted !== undefined) {
        transaction.userId = hinted.id;
      }
    }
    if (params.prompt === 'none') {
      return this.silentOrFail(transaction, cookie);
    }
    const reply = this.advance(transaction);
    return { ...reply, headers: { ...reply.headers, ...cookie } };
  }

  private silentOrFail(transaction: SignInTransaction, cookie: Record<string, string>): Reply {
    const next = transaction.userId === null ? 'login' : this.nextRequirement(transaction);
    if (next !== 'done') {
      return this.sendError(
        transaction,
        'login_required',
        'AADSTS50058: A silent sign-in request was sent but no user is signed in, or interaction is required.',
      );
    }
    const reply = this.finish(transaction);
    return { ...reply, headers: { ...reply.headers, ...cookie } };
  }

  /** Methods counted for this transaction: the browser session's (unless prompt=login or another user) plus this transaction's. */
  private effectiveMethods(transaction: SignInTransaction): MethodRecord[] {
    const session = this.context.store.browsers.get(transaction.browserId);
    const fromSession =
      session !== undefined && session.userId === transaction.userId && transaction.params.prompt !== 'login' ? session.methods : [];
    return [...fromSession, ...transaction.completed];
  }

  private nextRequirement(transaction: SignInTransaction): 'first' | 'mfa' | 'stepup' | 'done' {
    const user = transaction.userId === null ? undefined : this.model.userById(transaction.userId);
    if (user === undefined) {
      return 'first';
    }
    const methods = this.effectiveMethods(transaction);
    if (!hasFirstFactor(methods)) {
      return 'first';
    }
    const wantsMfa = user.requireMfaAtSignIn || transaction.params.claims.amr.includes('mfa');
    if (wantsMfa && !isMultifactor(methods)) {
      return 'mfa';
    }
    return this.firstUnsatisfied(transaction, user, methods, this.model.clock.now()) === null ? 'done' : 'stepup';
  }

  /** The first authentication context the transaction's claims ask for that the given methods do not satisfy yet, or null. */
  private firstUnsatisfied(
    transaction: SignInTransaction,
    user: UserRecord,
    methods: readonly MethodRecord[],
    now: Date,
  ): UnsatisfiedContext | null {
    return firstUnsatisfiedContext(this.model, user, transaction.params.claims.acrs, methods, transaction.startedAt, now);
  }

  /** Renders the page for the transaction's next step. */
  private advance(transaction: SignInTransaction): Reply {
    const model = this.model;
    const action = this.continueAction(transaction.params.tenantSegment);
    const tx = transaction.id;
    const name = this.tenantName();
    if (transaction.pending !== null) {
      return html(200, this.methodPage(transaction));
    }
    if (transaction.userId === null) {
      const session = this.context.store.browsers.get(transaction.browserId);
      const sessionUser = session === undefined ? undefined : model.userById(session.userId);
      if (sessionUser !== undefined && transaction.params.prompt !== 'login') {
        return html(
          200,
          page({
            step: 'account-picker',
            title: 'Pick an account',
            tenantName: name,
            body: `<h1>Pick an account</h1>${errorLine(transaction.message)}
${formOpen(action, tx, 'pick-account')}${hidden('choice', 'current')}<button type="submit" class="method" data-account="${escapeHtml(sessionUser.userPrincipalName)}">${escapeHtml(sessionUser.displayName)}<br><span class="note">${escapeHtml(sessionUser.userPrincipalName)} · Signed in</span></button></form>
${formOpen(action, tx, 'pick-account')}${hidden('choice', 'other')}<button type="submit" class="method" data-account="other">Use another account</button></form>`,
          }),
        );
      }
      return html(
        200,
        page({
          step: 'username',
          title: 'Sign in',
          tenantName: name,
          body: `<h1>Sign in</h1>${errorLine(transaction.message)}
${formOpen(action, tx, 'username')}<label for="username">Email or username</label><input type="email" id="username" name="username" autocomplete="username" value="${escapeHtml(transaction.params.loginHint ?? '')}" required autofocus>
<button type="submit" id="next">Next</button></form>${cancelButton(action, tx)}`,
        }),
      );
    }
    const user = model.userById(transaction.userId);
    if (user === undefined) {
      return this.sendError(transaction, 'invalid_request', 'AADSTS50034: The user account does not exist in this directory.');
    }
    const next = this.nextRequirement(transaction);
    switch (next) {
      case 'first': {
        const passwordless = user.methods.filter((method) => method !== 'password' && FIRST_FACTOR_METHODS.has(method));
        const passwordForm = user.methods.includes('password')
          ? `${formOpen(action, tx, 'password')}<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required autofocus><button type="submit" id="sign-in">Sign in</button></form>`
          : '';
        return html(
          200,
          page({
            step: 'first-factor',
            title: 'Enter password',
            tenantName: name,
            body: `<h1>Enter password</h1><p class="note" id="account-name">${escapeHtml(user.userPrincipalName)}</p>${errorLine(transaction.message)}${passwordForm}
${passwordless.length > 0 ? `<h2>Other ways to sign in</h2>${methodButtons(action, tx, passwordless)}` : ''}${cancelButton(action, tx)}`,
          }),
        );
      }
      case 'mfa': {
        const offered = methodsCompletingMfa(user, this.effectiveMethods(transaction)).filter((method) => method !== 'password');
        if (offered.length === 0) {
          return this.blocked(
            transaction,
            'AADSTS50079: Due to a configuration change made by your administrator, you are required to register a second authentication method.',
          );
        }
        return html(
          200,
          page({
            step: 'choose-method',
            purpose: 'mfa',
            title: 'Verify your identity',
            tenantName: name,
            body: `<h1>Verify your identity</h1><p>Your organization requires a second verification for ${escapeHtml(user.userPrincipalName)}.</p>${errorLine(transaction.message)}${methodButtons(action, tx, offered)}${cancelButton(action, tx)}`,
          }),
        );
      }
      case 'stepup': {
        const unsatisfied = this.firstUnsatisfied(transaction, user, this.effectiveMethods(transaction), model.clock.now());
        if (unsatisfied === null) {
          return this.finish(transaction);
        }
        const offered = methodsThatCanSatisfy(unsatisfied.strength, user.methods);
        const frequency =
          unsatisfied.signInFrequency === null
            ? 'no sign-in frequency'
            : unsatisfied.signInFrequency === 'everyTime'
              ? 'sign-in frequency: every time'
              : `sign-in frequency: every ${unsatisfied.signInFrequency.minutes} minutes`;
        const intro = `<h1>Additional verification required</h1>
<p id="stepup-context">This action requires the authentication context <strong>${escapeHtml(unsatisfied.contextDisplayName)}</strong> (<code>${escapeHtml(unsatisfied.contextId)}</code>).</p>
<p id="stepup-strength">Conditional Access policy “${escapeHtml(unsatisfied.policyDisplayName)}” requires the authentication strength <strong>${escapeHtml(unsatisfied.strength.displayName)}</strong> (${frequency}).</p>`;
        if (offered.length === 0) {
          return this.blocked(
            transaction,
            `AADSTS53003: Access has been blocked by Conditional Access policies. ${user.userPrincipalName} has no registered method that satisfies ${unsatisfied.strength.displayName}.`,
            intro,
          );
        }
        return html(
          200,
          page({
            step: 'choose-method',
            purpose: 'stepup',
            title: 'Additional verification required',
            tenantName: name,
            body: `${intro}<p>Choose one of these methods:</p>${errorLine(transaction.message)}${methodButtons(action, tx, offered)}${cancelButton(action, tx)}`,
          }),
        );
      }
      case 'done':
        return this.finish(transaction);
    }
  }

  private blocked(transaction: SignInTransaction, description: string, intro = ''): Reply {
    const action = this.continueAction(transaction.params.tenantSegment);
    return html(
      200,
      page({
        step: 'blocked',
        title: 'You cannot access this right now',
        tenantName: this.tenantName(),
        body: `${intro}<h1>You cannot access this right now</h1><p class="error" id="error-message">${escapeHtml(description)}</p>
${formOpen(action, transaction.id, 'give-up')}${hidden('description', description)}<button type="submit" id="back-to-app">Back to the application</button></form>`,
      }),
    );
  }

  private methodPage(transaction: SignInTransaction): string {
    const pending = transaction.pending;
    const user = transaction.userId === null ? undefined : this.model.userById(transaction.userId);
    if (pending === null || user === undefined) {
      return errorPage(this.tenantName(), 'Sign-in error', 'No method in progress.');
    }
    const action = this.continueAction(transaction.params.tenantSegment);
    const tx = transaction.id;
    const title = METHOD_DISPLAY_NAMES[pending.method];
    let body: string;
    switch (pending.method) {
      case 'authenticatorPush':
      case 'authenticatorPasswordless':
        body = `<h1>Approve sign in request</h1><p>Open your Authenticator app and enter the number shown to sign in.</p>
<div class="number" id="match-number">${pending.matchNumber ?? 0}</div>
<div class="device" id="simulated-phone"><h2>Simulated phone · Microsoft Authenticator</h2><p>Are you trying to sign in? ${escapeHtml(user.userPrincipalName)}</p>
${formOpen(action, tx, 'verify')}<label for="phone-number">Enter the number shown to sign in</label><input type="text" inputmode="numeric" id="phone-number" name="matchNumber" autocomplete="off">
<button type="submit" name="decision" value="approve" id="phone-approve">Yes</button> <button type="submit" name="decision" value="deny" class="secondary" id="phone-deny">No, it's not me</button></form></div>`;
        break;
      case 'oath':
        body = `<h1>Enter code</h1><p>Enter the code displayed in the authenticator app on your mobile device.</p>
${formOpen(action, tx, 'verify')}<label for="otp">Code</label><input type="text" inputmode="numeric" id="otp" name="otp" autocomplete="one-time-code" required><button type="submit" id="verify">Verify</button></form>
<div class="device" id="simulated-authenticator"><h2>Simulated authenticator app</h2><p>${escapeHtml(this.model.scenario.tenant.displayName)}: ${escapeHtml(user.userPrincipalName)}</p><p class="code" id="simulated-otp">${oathCode(user, this.model.clock.now())}</p></div>`;
        break;
      case 'passkey':
        body = `<h1>Use your passkey</h1><p>Insert your security key or use the passkey on your device.</p>
<div class="device" id="simulated-security-key"><h2>Simulated security key</h2>${formOpen(action, tx, 'verify')}<label for="pin">Security key PIN</label><input type="password" id="pin" name="pin" inputmode="numeric" required>
<button type="submit" id="touch-key">Touch your security key</button></form></div>`;
        break;
      case 'windowsHello':
        body = `<h1>Windows Security</h1><p>Making sure it's you. Sign in as ${escapeHtml(user.userPrincipalName)} with Windows Hello.</p>
<div class="device" id="simulated-windows-hello"><h2>Simulated Windows Hello</h2>${formOpen(action, tx, 'verify')}<label for="pin">PIN</label><input type="password" id="pin" name="pin" inputmode="numeric" required>
<button type="submit" id="hello-ok">OK</button></form></div>`;
        break;
      case 'password':
        body = `${formOpen(action, tx, 'password')}<label for="password">Password</label><input type="password" id="password" name="password" required><button type="submit" id="sign-in">Sign in</button></form>`;
        break;
    }
    return page({
      step: 'method',
      purpose: pending.purpose,
      title,
      tenantName: this.tenantName(),
      body: `<div data-method="${pending.method}" id="method-in-progress">${errorLine(transaction.message)}${body}</div>${formOpen(action, tx, 'other-method')}<button type="submit" class="secondary" id="other-method">Sign in another way</button></form>`,
    });
  }

  /** POST `/{tenant}/oauth2/v2.0/authorize/continue`. */
  continue(request: InboundRequest): Reply {
    const form = parseForm(request.body);
    const transaction = this.context.store.transactions.get(form.get('tx') ?? '');
    const browserId = request.cookies[BROWSER_COOKIE];
    if (transaction === undefined || transaction.finished || browserId !== transaction.browserId) {
      return html(
        400,
        errorPage(
          this.tenantName(),
          'Sign-in expired',
          'AADSTS90014: This sign-in request has expired or was started in another browser. Go back to the application and try again.',
        ),
      );
    }
    const model = this.model;
    const now = model.clock.now();
    transaction.message = null;
    const user = transaction.userId === null ? undefined : model.userById(transaction.userId);
    switch (form.get('action')) {
      case 'cancel':
        return this.sendError(transaction, 'access_denied', 'AADSTS50126: The user canceled the sign-in.');
      case 'give-up':
        return this.sendError(
          transaction,
          'interaction_required',
          form.get('description') ?? 'AADSTS53003: Access has been blocked by Conditional Access policies.',
        );
      case 'pick-account': {
        if (form.get('choice') === 'current') {
          transaction.userId = this.context.store.browsers.get(transaction.browserId)?.userId ?? null;
        } else {
          this.context.store.browsers.delete(transaction.browserId);
        }
        return this.advance(transaction);
      }
      case 'username': {
        const candidate = model.userByName((form.get('username') ?? '').trim());
        if (candidate === undefined) {
          transaction.message =
            "This username may be incorrect. Make sure you typed it correctly. (AADSTS50034: The user account doesn't exist in this simulated directory.)";
        } else {
          transaction.userId = candidate.id;
        }
        return this.advance(transaction);
      }
      case 'password': {
        if (user === undefined || !user.methods.includes('password')) {
          return this.advance(transaction);
        }
        if (form.get('password') === user.password) {
          transaction.completed.push({ method: 'password', at: now });
        } else {
          transaction.message = 'Your account or password is incorrect. (AADSTS50126)';
        }
        return this.advance(transaction);
      }
      case 'choose': {
        const method = form.get('method') ?? '';
        if (user !== undefined && isSignInMethod(method) && user.methods.includes(method)) {
          const next = this.nextRequirement(transaction);
          transaction.pending = {
            method,
            purpose: next === 'first' ? 'first' : next === 'mfa' ? 'second' : 'stepup',
            matchNumber: method === 'authenticatorPush' || method === 'authenticatorPasswordless' ? randomInt(10, 100) : null,
          };
        }
        return this.advance(transaction);
      }
      case 'other-method':
        transaction.pending = null;
        return this.advance(transaction);
      case 'verify':
        if (user !== undefined) {
          this.verify(transaction, user, form, now);
        }
        return this.advance(transaction);
      default:
        return this.advance(transaction);
    }
  }

  private verify(transaction: SignInTransaction, user: UserRecord, form: URLSearchParams, now: Date): void {
    const pending = transaction.pending;
    if (pending === null) {
      return;
    }
    const complete = (): void => {
      transaction.completed.push({ method: pending.method, at: now });
      transaction.pending = null;
    };
    switch (pending.method) {
      case 'authenticatorPush':
      case 'authenticatorPasswordless':
        if (form.get('decision') === 'deny') {
          transaction.pending = null;
          transaction.message = 'You denied the sign-in request in the Authenticator app.';
        } else if (Number(form.get('matchNumber')) === pending.matchNumber) {
          complete();
        } else {
          transaction.pending = null;
          transaction.message = 'The number you entered in the app did not match. The request was denied; try again.';
        }
        return;
      case 'oath': {
        const code = (form.get('otp') ?? '').trim();
        if (code === oathCode(user, now) || code === oathCode(user, now, -1)) {
          complete();
        } else {
          transaction.message = "You didn't enter the expected verification code. Please try again.";
        }
        return;
      }
      case 'passkey':
      case 'windowsHello':
        if (user.pin !== null && form.get('pin') === user.pin) {
          complete();
        } else {
          transaction.message = 'The PIN is incorrect. Try again.';
        }
        return;
      case 'password':
        return;
    }
  }

  /** Ends the transaction by form-posting its answer (a code or an OAuth error) to the redirect URI. */
  private postToRedirect(transaction: SignInTransaction, fields: Readonly<Record<string, string>>, note: string): Reply {
    this.context.store.finishTransaction(transaction);
    return html(200, formPostPage(this.tenantName(), transaction.params.redirectUri, fields, note));
  }

  /** Posts an OAuth error to the redirect URI (MSAL turns it into a ServerError). */
  private sendError(transaction: SignInTransaction, error: string, description: string): Reply {
    return this.postToRedirect(
      transaction,
      { error, error_description: `${description}${traceSuffix(this.model.clock.now())}`, state: transaction.params.state },
      'Returning the error to the application.',
    );
  }

  /** All requirements met: remember the session, issue a code, post it to the loopback. */
  private finish(transaction: SignInTransaction): Reply {
    const model = this.model;
    const user = transaction.userId === null ? undefined : model.userById(transaction.userId);
    if (user === undefined) {
      return this.sendError(transaction, 'invalid_request', 'AADSTS50034: The user account does not exist in this directory.');
    }
    const now = model.clock.now();
    const previous = this.context.store.browsers.get(transaction.browserId);
    // Strict sessions: a sign-in that performed methods starts a new session carrying only those (nothing merged from
    // earlier sign-ins); one that performed none (single sign-on) rides on the session it reused.
    const startsNewSession = model.settings.strictSessions && transaction.completed.length > 0;
    const methods = startsNewSession ? [...transaction.completed] : this.effectiveMethods(transaction);
    const session: BrowserSession =
      previous !== undefined && previous.userId === user.id && transaction.params.prompt !== 'login' && !startsNewSession
        ? { userId: user.id, methods: [...previous.methods, ...transaction.completed] }
        : { userId: user.id, methods: [...transaction.completed] };
    this.context.store.rememberBrowser(transaction.browserId, session);
    const code = `1.sim.${opaqueToken(48)}`;
    const authTime = transaction.completed.length > 0 ? now : (session.methods.at(-1)?.at ?? now);
    this.context.store.addCode(code, {
      clientId: transaction.params.clientId,
      redirectUri: transaction.params.redirectUri,
      codeChallenge: transaction.params.codeChallenge,
      scope: transaction.params.scope,
      userId: user.id,
      methods,
      acrs: transaction.params.claims.acrs,
      xmsCc: transaction.params.claims.xmsCc,
      nonce: transaction.params.nonce,
      authTime,
      expiresAt: new Date(now.getTime() + CODE_TTL_MS),
      used: false,
    });
    return this.postToRedirect(
      transaction,
      {
        code,
        state: transaction.params.state,
        client_info: clientInfoFor(model, user),
        session_state: createHash('sha256').update(transaction.browserId).digest('hex').slice(0, 36),
      },
      `Signed in as ${user.userPrincipalName}.`,
    );
  }

  /** Unattended sign-in: performs the named methods as the named user, then answers exactly like the pages would. */
  private runUnattended(transaction: SignInTransaction, username: string, methods: readonly string[]): Reply {
    const model = this.model;
    const user = model.userByName(username);
    if (user === undefined) {
      return this.sendError(
        transaction,
        'invalid_request',
        `AADSTS50034: Unattended sign-in user ${username} does not exist in this directory.`,
      );
    }
    transaction.userId = user.id;
    const now = model.clock.now();
    const order: SignInMethod[] = [];
    for (const name of methods) {
      if (!isSignInMethod(name) || !user.methods.includes(name)) {
        return this.sendError(transaction, 'invalid_request', `Unattended sign-in: ${username} has no registered method "${name}".`);
      }
      order.push(name);
    }
    if (!order.some((method) => FIRST_FACTOR_METHODS.has(method))) {
      order.unshift('password');
    }
    for (const method of order) {
      transaction.completed.push({ method, at: now });
    }
    const next = this.nextRequirement(transaction);
    if (next === 'done') {
      return this.finish(transaction);
    }
    const unsatisfied = this.firstUnsatisfied(transaction, user, this.effectiveMethods(transaction), now);
    const reason =
      next === 'stepup' && unsatisfied !== null
        ? `AADSTS53003: Access has been blocked by Conditional Access policies. Context ${unsatisfied.contextId} requires ${unsatisfied.strength.displayName}; unattended methods were ${order.join(', ')}.`
        : `AADSTS50076: Unattended methods ${order.join(', ')} do not complete the required ${next === 'mfa' ? 'multifactor authentication' : 'sign-in'}.`;
    return this.sendError(transaction, 'interaction_required', reason);
  }
}

/**
 * An interactive sign-in in the system browser: the authorization code flow with PKCE (S256) through MSAL's own APIs,
 * with our loopback listener (sign-in-listener.ts) in place of MSAL's.
 *
 * Why not `acquireTokenInteractive`: in msal-node 7 it always builds its own `LoopbackClient` (the request takes a
 * `preferredPort` only, and a `redirectUri` is refused without a broker), and that listener holds any body a local
 * process posts to it. `getAuthCodeUrl` and `acquireTokenByCode` are the two halves `acquireTokenInteractive` is made
 * of: MSAL still builds the authorize URL (claims merged with `cp1`, PKCE challenge, prompt, login hint), redeems the
 * code with the verifier and keeps the tokens and the account in its cache; only the listener is ours.
 * docs/security.md, row 42.
 */
import { randomBytes } from 'node:crypto';
import { CryptoProvider, ResponseMode } from '@azure/msal-node';
import type { AuthenticationResult, PublicClientApplication } from '@azure/msal-node';
import { startSignInListener, type ListenerPages } from './sign-in-listener';

export type BrowserSignInRequest = {
  readonly scopes: readonly string[];
  readonly claims?: string;
  readonly prompt?: string;
  readonly loginHint?: string;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly pages: ListenerPages;
  /** Aborting closes the listener at once: the sign-in ends, and a browser that answers later finds nothing. */
  readonly signal: AbortSignal;
};

/** An OAuth error the authority sent back through the browser; shaped as MSAL's `ServerError` is, for the error mapping. */
export class AuthorizationResponseError extends Error {
  override readonly name = 'AuthorizationResponseError';
  constructor(
    readonly errorCode: string,
    readonly errorMessage: string,
    readonly subError: string,
  ) {
    super(`${errorCode}: ${errorMessage}`);
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new Error('The sign-in was cancelled before the browser opened.');
  }
}

const crypto = new CryptoProvider();

export async function browserSignIn(pca: PublicClientApplication, request: BrowserSignInRequest): Promise<AuthenticationResult> {
  throwIfAborted(request.signal);
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = randomBytes(32).toString('base64url');
  const listener = await startSignInListener(state, request.pages);
  const stop = (): void => {
    listener.close();
  };
  request.signal.addEventListener('abort', stop, { once: true });
  const scopes = [...request.scopes];
  const common = {
    scopes,
    redirectUri: listener.redirectUri,
    ...(request.claims === undefined ? {} : { claims: request.claims }),
  };
  try {
    throwIfAborted(request.signal);
    const url = await pca.getAuthCodeUrl({
      ...common,
      responseMode: ResponseMode.FORM_POST,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
      ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
      ...(request.loginHint === undefined ? {} : { loginHint: request.loginHint }),
    });
    // Cancelled while MSAL resolved the authority: no browser.
    throwIfAborted(request.signal);
    await request.openBrowser(url);
    const response = await listener.response;
    if (response.kind === 'error') {
      throw new AuthorizationResponseError(response.error, response.description, response.subError);
    }
    return await pca.acquireTokenByCode({
      ...common,
      code: response.code,
      codeVerifier: verifier,
      ...(response.clientInfo === null ? {} : { clientInfo: response.clientInfo }),
    });
  } finally {
    request.signal.removeEventListener('abort', stop);
    listener.close();
  }
}

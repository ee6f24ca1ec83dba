import { describe, expect, it } from 'vitest';
import { REDACTED, findSecrets, isSecretKey, redact, redactValue } from '../../../../src/core/diagnostics/redact';
import { CLAIMS_CHALLENGE, REQUEST_ID, makeEntraOpaque, makeJwt, makeShortSecret, seededRandom } from './secrets';

const random = seededRandom(20261125);
const JWT = makeJwt(random);
const RT = makeEntraOpaque(random);
const CODE = makeEntraOpaque(random);
const SHORT = makeShortSecret(random);

/** The secret must be gone, and so must any 24-character piece of it. */
function expectGone(output: string, secret: string): void {
  expect(output).not.toContain(secret);
  for (let i = 0; i + 24 <= secret.length; i += 24) {
    expect(output, `a piece of the secret survived: ${secret.slice(i, i + 24)}`).not.toContain(secret.slice(i, i + 24));
  }
}

describe('redact removes JWTs wherever they appear', () => {
  it.each([
    ['plain text', (j: string) => `token ${j} expired`],
    ['a query string', (j: string) => `https://graph.microsoft.com/v1.0/me?access_token=${j}&$select=id`],
    ['a fragment', (j: string) => `https://app.invalid/cb#id_token=${j}&state=xyz`],
    ['a JSON string', (j: string) => JSON.stringify({ accessToken: j, requestId: REQUEST_ID })],
    ['JSON under an innocent key', (j: string) => JSON.stringify({ note: j })],
    [
      'escaped JSON inside an error message',
      (j: string) => JSON.stringify({ message: `Graph said ${JSON.stringify({ access_token: j })}` }),
    ],
    ['an Authorization header', (j: string) => `Authorization: Bearer ${j}`],
    ['a PoP header', (j: string) => `authorization: PoP ${j}`],
    ['percent-encoded dots', (j: string) => `next=${j.replace(/\./g, '%2E')}`],
    ['a percent-encoded header inside a URL', (j: string) => `https://x.invalid/?h=${encodeURIComponent(`Bearer ${j}`)}`],
    ['an unsigned (two-part) token', (j: string) => `id ${j.split('.').slice(0, 2).join('.')}.`],
    ['a JWE-like five-part token', (j: string) => `enc ${j}.${j.split('.')[2] ?? ''}.abc`],
    ['glued to other text', (j: string) => `x${j}y`],
    ['inside a stack-trace line', (j: string) => `    at fetch (file:///app.js:1:1) token=${j}`],
  ])('in %s', (_name, template) => {
    const output = redact(template(JWT));
    expectGone(output, JWT.split('.')[1] ?? JWT);
    expectGone(output, JWT.split('.')[2] ?? JWT);
    expect(findSecrets(output)).toEqual([]);
  });

  it('keeps the request id beside a token', () => {
    expect(redact(JSON.stringify({ accessToken: JWT, requestId: REQUEST_ID }))).toContain(REQUEST_ID);
  });
});

describe('redact removes refresh tokens under any key spelling', () => {
  it.each([
    (s: string) => `grant_type=refresh_token&refresh_token=${s}&client_id=abc`,
    (s: string) => `{"refresh_token":"${s}"}`,
    (s: string) => `{"refreshToken": "${s}"}`,
    (s: string) => `{"RefreshToken" : "${s}"}`,
    (s: string) => `{"REFRESH_TOKEN":"${s}"}`,
    (s: string) => `{"refresh-token":"${s}"}`,
    (s: string) => `{'refresh_token': '${s}'}`,
    (s: string) => `{"familyRefreshToken":"${s}"}`,
    (s: string) => `refresh_token: ${s}`,
    (s: string) => `RefreshToken=${s}; Path=/`,
    (s: string) => `{"RefreshToken":{"k":{"secret":"${s}","credentialType":"RefreshToken"}}}`,
    (s: string) => JSON.stringify({ error: JSON.stringify({ refresh_token: s }) }),
    (s: string) => `body: refresh_token%3D${s}%26scope%3Dopenid`,
  ])('%s', (template) => {
    for (const secret of [RT, SHORT]) {
      const output = redact(template(secret));
      expectGone(output, secret);
    }
  });

  it('removes a bare Entra refresh token even without a key', () => {
    expectGone(redact(`we got ${RT} back`), RT);
  });
});

describe('redact removes authorization codes from URLs and bodies but keeps error codes', () => {
  it.each([
    (c: string) => `http://localhost:53123/?code=${c}&state=abc&session_state=def`,
    (c: string) => `http://localhost:53123/#code=${c}&state=abc`,
    (c: string) => `code=${c}&client_info=eyJ1aWQiOiIxIn0&state=abc`,
    (c: string) => `grant_type=authorization_code&code=${c}&redirect_uri=http%3A%2F%2Flocalhost`,
    (c: string) => JSON.stringify({ url: `http://localhost/?code=${c}` }),
    (c: string) => `https://login.invalid/redirect?next=${encodeURIComponent(`http://localhost/cb?code=${c}&state=1`)}`,
    (c: string) => `POST /token code=${c}`,
  ])('%s', (template) => {
    for (const secret of [CODE, SHORT]) {
      expectGone(redact(template(secret)), secret);
    }
  });

  it.each([
    '{"error":{"code":"RoleAssignmentExists","message":"The Role assignment already exists."}}',
    '{"error":{"code":"RoleAssignmentRequestAcrsValidationFailed"}}',
    'Graph error code: Authorization_RequestDenied',
    'error_codes=[50076] error_code=invalid_grant',
    '{"code":"graph/throttled"}',
    `request-id: ${REQUEST_ID}`,
  ])('keeps %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('treats a JSON "code" as an authorization code unless it is a short error-code identifier', () => {
    // Graph reports errors as {"code":"RoleAssignmentExists"}; an OAuth code is hundreds of
    // characters with dots and dashes. A short identifier-like value is therefore kept.
    expectGone(redact(`{"code":"${CODE}"}`), CODE);
    expect(redact('{"code":"0.AXoA-abc"}')).toBe(`{"code":"${REDACTED}"}`);
    expect(redact('{"code":"RoleAssignmentExists"}')).toBe('{"code":"RoleAssignmentExists"}');
  });

  it('keeps the state parameter next to a removed code', () => {
    expect(redact(`http://localhost/?code=${CODE}&state=abc123`)).toBe(`http://localhost/?code=${REDACTED}&state=abc123`);
  });
});

describe('redact removes passwords, client secrets, headers and cookies', () => {
  it.each([
    ['password=hunter2&username=ana', 'hunter2', 'username=ana'],
    ['{"password":"correct horse battery staple"}', 'correct horse battery staple', '"password"'],
    ['{"Password": "with \\"quotes\\" inside"}', 'quotes', '"Password"'],
    ['pwd=Winter2026!', 'Winter2026!', 'pwd='],
    ['passwd: letmein', 'letmein', 'passwd'],
    ['client_secret=abc~DEF.123&client_id=1', 'abc~DEF.123', 'client_id=1'],
    ['{"clientSecret":"Qx8Q~abcdefghijklmnop"}', 'Qx8Q~abcdefghijklmnop', 'clientSecret'],
    ['client_assertion=eyJhbGciOiJQUzI1NiJ9.eyJhdWQiOiJ4In0.sig', 'eyJhdWQiOiJ4In0', 'client_assertion'],
    ['code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'dBjftJeZ4CVP', 'code_verifier'],
    ['Authorization: Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz', 'Authorization: Basic'],
    ['"authorization":"Bearer opaque-token-value-123"', 'opaque-token-value-123', '"authorization"'],
    ['Proxy-Authorization: Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1', 'YIIGhgYJKoZIhvcSAQICAQBuggZ1', 'Proxy-Authorization'],
    ['Cookie: ESTSAUTH=AQABAAQAAAD; ESTSAUTHPERSISTENT=xyz', 'ESTSAUTH=AQABAAQAAAD', 'Cookie:'],
    ['set-cookie: buid=0.ARo; path=/; secure', 'buid=0.ARo', 'set-cookie'],
    ['https://ana:Sup3rS3cret@proxy.contoso.com:8080/', 'Sup3rS3cret', 'proxy.contoso.com'],
    ['bearer abcdefghijklmnop', 'abcdefghijklmnop', 'bearer'],
  ])('%s', (input, secret, kept) => {
    const output = redact(input);
    expect(output).not.toContain(secret);
    expect(output).toContain(kept);
  });

  it('keeps the claims challenge, which names the context and holds no secret', () => {
    const header = `Bearer realm="", error="insufficient_claims", claims="${CLAIMS_CHALLENGE}"`;
    expect(redact(header)).toContain(CLAIMS_CHALLENGE);
    expect(redact(JSON.stringify({ claims: CLAIMS_CHALLENGE }))).toContain(CLAIMS_CHALLENGE);
  });

  it('removes any long opaque run that has no known shape', () => {
    const blob = 'Z'.repeat(250);
    expect(redact(`x ${blob} y`)).toBe(`x ${REDACTED} y`);
  });

  it('is idempotent', () => {
    const text = `Authorization: Bearer ${JWT} code=${CODE} {"refresh_token":"${RT}"} password=x`;
    const once = redact(text);
    expect(redact(once)).toBe(once);
  });

  it('stays fast on long hostile input (no catastrophic backtracking)', () => {
    // Every pair of these pieces, repeated to 100 000 characters: a quadratic pattern takes
    // tens of seconds here, a linear one a few milliseconds. The bar sits far above the linear
    // time, so a machine busy with other suites does not trip it, and far below the quadratic.
    const atoms = [
      'eyJ',
      '.',
      '%2E',
      '0.A',
      'a',
      '"',
      "'",
      '\\',
      '\\"',
      ':',
      '=',
      '%3D',
      '&',
      '%26',
      'password',
      'token',
      'code',
      'Bearer ',
      'authorization',
      'cookie',
      '://',
      '@',
      '-',
      ' ',
      '{',
    ];
    const slow: string[] = [];
    for (const a of atoms) {
      for (const b of atoms) {
        const text = `${a}${b}`.repeat(Math.ceil(100_000 / `${a}${b}`.length));
        const started = performance.now();
        redact(text);
        const elapsed = performance.now() - started;
        if (elapsed > 5000) {
          slow.push(`${JSON.stringify(a + b)}: ${elapsed.toFixed(0)} ms`);
        }
      }
    }
    expect(slow).toEqual([]);
  }, 120_000);
});

describe('isSecretKey', () => {
  it.each([
    'refresh_token',
    'refreshToken',
    'RefreshToken',
    'REFRESH-TOKEN',
    'Refresh Token',
    'access_token',
    'id_token',
    'secret',
    'clientSecret',
    'client_secret',
    'password',
    'userPassword',
    'pwd',
    'Authorization',
    'proxy-authorization',
    'cookie',
    'Set-Cookie',
    'code_verifier',
    'client_assertion',
    'authCode',
    'authorization_code',
    'apiKey',
    'private_key',
  ])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['token_type', 'tokenType', 'expires_in', 'claims', 'requestId', 'code', 'tenant', 'clientId', 'authenticatedAt', 'methods'])(
    '%s is not secret',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe('redactValue', () => {
  it('redacts by key and by content, keeps error codes, and copies without prototype keys', () => {
    const input = JSON.parse(
      JSON.stringify({
        requestId: REQUEST_ID,
        refresh_token: RT,
        nested: { Authorization: `Bearer ${JWT}`, message: `failed with ${JWT}`, list: [{ password: 'x' }, `code=${CODE}`] },
        code: 'RoleAssignmentExists',
        authCode: 'short',
        errorCode: 'graph/forbidden',
      }),
    ) as Record<string, unknown>;
    Object.defineProperty(input, '__proto__', { value: { polluted: true }, enumerable: true });
    const output = redactValue(input) as Record<string, unknown>;
    const text = JSON.stringify(output);
    expectGone(text, RT);
    expectGone(text, JWT.split('.')[2] ?? JWT);
    expectGone(text, CODE);
    expect(output).toMatchObject({
      requestId: REQUEST_ID,
      refresh_token: REDACTED,
      code: 'RoleAssignmentExists',
      authCode: REDACTED,
      errorCode: 'graph/forbidden',
    });
    expect(Object.prototype.hasOwnProperty.call(output, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns an authorization code under "code" into [redacted] but keeps an error-code identifier', () => {
    expect(redactValue({ code: CODE })).toEqual({ code: REDACTED });
    expect(redactValue({ Code: 'Request_ResourceNotFound' })).toEqual({ Code: 'Request_ResourceNotFound' });
  });

  it('reduces Errors to name, message and code, redacted', () => {
    const error = Object.assign(new Error(`invalid_grant for refresh_token=${RT}`), { code: 'invalid_grant', stack: `at x (${JWT})` });
    const output = redactValue(error);
    expect(output).toEqual({ name: 'Error', message: `invalid_grant for refresh_token=${REDACTED}`, code: 'invalid_grant' });
  });

  it('survives cycles, deep nesting, huge arrays and exotic values', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: JWT };
    for (let i = 0; i < 100; i += 1) {
      deep = { deep };
    }
    const output = redactValue({
      cyclic,
      deep,
      big: Array.from({ length: 2000 }, (_, i) => i),
      n: 10n,
      f: () => 1,
      s: Symbol('x'),
      d: new Date(0),
      bad: new Date(NaN),
      u: undefined,
    });
    const text = JSON.stringify(output);
    expect(text).toContain('[circular]');
    expect(text).toContain('[nested too deep]');
    expect(text).toContain('[1500 more]');
    expect(text).toContain('"n":"10"');
    expect(text).toContain('"d":"1970-01-01T00:00:00.000Z"');
    expect(text).not.toContain(JWT);
  });
});

describe('redaction under random placement (property loop)', () => {
  it('never lets a generated secret through, whatever the surrounding text', () => {
    const rand = seededRandom(99);
    const wrappers: readonly ((s: string) => string)[] = [
      (s) => `access_token=${s}`,
      (s) => `{"refreshToken":"${s}"}`,
      (s) => `?code=${s}&state=1`,
      (s) => `Authorization: Bearer ${s}`,
      (s) => `password=${s}`,
      (s) => JSON.stringify({ inner: `{"client_secret":"${s}"}` }),
      (s) => `&code=${encodeURIComponent(s)}`,
      (s) => `Cookie: a=${s}`,
    ];
    const noise = ['', ' ', '\n', 'x', '"', "'", ',', ';', '}', '{', '&', '?', '#', 'é', '\t'];
    for (let i = 0; i < 1500; i += 1) {
      const kind = Math.floor(rand() * 3);
      const secret = kind === 0 ? makeJwt(rand) : kind === 1 ? makeEntraOpaque(rand) : makeShortSecret(rand);
      const wrap = wrappers[Math.floor(rand() * wrappers.length)] ?? ((s: string) => s);
      const before = noise[Math.floor(rand() * noise.length)] ?? '';
      const after = noise[Math.floor(rand() * noise.length)] ?? '';
      const output = redact(`${before}${wrap(secret)}${after}`);
      const core = kind === 0 ? (secret.split('.')[2] ?? secret) : secret;
      expect(output, `case ${String(i)}: ${output}`).not.toContain(core.slice(6, 30));
    }
  });
});

describe('findSecrets agrees with redact', () => {
  it('finds nothing in the output of redact, for every kind of planted secret', () => {
    const rand = seededRandom(1234);
    for (let i = 0; i < 300; i += 1) {
      const jwt = makeJwt(rand);
      const text = [
        `Bearer ${jwt}`,
        `${jwt.split('.').slice(0, 2).join('.')}.`,
        'eyJhbGciOiJub25lIn0.e30.',
        `refresh_token=${makeEntraOpaque(rand)}`,
        `bearer ${makeShortSecret(rand)}`,
      ].join(' ');
      expect(findSecrets(text).length).toBeGreaterThan(0);
      expect(findSecrets(redact(text))).toEqual([]);
    }
  });

  it('does not flag a claims challenge or ordinary prose', () => {
    expect(findSecrets(`claims="${CLAIMS_CHALLENGE}". Bearer realm="" error="insufficient_claims"`)).toEqual([]);
  });
});

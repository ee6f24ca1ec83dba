import { graphScopes } from '../../../../src/core/auth/scopes';
import { describe, expect, it } from 'vitest';
import { envVarName, flagName, resolveConfig } from '../../../../src/core/config/resolve-config';
import { OPTION_NAMES } from '../../../../src/cli/options';

const TENANT = '46c1cd47-300b-449c-9635-f80c37b6ff9d';
const CLIENT = '0f0e5a8c-1d2b-4c3d-9e8f-112233445566';

function resolve(input: Partial<Parameters<typeof resolveConfig>[0]>) {
  return resolveConfig({ env: {}, flags: {}, ...input });
}

describe('resolveConfig', () => {
  it('uses the built-in demo tenant when nothing names a tenant', () => {
    const result = resolve({});
    expect(result.ok && result.value.demo).toBe(true);
    expect(result.ok && result.value.tenant).toBeNull();
    expect(result.ok && result.value.authorityHost).toBe('https://login.microsoftonline.com');
  });

  it('maps each national cloud to its authority host and Graph endpoint', () => {
    const cases = {
      public: ['https://login.microsoftonline.com', 'https://graph.microsoft.com'],
      usgov: ['https://login.microsoftonline.us', 'https://graph.microsoft.us'],
      'usgov-dod': ['https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
      china: ['https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
    } as const;
    for (const [cloud, [authority, graph]] of Object.entries(cases)) {
      const result = resolve({ flags: { tenant: TENANT, clientId: CLIENT, cloud } });
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect([result.value.authorityHost, result.value.graphEndpoint, result.value.cloud]).toEqual([authority, graph, cloud]);
      }
    }
  });

  it('gives each national cloud its Azure Resource Manager endpoint and exact token audience', () => {
    const cases = {
      public: ['https://management.azure.com', 'https://management.azure.com/'],
      usgov: ['https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net/'],
      'usgov-dod': ['https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net/'],
      china: ['https://management.chinacloudapi.cn', 'https://management.chinacloudapi.cn/'],
    } as const;
    for (const [cloud, [endpoint, audience]] of Object.entries(cases)) {
      const result = resolve({ flags: { tenant: TENANT, clientId: CLIENT, cloud } });
      expect(result.ok && [result.value.armEndpoint, result.value.armAudience]).toEqual([endpoint, audience]);
    }
  });

  it('takes a custom ARM endpoint beside the custom cloud, and has none for a custom cloud without one', () => {
    const custom = {
      tenant: TENANT,
      clientId: CLIENT,
      authorityHost: 'https://login.example.test',
      graphEndpoint: 'https://graph.example.test',
    };
    const none = resolve({ flags: custom });
    expect(none.ok && none.value.armEndpoint).toBeNull();
    const withArm = resolve({ flags: { ...custom, armEndpoint: 'https://arm.example.test:7443/' } });
    expect(withArm.ok && withArm.value).toMatchObject({
      armEndpoint: 'https://arm.example.test:7443',
      armAudience: 'https://arm.example.test:7443/',
    });
    const china = resolve({
      flags: { tenant: TENANT, clientId: CLIENT, cloud: 'china', armEndpoint: 'https://management.chinacloudapi.cn' },
    });
    expect(china.ok && china.value.armAudience).toBe('https://management.chinacloudapi.cn/');
    const bad = resolve({ env: { PIM_STEPUP_ARM_ENDPOINT: 'http://arm.example.test' }, flags: { tenant: TENANT, clientId: CLIENT } });
    expect(!bad.ok && bad.error.issues?.[0]?.path).toBe('armEndpoint (environment variable PIM_STEPUP_ARM_ENDPOINT)');
    expect(flagName('armEndpoint')).toBe('--arm-endpoint');
  });

  // A token goes only to the host its audience belongs to. Probe: with the cloud locked, an ARM endpoint on another
  // host must not receive a token for https://management.azure.com/ (nor a Graph endpoint one for Microsoft Graph).
  it('requests tokens for the endpoint they are sent to, unless an audience was configured on purpose', () => {
    const steered = resolve({ flags: { tenant: TENANT, clientId: CLIENT, cloud: 'public', armEndpoint: 'https://arm.evil.example' } });
    expect(steered.ok && [steered.value.armEndpoint, steered.value.armAudience]).toEqual([
      'https://arm.evil.example',
      'https://arm.evil.example/',
    ]);
    const usgovArm = resolve({
      flags: { tenant: TENANT, clientId: CLIENT, cloud: 'public', armEndpoint: 'https://management.usgovcloudapi.net' },
    });
    expect(usgovArm.ok && usgovArm.value.armAudience).toBe('https://management.usgovcloudapi.net/');
    const custom = {
      tenant: TENANT,
      clientId: CLIENT,
      authorityHost: 'https://login.example.test',
      graphEndpoint: 'https://graph.example.test:8443',
    };
    const own = resolve({ flags: custom });
    expect(own.ok && own.value.graphAudience).toBe('https://graph.example.test:8443');
    // The cloud's own endpoints: bare Graph permission names (no graphAudience) and the cloud's ARM audience.
    const plain = resolve({ flags: { tenant: TENANT, clientId: CLIENT, cloud: 'china' } });
    expect(plain.ok && [plain.value.graphAudience, plain.value.armAudience]).toEqual([undefined, 'https://management.chinacloudapi.cn/']);
    // A proxy in front of Microsoft's services: the audience is set on purpose (here by the machine, locked).
    const proxied = resolve({
      machine: {
        values: {
          armEndpoint: 'https://arm-proxy.contoso.example',
          armAudience: 'https://management.azure.com/',
          graphAudience: 'https://graph.microsoft.com',
        },
        locked: ['armEndpoint', 'armAudience', 'graphAudience'],
        source: '/etc/pim-stepup/config.json',
      },
      flags: { ...custom, armAudience: 'https://arm.evil.example/' },
    });
    expect(proxied.ok && [proxied.value.armAudience, proxied.value.graphAudience]).toEqual([
      'https://management.azure.com/',
      'https://graph.microsoft.com',
    ]);
    expect(graphScopes(own.ok ? own.value.graphAudience : undefined)).toContain('https://graph.example.test:8443/User.Read');
    expect(graphScopes(undefined)).toContain('User.Read');
    const bad = resolve({ flags: { ...custom, graphAudience: 'http://graph.example.test' } });
    expect(!bad.ok && bad.error.issues?.[0]?.path).toBe('graphAudience (command-line flag --graph-audience)');
  });

  it('applies flags over environment over file over defaults, and records the source', () => {
    const result = resolve({
      file: {
        path: '/home/a/.config/pim-stepup/config.json',
        text: JSON.stringify({ tenant: 'fabrikam.onmicrosoft.com', clientId: CLIENT, signInTimeoutSeconds: 60 }),
      },
      env: { PIM_STEPUP_TENANT: 'contoso.onmicrosoft.com', PIM_STEPUP_SIGN_IN_TIMEOUT_SECONDS: '90' },
      flags: { signInTimeoutSeconds: 120 },
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.tenant).toBe('contoso.onmicrosoft.com');
      expect(result.value.signInTimeoutSeconds).toBe(120);
      expect(result.value.sources).toMatchObject({ tenant: 'env', signInTimeoutSeconds: 'flags', clientId: 'file', cloud: 'default' });
      expect(result.value.demo).toBe(false);
    }
  });

  it('lets locked machine keys win and reports the ignored lower-layer values', () => {
    const result = resolve({
      machine: {
        values: { tenant: TENANT, clientId: CLIENT, alwaysFreshAuth: true, mode: 'kiosk' },
        locked: ['tenant', 'alwaysFreshAuth'],
        source: '/etc/pim-stepup/policy.json',
      },
      env: { PIM_STEPUP_TENANT: 'other.onmicrosoft.com', PIM_STEPUP_MODE: 'standard' },
      flags: { alwaysFreshAuth: false },
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.tenant).toBe(TENANT);
      expect(result.value.alwaysFreshAuth).toBe(true);
      // Unlocked machine values are defaults the user may override.
      expect(result.value.mode).toBe('standard');
      expect(result.value.ignored).toEqual(
        expect.arrayContaining([
          { key: 'tenant', layer: 'env', reason: 'locked by your administrator in /etc/pim-stepup/policy.json' },
          { key: 'alwaysFreshAuth', layer: 'flags', reason: 'locked by your administrator in /etc/pim-stepup/policy.json' },
        ]),
      );
    }
  });

  it('names the source, the problem and the fix for each invalid value', () => {
    const result = resolve({
      env: { PIM_STEPUP_TENANT: 'not a tenant', PIM_STEPUP_CLOUD: 'mars' },
      flags: { clientId: 'abc', authorityHost: 'http://login.example.test', graphEndpoint: 'https://graph.example.test/v1.0' },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('config/invalid');
      const byPath = Object.fromEntries((result.error.issues ?? []).map((i) => [i.path, i.message]));
      expect(byPath['tenant (environment variable PIM_STEPUP_TENANT)']).toMatch(/GUID.*verified domain/);
      expect(byPath['cloud (environment variable PIM_STEPUP_CLOUD)']).toMatch(/public, usgov, usgov-dod, china/);
      expect(byPath['clientId (command-line flag --client-id)']).toMatch(/Application \(client\) id/);
      expect(byPath['authorityHost (command-line flag --authority-host)']).toMatch(/must use https.*https:\/\/login\.example\.test/);
      expect(byPath['graphEndpoint (command-line flag --graph-endpoint)']).toMatch(/no path/);
    }
  });

  it('requires a client id for a real tenant and says where to set it', () => {
    const result = resolve({ flags: { tenant: TENANT } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues?.[0]?.path).toBe('clientId');
      expect(result.error.issues?.[0]?.message).toMatch(/--client-id.*PIM_STEPUP_CLIENT_ID/);
    }
  });

  it('requires both custom endpoints and accepts non-Microsoft https hosts with ports', () => {
    const half = resolve({ flags: { tenant: TENANT, clientId: CLIENT, authorityHost: 'https://login.example.test:8443' } });
    expect(!half.ok && half.error.issues?.[0]?.path).toBe('graphEndpoint');
    const full = resolve({
      flags: {
        tenant: TENANT,
        clientId: CLIENT,
        authorityHost: 'https://login.example.test:8443/',
        graphEndpoint: 'https://graph.example.test:9443',
      },
    });
    expect(full.ok && full.value).toMatchObject({
      cloud: 'custom',
      authorityHost: 'https://login.example.test:8443',
      graphEndpoint: 'https://graph.example.test:9443',
    });
  });

  it('reports unreadable files and unknown keys with a suggestion', () => {
    const broken = resolve({ file: { path: '/tmp/c.json', text: '{"tenant": ' } });
    expect(!broken.ok && broken.error.issues?.[0]).toMatchObject({
      path: '/tmp/c.json',
      message: expect.stringMatching(/not valid JSON/) as unknown,
    });
    const typo = resolve({ file: { path: '/tmp/c.json', text: '{"tennant": "x"}' } });
    expect(!typo.ok && typo.error.issues?.[0]?.message).toMatch(/did you mean "tenant"/);
  });

  it('coerces environment booleans and numbers, refusing nonsense', () => {
    const good = resolve({ env: { PIM_STEPUP_ALWAYS_FRESH_AUTH: 'yes', PIM_STEPUP_SIGN_IN_TIMEOUT_SECONDS: '45' } });
    expect(good.ok && [good.value.alwaysFreshAuth, good.value.signInTimeoutSeconds]).toEqual([true, 45]);
    const bad = resolve({ env: { PIM_STEPUP_SIGN_IN_TIMEOUT_SECONDS: '4' } });
    expect(!bad.ok && bad.error.issues?.[0]?.message).toMatch(/at least 5 seconds/);
    const floor = resolve({ env: { PIM_STEPUP_SIGN_IN_TIMEOUT_SECONDS: '5' } });
    expect(floor.ok && floor.value.signInTimeoutSeconds).toBe(5);
  });

  it('accepts shell-only settings in the machine file without reporting them as unknown', () => {
    const result = resolve({
      machine: {
        values: { tenant: TENANT, clientId: CLIENT, allowedRoles: ['x'], idleTimeoutMinutes: 5 },
        locked: ['allowedRoles'],
        source: '/etc/pim-stepup/config.json',
      },
    });
    expect(result.ok).toBe(true);
    const userFile = resolve({ file: { path: '/tmp/c.json', text: '{"allowedRoles": []}' } });
    expect(userFile.ok).toBe(false);
  });

  it('derives environment variable and flag names from keys, naming flags the CLI has', () => {
    expect(envVarName('signInTimeoutSeconds')).toBe('PIM_STEPUP_SIGN_IN_TIMEOUT_SECONDS');
    expect(flagName('graphEndpoint')).toBe('--graph-endpoint');
    // The keys the CLI takes from its flags: a message naming one must name a flag that exists.
    const fromFlags = ['tenant', 'clientId', 'cloud', 'authorityHost', 'graphEndpoint', 'armEndpoint', 'alwaysFreshAuth', 'broker'];
    for (const key of [...fromFlags, 'signInTimeoutSeconds', 'demo']) {
      expect(OPTION_NAMES, key).toContain(flagName(key).slice(2));
    }
    const short = resolve({ flags: { signInTimeoutSeconds: '4' } });
    expect(!short.ok && short.error.issues?.[0]?.path).toBe('signInTimeoutSeconds (command-line flag --sign-in-timeout)');
  });
});

describe('resolveConfig number and boolean parsing', () => {
  it('says what is expected for values of the wrong kind', () => {
    const messages = (text: string) => {
      const r = resolveConfig({ env: {}, flags: {}, file: { path: '/c.json', text } });
      return r.ok ? [] : (r.error.issues ?? []).map((i) => i.message);
    };
    expect(messages('{"provisioningTimeoutSeconds": "NaN"}')).toEqual(['must be a whole number of seconds.']);
    expect(messages('{"signInTimeoutSeconds": 1e309}')).toEqual(['must be at most 1800 seconds.']);
    expect(messages('{"alwaysFreshAuth": {"valueOf": true}}')).toEqual(['must be true or false.']);
    expect(messages('{"signInTimeoutSeconds": 30.5}')).toEqual(['must be a whole number of seconds.']);
    expect(messages('{"signInTimeoutSeconds": "60", "alwaysFreshAuth": "No"}')).toEqual([]);
  });
});

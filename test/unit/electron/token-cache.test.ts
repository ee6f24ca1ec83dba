/**
 * Security checklist §7 row 18: the token cache is encrypted at rest, refused on a plaintext
 * keyring, and never written in kiosk mode.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenCacheContext } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { createTokenCache, MEMORY_ONLY_REASONS, type CacheFs, type SafeStorageLike } from '../../../src/main/electron/token-cache';
import { createLogger, type LogRecord } from '../../../src/core/logging/logger';

const REFRESH_TOKEN = '0.AXoA-refresh-token-secret-value-9f8e7d6c5b4a';
const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJhZG1pbiJ9.sig';

/** The shape of msal-node's serialized cache, with one refresh token and one access token. */
const SERIALIZED_CACHE = JSON.stringify({
  Account: { 'uid.utid-login.microsoftonline.com-utid': { home_account_id: 'uid.utid', username: 'admin@contoso.com' } },
  RefreshToken: { 'uid.utid-login.microsoftonline.com-refreshtoken-client--': { credential_type: 'RefreshToken', secret: REFRESH_TOKEN } },
  AccessToken: {
    'uid.utid-login.microsoftonline.com-accesstoken-client-utid-scope': { credential_type: 'AccessToken', secret: ACCESS_TOKEN },
  },
  IdToken: {},
  AppMetadata: {},
});

/** AES-256-GCM with a per-instance key: what DPAPI/Keychain/libsecret give, as far as the bytes on disk go. */
function fakeSafeStorage(options: { backend?: string; available?: boolean } = {}): SafeStorageLike & { calls: string[] } {
  const key = randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    isAsyncEncryptionAvailable: () => Promise.resolve(options.available ?? true),
    encryptStringAsync: (plain) => {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    decryptStringAsync: (data) => {
      calls.push('decrypt');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      const result = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
      return Promise.resolve({ result, shouldReEncrypt: false });
    },
  };
}

/** An in-memory file system that records every operation that would touch the disk. */
function recordingFs(): CacheFs & { files: Map<string, Buffer>; writes: string[] } {
  const files = new Map<string, Buffer>();
  const writes: string[] = [];
  const missing = () => Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return {
    files,
    writes,
    readFile: (path) => {
      const data = files.get(path);
      return data === undefined ? Promise.reject(missing()) : Promise.resolve(data);
    },
    writeFileAtomic: (path, data) => {
      writes.push(`write ${path}`);
      files.set(path, Buffer.from(data));
      return Promise.resolve();
    },
    rm: (path) => {
      writes.push(`rm ${path}`);
      files.delete(path);
      return Promise.resolve();
    },
  };
}

/** A minimal ISerializableTokenCache, standing in for msal-node's in-memory cache. */
function memoryCache(initial = '') {
  let state = initial;
  return {
    deserialize: (text: string) => {
      state = text;
    },
    serialize: () => state,
    get state() {
      return state;
    },
  };
}

const FILE = '/home/admin/.config/PIM Step-Up/token-cache.bin';

function logs() {
  const records: LogRecord[] = [];
  return { records, logger: createLogger({ sink: (r) => records.push(r), level: 'debug' }) };
}

type CacheOptions = Parameters<typeof createTokenCache>[0];

/**
 * The cache under test at FILE on `fs`: a working keyring, not kiosk and a throw-away log unless
 * the test says otherwise, so each test names only what it is about.
 */
function cacheOn(
  fs: CacheFs,
  options: { platform: CacheOptions['platform'] } & Partial<Pick<CacheOptions, 'safeStorage' | 'kiosk' | 'logger'>>,
) {
  return createTokenCache({
    safeStorage: options.safeStorage ?? fakeSafeStorage(),
    fs,
    filePath: FILE,
    platform: options.platform,
    kiosk: options.kiosk ?? false,
    logger: options.logger ?? logs().logger,
  });
}

describe('createTokenCache', () => {
  it('persists encrypted: the bytes on disk contain neither token nor the word "secret"', async () => {
    const fs = recordingFs();
    const cache = await cacheOn(fs, { platform: 'linux' });
    expect(cache.persistence).toEqual({ persisted: true, filePath: FILE });
    await cache.plugin.afterCacheAccess(new TokenCacheContext(memoryCache(SERIALIZED_CACHE), true));
    const bytes = fs.files.get(FILE);
    expect(bytes).toBeDefined();
    const asText = bytes?.toString('latin1') ?? '';
    expect(asText).not.toContain(REFRESH_TOKEN);
    expect(asText).not.toContain(ACCESS_TOKEN);
    expect(asText).not.toContain('secret');
    expect(asText).not.toContain('RefreshToken');
    expect(bytes?.toString('base64')).not.toContain(Buffer.from(REFRESH_TOKEN).toString('base64').slice(0, 20));
    // Written whole, through the atomic writer (owner-only, flushed: see atomic-write.test.ts).
    expect(fs.writes).toEqual([`write ${FILE}`]);
  });

  it('reads back what it wrote, through decryption', async () => {
    const fs = recordingFs();
    const safeStorage = fakeSafeStorage();
    // Two caches on the same file and keyring: the second is what the next app start sees.
    await (
      await cacheOn(fs, { platform: 'win32', safeStorage })
    ).plugin.afterCacheAccess(new TokenCacheContext(memoryCache(SERIALIZED_CACHE), true));
    const target = memoryCache();
    await (await cacheOn(fs, { platform: 'win32', safeStorage })).plugin.beforeCacheAccess(new TokenCacheContext(target, false));
    expect(target.state).toBe(SERIALIZED_CACHE);
  });

  it('does not write when the cache did not change', async () => {
    const fs = recordingFs();
    const cache = await cacheOn(fs, { platform: 'darwin' });
    await cache.plugin.afterCacheAccess(new TokenCacheContext(memoryCache(SERIALIZED_CACHE), false));
    expect(fs.writes).toEqual([]);
  });

  it('discards a file it cannot decrypt (another key, corruption) instead of failing sign-in', async () => {
    const fs = recordingFs();
    fs.files.set(FILE, Buffer.from('garbage that is not ciphertext at all'));
    const cache = await cacheOn(fs, { platform: 'linux' });
    const target = memoryCache('untouched');
    await cache.plugin.beforeCacheAccess(new TokenCacheContext(target, false));
    expect(target.state).toBe('untouched');
    expect(fs.files.has(FILE)).toBe(false);
  });

  it('refuses to persist on the Linux basic_text backend: memory only, with the reason for the user', async () => {
    const fs = recordingFs();
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' });
    const { logger, records } = logs();
    const cache = await cacheOn(fs, { platform: 'linux', safeStorage, logger });
    expect(cache.persistence).toEqual({
      persisted: false,
      reasonCode: 'plaintext-backend',
      reason: MEMORY_ONLY_REASONS['plaintext-backend'],
    });
    await cache.plugin.beforeCacheAccess(new TokenCacheContext(memoryCache(), false));
    await cache.plugin.afterCacheAccess(new TokenCacheContext(memoryCache(SERIALIZED_CACHE), true));
    expect(fs.writes).toEqual([]);
    expect(safeStorage.calls).toEqual([]);
    expect(records.some((r) => r.level === 'warn')).toBe(true);
  });

  it('refuses to persist when the OS cannot encrypt', async () => {
    const fs = recordingFs();
    const cache = await cacheOn(fs, { platform: 'win32', safeStorage: fakeSafeStorage({ available: false }) });
    expect(cache.persistence).toMatchObject({ persisted: false, reasonCode: 'encryption-unavailable' });
    await cache.plugin.afterCacheAccess(new TokenCacheContext(memoryCache(SERIALIZED_CACHE), true));
    expect(fs.writes).toEqual([]);
  });

  it('kiosk mode: zero file operations, even with a working keyring, through sign-in and purge', async () => {
    const fs = recordingFs();
    const safeStorage = fakeSafeStorage();
    const cache = await cacheOn(fs, { platform: 'win32', safeStorage, kiosk: true });
    expect(cache.persistence).toMatchObject({ persisted: false, reasonCode: 'kiosk' });
    for (let i = 0; i < 3; i += 1) {
      await cache.plugin.beforeCacheAccess(new TokenCacheContext(memoryCache(), false));
      await cache.plugin.afterCacheAccess(new TokenCacheContext(memoryCache(SERIALIZED_CACHE), true));
    }
    await cache.clear();
    expect(fs.writes).toEqual([]);
    expect(fs.files.size).toBe(0);
    expect(safeStorage.calls).toEqual([]);
  });

  it('clear() deletes the persisted file', async () => {
    const fs = recordingFs();
    const cache = await cacheOn(fs, { platform: 'linux' });
    await cache.plugin.afterCacheAccess(new TokenCacheContext(memoryCache(SERIALIZED_CACHE), true));
    expect(fs.files.has(FILE)).toBe(true);
    await cache.clear();
    expect(fs.files.has(FILE)).toBe(false);
  });

  it('never logs token material', async () => {
    const fs = recordingFs();
    fs.files.set(FILE, Buffer.from(SERIALIZED_CACHE));
    const { logger, records } = logs();
    const cache = await cacheOn(fs, { platform: 'linux', logger });
    await cache.plugin.beforeCacheAccess(new TokenCacheContext(memoryCache(), false));
    expect(JSON.stringify(records)).not.toContain(REFRESH_TOKEN);
  });
});

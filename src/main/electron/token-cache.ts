/**
 * MSAL's token cache, persisted only when the operating system can encrypt it.
 *
 * `getTokenCache().serialize()` holds the refresh token in plain text, so the file on disk is always the output of `safeStorage.encryptStringAsync` (DPAPI,
 * Keychain, libsecret/kwallet). Where Electron would fall back to a hard-coded key (Linux
 * `basic_text`) or cannot encrypt at all, nothing is written: tokens stay in memory for this
 * run and the user is told why. In kiosk mode nothing about the user is ever written.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { Logger } from '../../core/logging/logger';

/** The slice of Electron's `safeStorage` used here (async API only; the sync one is deprecated). */
export type SafeStorageLike = {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ readonly result: string; readonly shouldReEncrypt: boolean }>;
  /** Linux only. */
  getSelectedStorageBackend(): string;
};

/** The file operations the cache performs; `node:fs/promises` in the app, a recorder in tests. */
export type CacheFs = {
  readFile(path: string): Promise<Buffer>;
  /** Replaces the file whole, owner-only, flushed (`writeFileAtomic` from src/core/fs in the app). */
  writeFileAtomic(path: string, data: Buffer): Promise<void>;
  rm(path: string, options: { readonly force: boolean }): Promise<void>;
};

export type TokenCachePersistence =
  | { readonly persisted: true; readonly filePath: string }
  | { readonly persisted: false; readonly reasonCode: 'kiosk' | 'plaintext-backend' | 'encryption-unavailable'; readonly reason: string };

export type TokenCache = {
  readonly plugin: ICachePlugin;
  readonly persistence: TokenCachePersistence;
  /** Deletes the persisted cache file (sign-out, kiosk purge). Never throws. */
  clear(): Promise<void>;
};

export type TokenCacheOptions = {
  readonly safeStorage: SafeStorageLike;
  readonly fs: CacheFs;
  readonly filePath: string;
  readonly platform: NodeJS.Platform;
  readonly kiosk: boolean;
  readonly logger: Logger;
};

/** Messages a person reads in the app's status area; they say what happens and what to do. */
export const MEMORY_ONLY_REASONS = {
  kiosk: 'Kiosk mode: your sign-in is kept in memory only and is erased when the session ends.',
  'plaintext-backend':
    'Your sign-in is kept in memory only, because this Linux desktop offers no keyring (libsecret or KWallet) to encrypt it. Install or unlock a keyring to stay signed in between runs.',
  'encryption-unavailable':
    'Your sign-in is kept in memory only, because the operating system could not encrypt it. You will be asked to sign in again next time.',
} as const;

const memoryOnlyPlugin: ICachePlugin = {
  // MSAL keeps its in-memory cache by itself; there is nothing to load or save.
  beforeCacheAccess: () => Promise.resolve(),
  afterCacheAccess: () => Promise.resolve(),
};

function isMissingFile(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'ENOENT';
}

/** Decides where tokens live for this run and builds the MSAL cache plugin accordingly. */
export async function createTokenCache(options: TokenCacheOptions): Promise<TokenCache> {
  const { safeStorage, fs, filePath, logger } = options;
  const memoryOnly = (reasonCode: keyof typeof MEMORY_ONLY_REASONS): TokenCache => {
    logger.warn('Token cache kept in memory only', { reasonCode });
    return {
      plugin: memoryOnlyPlugin,
      persistence: { persisted: false, reasonCode, reason: MEMORY_ONLY_REASONS[reasonCode] },
      clear: () => Promise.resolve(),
    };
  };

  if (options.kiosk) {
    return memoryOnly('kiosk');
  }
  if (options.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return memoryOnly('plaintext-backend');
  }
  let available = false;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch (cause) {
    logger.warn('safeStorage availability check failed', { cause });
  }
  if (!available) {
    return memoryOnly('encryption-unavailable');
  }

  // One operation at a time: MSAL may call the hooks concurrently from parallel token requests.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const remove = async (): Promise<void> => {
    try {
      await fs.rm(filePath, { force: true });
    } catch (cause) {
      logger.warn('Could not delete the token cache file', { cause });
    }
  };

  const write = async (serializedCache: string): Promise<void> => {
    const encrypted = await safeStorage.encryptStringAsync(serializedCache);
    // Whole or not at all: a crash never leaves half a file that would fail to decrypt.
    await fs.writeFileAtomic(filePath, encrypted);
  };

  let reEncryptPending = false;

  const plugin: ICachePlugin = {
    beforeCacheAccess: (context: TokenCacheContext) =>
      serialized(async () => {
        let encrypted: Buffer;
        try {
          encrypted = await fs.readFile(filePath);
        } catch (cause) {
          if (!isMissingFile(cause)) {
            logger.warn('Could not read the token cache file', { cause });
          }
          return;
        }
        try {
          const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
          // MSAL keeps whatever text it is given and fails on every later serialize(): check it first.
          const parsed: unknown = JSON.parse(result);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            throw new Error('The token cache is not a JSON object.');
          }
          context.tokenCache.deserialize(result);
          reEncryptPending = shouldReEncrypt;
        } catch (cause) {
          // Another user's file, a changed OS key, or corruption: start signed out rather than fail.
          logger.warn('The token cache could not be decrypted and was discarded', { cause });
          await remove();
        }
      }),
    afterCacheAccess: (context: TokenCacheContext) =>
      serialized(async () => {
        if (!context.cacheHasChanged && !reEncryptPending) {
          return;
        }
        try {
          await write(context.tokenCache.serialize());
          reEncryptPending = false;
        } catch (cause) {
          // Failing to persist only means signing in again next run; never break the current one.
          logger.warn('Could not save the token cache', { cause });
        }
      }),
  };

  return { plugin, persistence: { persisted: true, filePath }, clear: () => serialized(remove) };
}

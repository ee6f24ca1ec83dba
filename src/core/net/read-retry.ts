/**
 * What the Graph and Azure Resource Manager clients share about talking to a Microsoft API:
 * which answers a read may be retried on, how long to wait (the service's `Retry-After` first,
 * else jittered exponential backoff), and the server's clock as its `Date` headers tell it.
 *
 * Only reads are retried. A write (an activation) is never sent again by this layer: the
 * engine reconciles first (docs/protocol.md, "Microsoft Graph JavaScript client").
 */

/** 429 Too Many Requests, 503 Service Unavailable, 504 Gateway Timeout. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 503, 504]);

export type ReadRetryOptions = {
  /** Retries after the first try (default 4). */
  readonly maxReadRetries?: number;
  readonly maxRetryDelayMs?: number;
  readonly baseRetryDelayMs?: number;
};

export type ReadRetry = {
  readonly maxRetries: number;
  /** Milliseconds to wait before retry `attempt` (0-based); `retryAfterSeconds` is the service's own ask. */
  readonly delay: (attempt: number, retryAfterSeconds: number | undefined) => number;
};

export function readRetry(options: ReadRetryOptions): ReadRetry {
  const maxDelay = options.maxRetryDelayMs ?? 30_000;
  const baseDelay = options.baseRetryDelayMs ?? 500;
  return {
    maxRetries: options.maxReadRetries ?? 4,
    delay: (attempt, retryAfterSeconds) => {
      if (retryAfterSeconds !== undefined) {
        // A little jitter so that several readers told the same time do not return together.
        return Math.min(maxDelay, retryAfterSeconds * 1000 + Math.floor(Math.random() * 100));
      }
      const exp = baseDelay * 2 ** attempt;
      return Math.min(maxDelay, exp / 2 + Math.random() * (exp / 2));
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's clock as its answers' `Date` headers tell it, for warning about a skewed local clock. */
export type ServerClock = {
  note(dateHeader: string | null): void;
  read(): { readonly skewSeconds: number; readonly serverTime: Date };
};

export function createServerClock(now: () => Date): ServerClock {
  let skewSeconds = 0;
  let serverTime: Date | null = null;
  return {
    note: (dateHeader) => {
      const date = Date.parse(dateHeader ?? '');
      if (!Number.isNaN(date)) {
        serverTime = new Date(date);
        skewSeconds = Math.round((now().getTime() - date) / 1000);
      }
    },
    read: () => ({ skewSeconds, serverTime: serverTime ?? now() }),
  };
}

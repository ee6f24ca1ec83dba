/**
 * The main-side adapter of the IPC contract, free of Electron.
 *
 * Every message goes through `dispatch`: the sender is checked first, then the arguments are
 * parsed with the channel's schema, then the handler runs. Whatever happens, the caller gets
 * a `Result`; nothing is thrown across the bridge (Electron would keep only the message).
 * The Electron adapter (`src/main/electron/ipc-main-adapter.ts`) and the Chromium test
 * harness both call this same function.
 */
import { appError } from '../../shared/errors';
import type { InvokeChannel, InvokeContract, InvokeResult } from '../../shared/ipc/contract';
import type { EventSink, IpcHandlers } from '../../shared/ipc/handlers';
import { INVOKE_CHANNELS, invokeArgSchemas } from '../../shared/ipc/schemas';
import { err } from '../../shared/result';

export type { EventSink, IpcHandlers };

/** What the router knows of a message's origin; the Electron adapter fills it from `senderFrame`. */
export type IpcSender = {
  /** URL of the sending frame; null when the frame has gone (Electron gives null then). */
  readonly frameUrl: string | null;
  readonly isMainFrame: boolean;
};

export type IpcRouterOptions = {
  /** Origins of the app's own UI, e.g. `app://pim-stepup`; compared with `URL.origin`. */
  readonly trustedOrigins: readonly string[];
  /** Records unexpected handler failures; never receives tokens (handlers return data, not secrets). */
  readonly onUnexpected?: (channel: InvokeChannel, cause: unknown) => void;
};

export type IpcRouter = {
  readonly channels: readonly InvokeChannel[];
  dispatch(channel: string, sender: IpcSender, rawArgs: readonly unknown[]): Promise<InvokeResult<InvokeChannel>>;
};

export function isTrustedSender(sender: IpcSender, trustedOrigins: readonly string[]): boolean {
  if (!sender.isMainFrame || sender.frameUrl === null) {
    return false;
  }
  let origin: string;
  try {
    origin = originOf(new URL(sender.frameUrl));
  } catch {
    return false;
  }
  return trustedOrigins.includes(origin);
}

/**
 * `URL.origin` is the string "null" for non-special schemes such as `app:`, so compare
 * protocol and host ourselves for those.
 */
function originOf(url: URL): string {
  return url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`;
}

/** Bounds on what a refusal echoes back, so a hostile argument cannot make the answer huge. */
const MAX_ISSUES = 10;
const MAX_PATH_CHARS = 120;
const MAX_MESSAGE_CHARS = 200;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function isInvokeChannel(channel: string): channel is InvokeChannel {
  return (INVOKE_CHANNELS as readonly string[]).includes(channel);
}

export function createIpcRouter(handlers: IpcHandlers, options: IpcRouterOptions): IpcRouter {
  const dispatch = async (channel: string, sender: IpcSender, rawArgs: readonly unknown[]): Promise<InvokeResult<InvokeChannel>> => {
    if (!isTrustedSender(sender, options.trustedOrigins)) {
      return err(appError('ipc/untrusted-sender', 'This request did not come from the PIM Step-Up window and was refused.'));
    }
    if (!isInvokeChannel(channel)) {
      return err(appError('ipc/invalid-args', `Unknown request "${channel.slice(0, 60)}".`));
    }
    let parsed: ReturnType<(typeof invokeArgSchemas)[typeof channel]['safeParse']>;
    try {
      parsed = invokeArgSchemas[channel].safeParse(rawArgs);
    } catch {
      // Only reachable outside Electron (structured clone strips getters and proxies), but the
      // router is the boundary either way: hostile objects are refused, not thrown through.
      return err(appError('ipc/invalid-args', 'The request could not be read and was not carried out.'));
    }
    if (!parsed.success) {
      return err(
        appError('ipc/invalid-args', 'The request was malformed and was not carried out.', {
          issues: parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
            path: clip(issue.path.map(String).join('.'), MAX_PATH_CHARS),
            message: clip(issue.message, MAX_MESSAGE_CHARS),
          })),
        }),
      );
    }
    try {
      // The schema proved the arguments have this channel's shape.
      const handler = handlers[channel] as (...args: unknown[]) => Promise<InvokeResult<InvokeChannel>>;
      return await handler(...(parsed.data as unknown[]));
    } catch (cause) {
      options.onUnexpected?.(channel, cause);
      return err(
        appError('unexpected', 'Something went wrong inside PIM Step-Up. Nothing was lost; try again, and copy diagnostics if it repeats.'),
      );
    }
  };
  return { channels: INVOKE_CHANNELS, dispatch };
}

export type { InvokeContract };

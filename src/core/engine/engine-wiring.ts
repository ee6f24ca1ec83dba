/**
 * The engine's two clients, wired to its ports: the MSAL auth service (sign-in state and session
 * changes go to the event sink; every sign-in and step-up to the diagnostics timeline) and the
 * Graph client (every HTTP exchange to the timeline: method, path without query, status, ids,
 * duration; never a header or a body).
 */
import type { AuthService } from '../auth/auth-service';
import { createAuthService } from '../auth/auth-service';
import type { BrokerPluginLoader } from '../auth/broker';
import { lazyBrokerPlugin, loadNativeBrokerPlugin } from '../auth/broker';
import { graphScopes } from '../auth/scopes';
import type { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { GraphApi } from '../graph/graph-api';
import { createGraphApi } from '../graph/graph-api';
import type { ICachePlugin } from '@azure/msal-node';
import type { EventSink } from '../../shared/ipc/handlers';
import type { ResolvedConfig } from '../config/resolve-config';
import type { Logger } from '../logging/logger';
import type { FetchLike } from '../net/fetch-like';
import type { ReadRetryOptions } from '../net/read-retry';
import { recordingAuth } from './recording-auth';
import type { ArmApi } from '../arm/arm-api';
import { createArmApi } from '../arm/arm-api';
import { armScope } from '../config/clouds';
import { timelineEntryOf } from '../net/call-record';

/** The engine's ports that its clients are built from (the rest of `EngineOptions` is the engine's own). */
export type EnginePorts = {
  readonly config: ResolvedConfig;
  readonly fetch: FetchLike;
  readonly openBrowser: (url: string) => Promise<void>;
  readonly cachePlugin?: ICachePlugin;
  /** With `config.broker`: loads the Windows broker plugin (default: the real one; tests pass a fake). */
  readonly loadBrokerPlugin?: BrokerPluginLoader;
  /** With `config.broker`: the native handle of the window the broker's dialog belongs to. */
  readonly brokerWindowHandle?: () => Buffer | undefined;
  readonly emit: EventSink;
  readonly logger: Logger;
  /**
   * How the engine waits before sending again: the read retries' back-off and a throttled write's one wait
   * (default: a timer). Tests pass injected time, so a service's `Retry-After` is honoured without waiting it out.
   */
  readonly sleep?: (ms: number) => Promise<void>;
};

/** The engine's `sleep`, for the options of a client that takes one. */
export const sleepOf = (options: EnginePorts): { readonly sleep?: (ms: number) => Promise<void> } =>
  options.sleep === undefined ? {} : { sleep: options.sleep };

/** The auth service, or null when no tenant (or client id) is configured. */
export function engineAuth(options: EnginePorts, recorder: DiagnosticsRecorder, now: () => Date): AuthService | null {
  const { config } = options;
  if (config.tenant === null || config.clientId === null) {
    return null;
  }
  const auth = createAuthService({
    clientId: config.clientId,
    authority: `${config.authorityHost}/${config.tenant}`,
    scopes: graphScopes(config.graphAudience),
    ...(config.armEndpoint === null ? {} : { armScopes: [armScope(config.armAudience)] }),
    signInTimeoutSeconds: config.signInTimeoutSeconds,
    fetch: options.fetch,
    openBrowser: options.openBrowser,
    ...(options.cachePlugin === undefined ? {} : { cachePlugin: options.cachePlugin }),
    ...(config.broker === true
      ? {
          broker: {
            plugin: lazyBrokerPlugin(options.loadBrokerPlugin ?? loadNativeBrokerPlugin, options.logger),
            ...(options.brokerWindowHandle === undefined ? {} : { windowHandle: options.brokerWindowHandle }),
          },
        }
      : {}),
    onSignInState: (state) => {
      options.emit('sign-in:state', state);
    },
    onSessionChanged: (session) => {
      options.emit('session:changed', session);
    },
    logger: options.logger,
    now,
  });
  return recordingAuth(auth, recorder);
}

export function recordedGraph(
  options: EnginePorts,
  recorder: DiagnosticsRecorder,
  now: () => Date,
  retry: ReadRetryOptions = {},
): GraphApi {
  return createGraphApi({
    ...retry,
    ...sleepOf(options),
    graphEndpoint: options.config.graphEndpoint,
    fetch: options.fetch,
    logger: options.logger,
    now,
    onCall: (call) => {
      recorder.record(timelineEntryOf(call, `${call.method} ${call.path.replace(/^\/(v1\.0|beta)\//, '/')}`));
    },
  });
}

/** The ARM client (every exchange to the timeline, as for Graph), or null when the cloud has no ARM endpoint. */
export function recordedArm(options: EnginePorts, recorder: DiagnosticsRecorder, now: () => Date): ArmApi | null {
  if (options.config.armEndpoint === null) {
    return null;
  }
  return createArmApi({
    armEndpoint: options.config.armEndpoint,
    ...sleepOf(options),
    fetch: options.fetch,
    logger: options.logger,
    now,
    onCall: (call) => {
      recorder.record(timelineEntryOf(call, `${call.method} ${call.path}`));
    },
  });
}

/**
 * What the engine says about itself: `app:get-info` (version, tenant, mode, policy) and the
 * support bundle ("Copy diagnostics", "Save support bundle"), both built from the configuration,
 * the machine policy and what the engine recorded. Never a token.
 */
import { adminCenterMyRolesUrl, securityInfoUrl } from '../config/admin-center';
import type { AppInfo } from '../../shared/domain/app-info';
import type { SessionSummary } from '../../shared/domain/session';
import type { ResolvedConfig } from '../config/resolve-config';
import type { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';
import type { OsSummary } from '../diagnostics/os-summary';
import { osSummary } from '../diagnostics/os-summary';
import type { SupportBundle } from '../diagnostics/support-bundle';
import { buildSupportBundle } from '../diagnostics/support-bundle';
import type { ActivationHistory } from '../history/activation-history';
import type { ManagedSettings } from '../managed/managed-settings';

export type EngineInfoInput = {
  readonly config: ResolvedConfig;
  readonly managed: ManagedSettings;
  readonly appVersion?: string;
  readonly signInStorage?: AppInfo['signInStorage'];
  /** Whether a token cache plugin was given (tokens survive a restart). */
  readonly cachePersisted: boolean;
};

export function appInfoOf(input: EngineInfoInput): AppInfo {
  const { config, managed } = input;
  return {
    version: input.appVersion ?? '0.1.0',
    tenant: {
      kind: config.demo ? 'simulated' : 'configured',
      tenantId: config.tenant ?? '',
      cloud: config.cloud,
      authorityHost: config.authorityHost,
      graphEndpoint: config.graphEndpoint,
    },
    mode: config.mode,
    adminCenterUrl: adminCenterMyRolesUrl(config),
    securityInfoUrl: securityInfoUrl(config),
    // The shell decorates this (createSetupHandlers); the engine alone never asks the first-run question.
    firstRun: false,
    signInSurface: 'system-browser',
    signInStorage: input.signInStorage ?? {
      persisted: input.cachePersisted,
      reason: input.cachePersisted ? null : 'Tokens are kept in memory only: no token cache was configured.',
    },
    policy: {
      justificationTemplates: managed.justificationTemplates ?? [],
      ticketSystem: managed.ticketSystem ?? null,
      endSessionAfterActivation: config.mode === 'kiosk' && managed.endSessionAfterActivation !== false,
      idleTimeoutMinutes: config.mode === 'kiosk' ? (managed.idleTimeoutMinutes ?? null) : null,
      // Kiosk workstations are where a help desk talks an admin through the steps.
      guidedByDefault: config.mode === 'kiosk',
      allowedRolesRestricted: managed.allowedRoles !== undefined,
    },
  };
}

export function supportBundleOf(
  input: EngineInfoInput & {
    readonly session: SessionSummary | null;
    readonly recorder: DiagnosticsRecorder;
    readonly history: ActivationHistory;
    readonly managedSource: string | null;
    readonly os?: OsSummary;
    readonly now: Date;
  },
): SupportBundle {
  const { config, managed } = input;
  return buildSupportBundle({
    app: { version: input.appVersion ?? '0.1.0', mode: config.mode },
    os: input.os ?? osSummary(),
    tenant: { id: config.tenant, simulated: config.demo, cloud: config.cloud },
    configuration: {
      tenant: config.tenant,
      clientId: config.clientId,
      cloud: config.cloud,
      authorityHost: config.authorityHost,
      graphEndpoint: config.graphEndpoint,
      mode: config.mode,
      signInTimeoutSeconds: config.signInTimeoutSeconds,
      alwaysFreshAuth: config.alwaysFreshAuth,
      provisioningTimeoutSeconds: config.provisioningTimeoutSeconds,
      logLevel: config.logLevel,
      extraCaCertificates: config.extraCaPem.length,
      allowedRoles: managed.allowedRoles ?? null,
      historyKept: input.history.enabled,
    },
    managed: { source: input.managedSource, locked: managed.locked },
    evidence: input.session?.evidence ?? null,
    timeline: input.recorder.entries(),
    droppedSteps: input.recorder.dropped,
    generatedAt: input.now,
  });
}

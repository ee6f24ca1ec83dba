/**
 * The simulated tenant's three HTTPS surfaces (authority, Graph, Azure Resource Manager) on one certificate, one
 * journal and one fault table, each with its own router and its own reply for an injected 429/503/504.
 */
import type { SigningKey } from './auth/jwt';
import { armFaultReply } from './arm/arm-errors';
import { withArmBatch } from './arm/arm-batch';
import { createArmRouter } from './arm/arm-router';
import { createAuthorityRouter } from './authority/authority-router';
import { errorPage } from './authority/pages';
import { oauthError } from './authority/token-endpoint';
import type { FaultSpec } from './api-types';
import { newGraphCall } from './graph/graph-errors';
import { createGraphRouter, graphFaultReply } from './graph/graph-router';
import { html, type Reply } from './http/http-kit';
import { startSurface } from './http/surface-server';
import type { TenantRuntime } from './tenant-control';
import type { TlsMaterial } from './tls/certificates';

/** Each surface's origin, known once its port is. */
export type Origins = { authority: string; graph: string; arm: string };

export type Surfaces = {
  readonly authority: Awaited<ReturnType<typeof startSurface>>;
  readonly graph: Awaited<ReturnType<typeof startSurface>>;
  readonly arm: Awaited<ReturnType<typeof startSurface>>;
  readonly origins: Readonly<Origins>;
};

type Ports = { readonly authority?: number; readonly graph?: number; readonly arm?: number } | undefined;

/** Entra's answer to a throttled or unavailable authority: `temporarily_unavailable` (AADSTS90033). */
function authorityFaultReply(runtime: TenantRuntime, fault: FaultSpec): Reply {
  const status = fault.kind === 'throttle' ? 429 : fault.kind === 'gateway-timeout' ? 504 : 503;
  const reply = oauthError(
    runtime.model.clock.now(),
    status,
    'temporarily_unavailable',
    90033,
    'A transient error has occurred. Please try again.',
  );
  const retry = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
  return fault.kind === 'throttle' && retry !== null ? { ...reply, headers: { ...reply.headers, 'retry-after': String(retry) } } : reply;
}

export async function startSurfaces(runtime: TenantRuntime, tls: TlsMaterial, key: SigningKey, ports: Ports): Promise<Surfaces> {
  const origins: Origins = { authority: '', graph: '', arm: '' };
  const model = () => runtime.model;
  /** What the HTTPS surfaces share: one certificate, one journal, one fault table, the scenario's clock. */
  const shared = {
    tls: { cert: tls.certPem, key: tls.keyPem },
    journal: runtime.journal,
    faults: runtime.faults,
    now: () => runtime.model.clock.now(),
  };
  const authority = await startSurface({
    ...shared,
    surface: 'authority',
    port: ports?.authority ?? 0,
    route: createAuthorityRouter({ model, store: runtime.store, key: () => key, authorityHost: () => origins.authority }),
    // Entra's answer to an authorize URL longer than it takes.
    headTooLarge: () =>
      html(400, errorPage(runtime.model.scenario.tenant.displayName, 'Sign-in error', 'AADSTS90015: Requested query string is too long.')),
    faultReply: (fault) => authorityFaultReply(runtime, fault),
    origin: () => origins.authority,
  });
  origins.authority = `https://localhost:${authority.port}`;
  const graph = await startSurface({
    ...shared,
    surface: 'graph',
    port: ports?.graph ?? 0,
    route: createGraphRouter({
      model,
      key: () => key,
      origin: () => origins.graph,
      authorizationUri: () => `${origins.authority}/${runtime.model.scenario.tenant.id}/oauth2/v2.0/authorize`,
      journal: runtime.journal,
      faults: runtime.faults,
    }),
    faultReply: (fault, request) => graphFaultReply(fault, newGraphCall(request, runtime.model.clock.now())),
    origin: () => origins.graph,
  });
  origins.graph = `https://localhost:${graph.port}`;
  const armRoute = withArmBatch(
    createArmRouter({
      model,
      key: () => key,
      origin: () => origins.arm,
      authorizationUri: () => `${origins.authority}/${runtime.model.scenario.tenant.id}`,
    }),
    {
      origin: () => origins.arm,
      journal: runtime.journal,
      faults: runtime.faults,
      now: shared.now,
      enabled: () => runtime.model.settings.armBatch,
    },
  );
  const arm = await startSurface({
    ...shared,
    surface: 'arm',
    port: ports?.arm ?? 0,
    route: armRoute,
    faultReply: armFaultReply,
    origin: () => origins.arm,
  });
  origins.arm = `https://localhost:${arm.port}`;
  return { authority, graph, arm, origins };
}

/**
 * The signed-in person's organisation by name, for every surface that says which tenant this is: Graph
 * `GET /organization` (`displayName` and the default verified domain), which `User.Read` allows for one's own
 * organisation. Read once per tenant and kept; a read that fails leaves the name unknown (the session still reads,
 * with the configured domain when the tenant was given as one) and is tried again at the next ask.
 */
import type { SessionSummary } from '../../shared/domain/session';
import type { EventChannel, EventContract } from '../../shared/ipc/contract';
import type { EventSink } from '../../shared/ipc/handlers';
import type { AuthService } from '../auth/auth-service';
import type { GraphApi } from '../graph/graph-api';
import type { Logger } from '../logging/logger';

type Organisation = { readonly name: string | null; readonly domain: string | null };

type OrganizationList = {
  readonly value?: readonly {
    readonly id?: string;
    readonly displayName?: string | null;
    readonly verifiedDomains?: readonly { readonly name?: string; readonly isDefault?: boolean }[] | null;
  }[];
};

export type TenantNamesDeps = {
  readonly graph: GraphApi;
  /** A Graph token got silently for the signed-in person; null when there is none. */
  readonly token: () => Promise<string | null>;
  /** The configured tenant (a GUID or a domain name): a domain stands in when the read fails. */
  readonly configuredTenant: string | null;
  readonly logger: Logger;
};

export type TenantNames = {
  /** The session with its organisation's name and domain (read now if not yet known). */
  named(session: SessionSummary): Promise<SessionSummary>;
  /** `emit`, with each `session:changed` carrying the name: at once when known, else sent again once read. */
  sink(emit: EventSink): EventSink;
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

/** The organisation from Graph's answer: the item for this tenant (Graph lists exactly one). */
export function organisationOf(body: OrganizationList, tenantId: string): Organisation | null {
  const item = body.value?.find((entry) => entry.id?.toLowerCase() === tenantId.toLowerCase()) ?? body.value?.[0];
  if (item === undefined) {
    return null;
  }
  const name =
    typeof item.displayName === 'string' && item.displayName.trim() !== '' && !GUID.test(item.displayName) ? item.displayName : null;
  const domains = item.verifiedDomains ?? [];
  const domain = (domains.find((d) => d.isDefault === true) ?? domains[0])?.name ?? null;
  return { name, domain };
}

export function createTenantNames(deps: TenantNamesDeps): TenantNames {
  const log = deps.logger.child({ area: 'tenant-names' });
  const known = new Map<string, Organisation>();
  const configuredDomain = deps.configuredTenant !== null && DOMAIN.test(deps.configuredTenant) ? deps.configuredTenant : null;

  /** Reads in flight by tenant: the session event and the sign-in result ask at once, and share one read. */
  const reading = new Map<string, Promise<Organisation | null>>();

  const readNow = async (tenantId: string): Promise<Organisation | null> => {
    try {
      const token = await deps.token();
      if (token === null) {
        return null;
      }
      const body = await deps.graph.get<OrganizationList>('/organization?$select=id,displayName,verifiedDomains', token);
      const organisation = organisationOf(body, tenantId);
      if (organisation !== null) {
        known.set(tenantId, organisation);
      }
      return organisation;
    } catch (cause) {
      log.info("The organisation's name could not be read; the tenant is shown without it", { error: cause });
      return null;
    }
  };

  const read = (tenantId: string): Promise<Organisation | null> => {
    const current = reading.get(tenantId);
    if (current !== undefined) {
      return current;
    }
    const next = readNow(tenantId).finally(() => reading.delete(tenantId));
    reading.set(tenantId, next);
    return next;
  };

  const withOrganisation = (session: SessionSummary, organisation: Organisation | null): SessionSummary => ({
    ...session,
    tenantName: organisation?.name ?? null,
    tenantDomain: organisation?.domain ?? configuredDomain,
  });

  const named = async (session: SessionSummary): Promise<SessionSummary> =>
    withOrganisation(session, known.get(session.tenantId) ?? (await read(session.tenantId)));

  const sink = (emit: EventSink): EventSink => {
    let latest: SessionSummary | null = null;
    const forward = (session: SessionSummary | null): void => {
      latest = session;
      if (session === null) {
        emit('session:changed', null);
        return;
      }
      const cached = known.get(session.tenantId);
      emit('session:changed', withOrganisation(session, cached ?? null));
      if (cached === undefined) {
        void read(session.tenantId).then((organisation) => {
          // Only for the session still current: a sign-out or another account since then wins.
          if (organisation !== null && latest === session) {
            emit('session:changed', withOrganisation(session, organisation));
          }
        });
      }
    };
    return <E extends EventChannel>(channel: E, payload: EventContract[E]): void => {
      if (channel === 'session:changed') {
        forward(payload as SessionSummary | null);
      } else {
        emit(channel, payload);
      }
    };
  };

  return { named, sink };
}

/** A Graph token for a read, got silently: null when the session has none to give without a prompt. */
export async function silentGraphToken(auth: AuthService): Promise<string | null> {
  const grant = await auth.acquire({ purpose: 'sign-in', resource: 'graph', allowInteractive: false });
  return grant.ok ? grant.value.accessToken : null;
}

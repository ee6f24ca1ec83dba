/**
 * How every surface names the tenant in prose: the organisation's name, else its domain, else "your organisation".
 * Never its GUID: the id belongs in Details and the diagnostics.
 */
import type { SessionSummary } from '../domain/session';

export function tenantLabel(session: Pick<SessionSummary, 'tenantName' | 'tenantDomain'>): string {
  return session.tenantName ?? session.tenantDomain ?? 'your organisation';
}

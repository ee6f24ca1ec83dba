/**
 * The operating-system facts a support bundle reports: platform, kernel/OS release, CPU architecture.
 *
 * Nothing else (no hostname, no username, no paths): a bundle travels through tickets.
 */
import os from 'node:os';

export type OsSummary = { readonly platform: string; readonly release: string; readonly arch: string };

export function osSummary(source: Pick<typeof os, 'platform' | 'release' | 'arch'> = os): OsSummary {
  return { platform: source.platform(), release: source.release(), arch: source.arch() };
}

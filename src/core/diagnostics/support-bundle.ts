/**
 * Builds what "Copy diagnostics" copies and what "Save support bundle" saves.
 *
 * Both come from one `SupportBundle` value, so the text and the file always agree. The bundle
 * holds what a help desk needs to trace a failed activation (versions, OS, configuration,
 * tenant, the timeline with Graph request ids and error codes, what the last token proved)
 * and, by construction and by a final check, nothing that could sign anyone in.
 */
import type { AuthEvidence } from '../../shared/domain/session';
import type { TimelineEntry } from './diagnostics-recorder';
import { findSecrets, redact, redactValue } from './redact';

export type SupportBundleInput = {
  readonly app: { readonly version: string; readonly mode: 'standard' | 'kiosk' };
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string };
  readonly tenant: { readonly id: string | null; readonly simulated: boolean; readonly cloud?: string };
  /** The resolved configuration; secret-looking keys are removed whatever their name's spelling. */
  readonly configuration: Readonly<Record<string, unknown>>;
  /** Where the configuration came from: the machine file's path and the keys it locks. */
  readonly managed?: { readonly source: string | null; readonly locked: readonly string[] };
  readonly evidence: AuthEvidence | null;
  readonly timeline: readonly TimelineEntry[];
  /** Steps dropped from the start of the timeline (from `DiagnosticsRecorder.dropped`). */
  readonly droppedSteps?: number;
  readonly generatedAt: Date;
};

export type SupportBundle = {
  readonly format: 'pim-stepup-support-bundle';
  readonly formatVersion: 1;
  readonly generatedAt: string;
  readonly app: { readonly version: string; readonly mode: 'standard' | 'kiosk' };
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string };
  readonly tenant: { readonly id: string | null; readonly simulated: boolean; readonly cloud: string | null };
  readonly configuration: Readonly<Record<string, unknown>>;
  readonly managed: { readonly source: string | null; readonly locked: readonly string[] };
  /** What the last token proved: methods (`amr`) and contexts (`acrs`) with times. No token, no username. */
  readonly evidence: {
    readonly methods: readonly string[];
    readonly contexts: readonly string[];
    readonly authenticatedAt: string | null;
    readonly expiresAt: string | null;
  } | null;
  /** Every step that carried a Graph request id, for quoting to Microsoft support. */
  readonly graphRequests: readonly {
    readonly at: string;
    readonly step: string;
    readonly requestId: string;
    readonly httpStatus: number | null;
    readonly errorCode: string | null;
    readonly serviceCode: string | null;
  }[];
  readonly timeline: readonly TimelineEntry[];
  readonly droppedSteps: number;
};

/**
 * Assembles a bundle. The username is left out on purpose: the bundle travels through
 * tickets and email, and the help desk already knows who is calling.
 */
export function buildSupportBundle(input: SupportBundleInput): SupportBundle {
  const timeline = input.timeline.map((entry) => redactValue(entry) as TimelineEntry);
  return {
    format: 'pim-stepup-support-bundle',
    formatVersion: 1,
    generatedAt: input.generatedAt.toISOString(),
    app: { version: redact(input.app.version), mode: input.app.mode },
    os: { platform: redact(input.os.platform), release: redact(input.os.release), arch: redact(input.os.arch) },
    tenant: {
      id: input.tenant.id === null ? null : redact(input.tenant.id),
      simulated: input.tenant.simulated,
      cloud: input.tenant.cloud ?? null,
    },
    configuration: redactValue(input.configuration) as Record<string, unknown>,
    managed: {
      source: input.managed?.source ?? null,
      locked: [...(input.managed?.locked ?? [])],
    },
    evidence:
      input.evidence === null
        ? null
        : {
            methods: input.evidence.methods.map(redact),
            contexts: input.evidence.contexts.map(redact),
            authenticatedAt: input.evidence.authenticatedAt,
            expiresAt: input.evidence.expiresAt,
          },
    graphRequests: timeline.flatMap((entry) =>
      entry.requestId === undefined
        ? []
        : [
            {
              at: entry.at,
              step: entry.step,
              requestId: entry.requestId,
              httpStatus: entry.httpStatus ?? null,
              errorCode: entry.errorCode ?? null,
              serviceCode: entry.serviceCode ?? null,
            },
          ],
    ),
    timeline,
    droppedSteps: input.droppedSteps ?? 0,
  };
}

/**
 * The support bundle file's content (pretty JSON).
 *
 * The bundle is already redacted field by field; the whole text is redacted once more and
 * checked, so a secret that slipped into an unexpected field still cannot leave the machine.
 */
export function serializeSupportBundle(bundle: SupportBundle): string {
  return finalCheck(`${JSON.stringify(bundle, null, 2)}\n`);
}

/** The "Copy diagnostics" text: short, readable aloud, and pasteable into a ticket. */
export function formatDiagnosticsText(bundle: SupportBundle): string {
  const lines: string[] = [
    `PIM Step-Up ${bundle.app.version} diagnostics (${bundle.generatedAt})`,
    `OS: ${bundle.os.platform} ${bundle.os.release} ${bundle.os.arch}`,
    `Mode: ${bundle.app.mode}`,
    `Tenant: ${bundle.tenant.id ?? '(not configured)'}${bundle.tenant.simulated ? ' (SIMULATED demo tenant: nothing real was activated)' : ''}${bundle.tenant.cloud === null ? '' : `, cloud ${bundle.tenant.cloud}`}`,
    `Managed: ${bundle.managed.source === null ? 'no machine configuration' : `${bundle.managed.source}; locked: ${bundle.managed.locked.join(', ') || 'none'}`}`,
    `Configuration: ${JSON.stringify(bundle.configuration)}`,
    bundle.evidence === null
      ? 'Sign-in evidence: none (not signed in)'
      : `Sign-in evidence: methods ${bundle.evidence.methods.join(', ') || 'none'}; contexts ${bundle.evidence.contexts.join(', ') || 'none'}; authenticated ${bundle.evidence.authenticatedAt ?? 'unknown'}; expires ${bundle.evidence.expiresAt ?? 'unknown'}`,
    '',
    `Timeline (${String(bundle.timeline.length)} steps${bundle.droppedSteps > 0 ? `, ${String(bundle.droppedSteps)} earlier steps dropped` : ''}):`,
    ...bundle.timeline.map(formatEntry),
  ];
  if (bundle.graphRequests.length > 0) {
    lines.push(
      '',
      'Graph request ids:',
      ...bundle.graphRequests.map(
        (r) =>
          `  ${r.requestId}  ${r.step}${r.httpStatus === null ? '' : ` HTTP ${String(r.httpStatus)}`}${r.serviceCode === null ? '' : ` ${r.serviceCode}`}`,
      ),
    );
  }
  return finalCheck(`${lines.join('\n')}\n`);
}

/** A file name for the saved bundle that sorts by time and is valid on every OS (no colons). */
export function supportBundleFileName(at: Date): string {
  return `pim-stepup-support-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.json`;
}

function formatEntry(entry: TimelineEntry): string {
  const parts = [`  ${entry.at}`, entry.outcome.padEnd(9), entry.step];
  if (entry.httpStatus !== undefined) {
    parts.push(`HTTP ${String(entry.httpStatus)}`);
  }
  if (entry.errorCode !== undefined) {
    parts.push(`[${entry.errorCode}]`);
  }
  if (entry.serviceCode !== undefined) {
    parts.push(entry.serviceCode);
  }
  if (entry.requestId !== undefined) {
    parts.push(`request-id ${entry.requestId}`);
  }
  if (entry.durationMs !== undefined) {
    parts.push(`${String(entry.durationMs)} ms`);
  }
  if (entry.detail !== undefined) {
    parts.push(`— ${entry.detail}`);
  }
  return parts.join(' ');
}

function finalCheck(text: string): string {
  const out = redact(text);
  // Redaction is idempotent, so a second finding means a pattern gap: drop the text rather than leak.
  return findSecrets(out).length === 0 ? out : '[diagnostics withheld: they contained data that looked like a credential]\n';
}

/**
 * What the activation pipeline needs from a resource API, and nothing more: submit one
 * self-activation, and read back the person's requests and active instances. Microsoft Graph
 * (directory roles, PIM groups) implements it in `graph-activation-surface.ts`; another resource
 * API (Azure resource roles) implements the same four functions and plugs into the same
 * submitter and follower.
 *
 * Failures are thrown as `GraphCallError` carrying a `GraphFailure` (status, service code,
 * message, `WWW-Authenticate`): the submitter's rules (claims challenges, reconcile before any
 * resend) read only those fields, so any API that maps its errors onto them is handled alike.
 */
import type { RoleTarget } from '../../shared/domain/roles';

/** A schedule request as the pipeline reads it, whatever API it came from. */
export type ScheduleRequest = {
  /** Null only for a request we know took effect but could not read back. */
  readonly id: string | null;
  readonly status: string;
  readonly action: string;
  readonly createdDateTime: string | null;
  /** `targetKey` of what it asks for. */
  readonly targetKey: string;
  readonly startDateTime: string | null;
};

/** An active assignment instance of the person. */
export type ScheduleInstance = {
  readonly targetKey: string;
  readonly startDateTime: string | null;
  readonly endDateTime: string | null;
};

export type ActivationDetails = {
  /** Default `selfActivate`; `selfExtend` asks to lengthen an administrator's time-bound assignment (Graph only). */
  readonly action?: 'selfActivate' | 'selfExtend';
  readonly startDateTime: string;
  /** ISO 8601 duration. */
  readonly duration: string;
  readonly justification: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
};

export type ActivationSurface = {
  /**
   * The collection a target's requests and instances live in. Every role followed in the same
   * collection shares one read per poll.
   */
  collectionOf(target: RoleTarget): string;
  /** Sends one self-activation; never retried here. */
  submit(
    target: RoleTarget,
    principalId: string,
    details: ActivationDetails,
    token: string,
    clientRequestId: string,
  ): Promise<ScheduleRequest>;
  /** The person's requests in a collection (read only to reconcile after a fault: it grows with their history). */
  requests(collection: string, token: string): Promise<ScheduleRequest[]>;
  /**
   * One request by the id PIM gave it (Graph: by id; ARM: its full id, read at its scope); null when PIM does not
   * know it. Following a request reads this, never the person's whole list.
   */
  request(target: RoleTarget, requestId: string, token: string): Promise<ScheduleRequest | null>;
  /** The person's active instances in a collection. */
  instances(collection: string, token: string): Promise<ScheduleInstance[]>;
};

/**
 * What a help-desk deep link asks for, after validation: a pre-filled wizard, never an action.
 */

/** The URL scheme the app registers with the operating system. */
export const DEEP_LINK_SCHEME = 'pim-stepup';

/**
 * A request to open the activation wizard with some fields filled in.
 *
 * `requiresConfirmation` is the literal `true` on purpose: a link is something anyone can
 * send in an email or a chat, so it may only prepare an activation. The wizard shows every
 * field for review and activates only when the signed-in admin presses Activate; nothing
 * that consumes an intent may submit it on its own.
 */
export type DeepLinkIntent = {
  readonly action: 'activate';
  /** Role names or ids as written in the link, in order; the wizard matches them against the admin's eligible roles. */
  readonly roles: readonly string[];
  /** ISO 8601 duration, e.g. `PT2H`. */
  readonly duration?: string;
  readonly justification?: string;
  readonly ticketNumber?: string;
  readonly ticketSystem?: string;
  readonly requiresConfirmation: true;
};

/**
 * What a help-desk deep link asks for, after validation: a pre-filled wizard, never an action.
 *
 * Shared because main validates links and the renderer shows them; the parser itself lives in
 * `src/core/deep-link`.
 */
import type { AppError } from '../errors';

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
  /**
   * Where the intent came from when it is not a help-desk link: `tray` for the tray menu's
   * "Re-activate" and "Activate favourites" and the expiry notification, which go through the
   * same inbox so one rule pre-fills the wizard. Absent for links.
   */
  readonly origin?: 'tray';
};

/** One received link: the validated intent, or why it was refused (so the admin is told why nothing was filled in). */
export type DeepLinkDelivery = { readonly ok: true; readonly intent: DeepLinkIntent } | { readonly ok: false; readonly error: AppError };

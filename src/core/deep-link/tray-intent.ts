/**
 * The pre-fill intents the tray makes ("Re-activate <role>", "Activate favourites", a click on
 * the expiry notification), in the same shape as a help-desk link's, so the wizard has one rule
 * for filling itself in and the tray can never do more than a link can: prepare an activation
 * that the admin reviews, gives a reason for and confirms.
 */
import { appError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import { ROLE_ID_MAX } from '../../shared/domain/roles';
import type { DeepLinkIntent } from './deep-link-intent';
import { MAX_DEEP_LINK_ROLES } from './parse-deep-link';

/**
 * An intent naming these roles by id. Held to a link's limits (at most 20 roles, bounded ids):
 * the tray's ids come from the catalog and the renderer's favourites, which are bounded but
 * not by the same numbers, and an internal caller gets no more room than a link.
 */
export function trayIntent(roleIds: readonly string[]): Result<DeepLinkIntent> {
  const roles = [...new Set(roleIds.filter((id) => id.length > 0))];
  if (roles.length === 0) {
    return err(appError('input/invalid', 'There is no role to fill in.'));
  }
  if (roles.length > MAX_DEEP_LINK_ROLES) {
    return err(appError('input/invalid', `At most ${String(MAX_DEEP_LINK_ROLES)} roles can be filled in at once.`));
  }
  if (roles.some((id) => id.length > ROLE_ID_MAX)) {
    return err(appError('input/invalid', `A role id is at most ${String(ROLE_ID_MAX)} characters.`));
  }
  return ok({ action: 'activate', roles, requiresConfirmation: true, origin: 'tray' });
}

/**
 * The admin's favourite roles as the renderer publishes them to main for the tray menu: ids to
 * pre-fill the wizard with and names to label the menu. Nothing else (no scopes, no policies).
 */

/** One favourite the admin is still eligible for. */
export type FavouriteRole = { readonly id: string; readonly displayName: string };

/** More than anyone pins; the renderer keeps at most this many, and the IPC schema refuses more. */
export const MAX_PUBLISHED_FAVOURITES = 200;

/** A published name's bound; catalog names are far shorter. */
export const FAVOURITE_NAME_MAX = 400;

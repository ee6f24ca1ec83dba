/**
 * What the window remembers between launches for one admin: favourite roles and the ticket
 * system last used. Kept in the renderer's own origin storage (app://), which holds nothing
 * secret: role ids and a product name. Never used in kiosk mode, where nothing of one admin may
 * be left for the next.
 */

const FAVOURITES_KEY = 'pim-stepup.favourites.v1';
const TICKET_SYSTEM_KEY = 'pim-stepup.ticket-system.v1';
const MAX_FAVOURITES = 200;
const MAX_ID_LENGTH = 400;

/** Storage can be missing or refuse (disabled, full, a sandboxed test page): remembering is then skipped. */
function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function read(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // Quota or a locked-down profile: the app works the same, it just forgets.
  }
}

/** The stored favourites, or none when absent or not what this code wrote (edited by hand, older format). */
export function parseFavourites(text: string | null): readonly string[] {
  if (text === null) {
    return [];
  }
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH).slice(0, MAX_FAVOURITES)
      : [];
  } catch {
    return [];
  }
}

export function loadFavourites(): readonly string[] {
  return parseFavourites(read(FAVOURITES_KEY));
}

export function saveFavourites(ids: readonly string[]): void {
  write(FAVOURITES_KEY, JSON.stringify(ids.slice(0, MAX_FAVOURITES)));
}

export function loadTicketSystem(): string {
  return (read(TICKET_SYSTEM_KEY) ?? '').slice(0, 100);
}

export function saveTicketSystem(system: string): void {
  write(TICKET_SYSTEM_KEY, system.trim().slice(0, 100));
}

/**
 * What the window publishes for the tray's "Activate favourites" (eligible favourites with their
 * names, bounded), what main accepts (the channel's schema), and that a kiosk refuses it.
 */
import { describe, expect, it } from 'vitest';
import { createTrayHandlers } from '../../../src/main/desktop/tray-handlers';
import { favouritesForTray, favouritesKey } from '../../../src/renderer/home/tray-favourites';
import type { FavouriteRole } from '../../../src/shared/domain/favourites';
import { invokeArgSchemas } from '../../../src/shared/ipc/schemas';
import { CATALOG } from './fixtures';

describe('favourites for the tray', () => {
  it('names the favourites still eligible, in the order they were pinned, and drops the others', () => {
    expect(favouritesForTray(['hd', 'gone', 'ga'], CATALOG)).toEqual([
      { id: 'hd', displayName: 'Helpdesk Administrator' },
      { id: 'ga', displayName: 'Global Administrator' },
    ]);
    expect(favouritesForTray([], CATALOG)).toEqual([]);
  });

  it('changes its key only when the menu would change', () => {
    const a = favouritesForTray(['hd', 'ga'], CATALOG);
    expect(favouritesKey(a)).toBe(favouritesKey(favouritesForTray(['hd', 'ga'], CATALOG)));
    expect(favouritesKey(a)).not.toBe(favouritesKey(favouritesForTray(['ga', 'hd'], CATALOG)));
  });
});

describe('tray:set-favourites', () => {
  const schema = invokeArgSchemas['tray:set-favourites'];
  const one = (id: string, displayName: string): FavouriteRole => ({ id, displayName });

  it('accepts ids and names only, bounded in number and size', () => {
    expect(schema.safeParse([[one('role:x:/', 'Reports Reader')]]).success).toBe(true);
    expect(schema.safeParse([[]]).success).toBe(true);
    expect(schema.safeParse([Array.from({ length: 201 }, (_, i) => one(`r${String(i)}`, 'R'))]).success).toBe(false);
    expect(schema.safeParse([[one('x'.repeat(401), 'R')]]).success).toBe(false);
    expect(schema.safeParse([[one('r', 'n'.repeat(401))]]).success).toBe(false);
    expect(schema.safeParse([[one('r', '')]]).success).toBe(false);
    expect(schema.safeParse([[{ ...one('r', 'R'), scope: '/' }]]).success).toBe(false);
    expect(schema.safeParse([{ id: 'r', displayName: 'R' }]).success).toBe(false);
  });

  it('hands the favourites to the tray, and a kiosk refuses them without touching the tray', async () => {
    const published: (readonly FavouriteRole[])[] = [];
    const standard = createTrayHandlers({ kiosk: false, publishFavourites: (f) => published.push(f) });
    expect(await standard['tray:set-favourites']([one('r', 'R')])).toEqual({ ok: true, value: null });
    const kiosk = createTrayHandlers({ kiosk: true, publishFavourites: (f) => published.push(f) });
    const refused = await kiosk['tray:set-favourites']([one('s', 'S')]);
    expect(refused.ok).toBe(false);
    expect(published).toEqual([[one('r', 'R')]]);
  });
});

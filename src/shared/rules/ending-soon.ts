/**
 * When an activation "ends soon": within this much of its end. One notion for every surface that warns about an end
 * or offers to activate a role again (the tray's Re-activate and its expiry notification).
 */
export const ENDING_SOON_MS = 15 * 60_000;

/**
 * How long after its end an activation is still offered again as "ended": a working day. Older ones are history, not a
 * shortcut (PIM keeps requests for weeks, and a menu of every role ever activated helps nobody).
 */
export const RECENTLY_ENDED_MS = 8 * 3_600_000;

/**
 * The one wall-clock bar tests may use: 5 s. Tests order events on injected clocks or fake timers, never on sleeps;
 * where only elapsed time can show a property (a pattern that must not backtrack, a parser that must stay linear, an
 * abort that must not wait out a timeout), the input is sized so the failure would take far longer than this bar
 * (seconds to hours), while the correct code takes milliseconds, so a loaded two-core machine cannot trip it.
 */
export const WALL_CLOCK_BAR_MS = 5_000;

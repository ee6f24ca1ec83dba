/**
 * Windowing for the eligible-role list: only the rows near the visible part of the scroll
 * container are rendered, so a 592-role tenant costs a screenful of rows, not a 26,000 px page.
 *
 * Rows may differ in height (badges wrap at 200% zoom and at 320 px): each rendered row is
 * measured, and rows not yet measured count at the estimate.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';

/**
 * Lists up to this long are rendered whole: a few dozen rows cost nothing, and every row stays
 * findable by the browser's own search. Longer lists (a 592-role tenant) are windowed.
 */
export const VIRTUALISE_ABOVE = 80;

/** Pixels rendered beyond each edge of the visible part, so a fast scroll or arrow press shows no gap. */
const OVERSCAN_PX = 320;

export type VirtualWindow = {
  /** First and one-past-last rendered index. */
  readonly start: number;
  readonly end: number;
  /** Space before and after the rendered rows. */
  readonly padTop: number;
  readonly padBottom: number;
  /** Callback ref for each rendered row (by index): measures it. */
  readonly measure: (index: number) => (el: HTMLElement | null) => void;
  /** Scrolls the container so that the row at `index` is fully visible. */
  readonly reveal: (index: number) => void;
};

/** Pure: which rows to render, given each row's height, the scroll position and the visible height. */
export function windowOf(
  heights: readonly number[],
  scrollTop: number,
  viewport: number,
  overscan = OVERSCAN_PX,
): { readonly start: number; readonly end: number; readonly padTop: number; readonly padBottom: number } {
  let top = 0;
  let start = heights.length;
  let padTop = 0;
  for (let i = 0; i < heights.length; i += 1) {
    const h = heights[i] ?? 0;
    if (top + h >= scrollTop - overscan) {
      start = i;
      padTop = top;
      break;
    }
    top += h;
  }
  let end = start;
  let bottom = padTop;
  while (end < heights.length && bottom < scrollTop + viewport + overscan) {
    bottom += heights[end] ?? 0;
    end += 1;
  }
  let rest = 0;
  for (let i = end; i < heights.length; i += 1) {
    rest += heights[i] ?? 0;
  }
  return { start, end, padTop, padBottom: rest };
}

export function useVirtualRows(container: HTMLElement | null, keys: readonly string[], estimate: number): VirtualWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  // Measured heights by row key (a row keeps its height when the filter moves it).
  const [measured, setMeasured] = useState<ReadonlyMap<string, number>>(new Map());

  useEffect(() => {
    if (container === null) {
      return undefined;
    }
    const onScroll = () => {
      setScrollTop(container.scrollTop);
    };
    const observer = new ResizeObserver(() => {
      setViewport(container.clientHeight);
    });
    observer.observe(container);
    // The observer reports the container's size once at once, then on every change.
    container.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      container.removeEventListener('scroll', onScroll);
    };
  }, [container]);

  const heights = useMemo(() => keys.map((key) => measured.get(key) ?? estimate), [keys, measured, estimate]);
  const win =
    keys.length <= VIRTUALISE_ABOVE ? { start: 0, end: keys.length, padTop: 0, padBottom: 0 } : windowOf(heights, scrollTop, viewport);

  const measure = useCallback(
    (index: number) => (el: HTMLElement | null) => {
      const key = keys[index];
      if (el === null || key === undefined) {
        return;
      }
      const h = el.getBoundingClientRect().height;
      setMeasured((old) => (h > 0 && old.get(key) !== h ? new Map(old).set(key, h) : old));
    },
    [keys],
  );

  const reveal = useCallback(
    (index: number) => {
      if (container === null) {
        return;
      }
      let top = 0;
      for (let i = 0; i < index; i += 1) {
        top += heights[i] ?? estimate;
      }
      const h = heights[index] ?? estimate;
      // The scroll event that follows moves the window (and renders the row).
      if (top < container.scrollTop) {
        container.scrollTo({ top });
      } else if (top + h > container.scrollTop + container.clientHeight) {
        container.scrollTo({ top: top + h - container.clientHeight });
      }
    },
    [container, heights, estimate],
  );

  return { ...win, measure, reveal };
}

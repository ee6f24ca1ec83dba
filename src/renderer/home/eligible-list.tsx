import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { EligibleRole } from '../../shared/domain/roles';
import { RoleRow } from './role-row';
import { useVirtualRows } from './virtual-rows';

/** A row's height before it is measured (one line at 100% zoom). */
const ROW_ESTIMATE_PX = 34;
const PAGE_ROWS = 10;

type Props = {
  readonly roles: readonly EligibleRole[];
  readonly selected: ReadonlySet<string>;
  /** null when favourites are not offered (kiosk mode). */
  readonly favourites: ReadonlySet<string> | null;
  readonly onToggle: (roleId: string) => void;
  readonly onFavourite: (roleId: string) => void;
};

/** Where an arrow, Home, End or Page key moves from `index` in a list of `count`; null for other keys. */
export function nextIndex(key: string, index: number, count: number): number | null {
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(last, index + PAGE_ROWS);
    case 'PageUp':
      return Math.max(0, index - PAGE_ROWS);
    default:
      return null;
  }
}

/**
 * The roles that can be activated: one tab stop, arrows inside (roving tabindex), Space selects,
 * F or * pins. Virtualised: only rows near the visible part of its own scroll area are rendered.
 */
export function EligibleList({ roles, selected, favourites, onToggle, onFavourite }: Props) {
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const keys = useMemo(() => roles.map((r) => r.id), [roles]);
  const win = useVirtualRows(container, keys, ROW_ESTIMATE_PX);
  const [activeId, setActiveId] = useState<string | null>(null);
  const found = activeId === null ? -1 : keys.indexOf(activeId);
  const activeIndex = found < 0 ? 0 : found;
  // The row to focus once it is rendered (an arrow may move past the rendered window).
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    const id = pendingFocus.current;
    if (id !== null) {
      const input = document.getElementById(`role-${id}`);
      if (input !== null) {
        input.focus({ preventScroll: true });
        pendingFocus.current = null;
      }
    }
  });
  // A row scrolled out of the rendered window cannot hold the tab stop: the first rendered row does then.
  const tabStop = activeIndex >= win.start && activeIndex < win.end ? activeIndex : win.start;

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey || keys.length === 0) {
      return;
    }
    if ((e.key === '*' || e.key === 'f' || e.key === 'F') && favourites !== null) {
      const id = keys[activeIndex];
      if (id !== undefined) {
        e.preventDefault();
        onFavourite(id);
      }
      return;
    }
    const next = nextIndex(e.key, activeIndex, keys.length);
    const id = next === null ? undefined : keys[next];
    if (next === null || id === undefined) {
      return;
    }
    e.preventDefault();
    setActiveId(id);
    pendingFocus.current = id;
    win.reveal(next);
  };

  return (
    <div className="role-scroll" ref={setContainer} data-testid="role-scroll">
      <div style={{ paddingTop: win.padTop, paddingBottom: win.padBottom }}>
        {/* Key handling for the list's rows lives on the list: each row's checkbox is the focusable element. */}
        <ul className="dense-list role-list" onKeyDown={onKeyDown}>
          {roles.slice(win.start, win.end).map((role, offset) => {
            const index = win.start + offset;
            return (
              <RoleRow
                key={role.id}
                role={role}
                selected={selected.has(role.id)}
                favourite={favourites === null ? null : favourites.has(role.id)}
                tabbable={index === tabStop}
                position={index + 1}
                setSize={roles.length}
                rowRef={win.measure(index)}
                onToggle={onToggle}
                onFavourite={onFavourite}
                onFocusRow={setActiveId}
              />
            );
          })}
        </ul>
      </div>
    </div>
  );
}

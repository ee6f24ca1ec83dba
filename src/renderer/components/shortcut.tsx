import { useEffect } from 'react';

/** What the primary-action shortcut is called on its button and for assistive technology. */
export const PRIMARY_SHORTCUT = { label: 'Ctrl+Enter', aria: 'Control+Enter' } as const;

/**
 * Ctrl+Enter (⌘+Enter on macOS) runs the screen's primary action from anywhere on it: the
 * action bar is one key away however long the list. Off while `enabled` is false.
 */
export function usePrimaryShortcut(enabled: boolean, action: () => void): void {
  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [enabled, action]);
}

/** The shortcut as shown on a button: visible, but not part of the button's name (aria-keyshortcuts says it). */
export function ShortcutHint() {
  return (
    <kbd className="shortcut" aria-hidden="true">
      {PRIMARY_SHORTCUT.label}
    </kbd>
  );
}

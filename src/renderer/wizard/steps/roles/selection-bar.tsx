/** Home's action bar: the list's keys, what is selected, Clear selection and Activate (Ctrl+Enter, the skip link's target). */
import { PRIMARY_SHORTCUT, ShortcutHint } from '../../../components/shortcut';
import { plural } from '../../format';
import type { WizardCommands } from '../../use-wizard';

type Props = {
  readonly count: number;
  /** Whether F pins a role (favourites are off on a shared workstation). */
  readonly pinning: boolean;
  readonly commands: WizardCommands;
};

export function SelectionBar({ count, pinning, commands }: Props) {
  return (
    <div className="action-bar" role="region" aria-label="Selection">
      <span className="muted list-keys" id="role-list-keys">
        In the list: arrow keys move, Space selects{pinning ? ', F pins to the top' : ''}.
      </span>
      <span className="muted" id="roles-continue-hint">
        {count === 0 ? 'Select at least one role to activate.' : `${plural(count, 'role')} selected.`}
      </span>
      {count > 0 ? (
        <button type="button" onClick={commands.clearSelection}>
          Clear selection
        </button>
      ) : null}
      <button
        type="button"
        id="primary-action"
        className="primary"
        onClick={commands.continueToActivate}
        disabled={count === 0}
        aria-describedby="roles-continue-hint"
        aria-keyshortcuts={PRIMARY_SHORTCUT.aria}
      >
        {count === 0 ? 'Activate roles' : `Activate ${plural(count, 'role')}`} <ShortcutHint />
      </button>
    </div>
  );
}

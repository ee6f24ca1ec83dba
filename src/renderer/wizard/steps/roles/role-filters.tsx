/** The eligible list's toolbar: its caption and count, search, kind and requirement filters, and how many show. */
import type { WizardCommands } from '../../use-wizard';
import type { KindFilter, RoleFilter, Shared } from '../../wizard-state';

const FILTERS: readonly { readonly value: RoleFilter; readonly label: string }[] = [
  { value: 'all', label: 'Any requirement' },
  { value: 'step-up', label: 'Needs step-up' },
  { value: 'mfa', label: 'Needs MFA' },
  { value: 'approval', label: 'Needs approval' },
  { value: 'ticket', label: 'Needs a ticket' },
  { value: 'none', label: 'No requirements' },
  { value: 'unknown', label: 'Requirements unknown' },
];

const KINDS: readonly { readonly value: KindFilter; readonly label: string }[] = [
  { value: 'all', label: 'All roles' },
  { value: 'directoryRole', label: 'Directory roles' },
  { value: 'group', label: 'PIM groups' },
  { value: 'azureResource', label: 'Azure roles' },
];

/** A labelled select over a closed set of choices: only a listed value is ever passed on. */
function ChoiceField<T extends string>(props: {
  readonly id: string;
  readonly label: string;
  readonly value: T;
  readonly choices: readonly { readonly value: T; readonly label: string }[];
  readonly onChange: (value: T) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => {
          const choice = props.choices.find((c) => c.value === e.target.value);
          if (choice !== undefined) {
            props.onChange(choice.value);
          }
        }}
      >
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type Props = {
  readonly shared: Shared;
  readonly commands: WizardCommands;
  /** Roles that can be activated now, and how many of them the search and filters show. */
  readonly activatable: number;
  readonly showing: number;
};

export function RoleFilters({ shared, commands, activatable, showing }: Props) {
  return (
    <div className="toolbar list-toolbar">
      <h3 id="eligible-heading">
        Eligible <span className="count">{activatable}</span>
      </h3>
      <div className="field field-grow">
        <label htmlFor="role-search">Search roles</label>
        <input
          id="role-search"
          type="search"
          value={shared.query}
          onChange={(e) => {
            commands.setQuery(e.target.value);
          }}
        />
      </div>
      <ChoiceField id="role-kind" label="Kind" value={shared.kind} choices={KINDS} onChange={commands.setKind} />
      <ChoiceField id="role-filter" label="Requirement" value={shared.filter} choices={FILTERS} onChange={commands.setFilter} />
      <p role="status" className="muted list-count">
        Showing {showing} of {activatable}
      </p>
    </div>
  );
}

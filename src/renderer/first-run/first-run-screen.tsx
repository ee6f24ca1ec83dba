import { useReducer } from 'react';
import type { SyntheticEvent } from 'react';
import { assertNever } from '../../shared/assert';
import { api } from '../api';
import { ErrorPanel } from '../components/error-panel';
import { FieldError } from '../components/field-error';
import { StepHeading } from '../components/step-heading';
import { firstRunReducer, INITIAL_FIRST_RUN } from './first-run-state';
import type { CloudChoice, FirstRunEvent, FirstRunState, TenantField } from './first-run-state';

const CLOUDS: readonly { readonly value: CloudChoice; readonly label: string }[] = [
  { value: 'public', label: 'Microsoft Entra ID (worldwide)' },
  { value: 'usgov', label: 'US Government (GCC High)' },
  { value: 'usgov-dod', label: 'US Government (DoD)' },
  { value: 'china', label: 'China (operated by 21Vianet)' },
];

type Dispatch = (event: FirstRunEvent) => void;

/**
 * The first-run choice, shown before Sign in when nothing is configured: try the simulated demo
 * tenant, or connect a real tenant (saved by main, which then restarts the app).
 *
 * `onDemo` hands over to the wizard once the demo choice is recorded.
 */
export function FirstRunScreen({ onDemo }: { readonly onDemo: () => void }) {
  const [state, dispatch] = useReducer(firstRunReducer, INITIAL_FIRST_RUN);
  switch (state.kind) {
    case 'choose':
      return <Choose state={state} dispatch={dispatch} onDemo={onDemo} />;
    case 'connect':
      return <ConnectForm state={state} dispatch={dispatch} />;
    case 'restarting':
      return (
        <section aria-labelledby="first-run-saved-heading" className="step">
          <StepHeading id="first-run-saved-heading">Tenant saved</StepHeading>
          <p role="status">Saved — PIM Step-Up restarts to connect to {state.tenant}.</p>
        </section>
      );
    case 'done':
      return null;
    default:
      return assertNever(state, 'first-run state');
  }
}

function Choose({
  state,
  dispatch,
  onDemo,
}: {
  readonly state: Extract<FirstRunState, { kind: 'choose' }>;
  readonly dispatch: Dispatch;
  readonly onDemo: () => void;
}) {
  const tryDemo = async () => {
    dispatch({ type: 'demo-started' });
    const result = await api.setup.useDemo();
    if (result.ok) {
      dispatch({ type: 'demo-chosen' });
      onDemo();
    } else {
      dispatch({ type: 'demo-failed', error: result.error });
    }
  };
  return (
    <section aria-labelledby="first-run-heading" className="step">
      <StepHeading id="first-run-heading">Welcome to PIM Step-Up</StepHeading>
      <p>Choose how to start. You can change this later in the configuration file.</p>
      <div className="card">
        <h3>Try the demo</h3>
        <p>
          Uses a simulated tenant built into the app, with sample admins and roles. Nothing real is activated and nothing leaves this
          computer.
        </p>
        <div className="actions">
          <button type="button" className="primary" disabled={state.busy} onClick={() => void tryDemo()}>
            Try the demo
          </button>
        </div>
      </div>
      <div className="card">
        <h3>Connect my tenant</h3>
        <p>Activate your own Microsoft Entra roles. You need the tenant and the Application (client) id of your app registration.</p>
        <div className="actions">
          <button
            type="button"
            disabled={state.busy}
            onClick={() => {
              dispatch({ type: 'open-connect' });
            }}
          >
            Connect my tenant
          </button>
        </div>
      </div>
      {state.error !== null ? <ErrorPanel error={state.error} title="The demo could not be chosen" /> : null}
    </section>
  );
}

/** `aria-describedby` for a field: its hint, and its error when there is one. */
function describedBy(field: TenantField, hint: string | null, error: string | undefined): string | undefined {
  const ids = [hint, error === undefined ? null : `${field}-error`].filter((id): id is string => id !== null);
  return ids.length === 0 ? undefined : ids.join(' ');
}

/** One labelled text input with its hint and, after a refused save, its error (both announced with the field). */
function TextField(props: {
  readonly field: TenantField;
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly maxLength: number;
  readonly value: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
}) {
  const hintId = `${props.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.field}
        autoComplete="off"
        spellCheck={false}
        maxLength={props.maxLength}
        value={props.value}
        aria-invalid={props.error !== undefined}
        aria-describedby={describedBy(props.field, hintId, props.error)}
        onChange={(e) => {
          props.onChange(e.target.value);
        }}
      />
      <p id={hintId} className="hint">
        {props.hint}
      </p>
      <FieldError id={`${props.field}-error`} message={props.error} />
    </div>
  );
}

function ConnectForm({ state, dispatch }: { readonly state: Extract<FirstRunState, { kind: 'connect' }>; readonly dispatch: Dispatch }) {
  const { form, fieldErrors: errors } = state;
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    dispatch({ type: 'submitted' });
    const result = await api.setup.connectTenant({ tenant: form.tenant, clientId: form.clientId, cloud: form.cloud });
    dispatch(result.ok ? { type: 'connected' } : { type: 'connect-failed', error: result.error });
  };
  return (
    <section aria-labelledby="connect-heading" className="step">
      <StepHeading id="connect-heading">Connect my tenant</StepHeading>
      <form className="card" noValidate onSubmit={(e) => void submit(e)}>
        <TextField
          field="tenant"
          id="setup-tenant"
          label="Tenant id or domain"
          hint="The Directory (tenant) id GUID or a verified domain such as contoso.onmicrosoft.com."
          maxLength={253}
          value={form.tenant}
          error={errors.tenant}
          onChange={(tenant) => {
            dispatch({ type: 'change', patch: { tenant } });
          }}
        />
        <TextField
          field="clientId"
          id="setup-client-id"
          label="Application (client) id"
          hint="The GUID on your public-client app registration’s overview page."
          maxLength={64}
          value={form.clientId}
          error={errors.clientId}
          onChange={(clientId) => {
            dispatch({ type: 'change', patch: { clientId } });
          }}
        />
        <div className="field">
          <label htmlFor="setup-cloud">Cloud</label>
          <select
            id="setup-cloud"
            name="cloud"
            value={form.cloud}
            aria-invalid={errors.cloud !== undefined}
            aria-describedby={describedBy('cloud', null, errors.cloud)}
            onChange={(e) => {
              const cloud = CLOUDS.find((c) => c.value === e.target.value)?.value ?? 'public';
              dispatch({ type: 'change', patch: { cloud } });
            }}
          >
            {CLOUDS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <FieldError id="cloud-error" message={errors.cloud} />
        </div>
        {Object.keys(errors).length > 0 && !state.busy ? (
          <p className="field-error" role="alert">
            Check the marked fields above: nothing was saved.
          </p>
        ) : null}
        {state.error !== null ? <ErrorPanel error={state.error} title="The tenant was not saved" /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={state.busy}>
            Save and restart
          </button>
          <button
            type="button"
            disabled={state.busy}
            onClick={() => {
              dispatch({ type: 'back' });
            }}
          >
            Back
          </button>
        </div>
      </form>
    </section>
  );
}

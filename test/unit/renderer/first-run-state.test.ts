import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, firstRunReducer, INITIAL_FIRST_RUN } from '../../../src/renderer/first-run/first-run-state';
import type { FirstRunState } from '../../../src/renderer/first-run/first-run-state';
import { appError } from '../../../src/shared/errors';

function connecting(): FirstRunState {
  let state = firstRunReducer(INITIAL_FIRST_RUN, { type: 'open-connect' });
  state = firstRunReducer(state, { type: 'change', patch: { tenant: ' contoso.onmicrosoft.com ', clientId: 'abc' } });
  return firstRunReducer(state, { type: 'submitted' });
}

describe('first-run reducer', () => {
  it('puts field issues beside their fields and keeps other errors for the form', () => {
    const fieldFailure = appError('config/invalid', 'Check clientId', { issues: [{ path: 'clientId', message: 'must be a GUID.' }] });
    const state = firstRunReducer(connecting(), { type: 'connect-failed', error: fieldFailure });
    expect(state).toMatchObject({ kind: 'connect', busy: false, fieldErrors: { clientId: 'must be a GUID.' }, error: null });

    const locked = appError('config/invalid', 'Your administrator locked tenant', { issues: [{ path: 'policy', message: 'x' }] });
    const other = firstRunReducer(connecting(), { type: 'connect-failed', error: locked });
    expect(other).toMatchObject({ kind: 'connect', fieldErrors: {}, error: locked });
  });

  it('a saved tenant moves to restarting with the trimmed tenant; back returns to the choice', () => {
    expect(firstRunReducer(connecting(), { type: 'connected' })).toEqual({ kind: 'restarting', tenant: 'contoso.onmicrosoft.com' });
    const open = firstRunReducer(INITIAL_FIRST_RUN, { type: 'open-connect' });
    expect(firstRunReducer(open, { type: 'back' })).toEqual(INITIAL_FIRST_RUN);
    // No going back while the save is in flight.
    expect(firstRunReducer(connecting(), { type: 'back' }).kind).toBe('connect');
  });

  it('the demo choice is busy while recorded, shows its error on failure, and ends the first run', () => {
    const busy = firstRunReducer(INITIAL_FIRST_RUN, { type: 'demo-started' });
    expect(busy).toEqual({ kind: 'choose', busy: true, error: null });
    const failure = appError('unexpected', 'disk full');
    expect(firstRunReducer(busy, { type: 'demo-failed', error: failure })).toEqual({ kind: 'choose', busy: false, error: failure });
    expect(firstRunReducer(busy, { type: 'demo-chosen' })).toEqual({ kind: 'done' });
  });

  it('fieldErrorsOf keeps the first message per known field only', () => {
    const error = appError('config/invalid', 'x', {
      issues: [
        { path: 'tenant', message: 'first' },
        { path: 'tenant', message: 'second' },
        { path: 'logLevel', message: 'ignored' },
      ],
    });
    expect(fieldErrorsOf(error)).toEqual({ tenant: 'first' });
  });
});

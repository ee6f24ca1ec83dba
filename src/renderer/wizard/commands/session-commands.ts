/** The session slice's commands: sign in and out, and guided mode. */
import { api } from '../../api';
import type { CommandDeps } from './deps';

export type SessionCommands = {
  readonly signIn: () => void;
  readonly cancelSignIn: () => void;
  readonly signOut: () => void;
  readonly toggleGuided: () => void;
};

export function sessionCommands({ dispatch }: CommandDeps): SessionCommands {
  return {
    signIn: () => {
      void (async () => {
        dispatch({ type: 'sign-in-started' });
        dispatch({ type: 'sign-in-finished', result: await api.auth.signIn() });
      })();
    },
    cancelSignIn: () => {
      void api.auth.cancelSignIn();
    },
    signOut: () => {
      void (async () => {
        const result = await api.auth.signOut();
        dispatch(result.ok ? { type: 'signed-out' } : { type: 'sign-out-failed', error: result.error });
      })();
    },
    toggleGuided: () => {
      dispatch({ type: 'guided-toggled' });
    },
  };
}

/**
 * An AuthService that tells the diagnostics timeline about every sign-in and step-up: the
 * purpose, the contexts asked for, the outcome and what the token proved (methods and
 * contexts). Never the token, the claims request text or the username: the timeline is what
 * a help desk reads aloud and pastes into tickets.
 */
import type { AuthService } from '../auth/auth-service';
import type { DiagnosticsRecorder } from '../diagnostics/diagnostics-recorder';

export function recordingAuth(auth: AuthService, recorder: DiagnosticsRecorder): AuthService {
  return {
    ...auth,
    // Methods that are not wrapped are bound so the spread keeps their receiver.
    session: () => auth.session(),
    principalId: () => auth.principalId(),
    cancel: () => auth.cancel(),
    signOut: async () => {
      await auth.signOut();
      recorder.record({ step: 'sign-out', outcome: 'succeeded' });
    },
    prompts: () => auth.prompts(),
    dispose: () => auth.dispose(),
    signIn: async () => {
      const started = Date.now();
      recorder.record({ step: 'sign-in', outcome: 'started' });
      const result = await auth.signIn();
      if (result.ok) {
        const evidence = result.value.evidence;
        recorder.record({
          step: 'sign-in',
          outcome: 'succeeded',
          durationMs: Date.now() - started,
          ...(evidence === null ? {} : { detail: evidenceSummary(evidence.methods, evidence.contexts) }),
        });
      } else {
        recorder.recordError('sign-in', result.error);
      }
      return result;
    },
    acquire: async (options) => {
      const contexts = (options.contexts ?? []).map((c) => c.id);
      const step = `${options.purpose}${contexts.length > 0 ? ` ${contexts.join(',')}` : ''}${options.prompt === 'login' ? ' (fresh sign-in)' : ''}`;
      const started = Date.now();
      const result = await auth.acquire(options);
      if (result.ok) {
        const { evidence, interactive } = result.value;
        if (options.purpose === 'sign-in' && !interactive) {
          // A silent token for a read is routine; the timeline keeps what a help desk needs.
          return result;
        }
        recorder.record({
          step,
          outcome: 'succeeded',
          durationMs: Date.now() - started,
          detail: `${interactive ? 'interactive' : 'silent'}${evidence === null ? '' : `; ${evidenceSummary(evidence.methods, evidence.contexts)}`}`,
        });
      } else if (!(options.allowInteractive === false && result.error.code === 'auth/not-signed-in')) {
        // A silent try that needs the browser is routine (the step-up coordinator tries silently
        // before each prompt); the prompt that follows is what the timeline records.
        recorder.recordError(step, result.error);
      }
      return result;
    },
  };
}

function evidenceSummary(methods: readonly string[], contexts: readonly string[]): string {
  return `methods ${methods.join(',') || 'none'}; contexts ${contexts.join(',') || 'none'}`;
}

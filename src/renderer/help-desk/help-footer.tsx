import { useState } from 'react';
import type { AppError } from '../../shared/errors';
import { api } from '../api';
import { ErrorPanel } from '../components/error-panel';
import { copiedSentence, savedSentence } from './help-text';

type Outcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy'; readonly what: string }
  | { readonly kind: 'done'; readonly sentence: string }
  | { readonly kind: 'failed'; readonly title: string; readonly error: AppError };

/**
 * "Copy diagnostics" and "Save support bundle" (not in kiosk mode), on every screen. Main builds and redacts the
 * text and writes it to the clipboard or a file; the renderer only learns how much was copied
 * or where it was saved, so there is nothing secret here to leak.
 */
export function HelpFooter({ kiosk }: { readonly kiosk: boolean }) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const busy = outcome.kind === 'busy';

  const copy = () => {
    setOutcome({ kind: 'busy', what: 'Copying diagnostics…' });
    void (async () => {
      const result = await api.diagnostics.copy();
      setOutcome(
        result.ok
          ? { kind: 'done', sentence: copiedSentence() }
          : { kind: 'failed', title: 'Diagnostics were not copied', error: result.error },
      );
    })();
  };
  const save = () => {
    setOutcome({ kind: 'busy', what: 'Saving the support bundle…' });
    void (async () => {
      const result = await api.diagnostics.saveBundle();
      setOutcome(
        result.ok
          ? { kind: 'done', sentence: savedSentence(result.value) }
          : { kind: 'failed', title: 'The support bundle was not saved', error: result.error },
      );
    })();
  };

  return (
    <footer className="help-footer" aria-labelledby="help-heading">
      <h2 id="help-heading" className="help-heading">
        Help desk
      </h2>
      <div className="actions">
        <button type="button" onClick={copy} disabled={busy}>
          Copy diagnostics
        </button>
        {kiosk ? null : (
          // Kiosk mode refuses to write the bundle (nothing of a session may reach a disk): not offered there.
          <button type="button" onClick={save} disabled={busy}>
            Save support bundle
          </button>
        )}
      </div>
      <p role="status" className="help-status" data-testid="help-status">
        {outcome.kind === 'busy' ? outcome.what : outcome.kind === 'done' ? outcome.sentence : ''}
      </p>
      {outcome.kind === 'failed' ? <ErrorPanel error={outcome.error} title={outcome.title} /> : null}
    </footer>
  );
}

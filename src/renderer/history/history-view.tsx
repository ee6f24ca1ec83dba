import { CodeDetails } from '../components/code-details';
import { useEffect, useState } from 'react';
import type { PendingRequest } from '../../shared/domain/activation';
import type { HistoryReadout } from '../../shared/domain/history';
import type { AppError } from '../../shared/errors';
import { api } from '../api';
import { ErrorPanel } from '../components/error-panel';
import { formatDateTime } from '../components/format-time';
import { StepHeading } from '../components/step-heading';
import { plural } from '../wizard/format';
import type { Loadable } from '../wizard/wizard-state';
import { historyRows, skippedNote } from './history-rows';
import { useRequestUpdates } from './use-request-updates';

type Props = {
  readonly onClose: () => void;
  /** The home screen's pending list: when it is read again, what became of pending entries is read again too. */
  readonly pending: Loadable<readonly PendingRequest[]>;
};

/**
 * The local activation history: what was activated, when, with which outcome. Read from main
 * each time the view opens; entries recorded as "Pending approval" then show what PIM says now
 * (approved, denied, cancelled, expired). Clearing asks first. Off (and said so) on kiosk workstations.
 */
export function HistoryView({ onClose, pending }: Props) {
  const [readout, setReadout] = useState<Loadable<HistoryReadout>>({ status: 'loading' });
  const [confirming, setConfirming] = useState(false);
  const [clearError, setClearError] = useState<AppError | null>(null);
  const [cleared, setCleared] = useState(false);

  // Bumped to read the history again (after clearing, or on Refresh).
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    void api.history.list().then((result) => {
      if (current) {
        setReadout(result.ok ? { status: 'loaded', value: result.value } : { status: 'failed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [reads]);

  const clear = () => {
    void (async () => {
      const result = await api.history.clear();
      setConfirming(false);
      if (!result.ok) {
        setClearError(result.error);
        return;
      }
      setClearError(null);
      setCleared(true);
      setReads((n) => n + 1);
    })();
  };

  const value = readout.status === 'loaded' ? readout.value : null;
  const updates = useRequestUpdates(value, reads, pending);
  const rows = value === null ? [] : historyRows(value.entries, updates);
  const note = value === null ? null : skippedNote(value);

  return (
    <section aria-labelledby="history-heading" className="step">
      <StepHeading id="history-heading">Activation history</StepHeading>
      {readout.status === 'loading' ? <p role="status">Reading the history…</p> : null}
      {readout.status === 'failed' ? <ErrorPanel error={readout.error} title="The history could not be read" /> : null}
      {value !== null && !value.enabled ? (
        <p className="note">History is off on this workstation: nothing about your activations is kept here.</p>
      ) : null}
      {value?.enabled === true ? (
        <>
          <p className="muted">Kept on this computer only, without tokens or sign-in details. {plural(rows.length, 'entry', 'entries')}.</p>
          {note !== null ? <p className="note">{note}</p> : null}
          {cleared && rows.length === 0 ? <p role="status">The history was cleared.</p> : null}
          {rows.length === 0 && !cleared ? <p>No activations recorded yet.</p> : null}
          {rows.length > 0 ? (
            <div className="table-scroll">
              <table className="history-table">
                <caption className="sr-only">Past activations, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Role</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Request id</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Ends</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Ticket</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key}>
                      <td>
                        <time dateTime={row.at}>{formatDateTime(row.at)}</time>
                      </td>
                      <td>{row.role}</td>
                      <td>
                        {row.outcome}
                        {row.updated ? <span className="muted"> (was pending approval)</span> : null}
                      </td>
                      <td>{row.requestId === null ? '—' : <CodeDetails items={[{ label: 'PIM request', codes: [row.requestId] }]} />}</td>
                      <td>{row.duration}</td>
                      <td>{row.end === null ? '—' : <time dateTime={row.end}>{formatDateTime(row.end)}</time>}</td>
                      <td>{row.reason ?? '—'}</td>
                      <td>{row.ticket ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {clearError !== null ? <ErrorPanel error={clearError} title="The history was not cleared" /> : null}
          {confirming ? (
            <div className="card confirm" role="group" aria-labelledby="confirm-clear">
              <p id="confirm-clear">
                Clear all {plural(rows.length, 'entry', 'entries')} from this computer? This cannot be undone; your roles in PIM are not
                changed.
              </p>
              <div className="actions">
                <button type="button" className="danger" onClick={clear} autoFocus>
                  Yes, clear the history
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setConfirming(false);
                  }}
                >
                  Keep it
                </button>
              </div>
            </div>
          ) : null}
        </>
      ) : null}
      <div className="actions step-actions">
        <button type="button" onClick={onClose}>
          Back to activation
        </button>
        {value?.enabled === true && rows.length > 0 && !confirming ? (
          <button
            type="button"
            onClick={() => {
              setConfirming(true);
              setCleared(false);
            }}
          >
            Clear history
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => {
            setCleared(false);
            setReadout({ status: 'loading' });
            setReads((n) => n + 1);
          }}
        >
          Refresh
        </button>
      </div>
    </section>
  );
}

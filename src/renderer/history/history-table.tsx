import { CodeDetails } from '../components/code-details';
import { formatDateTime } from '../components/format-time';
import type { HistoryRow } from './history-rows';

function Time({ iso }: { readonly iso: string | null }) {
  return iso === null ? '—' : <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

/**
 * The history's rows, newest first: what happened to which role and what PIM says of it now, when a scheduled
 * activation starts, when each ends (or ended early), and the codes behind a Details disclosure only.
 */
export function HistoryTable({ rows }: { readonly rows: readonly HistoryRow[] }) {
  return (
    <div className="table-scroll">
      <table className="history-table">
        <caption className="sr-only">Activations, deactivations, extension requests and cancellations, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Role</th>
            <th scope="col">Outcome</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">Duration</th>
            <th scope="col">Reason</th>
            <th scope="col">Ticket</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td>
                <Time iso={row.at} />
              </td>
              <td>{row.role}</td>
              <td>
                {row.outcome}
                {row.updated ? <span className="muted"> (was pending approval)</span> : null}
              </td>
              <td>
                <Time iso={row.start} />
              </td>
              <td>
                {row.endedEarly && row.end !== null ? 'Ended ' : null}
                <Time iso={row.end} />
              </td>
              <td>{row.duration ?? '—'}</td>
              <td>{row.reason ?? '—'}</td>
              <td>{row.ticket ?? '—'}</td>
              <td>{row.details.some((d) => d.codes.length > 0) ? <CodeDetails items={row.details} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

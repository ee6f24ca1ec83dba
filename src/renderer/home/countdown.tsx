import { formatEnd, formatLeft } from '../components/format-time';
import { useNow } from '../components/use-now';
import { formatCountdown } from '../wizard/format';

/**
 * A live "time left" that re-renders itself each second, so a list of hundreds of roles is not
 * re-rendered to move one clock. `skew` is the local clock minus the tenant's, in ms.
 */
export function Countdown({ end, skew }: { readonly end: string; readonly skew: number }) {
  const now = useNow(1000) - skew;
  const left = Date.parse(end) - now;
  return <span className="countdown">{left > 0 ? `${formatCountdown(left)} left` : 'ended'}</span>;
}

/** "Until 14:05 · 1 h 59 min 52 s left", or beyond a day "Until Tue 16 Dec, 22:52 · 10 days"; live. */
export function EndsAt({ end, skew }: { readonly end: string; readonly skew: number }) {
  const now = useNow(1000) - skew;
  const left = Date.parse(end) - now;
  return (
    <>
      Until <time dateTime={end}>{formatEnd(end, left)}</time> ·{' '}
      <span className="countdown">{left > 0 ? formatLeft(left, formatCountdown) : 'ended'}</span>
    </>
  );
}

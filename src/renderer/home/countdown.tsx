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

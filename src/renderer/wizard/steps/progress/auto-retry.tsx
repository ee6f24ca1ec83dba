import { useEffect, useRef, useState } from 'react';
import { useNow } from '../../../components/use-now';
import { formatSeconds, listNames } from '../../format';

type Props = {
  readonly names: readonly string[];
  readonly seconds: number;
  readonly onRetry: () => void;
  readonly onStop: () => void;
};

/**
 * Waits out a short `Retry-After` in plain view, then retries once by itself. The admin can
 * stop it; the countdown is the same wait the service asked for, never shorter.
 */
export function AutoRetry({ names, seconds, onRetry, onStop }: Props) {
  const [startedAt] = useState(() => Date.now());
  const now = useNow(250);
  const left = Math.max(0, seconds * 1000 - (now - startedAt));
  const fired = useRef(false);
  useEffect(() => {
    if (left === 0 && !fired.current) {
      fired.current = true;
      onRetry();
    }
  }, [left, onRetry]);
  return (
    <div className="card auto-retry" role="status">
      <p>
        Microsoft Graph asked to wait {formatSeconds(seconds)}. Retrying {listNames(names)} automatically in{' '}
        <strong className="countdown">{formatSeconds(left / 1000)}</strong>.
      </p>
      <button type="button" onClick={onStop}>
        Don’t retry automatically
      </button>
    </div>
  );
}

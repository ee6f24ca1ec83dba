import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A step's heading, which takes focus when the step appears.
 *
 * Why: after a transition, keyboard and screen-reader users land on the new step's title
 * instead of on a button that no longer exists (focus would fall back to the document body).
 */
export function StepHeading({ children, id }: { readonly children: ReactNode; readonly id: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1} className="step-heading">
      {children}
    </h2>
  );
}

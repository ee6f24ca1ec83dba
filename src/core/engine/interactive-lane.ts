/**
 * The interactive lane: interactive sign-ins run one after another, never two at once (one browser prompt at a time,
 * and MSAL's loopback takes one). The engine may share one lane across its runs.
 */

/** Runs interactive sign-ins one after another. */
export type InteractiveLane = {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Interactive sign-ins that finished successfully in this lane. */
  signIns(): number;
  /** Records that a sign-in finished successfully (the coordinator calls it). */
  signedIn(): void;
};

export function createInteractiveLane(): InteractiveLane {
  let tail: Promise<unknown> = Promise.resolve();
  let completed = 0;
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      tail = result.catch(() => undefined);
      return result;
    },
    signIns: () => completed,
    signedIn: () => {
      completed += 1;
    },
  };
}

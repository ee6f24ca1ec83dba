/**
 * A fetch that sends requests in waves, to count sequential round trips without the clock: requests the client
 * issues are held until it has nothing more to send on its own (the event loop turns over `quietTurns` times with no
 * new request), then sent together; their answers are read whole and handed back together, and whatever the client
 * sends next forms the next wave. The wave in which a thing happened is the number of round trips it waited for.
 *
 * Why not the journal's timing: the in-process tenant answers one request at a time, and on a busy machine a request
 * can arrive after an unrelated answer was written, which a timing-based count takes for a dependency.
 */
import type { FetchLike } from '../../src/core/net/fetch-like';

export type WaveFetch = {
  readonly fetch: FetchLike;
  /** Waves answered so far (0 before the first answer). */
  answered(): number;
};

type Held = {
  readonly input: Parameters<FetchLike>[0];
  readonly init: Parameters<FetchLike>[1];
  readonly resolve: (response: Response) => void;
  readonly reject: (cause: unknown) => void;
};

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A response whose body was read to the end, so handing it back costs the client no further network wait. */
async function buffered(response: Response): Promise<Response> {
  const body = await response.arrayBuffer();
  const empty = body.byteLength === 0 || [204, 205, 304].includes(response.status);
  return new Response(empty ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

export function createWaveFetch(inner: FetchLike, quietTurns = 25): WaveFetch {
  let held: Held[] = [];
  let answered = 0;
  let pumping = false;
  let calls = 0;

  const pump = async (): Promise<void> => {
    pumping = true;
    try {
      while (held.length > 0) {
        // Quiet: no new request for `quietTurns` turns of the event loop.
        for (let quiet = 0, seen = calls; quiet < quietTurns; quiet += 1, seen = calls) {
          await turn();
          if (calls !== seen) {
            quiet = -1;
          }
        }
        const wave = held;
        held = [];
        const answers = await Promise.allSettled(wave.map((item) => inner(item.input, item.init).then(buffered)));
        answered += 1;
        answers.forEach((answer, index) => {
          const item = wave[index];
          if (answer.status === 'fulfilled') {
            item?.resolve(answer.value);
          } else {
            item?.reject(answer.reason);
          }
        });
      }
    } finally {
      pumping = false;
    }
  };

  const fetch: FetchLike = (input, init) =>
    new Promise<Response>((resolve, reject) => {
      calls += 1;
      held.push({ input, init, resolve, reject });
      if (!pumping) {
        void pump();
      }
    });
  return { fetch, answered: () => answered };
}

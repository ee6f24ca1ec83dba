/**
 * Stand-in engine handlers for the shell's IPC tests: one handler per invoke channel that notes
 * the channel it served and answers `ok(answer)` (null unless the test gives an answer).
 *
 * Why shared: the ipcMain adapter and the shell wiring tests both check which engine handlers a
 * call reached; they must count calls the same way.
 */
import type { IpcHandlers } from '../../../../src/main/ipc/ipc-router';
import type { InvokeChannel } from '../../../../src/shared/ipc/contract';
import { INVOKE_CHANNELS } from '../../../../src/shared/ipc/schemas';
import { ok } from '../../../../src/shared/result';

export function recordingHandlers(answers: Partial<Record<InvokeChannel, unknown>> = {}): {
  handlers: IpcHandlers;
  calls: InvokeChannel[];
} {
  const calls: InvokeChannel[] = [];
  const handlers = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [
      channel,
      () => {
        calls.push(channel);
        return Promise.resolve(ok(answers[channel] ?? null));
      },
    ]),
  ) as unknown as IpcHandlers;
  return { handlers, calls };
}

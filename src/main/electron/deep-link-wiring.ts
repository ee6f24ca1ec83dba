/**
 * Connects help-desk deep links to the app: the three ways a `pim-stepup://` link arrives,
 * one inbox, and what happens on each delivery.
 *
 * - cold start: the link is in `process.argv` (Windows, Linux);
 * - app already running: a second instance starts with the link in its argv and hands it over
 *   through `second-instance` (Windows, Linux);
 * - macOS: `open-url`, which can fire before `ready`, so it is registered at once.
 *
 * Every delivery (a valid intent, or a refusal with its reason) is pushed to the UI as
 * `deep-link:received` and brings the window forward; the UI can also `take()` what arrived
 * before it was listening. Nothing here activates anything: a link only pre-fills the wizard.
 *
 * The scheme is claimed by the installers (electron-builder `protocols`: the MSI/NSIS registry
 * keys, the macOS Info.plist, the Linux .desktop file), not at runtime with
 * `app.setAsDefaultProtocolClient`: a per-machine MSI registration is what managed deployment
 * wants, an unpackaged development run must not register the bare Electron binary, and a
 * runtime claim is a reviewed-protocol-handler finding in the static security gate.
 */
import type { EventSink } from '../ipc/ipc-router';
import type { DeepLinkInbox } from '../../core/deep-link/deep-link-inbox';

/** The slice of Electron's `app` used here. */
export type DeepLinkAppLike = {
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
};

export type DeepLinkWiringOptions = {
  readonly app: DeepLinkAppLike;
  readonly inbox: DeepLinkInbox;
  /** This process's command line (`process.argv`). */
  readonly argv: readonly string[];
  readonly emit: EventSink;
  /** Restores and focuses the main window, when there is one. */
  readonly focusWindow: () => void;
};

/** Wires the inbox; call before `ready` so an early macOS `open-url` is not lost. Returns an unsubscribe for the delivery listener. */
export function wireDeepLinks(options: DeepLinkWiringOptions): () => void {
  const { app, inbox } = options;
  const unsubscribe = inbox.onDelivery((delivery) => {
    options.emit('deep-link:received', delivery);
    options.focusWindow();
  });
  app.on('open-url', (event, url) => {
    // Handled here; without preventDefault macOS would consider the URL unhandled.
    event.preventDefault();
    inbox.receiveUrl(url);
  });
  app.on('second-instance', (_event, argv) => {
    inbox.receiveArgv(argv);
  });
  inbox.receiveArgv(options.argv);
  return unsubscribe;
}

/**
 * Holds the latest deep link until the wizard is ready to show it.
 *
 * Links arrive at awkward moments: on a cold start before the window has loaded (argv), from
 * a second instance while the admin is mid-activation (`second-instance`), or on macOS before
 * `ready` (`open-url`). The inbox validates each one at once, keeps only the newest outcome
 * (a newer link supersedes an older one the admin has not seen), notifies a listener if one is
 * attached, and lets the renderer `take()` what arrived before it was listening. A refused
 * link is kept as its error, so the admin is told why nothing was filled in.
 */
import type { DeepLinkDelivery } from '../../shared/domain/deep-link';
import { deepLinkIntentFromArgv } from './deep-link-from-argv';
import { parseDeepLink } from './parse-deep-link';
import { trayIntent } from './tray-intent';

export type { DeepLinkDelivery };

export type DeepLinkInbox = {
  /** A URL from macOS `open-url`. */
  receiveUrl(url: string): DeepLinkDelivery;
  /** A command line from a cold start or `second-instance`; null when it holds no link. */
  receiveArgv(argv: readonly string[]): DeepLinkDelivery | null;
  /**
   * The tray's "Re-activate" or "Activate favourites" (role ids): delivered exactly like a link,
   * so the wizard fills itself in by the same rule and the admin still reviews and confirms.
   */
  receiveTrayRoles(roleIds: readonly string[]): DeepLinkDelivery;
  /** The newest delivery not yet taken, then nothing until another link arrives. */
  take(): DeepLinkDelivery | null;
  /** Called for every delivery (e.g. to push an IPC event and focus the window); returns an unsubscribe. */
  onDelivery(listener: (delivery: DeepLinkDelivery) => void): () => void;
};

export function createDeepLinkInbox(): DeepLinkInbox {
  let pending: DeepLinkDelivery | null = null;
  const listeners = new Set<(delivery: DeepLinkDelivery) => void>();

  const deliver = (delivery: DeepLinkDelivery): DeepLinkDelivery => {
    pending = delivery;
    for (const listener of listeners) {
      listener(delivery);
    }
    return delivery;
  };

  return {
    receiveUrl: (url) => {
      const parsed = parseDeepLink(url);
      return deliver(parsed.ok ? { ok: true, intent: parsed.value } : { ok: false, error: parsed.error });
    },
    receiveArgv: (argv) => {
      const parsed = deepLinkIntentFromArgv(argv);
      if (!parsed.ok) {
        return deliver({ ok: false, error: parsed.error });
      }
      return parsed.value === null ? null : deliver({ ok: true, intent: parsed.value });
    },
    receiveTrayRoles: (roleIds) => {
      const intent = trayIntent(roleIds);
      return deliver(intent.ok ? { ok: true, intent: intent.value } : { ok: false, error: intent.error });
    },
    take: () => {
      const delivery = pending;
      pending = null;
      return delivery;
    },
    onDelivery: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

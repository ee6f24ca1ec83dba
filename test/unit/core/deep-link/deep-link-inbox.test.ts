import { describe, expect, it } from 'vitest';
import { createDeepLinkInbox } from '../../../../src/core/deep-link/deep-link-inbox';
import type { DeepLinkDelivery } from '../../../../src/core/deep-link/deep-link-inbox';

describe('DeepLinkInbox', () => {
  it('keeps a link that arrived before anyone listened until the renderer takes it, once', () => {
    const inbox = createDeepLinkInbox();
    const delivery = inbox.receiveArgv(['app', 'pim-stepup://activate?role=Global%20Reader']);
    expect(delivery).toEqual({ ok: true, intent: { action: 'activate', roles: ['Global Reader'], requiresConfirmation: true } });
    expect(inbox.take()).toEqual(delivery);
    expect(inbox.take()).toBeNull();
  });

  it('ignores a command line without a link and leaves the pending one alone', () => {
    const inbox = createDeepLinkInbox();
    inbox.receiveUrl('pim-stepup://activate?role=A');
    expect(inbox.receiveArgv(['app', '--kiosk'])).toBeNull();
    expect(inbox.take()).toMatchObject({ ok: true, intent: { roles: ['A'] } });
  });

  it('lets the newest link supersede one the admin has not seen', () => {
    const inbox = createDeepLinkInbox();
    inbox.receiveUrl('pim-stepup://activate?role=A');
    inbox.receiveUrl('pim-stepup://activate?role=B');
    expect(inbox.take()).toMatchObject({ ok: true, intent: { roles: ['B'] } });
  });

  it('keeps a refusal as data so the admin is told why nothing was filled in', () => {
    const inbox = createDeepLinkInbox();
    const delivery = inbox.receiveUrl('pim-stepup://activate?role=A&autoActivate=true');
    expect(delivery.ok).toBe(false);
    const taken = inbox.take();
    expect(taken?.ok).toBe(false);
    if (taken !== null && !taken.ok) {
      expect(taken.error.code).toBe('input/invalid');
      expect(taken.error.issues?.[0]?.path).toBe('autoActivate');
    }
    const twoLinks = inbox.receiveArgv(['app', 'pim-stepup://activate?role=A', 'pim-stepup://activate?role=B']);
    expect(twoLinks?.ok).toBe(false);
  });

  it('notifies listeners of every delivery until they unsubscribe', () => {
    const inbox = createDeepLinkInbox();
    const seen: DeepLinkDelivery[] = [];
    const stop = inbox.onDelivery((d) => seen.push(d));
    inbox.receiveUrl('pim-stepup://activate?role=A');
    inbox.receiveArgv(['app', 'pim-stepup://nope']);
    stop();
    inbox.receiveUrl('pim-stepup://activate?role=C');
    expect(seen.map((d) => d.ok)).toEqual([true, false]);
  });
});

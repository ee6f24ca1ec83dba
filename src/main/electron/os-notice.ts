/**
 * An OS notification where the platform shows them (the tray's expiry warnings, the "still running in the tray" notice);
 * `onClick` runs when the person clicks it. Nothing is shown where notifications are not supported.
 */
import { Notification } from 'electron';

export type Notice = { readonly title: string; readonly body: string; readonly onClick?: () => void };

export function showNotice(notice: Notice): void {
  if (!Notification.isSupported()) {
    return;
  }
  const shown = new Notification({ title: notice.title, body: notice.body });
  if (notice.onClick !== undefined) {
    shown.on('click', notice.onClick);
  }
  shown.show();
}

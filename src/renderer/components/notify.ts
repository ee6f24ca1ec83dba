/**
 * OS notifications through the web `Notification` API (Electron shows them natively).
 *
 * Best effort: when the permission is refused or the API is missing, the in-window text and the
 * live region still tell the admin everything.
 */
export function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined') {
    return;
  }
  if (Notification.permission === 'granted') {
    new Notification(title, { body });
    return;
  }
  if (Notification.permission === 'default') {
    void Notification.requestPermission().then((permission) => {
      if (permission === 'granted') {
        new Notification(title, { body });
      }
    });
  }
}

/**
 * "Open My roles in the Microsoft Entra admin center": PIM's own page, where the admin can see
 * the same roles in Microsoft's portal. The URL comes from main (`AppInfo.adminCenterUrl`, for
 * the configured cloud; null in the demo, kiosk mode and clouds without a confirmed page), and a
 * `target="_blank"` link is handed by the shell to the system browser through `openExternalSafe`,
 * whose allow-list holds that host alone. Nothing here is ever loaded in the app's window.
 */
export function AdminCenterLink({ url }: { readonly url: string | null }) {
  if (url === null) {
    return null;
  }
  return (
    <p className="admin-center-link">
      <a href={url} target="_blank" rel="noopener noreferrer">
        Open My roles in the Microsoft Entra admin center
      </a>{' '}
      <span className="muted">(opens in your browser)</span>
    </p>
  );
}

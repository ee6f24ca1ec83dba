import { AdminCenterLink } from '../components/admin-center-link';
import type { Guide } from './guide-text';

/**
 * Guided mode's explanation of the current step: a labelled region (not a tooltip), so it is
 * read in order by screen readers, reachable without a mouse, and printable for a phone call.
 */
export function GuidePanel({ guide, adminCenterUrl }: { readonly guide: Guide; readonly adminCenterUrl: string | null }) {
  return (
    <section className="guide" aria-labelledby="guide-heading" data-testid="guide">
      <h2 id="guide-heading" className="guide-heading">
        In plain words: {guide.title}
      </h2>
      <dl className="guide-list">
        <dt>What is happening</dt>
        <dd>{guide.what}</dd>
        {guide.why !== undefined ? (
          <>
            <dt>Why</dt>
            <dd>{guide.why}</dd>
          </>
        ) : null}
        {guide.methods !== undefined ? (
          <>
            <dt>Which sign-in methods will work</dt>
            <dd>{guide.methods}</dd>
          </>
        ) : null}
        <dt>What you should see next</dt>
        <dd>{guide.next}</dd>
      </dl>
      {guide.mentionsAdminCenter === true ? <AdminCenterLink url={adminCenterUrl} /> : null}
    </section>
  );
}

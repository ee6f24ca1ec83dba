import { ErrorPanel } from '../components/error-panel';
import { formatClock } from '../components/format-time';
import { originName } from './deep-link-prefill';
import { formatMinutes, listNames, plural } from '../wizard/format';
import { linkRoleNames } from './link-role-names';
import type { WizardCommands } from '../wizard/use-wizard';
import type { Shared, StepKind } from '../wizard/wizard-state';

type Props = {
  readonly shared: Shared;
  readonly step: StepKind;
  /** The duration the wizard will actually ask for (the link's, capped by the roles' policies). */
  readonly capMinutes: number | null;
  readonly runInFlight: boolean;
  readonly commands: WizardCommands;
};

/**
 * What a help-desk link did: refused (with the engine's precise reasons), waiting for sign-in,
 * or filled in for review. It never offers to activate: the Activate button of the form does.
 */
export function DeepLinkNotice({ shared, step, capMinutes, runInFlight, commands }: Props) {
  const link = shared.link;
  const signedIn = shared.session.status === 'loaded' && shared.session.value !== null;
  switch (link.kind) {
    case 'none':
      return null;
    case 'refused':
      return (
        <ErrorPanel error={link.error} title="Help-desk link refused">
          <div className="actions">
            <button type="button" onClick={commands.dismissLink}>
              Dismiss
            </button>
          </div>
        </ErrorPanel>
      );
    case 'pending': {
      const canOpen = signedIn && !runInFlight && step !== 'roles' && step !== 'activate';
      return (
        <section className="card link-notice" aria-labelledby="link-heading">
          <h2 id="link-heading" className="notice-heading">
            {link.intent.origin === 'tray' ? 'A request from the tray is waiting' : 'A help-desk link is waiting'}
          </h2>
          <p>
            It asks for {linkRoleNames(link.intent.roles, shared.catalog.status === 'loaded' ? shared.catalog.value.eligible : [])}.{' '}
            {!signedIn
              ? 'Sign in first; the activation form will then open filled in for you to review.'
              : runInFlight
                ? 'It will be shown when the current activation has finished.'
                : 'Nothing is activated until you press Activate.'}
          </p>
          <div className="actions">
            {canOpen ? (
              <button type="button" className="primary" onClick={commands.openPendingLink}>
                Review the link
              </button>
            ) : null}
            <button type="button" onClick={commands.dismissLink}>
              Dismiss
            </button>
          </div>
        </section>
      );
    }
    case 'prefilled': {
      const { prefill } = link;
      const capped = prefill.durationMinutes !== null && capMinutes !== null && prefill.durationMinutes > capMinutes;
      return (
        <section className="card link-notice" aria-labelledby="link-heading" data-testid="link-notice">
          <h2 id="link-heading" className="notice-heading">
            Opened from {originName(prefill.origin)} — review and press Activate
          </h2>
          <p>Nothing has been activated. Check every field below; change anything that is not right.</p>
          <ul>
            {prefill.matched.length > 0 ? (
              <li>Filled in: {listNames(prefill.matched.map((m) => m.displayName))}.</li>
            ) : prefill.stillActive.length === 0 ? (
              <li>None of these roles are among your eligible roles, so no role was selected.</li>
            ) : null}
            {prefill.unknown.length > 0 ? (
              <li className="link-unknown">Not among your eligible roles: {listNames(prefill.unknown.map((name) => `“${name}”`))}.</li>
            ) : null}
            {prefill.stillActive.map((s) => (
              <li key={s.displayName}>
                {s.displayName} is still active{s.until === null ? '' : ` until ${formatClock(s.until)}`}: PIM activates it again only once
                it has ended, so it was not selected.
              </li>
            ))}
            {prefill.ambiguous.map((a) => (
              <li key={a.asked}>
                “{a.asked}” matches {plural(a.candidates.length, 'eligible role')} ({a.candidates.join('; ')}): select the right one
                yourself.
              </li>
            ))}
            {capped ? (
              <li>
                The link asked for {formatMinutes(prefill.durationMinutes)}; the most these roles allow is {formatMinutes(capMinutes)}.
              </li>
            ) : null}
          </ul>
          <div className="actions">
            <button type="button" onClick={commands.dismissLink}>
              Hide this notice
            </button>
          </div>
        </section>
      );
    }
  }
}

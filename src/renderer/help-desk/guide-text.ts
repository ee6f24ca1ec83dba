/**
 * Guided mode's words: for each step, what is happening, why, which sign-in methods will work,
 * and what the admin should see next, in sentences a help desk can read aloud over the phone.
 *
 * Pure (state in, text out) so every step's explanation is unit-tested, and so the words stay
 * tied to the same data the step shows (context names, plan, outcomes), never to guesses.
 */
import { assertNever } from '../../shared/assert';
import { ORGANISATION_DECIDES } from '../../shared/domain/activation';
import type { StepUpGroup } from '../../shared/domain/activation';
import { signInStorageOf } from '../app-policy';
import { listNames, plural } from '../wizard/format';
import { planNeedsStepUp } from '../wizard/wizard-state';
import type { Run, WizardState } from '../wizard/wizard-state';

export type Guide = {
  readonly title: string;
  /** What is happening on this screen right now. */
  readonly what: string;
  /** Why it is needed (the extra sign-in, the approval…); absent when there is nothing to justify. */
  readonly why?: string;
  /** Which sign-in methods will work, when a sign-in is part of the step. */
  readonly methods?: string;
  /** What the admin should see or do next. */
  readonly next: string;
  /** The text names the Microsoft Entra admin center: the panel links it where the app offers the link. */
  readonly mentionsAdminCenter?: true;
};

/**
 * What a prompt will accept, in the engine's words (from the tenant's Conditional Access policies and strengths, never
 * from a context's name); a plan made without them says the organisation decides.
 */
export function expectationText(group: StepUpGroup): string {
  return group.expect?.text ?? ORGANISATION_DECIDES;
}

function methodsForGroups(groups: readonly StepUpGroup[]): string {
  const pending = groups.filter((g) => !g.satisfied);
  if (pending.length === 0) {
    return 'No extra sign-in is expected: the current sign-in already satisfies these roles.';
  }
  return pending
    .map((g) => `${g.context === null ? 'For the multifactor sign-in' : `For "${g.context.displayName}"`}, expect ${expectationText(g)}.`)
    .join(' ');
}

function roleNames(run: Run): string {
  return listNames(run.rows.map((r) => r.displayName));
}

export function guideFor(state: WizardState): Guide {
  const { step, shared } = state;
  const info = shared.info.status === 'loaded' ? shared.info.value : null;
  switch (step.kind) {
    case 'sign-in': {
      const storage = signInStorageOf(info);
      const where = info?.signInSurface === 'in-app-window' ? 'a PIM Step-Up sign-in window' : 'your web browser, in a new window or tab';
      return {
        title: 'Step 1 of 6: sign in',
        what: `Press "Sign in". The Microsoft sign-in page opens in ${where}. Sign in there with your administrator account, the one that holds your eligible roles.`,
        why: `PIM Step-Up needs to know who you are before it can list your roles. Your password goes only to Microsoft's sign-in page, never to this app.${
          storage !== null && !storage.persisted ? ' This sign-in is kept in memory only and is forgotten when the app closes.' : ''
        }`,
        methods: 'Use your usual sign-in: a password with an authenticator app, Windows Hello, or a security key all work here.',
        next:
          info?.signInSurface === 'in-app-window'
            ? 'The sign-in window closes by itself when you are done. You should then see "Signed in" with your name.'
            : 'When the browser says you can close it, come back to this window. You should see "Signed in" with your name.',
      };
    }
    case 'roles':
      return {
        title: 'Step 2 of 6: choose the roles',
        what: 'This is the list of administrator roles you are allowed to activate. Each role shows what it asks for: a step-up sign-in, multifactor, a reason, a ticket, or an approver.',
        why: 'Roles in Privileged Identity Management are off until you switch them on for a limited time. Only activate what the task needs.',
        next:
          shared.selection.length > 0
            ? `${plural(shared.selection.length, 'role')} selected. Press "Activate ${plural(shared.selection.length, 'role')}" at the bottom to fill in the reason and duration.`
            : 'Tick the box next to each role you need, then press "Activate" at the bottom. You can search by name.',
      };
    case 'activate': {
      const plan = step.plan.status === 'loaded' ? step.plan.value : step.lastPlan;
      const stepUp = plan !== null && planNeedsStepUp(plan);
      return {
        title: 'Step 3 of 6: reason and duration',
        what: 'Choose how long you need the roles, and type the reason. The box "What will be asked" says, before anything is sent, whether an extra sign-in or an approval will be needed.',
        why: stepUp
          ? 'At least one of these roles is protected by a stronger sign-in rule. Microsoft will refuse to switch it on until you have signed in again with a stronger method, so the app will ask you for that first.'
          : 'The reason is recorded with the activation; reviewers and auditors read it.',
        ...(plan === null ? {} : { methods: methodsForGroups(plan.stepUps) }),
        next: stepUp
          ? 'Press "Activate". The next screen explains the extra sign-in before it opens.'
          : 'Press "Activate". You should then see each role\'s progress.',
      };
    }
    case 'step-up': {
      const groups = step.run.plan.stepUps.filter((g) => !g.satisfied);
      const contexts = groups.flatMap((g) => (g.context === null ? [] : [g.context.displayName]));
      return {
        title: 'Step 4 of 6: the extra sign-in',
        what: step.run.inFlight
          ? 'A Microsoft sign-in page is open for the extra sign-in. Complete it there; this window waits and shows the result.'
          : `Before ${roleNames(step.run)} can be switched on, you need to sign in once more, with a stronger method. Press "Sign in to step up" to open the sign-in page.`,
        why:
          contexts.length > 0
            ? `Your organisation protects these roles with the rule "${listNames(contexts)}". Your first sign-in did not meet it, and Microsoft checks the rule when the role is switched on. One extra sign-in covers all the roles that share the rule.`
            : 'These roles require a fresh multifactor sign-in at the moment of activation.',
        methods: groups.length > 0 ? methodsForGroups(groups) : 'The sign-in page will show the methods your organisation accepts.',
        next: 'After the sign-in, this window shows "Step-up complete" with the methods you used. Then press "See progress".',
      };
    }
    case 'progress':
      return {
        title: 'Step 5 of 6: activation in progress',
        what: step.run.inFlight
          ? `The app is asking Microsoft to switch on ${roleNames(step.run)}. Each role shows its steps as they happen.`
          : 'The requests have been answered. Each role shows whether it is active, waiting for approval, or failed with a reason.',
        why: 'Each role is requested separately, so one failure does not stop the others. Failed roles show an error code and a request id for the help desk.',
        next: step.run.inFlight
          ? 'Wait until every role shows "active", "pending approval" or "failed". This usually takes less than a minute.'
          : step.run.rows.some((r) => r.error !== null)
            ? 'Press "Retry" to try the roles that failed again, or "Continue" to see until when each role is active.'
            : 'Press "Continue" to see until when each role is active.',
      };
    case 'done':
      return {
        title: 'Step 6 of 6: done',
        what: 'This screen shows each role: active until a given time, waiting for an approver, or not activated with the reason.',
        why: 'Activations end on their own at the time shown. Some Microsoft portals only notice a new role after you sign out of them and back in.',
        next: 'Open the admin portal you need; My roles in the Microsoft Entra admin center lists your roles as PIM sees them. If a role is waiting for approval, press "Refresh" after the approver acts. You can deactivate a role five minutes after it starts.',
        mentionsAdminCenter: true,
      };
    default:
      return assertNever(step, 'step');
  }
}

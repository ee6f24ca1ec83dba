/**
 * Reconciles the intents a previous run left behind: for each, reads what PIM has (through an
 * injected reader) and reports whether the activation is active, pending, or absent, without
 * ever re-sending anything. The reader has no write method, so a resend is impossible here.
 */
import type { ActivationIntent, IntentJournal } from './intent-journal';

/** What PIM shows for an intent. `unknown` means it could not be read (the intent is kept). */
export type IntentState = 'active' | 'pending' | 'absent' | 'unknown';

/** Reads the user's requests and instances; implemented over Graph by `createGraphIntentReader`. */
export type IntentReader = {
  findRequest(intent: ActivationIntent): Promise<IntentState>;
};

export type ReconciledIntent = {
  readonly intent: ActivationIntent;
  readonly state: IntentState;
  /** One sentence for the person (the UI and the CLI show it as is). */
  readonly message: string;
};

export type ReconcileReport = {
  readonly reconciled: readonly ReconciledIntent[];
  /** Problems met reading the journal itself (corrupt file, skipped entries). */
  readonly problems: readonly string[];
};

function messageFor(intent: ActivationIntent, state: IntentState): string {
  const what = { selfActivate: 'activation', selfExtend: 'extension request', selfDeactivate: 'deactivation' }[intent.action];
  if (intent.action === 'selfExtend' && (state === 'absent' || state === 'active')) {
    return state === 'absent'
      ? `The ${what} for ${intent.roleId} that was interrupted did not reach PIM; you can request it again.`
      : `The ${what} for ${intent.roleId} that was interrupted reached PIM and an administrator has decided it; see the role list.`;
  }
  switch (state) {
    case 'active':
      return intent.action === 'selfActivate'
        ? `The ${what} of ${intent.roleId} that was interrupted did take effect: the role is active.`
        : `The ${what} of ${intent.roleId} that was interrupted did not take effect: the role is still active.`;
    case 'pending':
      return `The ${what} of ${intent.roleId} reached PIM and is still pending (provisioning or awaiting approval); it was not sent again.`;
    case 'absent':
      return intent.action === 'selfActivate'
        ? `The ${what} of ${intent.roleId} that was interrupted did not take effect; you can request it again.`
        : `The ${what} of ${intent.roleId} that was interrupted took effect: the role is no longer active.`;
    case 'unknown':
      return `Whether the interrupted ${what} of ${intent.roleId} took effect could not be checked; check the role list before trying again.`;
  }
}

/**
 * Reads every pending intent's fate and clears those with a definitive answer. Never throws:
 * a reader failure becomes `unknown` and the intent stays for the next start.
 */
export async function reconcilePendingIntents(journal: IntentJournal, reader: IntentReader): Promise<ReconcileReport> {
  const readout = await journal.read();
  const reconciled: ReconciledIntent[] = [];
  for (const intent of readout.intents) {
    let state: IntentState;
    try {
      state = await reader.findRequest(intent);
    } catch {
      state = 'unknown';
    }
    if (state !== 'active' && state !== 'pending' && state !== 'absent') {
      state = 'unknown';
    }
    // A pending activation stays journalled until PIM settles it: activating the role again follows that request
    // instead of writing a second one (src/core/engine/submitter.ts, resume).
    if (state !== 'unknown' && !(state === 'pending' && intent.action === 'selfActivate')) {
      await journal.clear(intent.id);
    }
    reconciled.push({ intent, state, message: messageFor(intent, state) });
  }
  return { reconciled, problems: readout.problems };
}

import { useRef, useState } from 'react';
import type { ExtensionOutcome, ExtensionRequest } from '../../shared/domain/activation';
import type { ActiveAssignment } from '../../shared/domain/roles';
import { extensionEligibility } from '../../shared/rules/extension';
import { ErrorPanel } from '../components/error-panel';
import { useNow } from '../components/use-now';
import type { Loadable } from '../wizard/wizard-state';
import type { ExtensionField, ExtensionProblems } from './extension-check';
import { extensionProblems } from './extension-check';
import { isoDurationToMinutes } from '../wizard/format';
import { ExtensionForm } from './extension-form';

type Props = {
  readonly active: ActiveAssignment;
  readonly skew: number;
  /** What the form starts with: the role's policy maximum when known. */
  readonly suggestedDuration: string;
  readonly op: Loadable<ExtensionOutcome> | undefined;
  /** An extension of this role already waits for an administrator. */
  readonly waiting: boolean;
  readonly onRequest: (request: ExtensionRequest) => void;
};

/**
 * "Request extension" for an administrator's time-bound assignment in its last 14 days (the portal's rule), as a
 * small inline form. Outside the window it stays focusable (aria-disabled) and says why; for activations and
 * permanent assignments it shows nothing (the countdown says an activation cannot be lengthened).
 */
export function ExtensionAction({ active, skew, suggestedDuration, op, waiting, onRequest }: Props) {
  const serverNow = useNow(60_000) - skew;
  const allowed = extensionEligibility(active, serverNow);
  const [open, setOpen] = useState(false);
  const [justification, setJustification] = useState('');
  const [duration, setDuration] = useState(suggestedDuration);
  const [problems, setProblems] = useState<ExtensionProblems>({});
  const toggle = useRef<HTMLButtonElement>(null);
  const sending = op?.status === 'loading';

  // What the request stood at when the form opened: once a newer one is accepted, the form's work is done (and the
  // row soon says the request is waiting), so the form closes by itself.
  const [openedWith, setOpenedWith] = useState<Loadable<ExtensionOutcome> | undefined>(undefined);
  const shown = open && (op?.status !== 'loaded' || op === openedWith);

  if (allowed.kind === 'activation' || allowed.kind === 'permanent') {
    return null;
  }
  if (waiting) {
    return <span className="muted">Extension requested: waiting for an administrator.</span>;
  }
  const hintId = `extend-hint-${active.id}`;
  const formId = `extend-form-${active.id}`;
  const blocked = allowed.kind !== 'extendable';
  const submit = (): ExtensionField | null => {
    const found = extensionProblems(justification, duration);
    setProblems(found);
    const first = (['justification', 'duration'] as const).find((field) => found[field] !== undefined) ?? null;
    if (first === null) {
      onRequest({ roleId: active.id, justification: justification.trim(), duration: duration.trim() });
    }
    return first;
  };
  return (
    <>
      <span className="inline-action">
        <button
          ref={toggle}
          type="button"
          aria-label={`Request extension for ${active.displayName}`}
          aria-disabled={blocked}
          aria-describedby={blocked ? hintId : undefined}
          aria-expanded={blocked ? undefined : shown}
          aria-controls={shown ? formId : undefined}
          onClick={() => {
            if (!blocked) {
              setOpen(!shown);
              setOpenedWith(op);
            }
          }}
        >
          Request extension
        </button>
        {blocked ? (
          <span id={hintId} className="hint">
            {allowed.reason}
          </span>
        ) : null}
      </span>
      {shown ? (
        <ExtensionForm
          id={formId}
          name={active.displayName}
          justification={justification}
          duration={duration}
          capMinutes={isoDurationToMinutes(suggestedDuration)}
          problems={problems}
          sending={sending}
          onJustification={setJustification}
          onDuration={setDuration}
          onSubmit={submit}
          onClose={() => {
            setOpen(false);
            toggle.current?.focus();
          }}
        />
      ) : null}
      {op?.status === 'failed' ? <ErrorPanel error={op.error} title={`The extension for ${active.displayName} was not requested`} /> : null}
    </>
  );
}

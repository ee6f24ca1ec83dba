import type { StepKind } from '../wizard/wizard-state';

const STEPS: readonly { readonly kind: StepKind; readonly label: string }[] = [
  { kind: 'sign-in', label: 'Sign in' },
  { kind: 'roles', label: 'My roles' },
  { kind: 'activate', label: 'Activate' },
  { kind: 'step-up', label: 'Step-up' },
  { kind: 'progress', label: 'Progress' },
  { kind: 'done', label: 'Results' },
];

/** Where the admin is in the flow; a list, not links, because steps are entered through their buttons. */
export function StepIndicator({ current, stepUpSkipped = false }: { readonly current: StepKind; readonly stepUpSkipped?: boolean }) {
  const index = STEPS.findIndex((s) => s.kind === current);
  return (
    <nav aria-label="Activation steps" className="step-indicator">
      <ol>
        {STEPS.map((s, i) => (
          <li
            key={s.kind}
            aria-current={i === index ? 'step' : undefined}
            className={s.kind === 'step-up' && stepUpSkipped ? 'skipped' : i < index ? 'past' : i === index ? 'current' : 'future'}
          >
            <span className="step-number" aria-hidden="true">
              {i + 1}
            </span>{' '}
            {s.label}
            {s.kind === 'step-up' && stepUpSkipped ? (
              <span className="muted"> (not needed)</span>
            ) : i < index ? (
              <span className="sr-only"> (completed)</span>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

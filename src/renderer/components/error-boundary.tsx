import { Component } from 'react';
import type { ReactNode } from 'react';

type State = { readonly failed: boolean };

/**
 * The last line of defence for a rendering bug: a plain, actionable message instead of a blank
 * window. The exception itself is never shown (it may quote internal details); engine errors
 * never get here, because they arrive as data and are rendered by the steps.
 */
export class ErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) {
      return (
        <main className="app-main">
          <h1>PIM Step-Up</h1>
          <div className="error-panel" role="alert">
            <p className="error-title">This window ran into a problem</p>
            <p>Nothing was activated by the failure itself. Close and reopen PIM Step-Up; your roles in PIM are unchanged.</p>
          </div>
        </main>
      );
    }
    return this.props.children;
  }
}

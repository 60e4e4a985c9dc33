//! Catches render errors so one broken view shows a message instead of a blank page.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert } from './alert';

type Props = { children: ReactNode };
type State = { error: Error | null };

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Unhandled UI error', error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return (
        <div className="page-message">
          <Alert
            action={
              <button type="button" className="button" onClick={() => window.location.reload()}>
                Reload
              </button>
            }
          >
            Something went wrong: {this.state.error.message}
          </Alert>
        </div>
      );
    }
    return this.props.children;
  }
}

//! Catches render errors so one broken view shows a message instead of a blank page (or a blank panel).
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { RetryAlert } from './retry-alert';

type Props = {
  children: ReactNode;
  /** What to show instead; `reset` renders the children again. Defaults to a page-level message. */
  fallback?: (error: Error, reset: () => void) => ReactNode;
};
type State = { error: Error | null };

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Unhandled UI error', error, info.componentStack);
  }

  reset = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (error && this.props.fallback) return this.props.fallback(error, this.reset);
    if (error) {
      return (
        <div className="page-message">
          <RetryAlert onRetry={() => window.location.reload()} retryLabel="Reload">
            Something went wrong: {error.message}
          </RetryAlert>
        </div>
      );
    }
    return this.props.children;
  }
}

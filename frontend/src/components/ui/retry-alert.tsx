//! An inline error message with one button to try again (refetch a query, re-render, reload the page).
import type { ReactNode } from 'react';
import { Alert } from './alert';

type RetryAlertProps = {
  children: ReactNode;
  /** Called with no arguments; a returned promise is ignored (the query shows its own state). */
  onRetry: () => unknown;
  /** The button's text, which is also its accessible name. */
  retryLabel?: string;
};

export function RetryAlert({ children, onRetry, retryLabel = 'Retry' }: RetryAlertProps) {
  return (
    <Alert
      action={
        <button type="button" className="button" onClick={() => void onRetry()}>
          {retryLabel}
        </button>
      }
    >
      {children}
    </Alert>
  );
}

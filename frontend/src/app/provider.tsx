//! App-wide providers: React Query (cache dropped on sign-out) and the error boundary.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '@/components/ui/error-boundary';
import { createQueryClient } from '@/lib/query-client';
import { getSessionToken, subscribeToSession } from '@/lib/session';

type AppProviderProps = {
  children: ReactNode;
  queryClient?: QueryClient;
};

export function AppProvider({ children, queryClient: given }: AppProviderProps) {
  const [queryClient] = useState(() => given ?? createQueryClient());

  // However the session ends (logout button, a 401, another tab), nothing cached for the
  // previous user may be shown to the next one.
  useEffect(
    () =>
      subscribeToSession(() => {
        if (getSessionToken() === null) queryClient.clear();
      }),
    [queryClient],
  );

  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ErrorBoundary>
  );
}

//! Renders one component (not the whole route table) with a fresh query cache and a memory router.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { setSessionToken } from '@/lib/session';

export function renderWithProviders(ui: ReactNode, { path = '/' }: { path?: string } = {}) {
  setSessionToken('test-token');
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [path] });
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  const rerenderWith = (next: ReactNode) => {
    const nextRouter = createMemoryRouter([{ path: '*', element: next }], { initialEntries: [path] });
    view.rerender(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={nextRouter} />
      </QueryClientProvider>,
    );
  };
  return { ...view, router, user, queryClient, rerenderWith };
}

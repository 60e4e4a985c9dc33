//! The route table: /login is public; everything else sits behind RequireAuth inside the app layout.
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { loadChunk } from '@/lib/load-chunk';
import { AppLayout } from './layout/app-layout';
import { InboxRoute } from './routes/inbox';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';

/*
 * The inbox is where agents live, so it is in the first download; the contacts list, the
 * profile and the settings load as their own chunks when first visited.
 */
const lazyContacts = async () => ({ Component: (await loadChunk(() => import('./routes/contacts'))).ContactsRoute });
const lazyContact = async () => ({ Component: (await loadChunk(() => import('./routes/contact'))).ContactRoute });
const lazyShopifySettings = async () => ({
  Component: (await loadChunk(() => import('./routes/shopify-settings'))).ShopifySettingsRoute,
});
const lazyWebhooksSettings = async () => ({
  Component: (await loadChunk(() => import('./routes/webhooks-settings'))).WebhooksSettingsRoute,
});

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute /> },
  {
    path: '/',
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <InboxRoute /> },
          { path: 'conversations/:conversationId', element: <InboxRoute /> },
          { path: 'contacts', lazy: lazyContacts },
          { path: 'contacts/:id', lazy: lazyContact },
          { path: 'settings/integrations/shopify', lazy: lazyShopifySettings },
          { path: 'settings/webhooks', lazy: lazyWebhooksSettings },
          { path: 'settings/webhooks/:appId', lazy: lazyWebhooksSettings },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

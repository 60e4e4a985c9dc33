//! The route table: /login is public; everything else sits behind RequireAuth inside the app layout.
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { AppLayout } from './layout/app-layout';
import { ContactRoute } from './routes/contact';
import { ContactsRoute } from './routes/contacts';
import { InboxRoute } from './routes/inbox';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { ShopifySettingsRoute } from './routes/shopify-settings';

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
          { path: 'contacts', element: <ContactsRoute /> },
          { path: 'contacts/:id', element: <ContactRoute /> },
          { path: 'settings/integrations/shopify', element: <ShopifySettingsRoute /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

//! Route `/settings/integrations/shopify`: the Shopify integration, managed by owners only.
import { useCurrentMe } from '@/features/auth/hooks/use-current-me';
import { ShopifySettings } from '@/features/integrations/components/shopify-settings';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ShopifySettingsRoute() {
  const { user } = useCurrentMe();
  useDocumentTitle('Shopify integration');
  return <ShopifySettings isOwner={user.role === 'owner'} />;
}

//! Query keys of the integrations settings.
export const integrationKeys = {
  shopify: ['integrations', 'shopify'] as const,
  apps: ['integrations', 'apps'] as const,
};

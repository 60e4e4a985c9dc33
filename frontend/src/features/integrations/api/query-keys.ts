//! Query keys of the integrations settings (the apps named there are `@/api/apps`' query).
export const integrationKeys = {
  shopify: ['integrations', 'shopify'] as const,
};

//! Query keys of the webhooks settings: an app's endpoints, and each endpoint's delivery log.
export const webhookKeys = {
  all: ['webhooks'] as const,
  app: (appId: number) => ['webhooks', appId] as const,
  list: (appId: number) => ['webhooks', appId, 'list'] as const,
  deliveries: (appId: number, endpointId: number) => ['webhooks', appId, 'deliveries', endpointId] as const,
};

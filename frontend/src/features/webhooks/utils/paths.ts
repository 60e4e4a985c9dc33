//! Where the webhooks settings of an app live (the route table mounts the page there).
export function webhooksPath(appId: number): string {
  return `/settings/webhooks/${appId}`;
}

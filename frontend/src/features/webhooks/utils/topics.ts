//! Every webhook topic, grouped as the settings form shows them. `satisfies` keeps the list whole:
//! a topic added to the API's enum fails the typecheck until it has a place here.
import type { WebhookTopic } from '@/api/types';

export const TOPIC_GROUPS = {
  Contacts: [
    'contact.created',
    'contact.identified',
    'contact.updated',
    'contact.merged',
    'contact.deleted',
    'contact.tag_added',
    'contact.tag_removed',
  ],
  Conversations: ['conversation.created', 'conversation.resolved', 'conversation.reopened'],
  Messages: ['message.received', 'message.sent'],
  Events: ['event.created'],
} as const satisfies Record<string, readonly WebhookTopic[]>;

type Listed = (typeof TOPIC_GROUPS)[keyof typeof TOPIC_GROUPS][number];
// Fails to compile when a topic of the API is missing from the groups above.
const everyTopicListed: [WebhookTopic] extends [Listed] ? true : never = true;
void everyTopicListed;

export const WEBHOOK_TOPICS: readonly WebhookTopic[] = Object.values(TOPIC_GROUPS).flat();

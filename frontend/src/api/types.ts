//! Short names for the generated schema types the UI uses.
import type { components, paths } from './schema';

type Schemas = components['schemas'];
type JsonOk<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method] extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type User = Schemas['User'];
export type Organization = Schemas['Organization'];
export type Me = Schemas['Me'];
export type LoginRequest = Schemas['LoginRequest'];
export type LoginResponse = Schemas['LoginResponse'];
export type App = Schemas['App'];
export type ContactSummary = Schemas['ContactSummary'];
export type ContactSort = Schemas['ContactSort'];
export type Contact = Schemas['Contact'];
export type ContactProfile = Schemas['ContactProfile'];
export type ContactPatch = Schemas['ContactPatch'];
export type AppCustomDataGroup = Schemas['AppCustomDataGroup'];
export type Presence = Schemas['Presence'];
export type Role = Schemas['Role'];
export type ErrorBody = Schemas['ErrorBody'];

export type Conversation = Schemas['Conversation'];
export type ConversationStatus = Schemas['ConversationStatus'];
export type Message = Schemas['Message'];
export type MessageType = Schemas['MessageType'];
export type AgentMessageType = Schemas['AgentMessageType'];
export type Delivery = Schemas['Delivery'];
export type DeliveryStatus = Schemas['DeliveryStatus'];
export type Sidebar = Schemas['Sidebar'];
export type SidebarContact = Schemas['SidebarContact'];
export type SidebarSummary = Schemas['SidebarSummary'];
export type SidebarDetails = Schemas['SidebarDetails'];
export type SidebarCustomData = Schemas['SidebarCustomData'];
export type SidebarHistory = Schemas['SidebarHistory'];
export type HistoryItem = Schemas['HistoryItem'];
export type CustomDataEntry = Schemas['CustomDataEntry'];
export type ContactEvent = Schemas['ContactEvent'];
export type Location = Schemas['Location'];
export type Tag = Schemas['Tag'];
export type ContactImport = Schemas['ContactImportView'];
export type ImportPreview = Schemas['ImportPreview'];
export type ImportRowError = Schemas['ImportRowError'];
export type TagRef = Schemas['TagRef'];
export type TagColor = Schemas['TagColor'];
export type TagScope = Schemas['TagScope'];
export type NewTag = Schemas['NewTag'];
export type CcEmail = Schemas['CcEmail'];
export type ChangeNotice = Schemas['ChangeNotice'];
export type Money = Schemas['Money'];
export type ShopifyIntegration = Schemas['ShopifyIntegration'];
export type ShopifyConnect = Schemas['ShopifyConnect'];
export type PartnerAppMapping = Schemas['PartnerAppMapping'];
export type IntegrationStatus = Schemas['IntegrationStatus'];
export type ContactShopify = Schemas['ContactShopify'];
export type ContactMerchant = Schemas['ContactMerchant'];
export type ShopifyLifecycleEvent = Schemas['ShopifyLifecycleEvent'];
export type ShopifySubscriptionStatus = Schemas['ShopifySubscriptionStatus'];
export type SidebarShopify = Schemas['SidebarShopify'];
export type MrrStep = Schemas['MrrStep'];
export type ContactNote = Schemas['ContactNote'];
export type SidebarNotes = Schemas['SidebarNotes'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type CreatedWebhookEndpoint = Schemas['CreatedWebhookEndpoint'];
export type NewWebhookEndpoint = Schemas['NewWebhookEndpoint'];
export type WebhookEndpointPatch = Schemas['WebhookEndpointPatch'];
export type WebhookSecret = Schemas['WebhookSecret'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookAttempt = Schemas['WebhookAttempt'];
export type WebhookTopic = Schemas['WebhookTopic'];

// List envelopes are named by the operation rather than by a generated generic's schema name.
export type AppList = JsonOk<'/api/v1/apps', 'get'>;
export type ContactList = JsonOk<'/api/v1/contacts', 'get'>;
export type ConversationList = JsonOk<'/api/v1/conversations', 'get'>;
export type MessageList = JsonOk<'/api/v1/conversations/{id}/messages', 'get'>;
export type ContactEventList = JsonOk<'/api/v1/contacts/{id}/events', 'get'>;
export type TagList = JsonOk<'/api/v1/tags', 'get'>;
export type ContactNoteList = JsonOk<'/api/v1/contacts/{id}/notes', 'get'>;
export type WebhookEndpointList = JsonOk<'/api/v1/apps/{id}/webhooks', 'get'>;
export type WebhookDeliveryList = JsonOk<'/api/v1/apps/{id}/webhooks/{webhook_id}/deliveries', 'get'>;

export const TAG_COLORS: readonly TagColor[] = ['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple'];
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'resolved'];

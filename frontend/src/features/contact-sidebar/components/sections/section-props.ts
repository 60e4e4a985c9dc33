//! What every sidebar section receives from the panel.
import type { ConversationStatus, Sidebar } from '@/api/types';

/** The status lets the inbox make sure its list shows the conversation it opens. */
export type OpenConversation = (conversationId: string, appId?: number, status?: ConversationStatus) => void;

export type SectionProps = {
  sidebar: Sidebar;
  conversationId: string;
  onOpenConversation: OpenConversation;
  /** Ticks, so relative times ("5 minutes ago") stay true. */
  now: Date;
  /** Owners and admins: may change the tag library (let a tag go on contacts and conversations). */
  canManageTags?: boolean;
};

//! The sidebar's sections, in their default order. Ids are stored in browsers: never rename one.
import type { ComponentType } from 'react';
import type { Sidebar } from '@/api/types';
import { CcEmailsSection } from './cc-emails-section';
import { ContactTagsSection } from './contact-tags-section';
import { ConversationTagsSection } from './conversation-tags-section';
import { CustomDataSection } from './custom-data-section';
import { DetailsSection } from './details-section';
import { EventsSection } from './events-section';
import { HistorySection } from './history-section';
import { NotesSection } from './notes-section';
import type { SectionProps } from './section-props';
import { ShopifySection } from './shopify-section';
import { SummarySection } from './summary-section';

export type SectionDefinition = {
  id: string;
  title: string;
  component: ComponentType<SectionProps>;
  /** Whether the section shows at all for this sidebar (it keeps its place in the layout either way). */
  isAvailable?: (sidebar: Sidebar) => boolean;
};

export const SIDEBAR_SECTIONS: readonly SectionDefinition[] = [
  { id: 'summary', title: 'Conversation summary', component: SummarySection },
  { id: 'shopify', title: 'Shopify', component: ShopifySection, isAvailable: (sidebar) => sidebar.shopify !== null },
  { id: 'details', title: 'Contact details', component: DetailsSection },
  // Shipped after users had saved layouts: `reconcileOrder` puts it right after their details.
  { id: 'notes', title: 'Notes', component: NotesSection },
  { id: 'custom-data', title: 'Custom data', component: CustomDataSection },
  { id: 'contact-tags', title: 'Contact tags', component: ContactTagsSection },
  { id: 'conversation-tags', title: 'Conversation tags', component: ConversationTagsSection },
  { id: 'history', title: 'Conversation history', component: HistorySection },
  { id: 'events', title: 'Contact events', component: EventsSection },
  { id: 'cc-emails', title: 'CC emails', component: CcEmailsSection },
];

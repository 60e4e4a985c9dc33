//! Contact tags: tags on the person, across all their conversations.
import { TagEditor } from '../tag-editor';
import type { SectionProps } from './section-props';

export function ContactTagsSection({ sidebar, conversationId, canManageTags = false }: SectionProps) {
  return (
    <TagEditor
      target={{ kind: 'contact', contactId: sidebar.contact.id, conversationId }}
      tags={sidebar.contact_tags}
      canWidenScope={canManageTags}
    />
  );
}

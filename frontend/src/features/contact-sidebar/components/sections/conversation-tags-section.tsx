//! Conversation tags: tags on this conversation only.
import { TagEditor } from '../tag-editor';
import type { SectionProps } from './section-props';

export function ConversationTagsSection({ sidebar, conversationId, canManageTags = false }: SectionProps) {
  return (
    <TagEditor
      target={{ kind: 'conversation', conversationId }}
      tags={sidebar.conversation_tags}
      canWidenScope={canManageTags}
    />
  );
}

//! Conversation summary: the contact's most recent other conversation, one click away.
import { StatusBadge } from '@/components/ui/status-badge';
import { formatRelativeTime } from '@/lib/format';
import type { SectionProps } from './section-props';

export function SummarySection({ sidebar, onOpenConversation, now }: SectionProps) {
  const { summary } = sidebar;
  if (!summary) return <p className="sidebar-empty">No other conversations with this contact.</p>;
  // The summary has no app id; the history row for the same conversation does.
  const appId = sidebar.history.items.find((item) => item.id === summary.conversation_id)?.app_id;
  return (
    <button type="button" className="sidebar-card" onClick={() => onOpenConversation(summary.conversation_id, appId, summary.status)}>
      <span className="sidebar-card__text">{summary.summary || 'No summary yet'}</span>
      <span className="sidebar-card__meta">
        <span>{summary.app_name}</span>
        <StatusBadge status={summary.status} />
        <time dateTime={summary.last_activity_at}>{formatRelativeTime(summary.last_activity_at, now)}</time>
      </span>
    </button>
  );
}

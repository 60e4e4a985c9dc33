//! A conversation's status as a small coloured label.
import type { ConversationStatus } from '@/api/types';
import { capitalize } from '@/lib/format';
import './ui.css';

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return <span className={`status-badge status-badge--${status}`}>{capitalize(status)}</span>;
}

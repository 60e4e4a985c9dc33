//! A status as a small coloured label: a conversation's, or any other state drawn the same way.
import type { ReactNode } from 'react';
import type { ConversationStatus } from '@/api/types';
import { capitalize } from '@/lib/format';
import './ui.css';

/** What the colour says: fine, needs attention, lost, informational, or settled. */
export type BadgeTone = 'positive' | 'warning' | 'negative' | 'info' | 'neutral';

export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`status-badge status-badge--${tone}`}>{children}</span>;
}

const CONVERSATION_TONES: Record<ConversationStatus, BadgeTone> = {
  open: 'positive',
  pending: 'warning',
  resolved: 'neutral',
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return <Badge tone={CONVERSATION_TONES[status]}>{capitalize(status)}</Badge>;
}

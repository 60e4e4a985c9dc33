//! The thread's status actions: Resolve, Reopen and Mark pending, whichever differ from the current status.
import type { ConversationStatus } from '@/api/types';
import { useChangeStatus } from '../api/change-status';

const ACTIONS: { status: ConversationStatus; label: string }[] = [
  { status: 'resolved', label: 'Resolve' },
  { status: 'open', label: 'Reopen' },
  { status: 'pending', label: 'Mark pending' },
];

export function StatusActions({ conversationId, status }: { conversationId: string; status: ConversationStatus }) {
  const change = useChangeStatus(conversationId);
  return (
    <div className="status-actions">
      {ACTIONS.filter((action) => action.status !== status).map((action) => (
        <button
          key={action.status}
          type="button"
          className={`button button--small${action.status === 'resolved' ? ' button--primary' : ''}`}
          disabled={change.isPending}
          onClick={() => change.mutate(action.status)}
        >
          {action.label}
        </button>
      ))}
      {change.isError ? (
        <span className="field-error" role="alert">
          {change.error.message}
        </span>
      ) : null}
    </div>
  );
}

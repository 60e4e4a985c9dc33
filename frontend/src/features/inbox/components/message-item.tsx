//! One message of the thread; notes and activity are styled apart, replies show their CC deliveries.
import type { Message } from '@/api/types';
import { formatDateTime, formatRelativeTime } from '@/lib/format';
import { MessageDeliveries } from './message-deliveries';

export function MessageItem({ message, now }: { message: Message; now: Date }) {
  if (message.type === 'activity') {
    return (
      <li className="message message--activity">
        <span>{message.content}</span>
        <time dateTime={message.created_at} title={formatDateTime(message.created_at)}>
          {formatRelativeTime(message.created_at, now)}
        </time>
      </li>
    );
  }
  return (
    <li className={`message message--${message.type}`}>
      <div className="message__meta">
        <span className="message__author">{message.author.name}</span>
        {message.type === 'note' ? <span className="message__label">Private note</span> : null}
        <time dateTime={message.created_at} title={formatDateTime(message.created_at)}>
          {formatRelativeTime(message.created_at, now)}
        </time>
      </div>
      <p className="message__content">{message.content}</p>
      {message.type === 'outgoing' ? <MessageDeliveries deliveries={message.deliveries} /> : null}
    </li>
  );
}

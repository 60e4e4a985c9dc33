//! The survivor's merge trail: "Dana Demo merged Ana C. Souza · 3 hours ago".
import type { ContactProfile } from '@/api/types';
import { formatDateTime, formatRelativeTime } from '@/lib/format';

export function MergeHistory({ merges, now }: { merges: ContactProfile['merges']; now: Date }) {
  if (merges.length === 0) return null;
  return (
    <ul className="merge-history" aria-label="merge history">
      {merges.map((merge) => (
        <li key={merge.merged_contact_id}>
          {merge.merged_by_name ?? 'A former user'} merged {merge.merged_contact_label} ·{' '}
          <time dateTime={merge.merged_at} title={formatDateTime(merge.merged_at)}>
            {formatRelativeTime(merge.merged_at, now)}
          </time>
        </li>
      ))}
    </ul>
  );
}

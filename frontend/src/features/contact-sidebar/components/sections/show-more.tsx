//! The end of a sidebar list that holds only the sidebar's first items (history, events): "Show more
//! <what>" switches to the contact's full, paginated list, then asks its next pages; a failure says so.
import { Alert } from '@/components/ui/alert';

/** The full list's infinite query, enabled once expanded. */
type FullList = {
  isError: boolean;
  error: { message: string } | null;
  isFetching: boolean;
  hasNextPage: boolean;
  fetchNextPage: () => unknown;
};

type ShowMoreProps = {
  /** The plural noun of the button and the error: "conversations", "events". */
  what: string;
  full: FullList;
  expanded: boolean;
  onExpand: () => void;
  /** Whether the sidebar's own items stop short of the contact's (`has_more`). */
  sidebarHasMore: boolean;
};

export function ShowMore({ what, full, expanded, onExpand, sidebarHasMore }: ShowMoreProps) {
  const hasMore = expanded ? full.hasNextPage : sidebarHasMore;
  return (
    <>
      {full.isError ? (
        <Alert>
          Could not load more {what}: {full.error?.message}
        </Alert>
      ) : null}
      {hasMore ? (
        <button
          type="button"
          className="link-button"
          disabled={full.isFetching}
          onClick={() => (expanded ? void full.fetchNextPage() : onExpand())}
        >
          {full.isFetching ? 'Loading…' : `Show more ${what}`}
        </button>
      ) : null}
    </>
  );
}

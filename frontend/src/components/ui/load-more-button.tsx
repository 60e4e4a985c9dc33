//! The button under a paginated list that asks its infinite query for the next page ("Loading…" meanwhile).
import type { ReactNode } from 'react';

/** The infinite query whose next page the button asks for. */
type Pages = { isFetchingNextPage: boolean; fetchNextPage: () => unknown };

type LoadMoreButtonProps = {
  pages: Pages;
  /** The button's text while idle. */
  children?: ReactNode;
  className?: string;
};

export function LoadMoreButton({ pages, children = 'Load more', className = 'button' }: LoadMoreButtonProps) {
  return (
    <button
      type="button"
      className={className}
      onClick={() => void pages.fetchNextPage()}
      disabled={pages.isFetchingNextPage}
    >
      {pages.isFetchingNextPage ? 'Loading…' : children}
    </button>
  );
}

//! Any unknown signed-in path.
import { Link } from 'react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function NotFoundRoute() {
  useDocumentTitle('Not found');
  return (
    <main className="page-message">
      <EmptyState title="Page not found">
        <p>
          <Link to="/">Back to the inbox</Link>
        </p>
      </EmptyState>
    </main>
  );
}

//! One sidebar section: a labelled region whose heading collapses it, with a drag handle to reorder it.
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { KeyboardEvent, ReactNode } from 'react';
import { ErrorBoundary } from '@/components/ui/error-boundary';
import { Chevron } from '@/components/ui/chevron';
import { RetryAlert } from '@/components/ui/retry-alert';

type SectionShellProps = {
  id: string;
  title: string;
  collapsed: boolean;
  onToggle: () => void;
  children: ReactNode;
};

/** Alt+ArrowUp / Alt+ArrowDown move between section headers; Home / End with Alt go to the ends. */
function moveFocusBetweenHeaders(event: KeyboardEvent<HTMLButtonElement>) {
  if (!event.altKey || !['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) return;
  const panel = event.currentTarget.closest('[data-sidebar-sections]');
  if (!panel) return;
  const headers = [...panel.querySelectorAll<HTMLButtonElement>('[data-section-toggle]')];
  const index = headers.indexOf(event.currentTarget);
  const target =
    event.key === 'Home'
      ? headers[0]
      : event.key === 'End'
        ? headers[headers.length - 1]
        : headers[index + (event.key === 'ArrowDown' ? 1 : -1)];
  if (target) {
    event.preventDefault();
    target.focus();
  }
}

/** A section that fails to render says so in place; the rest of the panel carries on. */
function sectionErrorFallback(error: Error, reset: () => void) {
  return (
    <RetryAlert onRetry={reset}>
      This section could not be shown: {error.message}
    </RetryAlert>
  );
}

export function SectionShell({ id, title, collapsed, onToggle, children }: SectionShellProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  });
  const headingId = `sidebar-section-${id}-heading`;
  const bodyId = `sidebar-section-${id}-body`;

  return (
    <section
      ref={setNodeRef}
      className={`sidebar-section${isDragging ? ' sidebar-section--dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      aria-labelledby={headingId}
      data-section-id={id}
    >
      <div className="sidebar-section__header">
        <h3 id={headingId} className="sidebar-section__heading">
          <button
            type="button"
            className="sidebar-section__toggle"
            aria-expanded={!collapsed}
            aria-controls={bodyId}
            onClick={onToggle}
            onKeyDown={moveFocusBetweenHeaders}
            data-section-toggle
          >
            <Chevron open={!collapsed} />
            {title}
          </button>
        </h3>
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="icon-button sidebar-section__handle"
          {...attributes}
          {...listeners}
          aria-label={`Reorder ${title}`}
          title="Drag to reorder, or press Space and use the arrow keys"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true">
            <g fill="currentColor">
              <circle cx="6" cy="4" r="1.2" />
              <circle cx="10" cy="4" r="1.2" />
              <circle cx="6" cy="8" r="1.2" />
              <circle cx="10" cy="8" r="1.2" />
              <circle cx="6" cy="12" r="1.2" />
              <circle cx="10" cy="12" r="1.2" />
            </g>
          </svg>
        </button>
      </div>
      <div id={bodyId} className="sidebar-section__body" hidden={collapsed}>
        {collapsed ? null : (
          <ErrorBoundary fallback={sectionErrorFallback}>
            {children}
          </ErrorBoundary>
        )}
      </div>
    </section>
  );
}

//! The section registry mapped through the saved layout onto collapsible, sortable shells (dnd-kit).
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type Modifier,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { Sidebar } from '@/api/types';
import type { SidebarLayout } from '../utils/layout';
import type { SectionDefinition } from './sections/registry';
import type { OpenConversation } from './sections/section-props';
import { SectionShell } from './section-shell';

const restrictToVerticalAxis: Modifier = ({ transform }) => ({ ...transform, x: 0 });

type SidebarSectionsProps = {
  sections: readonly SectionDefinition[];
  layout: SidebarLayout;
  collapsed: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onMove: (activeId: string, overId: string, visibleIds: readonly string[]) => void;
  /** Undefined while the sidebar loads: every section then holds its place, empty. */
  sidebar: Sidebar | undefined;
  conversationId: string;
  onOpenConversation: OpenConversation;
  now: Date;
  canManageTags: boolean;
};

export function SidebarSections(props: SidebarSectionsProps) {
  const { sections, layout, collapsed, onToggle, onMove, sidebar } = props;
  const byId = new Map(sections.map((section) => [section.id, section]));
  const visible = layout.order
    .map((id) => byId.get(id))
    .filter((section): section is SectionDefinition => section !== undefined)
    // Until the data is here, a section that needs data to exist (Shopify) stays hidden.
    .filter((section) => !section.isAvailable || (sidebar !== undefined && section.isAvailable(sidebar)));
  const visibleIds = visible.map((section) => section.id);
  const titleOf = (id: string | number) => byId.get(String(id))?.title ?? String(id);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const position = (id: string | number) => `position ${visibleIds.indexOf(String(id)) + 1} of ${visibleIds.length}`;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)} section, ${position(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${titleOf(active.id)} section moved to ${position(over.id)}.` : `${titleOf(active.id)} section is not over a place.`,
    onDragEnd: ({ active, over }) =>
      over ? `${titleOf(active.id)} section dropped at ${position(over.id)}.` : `${titleOf(active.id)} section dropped.`,
    onDragCancel: ({ active }) => `Reordering cancelled. ${titleOf(active.id)} section is back in place.`,
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) onMove(String(active.id), String(over.id), visibleIds);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      modifiers={[restrictToVerticalAxis]}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To reorder a section, press Space or Enter on its handle, move it with the arrow keys, then press Space or Enter again to drop it, or Escape to cancel.',
        },
      }}
    >
      <SortableContext items={visibleIds} strategy={verticalListSortingStrategy}>
        <div className="sidebar-sections" data-sidebar-sections>
          {visible.map((section) => {
            const Body = section.component;
            return (
              <SectionShell
                key={section.id}
                id={section.id}
                title={section.title}
                collapsed={collapsed.has(section.id)}
                onToggle={() => onToggle(section.id)}
              >
                {sidebar ? (
                  <Body
                    sidebar={sidebar}
                    conversationId={props.conversationId}
                    onOpenConversation={props.onOpenConversation}
                    now={props.now}
                    canManageTags={props.canManageTags}
                  />
                ) : (
                  // One spinner in the header says the panel loads; the sections only hold their place.
                  <div className="sidebar-section__placeholder" aria-hidden="true" />
                )}
              </SectionShell>
            );
          })}
        </div>
      </SortableContext>
    </DndContext>
  );
}

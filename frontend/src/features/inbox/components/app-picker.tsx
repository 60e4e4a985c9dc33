//! The list of apps in the inbox's left column; one is selected at a time.
import type { UseQueryResult } from '@tanstack/react-query';
import type { App, AppList } from '@/api/types';
import { RetryAlert } from '@/components/ui/retry-alert';
import { Spinner } from '@/components/ui/spinner';

function appInitial(name: string): string {
  return name.trim().charAt(0).toUpperCase() || '?';
}

type AppPickerProps = {
  apps: UseQueryResult<AppList>;
  selectedId: number | null;
  onSelect: (id: number) => void;
};

export function AppPicker({ apps, selectedId, onSelect }: AppPickerProps) {
  return (
    <nav className="app-picker" aria-labelledby="app-picker-heading">
      <h2 id="app-picker-heading" className="inbox-column__heading">
        Apps
      </h2>
      {apps.isPending ? <Spinner label="Loading apps…" /> : null}
      {apps.isError ? (
        <RetryAlert onRetry={apps.refetch}>
          {apps.error.message}
        </RetryAlert>
      ) : null}
      {apps.data && apps.data.items.length === 0 ? (
        <p className="app-picker__empty muted">You are not an operator of any app yet.</p>
      ) : null}
      {apps.data && apps.data.items.length > 0 ? (
        <ul className="app-picker__list">
          {apps.data.items.map((app: App) => {
            const isSelected = app.id === selectedId;
            return (
              <li key={app.id}>
                <button
                  type="button"
                  className="app-picker__item"
                  aria-pressed={isSelected}
                  onClick={() => onSelect(app.id)}
                >
                  <span className="app-picker__badge" aria-hidden="true">
                    {appInitial(app.name)}
                  </span>
                  <span className="app-picker__name">{app.name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </nav>
  );
}

//! The open / pending / resolved / all switch above the conversation list.
import { capitalize } from '@/lib/format';
import { STATUS_FILTERS, type StatusFilter } from '../hooks/use-status-filter';

type StatusFilterProps = { value: StatusFilter; onChange: (status: StatusFilter) => void };

export function StatusFilterBar({ value, onChange }: StatusFilterProps) {
  return (
    <div className="status-filter" role="group" aria-label="Status">
      {STATUS_FILTERS.map((status) => (
        <button
          key={status}
          type="button"
          className="status-filter__option"
          aria-pressed={status === value}
          onClick={() => onChange(status)}
        >
          {capitalize(status)}
        </button>
      ))}
    </div>
  );
}

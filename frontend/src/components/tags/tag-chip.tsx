//! A tag as a coloured chip, with an optional remove button.
import type { TagRef } from '@/api/types';
import './tags.css';

type TagChipProps = { tag: TagRef; removeLabel?: string; onRemove?: () => void; disabled?: boolean };

export function TagChip({ tag, removeLabel, onRemove, disabled }: TagChipProps) {
  return (
    <li className={`tag-chip tag-chip--${tag.color}`}>
      <span className="tag-chip__name">{tag.name}</span>
      {onRemove ? (
        <button
          type="button"
          className="tag-chip__remove"
          aria-label={removeLabel ?? `Remove ${tag.name}`}
          onClick={onRemove}
          disabled={disabled}
        >
          <svg viewBox="0 0 12 12" aria-hidden="true">
            <path d="M3 3l6 6M9 3l-6 6" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
        </button>
      ) : null}
    </li>
  );
}

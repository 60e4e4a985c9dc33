//! The coloured online / idle / offline dot, with its meaning available as text.
import type { Presence } from '@/api/types';
import { capitalize } from '@/lib/format';
import './ui.css';

export function PresenceDot({ presence }: { presence: Presence }) {
  return (
    <span className="presence">
      <span className={`presence__dot presence__dot--${presence}`} aria-hidden="true" />
      <span className="presence__label">{capitalize(presence)}</span>
    </span>
  );
}

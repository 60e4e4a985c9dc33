//! A contact or user's initials in a tinted circle (remote avatar images are not loaded).
import './ui.css';

type AvatarProps = {
  initials: string;
  size?: 'sm' | 'md' | 'lg';
};

export function Avatar({ initials, size = 'md' }: AvatarProps) {
  return (
    <span className={`avatar avatar--${size}`} aria-hidden="true">
      {initials.slice(0, 2).toUpperCase() || '?'}
    </span>
  );
}

//! A contact or user's picture, or their initials in a tinted circle when there is none (or it fails to load).
import { useState } from 'react';
import './ui.css';

type AvatarProps = {
  initials: string;
  /** Only https images are shown: the page's CSP allows no other remote images. */
  src?: string | null;
  size?: 'sm' | 'md' | 'lg';
};

function isShowable(src: string | null | undefined): src is string {
  if (!src) return false;
  try {
    return new URL(src).protocol === 'https:';
  } catch {
    return false;
  }
}

export function Avatar({ initials, src, size = 'md' }: AvatarProps) {
  const [failed, setFailed] = useState<string | null>(null);
  if (isShowable(src) && failed !== src) {
    return (
      <img
        className={`avatar avatar--${size} avatar--image`}
        src={src}
        alt=""
        aria-hidden="true"
        referrerPolicy="no-referrer"
        loading="lazy"
        onError={() => setFailed(src)}
      />
    );
  }
  return (
    <span className={`avatar avatar--${size}`} aria-hidden="true">
      {initials.slice(0, 2).toUpperCase() || '?'}
    </span>
  );
}

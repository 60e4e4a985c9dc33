//! A contact or user's picture, or their initials in a tinted circle. The picture is shown only when the
//! server trusts its URL (SPEC §3), it is https, and it loads; in every other case, the initials.
import { useState } from 'react';
import './ui.css';

/** What a contact (sidebar, profile, conversation list) says about its picture. */
export type AvatarImage = {
  avatar_url: string | null;
  /**
   * Whether the server vouches for `avatar_url`. An unverified widget identify can set any URL, and
   * rendering it would make every agent's browser fetch it, telling whoever set it the agents' IP
   * addresses; so only `true` shows the picture. Required, so every contact type passed here is
   * checked to carry it; a flag missing at run time (an older server) still counts as untrusted.
   */
  avatar_trusted: boolean;
};

type AvatarProps = {
  initials: string;
  /** The contact whose picture may be shown; without it, the initials (users have no picture). */
  image?: AvatarImage;
  size?: 'sm' | 'md' | 'lg';
};

/** The URL to load, or null: untrusted, missing, or not https (the page's CSP allows no other remote images). */
function trustedImageUrl(image: AvatarImage | undefined): string | null {
  if (!image?.avatar_url || image.avatar_trusted !== true) return null;
  try {
    return new URL(image.avatar_url).protocol === 'https:' ? image.avatar_url : null;
  } catch {
    return null;
  }
}

export function Avatar({ initials, image, size = 'md' }: AvatarProps) {
  // Remembers which URL failed, so a new URL for the same contact gets its own chance to load.
  const [failed, setFailed] = useState<string | null>(null);
  const src = trustedImageUrl(image);
  if (src && failed !== src) {
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

//! The avatar loads a picture only when the server trusts its URL (SPEC §3); otherwise, and when the
//! picture fails to load, it shows the initials.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Avatar, type AvatarImage } from './avatar';

const PICTURE = 'https://images.example.com/olivia.png';

/** Any element that would make the browser fetch the URL, wherever it is in the document. */
function fetching(url: string): Element | null {
  return document.querySelector(`[src="${url}"]`);
}

describe('Avatar', () => {
  it('shows the initials and never puts an untrusted PICTURE in the DOM', () => {
    render(<Avatar initials="ob" image={{ avatar_url: PICTURE, avatar_trusted: false }} />);

    expect(screen.getByText('OB')).toBeInTheDocument();
    expect(fetching(PICTURE)).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });

  it('treats a contact without the trust flag as untrusted', () => {
    // The type requires the flag; a server too old to send it must still not get the picture loaded.
    const unflagged = { avatar_url: PICTURE } as unknown as AvatarImage;
    render(<Avatar initials="OB" image={unflagged} />);

    expect(screen.getByText('OB')).toBeInTheDocument();
    expect(fetching(PICTURE)).toBeNull();
  });

  it('shows a trusted picture, without sending the page as referrer', () => {
    const { container } = render(<Avatar initials="OB" image={{ avatar_url: PICTURE, avatar_trusted: true }} />);

    const img = container.querySelector('img');
    expect(img).toHaveAttribute('src', PICTURE);
    expect(img).toHaveAttribute('referrerpolicy', 'no-referrer');
    expect(screen.queryByText('OB')).not.toBeInTheDocument();
  });

  it('falls back to the initials when a trusted picture fails to load', () => {
    const { container } = render(<Avatar initials="OB" image={{ avatar_url: PICTURE, avatar_trusted: true }} />);

    fireEvent.error(container.querySelector('img')!);

    expect(screen.getByText('OB')).toBeInTheDocument();
    expect(fetching(PICTURE)).toBeNull();
  });

  it('shows the initials for a trusted PICTURE that is not https', () => {
    render(<Avatar initials="OB" image={{ avatar_url: 'http://images.example.com/olivia.png', avatar_trusted: true }} />);

    expect(screen.getByText('OB')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });
});

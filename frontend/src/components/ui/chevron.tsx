//! The disclosure chevron of expandable rows and sections: points right, turns down when open.
//! Its style lives with it, so every page that shows one (the sidebar, the profile's timeline)
//! sizes it, whichever chunk loaded first.
import './ui.css';

export function Chevron({ open }: { open: boolean }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className={open ? 'chevron chevron--open' : 'chevron'}>
      <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

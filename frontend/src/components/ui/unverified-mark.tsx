//! A quiet "Unverified" mark beside a value an unverified widget identify set: the visitor's claim, which
//! anyone can send, not the app's own (SPEC §3).
import './ui.css';

export function UnverifiedMark() {
  return (
    <span className="unverified-mark" title="The visitor's claim, not proven by the app: it may be spoofed">
      Unverified
    </span>
  );
}

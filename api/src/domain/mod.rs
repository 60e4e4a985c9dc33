//! Pure domain types and rules: no I/O, so each is tested beside its code.
pub mod cursor;
pub mod display;
pub mod email;
pub mod page;
pub mod presence;
pub mod role;

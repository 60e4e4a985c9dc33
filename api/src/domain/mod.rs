//! Pure domain types and rules: no I/O, so each is tested beside its code.
pub mod cursor;
pub mod custom_data;
pub mod display;
pub mod email;
pub mod event;
pub mod identity;
pub mod login_throttle;
pub mod money;
pub mod page;
pub mod presence;
pub mod profile;
pub mod role;
pub mod sealed;
pub mod secret;
pub mod stream_id;
pub mod tag;
pub mod time;

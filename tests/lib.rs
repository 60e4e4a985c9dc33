//! Integration tests live in `api/`; this crate only hosts them.

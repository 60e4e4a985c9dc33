//! Every query of the product. Each one filters by `organization_id` first, so no query can
//! cross organizations; handlers and services never build SQL themselves.
pub mod apps;
pub mod contacts;
pub mod organizations;
pub mod users;

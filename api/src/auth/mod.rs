//! Who is calling: agents by JWT, apps by API key, browsers by widget session.
pub mod agent;
pub mod api_key;
pub mod caller;
pub mod jwt;
pub mod password;
pub mod widget_session;

pub use agent::{AgentScope, AppVisibility};
pub use caller::Caller;

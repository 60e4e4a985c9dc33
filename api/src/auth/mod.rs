//! Who is calling: agents by JWT (API keys and widget sessions arrive with ingestion).
pub mod agent;
pub mod jwt;
pub mod password;

pub use agent::{AgentScope, AppVisibility};

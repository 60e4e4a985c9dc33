//! Which apps' conversations and data a viewer may see. Built by auth from the agent's role
//! and app assignments; read by services and the repo to filter.
/// Which apps the agent may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppVisibility {
    All,
    Only(Vec<i64>),
}

impl AppVisibility {
    pub fn allows(&self, app_id: i64) -> bool {
        match self {
            AppVisibility::All => true,
            AppVisibility::Only(ids) => ids.contains(&app_id),
        }
    }
}

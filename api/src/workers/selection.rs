//! Which background workers a process runs (`CONVOT_WORKERS`): all of them (`on`, the
//! default), none (`off`, an API-only node), or a comma-separated list, so the webhook sender
//! can run on its own nodes while the API nodes keep the rest, or the other way round.

/// One switch per worker. `Default` is none; [`WorkerSet::all`] is what `on` means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkerSet {
    /// CC emails from the outbox.
    pub email: bool,
    /// The Shopify Partner sync.
    pub shopify: bool,
    /// Contact CSV imports.
    pub imports: bool,
    /// Pruning of short-lived tables.
    pub upkeep: bool,
    /// The webhook sender.
    pub webhooks: bool,
}

/// The names a list may hold, in the order the README gives them.
pub const WORKER_NAMES: [&str; 5] = ["email", "shopify", "imports", "upkeep", "webhooks"];

impl WorkerSet {
    pub fn all() -> Self {
        WorkerSet {
            email: true,
            shopify: true,
            imports: true,
            upkeep: true,
            webhooks: true,
        }
    }

    pub fn none() -> Self {
        WorkerSet::default()
    }

    /// Whether any worker runs, so the process needs a lease token.
    pub fn any(&self) -> bool {
        self.email || self.shopify || self.imports || self.upkeep || self.webhooks
    }

    /// Reads `on`, `off` or a list such as `email,webhooks` (spaces and case ignored). An
    /// unknown name is an error rather than silently running less than the operator meant.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        let Some(value) = value.map(|v| v.trim().to_ascii_lowercase()) else {
            return Ok(WorkerSet::all());
        };
        match value.as_str() {
            "" | "on" => return Ok(WorkerSet::all()),
            "off" => return Ok(WorkerSet::none()),
            _ => {}
        }
        let mut set = WorkerSet::none();
        for name in value.split(',').map(str::trim).filter(|name| !name.is_empty()) {
            let switch = match name {
                "email" => &mut set.email,
                "shopify" => &mut set.shopify,
                "imports" => &mut set.imports,
                "upkeep" => &mut set.upkeep,
                "webhooks" => &mut set.webhooks,
                other => {
                    return Err(format!(
                        "CONVOT_WORKERS: unknown worker {other:?}; use on, off or a list of {}",
                        WORKER_NAMES.join(", ")
                    ))
                }
            };
            *switch = true;
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_off_and_unset() {
        assert_eq!(WorkerSet::parse(None), Ok(WorkerSet::all()));
        assert_eq!(WorkerSet::parse(Some("on")), Ok(WorkerSet::all()));
        assert_eq!(WorkerSet::parse(Some(" OFF ")), Ok(WorkerSet::none()));
        assert!(!WorkerSet::none().any());
    }

    #[test]
    fn a_list_runs_only_what_it_names() {
        let set = WorkerSet::parse(Some("webhooks")).unwrap();
        assert_eq!(
            set,
            WorkerSet {
                webhooks: true,
                ..WorkerSet::none()
            }
        );
        let set = WorkerSet::parse(Some("email, Shopify,imports,upkeep")).unwrap();
        assert_eq!(
            set,
            WorkerSet {
                webhooks: false,
                ..WorkerSet::all()
            }
        );
        assert!(set.any());
    }

    #[test]
    fn an_unknown_name_is_refused() {
        let err = WorkerSet::parse(Some("email,webhook")).unwrap_err();
        assert!(err.contains("\"webhook\""), "{err}");
    }
}

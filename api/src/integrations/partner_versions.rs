//! Shopify's list of Partner API versions and what it says of the configured one.

/// Always served, whatever the dated versions.
pub const UNSTABLE: &str = "unstable";

/// `publicApiVersions { handle supported }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiVersion {
    pub handle: String,
    pub supported: bool,
}

/// What the configured version's standing is, in words for the settings page.
#[derive(Debug, Clone, PartialEq)]
pub enum VersionCheck {
    Supported,
    /// Still served but marked unsupported: it will be retired soon.
    Unsupported {
        supported: Vec<String>,
    },
    /// Not served any more.
    Retired {
        supported: Vec<String>,
    },
}

impl VersionCheck {
    pub fn from_list(version: &str, versions: &[ApiVersion]) -> VersionCheck {
        let supported: Vec<String> = versions
            .iter()
            .filter(|v| v.supported && v.handle != UNSTABLE)
            .map(|v| v.handle.clone())
            .collect();
        match versions.iter().find(|v| v.handle == version) {
            Some(v) if v.supported || version == UNSTABLE => VersionCheck::Supported,
            Some(_) => VersionCheck::Unsupported { supported },
            None => VersionCheck::Retired { supported },
        }
    }

    /// A warning for owners, or `None` while the version is supported.
    pub fn message(&self, version: &str) -> Option<String> {
        match self {
            VersionCheck::Supported => None,
            VersionCheck::Unsupported { supported } => Some(format!(
                "API version {version} is still served but no longer supported and will be retired soon; \
                 set CONVOT_SHOPIFY_PARTNER_API_VERSION to one of: {}",
                supported.join(", ")
            )),
            VersionCheck::Retired { supported } => Some(format!(
                "API version {version} is no longer supported; supported: {}",
                supported.join(", ")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(handle: &str, supported: bool) -> ApiVersion {
        ApiVersion {
            handle: handle.into(),
            supported,
        }
    }

    #[test]
    fn the_version_list_tells_retired_from_soon_retired() {
        let list = [
            v("2025-10", false),
            v("2026-01", true),
            v("2026-04", true),
            v("unstable", false),
        ];
        assert_eq!(VersionCheck::from_list("2026-04", &list), VersionCheck::Supported);
        assert_eq!(
            VersionCheck::from_list("2025-01", &list)
                .message("2025-01")
                .unwrap(),
            "API version 2025-01 is no longer supported; supported: 2026-01, 2026-04"
        );
        assert!(VersionCheck::from_list("2025-10", &list)
            .message("2025-10")
            .unwrap()
            .starts_with("API version 2025-10 is still served but no longer supported"));
    }
}

//! Tags of the organization's library: normalized names, a fixed palette, a scope.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const MAX_NAME_CHARS: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TagColor {
    Gray,
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
}

impl TagColor {
    pub fn as_str(self) -> &'static str {
        match self {
            TagColor::Gray => "gray",
            TagColor::Red => "red",
            TagColor::Orange => "orange",
            TagColor::Yellow => "yellow",
            TagColor::Green => "green",
            TagColor::Teal => "teal",
            TagColor::Blue => "blue",
            TagColor::Purple => "purple",
        }
    }

    pub fn parse(value: &str) -> TagColor {
        serde_json::from_value(serde_json::Value::String(value.to_owned())).unwrap_or(TagColor::Gray)
    }
}

/// What a tag may be put on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TagScope {
    Contact,
    Conversation,
    Both,
}

impl TagScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TagScope::Contact => "contact",
            TagScope::Conversation => "conversation",
            TagScope::Both => "both",
        }
    }

    pub fn parse(value: &str) -> TagScope {
        match value {
            "contact" => TagScope::Contact,
            "conversation" => TagScope::Conversation,
            _ => TagScope::Both,
        }
    }

    pub fn allows(self, target: TagScope) -> bool {
        self == TagScope::Both || self == target
    }
}

/// A tag of the library as the layers above the repo see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub color: TagColor,
    pub scope: TagScope,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A tag as applied to a contact or conversation: what a chip shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedTag {
    pub id: i64,
    pub name: String,
    pub color: TagColor,
}

/// What an edit of a tag changes; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct TagEdit {
    pub name: Option<String>,
    pub color: Option<TagColor>,
    pub scope: Option<TagScope>,
}

/// "VIP Customer" → "vip-customer": lower-case, runs of anything but letters and digits
/// become one hyphen, no hyphen at either end.
pub fn normalize_name(raw: &str) -> Result<String, &'static str> {
    let mut name = String::new();
    let mut pending_hyphen = false;
    for c in raw.trim().chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !name.is_empty() {
                name.push('-');
            }
            pending_hyphen = false;
            name.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    if name.is_empty() {
        return Err("must contain a letter or digit");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err("must be at most 50 characters");
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lower_case_hyphenated() {
        assert_eq!(normalize_name("VIP Customer").unwrap(), "vip-customer");
        assert_eq!(normalize_name("  churn__risk!! ").unwrap(), "churn-risk");
        assert_eq!(normalize_name("Ärger im Büro").unwrap(), "ärger-im-büro");
        assert_eq!(normalize_name("beta-tester").unwrap(), "beta-tester");
        assert!(normalize_name(" -- ").is_err());
        assert!(normalize_name(&"a".repeat(51)).is_err());
    }

    #[test]
    fn scope_both_fits_everything() {
        assert!(TagScope::Both.allows(TagScope::Contact));
        assert!(TagScope::Contact.allows(TagScope::Contact));
        assert!(!TagScope::Contact.allows(TagScope::Conversation));
    }
}

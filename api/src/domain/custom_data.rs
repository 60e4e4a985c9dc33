//! Custom data sent by an app: a flat object of string, number or boolean values, where
//! `null` asks to delete a key (SPEC §3).
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub const MAX_KEYS: usize = 100;
/// Keys an unverified identify may add per contact and app, apart from the trusted 100.
pub const MAX_UNVERIFIED_KEYS: usize = 20;
pub const MAX_KEY_LEN: usize = 64;
pub const MAX_STRING_LEN: usize = 1000;

/// One requested change: `Some(value)` to set, `None` to delete.
pub type CustomDataChanges = Vec<(String, Option<Value>)>;

/// Checks every limit and returns the changes, or each failing field as `custom_data.<key>`.
pub fn parse(data: &Map<String, Value>) -> Result<CustomDataChanges, BTreeMap<String, String>> {
    let mut problems = BTreeMap::new();
    if data.len() > MAX_KEYS {
        problems.insert(
            "custom_data".to_owned(),
            format!("must have at most {MAX_KEYS} keys"),
        );
        return Err(problems);
    }
    let mut changes = Vec::with_capacity(data.len());
    for (key, value) in data {
        let field = format!(
            "custom_data.{}",
            key.chars().take(MAX_KEY_LEN).collect::<String>()
        );
        if key.trim().is_empty() || key.chars().count() > MAX_KEY_LEN || key.chars().any(char::is_control) {
            problems.insert(
                field,
                format!("keys must be 1 to {MAX_KEY_LEN} printable characters"),
            );
            continue;
        }
        match value {
            Value::Null => changes.push((key.clone(), None)),
            Value::String(s) if s.chars().count() > MAX_STRING_LEN => {
                problems.insert(
                    field,
                    format!("strings must be at most {MAX_STRING_LEN} characters"),
                );
            }
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                changes.push((key.clone(), Some(value.clone())))
            }
            Value::Array(_) | Value::Object(_) => {
                problems.insert(
                    field,
                    "values must be a string, number, boolean or null".to_owned(),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn scalars_set_and_null_deletes() {
        let changes = parse(&object(
            json!({"plan": "pro", "seats": 3, "trial": false, "old": null}),
        ))
        .unwrap();
        assert_eq!(changes.len(), 4);
        assert!(changes.contains(&("old".to_owned(), None)));
        assert!(changes.contains(&("seats".to_owned(), Some(json!(3)))));
    }

    #[test]
    fn nested_values_long_strings_and_long_keys_are_refused() {
        let problems = parse(&object(json!({
            "nested": {"a": 1},
            "list": [1],
            "long": "x".repeat(1001),
            "k".repeat(65): 1,
        })))
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems.contains_key("custom_data.nested"));
    }

    #[test]
    fn more_than_100_keys_is_refused() {
        let many: Map<String, Value> = (0..101).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(parse(&many).unwrap_err().contains_key("custom_data"));
        let enough: Map<String, Value> = (0..100).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(parse(&enough).is_ok());
    }
}

crate::domain::text_enum::text_enum! {
    /// Who wrote a custom-data key.
    pub enum CustomDataSource {
        Identify = "identify",
        Api = "api",
        Agent = "agent",
    }
}

/// One stored custom-data key of a contact in one app, with its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomAttribute {
    pub contact_id: i64,
    pub app_id: i64,
    pub key: String,
    pub value: Value,
    pub source: CustomDataSource,
    /// Written by a trusted writer (verified identify, API key, agent); unverified keys have a
    /// room of their own (SPEC §3).
    pub verified: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

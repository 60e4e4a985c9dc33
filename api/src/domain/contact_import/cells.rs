//! One CSV record as a contact write: cells un-escaped (formula safety), custom data typed,
//! fields validated by the same rules as the server API. Problems become the row's errors.
use super::columns::{ImportTarget, ProfileField, ResolvedColumn};
use super::RowError;
use crate::domain::custom_data::{self, CustomDataChanges};
use crate::domain::identity::myshopify_domain;
use crate::domain::profile::{Patch, ProfilePatch, RawProfile};
use crate::domain::tag::normalize_name;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Strips the one `'` the export put before a cell that would start a formula, after any
/// quotes of the text's own (`crate::domain::export_csv::escape_formula` is the inverse).
pub fn unescape_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// `true`/`false` are booleans, the JSON number grammar is a number, anything else a string
/// (so the string "42" comes back as the number 42: documented).
pub fn typed_value(cell: &str) -> Value {
    match cell {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    if is_json_number(cell) {
        if let Ok(number) = serde_json::from_str::<serde_json::Number>(cell) {
            return Value::Number(number);
        }
    }
    Value::String(cell.to_owned())
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    let start = at;
    match digits(&mut at) {
        0 => return false,
        n if n > 1 && bytes[start] == b'0' => return false,
        _ => {}
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        if digits(&mut at) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return false;
        }
    }
    at == bytes.len()
}

/// A record ready to write: what each column asked for, or the row's errors.
#[derive(Clone, Debug, Default)]
pub struct ParsedRow {
    /// 1 for the first record after the header.
    pub row: u64,
    pub patch: ProfilePatch,
    pub shopify_domain: Option<String>,
    /// Normalized names, each once, in the file's order.
    pub tags: Vec<String>,
    /// Per app, in the file's column order.
    pub custom_data: Vec<(i64, CustomDataChanges)>,
    pub errors: Vec<RowError>,
}

impl ParsedRow {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

fn field_column(field: &str, columns: &[ResolvedColumn]) -> Option<String> {
    let field = field.strip_prefix("location.").unwrap_or(field);
    columns
        .iter()
        .find(|c| c.target == field)
        .map(|c| c.column.clone())
}

/// Reads one record through the resolved columns. Empty cells are "no value": they leave
/// the stored value as it is (an import never clears a field).
pub fn parse_row(row: u64, cells: &[&str], columns: &[ResolvedColumn]) -> ParsedRow {
    let mut parsed = ParsedRow {
        row,
        ..ParsedRow::default()
    };
    if cells.len() != columns.len() {
        parsed.errors.push(RowError::new(
            row,
            None,
            "wrong_field_count",
            format!(
                "The row has {} cells; the header has {}",
                cells.len(),
                columns.len()
            ),
        ));
        return parsed;
    }
    let mut raw = RawProfile::default();
    let mut custom: Vec<(i64, Map<String, Value>)> = Vec::new();
    for (column, cell) in columns.iter().zip(cells) {
        let text = unescape_formula(cell);
        if text.trim().is_empty() {
            continue;
        }
        let given = Some(Some(text.to_owned()));
        match column.target() {
            ImportTarget::Ignore => {}
            ImportTarget::Field(field) => match field {
                ProfileField::Email => raw.email = given,
                ProfileField::ExternalId => raw.external_id = given,
                ProfileField::Name => raw.name = given,
                ProfileField::Phone => raw.phone = given,
                ProfileField::Company => raw.company = given,
                ProfileField::City => raw.city = given,
                ProfileField::Region => raw.region = given,
                ProfileField::Country => raw.country = given,
                ProfileField::TimeZone => raw.time_zone = given,
                ProfileField::AvatarUrl => raw.avatar_url = given,
                ProfileField::ShopifyDomain => match myshopify_domain(text) {
                    Some(domain) => parsed.shopify_domain = Some(domain),
                    None => parsed.errors.push(RowError::new(
                        row,
                        Some(column.column.clone()),
                        "invalid_field",
                        "shopify_domain: must be a *.myshopify.com domain".to_owned(),
                    )),
                },
            },
            ImportTarget::Tags => {
                for name in text.split(',').filter(|n| !n.trim().is_empty()) {
                    match normalize_name(name) {
                        Ok(name) if !parsed.tags.contains(&name) => parsed.tags.push(name),
                        Ok(_) => {}
                        Err(problem) => parsed.errors.push(RowError::new(
                            row,
                            Some(column.column.clone()),
                            "invalid_tag",
                            format!("tag \"{}\": {problem}", name.trim()),
                        )),
                    }
                }
            }
            ImportTarget::CustomData { app_id, key } => {
                let value = typed_value(text);
                match custom.iter_mut().find(|(id, _)| *id == app_id) {
                    Some((_, map)) => {
                        map.insert(key, value);
                    }
                    None => custom.push((app_id, Map::from_iter([(key, value)]))),
                }
            }
        }
    }
    match ProfilePatch::parse(raw) {
        Ok(patch) => parsed.patch = patch,
        Err(problems) => push_problems(&mut parsed, problems, columns, |field| field.to_owned()),
    }
    for (app_id, map) in custom {
        match custom_data::parse(&map) {
            Ok(changes) => parsed.custom_data.push((app_id, changes)),
            Err(problems) => push_problems(&mut parsed, problems, columns, |field| {
                let key = field.strip_prefix("custom_data.").unwrap_or(field);
                format!("custom_data:{app_id}:{key}")
            }),
        }
    }
    let identified =
        matches!(parsed.patch.email, Patch::Set(_)) || matches!(parsed.patch.external_id, Patch::Set(_));
    if parsed.errors.is_empty() && !identified {
        parsed.errors.push(RowError::new(
            row,
            None,
            "missing_identity",
            "The row has neither an email nor an external_id".to_owned(),
        ));
    }
    parsed
}

fn push_problems(
    parsed: &mut ParsedRow,
    problems: BTreeMap<String, String>,
    columns: &[ResolvedColumn],
    target_of: impl Fn(&str) -> String,
) {
    for (field, problem) in problems {
        let column = field_column(&target_of(&field), columns);
        parsed.errors.push(RowError::new(
            parsed.row,
            column,
            "invalid_field",
            format!("{field}: {problem}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact_import::columns::MappingSource;
    use serde_json::json;

    fn columns(targets: &[&str]) -> Vec<ResolvedColumn> {
        targets
            .iter()
            .enumerate()
            .map(|(index, target)| ResolvedColumn {
                index,
                column: format!("c{index}"),
                target: (*target).to_owned(),
                source: MappingSource::Mapping,
            })
            .collect()
    }

    #[test]
    fn exactly_one_escape_quote_goes() {
        assert_eq!(unescape_formula("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unescape_formula("''=x"), "'=x");
        assert_eq!(unescape_formula("'''=x"), "''=x");
        assert_eq!(unescape_formula("'-5"), "-5");
        assert_eq!(unescape_formula("'tis"), "'tis");
        assert_eq!(unescape_formula("'\tx"), "\tx");
        assert_eq!(unescape_formula("plain"), "plain");
    }

    #[test]
    fn cells_are_typed_by_the_contract() {
        assert_eq!(typed_value("true"), json!(true));
        assert_eq!(typed_value("False"), json!("False"));
        assert_eq!(typed_value("42"), json!(42));
        assert_eq!(typed_value("-1.5e3"), json!(-1500.0));
        for text in ["042", "1.", ".5", "1e", "+1", "0x10", "NaN", "1 000", "1e999"] {
            assert_eq!(typed_value(text), json!(text), "{text}");
        }
    }

    #[test]
    fn a_row_becomes_a_patch_tags_and_typed_custom_data() {
        let cols = columns(&[
            "email",
            "tags",
            "custom_data:3:plan",
            "custom_data:3:seats",
            "name",
            "ignore",
        ]);
        let row = parse_row(
            1,
            &["Ada@X.io", "VIP, vip,New Lead", "'=pro", "3", "", "x"],
            &cols,
        );
        assert!(row.is_valid(), "{:?}", row.errors);
        assert_eq!(row.patch.email, Patch::Set("ada@x.io".into()));
        assert_eq!(row.patch.name, Patch::Keep);
        assert_eq!(row.tags, vec!["vip", "new-lead"]);
        assert_eq!(
            row.custom_data,
            vec![(
                3,
                vec![
                    ("plan".to_owned(), Some(json!("=pro"))),
                    ("seats".to_owned(), Some(json!(3)))
                ]
            )]
        );
    }

    #[test]
    fn bad_cells_are_the_rows_errors_naming_their_columns() {
        let cols = columns(&["email", "avatar_url", "city", "shopify_domain"]);
        let row = parse_row(
            4,
            &["nope", "javascript:alert(1)", "a\u{1}b", "shop.example.com"],
            &cols,
        );
        let mut found: Vec<_> = row
            .errors
            .iter()
            .map(|e| e.column.clone().unwrap_or_default())
            .collect();
        found.sort();
        assert_eq!(found, vec!["c0", "c1", "c2", "c3"]);
        assert!(row.errors.iter().all(|e| e.row == 4));
        let row = parse_row(5, &["", "", "Paris", ""], &cols);
        assert_eq!(row.errors[0].code, "missing_identity");
        let row = parse_row(6, &["a@b.io"], &cols);
        assert_eq!(row.errors[0].code, "wrong_field_count");
    }
}

//! The contacts CSV of `GET /contacts/export.csv` (the format the import reads back, shared in
//! docs/decisions.md): its columns, its cells, and the spreadsheet-formula escaping.
use crate::domain::contact::Contact;
use crate::domain::custom_data::CustomAttribute;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use std::collections::HashMap;

/// The core columns, in their order; the custom-data columns follow.
pub const CORE_COLUMNS: [&str; 15] = [
    "id",
    "email",
    "external_id",
    "name",
    "phone",
    "company",
    "city",
    "region",
    "country",
    "time_zone",
    "shopify_domain",
    "avatar_url",
    "created_at",
    "updated_at",
    "tags",
];

/// One (app, key) pair some contact of the organization has a value for: one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomDataColumn {
    pub app_id: i64,
    pub app_name: String,
    pub key: String,
}

/// The export's shape, fixed before the first row: the custom-data columns (by app name, then
/// key) and whether each is followed by its provenance.
#[derive(Clone, Debug)]
pub struct CsvLayout {
    columns: Vec<CustomDataColumn>,
    provenance: bool,
    /// (app id, key) → index into `columns`, so a row's cells are placed without a search.
    index: HashMap<(i64, String), usize>,
}

impl CsvLayout {
    /// Orders the columns by app name, then app id (apps may share a name), then key; byte
    /// order, so both databases give the same header whatever their collation.
    pub fn new(mut columns: Vec<CustomDataColumn>, provenance: bool) -> CsvLayout {
        columns.sort_by(|a, b| {
            (a.app_name.as_str(), a.app_id, a.key.as_str()).cmp(&(
                b.app_name.as_str(),
                b.app_id,
                b.key.as_str(),
            ))
        });
        columns.dedup();
        let index = columns
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.app_id, c.key.clone()), i))
            .collect();
        CsvLayout {
            columns,
            provenance,
            index,
        }
    }

    pub fn header(&self) -> Vec<String> {
        let mut header: Vec<String> = CORE_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        for column in &self.columns {
            let name = format!("app:{}:{}", column.app_name, column.key);
            if self.provenance {
                header.push(name.clone());
                header.push(format!("{name}:provenance"));
            } else {
                header.push(name);
            }
        }
        header
    }

    /// One contact's row: `tags` are its tag names (any order), `attributes` its custom data
    /// in every app (keys without a column are left out; the layout was read first).
    pub fn row(&self, contact: &Contact, tags: &[&str], attributes: &[&CustomAttribute]) -> Vec<String> {
        let text = |value: &Option<String>| value.as_deref().map(escape_formula).unwrap_or_default();
        let mut tags = tags.to_vec();
        tags.sort_unstable();
        let mut row = vec![
            contact.id.to_string(),
            text(&contact.email),
            text(&contact.external_id),
            text(&contact.name),
            text(&contact.phone),
            text(&contact.company),
            text(&contact.city),
            text(&contact.region),
            text(&contact.country),
            text(&contact.time_zone),
            text(&contact.shopify_domain),
            text(&contact.avatar_url),
            timestamp(contact.created_at),
            timestamp(contact.updated_at),
            escape_formula(&tags.join(",")),
        ];
        let width = if self.provenance { 2 } else { 1 };
        let start = row.len();
        row.resize(start + self.columns.len() * width, String::new());
        for attribute in attributes {
            let Some(&i) = self.index.get(&(attribute.app_id, attribute.key.clone())) else {
                continue;
            };
            let at = start + i * width;
            row[at] = value_cell(&attribute.value);
            if self.provenance {
                row[at + 1] = format!("{} {}", attribute.source, timestamp(attribute.updated_at));
            }
        }
        row
    }
}

/// RFC 3339 in UTC with a `Z`, fractional seconds only when stored: the JSON API's spelling.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A custom-data value's cell: strings as they are (formula-escaped), numbers in JSON number
/// form, booleans `true`/`false`. Numbers are not text, so `-5` stays `-5`.
pub fn value_cell(value: &Value) -> String {
    match value {
        Value::String(s) => escape_formula(s),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// OWASP CSV injection: a text cell a spreadsheet would read as a formula (leading `=`, `+`,
/// `-`, `@`, tab or carriage return) gets a leading `'`, which the import strips again. Text
/// whose own leading quotes are followed by one of those gets one too, or the import would
/// take its own quote for the escape: the round trip is exact.
pub fn escape_formula(text: &str) -> String {
    let formula = ['=', '+', '-', '@', '\t', '\r'];
    if text.trim_start_matches('\'').starts_with(formula) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Records as RFC 4180 CSV (CRLF line ends, quotes only where needed).
pub fn write_records<'a>(records: impl IntoIterator<Item = &'a [String]>) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in records {
        writer.write_record(record)?;
    }
    writer.into_inner().map_err(|err| err.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_data::CustomDataSource;
    use serde_json::json;

    fn contact() -> Contact {
        let at = "2026-12-01T10:00:00Z".parse().unwrap();
        Contact {
            id: 7,
            organization_id: 1,
            email: Some("ada@example.com".into()),
            external_id: None,
            name: Some("=HYPERLINK(\"x\")".into()),
            phone: Some("+1 555 0100".into()),
            company: Some("Lovelace, Ltd".into()),
            avatar_url: None,
            avatar_trusted: true,
            city: None,
            region: None,
            country: Some("GB".into()),
            time_zone: None,
            shopify_domain: None,
            last_heartbeat_at: None,
            heartbeat_visible: false,
            last_activity_at: None,
            last_seen_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn attribute(app_id: i64, key: &str, value: Value) -> CustomAttribute {
        CustomAttribute {
            contact_id: 7,
            app_id,
            key: key.into(),
            value,
            source: CustomDataSource::Identify,
            verified: true,
            updated_at: "2026-12-01T10:00:00Z".parse().unwrap(),
        }
    }

    fn layout(provenance: bool) -> CsvLayout {
        let column = |app_id, app_name: &str, key: &str| CustomDataColumn {
            app_id,
            app_name: app_name.into(),
            key: key.into(),
        };
        CsvLayout::new(
            vec![
                column(2, "Upsell Pro", "tier"),
                column(1, "Product Reviews", "seats"),
                column(1, "Product Reviews", "plan"),
            ],
            provenance,
        )
    }

    #[test]
    fn custom_data_columns_follow_the_core_ones_by_app_name_then_key() {
        let header = layout(true).header();
        assert_eq!(&header[..15], &CORE_COLUMNS.map(String::from));
        assert_eq!(
            &header[15..],
            [
                "app:Product Reviews:plan",
                "app:Product Reviews:plan:provenance",
                "app:Product Reviews:seats",
                "app:Product Reviews:seats:provenance",
                "app:Upsell Pro:tier",
                "app:Upsell Pro:tier:provenance",
            ]
        );
        assert_eq!(layout(false).header().len(), 18);
    }

    #[test]
    fn a_row_places_values_and_provenance_under_their_columns_and_escapes_formulas() {
        let seats = attribute(1, "seats", json!(-3));
        let tier = attribute(2, "tier", json!("@gold"));
        let unknown = attribute(9, "gone", json!(true));
        let row = layout(true).row(&contact(), &["vip", "beta"], &[&seats, &tier, &unknown]);
        assert_eq!(row[3], "'=HYPERLINK(\"x\")");
        assert_eq!(row[4], "'+1 555 0100");
        assert_eq!(row[12], "2026-12-01T10:00:00Z");
        assert_eq!(row[14], "beta,vip");
        assert_eq!(&row[15..17], ["", ""]);
        assert_eq!(&row[17..19], ["-3", "identify 2026-12-01T10:00:00Z"]);
        assert_eq!(&row[19..21], ["'@gold", "identify 2026-12-01T10:00:00Z"]);
    }

    #[test]
    fn every_formula_lead_is_escaped_and_nothing_else() {
        for lead in ["=", "+", "-", "@", "\t", "\r"] {
            assert_eq!(escape_formula(&format!("{lead}x")), format!("'{lead}x"));
        }
        assert_eq!(escape_formula("a=b"), "a=b");
        // Its own leading quote survives a round trip through the import.
        let quoted = escape_formula("'=x");
        assert_eq!(quoted, "''=x");
        assert_eq!(
            crate::domain::contact_import::cells::unescape_formula(&quoted),
            "'=x"
        );
        assert_eq!(escape_formula("'plain"), "'plain");
        for text in ["'=x", "''=x", "'", "''", "=", "'-5", "plain"] {
            let cell = escape_formula(text);
            assert_eq!(
                crate::domain::contact_import::cells::unescape_formula(&cell),
                text,
                "{text}"
            );
        }
        assert_eq!(escape_formula(""), "");
        assert_eq!(value_cell(&json!(1.5)), "1.5");
        assert_eq!(value_cell(&json!(false)), "false");
    }

    #[test]
    fn records_are_rfc_4180() {
        let rows = [vec![
            "a,b".to_owned(),
            "say \"hi\"".to_owned(),
            "line\nbreak".to_owned(),
        ]];
        let bytes = write_records(rows.iter().map(Vec::as_slice)).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\"\r\n"
        );
    }
}

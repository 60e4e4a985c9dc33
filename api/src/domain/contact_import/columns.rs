//! Which contact field each CSV column fills: the header's own names (the export's format,
//! `docs/decisions.md` "Contact CSV import"), overridden column by column by a `mapping`.
use crate::domain::custom_data::MAX_KEY_LEN;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The profile fields a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    Email,
    ExternalId,
    Name,
    Phone,
    Company,
    City,
    Region,
    Country,
    TimeZone,
    ShopifyDomain,
    AvatarUrl,
}

impl ProfileField {
    pub const ALL: [ProfileField; 11] = [
        ProfileField::Email,
        ProfileField::ExternalId,
        ProfileField::Name,
        ProfileField::Phone,
        ProfileField::Company,
        ProfileField::City,
        ProfileField::Region,
        ProfileField::Country,
        ProfileField::TimeZone,
        ProfileField::ShopifyDomain,
        ProfileField::AvatarUrl,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProfileField::Email => "email",
            ProfileField::ExternalId => "external_id",
            ProfileField::Name => "name",
            ProfileField::Phone => "phone",
            ProfileField::Company => "company",
            ProfileField::City => "city",
            ProfileField::Region => "region",
            ProfileField::Country => "country",
            ProfileField::TimeZone => "time_zone",
            ProfileField::ShopifyDomain => "shopify_domain",
            ProfileField::AvatarUrl => "avatar_url",
        }
    }

    fn named(name: &str) -> Option<ProfileField> {
        Self::ALL.into_iter().find(|field| field.as_str() == name)
    }
}

/// What one column becomes. Spelled as in a `mapping`: a field name, `tags`,
/// `custom_data:{app_id}:{key}` or `ignore`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImportTarget {
    Field(ProfileField),
    Tags,
    CustomData { app_id: i64, key: String },
    Ignore,
}

impl ImportTarget {
    pub fn spelling(&self) -> String {
        match self {
            ImportTarget::Field(field) => field.as_str().to_owned(),
            ImportTarget::Tags => "tags".to_owned(),
            ImportTarget::CustomData { app_id, key } => format!("custom_data:{app_id}:{key}"),
            ImportTarget::Ignore => "ignore".to_owned(),
        }
    }

    /// A `mapping` value; `None` when it names nothing (the caller checks that the app exists).
    pub fn parse(spelling: &str) -> Option<ImportTarget> {
        let spelling = spelling.trim();
        match spelling {
            "tags" => return Some(ImportTarget::Tags),
            "ignore" => return Some(ImportTarget::Ignore),
            _ => {}
        }
        if let Some(field) = ProfileField::named(spelling) {
            return Some(ImportTarget::Field(field));
        }
        let (app_id, key) = spelling.strip_prefix("custom_data:")?.split_once(':')?;
        let app_id = app_id.parse().ok()?;
        (!key.is_empty()).then(|| ImportTarget::CustomData {
            app_id,
            key: key.to_owned(),
        })
    }
}

/// Why a column maps as it does, shown in the dry run's column list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MappingSource {
    /// The header names a field, `tags` or `app:{app name}:{key}`.
    Header,
    /// The request's `mapping` said so.
    Mapping,
    /// `id`, `created_at`, `updated_at` and `*:provenance`: the export's read-only columns.
    ReadOnly,
    /// A header that names nothing Convot stores.
    Unknown,
}

/// One column of the file and what it fills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedColumn {
    pub index: usize,
    pub column: String,
    /// [`ImportTarget::spelling`], so the stored mapping reads like a request's.
    pub target: String,
    pub source: MappingSource,
}

impl ResolvedColumn {
    pub fn target(&self) -> ImportTarget {
        ImportTarget::parse(&self.target).unwrap_or(ImportTarget::Ignore)
    }
}

/// An upload refused as a whole, naming the column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnProblem {
    pub code: &'static str,
    pub column: String,
    pub message: String,
}

fn problem(code: &'static str, column: &str, message: String) -> ColumnProblem {
    ColumnProblem {
        code,
        column: column.to_owned(),
        message,
    }
}

/// An app of the importing organization, as columns name it.
pub struct KnownApp<'a> {
    pub id: i64,
    pub name: &'a str,
}

/// `app:{app name}:{key}`: app names and keys may hold `:`, so the name is the first prefix
/// that names an app of the organization. `Err` when none does.
fn app_column(rest: &str, apps: &[KnownApp<'_>]) -> Result<ImportTarget, ()> {
    rest.match_indices(':')
        .find_map(|(at, _)| {
            let (name, key) = (&rest[..at], &rest[at + 1..]);
            let app = apps.iter().find(|app| app.name == name)?;
            (!key.is_empty()).then(|| ImportTarget::CustomData {
                app_id: app.id,
                key: key.to_owned(),
            })
        })
        .ok_or(())
}

/// What a header names by itself.
fn from_header(header: &str, apps: &[KnownApp<'_>]) -> Result<(ImportTarget, MappingSource), ColumnProblem> {
    let name = header.trim();
    let lower = name.to_lowercase();
    if let Some(rest) = name.strip_prefix("app:") {
        if name.ends_with(":provenance") {
            return Ok((ImportTarget::Ignore, MappingSource::ReadOnly));
        }
        return app_column(rest, apps)
            .map(|target| (target, MappingSource::Header))
            .map_err(|()| {
                problem(
                    "unknown_app",
                    header,
                    format!("Column \"{header}\" names an app this organization does not have"),
                )
            });
    }
    if let Some(rest) = name.strip_prefix("custom_data:") {
        return match ImportTarget::parse(name) {
            Some(target @ ImportTarget::CustomData { app_id, .. }) if apps.iter().any(|a| a.id == app_id) => {
                Ok((target, MappingSource::Header))
            }
            _ => Err(problem(
                "unknown_app",
                header,
                format!("Column \"{header}\" ({rest}) names no app of this organization"),
            )),
        };
    }
    Ok(match lower.as_str() {
        "id" | "created_at" | "updated_at" => (ImportTarget::Ignore, MappingSource::ReadOnly),
        "tags" => (ImportTarget::Tags, MappingSource::Header),
        other => match ProfileField::named(other) {
            Some(field) => (ImportTarget::Field(field), MappingSource::Header),
            None => (ImportTarget::Ignore, MappingSource::Unknown),
        },
    })
}

/// Every column with its target, or the first problem that refuses the upload: a mapping
/// naming a column the file lacks or a target that does not exist, an unknown app, two
/// columns filling one target, or no column that can find a contact.
pub fn resolve(
    headers: &[String],
    mapping: &BTreeMap<String, String>,
    apps: &[KnownApp<'_>],
) -> Result<Vec<ResolvedColumn>, ColumnProblem> {
    let mut seen_names: HashMap<&str, usize> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        if let Some(_first) = seen_names.insert(header.as_str(), index) {
            if !header.trim().is_empty() {
                return Err(problem(
                    "duplicate_column",
                    header,
                    format!("The header has two columns named \"{header}\""),
                ));
            }
        }
    }
    if let Some(column) = mapping
        .keys()
        .find(|column| !seen_names.contains_key(column.as_str()))
    {
        return Err(problem(
            "unknown_column",
            column,
            format!("The mapping names \"{column}\", which is not a column of the file"),
        ));
    }
    let mut columns = Vec::with_capacity(headers.len());
    let mut filled: HashMap<ImportTarget, &str> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        let (target, source) = match mapping.get(header) {
            Some(spelling) => {
                let target = ImportTarget::parse(spelling).ok_or_else(|| {
                    problem(
                        "unknown_mapping_target",
                        header,
                        format!(
                            "Column \"{header}\" is mapped to \"{spelling}\", which is not a field, \
                             \"tags\", \"custom_data:{{app_id}}:{{key}}\" or \"ignore\""
                        ),
                    )
                })?;
                if let ImportTarget::CustomData { app_id, .. } = &target {
                    if !apps.iter().any(|app| app.id == *app_id) {
                        return Err(problem(
                            "unknown_app",
                            header,
                            format!("Column \"{header}\" is mapped to app {app_id}, which is not an app of this organization"),
                        ));
                    }
                }
                (target, MappingSource::Mapping)
            }
            None => from_header(header, apps)?,
        };
        if let ImportTarget::CustomData { key, .. } = &target {
            let bad = key.trim().is_empty()
                || key.chars().count() > MAX_KEY_LEN
                || key.chars().any(char::is_control);
            if bad {
                return Err(problem(
                    "invalid_custom_data_key",
                    header,
                    format!("Column \"{header}\" fills a custom-data key that is not 1 to {MAX_KEY_LEN} printable characters"),
                ));
            }
        }
        if target != ImportTarget::Ignore {
            if let Some(other) = filled.insert(target.clone(), header) {
                return Err(problem(
                    "duplicate_mapping_target",
                    header,
                    format!(
                        "Columns \"{other}\" and \"{header}\" both fill {}",
                        target.spelling()
                    ),
                ));
            }
        }
        columns.push(ResolvedColumn {
            index,
            column: header.clone(),
            target: target.spelling(),
            source,
        });
    }
    let finds = [ProfileField::Email, ProfileField::ExternalId]
        .into_iter()
        .any(|field| filled.contains_key(&ImportTarget::Field(field)));
    if !finds {
        return Err(problem(
            "missing_identity_column",
            "",
            "No column fills email or external_id, so no row could find or create a contact".to_owned(),
        ));
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPS: [KnownApp<'static>; 2] = [
        KnownApp {
            id: 7,
            name: "Product Reviews",
        },
        KnownApp {
            id: 9,
            name: "Up:sell",
        },
    ];

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn targets(columns: &[ResolvedColumn]) -> Vec<&str> {
        columns.iter().map(|c| c.target.as_str()).collect()
    }

    #[test]
    fn the_export_header_maps_itself() {
        let columns = resolve(
            &headers(&[
                "id",
                "email",
                "Name",
                "tags",
                "created_at",
                "app:Product Reviews:plan",
                "app:Product Reviews:plan:provenance",
                "app:Up:sell:a:b",
                "notes",
            ]),
            &BTreeMap::new(),
            &APPS,
        )
        .unwrap();
        assert_eq!(
            targets(&columns),
            vec![
                "ignore",
                "email",
                "name",
                "tags",
                "ignore",
                "custom_data:7:plan",
                "ignore",
                "custom_data:9:a:b",
                "ignore"
            ]
        );
        assert_eq!(columns[0].source, MappingSource::ReadOnly);
        assert_eq!(columns[8].source, MappingSource::Unknown);
    }

    #[test]
    fn a_mapping_overrides_the_header() {
        let mapping = BTreeMap::from([
            ("E-mail".to_owned(), "email".to_owned()),
            ("Plan".to_owned(), "custom_data:7:plan".to_owned()),
            ("name".to_owned(), "ignore".to_owned()),
        ]);
        let columns = resolve(&headers(&["E-mail", "Plan", "name"]), &mapping, &APPS).unwrap();
        assert_eq!(targets(&columns), vec!["email", "custom_data:7:plan", "ignore"]);
        assert!(columns.iter().all(|c| c.source == MappingSource::Mapping));
    }

    #[test]
    fn bad_uploads_name_the_column() {
        let none = BTreeMap::new();
        let err = resolve(&headers(&["email", "app:Nope:plan"]), &none, &APPS).unwrap_err();
        assert_eq!((err.code, err.column.as_str()), ("unknown_app", "app:Nope:plan"));
        let map = |c: &str, t: &str| BTreeMap::from([(c.to_owned(), t.to_owned())]);
        let err = resolve(&headers(&["email", "x"]), &map("x", "birthday"), &APPS).unwrap_err();
        assert_eq!((err.code, err.column.as_str()), ("unknown_mapping_target", "x"));
        let err = resolve(&headers(&["email", "x"]), &map("x", "custom_data:8:k"), &APPS).unwrap_err();
        assert_eq!(err.code, "unknown_app");
        let err = resolve(&headers(&["email", "x"]), &map("x", "email"), &APPS).unwrap_err();
        assert_eq!((err.code, err.column.as_str()), ("duplicate_mapping_target", "x"));
        let err = resolve(&headers(&["email", "x"]), &map("y", "name"), &APPS).unwrap_err();
        assert_eq!(err.code, "unknown_column");
        let err = resolve(&headers(&["name", "phone"]), &none, &APPS).unwrap_err();
        assert_eq!(err.code, "missing_identity_column");
        let err = resolve(&headers(&["email", "email"]), &none, &APPS).unwrap_err();
        assert_eq!(err.code, "duplicate_column");
        let long = format!("app:Product Reviews:{}", "k".repeat(65));
        let err = resolve(&headers(&["email", &long]), &none, &APPS).unwrap_err();
        assert_eq!(
            (err.code, err.column.as_str()),
            ("invalid_custom_data_key", long.as_str())
        );
    }
}

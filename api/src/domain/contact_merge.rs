//! The rules of a manual merge (SPEC §5), without I/O: which `choose` keys exist, which value
//! each profile field and each custom-data key keeps, and when two contacts cannot be one.
use crate::domain::contact::{Contact, ContactChanges};
use crate::domain::custom_data::CustomAttribute;
use crate::domain::text_enum::text_enum;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

text_enum! {
    /// Which contact a chosen value comes from.
    pub enum Side {
        /// The merged (disappearing) contact, `from_contact_id`.
        From = "from",
        /// The survivor, the contact in the path.
        Into = "into",
    }
}

text_enum! {
    /// The profile fields a merge can pick, named as `PATCH /contacts/{id}` names them
    /// (`location` is city, region and country together, as the patch sends it).
    pub enum MergeField {
        Name = "name",
        Email = "email",
        Phone = "phone",
        Company = "company",
        ExternalId = "external_id",
        AvatarUrl = "avatar_url",
        Location = "location",
        TimeZone = "time_zone",
        ShopifyDomain = "shopify_domain",
    }
}

/// The parsed `choose` object: profile fields, and custom-data keys by (app, key).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    pub fields: BTreeMap<MergeField, Side>,
    pub custom_data: BTreeMap<AppKey, Side>,
}

impl PartialOrd for MergeField {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MergeField {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

pub const CUSTOM_DATA_PREFIX: &str = "custom_data:";

/// A custom-data key of one app: `(app_id, key)`.
pub type AppKey = (i64, String);

/// Parses `choose` (`{key: "from"|"into"}`); each bad key or value is reported as
/// `choose.{key}`, all at once.
pub fn parse_choices<'a>(
    choose: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Choices, BTreeMap<String, String>> {
    let mut choices = Choices::default();
    let mut problems = BTreeMap::new();
    for (key, value) in choose {
        let Ok(side) = value.parse::<Side>() else {
            problems.insert(format!("choose.{key}"), "must be \"from\" or \"into\"".to_owned());
            continue;
        };
        if let Some(rest) = key.strip_prefix(CUSTOM_DATA_PREFIX) {
            match rest.split_once(':') {
                Some((app, name)) if !name.is_empty() && app.parse::<i64>().is_ok() => {
                    choices
                        .custom_data
                        .insert((app.parse().unwrap_or_default(), name.to_owned()), side);
                }
                _ => {
                    problems.insert(
                        format!("choose.{key}"),
                        "must be custom_data:{app_id}:{key}".to_owned(),
                    );
                }
            }
        } else if let Ok(field) = key.parse::<MergeField>() {
            choices.fields.insert(field, side);
        } else {
            let known = MergeField::ALL
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            problems.insert(
                format!("choose.{key}"),
                format!("is not a field that can be chosen ({known}, or custom_data:{{app_id}}:{{key}})"),
            );
        }
    }
    if problems.is_empty() {
        Ok(choices)
    } else {
        Err(problems)
    }
}

/// Two different non-empty external ids are two different people (SPEC §5): never merged.
pub fn external_ids_conflict(into: &Contact, from: &Contact) -> bool {
    match (filled(&into.external_id), filled(&from.external_id)) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    }
}

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The survivor's new profile columns: each field is the chosen side's value, by default the
/// survivor's when non-empty, else the merged contact's. Only differing columns are set.
pub fn profile_changes(into: &Contact, from: &Contact, choices: &Choices) -> ContactChanges {
    let side = |field: MergeField, into_empty: bool| {
        choices
            .fields
            .get(&field)
            .copied()
            .unwrap_or(if into_empty { Side::From } else { Side::Into })
    };
    let pick = |field: MergeField, a: &Option<String>, b: &Option<String>| -> Option<Option<String>> {
        match side(field, filled(a).is_none()) {
            Side::From if a != b => Some(b.clone()),
            _ => None,
        }
    };
    let mut changes = ContactChanges {
        name: pick(MergeField::Name, &into.name, &from.name),
        email: pick(MergeField::Email, &into.email, &from.email),
        phone: pick(MergeField::Phone, &into.phone, &from.phone),
        company: pick(MergeField::Company, &into.company, &from.company),
        external_id: pick(MergeField::ExternalId, &into.external_id, &from.external_id),
        avatar_url: pick(MergeField::AvatarUrl, &into.avatar_url, &from.avatar_url),
        time_zone: pick(MergeField::TimeZone, &into.time_zone, &from.time_zone),
        shopify_domain: pick(
            MergeField::ShopifyDomain,
            &into.shopify_domain,
            &from.shopify_domain,
        ),
        ..ContactChanges::default()
    };
    // Whether browsers may load the avatar goes with the avatar.
    if changes.avatar_url.is_some() {
        changes.avatar_trusted = Some(from.avatar_trusted);
    }
    let into_location = [&into.city, &into.region, &into.country];
    let location_empty = into_location.iter().all(|part| filled(part).is_none());
    if side(MergeField::Location, location_empty) == Side::From
        && into_location != [&from.city, &from.region, &from.country]
    {
        changes.city = Some(from.city.clone());
        changes.region = Some(from.region.clone());
        changes.country = Some(from.country.clone());
    }
    changes
}

/// The (app, key)s whose value comes from the merged contact: those only it has are moved
/// anyway; of those both have, the chosen side, by default the newer `updated_at` (a tie
/// keeps the survivor's). Fails with the chosen keys neither contact has.
pub fn custom_data_from_merged(
    into: &[CustomAttribute],
    from: &[CustomAttribute],
    choices: &Choices,
) -> Result<BTreeSet<AppKey>, Vec<AppKey>> {
    let stamp = |list: &[CustomAttribute]| -> BTreeMap<AppKey, DateTime<Utc>> {
        list.iter()
            .map(|a| ((a.app_id, a.key.clone()), a.updated_at))
            .collect()
    };
    let (into_keys, from_keys) = (stamp(into), stamp(from));
    let unknown: Vec<_> = choices
        .custom_data
        .keys()
        .filter(|k| !into_keys.contains_key(*k) && !from_keys.contains_key(*k))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    Ok(from_keys
        .iter()
        .filter(|(key, from_at)| match into_keys.get(*key) {
            None => false, // moved by the merge without replacing anything
            Some(into_at) => match choices.custom_data.get(*key) {
                Some(side) => *side == Side::From,
                None => *from_at > into_at,
            },
        })
        .map(|(key, _)| key.clone())
        .collect())
}

/// One line of a survivor's merge history.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeRecord {
    pub merged_contact_id: i64,
    pub into_contact_id: i64,
    pub merged_contact_label: String,
    pub merged_by_user_id: Option<i64>,
    /// The merging user's name while they exist.
    pub merged_by_name: Option<String>,
    pub merged_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_data::CustomDataSource;
    use chrono::TimeZone;

    fn contact(id: i64) -> Contact {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Contact::blank(id, at)
    }

    fn attribute(app_id: i64, key: &str, hour: u32) -> CustomAttribute {
        CustomAttribute {
            contact_id: 0,
            app_id,
            key: key.to_owned(),
            value: serde_json::json!(hour),
            source: CustomDataSource::Api,
            verified: true,
            updated_at: Utc.with_ymd_and_hms(2026, 1, 1, hour, 0, 0).unwrap(),
        }
    }

    #[test]
    fn choose_keys_parse_and_bad_ones_are_all_named() {
        let choices = parse_choices([("name", "from"), ("custom_data:3:plan", "into")]).unwrap();
        assert_eq!(choices.fields[&MergeField::Name], Side::From);
        assert_eq!(choices.custom_data[&(3, "plan".to_owned())], Side::Into);
        let problems = parse_choices([
            ("nickname", "from"),
            ("email", "both"),
            ("custom_data:x:plan", "from"),
        ])
        .unwrap_err();
        assert_eq!(
            problems.keys().collect::<Vec<_>>(),
            ["choose.custom_data:x:plan", "choose.email", "choose.nickname"]
        );
    }

    #[test]
    fn the_survivors_filled_fields_win_unless_chosen() {
        let mut into = contact(1);
        into.name = Some("Ana".into());
        into.city = Some("Lisbon".into());
        let mut from = contact(2);
        from.name = Some("Ana Silva".into());
        from.email = Some("ana@example.com".into());
        from.phone = Some("+351".into());
        from.country = Some("PT".into());
        let changes = profile_changes(&into, &from, &Choices::default());
        assert_eq!(changes.name, None);
        assert_eq!(changes.email, Some(Some("ana@example.com".into())));
        assert_eq!(changes.city, None, "the survivor has a location");
        let chosen = parse_choices([("name", "from"), ("location", "from"), ("phone", "into")]).unwrap();
        let changes = profile_changes(&into, &from, &chosen);
        assert_eq!(changes.name, Some(Some("Ana Silva".into())));
        assert_eq!(changes.city, Some(None));
        assert_eq!(changes.country, Some(Some("PT".into())));
        assert_eq!(changes.phone, None, "into keeps the survivor's empty phone");
    }

    #[test]
    fn different_external_ids_conflict_and_one_missing_does_not() {
        let (mut a, mut b) = (contact(1), contact(2));
        assert!(!external_ids_conflict(&a, &b));
        a.external_id = Some("u1".into());
        assert!(!external_ids_conflict(&a, &b));
        b.external_id = Some("u2".into());
        assert!(external_ids_conflict(&a, &b));
        b.external_id = Some("u1".into());
        assert!(!external_ids_conflict(&a, &b));
    }

    #[test]
    fn custom_data_newer_wins_unless_picked_and_unknown_keys_fail() {
        let into = [attribute(1, "plan", 5), attribute(1, "seats", 9)];
        let from = [
            attribute(1, "plan", 7),
            attribute(1, "seats", 3),
            attribute(2, "only", 1),
        ];
        let taken = custom_data_from_merged(&into, &from, &Choices::default()).unwrap();
        assert_eq!(taken.into_iter().collect::<Vec<_>>(), [(1, "plan".to_owned())]);
        let chosen =
            parse_choices([("custom_data:1:plan", "into"), ("custom_data:1:seats", "from")]).unwrap();
        let taken = custom_data_from_merged(&into, &from, &chosen).unwrap();
        assert_eq!(taken.into_iter().collect::<Vec<_>>(), [(1, "seats".to_owned())]);
        let unknown = parse_choices([("custom_data:9:nope", "from")]).unwrap();
        assert_eq!(
            custom_data_from_merged(&into, &from, &unknown).unwrap_err(),
            [(9, "nope".to_owned())]
        );
    }
}

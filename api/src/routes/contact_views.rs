//! Contact representations in responses, and the profile fields requests may send.
use crate::domain::contact::Contact as ContactRecord;
use crate::domain::display::{display_name, initials};
use crate::domain::presence::{presence_at, Presence};
use crate::domain::profile::RawProfile;
use crate::routes::patch::sent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ContactSummary {
    pub id: i64,
    /// Name, else email, else "Visitor #id".
    pub display_name: String,
    pub initials: String,
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub company: Option<String>,
    #[schema(required = true)]
    pub external_id: Option<String>,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    /// False when an unverified identify set `avatar_url`: the SPA shows initials instead of
    /// loading it, so whoever set it never learns agents' addresses.
    pub avatar_trusted: bool,
    pub presence: Presence,
    #[schema(required = true)]
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Location {
    #[schema(required = true)]
    pub city: Option<String>,
    #[schema(required = true)]
    pub region: Option<String>,
    #[schema(required = true)]
    pub country: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Contact {
    pub id: i64,
    pub display_name: String,
    pub initials: String,
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub phone: Option<String>,
    #[schema(required = true)]
    pub company: Option<String>,
    #[schema(required = true)]
    pub external_id: Option<String>,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    /// False when an unverified identify set `avatar_url`: the SPA shows initials instead of
    /// loading it, so whoever set it never learns agents' addresses.
    pub avatar_trusted: bool,
    pub location: Location,
    /// IANA time zone reported by the widget.
    #[schema(required = true)]
    pub time_zone: Option<String>,
    #[schema(required = true)]
    pub shopify_domain: Option<String>,
    pub presence: Presence,
    #[schema(required = true)]
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn presence_now(c: &ContactRecord) -> Presence {
    presence_at(
        Utc::now(),
        c.last_heartbeat_at,
        c.heartbeat_visible,
        c.last_activity_at,
    )
}

impl ContactSummary {
    pub fn from_record(c: ContactRecord) -> ContactSummary {
        ContactSummary {
            id: c.id,
            display_name: display_name(c.id, c.name.as_deref(), c.email.as_deref()),
            initials: initials(c.name.as_deref(), c.email.as_deref()),
            presence: presence_now(&c),
            email: c.email,
            name: c.name,
            company: c.company,
            external_id: c.external_id,
            avatar_url: c.avatar_url,
            avatar_trusted: c.avatar_trusted,
            last_seen_at: c.last_seen_at,
            created_at: c.created_at,
        }
    }
}

impl Contact {
    pub fn from_record(c: ContactRecord) -> Contact {
        Contact {
            id: c.id,
            display_name: display_name(c.id, c.name.as_deref(), c.email.as_deref()),
            initials: initials(c.name.as_deref(), c.email.as_deref()),
            presence: presence_now(&c),
            email: c.email,
            name: c.name,
            phone: c.phone,
            company: c.company,
            external_id: c.external_id,
            avatar_url: c.avatar_url,
            avatar_trusted: c.avatar_trusted,
            location: Location {
                city: c.city,
                region: c.region,
                country: c.country,
            },
            time_zone: c.time_zone,
            shopify_domain: c.shopify_domain,
            last_seen_at: c.last_seen_at,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// Location as sent: each part may be set, or cleared with `null`.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct LocationInput {
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<String>)]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<String>)]
    pub region: Option<Option<String>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<String>)]
    pub country: Option<Option<String>>,
}

/// Declares a request struct with the editable profile fields (each absent, a value, or `null`
/// to clear), then the struct's own fields. `ContactPatch` and `ContactUpsert` take the same
/// profile fields; a macro and not `#[serde(flatten)]` because flatten does not combine with
/// `deny_unknown_fields` (an unknown key would be reported without the accepted ones, once the
/// whole body is read) and utoipa would document an `allOf` whose `additionalProperties: false`
/// part refuses the outer struct's own fields.
macro_rules! with_profile_fields {
    ($(#[$attr:meta])* pub struct $name:ident { $($own:tt)* }) => {
        $(#[$attr])*
        pub struct $name {
            #[serde(default, deserialize_with = "sent")]
            #[schema(value_type = Option<String>, example = "ada@example.com")]
            pub email: Option<Option<String>>,
            #[serde(default, deserialize_with = "sent")]
            #[schema(value_type = Option<String>)]
            pub external_id: Option<Option<String>>,
            #[serde(default, deserialize_with = "sent")]
            #[schema(value_type = Option<String>)]
            pub name: Option<Option<String>>,
            #[serde(default, deserialize_with = "sent")]
            #[schema(value_type = Option<String>)]
            pub phone: Option<Option<String>>,
            #[serde(default, deserialize_with = "sent")]
            #[schema(value_type = Option<String>)]
            pub company: Option<Option<String>>,
            /// http or https only; never fetched by the server.
            #[serde(default, deserialize_with = "sent")]
            #[schema(value_type = Option<String>)]
            pub avatar_url: Option<Option<String>>,
            /// IANA name, e.g. `Europe/Paris`.
            #[serde(default, deserialize_with = "sent")]
            #[schema(value_type = Option<String>)]
            pub time_zone: Option<Option<String>>,
            #[serde(default, deserialize_with = "crate::routes::extract::object_or_null")]
            pub location: Option<LocationInput>,
            $($own)*
        }
    };
}

with_profile_fields! {
    /// Editable profile fields. Only the fields sent change; `null` clears one. Anything else
    /// (`id`, timestamps, unknown keys) is refused with 422.
    #[derive(Deserialize, ToSchema, Default)]
    #[serde(deny_unknown_fields)]
    pub struct ContactPatch {}
}

impl ContactPatch {
    pub fn into_raw(self) -> RawProfile {
        let location = self.location.unwrap_or_default();
        RawProfile {
            email: self.email,
            external_id: self.external_id,
            name: self.name,
            phone: self.phone,
            company: self.company,
            avatar_url: self.avatar_url,
            time_zone: self.time_zone,
            city: location.city,
            region: location.region,
            country: location.country,
        }
    }
}

with_profile_fields! {
    /// `POST /contacts`: the profile fields plus this app's custom data. Unknown keys are
    /// refused with 422 (no mass assignment).
    #[derive(Deserialize, ToSchema, Default)]
    #[serde(deny_unknown_fields)]
    pub struct ContactUpsert {
        /// Merged into the API key's app: string, number or boolean values; `null` deletes a key.
        #[schema(value_type = Option<Object>)]
        pub custom_data: Option<Map<String, Value>>,
    }
}

impl ContactUpsert {
    pub fn into_parts(self) -> (RawProfile, Option<Map<String, Value>>) {
        let profile = ContactPatch {
            email: self.email,
            external_id: self.external_id,
            name: self.name,
            phone: self.phone,
            company: self.company,
            avatar_url: self.avatar_url,
            time_zone: self.time_zone,
            location: self.location,
        };
        (profile.into_raw(), self.custom_data)
    }
}

/// One app's custom data on the profile.
#[derive(Serialize, ToSchema)]
pub struct AppCustomDataGroup {
    pub app_id: i64,
    pub app_name: String,
    /// Ordered by key, each with its provenance.
    pub items: Vec<crate::routes::custom_data::CustomDataEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactCounts {
    /// In the apps the caller may see.
    pub conversations: u64,
    /// In apps the caller may not see (always 0 for owners and admins). An agent may merge
    /// the contact only while this is 0.
    pub hidden_conversations: u64,
    pub events: u64,
}

/// One line of the survivor's merge history: "Ana merged Visitor #12 · 3 h ago".
#[derive(Serialize, ToSchema)]
pub struct ContactMergeEntry {
    /// The merged-away contact's id; it answers 404 with `details.merged_into`.
    pub merged_contact_id: i64,
    /// The merged contact's display name when it was merged.
    pub merged_contact_label: String,
    #[schema(required = true)]
    pub merged_by_user_id: Option<i64>,
    /// The merging agent's name, while that user exists.
    #[schema(required = true)]
    pub merged_by_name: Option<String>,
    pub merged_at: DateTime<Utc>,
}

impl ContactMergeEntry {
    pub fn from_record(m: crate::domain::contact_merge::MergeRecord) -> ContactMergeEntry {
        ContactMergeEntry {
            merged_contact_id: m.merged_contact_id,
            merged_contact_label: m.merged_contact_label,
            merged_by_user_id: m.merged_by_user_id,
            merged_by_name: m.merged_by_name,
            merged_at: m.merged_at,
        }
    }
}

/// The full profile: the contact, custom data per app, tags and counts.
#[derive(Serialize, ToSchema)]
pub struct ContactProfile {
    #[serde(flatten)]
    pub contact: Contact,
    pub custom_data: Vec<AppCustomDataGroup>,
    pub tags: Vec<crate::routes::conversation_views::TagRef>,
    pub counts: ContactCounts,
    /// Contacts merged into this one, newest first (at most 50).
    pub merges: Vec<ContactMergeEntry>,
}

impl ContactProfile {
    pub fn from_data(data: crate::services::contact_profile_view::ProfileData) -> ContactProfile {
        ContactProfile {
            contact: Contact::from_record(data.contact),
            custom_data: data
                .custom_data
                .into_iter()
                .map(|(app, items)| AppCustomDataGroup {
                    app_id: app.id,
                    app_name: app.name,
                    items: items
                        .into_iter()
                        .map(crate::routes::custom_data::CustomDataEntry::from_record)
                        .collect(),
                })
                .collect(),
            tags: data
                .tags
                .into_iter()
                .map(crate::routes::conversation_views::TagRef::from_record)
                .collect(),
            counts: ContactCounts {
                conversations: data.conversation_count,
                hidden_conversations: data.hidden_conversation_count,
                events: data.event_count,
            },
            merges: data
                .merges
                .into_iter()
                .map(ContactMergeEntry::from_record)
                .collect(),
        }
    }
}

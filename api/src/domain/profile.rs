//! Contact profile fields as sent by identify, the server API or an agent: validated once,
//! then applied either as overwrites (trusted writers) or as fills of blank fields only.
use crate::domain::email::EmailAddress;
use std::collections::BTreeMap;
use std::str::FromStr;

/// What a request asks of one field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    pub fn is_keep(&self) -> bool {
        matches!(self, Patch::Keep)
    }
}

/// Raw input: `None` = not sent, `Some(None)` = sent as null.
#[derive(Clone, Debug, Default)]
pub struct RawProfile {
    pub email: Option<Option<String>>,
    pub external_id: Option<Option<String>>,
    pub name: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub company: Option<Option<String>>,
    pub avatar_url: Option<Option<String>>,
    pub time_zone: Option<Option<String>>,
    pub city: Option<Option<String>>,
    pub region: Option<Option<String>>,
    pub country: Option<Option<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfilePatch {
    pub email: Patch<String>,
    pub external_id: Patch<String>,
    pub name: Patch<String>,
    pub phone: Patch<String>,
    pub company: Patch<String>,
    pub avatar_url: Patch<String>,
    pub time_zone: Patch<String>,
    pub city: Patch<String>,
    pub region: Patch<String>,
    pub country: Patch<String>,
}

type Problems = BTreeMap<String, String>;

impl ProfilePatch {
    pub fn parse(raw: RawProfile) -> Result<ProfilePatch, Problems> {
        let mut problems = Problems::new();
        let mut field =
            |name: &str, value: Option<Option<String>>, check: &dyn Fn(&str) -> Result<String, String>| {
                match value {
                    None => Patch::Keep,
                    Some(None) => Patch::Clear,
                    Some(Some(text)) if text.trim().is_empty() => Patch::Clear,
                    Some(Some(text)) => match check(text.trim()) {
                        Ok(clean) => Patch::Set(clean),
                        Err(problem) => {
                            problems.insert(name.to_owned(), problem);
                            Patch::Keep
                        }
                    },
                }
            };
        let patch = ProfilePatch {
            email: field("email", raw.email, &|v| {
                EmailAddress::parse(v)
                    .map(EmailAddress::into_string)
                    .map_err(str::to_owned)
            }),
            external_id: field("external_id", raw.external_id, &|v| plain_text(v, 255)),
            name: field("name", raw.name, &|v| plain_text(v, 255)),
            phone: field("phone", raw.phone, &phone),
            company: field("company", raw.company, &|v| plain_text(v, 255)),
            avatar_url: field("avatar_url", raw.avatar_url, &avatar_url),
            time_zone: field("time_zone", raw.time_zone, &time_zone),
            city: field("location.city", raw.city, &|v| plain_text(v, 100)),
            region: field("location.region", raw.region, &|v| plain_text(v, 100)),
            country: field("location.country", raw.country, &|v| plain_text(v, 100)),
        };
        if problems.is_empty() {
            Ok(patch)
        } else {
            Err(problems)
        }
    }
}

fn plain_text(value: &str, max: usize) -> Result<String, String> {
    if value.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    Ok(value.to_owned())
}

fn phone(value: &str) -> Result<String, String> {
    let ok = value.chars().count() <= 50
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_digit() || " +-().x".contains(c));
    if ok {
        Ok(value.to_owned())
    } else {
        Err("must be a phone number: digits, spaces and + - ( ) . x, at most 50 characters".into())
    }
}

/// http(s) only: the server never fetches it, and browsers must not be handed `javascript:`.
fn avatar_url(value: &str) -> Result<String, String> {
    if value.len() > 2048 {
        return Err("must be at most 2048 characters".into());
    }
    match reqwest::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
            Ok(url.to_string())
        }
        _ => Err("must be an http or https URL".into()),
    }
}

fn time_zone(value: &str) -> Result<String, String> {
    chrono_tz::Tz::from_str(value)
        .map(|tz| tz.name().to_owned())
        .map_err(|_| "must be an IANA time zone name such as Europe/Paris".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(value: &str) -> Option<Option<String>> {
        Some(Some(value.to_owned()))
    }

    #[test]
    fn valid_fields_are_normalized_and_blank_means_clear() {
        let patch = ProfilePatch::parse(RawProfile {
            email: set(" Ada@Example.com "),
            avatar_url: set("https://cdn.example.com/a.png"),
            time_zone: set("Europe/Paris"),
            name: set("   "),
            company: Some(None),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(patch.email, Patch::Set("ada@example.com".into()));
        assert_eq!(patch.time_zone, Patch::Set("Europe/Paris".into()));
        assert_eq!(patch.name, Patch::Clear);
        assert_eq!(patch.company, Patch::Clear);
        assert_eq!(patch.phone, Patch::Keep);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let problems = ProfilePatch::parse(RawProfile {
            email: set("not-an-email"),
            avatar_url: set("javascript:alert(1)"),
            time_zone: set("Mars/Olympus"),
            phone: set("call me"),
            name: set(&"n".repeat(256)),
            city: set("a\u{0}b"),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = problems.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            vec![
                "avatar_url",
                "email",
                "location.city",
                "name",
                "phone",
                "time_zone"
            ]
        );
    }

    #[test]
    fn file_and_data_urls_are_not_avatars() {
        for url in [
            "file:///etc/passwd",
            "data:image/png;base64,AAAA",
            "ftp://x.io/a.png",
            "//x.io/a.png",
        ] {
            assert!(avatar_url(url).is_err(), "{url}");
        }
    }
}

//! What makes an endpoint's settings valid: an `https://` URL (or any URL to the inside of
//! the network when configuration allows it), known topics, a short description.
use crate::domain::webhook::address::classify;
use crate::domain::webhook::topic::Topic;
use std::collections::BTreeMap;
use std::net::IpAddr;
use url::{Host, Url};

pub const MAX_URL_LENGTH: usize = 2048;
pub const MAX_DESCRIPTION_LENGTH: usize = 500;

/// The URL if it may be an endpoint; the reason otherwise. A host name is checked again on
/// every delivery, against the addresses it then resolves to.
pub fn validate_url(text: &str, allow_private: bool) -> Result<Url, String> {
    let text = text.trim();
    if text.len() > MAX_URL_LENGTH {
        return Err(format!("must be at most {MAX_URL_LENGTH} characters"));
    }
    let url = Url::parse(text).map_err(|err| format!("is not a URL ({err})"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        "http" => return Err("must start with https://".to_owned()),
        _ => return Err("must be an https:// URL".to_owned()),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password".to_owned());
    }
    if url.fragment().is_some() {
        return Err("must not have a #fragment".to_owned());
    }
    let address = match url.host() {
        None => return Err("must name a host".to_owned()),
        Some(Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        Some(Host::Domain(_)) => None,
    };
    if let Some(address) = address {
        let class = classify(address);
        if !class.allowed(allow_private) {
            return Err(format!(
                "points at a {} address, which webhooks may not reach",
                class.describe()
            ));
        }
    }
    Ok(url)
}

/// Known topics, each once, in the order given; at least one.
pub fn validate_topics(topics: &[String]) -> Result<Vec<Topic>, String> {
    if topics.is_empty() {
        return Err("must name at least one topic".to_owned());
    }
    let mut unique = Vec::new();
    for name in topics {
        let topic: Topic = name.parse().map_err(|_| format!("{name:?} is not a topic"))?;
        if !unique.contains(&topic) {
            unique.push(topic);
        }
    }
    Ok(unique)
}

pub fn validate_description(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > MAX_DESCRIPTION_LENGTH {
        return Err(format!("must be at most {MAX_DESCRIPTION_LENGTH} characters"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err("must not hold control characters".to_owned());
    }
    Ok(text.to_owned())
}

/// The settings of a create or an edit, every field checked, the failures by field.
pub struct EndpointInput<'a> {
    pub url: Option<&'a str>,
    pub topics: Option<&'a [String]>,
    pub description: Option<&'a str>,
}

pub struct ValidEndpoint {
    pub url: Option<String>,
    pub topics: Option<Vec<Topic>>,
    pub description: Option<String>,
}

pub fn validate(
    input: EndpointInput<'_>,
    allow_private: bool,
) -> Result<ValidEndpoint, BTreeMap<String, String>> {
    let mut problems = BTreeMap::new();
    let url = keep(
        &mut problems,
        "url",
        input.url.map(|url| validate_url(url, allow_private)),
    );
    let topics = keep(&mut problems, "topics", input.topics.map(validate_topics));
    let description = keep(
        &mut problems,
        "description",
        input.description.map(validate_description),
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ValidEndpoint {
        url: url.map(String::from),
        topics,
        description,
    })
}

/// The value of a field that was sent and is valid; a failure is noted under the field's name.
fn keep<T>(
    problems: &mut BTreeMap<String, String>,
    field: &str,
    checked: Option<Result<T, String>>,
) -> Option<T> {
    match checked? {
        Ok(value) => Some(value),
        Err(problem) => {
            problems.insert(field.to_owned(), problem);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_unless_private_receivers_are_allowed() {
        assert!(validate_url("https://hooks.example.com/convot", false).is_ok());
        assert!(validate_url("http://hooks.example.com/convot", false).is_err());
        assert!(validate_url("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(validate_url("ftp://hooks.example.com/", true).is_err());
        assert!(validate_url("https://user:pw@hooks.example.com/", false).is_err());
        assert!(validate_url("not a url", false).is_err());
    }

    #[test]
    fn address_literals_inside_the_network_are_refused() {
        for url in [
            "https://127.0.0.1/",
            "https://10.0.0.8/",
            "https://169.254.10.1/",
            "https://[fd00::1]/",
            "https://[::ffff:192.168.0.1]/",
            "https://2130706433/",
        ] {
            assert!(validate_url(url, false).is_err(), "{url}");
        }
        assert!(validate_url("http://169.254.169.254/latest/meta-data", true).is_err());
        assert!(validate_url("http://[fd00:ec2::254]/", true).is_err());
    }

    #[test]
    fn topics_must_be_known_and_are_kept_once() {
        let topics = [
            "event.created".to_owned(),
            "event.created".to_owned(),
            "contact.created".to_owned(),
        ];
        assert_eq!(
            validate_topics(&topics),
            Ok(vec![Topic::EventCreated, Topic::ContactCreated])
        );
        assert!(validate_topics(&[]).is_err());
        assert!(validate_topics(&["contact.*".to_owned()]).is_err());
    }
}

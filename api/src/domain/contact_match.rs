//! The server API's find-or-create rule (SPEC §3 "Server API"), decided from the two
//! lookups it needs, so `POST /contacts` and the CSV import apply one rule whether the
//! contacts were read one by one or a batch at a time.
use crate::domain::contact::Contact;
use crate::domain::profile::{Patch, ProfilePatch};

/// Which contact a trusted write lands on.
#[derive(Debug, PartialEq)]
pub enum Match<'a> {
    Existing(&'a Contact),
    New,
}

/// The write would take an identity another contact holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    Email,
    ExternalId,
}

/// `by_external_id` and `by_email` are the organization's contacts holding the patch's
/// external_id and email (when it sets them). Found by external_id, else by email unless
/// that contact's external_id differs (another person); the email or external_id the write
/// sets must not belong to a contact other than the one it lands on.
pub fn find_or_create<'a>(
    patch: &ProfilePatch,
    by_external_id: Option<&'a Contact>,
    by_email: Option<&'a Contact>,
) -> Result<Match<'a>, Taken> {
    let by_external_id = by_external_id.filter(|_| matches!(patch.external_id, Patch::Set(_)));
    let by_email = by_email.filter(|_| matches!(patch.email, Patch::Set(_)));
    let found = by_external_id.or_else(|| by_email.filter(|c| !differs(&patch.external_id, &c.external_id)));
    let landing = found.map(|c| c.id);
    if by_email.is_some_and(|owner| Some(owner.id) != landing) {
        return Err(Taken::Email);
    }
    if by_external_id.is_some_and(|owner| Some(owner.id) != landing) {
        return Err(Taken::ExternalId);
    }
    Ok(found.map_or(Match::New, Match::Existing))
}

fn differs(given: &Patch<String>, stored: &Option<String>) -> bool {
    matches!((given, stored), (Patch::Set(given), Some(stored)) if given != stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: i64, email: Option<&str>, external_id: Option<&str>) -> Contact {
        let at = chrono::DateTime::UNIX_EPOCH;
        Contact {
            email: email.map(str::to_owned),
            external_id: external_id.map(str::to_owned),
            ..Contact::blank(id, at)
        }
    }

    fn patch(email: Option<&str>, external_id: Option<&str>) -> ProfilePatch {
        let set = |v: Option<&str>| v.map_or(Patch::Keep, |v| Patch::Set(v.to_owned()));
        ProfilePatch {
            email: set(email),
            external_id: set(external_id),
            ..ProfilePatch::default()
        }
    }

    #[test]
    fn external_id_wins_then_email() {
        let a = contact(1, Some("a@x.io"), Some("u1"));
        let b = contact(2, Some("b@x.io"), None);
        assert_eq!(
            find_or_create(&patch(None, Some("u1")), Some(&a), None),
            Ok(Match::Existing(&a))
        );
        assert_eq!(
            find_or_create(&patch(Some("b@x.io"), None), None, Some(&b)),
            Ok(Match::Existing(&b))
        );
        assert_eq!(
            find_or_create(&patch(Some("b@x.io"), Some("u9")), None, Some(&b)),
            Ok(Match::Existing(&b))
        );
        assert_eq!(
            find_or_create(&patch(Some("n@x.io"), None), None, None),
            Ok(Match::New)
        );
    }

    #[test]
    fn another_contacts_identity_is_never_taken() {
        let a = contact(1, Some("a@x.io"), Some("u1"));
        let b = contact(2, Some("b@x.io"), Some("u2"));
        // Found by external_id, but the email is b's.
        assert_eq!(
            find_or_create(&patch(Some("b@x.io"), Some("u1")), Some(&a), Some(&b)),
            Err(Taken::Email)
        );
        // The email's contact is another person (other external_id), and the email is theirs.
        assert_eq!(
            find_or_create(&patch(Some("b@x.io"), Some("u9")), None, Some(&b)),
            Err(Taken::Email)
        );
    }
}

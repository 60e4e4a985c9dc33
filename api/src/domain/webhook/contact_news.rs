//! Which contact topics a write is news of, for integrators.
use crate::domain::contact::Contact;
use crate::domain::webhook::payload::WebhookContact;
use crate::domain::webhook::topic::Topic;

/// What an identify tells integrators, in order: a new contact, or a merge of the visitor's
/// anonymous contact (its payload is the profile as it now is), then that a session was
/// identified as the contact (a repeat identify of an attached session is not news), then a
/// change of the profile the payload carries ("last seen" alone is none).
pub fn identify_topics(
    before: Option<&Contact>,
    after: &Contact,
    merged_from: Option<i64>,
    newly_attached: bool,
) -> Vec<Topic> {
    let mut topics = Vec::new();
    match (before, merged_from) {
        (None, _) => topics.push(Topic::ContactCreated),
        (Some(_), Some(_)) => topics.push(Topic::ContactMerged),
        (Some(_), None) => {}
    }
    if newly_attached {
        topics.push(Topic::ContactIdentified);
    }
    if merged_from.is_none() && before.is_some_and(|before| WebhookContact::differs(before, after)) {
        topics.push(Topic::ContactUpdated);
    }
    topics
}

//! The changes an endpoint can subscribe to.
use crate::domain::text_enum::text_enum;

text_enum! {
    /// A webhook topic: the `type` of the message an endpoint receives.
    #[schema(as = WebhookTopic)]
    pub enum Topic {
        ContactCreated = "contact.created",
        ContactIdentified = "contact.identified",
        ContactUpdated = "contact.updated",
        ContactMerged = "contact.merged",
        ContactDeleted = "contact.deleted",
        ContactTagAdded = "contact.tag_added",
        ContactTagRemoved = "contact.tag_removed",
        EventCreated = "event.created",
        ConversationCreated = "conversation.created",
        ConversationResolved = "conversation.resolved",
        ConversationReopened = "conversation.reopened",
        MessageReceived = "message.received",
        MessageSent = "message.sent",
    }
}

impl Topic {
    /// How the topic appears inside an endpoint's stored JSON array, for the emitting insert's
    /// `LIKE` (topic names hold no `%`, and `_` can only match the topic's own spelling).
    pub fn stored_pattern(self) -> String {
        format!("%\"{}\"%", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_topic_pattern_matches_another_topic() {
        for topic in Topic::ALL {
            for other in Topic::ALL {
                let stored = serde_json::to_string(&[other]).unwrap();
                let pattern = topic.stored_pattern();
                let core = &pattern[1..pattern.len() - 1];
                let matches = like_matches(core, &stored);
                assert_eq!(matches, topic == other, "{topic} against {stored}");
            }
        }
    }

    /// `%core%` with `_` as the one-character wildcard, as SQL's LIKE reads it.
    fn like_matches(core: &str, stored: &str) -> bool {
        let core: Vec<char> = core.chars().collect();
        let stored: Vec<char> = stored.chars().collect();
        stored
            .windows(core.len())
            .any(|window| window.iter().zip(&core).all(|(s, c)| *c == '_' || s == c))
    }
}

//! The kinds of change the change feed records and the live stream announces.
// Also the documented type of a stream notice's `kind` (serialized as `as_str` spells it).
/// What changed, so a client refetches only what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ChangeKindName)]
pub enum ChangeKind {
    /// Profile fields or custom data.
    Contact,
    Presence,
    Events,
    ContactTags,
    ConversationTags,
    CcEmails,
    /// Messages or status.
    Conversation,
    /// The tag library itself.
    Tags,
    /// A contact's notes: one written, edited or deleted.
    Notes,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 9] = [
        ChangeKind::Contact,
        ChangeKind::Presence,
        ChangeKind::Events,
        ChangeKind::ContactTags,
        ChangeKind::ConversationTags,
        ChangeKind::CcEmails,
        ChangeKind::Conversation,
        ChangeKind::Tags,
        ChangeKind::Notes,
    ];

    /// The spelling stored in `change_events.kind` and sent in stream notices.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Contact => "contact",
            ChangeKind::Presence => "presence",
            ChangeKind::Events => "events",
            ChangeKind::ContactTags => "contact_tags",
            ChangeKind::ConversationTags => "conversation_tags",
            ChangeKind::CcEmails => "cc_emails",
            ChangeKind::Conversation => "conversation",
            ChangeKind::Tags => "tags",
            ChangeKind::Notes => "notes",
        }
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ChangeKind {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        ChangeKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
            .ok_or_else(|| format!("unknown change kind {value:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_what_it_writes() {
        for kind in ChangeKind::ALL {
            assert_eq!(kind.to_string().parse::<ChangeKind>(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert!("profile".parse::<ChangeKind>().is_err());
    }
}

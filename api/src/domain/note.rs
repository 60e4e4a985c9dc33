//! Contact notes (SPEC §5): what an agent writes about a contact, as plain text, and who may
//! change one.
use crate::domain::error::InvalidInput;
use crate::domain::role::Role;
use chrono::{DateTime, Utc};

/// Counted in characters (Unicode scalar values), not bytes: "ü" and "😀" are one each.
pub const MAX_BODY_CHARS: usize = 10_000;

/// A note as stored, with its author's current name when the author still exists.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub id: i64,
    pub contact_id: i64,
    /// `None` once the author's user is removed (or for a note nobody wrote in person).
    pub author: Option<NoteAuthor>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NoteAuthor {
    pub id: i64,
    pub name: String,
}

/// A body that passed the rules: stored exactly as sent (line breaks and surrounding spaces
/// kept), since notes are shown as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteBody(String);

impl NoteBody {
    /// 1 to 10,000 characters with something besides whitespace; no control characters but
    /// line breaks and tabs (NUL never reaches here: the input guard refuses it first).
    pub fn parse(body: &str) -> Result<NoteBody, InvalidInput> {
        if body.trim().is_empty() {
            return Err(InvalidInput::new("body", "must not be empty"));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(InvalidInput::new(
                "body",
                format!("must be at most {MAX_BODY_CHARS} characters"),
            ));
        }
        if body
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(InvalidInput::new(
                "body",
                "must be plain text: no control characters other than line breaks and tabs",
            ));
        }
        Ok(NoteBody(body.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Owners and admins may change any note; an agent only their own. A note whose author is
/// gone is nobody's own any more.
pub fn may_change(role: Role, user_id: i64, note: &Note) -> bool {
    role.sees_all_apps() || note.author.as_ref().is_some_and(|author| author.id == user_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(author: Option<i64>) -> Note {
        Note {
            id: 1,
            contact_id: 2,
            author: author.map(|id| NoteAuthor {
                id,
                name: "Sam".into(),
            }),
            body: "x".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn a_body_is_kept_as_written_and_counted_in_characters() {
        let body = NoteBody::parse("  Called her.\r\n\tShe wants a refund.  ").unwrap();
        assert_eq!(body.as_str(), "  Called her.\r\n\tShe wants a refund.  ");
        assert!(NoteBody::parse(&"😀".repeat(MAX_BODY_CHARS)).is_ok());
        assert!(NoteBody::parse(&"a".repeat(MAX_BODY_CHARS + 1)).is_err());
    }

    #[test]
    fn empty_and_control_characters_are_refused_on_body() {
        for bad in ["", "   ", "\n\t\r\n", "bell\u{7}", "esc\u{1b}[31m", "del\u{7f}"] {
            assert_eq!(NoteBody::parse(bad).unwrap_err().field, "body", "{bad:?}");
        }
    }

    #[test]
    fn agents_change_only_their_own_notes_owners_and_admins_any() {
        assert!(may_change(Role::Agent, 7, &note(Some(7))));
        assert!(!may_change(Role::Agent, 7, &note(Some(8))));
        assert!(!may_change(Role::Agent, 7, &note(None)));
        assert!(may_change(Role::Admin, 7, &note(Some(8))));
        assert!(may_change(Role::Owner, 7, &note(None)));
    }
}

//! How a contact is named on screen: display name and initials.

/// Name, else email, else "Visitor #id" (SPEC §4).
pub fn display_name(id: i64, name: Option<&str>, email: Option<&str>) -> String {
    non_blank(name)
        .or(non_blank(email))
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Visitor #{id}"))
}

/// Up to two letters: the first letters of the first and last words of the name, else the
/// first letter of the email, else "V" for an anonymous visitor.
pub fn initials(name: Option<&str>, email: Option<&str>) -> String {
    if let Some(name) = non_blank(name) {
        let words: Vec<&str> = name.split_whitespace().collect();
        let first = words
            .first()
            .and_then(|w| w.chars().find(|c| c.is_alphanumeric()));
        let last = (words.len() > 1)
            .then(|| words.last().and_then(|w| w.chars().find(|c| c.is_alphanumeric())))
            .flatten();
        let letters: String = first
            .into_iter()
            .chain(last)
            .flat_map(char::to_uppercase)
            .collect();
        if !letters.is_empty() {
            return letters;
        }
    }
    if let Some(email) = non_blank(email) {
        if let Some(letter) = email.chars().find(|c| c.is_alphanumeric()) {
            return letter.to_uppercase().collect();
        }
    }
    "V".to_owned()
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_prefers_name_then_email_then_visitor_number() {
        assert_eq!(
            display_name(7, Some("Ada Lovelace"), Some("ada@x.io")),
            "Ada Lovelace"
        );
        assert_eq!(display_name(7, Some("  "), Some("ada@x.io")), "ada@x.io");
        assert_eq!(display_name(7, None, None), "Visitor #7");
    }

    #[test]
    fn initials_use_first_and_last_words() {
        assert_eq!(initials(Some("ada king lovelace"), None), "AL");
        assert_eq!(initials(Some("Émile"), None), "É");
        assert_eq!(initials(None, Some("zoe@x.io")), "Z");
        assert_eq!(initials(Some("!!"), None), "V");
    }
}

//! Ids that travel side by side in repo signatures (a contact's data in an app, a tag on a
//! contact): distinct types, so passing one where the other belongs does not compile.
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A contact, organization-wide.
    ContactId
);
id_type!(
    /// One app of the organization.
    AppId
);
id_type!(
    /// A tag of the organization's library.
    TagId
);
id_type!(
    /// A server API key of one app.
    ApiKeyId
);
id_type!(
    /// A note about a contact.
    NoteId
);

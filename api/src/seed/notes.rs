//! The demo's contact notes: a few, by the owner and the agent, so the Notes section of the
//! sidebar and the profile has something to show (and the agent sees one note they may edit
//! and one they may not).
use crate::domain::ids::ContactId;
use crate::repo;
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseTransaction;

/// Who wrote a demo note.
#[derive(Clone, Copy)]
enum By {
    Owner,
    Agent,
}

/// (index into the demo people, author, hours ago, body).
const NOTES: &[(usize, By, i64, &str)] = &[
    (
        0,
        By::Owner,
        50,
        "Spoke with Olivia on a call. They run three storefronts and want review widgets on all of them.\n\
         Offered to help migrate their old reviews from Judge.me next week.",
    ),
    (
        0,
        By::Agent,
        3,
        "Prefers email over chat for anything billing-related.\nTime zone is Pacific: avoid replies before 9am her time.",
    ),
    (
        1,
        By::Agent,
        26,
        "Mateo's theme is heavily customised (Dawn fork). Check the app block placement before suggesting a reinstall.",
    ),
    (
        2,
        By::Owner,
        8,
        "Asked about a discount for the annual plan; told her we'd revisit once they pass 1,000 reviews.",
    ),
];

pub(crate) async fn seed(
    txn: &DatabaseTransaction,
    organization_id: i64,
    people: &[i64],
    owner: i64,
    agent: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for &(person, by, hours_ago, body) in NOTES {
        let Some(&contact) = people.get(person) else {
            continue;
        };
        let author = match by {
            By::Owner => owner,
            By::Agent => agent,
        };
        let at = crate::domain::time::to_micros(now - Duration::hours(hours_ago));
        repo::notes::insert(txn, organization_id, ContactId(contact), Some(author), body, at).await?;
    }
    Ok(())
}

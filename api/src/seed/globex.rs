//! The second demo organization, Globex: its owner, one app and one contact who shares an
//! email and an external id with Acme's first contact on purpose — tenancy must hold anyway.
use crate::seed::data::{GLOBEX, PEOPLE};
use crate::seed::rows::*;
use chrono::{DateTime, Duration, Utc};
use entity::contact;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

pub(crate) async fn seed(
    txn: &impl ConnectionTrait,
    password_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let globex = insert_organization(txn, GLOBEX, now).await?;
    let forms = insert_app(txn, globex, "Globex Forms", now).await?;
    insert_user(
        txn,
        globex,
        "owner@globex.test",
        "Gloria Globex",
        "owner",
        password_hash,
        now,
    )
    .await?;
    let shared = contact::ActiveModel {
        organization_id: Set(globex),
        email: Set(Some(PEOPLE[0].1.into())),
        external_id: Set(Some(format!("{}.myshopify.com", PEOPLE[0].7))),
        name: Set(Some("Olivia B. (Globex)".into())),
        company: Set(Some(PEOPLE[0].2.into())),
        created_at: Set(now - Duration::days(10)),
        updated_at: Set(now - Duration::days(10)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let globex_conversation = insert_conversation(
        txn,
        globex,
        forms,
        shared.id,
        ("Form submissions missing", "", "", ""),
        "open",
        now - Duration::hours(4),
        false,
    )
    .await?;
    insert_message(
        txn,
        globex,
        globex_conversation,
        "incoming",
        "Our contact form stopped sending submissions yesterday.",
        None,
        Some(shared.id),
        now - Duration::hours(4),
    )
    .await?;
    Ok(())
}

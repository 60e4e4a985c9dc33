//! The second demo organization, Globex: its owner, one app and one contact who shares an
//! email and an external id with Acme's first contact on purpose — tenancy must hold anyway.
use crate::domain::contact::ContactChanges;
use crate::domain::conversation::{ConversationStatus, MessageType};
use crate::repo;
use crate::repo::messages::{Author, NewMessage};
use crate::seed::data::{GLOBEX, PEOPLE};
use crate::seed::rows::*;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

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
    let values = ContactChanges {
        email: Some(Some(PEOPLE[0].1.into())),
        external_id: Some(Some(format!("{}.myshopify.com", PEOPLE[0].7))),
        name: Some(Some("Olivia B. (Globex)".into())),
        company: Some(Some(PEOPLE[0].2.into())),
        ..ContactChanges::default()
    };
    let shared = repo::contacts::insert(txn, globex, values, now - Duration::days(10)).await?;
    let globex_conversation = insert_conversation(
        txn,
        globex,
        forms,
        shared.id,
        ("Form submissions missing", "", "", ""),
        ConversationStatus::Open,
        now - Duration::hours(4),
        false,
    )
    .await?;
    let first = NewMessage {
        organization_id: globex,
        conversation_id: globex_conversation,
        message_type: MessageType::Incoming,
        content: "Our contact form stopped sending submissions yesterday.",
        author: Author::Contact(shared.id),
        at: now - Duration::hours(4),
    };
    repo::messages::insert(txn, first).await?;
    Ok(())
}

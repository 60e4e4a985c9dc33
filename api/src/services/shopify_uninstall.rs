//! When a merchant uninstalls, the agent who talked to them should see it where they work:
//! an `activity` message in the contact's latest conversation in the app (SPEC §7), which a
//! fresh uninstall of a recently active conversation reopens.
use crate::domain::change::ChangeKind;
use crate::domain::conversation::{ConversationStatus, MessageType};
use crate::domain::ids::{AppId, ContactId};
use crate::domain::uninstall_note;
use crate::repo;
use crate::repo::messages::{Author, NewMessage};
use crate::services::shopify_ingest::Uninstall;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

pub async fn note_uninstalls(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
    uninstalls: &[Uninstall],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let recent: Vec<&Uninstall> = uninstalls
        .iter()
        .filter(|u| now - u.at < uninstall_note::NOTE_WITHIN)
        .collect();
    if recent.is_empty() {
        return Ok(());
    }
    let Some(app) = repo::apps::find(db, organization_id, app_id).await? else {
        return Ok(());
    };
    for uninstall in recent {
        for contact_id in repo::contacts::ids_with_shop(db, organization_id, &uninstall.shop_domain).await? {
            let Some(conversation) = repo::conversations::latest_for_contact_in_app(
                db,
                organization_id,
                ContactId(contact_id),
                AppId(app_id),
            )
            .await?
            else {
                continue;
            };
            let last_reply =
                repo::conversations::last_reply_before(db, organization_id, conversation.id, uninstall.at)
                    .await?;
            let reason = uninstall.reason.as_deref().or(uninstall.description.as_deref());
            let content = uninstall_note::text(&app.name, reason, uninstall.at, last_reply);
            // A reconnect (or an upgrade's rebuilding sync) logs the uninstall as new again.
            if repo::conversations::has_activity(db, organization_id, conversation.id, &content).await? {
                continue;
            }
            let note = NewMessage {
                organization_id,
                conversation_id: conversation.id,
                message_type: MessageType::Activity,
                content: &content,
                author: Author::System,
                at: now,
            };
            repo::messages::insert(db, note).await?;
            if conversation.status != ConversationStatus::Open
                && uninstall_note::reopens(uninstall.at, conversation.last_activity_at, now)
            {
                repo::conversations::reopen(db, organization_id, conversation.id, None, now).await?;
            }
            repo::changes::record(
                db,
                organization_id,
                ChangeKind::Conversation,
                Some(contact_id),
                Some(conversation.id),
                Some(app_id),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

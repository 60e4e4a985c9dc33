//! `GET /stream`: server-sent events announcing changes in the signed-in agent's
//! organization, read from the database change feed so every API process sees every write.
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::stream_id::StreamIds;
use crate::error::ApiError;
use crate::routes::responses::Unauthenticated;
use crate::services::live;
use crate::state::AppState;
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use utoipa::ToSchema;
use uuid::Uuid;

const POLL_EVERY: Duration = Duration::from_millis(1000);
/// A comment line now and then keeps proxies from closing an idle stream.
const KEEP_ALIVE_EVERY: u32 = 15;
const BATCH: u64 = 200;

/// One `change` event's data.
#[derive(Serialize, ToSchema)]
pub struct ChangeNotice {
    pub kind: ChangeKind,
    pub contact_id: Option<i64>,
    pub conversation_id: Option<Uuid>,
}

/// The data of the first event, `ready`: an empty object.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadyNotice {}

/// What an event's `data` holds: `ready` first, then `change` events.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum StreamData {
    Change(ChangeNotice),
    Ready(ReadyNotice),
}

/// Which event it is.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum StreamEventName {
    Ready,
    Change,
}

/// One server-sent event as it is sent (OpenAPI 3.1 describes each event of a stream).
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct StreamEvent {
    /// `ready` once when the stream opens, then `change` for each write.
    pub event: StreamEventName,
    /// JSON text of a `StreamData`: `{}` for `ready`, a `ChangeNotice` for `change`.
    #[schema(content_media_type = "application/json")]
    pub data: String,
    /// An opaque id of the change, for `Last-Event-ID` (on `change` events); ids say nothing
    /// of other organizations' writes.
    pub id: Option<String>,
    /// Reconnection delay in milliseconds (on `ready`).
    pub retry: Option<i64>,
}

struct Feed {
    state: web::Data<AppState>,
    ids: Arc<StreamIds>,
    organization_id: i64,
    user_id: i64,
    last_id: i64,
    idle_polls: u32,
    greeted: bool,
}

async fn next_chunk(mut feed: Feed) -> Option<(Result<Bytes, actix_web::Error>, Feed)> {
    if !feed.greeted {
        feed.greeted = true;
        return Some((Ok(Bytes::from("retry: 3000\nevent: ready\ndata: {}\n\n")), feed));
    }
    loop {
        tokio::time::sleep(POLL_EVERY).await;
        // A deleted user's stream ends; a change of role or operated apps applies to the
        // next notice.
        let changes = live::changes_after(
            &feed.state.db,
            feed.organization_id,
            feed.user_id,
            feed.last_id,
            BATCH,
        );
        let rows = match changes.await {
            Ok(Some(rows)) => rows,
            Ok(None) => return None,
            // A database hiccup ends the stream; the browser reconnects with Last-Event-ID.
            Err(err) => return Some((Err(ApiError::from(err).into()), feed)),
        };
        if let Some(last) = rows.last() {
            feed.last_id = last.id;
            feed.idle_polls = 0;
            let mut text = String::new();
            for row in rows {
                let notice = ChangeNotice {
                    kind: row.kind,
                    contact_id: row.contact_id,
                    conversation_id: row.conversation_id,
                };
                let data = serde_json::to_string(&notice).unwrap_or_else(|_| "{}".into());
                let id = feed.ids.encode(feed.organization_id, row.id);
                text.push_str(&format!("id: {id}\nevent: change\ndata: {data}\n\n"));
            }
            return Some((Ok(Bytes::from(text)), feed));
        }
        feed.idle_polls += 1;
        if feed.idle_polls >= KEEP_ALIVE_EVERY {
            feed.idle_polls = 0;
            return Some((Ok(Bytes::from(": keep-alive\n\n")), feed));
        }
    }
}

/// A `text/event-stream` of `change` events (data: `ChangeNotice`) for the agent's
/// organization, within about a second of each write. Resumes after `Last-Event-ID`.
#[utoipa::path(
    tag = "live",
    params(("Last-Event-ID" = Option<String>, Header, description = "Resume after this event id (browsers resend the last one); a value that is not an event id this organization was sent is ignored and the stream starts from now")),
    responses(
        (status = 200, description = "An endless stream of server-sent events", content_type = "text/event-stream", body = StreamEvent),
        Unauthenticated,
    ),
    security(("agent_token" = []))
)]
#[get("/stream")]
pub async fn stream(
    state: web::Data<AppState>,
    scope: AgentScope,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let resume = request
        .headers()
        .get("Last-Event-ID")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| state.stream_ids.decode(scope.organization_id, v));
    let last_id = match resume {
        Some(id) => id,
        None => live::latest_change_id(&state.db, scope.organization_id).await?,
    };
    let feed = Feed {
        state: state.clone(),
        ids: state.stream_ids.clone(),
        organization_id: scope.organization_id,
        user_id: scope.user_id,
        last_id,
        idle_polls: 0,
        greeted: false,
    };
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(futures_util::stream::unfold(feed, next_chunk)))
}

//! HTTP routes: DTOs, `#[utoipa::path]` docs and thin handlers. Registered through
//! utoipa-actix-web so the router and the OpenAPI document cannot drift apart.
pub mod api_keys;
pub mod apps;
pub mod auth;
pub mod cc_emails;
pub mod contact_export_csv;
pub mod contact_export_json;
pub mod contact_import_views;
pub mod contact_imports;
pub mod contact_merge;
pub mod contact_shopify;
pub mod contact_views;
pub mod contacts;
pub mod conversation_views;
pub mod conversations;
pub mod custom_data;
pub mod events;
pub mod extract;
pub mod health;
pub mod list;
pub mod notes;
pub mod patch;
pub mod responses;
pub mod shopify;
pub mod sidebar;
pub mod stream;
pub mod tag_assignments;
pub mod tags;
pub mod webhook_views;
pub mod webhooks;
pub mod widget;

use crate::error::ApiError;
use actix_web::HttpResponse;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// The documented API: the widget's public scope, `/api/v1`, and operations under `/api`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/widget")
            .wrap(widget_cors())
            .configure(configure_widget)
            .default_service(actix_web::web::to(unknown_route)),
    )
    .service(
        scope("/api/v1")
            .configure(configure_v1)
            .default_service(actix_web::web::to(unknown_route)),
    )
    .service(
        scope("/api")
            .configure(configure_ops)
            .default_service(actix_web::web::to(unknown_route)),
    );
}

/// A documented path with a method it does not have is 405 with `Allow`; anything else 404.
async fn unknown_route(req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    let allowed = DOCUMENTED_PATHS
        .iter()
        .find(|(path, _)| path.is_match(req.path()))
        .map(|(_, methods)| methods.join(", "));
    match allowed {
        Some(methods) => Err(method_not_allowed(&req, methods)),
        None => Err(ApiError::not_found("Route")),
    }
}

/// The 405 for a path without parameters (`/contacts/imports`, `/contacts/export.csv`) asked
/// with a method only its parameterised sibling has (`PATCH /contacts/{id}`): the router
/// matched the sibling, whose id then failed to parse, but the caller meant the literal path.
pub fn literal_path_without(req: &actix_web::HttpRequest) -> Option<ApiError> {
    DOCUMENTED_PATHS
        .iter()
        .find(|(path, _)| path.pattern().is_some_and(|p| !p.contains('{')) && path.is_match(req.path()))
        .map(|(_, methods)| method_not_allowed(req, methods.join(", ")))
}

fn method_not_allowed(req: &actix_web::HttpRequest, methods: String) -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} is not supported here; use {methods}", req.method()),
    )
    .with_allow(methods)
}

/// Each documented path (as a router pattern) with its methods, read from the OpenAPI document.
static DOCUMENTED_PATHS: std::sync::LazyLock<Vec<(actix_web::dev::ResourceDef, Vec<String>)>> =
    std::sync::LazyLock::new(|| {
        let document = serde_json::to_value(crate::openapi::document()).unwrap_or_default();
        document["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, item)| {
                let methods = item
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(method, _)| method.to_uppercase())
                    .collect();
                (actix_web::dev::ResourceDef::new(path.as_str()), methods)
            })
            .collect()
    });

fn configure_v1(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::me)
        .service(apps::list_apps)
        .service(apps::get_app)
        .service(apps::update_app)
        .service(apps::rotate_identity_secret)
        .service(api_keys::create_api_key)
        .service(api_keys::list_api_keys)
        .service(api_keys::revoke_api_key)
        .service(webhooks::list_webhooks)
        .service(webhooks::create_webhook)
        .service(webhooks::get_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook)
        .service(webhooks::reveal_webhook_secret)
        .service(webhooks::rotate_webhook_secret)
        .service(webhooks::test_webhook)
        .service(webhooks::list_webhook_deliveries)
        .service(webhooks::retry_webhook_delivery)
        // Before `/contacts/{id}`, which would read `export.csv` as a malformed id.
        .service(contact_export_csv::export_contacts_csv)
        .service(contacts::list_contacts)
        .service(contacts::upsert_contact)
        // Before `/contacts/{id}`, which would take `imports` for an id.
        .service(contact_imports::create_import)
        .service(contact_imports::list_imports)
        .service(contact_imports::get_import)
        .service(contacts::get_contact)
        .service(contacts::update_contact)
        .service(contacts::delete_contact)
        .service(contact_merge::merge_contact)
        .service(contact_export_json::export_contact_json)
        .service(custom_data::patch_custom_data)
        .service(events::record_event)
        .service(events::list_events)
        .service(notes::list_notes)
        .service(notes::create_note)
        .service(notes::edit_note)
        .service(notes::delete_note)
        .service(conversations::list_conversations)
        .service(conversations::list_contact_conversations)
        .service(conversations::get_conversation)
        .service(conversations::list_messages)
        .service(conversations::post_conversation_message)
        .service(conversations::change_status)
        .service(sidebar::get_sidebar)
        .service(cc_emails::list_cc_emails)
        .service(cc_emails::add_cc_email)
        .service(cc_emails::remove_cc_email)
        .service(tags::list_tags)
        .service(tags::create_tag)
        .service(tags::update_tag)
        .service(tags::delete_tag)
        .service(tag_assignments::tag_contact)
        .service(tag_assignments::untag_contact)
        .service(tag_assignments::tag_conversation)
        .service(tag_assignments::untag_conversation)
        .service(stream::stream)
        .service(shopify::connect_shopify)
        .service(shopify::get_shopify)
        .service(shopify::disconnect_shopify)
        .service(shopify::sync_shopify)
        .service(contact_shopify::get_contact_shopify);
}

/// The browser snippet's endpoints: public, open to every origin, without credentials.
fn configure_widget(cfg: &mut ServiceConfig) {
    cfg.service(widget::create_session)
        .service(widget::identify_visitor)
        .service(widget::heartbeat)
        .service(widget::post_visitor_message);
}

fn widget_cors() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods(["POST"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
        ])
        .expose_headers([actix_web::http::header::RETRY_AFTER])
        .max_age(86_400)
}

/// Operational endpoints under `/api`.
fn configure_ops(cfg: &mut ServiceConfig) {
    cfg.service(health::health).service(health::ready);
}

//! The OpenAPI document: collected from the registered routes, so it cannot drift from them.
use crate::error::ErrorBody;
use crate::routes;
use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Convot API",
        version = "1.0.0",
        description = "The Convot contact system: contacts, conversations and the contact sidebar. \
            Errors are always `{\"error\": {\"code\", \"message\", \"details\"}}`; lists are \
            `{\"items\", \"next_cursor\"}` with `limit` (1-100, default 30) and `cursor`."
    ),
    components(schemas(ErrorBody, routes::stream::StreamData, routes::stream::ChangeNotice, crate::domain::change::ChangeKind, crate::domain::contact_order::ContactSort,
        crate::domain::webhook::payload::WebhookContact, crate::domain::webhook::payload::WebhookContactMerged,
        crate::domain::webhook::payload::WebhookContactDeleted, crate::domain::webhook::payload::WebhookContactTag,
        crate::domain::webhook::payload::WebhookEvent, crate::domain::webhook::payload::WebhookConversation,
        crate::domain::webhook::payload::WebhookMessage)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Agent sign-in"),
        (name = "apps", description = "Apps of the organization"),
        (name = "api_keys", description = "Server API keys of an app"),
        (name = "webhooks", description = "An app's webhook endpoints, signed the Standard Webhooks way"),
        (name = "contacts", description = "Organization-wide contacts"),
        (name = "conversations", description = "Conversations, threads, CC addresses and the contact sidebar"),
        (name = "events", description = "What contacts did, reported by apps"),
        (name = "notes", description = "What agents write about a contact"),
        (name = "shopify", description = "The Shopify Partner integration and merchants"),
        (name = "tags", description = "The tag library and tagging"),
        (name = "widget", description = "The browser snippet's public endpoints"),
        (name = "live", description = "Server-sent events for open SPAs"),
        (name = "operations", description = "Health and readiness"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "agent_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("The token from POST /api/v1/auth/login"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ck_<id>:<secret>")
                    .description(Some(
                        "An app's API key, created with POST /api/v1/apps/{id}/api_keys",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "widget_session",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ws_…")
                    .description(Some("The session_token from POST /api/v1/widget/sessions"))
                    .build(),
            ),
        );
    }
}

/// The document the server serves and `convot openapi` prints.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, openapi) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    let mut openapi = openapi;
    document_body_errors(&mut openapi);
    document_webhooks(&mut openapi);
    openapi
}

/// The OpenAPI 3.1 `webhooks` section: one POST per topic, as endpoints receive it, with the
/// Standard Webhooks headers and the topic's body.
fn document_webhooks(openapi: &mut utoipa::openapi::OpenApi) {
    use crate::domain::webhook::topic::Topic;
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    use utoipa::openapi::{ContentBuilder, PathsBuilder, Ref, Required, ResponseBuilder};
    let header = |name: &str, description: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(description))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build()
    };
    let mut paths = PathsBuilder::new();
    for topic in Topic::ALL {
        let data = match topic {
            Topic::ContactCreated | Topic::ContactIdentified | Topic::ContactUpdated => "WebhookContact",
            Topic::ContactMerged => "WebhookContactMerged",
            Topic::ContactDeleted => "WebhookContactDeleted",
            Topic::ContactTagAdded | Topic::ContactTagRemoved => "WebhookContactTag",
            Topic::EventCreated => "WebhookEvent",
            Topic::ConversationCreated | Topic::ConversationResolved | Topic::ConversationReopened => {
                "WebhookConversation"
            }
            Topic::MessageReceived | Topic::MessageSent => "WebhookMessage",
        };
        let body = ObjectBuilder::new()
            .property(
                "type",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([topic.as_str()])),
            )
            .required("type")
            .property(
                "timestamp",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))),
            )
            .required("timestamp")
            .property("data", Ref::from_schema_name(data))
            .required("data");
        let operation = OperationBuilder::new()
            .summary(Some(format!("{topic}")))
            .description(Some(
                "Signed the Standard Webhooks way: verify `webhook-signature` with the endpoint's secret \
                 (any `v1,` signature of the space-separated list may match). 2xx acknowledges; 410 \
                 disables the endpoint; anything else is retried for about three days.",
            ))
            .tag("webhooks")
            .parameter(header(
                "webhook-id",
                "`msg_…`: the same on every retry of this message",
            ))
            .parameter(header("webhook-timestamp", "Unix seconds of this attempt"))
            .parameter(header(
                "webhook-signature",
                "`v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\">`, space-separated during a rotation",
            ))
            .request_body(Some(
                RequestBodyBuilder::new()
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(body)).build(),
                    )
                    .required(Some(Required::True))
                    .build(),
            ))
            .response("200", ResponseBuilder::new().description("Any 2xx: delivered"))
            .response(
                "410",
                ResponseBuilder::new().description("Gone: the endpoint is disabled"),
            );
        paths = paths.path(topic.as_str(), PathItem::new(HttpMethod::Post, operation));
    }
    openapi.webhooks = Some(paths.build());
}

/// Every operation that reads a JSON body can answer 413 and 415 from the shared extractor
/// (`routes::extract`); documented here once instead of on each handler.
fn document_body_errors(openapi: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
    };
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            if operation.request_body.is_none() {
                continue;
            }
            let responses = &mut operation.responses.responses;
            responses
                .entry("413".into())
                .or_insert_with(|| error("The body is larger than 256 KiB: `payload_too_large`").into());
            responses.entry("415".into()).or_insert_with(|| {
                error("The body is not sent as `Content-Type: application/json`: `unsupported_media_type`")
                    .into()
            });
        }
    }
}

pub fn yaml() -> anyhow::Result<String> {
    Ok(document().to_yaml()?)
}

//! Error responses that several operations answer alike, each written once and named in
//! `#[utoipa::path(responses(...))]` by type: `responses((status = 200, ...), BadId,
//! Unauthenticated, ContactNotFound)`.
//!
//! Each type is utoipa's `IntoResponses` for a single status whose body is `ErrorBody`; the
//! doc comment is the description, naming the stable `error.code`s a client can match on.
//! They are inlined in every operation (no `components/responses` `$ref`), so the document
//! reads as if each operation spelled them out. What really differs per operation (which
//! fields a 422 names, which resources a 404 can be about, what a 409 carries) stays a tuple
//! on the operation itself. 413 and 415 are not here: `openapi::document` adds them to every
//! operation that reads a JSON body.
//!
//! The types only describe responses; handlers answer with `ApiError`.
use crate::error::ErrorBody;
use utoipa::IntoResponses;

/// Each entry, `/// description` then `status Name;`, becomes a `pub struct Name(pub ErrorBody)`
/// deriving `IntoResponses` for that status.
macro_rules! error_responses {
    ($($(#[doc = $description:literal])+ $status:literal $name:ident;)+) => {$(
        $(#[doc = $description])+
        #[derive(IntoResponses)]
        #[response(status = $status)]
        pub struct $name(pub ErrorBody);
    )+};
}

error_responses! {
    /// Malformed JSON: `malformed_json`
    400 BadJson;
    /// Malformed id: `invalid_path_parameter`
    400 BadId;
    /// Unparsable query string: `invalid_query`
    400 BadQuery;
    /// Malformed JSON or id: `malformed_json`, `invalid_path_parameter`
    400 BadJsonOrId;
    /// Malformed id or query: `invalid_path_parameter`, `invalid_query`
    400 BadIdOrQuery;

    /// Missing, invalid or expired credentials: `unauthenticated`
    401 Unauthenticated;
    /// Missing, invalid or revoked API key: `unauthenticated`
    401 ApiKeyUnauthenticated;
    /// Unknown or expired session: `unauthenticated`
    401 SessionUnauthenticated;

    /// Agents may not do this, only owners and admins: `forbidden`
    403 OwnerOrAdminOnly;
    /// Only owners: `forbidden`
    403 OwnerOnly;
    /// API key without `contacts:read`: `forbidden`
    403 ContactsReadForbidden;
    /// API key without `conversations:read`: `forbidden`
    403 ConversationsReadForbidden;
    /// The app requires verification and this session is not verified: `identity_verification_required`
    403 VerificationRequired;

    /// No such app in your organization: `not_found`
    404 AppNotFound;
    /// No such contact in your organization: `not_found`
    404 ContactNotFound;
    /// No such conversation you may see: `not_found`
    404 ConversationNotFound;
    /// No such tag in your organization: `not_found`
    404 TagNotFound;
    /// The Shopify integration is not connected: `not_found`
    404 ShopifyNotConnected;

    /// The email or external_id belongs to another contact: `email_taken`, `external_id_taken`
    409 ContactIdentityTaken;
    /// The name is taken: `tag_exists`, with `details.tag_id`
    409 TagNameTaken;

    /// Invalid fields: `validation_failed`
    422 FieldsInvalid;
    /// limit out of range or foreign cursor: `validation_failed`
    422 PageInvalid;
    /// Bad name, color or scope: `validation_failed`
    422 TagInvalid;

    /// Too many requests: `rate_limited`, see `Retry-After`
    429 RateLimited;
}

//! Error handlers for actix's JSON, path and query extractors, so malformed input gets the
//! same JSON error contract as everything else.
use crate::error::ApiError;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpRequest};

/// Request bodies larger than this are refused with 413.
pub const JSON_LIMIT_BYTES: usize = 256 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT_BYTES)
        .error_handler(|err, _req| json_error(err).into())
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::Overflow { limit } | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::payload_too_large(format!("The request body is larger than {limit} bytes"))
        }
        JsonPayloadError::ContentType => ApiError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with Content-Type: application/json",
        ),
        JsonPayloadError::Deserialize(err) if err.is_data() => ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!("Invalid input: {err}"),
        )
        .with_detail(
            "fields",
            serde_json::json!({ field_of(&err.to_string()): err.to_string() }),
        ),
        JsonPayloadError::Deserialize(err) => {
            ApiError::bad_request("malformed_json", format!("The body is not valid JSON: {err}"))
        }
        other => ApiError::bad_request("malformed_json", format!("The body could not be read: {other}")),
    }
}

/// serde names the offending field in its message (`unknown field `x``, `missing field `x``);
/// we surface it so clients can point at it.
fn field_of(message: &str) -> String {
    let names_a_field = message.starts_with("missing field") || message.starts_with("unknown field");
    message
        .split('`')
        .nth(1)
        .filter(|field| names_a_field && !field.is_empty() && field.len() <= 64)
        .unwrap_or("body")
        .to_owned()
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, req: &HttpRequest| {
        match crate::routes::literal_path_without(req) {
            Some(not_allowed) => not_allowed.into(),
            None => ApiError::bad_request("invalid_path_parameter", format!("Invalid path parameter: {err}"))
                .into(),
        }
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req: &HttpRequest| {
        ApiError::bad_request("invalid_query", format!("Invalid query string: {err}")).into()
    })
}

/// `deserialize_with` for a nested object field: serde would read a JSON array as the
/// struct's fields in order, which the API's objects are not.
pub fn object_or_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error;
    use serde::Deserialize;
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        value @ serde_json::Value::Object(_) => {
            serde_json::from_value(value).map(Some).map_err(D::Error::custom)
        }
        _ => Err(D::Error::custom("expected an object")),
    }
}

/// `deserialize_with` for a list of objects (see `object_or_null`).
pub fn objects<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error;
    use serde::Deserialize;
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Array(items) if items.iter().all(serde_json::Value::is_object) => {
            serde_json::from_value(serde_json::Value::Array(items)).map_err(D::Error::custom)
        }
        _ => Err(D::Error::custom("expected a list of objects")),
    }
}

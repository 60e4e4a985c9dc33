//! Shopify's published Partner API schema, as an outside judge of what the product sends.
//!
//! The introspection file is turned into SDL by `cynic-introspection` and loaded into Apollo's
//! `apollo-compiler`, which validates every query (fields, fragments, type conditions,
//! argument and variable types) and coerces its variables. The stand-in then answers with
//! exactly the fields the query selected, so a field the product forgot to ask for is missing
//! from its answer just as it would be from Shopify's.
use apollo_compiler::executable::{Selection, SelectionSet};
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use serde_json::{Map, Value};
use std::sync::OnceLock;

pub const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../api/graphql/shopify-partner-api.introspection.json"
);

pub fn schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let raw: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).unwrap()).unwrap();
        let mut data = raw.get("data").cloned().unwrap_or(raw);
        dedupe_types(&mut data);
        let introspection: cynic_introspection::IntrospectionQuery = serde_json::from_value(data).unwrap();
        let sdl = introspection.into_schema().unwrap().to_sdl();
        Schema::parse_and_validate(sdl, "shopify-partner-api.graphql")
            .unwrap_or_else(|e| panic!("{}", e.errors))
    })
}

/// Shopify's published file lists `Organization` twice, identically; SDL may define a type
/// once. An identical repeat is dropped; a differing one is a schema this stand-in cannot
/// judge by, so it stops the suite.
fn dedupe_types(data: &mut Value) {
    let types = data["__schema"]["types"].as_array_mut().expect("__schema.types");
    let mut seen: Vec<Value> = Vec::new();
    types.retain(|t| match seen.iter().find(|s| s["name"] == t["name"]) {
        Some(first) => {
            assert_eq!(first, t, "two different definitions of {}", t["name"]);
            false
        }
        None => {
            seen.push(t.clone());
            true
        }
    });
}

/// A validated request: the document and its coerced variables.
pub struct Request {
    pub document: Valid<ExecutableDocument>,
    pub variables: Map<String, Value>,
}

/// Validates the query and its variables against the schema, as a GraphQL server would.
pub fn validate(query: &str, variables: &Value) -> Result<Request, String> {
    let schema = schema();
    let document = ExecutableDocument::parse_and_validate(schema, query, "query.graphql")
        .map_err(|e| e.errors.to_string())?;
    let operation = document.operations.get(None).map_err(|e| format!("{e:?}"))?;
    let values: apollo_compiler::response::JsonMap = serde_json::from_value(if variables.is_null() {
        Value::Object(Map::new())
    } else {
        variables.clone()
    })
    .map_err(|e| format!("variables are not an object: {e}"))?;
    let coerced = apollo_compiler::request::coerce_variable_values(schema, operation, &values)
        .map_err(|e| format!("variables: {e:?}"))?;
    let variables = serde_json::to_value(coerced.into_inner())
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    Ok(Request { document, variables })
}

/// How the stand-in computes a field that takes arguments (connections, lookups); every
/// other field is read from the parent object's JSON.
pub trait Resolver {
    /// `None`: read the field from the parent.
    fn resolve(
        &self,
        parent_type: &str,
        field: &str,
        args: &Map<String, Value>,
        parent: &Value,
    ) -> Option<Value>;
}

impl Request {
    /// The `data` of the answer: `root` projected through the operation's selection set.
    pub fn execute(&self, root: &Value, resolver: &dyn Resolver) -> Value {
        let operation = self.document.operations.get(None).unwrap();
        self.project(&operation.selection_set, root, "QueryRoot", resolver)
    }

    fn project(
        &self,
        selections: &SelectionSet,
        value: &Value,
        type_name: &str,
        resolver: &dyn Resolver,
    ) -> Value {
        let mut out = Map::new();
        self.collect(selections, value, type_name, resolver, &mut out);
        Value::Object(out)
    }

    fn collect(
        &self,
        selections: &SelectionSet,
        value: &Value,
        type_name: &str,
        resolver: &dyn Resolver,
        out: &mut Map<String, Value>,
    ) {
        let schema = schema();
        let applies = |condition: &str| condition == type_name || schema.is_subtype(condition, type_name);
        for selection in &selections.selections {
            match selection {
                Selection::Field(field) => {
                    let key = field.response_key().to_string();
                    if field.name == "__typename" {
                        out.insert(key, Value::String(type_name.to_owned()));
                        continue;
                    }
                    let args = self.arguments(field);
                    let raw = resolver
                        .resolve(type_name, field.name.as_str(), &args, value)
                        .unwrap_or_else(|| value.get(field.name.as_str()).cloned().unwrap_or(Value::Null));
                    let declared = field.definition.ty.inner_named_type().as_str();
                    let projected = if field.selection_set.selections.is_empty() {
                        raw
                    } else {
                        self.project_value(&field.selection_set, &raw, declared, resolver)
                    };
                    merge(out, key, projected);
                }
                Selection::InlineFragment(fragment) => {
                    if fragment
                        .type_condition
                        .as_ref()
                        .is_none_or(|c| applies(c.as_str()))
                    {
                        self.collect(&fragment.selection_set, value, type_name, resolver, out);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let fragment = &self.document.fragments[&spread.fragment_name];
                    if applies(fragment.type_condition().as_str()) {
                        self.collect(&fragment.selection_set, value, type_name, resolver, out);
                    }
                }
            }
        }
    }

    fn project_value(
        &self,
        selections: &SelectionSet,
        raw: &Value,
        declared: &str,
        resolver: &dyn Resolver,
    ) -> Value {
        match raw {
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.project_value(selections, item, declared, resolver))
                    .collect(),
            ),
            Value::Object(fields) => {
                // Objects of an interface or union carry their concrete type.
                let concrete = fields
                    .get("__typename")
                    .and_then(Value::as_str)
                    .unwrap_or(declared);
                self.project(selections, raw, concrete, resolver)
            }
            _ => Value::Null,
        }
    }

    fn arguments(&self, field: &apollo_compiler::executable::Field) -> Map<String, Value> {
        field
            .arguments
            .iter()
            .map(|argument| (argument.name.to_string(), self.value(&argument.value)))
            .collect()
    }

    fn value(&self, value: &apollo_compiler::ast::Value) -> Value {
        use apollo_compiler::ast::Value as V;
        match value {
            V::Null => Value::Null,
            V::Variable(name) => self.variables.get(name.as_str()).cloned().unwrap_or(Value::Null),
            V::Enum(name) => Value::String(name.to_string()),
            V::String(s) => Value::String(s.clone()),
            V::Boolean(b) => Value::Bool(*b),
            V::Int(i) => i.try_to_i32().map(Value::from).unwrap_or(Value::Null),
            V::Float(f) => f.try_to_f64().map(Value::from).unwrap_or(Value::Null),
            V::List(items) => Value::Array(items.iter().map(|item| self.value(item)).collect()),
            V::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(name, value)| (name.to_string(), self.value(value)))
                    .collect(),
            ),
        }
    }
}

/// A field selected twice (in two fragments) is answered once, its selections merged.
fn merge(out: &mut Map<String, Value>, key: String, value: Value) {
    match (out.get_mut(&key), value) {
        (Some(Value::Object(existing)), Value::Object(more)) => {
            for (k, v) in more {
                merge(existing, k, v);
            }
        }
        (Some(Value::Array(existing)), Value::Array(more)) if existing.len() == more.len() => {
            for (slot, v) in existing.iter_mut().zip(more) {
                if let (Value::Object(a), Value::Object(b)) = (slot, v) {
                    for (k, v) in b {
                        merge(a, k, v);
                    }
                }
            }
        }
        (_, value) => {
            out.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::integrations::partner_queries::{app_events, public_api_versions, transactions};

    #[test]
    fn the_products_queries_are_valid_against_shopifys_schema() {
        let app = serde_json::json!({"id": "gid://partners/App/1"});
        for (query, variables) in [
            (app_events::QUERY, &app),
            (transactions::QUERY, &Value::Null),
            (public_api_versions::QUERY, &Value::Null),
        ] {
            validate(query, variables).unwrap_or_else(|e| panic!("{e}\n{query}"));
        }
    }

    #[test]
    fn what_the_old_client_asked_for_is_refused() {
        // The first round's stand-in accepted these; Shopify's schema does not.
        let invented_interval = "query { transactions(first: 1) { edges { node { ... on AppSubscriptionSale { billingInterval } } } } }";
        assert!(
            validate(invented_interval, &Value::Null).is_ok(),
            "billingInterval is real"
        );
        for bad in [
            "query { app(id: \"1\") { events(first: 1) { edges { node { ... on SubscriptionChargeActivated { charge { interval } } } } } } }",
            "query { transactions(first: 1, types: [APP_SALE]) { edges { cursor } } }",
            "query { app(id: \"1\") { events(first: 1) { pageInfo { endCursor } } } }",
        ] {
            assert!(validate(bad, &Value::Null).is_err(), "accepted: {bad}");
        }
        let wrong_variable = serde_json::json!({"id": "gid://partners/App/1", "types": ["EVERY_90_DAYS"]});
        assert!(validate(app_events::QUERY, &wrong_variable).is_err());
    }

    #[test]
    fn the_repository_copy_of_the_schema_is_shopifys_published_one() {
        // The shared contract sits beside the repository on the machines that have it.
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/contracts/shopify-partner-api.introspection.json");
        if let Ok(published) = std::fs::read(&shared) {
            assert!(
                std::fs::read(SCHEMA_PATH).unwrap() == published,
                "api/graphql's schema differs from {}",
                shared.display()
            );
        }
    }
}

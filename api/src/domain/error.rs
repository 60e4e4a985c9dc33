//! The one way a pure domain rule refuses input: which field, and what is wrong with it.
//! The service layer turns it into `validation_failed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct InvalidInput {
    pub field: &'static str,
    pub problem: String,
}

impl InvalidInput {
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        InvalidInput {
            field,
            problem: problem.into(),
        }
    }
}

//! Why a scenario was refused: always the field path, the offending value and the rule.

use std::fmt;

/// A scenario that cannot run. Never a panic: every bad input becomes one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioError {
    /// The text is not valid JSON/TOML for the schema (syntax, unknown field, wrong type).
    Parse {
        /// The parser's message, which names the field and position.
        message: String,
    },
    /// A field is outside its allowed range or contradicts another field.
    Invalid {
        /// Dotted path, e.g. `package.unzipped_mb` or `workload.parts[1].rate_per_s`.
        path: String,
        /// The value found, as the user would write it.
        value: String,
        /// The rule, with the AWS limit's source where there is one.
        rule: String,
    },
    /// The run would exceed the work budget (events or memory) and is refused up front.
    TooBig {
        /// What would be too big and what to change.
        message: String,
    },
}

impl ScenarioError {
    /// Wraps a serde error.
    pub fn parse(e: impl fmt::Display) -> Self {
        ScenarioError::Parse {
            message: e.to_string(),
        }
    }
    /// A range or consistency violation.
    pub fn invalid(
        path: impl Into<String>,
        value: impl fmt::Display,
        rule: impl Into<String>,
    ) -> Self {
        ScenarioError::Invalid {
            path: path.into(),
            value: value.to_string(),
            rule: rule.into(),
        }
    }
    /// The field path, when the error has one (the web page shows the message next to that input).
    pub fn path(&self) -> Option<&str> {
        match self {
            ScenarioError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Parse { message } => write!(f, "invalid scenario: {message}"),
            ScenarioError::Invalid { path, value, rule } => {
                write!(f, "{path} = {value}: {rule}")
            }
            ScenarioError::TooBig { message } => write!(f, "scenario too big: {message}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

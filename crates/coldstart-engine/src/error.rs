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
            message: bounded_message(e.to_string()),
        }
    }
    /// A range or consistency violation.
    pub fn invalid(
        path: impl Into<String>,
        value: impl fmt::Display,
        rule: impl Into<String>,
    ) -> Self {
        ScenarioError::Invalid {
            path: bounded(path.into()),
            value: bounded(value.to_string()),
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

/// An integer with thousands separators (`12,345`). Messages here and the prose crate's tables
/// and sentences share it.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count or size as a reader reads it: `1,234`, `52.3 million`, `4.1 billion`, or `1.0e15`
/// past a trillion; never hundreds of digits, and "unbounded" for infinity or NaN.
pub fn human_count(n: f64) -> String {
    if !n.is_finite() {
        return "an unbounded number of".to_string();
    }
    let a = n.abs();
    if a < 1e6 {
        // Whole numbers with thousands separators; small fractions keep three digits.
        if n.fract() == 0.0 {
            return thousands(n as i64);
        }
        return format!("{n:.3}");
    }
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if a >= scale && a < scale * 1_000.0 {
            return format!("{:.1} {word}", n / scale);
        }
    }
    format!("{n:.1e}")
}

/// An echoed value or parser message, cut to a length a notice can show: input from a share
/// link or a file is the user's (or an attacker's) text, and a long number prints hundreds of
/// digits.
fn bounded(text: String) -> String {
    if text.len() > MAX_ECHO_CHARS {
        if let Some(v) = crate::number::parse_f64(text.trim()) {
            return format!("{v:.3e}");
        }
        let cut: String = text.chars().take(MAX_ECHO_CHARS).collect();
        return format!("{cut}… ({} characters)", text.chars().count());
    }
    text
}

/// A parser's message, which quotes the input (an unknown field's name, a bad string): cut so
/// it stays a sentence.
fn bounded_message(message: String) -> String {
    if message.chars().count() > MAX_MESSAGE_CHARS {
        let cut: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
        return format!("{cut}… (cut at {MAX_MESSAGE_CHARS} characters)");
    }
    message
}

/// Longest parser message shown, characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// Longest value or message echoed back, characters.
const MAX_ECHO_CHARS: usize = 120;

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

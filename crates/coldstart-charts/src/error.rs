//! The one error type of the crate: a message, so the page can show it and the CLI can print it.

use plotters::drawing::DrawingAreaErrorKind;
use std::fmt;

/// A chart could not be drawn: a backend failure (the canvas or the SVG writer refused an
/// operation) or an invalid request such as an SVG of zero width.
///
/// Plain data rather than a generic wrapper around the backend's error, because the same
/// chart code runs on several backends and callers only ever show the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError {
    message: String,
}

impl ChartError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        ChartError {
            message: message.into(),
        }
    }

    /// The message, for display next to the chart.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::new(format!("drawing failed: {e}"))
    }
}

//! Bring your own traffic: real arrivals and durations, imported from logs and public traces,
//! turned into a [`Scenario`] (a `trace` workload and an empirical handler distribution) plus
//! an [`Observed`] summary of what the log itself says.
//!
//! One submodule per format, each a push parser fed one line at a time (so the page can feed a
//! file chunk by chunk and a caller never holds a second copy of it) with a `parse(&str)`
//! convenience:
//! - [`lambda_log`]: AWS Lambda `REPORT` lines, as exported text or as the JSON of a log-events
//!   query; the only format that says which requests were cold;
//! - [`timestamps`]: a plain CSV of arrival times with an optional duration column;
//! - [`azure2019`]: the Azure Functions 2019 trace (invocations per minute, duration
//!   percentiles);
//! - [`azure2021`]: the Azure Functions 2021 trace (one row per invocation).
//!
//! Memory is bounded by what the scenario keeps (one number per arrival, at most
//! [`MAX_LIST_LEN`](crate::defaults::MAX_LIST_LEN)), never by the size of the input. Bad input
//! is an [`ImportError`] naming the line, where on it, the value and the rule; nothing panics.
//! [`check_model`] runs an imported scenario and sets the simulated cold starts beside the
//! observed ones: a validation of the model on the user's own function.

pub mod azure2019;
pub mod azure2021;
mod fields;
pub mod importer;
pub mod iso8601;
pub mod lambda_log;
pub mod timestamps;

pub use importer::{
    DETECT_BYTES, Format, ImportOptions, Imported, Importer, MAX_LINE_BYTES, Next, detect,
    import_text,
};

use crate::defaults::{
    AZURE_MAX_FUNCTIONS, IMPORT_EMPIRICAL_POINTS, MAX_BUCKETS, MAX_DURATION_S, MAX_LIST_LEN,
};
use crate::report::{P50, P99, Percentile};
use crate::scenario::Workload;
use crate::{Dist, Package, Scenario, ScenarioError, Simulation};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an import failed: where (line, and column or field), the value found and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line number; 0 when the error is about the input as a whole.
    pub line: u64,
    /// Where on the line: `column 12`, `field "Duration"`, `minute 17 (column 21)`; empty when
    /// the whole line (or input) is meant.
    pub at: String,
    /// The offending text, shortened to a few dozen characters; empty when nothing was there.
    pub value: String,
    /// The rule the value breaks.
    pub rule: String,
}

impl ImportError {
    /// An error on `line` at `at` (both may be empty) about `value`.
    pub fn new(line: u64, at: impl Into<String>, value: &str, rule: impl Into<String>) -> Self {
        ImportError {
            line,
            at: at.into(),
            value: shorten(value),
            rule: rule.into(),
        }
    }
    /// An error about the input as a whole.
    pub fn whole(rule: impl Into<String>) -> Self {
        ImportError::new(0, "", "", rule)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}", self.line)?;
            if !self.at.is_empty() {
                write!(f, ", {}", self.at)?;
            }
            f.write_str(": ")?;
        } else if !self.at.is_empty() {
            write!(f, "{}: ", self.at)?;
        }
        if !self.value.is_empty() {
            write!(f, "`{}`: ", self.value)?;
        }
        f.write_str(&self.rule)
    }
}

impl std::error::Error for ImportError {}

/// The longest value an error quotes, in characters.
const QUOTE_CHARS: usize = 40;

fn shorten(value: &str) -> String {
    let mut chars = value.chars();
    let mut out: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Bytes as text: the input must be UTF-8, and an error names the first bad byte's line and
/// column (the CLI reads files as bytes; the page hands over what the browser decoded).
pub fn utf8(bytes: &[u8]) -> Result<&str, ImportError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Valid UTF-8 up to here, so the column counts characters.
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        ImportError::new(
            line,
            format!("column {column}"),
            "",
            format!(
                "byte 0x{:02x} is not UTF-8 text (save the file as UTF-8)",
                bytes[e.valid_up_to()]
            ),
        )
    })
}

/// The lines of a text with their 1-based numbers; `\r\n` endings and a leading byte-order mark
/// are dropped.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines().zip(1u64..).map(|(l, n)| (n, l))
}

/// Order statistics of a set of measurements, ms. A percentile the sample cannot support (the
/// rule of [`crate::report::PERCENTILES`]: a p99 needs 100 values) is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Quantiles {
    /// Values summarised.
    pub count: u64,
    /// Mean.
    pub mean: f64,
    /// Median (nearest rank).
    pub p50: Option<f64>,
    /// 99th percentile (nearest rank), with at least 100 values.
    pub p99: Option<f64>,
    /// Largest value.
    pub max: f64,
}

impl Quantiles {
    /// Summarises `values` (sorted here); `None` when there are none.
    pub fn of(values: &mut Vec<f64>) -> Option<Quantiles> {
        if values.is_empty() {
            return None;
        }
        crate::rank::sort_f64(values);
        let n = values.len() as u64;
        let at = |p: &Percentile| {
            p.supported(n).then(|| {
                let rank = (p.quantile * n as f64).ceil().max(1.0) as usize;
                values[rank.min(values.len()) - 1]
            })
        };
        Some(Quantiles {
            count: n,
            mean: values.iter().sum::<f64>() / n as f64,
            p50: at(&P50),
            p99: at(&P99),
            max: values[values.len() - 1],
        })
    }
}

/// What the imported file itself says, before any simulation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Observed {
    /// The format read: `lambda-log`, `csv`, `azure2019` or `azure2021`.
    pub format: String,
    /// Requests (REPORT lines, CSV rows, or the trace's invocation count).
    pub requests: u64,
    /// Requests that paid a cold start (`Init Duration` or `Restore Duration` present); `None`
    /// when the format does not say.
    pub cold_starts: Option<u64>,
    /// cold_starts / requests.
    pub cold_share: Option<f64>,
    /// `Init Duration` of the cold starts, ms.
    pub init_ms: Option<Quantiles>,
    /// `Restore Duration` of SnapStart restores, ms.
    pub restore_ms: Option<Quantiles>,
    /// Handler durations, ms (for Azure 2019, the trace's own percentiles of its averages).
    pub handler_ms: Option<Quantiles>,
    /// From the first arrival to the last, seconds.
    pub span_s: f64,
    /// The first arrival, ms since 1970-01-01 UTC, when the file gives absolute times.
    pub start_epoch_ms: Option<f64>,
    /// The function's configured memory (`Memory Size`; the most frequent value if it changed).
    pub memory_mb: Option<u32>,
    /// The largest `Max Memory Used`.
    pub max_memory_used_mb: Option<u32>,
    /// Lines that were not records (other log lines, comments, blank lines).
    pub skipped_lines: u64,
    /// Azure: the functions merged into the workload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions: Option<u64>,
    /// Azure 2019: of those, the functions the durations file had a row for (the handler
    /// distribution is their mixture).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions_with_durations: Option<u64>,
    /// Azure 2019: the p99 of the app's average allocated memory (the largest among the chosen
    /// functions' apps), MB, from which the memory size was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_mb_p99: Option<f64>,
}

/// Which functions of an Azure trace (2019 or 2021) to import. Several functions become one
/// workload: their arrivals merged in time order, their durations one mixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The function with this hash (`HashFunction`; the 2021 trace's `func`), the first such row.
    Function(String),
    /// The n functions invoked most over the file (the first of equals), at most
    /// [`AZURE_MAX_FUNCTIONS`](crate::defaults::AZURE_MAX_FUNCTIONS).
    Busiest(std::num::NonZeroU32),
    /// Every function of the app with this hash (`HashApp`; the 2021 trace's `app`).
    App(String),
}

impl Pick {
    /// The single busiest function: the default.
    pub const BUSIEST: Pick = Pick::Busiest(std::num::NonZeroU32::MIN);

    /// The `n` busiest functions, refused outside 1 to
    /// [`AZURE_MAX_FUNCTIONS`](crate::defaults::AZURE_MAX_FUNCTIONS).
    pub fn busiest(n: u32) -> Result<Pick, ImportError> {
        match std::num::NonZeroU32::new(n) {
            Some(n) if n.get() <= AZURE_MAX_FUNCTIONS => Ok(Pick::Busiest(n)),
            _ => Err(ImportError::new(
                0,
                "busiest",
                &n.to_string(),
                format!(
                    "must be a count of functions from 1 to {AZURE_MAX_FUNCTIONS} \
                     (defaults::AZURE_MAX_FUNCTIONS)"
                ),
            )),
        }
    }

    /// The refusal of a pick past the bound, checked before any line is read.
    pub(crate) fn check(&self) -> Result<(), ImportError> {
        match self {
            Pick::Busiest(n) => Pick::busiest(n.get()).map(drop),
            _ => Ok(()),
        }
    }
}

impl Default for Pick {
    fn default() -> Self {
        Pick::BUSIEST
    }
}

/// Imported traffic: arrivals from the scenario's time zero, the handler distribution and memory
/// when the file gives them, and the observed summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Traffic {
    /// Arrival times, ms from the start of the scenario, ascending.
    pub arrivals_ms: Vec<f64>,
    /// Length of the arrival window, whole seconds, ending after the last arrival.
    pub duration_s: f64,
    /// Handler durations as an empirical distribution, when the file has durations.
    pub handler_ms: Option<Dist>,
    /// Configured memory, when the file says.
    pub memory_mb: Option<u32>,
    /// What the file says.
    pub observed: Observed,
}

impl Traffic {
    /// The template with this traffic: a `trace` workload of the arrivals over
    /// [`Traffic::duration_s`], the imported handler distribution and memory when there are
    /// some (the template's otherwise), and time-series buckets widened if the trace is too long
    /// for the template's. Runtime, package, platform and the rest stay the template's.
    pub fn scenario(&self, template: &Scenario) -> Scenario {
        self.clone().into_scenario(template).0
    }

    /// [`Traffic::scenario`] without copying the arrivals (a day of a busy function is
    /// millions of them): the scenario and the observed summary.
    pub fn into_scenario(self, template: &Scenario) -> (Scenario, Observed) {
        let mut s = template.clone();
        s.workload = Workload::Trace {
            arrivals_ms: self.arrivals_ms,
        };
        s.duration_s = self.duration_s;
        if let Some(handler) = self.handler_ms {
            s.function.handler_ms = handler;
        }
        if let Some(memory) = self.memory_mb {
            s.function.memory_mb = memory;
        }
        let min_bucket = (self.duration_s / MAX_BUCKETS).ceil();
        if s.output.bucket_s < min_bucket {
            s.output.bucket_s = min_bucket;
        }
        (s, self.observed)
    }
}

/// Measurements as a distribution the scenario can carry: every value when there are at most
/// [`IMPORT_EMPIRICAL_POINTS`], otherwise that many evenly spaced order statistics (the
/// empirical inverse CDF at the midpoints of equal-probability slices), so a day of traffic
/// does not make a scenario file of millions of durations.
pub fn empirical(mut values: Vec<f64>) -> Option<Dist> {
    if values.is_empty() {
        return None;
    }
    crate::rank::sort_f64(&mut values);
    let n = values.len();
    let samples = if n <= IMPORT_EMPIRICAL_POINTS {
        values
    } else {
        (0..IMPORT_EMPIRICAL_POINTS)
            .map(|k| {
                let u = (k as f64 + 0.5) / IMPORT_EMPIRICAL_POINTS as f64;
                values[((u * n as f64) as usize).min(n - 1)]
            })
            .collect()
    };
    Some(Dist::Empirical { samples })
}

/// What the parsers gather while they stream: one number per request, nothing per line.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    /// Arrival times, ms after `base`.
    pub arrivals: Vec<f64>,
    /// The first timestamp seen, whole ms (epoch or the file's own origin): arrivals are kept
    /// relative to it, so epoch milliseconds (~1.7·10¹²) do not cost the fractions their
    /// precision.
    pub base: Option<f64>,
    pub handler: Vec<f64>,
    pub init: Vec<f64>,
    pub restore: Vec<f64>,
    /// Whether the format says which requests were cold.
    pub knows_cold: bool,
    pub cold: u64,
    /// Distinct `Memory Size` values and how often each was seen (a handful at most).
    pub memory: Vec<(u32, u64)>,
    pub max_used: Option<u32>,
    pub skipped: u64,
    /// Whether arrival times are since 1970 (so `start_epoch_ms` means something).
    pub epoch: bool,
}

/// The most distinct `Memory Size` values tracked; a log with more is refused as not one function.
const MAX_MEMORY_SIZES: usize = 64;

impl Collector {
    /// An arrival at `stamp_ms + offset_ms` (a timestamp and a small offset from it).
    pub fn arrival(&mut self, line: u64, stamp_ms: f64, offset_ms: f64) -> Result<(), ImportError> {
        if self.arrivals.len() >= MAX_LIST_LEN {
            return Err(ImportError::new(
                line,
                "",
                "",
                format!(
                    "more than {MAX_LIST_LEN} requests: a trace workload holds at most that \
                     many arrivals; import a shorter window"
                ),
            ));
        }
        let base = *self.base.get_or_insert(stamp_ms.floor());
        self.arrivals.push((stamp_ms - base) + offset_ms);
        Ok(())
    }

    pub fn memory_size(&mut self, line: u64, mb: u32) -> Result<(), ImportError> {
        if let Some(entry) = self.memory.iter_mut().find(|(m, _)| *m == mb) {
            entry.1 += 1;
        } else if self.memory.len() >= MAX_MEMORY_SIZES {
            return Err(ImportError::new(
                line,
                "field \"Memory Size\"",
                &mb.to_string(),
                format!(
                    "more than {MAX_MEMORY_SIZES} memory sizes: this is not one function's log"
                ),
            ));
        } else {
            self.memory.push((mb, 1));
        }
        Ok(())
    }

    /// The traffic, with arrivals measured from `origin_ms` (the first arrival when `None`)
    /// over at least `min_duration_s`.
    pub fn finish(
        self,
        format: &str,
        origin_ms: Option<f64>,
        min_duration_s: f64,
    ) -> Result<Traffic, ImportError> {
        let Collector {
            mut arrivals,
            base,
            mut handler,
            mut init,
            mut restore,
            knows_cold,
            cold,
            memory,
            max_used,
            skipped,
            epoch,
        } = self;
        if arrivals.is_empty() {
            return Err(ImportError::whole(format!(
                "no requests found: not a {format} file, or an empty one (docs/traces.md)"
            )));
        }
        // Most files are in time order already; several merged functions are not.
        if !arrivals.is_sorted_by(|a, b| a.total_cmp(b).is_le()) {
            crate::rank::sort_f64(&mut arrivals);
        }
        let first = arrivals[0];
        let last = arrivals[arrivals.len() - 1];
        let base = base.unwrap_or(0.0);
        let origin = origin_ms.map_or(first, |o| o - base).min(first);
        let span_ms = last - first;
        // Whole seconds, strictly past the last arrival: the run admits arrivals before its end.
        let duration_s = (((last - origin) / 1000.0).floor() + 1.0).max(min_duration_s);
        if duration_s > MAX_DURATION_S {
            return Err(ImportError::whole(format!(
                "the requests span {:.0} days; a scenario covers at most {:.0} days \
                 (defaults::MAX_DURATION_S): import a shorter window",
                duration_s / 86_400.0,
                MAX_DURATION_S / 86_400.0
            )));
        }
        for a in &mut arrivals {
            *a -= origin;
        }
        let requests = arrivals.len() as u64;
        let memory_mb = memory
            .iter()
            .max_by_key(|(mb, n)| (*n, std::cmp::Reverse(*mb)))
            .map(|(mb, _)| *mb);
        let handler_q = Quantiles::of(&mut handler);
        let observed = Observed {
            format: format.to_string(),
            requests,
            cold_starts: knows_cold.then_some(cold),
            cold_share: knows_cold.then(|| cold as f64 / requests as f64),
            init_ms: Quantiles::of(&mut init),
            restore_ms: Quantiles::of(&mut restore),
            handler_ms: handler_q,
            span_s: span_ms / 1000.0,
            start_epoch_ms: epoch.then_some(base + first),
            memory_mb,
            max_memory_used_mb: max_used,
            skipped_lines: skipped,
            functions: None,
            functions_with_durations: None,
            allocated_mb_p99: None,
        };
        Ok(Traffic {
            arrivals_ms: arrivals,
            duration_s,
            handler_ms: empirical(handler),
            memory_mb,
            observed,
        })
    }
}

/// A side of [`ModelCheck`]: cold starts and their Init Duration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ColdStarts {
    /// Invocations (REPORT lines observed; attempts started, simulated).
    pub invocations: u64,
    /// Of which cold.
    pub cold_starts: u64,
    /// cold_starts / invocations.
    pub cold_share: f64,
    /// Init Duration of the cold starts, ms: what a REPORT line's `Init Duration` measures
    /// (runtime bootstrap and function init, plus an image's loading; not the microVM nor a
    /// zip's fetch, which come before Init). SnapStart restores are not in it.
    pub init_ms: Option<Quantiles>,
}

/// Observed against simulated: the cold-start share and Init Duration the user's log shows
/// beside what the model predicts for the same arrivals and handler durations.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ModelCheck {
    /// From the log.
    pub observed: ColdStarts,
    /// From the run.
    pub simulated: ColdStarts,
}

/// Events per slice while collecting the simulated cold starts.
const CHECK_SLICE_EVENTS: u64 = 100_000;

/// Runs `scenario` (normally [`Traffic::scenario`] of an imported log) and sets its cold-start
/// share and Init Duration beside the `observed` ones. Memory grows with the simulated cold
/// starts only (one number each). `None` when the log does not say which requests were cold.
pub fn check_model(
    scenario: &Scenario,
    observed: &Observed,
) -> Result<Option<ModelCheck>, ScenarioError> {
    let (Some(cold_starts), Some(cold_share)) = (observed.cold_starts, observed.cold_share) else {
        return Ok(None);
    };
    let image = matches!(scenario.package, Package::Image { .. });
    let mut sim = Simulation::new(scenario)?;
    sim.stream_requests(true);
    let mut init = Vec::new();
    loop {
        let done = sim.run_events(CHECK_SLICE_EVENTS) == 0 || sim.is_finished();
        for r in sim.drain_finished() {
            if r.cold.is_some() {
                let p = r.phases;
                let fetch = if image {
                    p.code_fetch
                } else {
                    Default::default()
                };
                init.push((p.bootstrap + p.init + fetch).as_ms_f64());
            }
        }
        if done {
            break;
        }
    }
    let report = sim.into_report();
    Ok(Some(ModelCheck {
        observed: ColdStarts {
            invocations: observed.requests,
            cold_starts,
            cold_share,
            init_ms: observed.init_ms,
        },
        simulated: ColdStarts {
            invocations: report.invocations,
            cold_starts: report.cold_starts,
            cold_share: report.cold_start_ratio,
            init_ms: Quantiles::of(&mut init),
        },
    }))
}

/// A number of milliseconds (or megabytes): finite and not negative, as `str::parse` reads it.
///
/// An import reads a number a row (10 million for the largest CSV), nearly all of them plain
/// decimals such as `102.25` or `1699999999.123`: [`plain_decimal`] reads those exactly and
/// faster than core's reader; any other text (an exponent, a sign, `inf`, more digits) goes to
/// [`crate::number::parse_f64`], the page's one general reader. Core's `dec2flt` (code and a
/// 10 KB table of powers of five) is then in neither wasm module (docs/benchmarks.md, "Issue 14,
/// seventeenth round: wasm size"). `parse_f64` reads as `str::parse` does but for a mantissa of
/// more than 65,535 digits with an exponent that brings it back into range (see there).
pub(crate) fn non_negative(text: &str) -> Option<f64> {
    plain_decimal(text)
        .or_else(|| crate::number::parse_f64(text))
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Powers of ten that an `f64` holds exactly (up to 1e22), as far as [`plain_decimal`] needs.
const EXACT_POWERS_OF_TEN: [f64; 20] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19,
];

/// Digits with at most one point (`12`, `12.5`, `.5`, `5.`; no sign, no exponent), at most 19 of
/// them, that make an integer of at most 2^53; `None` for any other text. Both the integer and
/// the power of ten are then exact `f64`s, so one division rounds the quotient correctly
/// (Clinger's fast path, which `str::parse` takes for them too): the same bits.
fn plain_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    // Nineteen digits never overflow the u64 (twenty may: refused after the loop), so the loop
    // checks nothing but the characters.
    if bytes.len() > 20 {
        return None;
    }
    let mut mantissa = 0u64;
    let mut point = None;
    for (i, &b) in bytes.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
        } else if b == b'.' && point.is_none() {
            point = Some(i);
        } else {
            return None;
        }
    }
    let (digits, after_point) = match point {
        Some(p) => (bytes.len() - 1, bytes.len() - 1 - p),
        None => (bytes.len(), 0),
    };
    if digits == 0 || digits > 19 || mantissa > 1 << 53 {
        return None;
    }
    Some(mantissa as f64 / EXACT_POWERS_OF_TEN.get(after_point)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The importer's numbers read as `str::parse` reads them, bit for bit, whichever reader
        /// takes them: plain decimals of every length around the fast path's limits, with and
        /// without a point, leading and trailing zeros, and the texts only the general reader
        /// takes.
        #[test]
        fn an_imported_number_reads_as_str_parse(
            integer in "[0-9]{0,20}",
            fraction in proptest::option::of("[0-9]{0,26}"),
            exponent in proptest::option::of("[eE][+-]?[0-9]{1,3}"),
            sign in proptest::option::of("[+-]"),
        ) {
            let mut text = sign.unwrap_or_default();
            text.push_str(&integer);
            if let Some(f) = &fraction {
                text.push('.');
                text.push_str(f);
            }
            text.push_str(&exponent.unwrap_or_default());
            let expected = text
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .map(f64::to_bits);
            prop_assert_eq!(non_negative(&text).map(f64::to_bits), expected, "{}", text);
        }

        /// Any f64 written out as the logs write numbers.
        #[test]
        fn a_written_float_reads_back(v in 0.0..1e17f64, places in 0usize..8) {
            for text in [format!("{v}"), format!("{v:.places$}"), format!("{}", v.trunc())] {
                let expected = text.parse::<f64>().ok().map(f64::to_bits);
                prop_assert_eq!(non_negative(&text).map(f64::to_bits), expected, "{}", text);
            }
        }
    }

    #[test]
    fn the_fast_path_stops_at_its_limits() {
        for text in [
            "9007199254740992",
            "9007199254740993",
            "9007199254740992.5",
            "900719925474099.3",
            "0.0000000000000000000001",
            "0.00000000000000000000001",
            "1.7976931348623157",
            // Twenty digits wrap a u64 to 0 and to 1: read in full, not as the wrapped integer.
            "18446744073709551616",
            "18446744073709551617",
            "123456789012345678901234567890",
            "0",
            "0.",
            ".0",
            "5.",
            ".5",
            "00000000000000000000000000001.5",
            "1.50000000000000000000000000",
            "102.25",
            "1699999999.123",
        ] {
            let expected = text.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(non_negative(text).map(f64::to_bits), expected, "{text}");
        }
        for text in [
            "", ".", "..", "1.2.3", "-1", "-0", "1e400", "inf", "nan", " 1", "1 ", "1_0",
        ] {
            let expected = text
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0);
            assert_eq!(non_negative(text), expected, "{text}");
        }
    }

    #[test]
    fn quantiles_follow_the_report_rule() {
        let q = Quantiles::of(&mut vec![3.0, 1.0, 2.0]).unwrap();
        assert_eq!((q.count, q.p50, q.p99, q.max), (3, Some(2.0), None, 3.0));
        let mut hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        let q = Quantiles::of(&mut hundred).unwrap();
        assert_eq!((q.p50, q.p99), (Some(50.0), Some(99.0)));
        assert_eq!(Quantiles::of(&mut Vec::new()), None);
    }

    #[test]
    fn empirical_keeps_small_sets_and_thins_large_ones() {
        let Some(Dist::Empirical { samples }) = empirical(vec![2.0, 1.0]) else {
            panic!("empirical")
        };
        assert_eq!(samples, [1.0, 2.0]);
        let many: Vec<f64> = (0..IMPORT_EMPIRICAL_POINTS * 3).map(|i| i as f64).collect();
        let Some(Dist::Empirical { samples }) = empirical(many) else {
            panic!("empirical")
        };
        assert_eq!(samples.len(), IMPORT_EMPIRICAL_POINTS);
        assert_eq!(samples[0], 1.0);
        assert!(samples.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn utf8_errors_name_line_and_column() {
        let e = utf8(b"a,b\nxy\xffz").unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (2, "column 3"));
        assert!(e.rule.contains("0xff"), "{e}");
    }

    #[test]
    fn errors_read_as_sentences() {
        let e = ImportError::new(3, "field \"Duration\"", "abc", "must be a number");
        assert_eq!(
            e.to_string(),
            "line 3, field \"Duration\": `abc`: must be a number"
        );
        assert_eq!(
            ImportError::whole("empty").to_string(),
            "empty",
            "no line, no value"
        );
        let long = "x".repeat(100);
        assert!(ImportError::new(1, "", &long, "r").value.chars().count() <= QUOTE_CHARS + 1);
    }
}

//! AWS Lambda `REPORT` lines: one per invocation, written when it ends.
//!
//! ```text
//! 2024-05-01T12:00:00.123Z REPORT RequestId: 8f5…  Duration: 12.34 ms  Billed Duration: 13 ms  Memory Size: 512 MB  Max Memory Used: 71 MB  Init Duration: 245.67 ms
//! ```
//!
//! Read as exported text (one event per line, its timestamp first: a CloudWatch export,
//! `aws logs tail`, `sam logs`) or as the JSON of a log-events query (`aws logs
//! filter-log-events` / `get-log-events`: `{"events":[{"timestamp":ms,"message":"REPORT …"}]}`,
//! or the bare array, read event by event: [`EventsJson`]). Lambda's JSON log format is read
//! too: its `platform.report` records ([`platform_report`]), as lines or as events' messages.
//! Other lines (`START`, `END`, the function's own output) are skipped.
//!
//! Each line gives an invocation: its arrival is the line's timestamp less `Duration` and any
//! `Init Duration` / `Restore Duration` (the line is written when the invoke ends), its handler
//! duration, and whether it was cold. `Memory Size` gives the function's memory.

use super::{Collector, ImportError, Traffic, iso8601, non_negative, numbered_lines};
use std::borrow::Cow;

/// The format's name in [`super::Observed::format`].
pub const FORMAT: &str = "lambda-log";

/// What one `REPORT` line says.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReportLine {
    /// `Duration`, ms: the handler.
    pub duration_ms: f64,
    /// `Billed Duration`, ms.
    pub billed_ms: Option<f64>,
    /// `Memory Size`, MB.
    pub memory_size_mb: Option<u32>,
    /// `Max Memory Used`, MB.
    pub max_memory_used_mb: Option<u32>,
    /// `Init Duration`, ms: present on a cold start.
    pub init_ms: Option<f64>,
    /// `Restore Duration`, ms: present on a SnapStart restore.
    pub restore_ms: Option<f64>,
}

impl ReportLine {
    /// Whether the invocation paid a cold start.
    pub fn cold(&self) -> bool {
        self.init_ms.is_some() || self.restore_ms.is_some()
    }
}

/// Where a `REPORT` line's fields start.
const MARKER: &str = "REPORT RequestId:";

/// Parses the part of a line from `REPORT` on. An error's `at` names the field and its column
/// counted from `REPORT`'s `R` plus `offset` characters.
pub fn parse_report(line: u64, text: &str, offset: usize) -> Result<ReportLine, ImportError> {
    let body = text.strip_prefix("REPORT").ok_or_else(|| {
        ImportError::new(
            line,
            format!("column {}", offset + 1),
            text,
            "expected `REPORT`",
        )
    })?;
    let mut r = ReportLine::default();
    let mut duration = None;
    let mut rest = body;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let column = offset + text[..text.len() - rest.len()].chars().count() + 1;
        let Some(colon) = rest.find(':') else {
            return Err(ImportError::new(
                line,
                format!("column {column}"),
                rest,
                "expected `Name: value`",
            ));
        };
        let key = rest[..colon].trim();
        rest = rest[colon + 1..].trim_start();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let value = &rest[..end];
        rest = &rest[end..];
        // A unit follows the number: `ms` or `MB`.
        let after = rest.trim_start();
        let unit = ["ms", "MB"].into_iter().find(|u| {
            after
                .strip_prefix(u)
                .is_some_and(|t| t.is_empty() || t.starts_with(char::is_whitespace))
        });
        if let Some(u) = unit {
            rest = &after[u.len()..];
        }
        let at = || format!("field \"{key}\" (column {column})");
        let ms = || {
            non_negative(value).ok_or_else(|| {
                ImportError::new(line, at(), value, "must be a duration in ms, a number ≥ 0")
            })
        };
        let mb = || {
            value
                .parse::<u32>()
                .map_err(|_| ImportError::new(line, at(), value, "must be a whole number of MB"))
        };
        match key {
            "Duration" => duration = Some(ms()?),
            "Billed Duration" => r.billed_ms = Some(ms()?),
            "Memory Size" => r.memory_size_mb = Some(mb()?),
            "Max Memory Used" => r.max_memory_used_mb = Some(mb()?),
            "Init Duration" => r.init_ms = Some(ms()?),
            "Restore Duration" => r.restore_ms = Some(ms()?),
            // RequestId, Billed Restore Duration, XRAY TraceId, SegmentId, Sampled, and
            // whatever AWS adds next.
            _ => {}
        }
    }
    r.duration_ms = duration.ok_or_else(|| {
        ImportError::new(line, "", text, "a REPORT line needs `Duration: <ms> ms`")
    })?;
    Ok(r)
}

/// The marker of a `platform.report` record in Lambda's JSON log format.
const PLATFORM_REPORT: &str = "\"platform.report\"";

/// A record of Lambda's JSON log format (`LoggingConfig.LogFormat: JSON`): the platform's
/// events are `{"time": "<ISO 8601>", "type": "platform.report", "record": {"requestId": …,
/// "metrics": {"durationMs", "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB",
/// "initDurationMs", "restoreDurationMs", …}, "status": …}}` (the Telemetry API's schema,
/// AWS Lambda Developer Guide, "Lambda Telemetry API schema reference").
#[derive(serde::Deserialize)]
struct JsonRecord<'a> {
    #[serde(default, borrow)]
    time: Option<Cow<'a, str>>,
    #[serde(default, borrow, rename = "type")]
    kind: Option<Cow<'a, str>>,
    #[serde(default)]
    record: Option<JsonReport>,
}

#[derive(serde::Deserialize)]
struct JsonReport {
    #[serde(default)]
    metrics: Option<JsonMetrics>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonMetrics {
    #[serde(default)]
    duration_ms: Option<f64>,
    #[serde(default)]
    billed_duration_ms: Option<f64>,
    #[serde(default, rename = "memorySizeMB")]
    memory_size_mb: Option<f64>,
    #[serde(default, rename = "maxMemoryUsedMB")]
    max_memory_used_mb: Option<f64>,
    #[serde(default)]
    init_duration_ms: Option<f64>,
    #[serde(default)]
    restore_duration_ms: Option<f64>,
}

/// A `platform.report` record on a line (after an export's timestamp, if any): its `time` and
/// what it says. `None` for anything else (other records, the function's own JSON logs, text).
/// `offset` characters precede `text` on its line, for the error's column.
pub fn platform_report(
    line: u64,
    text: &str,
    offset: usize,
) -> Result<Option<(f64, ReportLine)>, ImportError> {
    if !text.contains(PLATFORM_REPORT) {
        return Ok(None);
    }
    let Some(brace) = text.find('{') else {
        return Ok(None);
    };
    let json = text[brace..].trim_end();
    let column0 = offset + text[..brace].chars().count();
    let record: JsonRecord = serde_json::from_str(json).map_err(|e| {
        ImportError::new(
            line,
            format!("column {}", column0 + e.column()),
            "",
            format!(
                "a platform.report record that is not JSON ({})",
                strip_position(&e.to_string())
            ),
        )
    })?;
    if record.kind.as_deref() != Some("platform.report") {
        return Ok(None);
    }
    let at = |field: &str| format!("field \"{field}\" (column {})", column0 + 1);
    let time = record.time.as_deref().ok_or_else(|| {
        ImportError::new(
            line,
            at("time"),
            "",
            "a platform.report record needs its `time` (ISO 8601)",
        )
    })?;
    let stamp =
        iso8601::parse_ms(time).map_err(|rule| ImportError::new(line, at("time"), time, rule))?;
    let m = record.record.and_then(|r| r.metrics).ok_or_else(|| {
        ImportError::new(
            line,
            at("record.metrics"),
            "",
            "a platform.report record needs `record.metrics`",
        )
    })?;
    let ms = |v: Option<f64>, field: &str| -> Result<Option<f64>, ImportError> {
        match v {
            Some(x) if !(x.is_finite() && x >= 0.0) => Err(ImportError::new(
                line,
                at(field),
                &x.to_string(),
                "must be a number ≥ 0",
            )),
            other => Ok(other),
        }
    };
    let mb = |v: Option<f64>, field: &str| -> Result<Option<u32>, ImportError> {
        match ms(v, field)? {
            Some(x) if x.fract() != 0.0 || x > f64::from(u32::MAX) => Err(ImportError::new(
                line,
                at(field),
                &x.to_string(),
                "must be a whole number of MB",
            )),
            other => Ok(other.map(|x| x as u32)),
        }
    };
    let duration_ms = ms(m.duration_ms, "record.metrics.durationMs")?.ok_or_else(|| {
        ImportError::new(
            line,
            at("record.metrics.durationMs"),
            "",
            "a platform.report record needs `record.metrics.durationMs`",
        )
    })?;
    Ok(Some((
        stamp,
        ReportLine {
            duration_ms,
            billed_ms: ms(m.billed_duration_ms, "record.metrics.billedDurationMs")?,
            memory_size_mb: mb(m.memory_size_mb, "record.metrics.memorySizeMB")?,
            max_memory_used_mb: mb(m.max_memory_used_mb, "record.metrics.maxMemoryUsedMB")?,
            init_ms: ms(m.init_duration_ms, "record.metrics.initDurationMs")?,
            restore_ms: ms(m.restore_duration_ms, "record.metrics.restoreDurationMs")?,
        },
    )))
}

/// A leading timestamp: ISO 8601, or a number of epoch milliseconds (seconds if below 10¹¹).
fn timestamp_ms(token: &str) -> Option<f64> {
    if iso8601::looks_like_date(token) {
        iso8601::parse_ms(token).ok()
    } else {
        let v = non_negative(token)?;
        Some(if v < 1e11 { v * 1000.0 } else { v })
    }
}

/// The streaming reader of a text log: feed lines in order, then [`LambdaLog::finish`].
#[derive(Debug, Default)]
pub struct LambdaLog {
    collector: Collector,
    lines: u64,
}

impl LambdaLog {
    /// An empty reader.
    pub fn new() -> Self {
        LambdaLog {
            collector: Collector {
                knows_cold: true,
                epoch: true,
                ..Collector::default()
            },
            lines: 0,
        }
    }

    /// Reads the next line of a text log.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        self.lines += 1;
        let n = self.lines;
        let text = text.strip_suffix('\r').unwrap_or(text);
        let Some(at) = text.find(MARKER) else {
            return match platform_report(n, text, 0)? {
                Some((stamp, r)) => self.record(n, stamp, &r),
                None => {
                    self.collector.skipped += 1;
                    Ok(())
                }
            };
        };
        let first = text.split_whitespace().next().unwrap_or("");
        let stamp = if text[..at].trim().is_empty() {
            None
        } else {
            timestamp_ms(first)
        };
        let Some(stamp) = stamp else {
            return Err(ImportError::new(
                n,
                "column 1",
                first,
                "a REPORT line needs a leading timestamp (ISO 8601 or epoch ms), as in a \
                 CloudWatch export; for the console's view use the log-events JSON",
            ));
        };
        let offset = text[..at].chars().count();
        let r = parse_report(n, &text[at..], offset)?;
        self.record(n, stamp, &r)
    }

    /// Records one invocation whose REPORT line was written at `stamp_ms`.
    fn record(&mut self, n: u64, stamp_ms: f64, r: &ReportLine) -> Result<(), ImportError> {
        let c = &mut self.collector;
        let before = r.duration_ms + r.init_ms.unwrap_or(0.0) + r.restore_ms.unwrap_or(0.0);
        c.arrival(n, stamp_ms, -before)?;
        c.handler.push(r.duration_ms);
        if let Some(i) = r.init_ms {
            c.init.push(i);
        }
        if let Some(i) = r.restore_ms {
            c.restore.push(i);
        }
        if r.cold() {
            c.cold += 1;
        }
        if let Some(mb) = r.memory_size_mb {
            c.memory_size(n, mb)?;
        }
        if let Some(used) = r.max_memory_used_mb {
            c.max_used = Some(c.max_used.map_or(used, |m| m.max(used)));
        }
        Ok(())
    }

    /// The traffic: arrivals from the first one.
    pub fn finish(self) -> Result<Traffic, ImportError> {
        self.collector.finish(FORMAT, None, 0.0)
    }
}

/// Reads a log: the JSON of a log-events query, or lines (text REPORT lines, JSON
/// `platform.report` records, or both), as [`is_events_json`] tells from the first line.
pub fn parse(text: &str) -> Result<Traffic, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if is_events_json(first) {
        parse_json(text)
    } else {
        parse_text(text)
    }
}

/// Whether a log whose first non-blank line is `first` is one JSON document of log events
/// (`[…]`, or `{…}` that is not a whole object on its line, or one without the keys of a log
/// record) rather than lines, one record each: text, or Lambda's JSON log format, whose every
/// line is an object of its own with `time` and `type` (the platform's records) or
/// `timestamp` and `level` (the function's).
pub fn is_events_json(first: &str) -> bool {
    let first = first.trim().trim_start_matches('\u{feff}');
    if first.starts_with('[') {
        return true;
    }
    if !first.starts_with('{') {
        return false;
    }
    match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(first) {
        Ok(object) => !["type", "time", "level"]
            .iter()
            .any(|k| object.contains_key(*k)),
        Err(_) => true,
    }
}

/// Reads a log of lines: text (`REPORT` lines) or Lambda's JSON log format (`platform.report`
/// records), mixed or not.
pub fn parse_text(text: &str) -> Result<Traffic, ImportError> {
    let mut log = LambdaLog::new();
    for (_, line) in numbered_lines(text) {
        log.line(line)?;
    }
    log.finish()
}

/// Reads the JSON of a log-events query: an object with an `events` array (other keys such as
/// `nextToken` ignored) or the bare array; each event's `timestamp` (epoch ms) and `message`.
pub fn parse_json(text: &str) -> Result<Traffic, ImportError> {
    let mut reader = EventsJson::new();
    reader.feed(text)?;
    reader.finish()
}

/// serde_json's message without its trailing "at line L column C" (the error says it already).
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

/// What the reader of a log-events document expects next, outside any value it is gathering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The document's first character: `{` or `[`.
    Root,
    /// In the root object: a key, or `}` if `first`.
    Key { first: bool },
    /// After a key: `:`.
    Colon,
    /// After `:`: the value (the events array when the key is `events`).
    Value,
    /// After a value in the root object: `,` or `}`.
    ObjectNext,
    /// In the events array: an event, or `]` if `first`.
    Event { first: bool },
    /// After an event: `,` or `]`.
    EventNext,
    /// After the document: only whitespace.
    End,
}

/// What a gathered value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gathered {
    Key,
    Value,
    Event,
}

/// One JSON value being gathered byte by byte: a key, a value of the root object, or an event.
#[derive(Debug)]
struct Gathering {
    what: Gathered,
    bytes: Vec<u8>,
    /// Where it began (line, column).
    from: (u64, u64),
    /// Open brackets; 0 for a string or a scalar.
    depth: u32,
    in_string: bool,
    escaped: bool,
}

/// What a byte did to a [`Gathering`].
enum Step {
    /// Taken; the value goes on.
    More,
    /// Taken, and it ended the value.
    Ended,
    /// Not taken: the value (a number, `true`, …) ended just before it.
    EndedBefore,
}

impl Gathering {
    fn push(&mut self, b: u8) -> Step {
        let first = self.bytes.is_empty();
        if first {
            self.bytes.push(b);
            return match b {
                b'{' | b'[' => {
                    self.depth = 1;
                    Step::More
                }
                b'"' => {
                    self.in_string = true;
                    Step::More
                }
                _ => Step::More,
            };
        }
        if self.in_string {
            self.bytes.push(b);
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                if self.depth == 0 {
                    return Step::Ended;
                }
            }
            return Step::More;
        }
        if self.depth == 0 {
            // A scalar: it ends at a delimiter, which belongs to what follows.
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                return Step::EndedBefore;
            }
            self.bytes.push(b);
            return Step::More;
        }
        self.bytes.push(b);
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return Step::Ended;
                }
            }
            _ => {}
        }
        Step::More
    }
}

/// The streaming reader of a log-events document (`{"events": [...], ...}` or `[...]`), fed
/// text in pieces split anywhere: each event is gathered, read and dropped as soon as it ends,
/// so memory holds one event (at most [`super::MAX_LINE_BYTES`]) and the requests kept, not
/// the document. The document is checked as JSON outside the events too.
#[derive(Debug)]
pub struct EventsJson {
    log: LambdaLog,
    expect: Expect,
    gathering: Option<Gathering>,
    /// Whether the root is an object (then it needs an `events` key).
    object: bool,
    key: String,
    seen_events: bool,
    events: u64,
    /// Position of the last byte read: line (1-based) and column (characters, 1-based).
    line: u64,
    column: u64,
}

impl Default for EventsJson {
    fn default() -> Self {
        Self::new()
    }
}

impl EventsJson {
    /// An empty reader.
    pub fn new() -> Self {
        EventsJson {
            log: LambdaLog::new(),
            expect: Expect::Root,
            gathering: None,
            object: false,
            key: String::new(),
            seen_events: false,
            events: 0,
            line: 1,
            column: 0,
        }
    }

    /// An error at the current position.
    fn error(&self, found: &str, rule: impl Into<String>) -> ImportError {
        ImportError::new(
            self.line,
            format!("column {}", self.column),
            found,
            format!("not the JSON of a log-events query ({})", rule.into()),
        )
    }

    /// Reads the next piece of the document.
    pub fn feed(&mut self, text: &str) -> Result<(), ImportError> {
        for &b in text.as_bytes() {
            if b == b'\n' {
                self.line += 1;
                self.column = 0;
            } else if b & 0xc0 != 0x80 {
                self.column += 1;
            }
            if let Some(g) = &mut self.gathering {
                match g.push(b) {
                    Step::More => {
                        if g.bytes.len() > super::MAX_LINE_BYTES {
                            let what = match g.what {
                                Gathered::Event => format!("event {}", self.events + 1),
                                _ => "a value".into(),
                            };
                            return Err(self.error(
                                "",
                                format!(
                                    "{what} is longer than {} MiB",
                                    super::MAX_LINE_BYTES >> 20
                                ),
                            ));
                        }
                        continue;
                    }
                    Step::Ended => {
                        self.gathered()?;
                        continue;
                    }
                    Step::EndedBefore => self.gathered()?,
                }
            }
            self.structure(b)?;
        }
        Ok(())
    }

    /// Starts gathering a value at the current byte.
    fn gather(&mut self, what: Gathered, b: u8) {
        let mut g = Gathering {
            what,
            bytes: Vec::new(),
            from: (self.line, self.column),
            depth: 0,
            in_string: false,
            escaped: false,
        };
        g.push(b);
        self.gathering = Some(g);
    }

    /// A byte outside any gathered value: the document's punctuation.
    fn structure(&mut self, b: u8) -> Result<(), ImportError> {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return Ok(());
        }
        let found = (b as char).to_string();
        let found = if b.is_ascii() { found.as_str() } else { "" };
        self.expect = match (self.expect, b) {
            (Expect::Root, b'{') => {
                self.object = true;
                Expect::Key { first: true }
            }
            (Expect::Root, b'[') => {
                self.seen_events = true;
                Expect::Event { first: true }
            }
            (Expect::Root, _) => return Err(self.error(found, "expected `{` or `[`")),
            (Expect::Key { .. }, b'"') => {
                self.gather(Gathered::Key, b);
                Expect::Colon
            }
            (Expect::Key { first: true }, b'}') => Expect::End,
            (Expect::Key { .. }, _) => return Err(self.error(found, "expected a key in quotes")),
            (Expect::Colon, b':') => Expect::Value,
            (Expect::Colon, _) => return Err(self.error(found, "expected `:` after a key")),
            (Expect::Value, b'[') if self.key == "events" => {
                self.seen_events = true;
                Expect::Event { first: true }
            }
            (Expect::Value, _) if self.key == "events" => {
                return Err(self.error(found, "`events` must be an array"));
            }
            (Expect::Value, _) => {
                self.gather(Gathered::Value, b);
                Expect::ObjectNext
            }
            (Expect::ObjectNext, b',') => Expect::Key { first: false },
            (Expect::ObjectNext, b'}') => Expect::End,
            (Expect::ObjectNext, _) => return Err(self.error(found, "expected `,` or `}`")),
            (Expect::Event { first: true }, b']') | (Expect::EventNext, b']') => {
                if self.object {
                    Expect::ObjectNext
                } else {
                    Expect::End
                }
            }
            (Expect::Event { .. }, _) => {
                self.gather(Gathered::Event, b);
                Expect::EventNext
            }
            (Expect::EventNext, b',') => Expect::Event { first: false },
            (Expect::EventNext, _) => {
                return Err(self.error(found, "expected `,` or `]` after an event"));
            }
            (Expect::End, _) => return Err(self.error(found, "text after the document's end")),
        };
        Ok(())
    }

    /// A gathered value ended: a key is kept, a value checked, an event read.
    fn gathered(&mut self) -> Result<(), ImportError> {
        let Some(g) = self.gathering.take() else {
            return Ok(());
        };
        let at = |e: &serde_json::Error| {
            let line = g.from.0 + e.line() as u64 - 1;
            let column = if e.line() <= 1 {
                g.from.1 + e.column() as u64 - 1
            } else {
                e.column() as u64
            };
            (line, format!("column {column}"))
        };
        let bad = |e: serde_json::Error, what: String| {
            let (line, column) = at(&e);
            ImportError::new(
                line,
                column,
                "",
                format!(
                    "not the JSON of a log-events query ({what}{})",
                    strip_position(&e.to_string())
                ),
            )
        };
        // Read as text, not bytes: serde_json's reader is generic over its input, and a slice
        // reader would be a second copy of its parser in the page's wasm. The text fed in is
        // UTF-8 and a gathered value starts and ends next to ASCII punctuation, so its bytes
        // are whole characters.
        let Ok(json) = std::str::from_utf8(&g.bytes) else {
            return Err(self.error("", "a value is cut inside a UTF-8 character"));
        };
        match g.what {
            Gathered::Key => {
                self.key =
                    serde_json::from_str::<String>(json).map_err(|e| bad(e, String::new()))?;
            }
            Gathered::Value => {
                serde_json::from_str::<serde::de::IgnoredAny>(json)
                    .map_err(|e| bad(e, format!("the value of `{}`: ", self.key)))?;
            }
            Gathered::Event => {
                self.events += 1;
                let n = self.events;
                let event: Event =
                    serde_json::from_str(json).map_err(|e| bad(e, format!("event {n}: ")))?;
                self.event(n, event)?;
            }
        }
        Ok(())
    }

    /// One log event: a REPORT line or a `platform.report` record in its message, else skipped.
    fn event(&mut self, n: u64, event: Event) -> Result<(), ImportError> {
        let line = self.line;
        let place = |e: ImportError| ImportError {
            line,
            at: if e.at.is_empty() {
                format!("event {n}")
            } else {
                format!("event {n}, {}", e.at)
            },
            ..e
        };
        let Some(message) = event.message.as_deref() else {
            self.log.collector.skipped += 1;
            return Ok(());
        };
        let Some(at) = message.find(MARKER) else {
            return match platform_report(0, message, 0).map_err(place)? {
                Some((stamp, r)) => self.log.record(line, stamp, &r).map_err(place),
                None => {
                    self.log.collector.skipped += 1;
                    Ok(())
                }
            };
        };
        let stamp = match event.timestamp {
            None => {
                return Err(place(ImportError::new(
                    0,
                    "",
                    "",
                    "a REPORT event needs its `timestamp` (epoch ms)",
                )));
            }
            Some(t) if !t.is_finite() || t < 0.0 => {
                return Err(place(ImportError::new(
                    0,
                    "field \"timestamp\"",
                    &t.to_string(),
                    "must be epoch milliseconds ≥ 0",
                )));
            }
            Some(t) => t,
        };
        let r = parse_report(0, message[at..].trim_end(), 0).map_err(place)?;
        self.log.record(line, stamp, &r).map_err(place)
    }

    /// The traffic, once the whole document is read.
    pub fn finish(self) -> Result<Traffic, ImportError> {
        if let Some(g) = &self.gathering {
            let what = match g.what {
                Gathered::Event => format!("inside event {}", self.events + 1),
                Gathered::Key => "inside a key".into(),
                Gathered::Value => format!("inside the value of `{}`", self.key),
            };
            return Err(self.error("", format!("the file ends {what}: a truncated file?")));
        }
        match self.expect {
            Expect::End => {}
            Expect::Root => return Err(ImportError::whole("empty file: no log events")),
            _ => {
                return Err(self.error(
                    "",
                    "the file ends before the document does: a truncated file?",
                ));
            }
        }
        if !self.seen_events {
            return Err(self.error("", "no `events` array"));
        }
        self.log.finish()
    }
}

/// One log event; fields other than these two (ingestionTime, logStreamName, eventId) ignored.
#[derive(serde::Deserialize)]
struct Event<'a> {
    #[serde(default)]
    timestamp: Option<f64>,
    #[serde(default, borrow)]
    message: Option<Cow<'a, str>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLD: &str = "REPORT RequestId: 3b4c-1\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 71 MB\tInit Duration: 245.67 ms\t";

    #[test]
    fn a_cold_report_line() {
        let r = parse_report(1, COLD, 0).unwrap();
        assert_eq!(r.duration_ms, 12.5);
        assert_eq!(r.billed_ms, Some(13.0));
        assert_eq!(r.memory_size_mb, Some(512));
        assert_eq!(r.max_memory_used_mb, Some(71));
        assert_eq!(r.init_ms, Some(245.67));
        assert!(r.cold());
    }

    #[test]
    fn spaces_instead_of_tabs_and_xray_fields() {
        let r = parse_report(
            1,
            "REPORT RequestId: x Duration: 1.00 ms Billed Duration: 1 ms Memory Size: 128 MB Max Memory Used: 40 MB Restore Duration: 300.1 ms Billed Restore Duration: 120 ms XRAY TraceId: 1-abc SegmentId: 9f Sampled: true",
            0,
        )
        .unwrap();
        assert_eq!(
            (r.duration_ms, r.restore_ms, r.init_ms),
            (1.0, Some(300.1), None)
        );
        assert!(r.cold());
    }

    #[test]
    fn bad_fields_name_field_and_column() {
        let e = parse_report(7, "REPORT RequestId: x\tDuration: 1,5 ms", 25).unwrap_err();
        assert_eq!(e.line, 7);
        assert_eq!(e.at, "field \"Duration\" (column 46)");
        assert_eq!(e.value, "1,5");
        let e = parse_report(7, "REPORT RequestId: x\tMemory Size: 512 MB", 0).unwrap_err();
        assert!(e.rule.contains("needs `Duration"), "{e}");
        let e = parse_report(7, "REPORT RequestId: x\tDuration: -1 ms", 0).unwrap_err();
        assert!(e.rule.contains("≥ 0"), "{e}");
    }

    #[test]
    fn text_lines_give_arrivals_before_the_timestamp() {
        let log = format!(
            "2024-05-01T12:00:00.000Z START RequestId: 3b4c-1 Version: $LATEST\n\
             2024-05-01T12:00:00.300Z {COLD}\n\
             2024-05-01T12:00:01.000Z REPORT RequestId: 2\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\n"
        );
        let t = parse(&log).unwrap();
        let first = 300.0 - 12.5 - 245.67;
        assert_eq!(t.arrivals_ms, [0.0, 900.0 - first]);
        assert_eq!(t.observed.requests, 2);
        assert_eq!(t.observed.cold_starts, Some(1));
        assert_eq!(t.observed.cold_share, Some(0.5));
        assert_eq!(t.observed.skipped_lines, 1);
        assert_eq!(t.observed.memory_mb, Some(512));
        assert_eq!(t.observed.max_memory_used_mb, Some(80));
        assert_eq!(t.memory_mb, Some(512));
        assert_eq!(t.observed.start_epoch_ms, Some(1_714_564_800_000.0 + first));
        assert_eq!(t.duration_s, 1.0, "the last arrival at 0.858 s");
    }

    #[test]
    fn a_report_line_without_timestamp_is_an_error() {
        let e = parse(COLD).unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (1, "column 1"));
        assert!(e.rule.contains("leading timestamp"), "{e}");
        let e = parse("not-a-time REPORT RequestId: 1 Duration: 1 ms").unwrap_err();
        assert_eq!(e.value, "not-a-time");
    }

    #[test]
    fn json_events() {
        let json = format!(
            r#"{{"events": [
                {{"logStreamName": "s", "timestamp": 1714564800300, "message": "START RequestId: 1\n", "ingestionTime": 1}},
                {{"timestamp": 1714564800300, "message": {cold:?}, "eventId": "e"}},
                {{"timestamp": 1714564801000, "message": "REPORT RequestId: 2\tDuration: 100.00 ms\tMemory Size: 512 MB\n"}}
            ], "searchedLogStreams": [], "nextToken": "t"}}"#,
            cold = format!("{COLD}\n")
        );
        let t = parse(&json).unwrap();
        assert_eq!(t.observed.requests, 2);
        assert_eq!(t.observed.cold_starts, Some(1));
        assert_eq!(t.observed.skipped_lines, 1);
        let bare =
            parse(r#"[{"timestamp": 5000, "message": "REPORT RequestId: 2 Duration: 1 ms"}]"#)
                .unwrap();
        assert_eq!(bare.observed.requests, 1);
    }

    /// Text beyond ASCII in keys, values and messages, fed one character at a time: each
    /// gathered value is whole characters, read as text.
    #[test]
    fn json_events_beyond_ascii_fed_in_pieces() {
        let json = "{\"événements\": \"ünïcode ✓\", \"events\": [{\"message\": \"REPORT RequestId: é\\tDuration: 5.00 ms\\tMemory Size: 512 MB\\n\", \"timestamp\": 5000, \"logStreamName\": \"flux-🚀\"}]}";
        let mut reader = EventsJson::new();
        for (i, c) in json.char_indices() {
            reader.feed(&json[i..i + c.len_utf8()]).unwrap();
        }
        let t = reader.finish().unwrap();
        assert_eq!(t.observed.requests, 1);
        let e = parse("[{\"timestamp\": 1, \"message\": \"REPORT RequestId: ✓ Duration: ✗ ms\"}]")
            .unwrap_err();
        assert!(e.at.contains("event 1, field \"Duration\""), "{e}");
        assert_eq!(e.value, "✗");
    }

    #[test]
    fn json_errors_name_line_column_and_event() {
        let e = parse("{\"events\": [\n{\"timestamp\": 1, \"message\": \"REPORT RequestId: 1 Duration: x ms\"}\n]}").unwrap_err();
        // Where the JSON parser stood when the event ended: at or just after it.
        assert!((2..=3).contains(&e.line), "{e}");
        assert!(e.at.contains("event 1, field \"Duration\""), "{e}");
        let e = parse("{\"events\": [\n{\"timestamp\": 1,").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.rule.contains("not the JSON"), "{e}");
        let e = parse("{\"nextToken\": 1}").unwrap_err();
        assert!(e.rule.contains("no `events`"), "{e}");
        let e = parse("[{\"message\": \"REPORT RequestId: 1 Duration: 1 ms\"}]").unwrap_err();
        assert!(e.rule.contains("timestamp"), "{e}");
    }

    #[test]
    fn nothing_to_import() {
        let e = parse("START RequestId: 1\nEND RequestId: 1\n").unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e.rule.contains("no requests"), "{e}");
    }
}

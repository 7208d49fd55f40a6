//! Importing a file in pieces: the entry point for a caller that reads a file chunk by chunk
//! (the page's Web Worker, the CLI). Chunks may be split anywhere — inside a line, inside a
//! UTF-8 character — so the caller can report progress ([`Importer::bytes_read`]) and stop
//! between any two chunks; nothing is kept per line, only what the scenario needs.
//!
//! ```text
//! let mut importer = Importer::new(ImportOptions::default());
//! importer.begin_file(None)?;            // the format is detected from the first lines
//! for chunk in file { importer.feed_bytes(chunk)?; }
//! match importer.end_file()? { Next::Done => {}, Next::ReadAgain => { /* feed it again */ } }
//! let imported = importer.finish(&template)?;   // scenario + observed summary
//! ```
//!
//! An Azure 2019 import is up to three files, read in this order: the invocations file, then
//! optionally the durations file and the app memory file (either order), each its own
//! `begin_file` … `end_file`. The Azure 2021 trace asks to be read twice
//! ([`Next::ReadAgain`]) when the busiest functions are wanted: once to count, once to keep.

use super::azure2019::{self, AppMemory, DurationPercentiles, FunctionCounts, Sampler};
use super::azure2021;
use super::lambda_log::{self, EventsJson, LambdaLog};
use super::timestamps::{self, TimeUnit, Timestamps};
use super::{ImportError, Observed, Pick, Traffic, fields, iso8601, non_negative};
use crate::{Scenario, validate};

/// What a file is. The ids ([`Format::id`]) are the CLI's `--format` values and what the page
/// shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// AWS Lambda logs: text `REPORT` lines, Lambda's JSON log format (`platform.report`
    /// records), or the JSON of a log-events query.
    LambdaLog,
    /// A CSV of arrival timestamps with an optional duration column.
    Csv,
    /// Azure Functions 2019: invocations per function per minute (the main file).
    Azure2019,
    /// Azure Functions 2019: duration percentiles per function (after the invocations).
    Azure2019Durations,
    /// Azure Functions 2019: allocated memory percentiles per app (after the invocations).
    Azure2019Memory,
    /// Azure Functions 2021: one row per invocation.
    Azure2021,
}

impl Format {
    /// Every format, in the order a menu lists them.
    pub const ALL: [Format; 6] = [
        Format::LambdaLog,
        Format::Csv,
        Format::Azure2019,
        Format::Azure2019Durations,
        Format::Azure2019Memory,
        Format::Azure2021,
    ];

    /// The format's id: `lambda-log`, `csv`, `azure2019`, `azure2019-durations`,
    /// `azure2019-memory`, `azure2021` (also [`Observed::format`] for the main files).
    pub fn id(self) -> &'static str {
        match self {
            Format::LambdaLog => lambda_log::FORMAT,
            Format::Csv => timestamps::FORMAT,
            Format::Azure2019 => azure2019::FORMAT,
            Format::Azure2019Durations => "azure2019-durations",
            Format::Azure2019Memory => "azure2019-memory",
            Format::Azure2021 => azure2021::FORMAT,
        }
    }

    /// The format with this id.
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.id() == id)
    }

    /// Whether the file only adds to an Azure 2019 invocations file read before it.
    pub fn is_companion(self) -> bool {
        matches!(self, Format::Azure2019Durations | Format::Azure2019Memory)
    }
}

/// The most of a file [`Importer`] reads before deciding its format, bytes (64 KiB: enough for
/// the header of any trace and for a Lambda log's first `START`/`REPORT` line).
pub const DETECT_BYTES: usize = 64 * 1024;

/// The longest line accepted, bytes (a 2019 invocations row of 1,440 counts is ~10 KB); a
/// longer one means a file that is not line-per-record (the log-events JSON is exempt).
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// The format of a file from its first lines (`head`: the file's start, e.g. its first
/// [`DETECT_BYTES`], which may end inside a line), or `None` when the head says none clearly:
/// an Azure header by its column names, JSON (`{` / `[`) or a line with `RequestId:` or a
/// `platform.report` record for a Lambda log, a first cell that is a timestamp or a time
/// column's name for a CSV.
pub fn detect(head: &str) -> Option<Format> {
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    let first = head.lines().find(|l| !l.trim().is_empty())?.trim();
    if first.starts_with(['{', '[']) {
        return Some(Format::LambdaLog);
    }
    let cells = fields::split(1, first).unwrap_or_default();
    let has = |name: &str| cells.iter().any(|c| c == name);
    if cells.len() > 4 && ["HashOwner", "HashApp", "HashFunction", "Trigger"] == cells[..4] {
        return Some(Format::Azure2019);
    }
    if has("HashFunction") && has("percentile_Average_50") {
        return Some(Format::Azure2019Durations);
    }
    if has("HashApp") && has("AverageAllocatedMb") {
        return Some(Format::Azure2019Memory);
    }
    if has("func") && has("end_timestamp") && has("duration") {
        return Some(Format::Azure2021);
    }
    if head.contains("RequestId:") || head.contains("\"platform.report\"") {
        return Some(Format::LambdaLog);
    }
    let cell = cells.first().map_or("", |c| c.as_ref());
    let time_cell = iso8601::looks_like_date(cell) || non_negative(cell).is_some();
    let time_header = cells
        .iter()
        .any(|c| timestamps::is_time_header(&c.to_ascii_lowercase()));
    (time_cell || time_header).then_some(Format::Csv)
}

/// How to read the traffic; what the file itself does not say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// Azure: which functions become the workload.
    pub pick: Pick,
    /// Azure 2019: how a minute's count becomes arrival times.
    pub sampler: Sampler,
    /// The scenario's seed, and the Azure 2019 sampler's; `None` keeps the template's.
    pub seed: Option<u64>,
    /// CSV: the unit of numeric timestamps.
    pub time_unit: TimeUnit,
}

/// What to do after a file ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The file is read: begin another (an Azure 2019 companion) or [`Importer::finish`].
    Done,
    /// Read the same file once more from its start (`begin_file`, feed, `end_file`): the Azure
    /// 2021 trace, first counted to find the busiest functions, is now read for their rows.
    ReadAgain,
}

/// The import's result: the scenario (the template with the imported traffic, validated) and
/// what the file itself says.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The template with a `trace` workload, and the file's durations and memory when it has
    /// them (docs/traces.md).
    pub scenario: Scenario,
    /// What the file says, before any simulation.
    pub observed: Observed,
}

/// The parser reading the current file.
#[derive(Debug)]
enum Reading {
    /// No file begun, or its format still to be detected.
    Idle,
    /// A Lambda log before its first non-blank line, which tells lines from one JSON document.
    LambdaUndecided {
        blank: String,
    },
    /// Lines: text `REPORT` lines and JSON `platform.report` records.
    LambdaLines(LambdaLog),
    /// The JSON of a log-events query, read event by event.
    LambdaJson(Box<EventsJson>),
    Csv(Timestamps),
    Azure2021Count(azure2021::Counter),
    Azure2021Read(azure2021::Reader),
    Azure2019(azure2019::Invocations),
    Azure2019Durations(azure2019::Durations),
    Azure2019Memory(azure2019::Memory),
}

/// An Azure 2019 import's files, read so far.
#[derive(Debug, Default)]
struct Azure2019Files {
    functions: Vec<FunctionCounts>,
    durations: Option<Vec<DurationPercentiles>>,
    memory: Option<Vec<AppMemory>>,
}

/// Where the current file stands.
#[derive(Debug, Default)]
struct Cursor {
    /// Whether a file is begun and not yet ended.
    open: bool,
    /// Its format, once given or detected.
    format: Option<Format>,
    /// The start of the file while its format is being detected.
    head: String,
    /// The part of a line not yet ended by `\n`.
    carry: String,
    /// The bytes of a UTF-8 character split between two chunks (at most 3).
    partial_char: Vec<u8>,
    /// Bytes read as text (not counting `partial_char`).
    bytes: u64,
    /// Lines handed to the parser.
    lines: u64,
    /// Whether the file's first text has been seen (and a byte-order mark dropped).
    started: bool,
}

/// The chunked importer: see the module's documentation for the calls in order. An error is
/// final: the file is refused as a whole (drop the importer and start again).
#[derive(Debug)]
pub struct Importer {
    options: ImportOptions,
    reading: Reading,
    cursor: Cursor,
    /// The Azure 2021 selection found by the counting pass, for the reading pass.
    azure2021_selection: Option<azure2021::Selection>,
    azure2019: Option<Azure2019Files>,
    /// A single-file format's traffic, once its file ended.
    traffic: Option<Traffic>,
}

impl Importer {
    /// An importer reading with these options.
    pub fn new(options: ImportOptions) -> Self {
        Importer {
            options,
            reading: Reading::Idle,
            cursor: Cursor::default(),
            azure2021_selection: None,
            azure2019: None,
            traffic: None,
        }
    }

    /// Begins a file of `format`, or of the format [`detect`] finds in its first lines
    /// (`None`). Refused while another file is open, or out of order (a second main file, an
    /// Azure 2019 companion before its invocations file or twice).
    pub fn begin_file(&mut self, format: Option<Format>) -> Result<(), ImportError> {
        if self.cursor.open {
            return Err(ImportError::whole(
                "a file is still being read: end it (end_file) before beginning another",
            ));
        }
        self.cursor = Cursor {
            open: true,
            ..Cursor::default()
        };
        if let Some(f) = format.or(self.again_format()) {
            self.start(f)?;
        }
        Ok(())
    }

    /// The format of a file to be read again (the Azure 2021 trace's second pass).
    fn again_format(&self) -> Option<Format> {
        self.azure2021_selection.as_ref().map(|_| Format::Azure2021)
    }

    /// Sets up the parser for the current file, checking the order of files.
    fn start(&mut self, format: Format) -> Result<(), ImportError> {
        let out_of_order = |rule: String| Err(ImportError::new(0, "", format.id(), rule));
        if let Some(again) = self.again_format()
            && format != again
        {
            return out_of_order(format!(
                "the {} file must be read again first (Next::ReadAgain)",
                again.id()
            ));
        }
        let first = self.traffic.is_none() && self.azure2019.is_none();
        self.reading = match format {
            _ if format.is_companion() => {
                let Some(az) = &self.azure2019 else {
                    return out_of_order(
                        "an Azure 2019 durations or memory file comes after the invocations \
                         file (invocations_per_function_md.anon.dNN.csv)"
                            .into(),
                    );
                };
                let done = match format {
                    Format::Azure2019Durations => az.durations.is_some(),
                    _ => az.memory.is_some(),
                };
                if done {
                    return out_of_order("this kind of file was read already".into());
                }
                if format == Format::Azure2019Durations {
                    Reading::Azure2019Durations(azure2019::Durations::new(
                        az.functions.iter().map(|f| f.function.clone()),
                    ))
                } else {
                    Reading::Azure2019Memory(azure2019::Memory::new(
                        az.functions.iter().map(|f| f.app.clone()),
                    ))
                }
            }
            _ if !first => {
                return out_of_order(
                    "one import reads one traffic file (only Azure 2019 adds its durations and \
                     memory files)"
                        .into(),
                );
            }
            Format::LambdaLog => Reading::LambdaUndecided {
                blank: String::new(),
            },
            Format::Csv => Reading::Csv(Timestamps::new(self.options.time_unit)),
            Format::Azure2019 => {
                self.options.pick.check()?;
                Reading::Azure2019(azure2019::Invocations::new(self.options.pick.clone()))
            }
            Format::Azure2021 => match self.azure2021_selection.take() {
                Some(selection) => Reading::Azure2021Read(azure2021::Reader::new(selection)),
                None if azure2021::needs_count(&self.options.pick) => {
                    self.options.pick.check()?;
                    Reading::Azure2021Count(azure2021::Counter::default())
                }
                None => Reading::Azure2021Read(azure2021::Reader::new(azure2021::selection(
                    &self.options.pick,
                    None,
                )?)),
            },
            Format::Azure2019Durations | Format::Azure2019Memory => unreachable!("companions"),
        };
        self.cursor.format = Some(format);
        Ok(())
    }

    /// The current file's format: given, detected, or `None` while its first
    /// [`DETECT_BYTES`] are still being read.
    pub fn format(&self) -> Option<Format> {
        self.cursor.format
    }

    /// Bytes of the current file read so far (in this pass), for a progress bar.
    pub fn bytes_read(&self) -> u64 {
        self.cursor.bytes + self.cursor.partial_char.len() as u64
    }

    /// Feeds the next piece of the current file's text, split anywhere.
    pub fn feed(&mut self, chunk: &str) -> Result<(), ImportError> {
        if !self.cursor.open {
            return Err(ImportError::whole(
                "no file begun: call begin_file before feeding",
            ));
        }
        if !self.cursor.partial_char.is_empty() {
            return Err(self.bad_utf8(self.cursor.partial_char[0], "is cut short"));
        }
        self.text(chunk)
    }

    /// Feeds the next piece of the current file's bytes, split anywhere (even inside a UTF-8
    /// character). The file must be UTF-8: the first byte that is not is an error naming its
    /// offset in the file, its line and column.
    pub fn feed_bytes(&mut self, chunk: &[u8]) -> Result<(), ImportError> {
        if !self.cursor.open {
            return Err(ImportError::whole(
                "no file begun: call begin_file before feeding",
            ));
        }
        let mut rest = chunk;
        if !self.cursor.partial_char.is_empty() {
            let lead = self.cursor.partial_char[0];
            let width = utf8_width(lead);
            let take = (width - self.cursor.partial_char.len()).min(rest.len());
            self.cursor.partial_char.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.cursor.partial_char.len() < width {
                return Ok(());
            }
            let whole = std::mem::take(&mut self.cursor.partial_char);
            match std::str::from_utf8(&whole) {
                Ok(c) => self.text(c)?,
                Err(_) => return Err(self.bad_utf8(lead, "is not UTF-8 text")),
            }
        }
        match std::str::from_utf8(rest) {
            Ok(text) => self.text(text),
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                // Valid up to here, checked just above.
                self.text(std::str::from_utf8(good).unwrap_or_default())?;
                match e.error_len() {
                    // A character cut by the chunk's end: wait for its other bytes.
                    None => {
                        self.cursor.partial_char.extend_from_slice(bad);
                        Ok(())
                    }
                    Some(_) => Err(self.bad_utf8(bad[0], "is not UTF-8 text")),
                }
            }
        }
    }

    /// An error at the current position: the byte's offset, line and column.
    fn bad_utf8(&self, byte: u8, what: &str) -> ImportError {
        let c = &self.cursor;
        let (line, column) = if c.format.is_none() {
            let line = c.head.matches('\n').count() as u64 + 1;
            let tail = c.head.rsplit('\n').next().unwrap_or("");
            (line, tail.chars().count() + 1)
        } else {
            (c.lines + 1, c.carry.chars().count() + 1)
        };
        ImportError::new(
            line,
            format!("column {column}"),
            "",
            format!(
                "byte 0x{byte:02x} at offset {} {what} (save the file as UTF-8)",
                c.bytes
            ),
        )
    }

    /// Text of the current file: held for detection, or split into lines for the parser.
    fn text(&mut self, text: &str) -> Result<(), ImportError> {
        if text.is_empty() {
            return Ok(());
        }
        self.cursor.bytes += text.len() as u64;
        let mut text = text;
        if !self.cursor.started {
            self.cursor.started = true;
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        if self.cursor.format.is_none() {
            self.cursor.head.push_str(text);
            if self.cursor.head.len() >= DETECT_BYTES {
                self.detect_now()?;
            }
            return Ok(());
        }
        self.lines(text)
    }

    /// Decides the format from the head read so far and replays it to the parser.
    fn detect_now(&mut self) -> Result<(), ImportError> {
        let head = std::mem::take(&mut self.cursor.head);
        let format = detect(&head).ok_or_else(|| {
            ImportError::new(
                1,
                "",
                head.lines().next().unwrap_or(""),
                "cannot tell this file's format from its first lines (a Lambda log, a CSV of \
                 timestamps, an Azure Functions 2019 or 2021 trace): choose the format \
                 (docs/traces.md)",
            )
        })?;
        self.start(format)?;
        self.lines(&head)
    }

    /// Splits text into lines, the last one possibly unfinished (kept in `carry`).
    fn lines(&mut self, mut text: &str) -> Result<(), ImportError> {
        if let Reading::LambdaJson(doc) = &mut self.reading {
            return doc.feed(text);
        }
        while let Some(i) = text.find('\n') {
            let (line, rest) = (&text[..i], &text[i + 1..]);
            text = rest;
            if self.cursor.carry.is_empty() {
                self.line(line)?;
            } else {
                let mut whole = std::mem::take(&mut self.cursor.carry);
                whole.push_str(line);
                self.line(&whole)?;
                whole.clear();
                self.cursor.carry = whole;
            }
            if let Reading::LambdaJson(doc) = &mut self.reading {
                return doc.feed(text);
            }
        }
        self.cursor.carry.push_str(text);
        if self.cursor.carry.len() > MAX_LINE_BYTES {
            if let Reading::LambdaUndecided { blank } = &mut self.reading
                && self.cursor.carry.trim_start().starts_with(['{', '['])
            {
                // One long line of JSON: a log-events document without line breaks.
                let mut doc = Box::new(EventsJson::new());
                doc.feed(blank)?;
                doc.feed(&std::mem::take(&mut self.cursor.carry))?;
                self.reading = Reading::LambdaJson(doc);
                return Ok(());
            }
            return Err(ImportError::new(
                self.cursor.lines + 1,
                "",
                "",
                format!(
                    "a line longer than {} MiB: not a file of one record per line",
                    MAX_LINE_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(())
    }

    /// One whole line (without its `\n`) to the parser.
    fn line(&mut self, line: &str) -> Result<(), ImportError> {
        self.cursor.lines += 1;
        match &mut self.reading {
            Reading::Idle => Ok(()),
            Reading::LambdaUndecided { blank } => {
                if line.trim().is_empty() {
                    blank.push_str(line);
                    blank.push('\n');
                    return Ok(());
                }
                let blank = std::mem::take(blank);
                if lambda_log::is_events_json(line) {
                    let mut doc = Box::new(EventsJson::new());
                    doc.feed(&blank)?;
                    doc.feed(line)?;
                    doc.feed("\n")?;
                    self.reading = Reading::LambdaJson(doc);
                    Ok(())
                } else {
                    let mut log = LambdaLog::new();
                    for b in blank.lines() {
                        log.line(b)?;
                    }
                    log.line(line)?;
                    self.reading = Reading::LambdaLines(log);
                    Ok(())
                }
            }
            Reading::LambdaLines(log) => log.line(line),
            Reading::LambdaJson(doc) => {
                doc.feed(line)?;
                doc.feed("\n")
            }
            Reading::Csv(r) => r.line(line),
            Reading::Azure2021Count(r) => r.line(line),
            Reading::Azure2021Read(r) => r.line(line),
            Reading::Azure2019(r) => r.line(line),
            Reading::Azure2019Durations(r) => r.line(line),
            Reading::Azure2019Memory(r) => r.line(line),
        }
    }

    /// Ends the current file: its last line, then the parser's checks of the whole file.
    pub fn end_file(&mut self) -> Result<Next, ImportError> {
        if !self.cursor.open {
            return Err(ImportError::whole("no file begun"));
        }
        if let Some(&lead) = self.cursor.partial_char.first() {
            return Err(self.bad_utf8(lead, "begins a character the file cuts short"));
        }
        if self.cursor.format.is_none() {
            self.detect_now()?;
        }
        let carry = std::mem::take(&mut self.cursor.carry);
        if !carry.is_empty() {
            self.line(&carry)?;
        }
        self.cursor.open = false;
        let reading = std::mem::replace(&mut self.reading, Reading::Idle);
        let traffic = match reading {
            Reading::Idle => return Err(ImportError::whole("no file was read")),
            Reading::LambdaUndecided { .. } => LambdaLog::new().finish()?,
            Reading::LambdaLines(log) => log.finish()?,
            Reading::LambdaJson(doc) => doc.finish()?,
            Reading::Csv(r) => r.finish()?,
            Reading::Azure2021Count(counter) => {
                self.azure2021_selection =
                    Some(azure2021::selection(&self.options.pick, Some(counter))?);
                return Ok(Next::ReadAgain);
            }
            Reading::Azure2021Read(r) => r.finish()?,
            Reading::Azure2019(r) => {
                self.azure2019 = Some(Azure2019Files {
                    functions: r.finish()?,
                    ..Azure2019Files::default()
                });
                return Ok(Next::Done);
            }
            Reading::Azure2019Durations(r) => {
                let found = r.finish()?;
                if let Some(az) = &mut self.azure2019 {
                    az.durations = Some(found);
                }
                return Ok(Next::Done);
            }
            Reading::Azure2019Memory(r) => {
                let found = r.finish()?;
                if let Some(az) = &mut self.azure2019 {
                    az.memory = Some(found);
                }
                return Ok(Next::Done);
            }
        };
        self.traffic = Some(traffic);
        Ok(Next::Done)
    }

    /// The imported traffic, before it goes into a scenario.
    pub fn traffic(self, seed: u64) -> Result<Traffic, ImportError> {
        if self.cursor.open || self.azure2021_selection.is_some() {
            return Err(ImportError::whole(
                "a file is not read to its end yet (end_file, and read it again when asked)",
            ));
        }
        if let Some(t) = self.traffic {
            return Ok(t);
        }
        let Some(az) = self.azure2019 else {
            return Err(ImportError::whole("no file was read"));
        };
        azure2019::traffic(
            &az.functions,
            az.durations.as_deref().unwrap_or_default(),
            az.memory.as_deref().unwrap_or_default(),
            self.options.sampler,
            self.options.seed.unwrap_or(seed),
        )
    }

    /// The scenario: `template` with the imported traffic ([`Traffic::scenario`]) and the
    /// options' seed, validated; and the observed summary.
    pub fn finish(self, template: &Scenario) -> Result<Imported, ImportError> {
        let seed = self.options.seed;
        let (mut scenario, observed) = self.traffic(template.seed)?.into_scenario(template);
        if let Some(seed) = seed {
            scenario.seed = seed;
        }
        validate(&scenario).map_err(|e| {
            ImportError::whole(format!(
                "the imported scenario is not valid with this template: {e}"
            ))
        })?;
        Ok(Imported { scenario, observed })
    }
}

/// The length of the UTF-8 sequence a lead byte begins (1 for a byte that cannot lead one, so
/// the decoder reports it).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 1,
    }
}

/// Imports one whole text with the importer (tests and simple callers).
pub fn import_text(
    text: &str,
    format: Option<Format>,
    options: ImportOptions,
    template: &Scenario,
) -> Result<Imported, ImportError> {
    let mut importer = Importer::new(options);
    loop {
        importer.begin_file(format)?;
        importer.feed(text)?;
        if importer.end_file()? == Next::Done {
            break;
        }
    }
    importer.finish(template)
}

//! A plain CSV of arrival times, one request per row, with an optional duration column.
//!
//! ```text
//! timestamp,duration_ms
//! 2024-05-01T12:00:00.000Z,35.2
//! 2024-05-01T12:00:00.250Z,41
//! ```
//!
//! Timestamps are ISO 8601 (a zone-less time is UTC) or numbers: epoch or relative, in
//! seconds or milliseconds. The unit is the header's suffix (`_ms`, `_s`), else the
//! [`TimeUnit`] asked for, else guessed from the first value (10¹¹ or more is milliseconds:
//! as seconds that would be the year 5138). A header is recognised by a first cell that is not a
//! timestamp; it picks the columns by name (`timestamp`, `time`, `ts`, `arrival…`; `duration…`),
//! otherwise the first column is the time and a second, if any, the duration in ms. Blank
//! lines and lines starting with `#` are skipped.

use super::{Collector, ImportError, Traffic, fields, iso8601, non_negative, numbered_lines};

/// The format's name in [`super::Observed::format`].
pub const FORMAT: &str = "csv";

/// Unit of numeric timestamps (ISO 8601 ones carry their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeUnit {
    /// From the header's suffix, else from the first value's size.
    #[default]
    Auto,
    /// Seconds.
    Seconds,
    /// Milliseconds.
    Milliseconds,
}

/// Values of 10¹¹ and above are taken as milliseconds when guessing (10¹¹ s is the year 5138;
/// 10¹¹ ms is March 1973).
const MS_THRESHOLD: f64 = 1e11;

/// Whether a header cell (lower case) names the time column: `timestamp`, `time`, `ts`, `t`,
/// `start`, `epoch` or `arrival…`, with an optional `_ms` / `_s` unit suffix.
pub(crate) fn is_time_header(name: &str) -> bool {
    let base = name.trim_end_matches("_ms").trim_end_matches("_s");
    matches!(base, "timestamp" | "time" | "ts" | "t" | "start" | "epoch")
        || base.starts_with("arrival")
}

/// Which column holds what, once the first record (or header) has been read.
#[derive(Debug, Clone, Copy)]
struct Layout {
    time: usize,
    duration: Option<usize>,
    /// Multiplier from the duration column's unit to ms.
    duration_scale: f64,
}

/// The streaming reader: feed lines in order, then [`Timestamps::finish`].
#[derive(Debug)]
pub struct Timestamps {
    collector: Collector,
    unit: TimeUnit,
    layout: Option<Layout>,
    /// Whether timestamps are ISO 8601 (decided by the first one).
    iso: Option<bool>,
    lines: u64,
}

impl Timestamps {
    /// A reader taking numeric timestamps in `unit`.
    pub fn new(unit: TimeUnit) -> Self {
        Timestamps {
            collector: Collector::default(),
            unit,
            layout: None,
            iso: None,
            lines: 0,
        }
    }

    /// Reads the next line.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        self.lines += 1;
        let n = self.lines;
        let Some(text) = fields::content(n, text) else {
            return Ok(());
        };
        if text.trim_start().starts_with('#') {
            self.collector.skipped += 1;
            return Ok(());
        }
        let cells = fields::split(n, text)?;
        let layout = match self.layout {
            Some(l) => l,
            None => {
                let first = cells[0].as_ref();
                if !first.is_empty() && self.timestamp(first).is_none() {
                    self.layout = Some(self.header(n, &cells)?);
                    self.collector.skipped += 1;
                    return Ok(());
                }
                let l = Layout {
                    time: 0,
                    duration: (cells.len() > 1).then_some(1),
                    duration_scale: 1.0,
                };
                self.layout = Some(l);
                l
            }
        };
        let cell = |i: usize| cells.get(i).map(|c| c.as_ref());
        let Some(time) = cell(layout.time) else {
            return Err(ImportError::new(
                n,
                format!("column {}", layout.time + 1),
                text,
                format!("expected at least {} columns", layout.time + 1),
            ));
        };
        let at = self.timestamp(time).ok_or_else(|| {
            let rule = match self.iso {
                Some(true) => {
                    "must be an ISO 8601 timestamp like the first one (2024-05-01T12:00:00.000Z)"
                }
                _ => "must be a number ≥ 0 (epoch or relative, s or ms) like the first timestamp",
            };
            ImportError::new(n, format!("column {}", layout.time + 1), time, rule)
        })?;
        self.collector.arrival(n, at, 0.0)?;
        if let Some(d) = layout.duration {
            let value = cell(d).unwrap_or("");
            let ms = non_negative(value).ok_or_else(|| {
                ImportError::new(
                    n,
                    format!("column {} (duration)", d + 1),
                    value,
                    "must be a duration, a number ≥ 0, on every row",
                )
            })?;
            self.collector.handler.push(ms * layout.duration_scale);
        }
        Ok(())
    }

    /// A timestamp in ms, deciding ISO-or-number and the unit on the first one.
    fn timestamp(&mut self, text: &str) -> Option<f64> {
        let iso = *self
            .iso
            .get_or_insert_with(|| iso8601::looks_like_date(text));
        if iso {
            self.collector.epoch = true;
            return iso8601::parse_ms(text).ok();
        }
        let v = non_negative(text)?;
        if self.unit == TimeUnit::Auto {
            self.unit = if v >= MS_THRESHOLD {
                TimeUnit::Milliseconds
            } else {
                TimeUnit::Seconds
            };
        }
        Some(match self.unit {
            TimeUnit::Seconds => v * 1000.0,
            _ => v,
        })
    }

    /// Picks the columns from a header row.
    fn header(
        &mut self,
        n: u64,
        cells: &[std::borrow::Cow<'_, str>],
    ) -> Result<Layout, ImportError> {
        // The first cell decided "not a timestamp" by guessing; forget that guess.
        self.iso = None;
        let names: Vec<String> = cells.iter().map(|c| c.to_ascii_lowercase()).collect();
        let is_time = is_time_header;
        let time = names.iter().position(|s| is_time(s)).unwrap_or(0);
        if time == 0
            && !is_time(&names[0])
            && names.iter().skip(1).all(|s| !s.starts_with("duration"))
        {
            return Err(ImportError::new(
                n,
                "column 1",
                &cells[0],
                "expected a timestamp (ISO 8601 or a number) or a header naming a `timestamp` column",
            ));
        }
        if self.unit == TimeUnit::Auto {
            if names[time].ends_with("_ms") {
                self.unit = TimeUnit::Milliseconds;
            } else if names[time].ends_with("_s") {
                self.unit = TimeUnit::Seconds;
            }
        }
        let duration = names.iter().position(|s| s.starts_with("duration"));
        let duration_scale = match duration.map(|d| names[d].as_str()) {
            Some(s) if s.ends_with("_s") => 1000.0,
            Some(s) if s.ends_with("_us") => 0.001,
            _ => 1.0,
        };
        Ok(Layout {
            time,
            duration,
            duration_scale,
        })
    }

    /// The traffic: arrivals from the first one.
    pub fn finish(self) -> Result<Traffic, ImportError> {
        self.collector.finish(FORMAT, None, 0.0)
    }
}

/// Reads a whole CSV.
pub fn parse(text: &str, unit: TimeUnit) -> Result<Traffic, ImportError> {
    let mut reader = Timestamps::new(unit);
    for (_, line) in numbered_lines(text) {
        reader.line(line)?;
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dist;

    #[test]
    fn iso_with_header_and_durations() {
        let t = parse(
            "timestamp,duration_ms\n2024-05-01T12:00:00.250Z,41\n2024-05-01T12:00:00.000Z,35.5\n",
            TimeUnit::Auto,
        )
        .unwrap();
        assert_eq!(t.arrivals_ms, [0.0, 250.0]);
        assert_eq!(
            t.handler_ms,
            Some(Dist::Empirical {
                samples: vec![35.5, 41.0]
            })
        );
        assert_eq!(t.observed.start_epoch_ms, Some(1_714_564_800_000.0));
        assert_eq!(t.observed.cold_starts, None);
        assert_eq!(t.observed.skipped_lines, 1);
    }

    #[test]
    fn numbers_guess_their_unit() {
        let s = parse("10\n10.5\n12\n", TimeUnit::Auto).unwrap();
        assert_eq!(s.arrivals_ms, [0.0, 500.0, 2000.0]);
        assert_eq!(s.handler_ms, None);
        assert_eq!(s.observed.start_epoch_ms, None);
        let ms = parse("1714564800000,5\n1714564800100,6\n", TimeUnit::Auto).unwrap();
        assert_eq!(ms.arrivals_ms, [0.0, 100.0]);
        let forced = parse("0\n150\n", TimeUnit::Milliseconds).unwrap();
        assert_eq!(forced.arrivals_ms, [0.0, 150.0]);
        let header = parse(
            "arrival_ms,other,duration_s\n0,x,0.5\n150,y,1\n",
            TimeUnit::Auto,
        )
        .unwrap();
        assert_eq!(header.arrivals_ms, [0.0, 150.0]);
        assert_eq!(
            header.handler_ms,
            Some(Dist::Empirical {
                samples: vec![500.0, 1000.0]
            })
        );
    }

    #[test]
    fn errors_name_line_column_and_rule() {
        let e = parse("timestamp\n1\nx\n", TimeUnit::Auto).unwrap_err();
        assert_eq!(
            (e.line, e.at.as_str(), e.value.as_str()),
            (3, "column 1", "x")
        );
        let e = parse("2024-05-01T12:00:00Z\n17\n", TimeUnit::Auto).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.rule.contains("ISO 8601"), "{e}");
        let e = parse("1,5\n2,\n", TimeUnit::Auto).unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (2, "column 2 (duration)"));
        let e = parse("name,value\na,1\n", TimeUnit::Auto).unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (1, "column 1"));
        let e = parse("-5\n", TimeUnit::Auto).unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse("\n# nothing\n", TimeUnit::Auto).unwrap_err();
        assert!(e.rule.contains("no requests"), "{e}");
    }
}

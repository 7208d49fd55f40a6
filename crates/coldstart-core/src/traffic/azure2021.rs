//! The Azure Functions 2021 invocation trace (Azure/AzurePublicDataset,
//! `AzureFunctionsInvocationTrace2021.md`): one row per invocation, `app,func,end_timestamp,
//! duration`, both times in seconds from the trace's start. An invocation arrives at
//! `end_timestamp − duration`; its handler ran `duration`. The trace says nothing of cold starts.
//!
//! Choosing the busiest function needs a first pass that counts rows per function
//! ([`Counter`]); reading one function ([`Reader`]) keeps only its rows.

use super::azure2019::Pick;
use super::{Collector, ImportError, Traffic, fields, non_negative, numbered_lines};
use std::collections::HashMap;

/// The format's name in [`super::Observed::format`].
pub const FORMAT: &str = "azure2021";

/// The columns read, found by name in the header.
const COLUMNS: [&str; 3] = ["func", "end_timestamp", "duration"];

/// Positions of [`COLUMNS`] in the header.
fn header(n: u64, line: &str) -> Result<[usize; 3], ImportError> {
    let cells = fields::split(n, line)?;
    let mut at = [0; 3];
    for (slot, name) in at.iter_mut().zip(COLUMNS) {
        *slot = cells.iter().position(|c| c == name).ok_or_else(|| {
            ImportError::new(
                n,
                "",
                line,
                format!(
                    "the header has no `{name}` column (expected app,func,end_timestamp,duration)"
                ),
            )
        })?;
    }
    Ok(at)
}

/// The cells of a row, checked against the header's width.
fn row<'a>(
    n: u64,
    line: &'a str,
    cols: &[usize; 3],
) -> Result<Vec<std::borrow::Cow<'a, str>>, ImportError> {
    let cells = fields::split(n, line)?;
    let need = cols.iter().max().map_or(0, |m| m + 1);
    if cells.len() < need {
        return Err(ImportError::new(
            n,
            format!("{} columns", cells.len()),
            line,
            format!("expected at least {need} columns like the header; a truncated line?"),
        ));
    }
    Ok(cells)
}

/// The header, then rows checked against it: what both passes over the trace read.
#[derive(Debug, Default)]
struct Rows {
    cols: Option<[usize; 3]>,
    lines: u64,
}

/// One data row: its line number, the header's columns and the row's cells.
type DataRow<'a> = (u64, [usize; 3], Vec<std::borrow::Cow<'a, str>>);

impl Rows {
    /// The next line as a data row; `None` for a blank line or the header.
    fn next<'a>(&mut self, text: &'a str) -> Result<Option<DataRow<'a>>, ImportError> {
        self.lines += 1;
        let n = self.lines;
        let Some(text) = fields::content(n, text) else {
            return Ok(None);
        };
        let Some(cols) = self.cols else {
            self.cols = Some(header(n, text)?);
            return Ok(None);
        };
        Ok(Some((n, cols, row(n, text, &cols)?)))
    }
}

/// First pass for [`Pick::Busiest`]: rows per function.
#[derive(Debug, Default)]
pub struct Counter {
    rows: Rows,
    counts: HashMap<String, u64>,
    order: Vec<String>,
}

impl Counter {
    /// Reads the next line.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        let Some((_, cols, cells)) = self.rows.next(text)? else {
            return Ok(());
        };
        let func = cells[cols[0]].as_ref();
        match self.counts.get_mut(func) {
            Some(c) => *c += 1,
            None => {
                self.counts.insert(func.to_string(), 1);
                self.order.push(func.to_string());
            }
        }
        Ok(())
    }

    /// The function with the most rows (the first seen of equals).
    pub fn busiest(self) -> Result<String, ImportError> {
        let mut best: Option<(&String, u64)> = None;
        for f in &self.order {
            let c = self.counts[f];
            if best.is_none_or(|(_, b)| c > b) {
                best = Some((f, c));
            }
        }
        best.map(|(f, _)| f.clone()).ok_or_else(|| {
            ImportError::whole("no invocation rows (expected app,func,end_timestamp,duration)")
        })
    }
}

/// Reads one function's invocations.
#[derive(Debug)]
pub struct Reader {
    func: String,
    table: Rows,
    collector: Collector,
    rows: u64,
}

impl Reader {
    /// A reader keeping the rows of `func`.
    pub fn new(func: impl Into<String>) -> Self {
        Reader {
            func: func.into(),
            table: Rows::default(),
            collector: Collector::default(),
            rows: 0,
        }
    }

    /// Reads the next line; every row is checked, kept or not.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        let Some((n, cols, cells)) = self.table.next(text)? else {
            return Ok(());
        };
        self.rows += 1;
        let seconds = |k: usize| {
            let v = cells[cols[k]].as_ref();
            non_negative(v).ok_or_else(|| {
                ImportError::new(
                    n,
                    format!("field \"{}\" (column {})", COLUMNS[k], cols[k] + 1),
                    v,
                    "must be seconds, a number ≥ 0",
                )
            })
        };
        let (end, duration) = (seconds(1)?, seconds(2)?);
        if cells[cols[0]] == self.func.as_str() {
            self.collector
                .arrival(n, end * 1000.0, -duration * 1000.0)?;
            self.collector.handler.push(duration * 1000.0);
        }
        Ok(())
    }

    /// The function's traffic, from the trace's start (or its first arrival, if earlier).
    pub fn finish(self) -> Result<Traffic, ImportError> {
        if self.collector.arrivals.is_empty() && self.table.cols.is_some() {
            return Err(ImportError::new(
                0,
                "func",
                &self.func,
                format!("no such function among the file's {} rows", self.rows),
            ));
        }
        self.collector.finish(FORMAT, Some(0.0), 0.0)
    }
}

/// Reads a whole trace (twice for [`Pick::Busiest`]) and builds the picked function's traffic.
pub fn parse(text: &str, pick: Pick) -> Result<Traffic, ImportError> {
    let func = match pick {
        Pick::Hash(h) => h,
        Pick::Busiest => {
            let mut counter = Counter::default();
            for (_, line) in numbered_lines(text) {
                counter.line(line)?;
            }
            counter.busiest()?
        }
    };
    let mut reader = Reader::new(func);
    for (_, line) in numbered_lines(text) {
        reader.line(line)?;
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dist;

    const TRACE: &str = "app,func,end_timestamp,duration\n\
        a1,f1,10.5,0.5\n\
        a1,f2,11.0,0.25\n\
        a1,f1,70.25,0.25\n\
        a2,f3,2.0,1.0\n";

    #[test]
    fn arrivals_are_end_minus_duration() {
        let t = parse(TRACE, Pick::Busiest).unwrap();
        assert_eq!(t.arrivals_ms, [10_000.0, 70_000.0]);
        assert_eq!(
            t.handler_ms,
            Some(Dist::Empirical {
                samples: vec![250.0, 500.0]
            })
        );
        assert_eq!(t.duration_s, 71.0);
        assert_eq!(t.observed.cold_starts, None);
        let f3 = parse(TRACE, Pick::Hash("f3".into())).unwrap();
        assert_eq!(f3.arrivals_ms, [1_000.0]);
    }

    #[test]
    fn hostile_rows() {
        let e = parse("app,fn,end,duration\n", Pick::Busiest).unwrap_err();
        assert!(e.rule.contains("`func`"), "{e}");
        let e = parse("app,func,end_timestamp,duration\na,f,1\n", Pick::Busiest).unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse(
            "app,func,end_timestamp,duration\na,f,1,x\n",
            Pick::Hash("g".into()),
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.value.as_str()),
            (2, "x"),
            "rows of other functions are checked too"
        );
        let e = parse(TRACE, Pick::Hash("nope".into())).unwrap_err();
        assert!(e.rule.contains("4 rows"), "{e}");
    }
}

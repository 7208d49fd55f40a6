//! The Azure Functions 2021 invocation trace (Azure/AzurePublicDataset,
//! `AzureFunctionsInvocationTrace2021.md`): one row per invocation, `app,func,end_timestamp,
//! duration`, both times in seconds from the trace's start. An invocation arrives at
//! `end_timestamp − duration`; its handler ran `duration`. The trace says nothing of cold starts.
//!
//! Choosing the busiest functions needs a first pass that counts rows per function
//! ([`Counter`]); reading the chosen functions or an app ([`Reader`]) keeps only their rows,
//! merged into one workload.

use super::{Collector, ImportError, Pick, Traffic, fields, non_negative, numbered_lines};
use crate::defaults::AZURE_MAX_FUNCTIONS;
use crate::rank::{self, Key};
use std::collections::HashMap;

/// The format's name in [`super::Observed::format`].
pub const FORMAT: &str = "azure2021";

/// The columns read, found by name in the header.
const COLUMNS: [&str; 4] = ["func", "end_timestamp", "duration", "app"];

/// Positions of [`COLUMNS`] in the header.
fn header(n: u64, line: &str) -> Result<[usize; 4], ImportError> {
    let cells = fields::split(n, line)?;
    let mut at = [0; 4];
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
    cols: &[usize; 4],
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
    cols: Option<[usize; 4]>,
    lines: u64,
}

/// One data row: its line number, the header's columns and the row's cells.
type DataRow<'a> = (u64, [usize; 4], Vec<std::borrow::Cow<'a, str>>);

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

/// A function of the 2021 trace: its `app` and its `func`, which the description says is
/// "unique only within an application".
pub type FunctionId = (String, String);

/// First pass for [`Pick::Busiest`]: rows per function.
#[derive(Debug, Default)]
pub struct Counter {
    rows: Rows,
    counts: HashMap<FunctionId, u64>,
    order: Vec<FunctionId>,
}

impl Counter {
    /// Reads the next line.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        let Some((_, cols, cells)) = self.rows.next(text)? else {
            return Ok(());
        };
        let id = (cells[cols[3]].to_string(), cells[cols[0]].to_string());
        match self.counts.get_mut(&id) {
            Some(c) => *c += 1,
            None => {
                self.counts.insert(id.clone(), 1);
                self.order.push(id);
            }
        }
        Ok(())
    }

    /// The `n` functions with the most rows, most first (the first seen of equals).
    pub fn busiest(self, n: u32) -> Result<Vec<FunctionId>, ImportError> {
        Pick::busiest(n)?;
        if self.order.is_empty() {
            return Err(ImportError::whole(
                "no invocation rows (expected app,func,end_timestamp,duration)",
            ));
        }
        let mut ranked: Vec<(u64, usize)> = self
            .order
            .iter()
            .enumerate()
            .map(|(i, f)| (self.counts[f], i))
            .collect();
        // Positions start in order, so the stable sort breaks ties by position.
        rank::by_key(&mut ranked, |&(c, _)| Key::descending_u64(c));
        Ok(ranked
            .into_iter()
            .take(n as usize)
            .map(|(_, i)| self.order[i].clone())
            .collect())
    }
}

/// Which rows a [`Reader`] keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The rows of these functions.
    Functions(Vec<FunctionId>),
    /// The rows whose `func` is this, which must then all be of one app (`APP/FUNC` names the
    /// app too: [`Selection::of_function`]).
    Func(String),
    /// The rows of this app (`app`).
    App(String),
}

impl Selection {
    /// The selection of one function given as `FUNC` or `APP/FUNC`.
    pub fn of_function(name: &str) -> Selection {
        match name.split_once('/') {
            Some((app, func)) => Selection::Functions(vec![(app.to_string(), func.to_string())]),
            None => Selection::Func(name.to_string()),
        }
    }
}

/// Reads the chosen functions' invocations.
#[derive(Debug)]
pub struct Reader {
    selection: Selection,
    table: Rows,
    collector: Collector,
    rows: u64,
    /// The distinct functions kept (for the observed summary; at most
    /// [`AZURE_MAX_FUNCTIONS`]).
    kept: Vec<FunctionId>,
}

impl Reader {
    /// A reader keeping the rows `selection` names.
    pub fn new(selection: Selection) -> Self {
        let selection = match selection {
            Selection::Functions(mut f) => {
                f.sort_unstable();
                f.dedup();
                Selection::Functions(f)
            }
            other => other,
        };
        Reader {
            selection,
            table: Rows::default(),
            collector: Collector::default(),
            rows: 0,
            kept: Vec::new(),
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
        let (func, app) = (cells[cols[0]].as_ref(), cells[cols[3]].as_ref());
        let keep = match &self.selection {
            Selection::Functions(f) => f
                .binary_search_by(|(a, x)| (a.as_str(), x.as_str()).cmp(&(app, func)))
                .is_ok(),
            Selection::Func(f) => f == func,
            Selection::App(a) => a == app,
        };
        if !keep {
            return Ok(());
        }
        if !self.kept.iter().any(|(a, f)| a == app && f == func) {
            if let (Selection::Func(f), Some((first, _))) = (&self.selection, self.kept.first()) {
                return Err(ImportError::new(
                    n,
                    format!("field \"app\" (column {})", cols[3] + 1),
                    app,
                    format!(
                        "func `{f}` is in two apps (`{first}` and this one); a func is unique \
                         only within its app: name it as APP/FUNC"
                    ),
                ));
            }
            if self.kept.len() >= AZURE_MAX_FUNCTIONS as usize {
                return Err(ImportError::new(
                    n,
                    "app",
                    app,
                    format!(
                        "this app has more than {AZURE_MAX_FUNCTIONS} functions, the most \
                         one import merges (defaults::AZURE_MAX_FUNCTIONS)"
                    ),
                ));
            }
            self.kept.push((app.to_string(), func.to_string()));
        }
        self.collector
            .arrival(n, end * 1000.0, -duration * 1000.0)?;
        self.collector.handler.push(duration * 1000.0);
        Ok(())
    }

    /// The functions' traffic, from the trace's start (or its first arrival, if earlier).
    pub fn finish(self) -> Result<Traffic, ImportError> {
        if self.collector.arrivals.is_empty() && self.table.cols.is_some() {
            let (at, which) = match &self.selection {
                Selection::Functions(f) if f.len() == 1 => {
                    ("func", format!("{}/{}", f[0].0, f[0].1))
                }
                Selection::Functions(f) => ("func", format!("{} functions", f.len())),
                Selection::Func(f) => ("func", f.clone()),
                Selection::App(a) => ("app", a.clone()),
            };
            return Err(ImportError::new(
                0,
                at,
                &which,
                format!("not among the file's {} rows", self.rows),
            ));
        }
        let functions = self.kept.len() as u64;
        let mut t = self.collector.finish(FORMAT, Some(0.0), 0.0)?;
        t.observed.functions = Some(functions);
        Ok(t)
    }
}

/// Whether the pick needs the first, counting pass ([`Counter`]) before the [`Reader`].
pub fn needs_count(pick: &Pick) -> bool {
    matches!(pick, Pick::Busiest(_))
}

/// The reader's selection for a pick, given the first pass's counts when it needed one.
pub fn selection(pick: &Pick, counter: Option<Counter>) -> Result<Selection, ImportError> {
    pick.check()?;
    Ok(match (pick, counter) {
        (Pick::Function(f), _) => Selection::of_function(f),
        (Pick::App(a), _) => Selection::App(a.clone()),
        (Pick::Busiest(n), Some(c)) => Selection::Functions(c.busiest(n.get())?),
        (Pick::Busiest(_), None) => Selection::Functions(Vec::new()),
    })
}

/// Reads a whole trace (twice for [`Pick::Busiest`]) and builds the picked functions' traffic.
pub fn parse(text: &str, pick: Pick) -> Result<Traffic, ImportError> {
    let counter = if needs_count(&pick) {
        let mut counter = Counter::default();
        for (_, line) in numbered_lines(text) {
            counter.line(line)?;
        }
        Some(counter)
    } else {
        None
    };
    let mut reader = Reader::new(selection(&pick, counter)?);
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
        let t = parse(TRACE, Pick::BUSIEST).unwrap();
        assert_eq!(t.arrivals_ms, [10_000.0, 70_000.0]);
        assert_eq!(
            t.handler_ms,
            Some(Dist::Empirical {
                samples: vec![250.0, 500.0]
            })
        );
        assert_eq!(t.duration_s, 71.0);
        assert_eq!(t.observed.cold_starts, None);
        let f3 = parse(TRACE, Pick::Function("f3".into())).unwrap();
        assert_eq!(f3.arrivals_ms, [1_000.0]);
    }

    #[test]
    fn hostile_rows() {
        let e = parse("app,fn,end,duration\n", Pick::BUSIEST).unwrap_err();
        assert!(e.rule.contains("`func`"), "{e}");
        let e = parse("app,func,end_timestamp,duration\na,f,1\n", Pick::BUSIEST).unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse(
            "app,func,end_timestamp,duration\na,f,1,x\n",
            Pick::Function("g".into()),
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.value.as_str()),
            (2, "x"),
            "rows of other functions are checked too"
        );
        let e = parse(TRACE, Pick::Function("nope".into())).unwrap_err();
        assert!(e.rule.contains("4 rows"), "{e}");
        let both = parse(TRACE, Pick::busiest(2).unwrap()).unwrap();
        assert_eq!(both.arrivals_ms, [10_000.0, 10_750.0, 70_000.0]);
        assert_eq!(both.observed.functions, Some(2));
        let app = parse(TRACE, Pick::App("a1".into())).unwrap();
        assert_eq!(app.arrivals_ms, both.arrivals_ms, "a1 is f1 and f2");
        let e = parse(TRACE, Pick::App("zz".into())).unwrap_err();
        assert_eq!(e.at, "app");
        // A func is unique only within its app.
        let twice = format!("{TRACE}a2,f1,80.0,1.0\n");
        let e = parse(&twice, Pick::Function("f1".into())).unwrap_err();
        assert_eq!(e.line, 6);
        assert!(e.rule.contains("APP/FUNC"), "{e}");
        let a2 = parse(&twice, Pick::Function("a2/f1".into())).unwrap();
        assert_eq!(a2.arrivals_ms, [79_000.0]);
        let busiest = parse(&twice, Pick::BUSIEST).unwrap();
        assert_eq!(busiest.arrivals_ms.len(), 2, "a1's f1, not f1 of both apps");
    }
}

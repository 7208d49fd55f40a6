//! The Azure Functions 2019 trace (Shahrad et al., "Serverless in the Wild", USENIX ATC '20;
//! Azure/AzurePublicDataset, `AzureFunctionsDataset2019.md`): per function and day, the
//! invocations in each minute, the day's execution-time percentiles, and per app the
//! percentiles of its allocated memory.
//!
//! - invocations: `HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440`, one row per function,
//!   the count of invocations in each minute of the day;
//! - durations: `HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
//!   percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,
//!   percentile_Average_75,percentile_Average_99,percentile_Average_100`, ms;
//! - app memory: `HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,
//!   …_pct5,…_pct25,…_pct50,…_pct75,…_pct95,…_pct99,…_pct100`, MB.
//!
//! Functions are chosen ([`Pick`]: by hash, the busiest n, or every function of an app) in one
//! pass over the invocations file that keeps only the candidates so far. Their counts become
//! arrivals by a seeded [`Sampler`], merged in time order; each function's duration
//! percentiles become a piecewise-linear inverse CDF ([`inverse_cdf`]), and the workload's
//! handler distribution is their mixture weighted by invocations ([`mixture`]). The app's
//! allocated memory gives the Lambda memory size ([`AppMemory::lambda_memory_mb`]). The trace
//! says nothing of cold starts.

use super::{Collector, ImportError, Quantiles, Traffic, fields, non_negative, numbered_lines};
use crate::Dist;
use crate::defaults::{
    AZURE_DURATION_POINTS, AZURE_DURATION_QUANTILES, AZURE_MAX_FUNCTIONS, AZURE_MEMORY_QUANTILE,
    AZURE_MEMORY_QUANTILES, AZURE_MINUTES_PER_DAY, MEMORY_MAX_MB, MEMORY_MIN_MB,
};
use crate::rank::{self, Key};
use crate::rng::SimRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp1};
use std::borrow::Cow;

/// The format's name in [`Observed::format`](super::Observed::format).
pub const FORMAT: &str = "azure2019";

pub use super::Pick;

/// How a minute's count becomes arrival times within that minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampler {
    /// Exactly the count, each at an independent uniform time in the minute.
    #[default]
    Uniform,
    /// Exactly the count, evenly spaced: the i-th of n at (i + ½) · 60 s / n.
    Equidistant,
    /// A Poisson process at the count's rate through the minute: the number that arrives varies
    /// around the count (its mean).
    Poisson,
}

/// One function's row of the invocations file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionCounts {
    /// `HashOwner`.
    pub owner: String,
    /// `HashApp`.
    pub app: String,
    /// `HashFunction`.
    pub function: String,
    /// `Trigger` (http, timer, queue, event, …).
    pub trigger: String,
    /// Invocations in each minute of the day.
    pub per_minute: Vec<u32>,
}

impl FunctionCounts {
    /// Invocations over the day.
    pub fn total(&self) -> u64 {
        self.per_minute.iter().map(|&c| u64::from(c)).sum()
    }
}

/// The leading columns of the invocations file.
const INVOCATION_KEYS: [&str; 4] = ["HashOwner", "HashApp", "HashFunction", "Trigger"];

/// The streaming reader of an invocations file: feed lines, then [`Invocations::finish`].
#[derive(Debug)]
pub struct Invocations {
    pick: Pick,
    minutes: Option<usize>,
    /// The candidates so far, with their day's totals: for [`Pick::Busiest`] the n busiest,
    /// most first; otherwise the matching rows in file order.
    kept: Vec<(u64, FunctionCounts)>,
    lines: u64,
    functions: u64,
}

impl Invocations {
    /// A reader looking for `pick`.
    pub fn new(pick: Pick) -> Self {
        Invocations {
            pick,
            minutes: None,
            kept: Vec::new(),
            lines: 0,
            functions: 0,
        }
    }

    /// Reads the next line.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        self.lines += 1;
        let n = self.lines;
        let Some(text) = fields::content(n, text) else {
            return Ok(());
        };
        let cells = fields::split(n, text)?;
        let Some(minutes) = self.minutes else {
            self.pick.check()?;
            self.minutes = Some(header(n, &cells)?);
            return Ok(());
        };
        if cells.len() != INVOCATION_KEYS.len() + minutes {
            return Err(ImportError::new(
                n,
                format!("{} columns", cells.len()),
                "",
                format!(
                    "expected {} columns like the header (4 keys and {minutes} minutes); a \
                     truncated or joined line?",
                    INVOCATION_KEYS.len() + minutes
                ),
            ));
        }
        self.functions += 1;
        let wanted = match &self.pick {
            Pick::Function(h) => self.kept.is_empty() && cells[2] == *h,
            Pick::App(a) => cells[1] == *a,
            Pick::Busiest(_) => true,
        };
        // Every row is checked, even one not kept: a malformed file is refused, not half-read.
        let mut per_minute = Vec::with_capacity(if wanted { minutes } else { 0 });
        let mut total = 0u64;
        for (i, cell) in cells[INVOCATION_KEYS.len()..].iter().enumerate() {
            let count: u32 = cell.parse().map_err(|_| {
                ImportError::new(
                    n,
                    format!(
                        "minute {} (column {})",
                        i + 1,
                        i + 1 + INVOCATION_KEYS.len()
                    ),
                    cell,
                    "must be a count of invocations, a whole number ≥ 0",
                )
            })?;
            total += u64::from(count);
            if wanted {
                per_minute.push(count);
            }
        }
        if !wanted {
            return Ok(());
        }
        let row = |per_minute| {
            let s = |i: usize| cells[i].to_string();
            FunctionCounts {
                owner: s(0),
                app: s(1),
                function: s(2),
                trigger: s(3),
                per_minute,
            }
        };
        match &self.pick {
            Pick::Busiest(keep) => {
                let keep = keep.get() as usize;
                // After the equals already kept: the first of equals wins.
                let at = self.kept.partition_point(|(t, _)| *t >= total);
                if at < keep {
                    self.kept.insert(at, (total, row(per_minute)));
                    self.kept.truncate(keep);
                }
            }
            Pick::App(a) => {
                if self.kept.len() >= AZURE_MAX_FUNCTIONS as usize {
                    return Err(ImportError::new(
                        n,
                        "HashApp",
                        a,
                        format!(
                            "this app has more than {AZURE_MAX_FUNCTIONS} functions, the most \
                             one import merges (defaults::AZURE_MAX_FUNCTIONS)"
                        ),
                    ));
                }
                self.kept.push((total, row(per_minute)));
            }
            Pick::Function(_) => self.kept.push((total, row(per_minute))),
        }
        Ok(())
    }

    /// The chosen functions' rows (the busiest first for [`Pick::Busiest`], else in file
    /// order); fewer than n when the file has fewer functions.
    pub fn finish(self) -> Result<Vec<FunctionCounts>, ImportError> {
        if self.minutes.is_none() {
            return Err(ImportError::whole(
                "empty file: expected the header HashOwner,HashApp,HashFunction,Trigger,1,…,1440",
            ));
        }
        if self.kept.is_empty() {
            return Err(match self.pick {
                Pick::Function(h) => ImportError::new(
                    0,
                    "HashFunction",
                    &h,
                    format!("no such function among the file's {} rows", self.functions),
                ),
                Pick::App(a) => ImportError::new(
                    0,
                    "HashApp",
                    &a,
                    format!("no such app among the file's {} rows", self.functions),
                ),
                Pick::Busiest(_) => ImportError::whole("the file has no function rows"),
            });
        }
        Ok(self.kept.into_iter().map(|(_, row)| row).collect())
    }
}

/// Checks the invocations header; returns the number of minute columns.
fn header(n: u64, cells: &[Cow<'_, str>]) -> Result<usize, ImportError> {
    for (i, key) in INVOCATION_KEYS.iter().enumerate() {
        let found = cells.get(i).map_or("", |c| c.as_ref());
        if found != *key {
            return Err(ImportError::new(
                n,
                format!("column {}", i + 1),
                found,
                format!(
                    "expected `{key}`: the header is HashOwner,HashApp,HashFunction,Trigger,1,…,1440"
                ),
            ));
        }
    }
    let minutes = cells.len() - INVOCATION_KEYS.len();
    if minutes == 0 || minutes > AZURE_MINUTES_PER_DAY {
        return Err(ImportError::new(
            n,
            "",
            "",
            format!("expected 1 to {AZURE_MINUTES_PER_DAY} minute columns, found {minutes}"),
        ));
    }
    for (i, cell) in cells[INVOCATION_KEYS.len()..].iter().enumerate() {
        if cell.parse::<usize>().ok() != Some(i + 1) {
            return Err(ImportError::new(
                n,
                format!("column {}", i + 1 + INVOCATION_KEYS.len()),
                cell,
                format!(
                    "expected minute `{}`: minute columns are 1, 2, … in order",
                    i + 1
                ),
            ));
        }
    }
    Ok(minutes)
}

/// Reads an invocations file and picks functions.
pub fn invocations(text: &str, pick: Pick) -> Result<Vec<FunctionCounts>, ImportError> {
    let mut reader = Invocations::new(pick);
    for (_, line) in numbered_lines(text) {
        reader.line(line)?;
    }
    reader.finish()
}

/// One function's row of the durations file, ms.
#[derive(Debug, Clone, PartialEq)]
pub struct DurationPercentiles {
    /// `HashFunction`.
    pub function: String,
    /// `Average`.
    pub average: f64,
    /// `Count`: executions summarised.
    pub count: u64,
    /// `percentile_Average_{0,1,25,50,75,99,100}`, at [`AZURE_DURATION_QUANTILES`].
    pub percentiles: [f64; 7],
}

/// The columns read from the durations file, in [`DurationPercentiles`] order.
const PERCENTILE_COLUMNS: [&str; 7] = [
    "percentile_Average_0",
    "percentile_Average_1",
    "percentile_Average_25",
    "percentile_Average_50",
    "percentile_Average_75",
    "percentile_Average_99",
    "percentile_Average_100",
];

/// Finds each of `names` in a header row, or says which is missing and what the header should be.
fn columns<const N: usize>(
    n: u64,
    cells: &[Cow<'_, str>],
    names: [&str; N],
    file: &str,
) -> Result<[usize; N], ImportError> {
    let mut at = [0; N];
    for (slot, name) in at.iter_mut().zip(names) {
        *slot = cells.iter().position(|c| c == name).ok_or_else(|| {
            ImportError::new(
                n,
                "",
                "",
                format!("the header has no `{name}` column (the {file})"),
            )
        })?;
    }
    Ok(at)
}

/// A number ≥ 0 in column `i` (0-based) named `name`, or an error naming both.
fn number(
    n: u64,
    cells: &[Cow<'_, str>],
    i: usize,
    name: &str,
    unit: &str,
) -> Result<f64, ImportError> {
    let value = cells.get(i).map_or("", |c| c.as_ref());
    non_negative(value).ok_or_else(|| {
        ImportError::new(
            n,
            format!("field \"{name}\" (column {})", i + 1),
            value,
            format!("must be a number ≥ 0 ({unit})"),
        )
    })
}

/// Numbers in the columns `at` (named `names`) that must not decrease left to right.
fn ascending<const N: usize>(
    n: u64,
    cells: &[Cow<'_, str>],
    at: &[usize; N],
    names: [&str; N],
    unit: &str,
) -> Result<[f64; N], ImportError> {
    let mut out = [0.0; N];
    for k in 0..N {
        out[k] = number(n, cells, at[k], names[k], unit)?;
        if k > 0 && out[k] < out[k - 1] {
            return Err(ImportError::new(
                n,
                format!("field \"{}\" (column {})", names[k], at[k] + 1),
                &out[k].to_string(),
                format!("percentiles must not decrease: below {}", names[k - 1]),
            ));
        }
    }
    Ok(out)
}

/// What the durations header says, once read.
#[derive(Debug, Clone, Copy)]
struct DurationColumns {
    function: usize,
    average: usize,
    count: usize,
    percentiles: [usize; 7],
}

/// The streaming reader of a durations file, keeping the rows of the chosen functions:
/// feed lines, then [`Durations::finish`]. Columns are found by their header names, so extra
/// or reordered columns are fine; only the kept rows are checked beyond their width.
#[derive(Debug)]
pub struct Durations {
    wanted: Vec<String>,
    columns: Option<DurationColumns>,
    found: Vec<DurationPercentiles>,
    lines: u64,
    rows: u64,
}

impl Durations {
    /// A reader keeping the rows of these functions (their `HashFunction`s).
    pub fn new(functions: impl IntoIterator<Item = String>) -> Self {
        let mut wanted: Vec<String> = functions.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        Durations {
            wanted,
            columns: None,
            found: Vec::new(),
            lines: 0,
            rows: 0,
        }
    }

    /// Reads the next line.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        self.lines += 1;
        let n = self.lines;
        let Some(text) = fields::content(n, text) else {
            return Ok(());
        };
        let cells = fields::split(n, text)?;
        let Some(c) = self.columns else {
            const FILE: &str = "durations file's header is HashOwner,HashApp,HashFunction,\
                                Average,Count,Minimum,Maximum,percentile_Average_0,…";
            let [function, average, count] =
                columns(n, &cells, ["HashFunction", "Average", "Count"], FILE)?;
            let percentiles = columns(n, &cells, PERCENTILE_COLUMNS, FILE)?;
            self.columns = Some(DurationColumns {
                function,
                average,
                count,
                percentiles,
            });
            return Ok(());
        };
        self.rows += 1;
        let Some(function) = cells.get(c.function) else {
            return Err(ImportError::new(
                n,
                format!("{} columns", cells.len()),
                "",
                "fewer columns than the header; a truncated line?",
            ));
        };
        if self
            .wanted
            .binary_search_by(|w| w.as_str().cmp(function))
            .is_err()
            || self.found.iter().any(|f| f.function == function.as_ref())
        {
            return Ok(());
        }
        let percentiles = ascending(n, &cells, &c.percentiles, PERCENTILE_COLUMNS, "ms")?;
        self.found.push(DurationPercentiles {
            function: function.to_string(),
            average: number(n, &cells, c.average, "Average", "ms")?,
            count: number(n, &cells, c.count, "Count", "executions")? as u64,
            percentiles,
        });
        Ok(())
    }

    /// The rows found (the first row of each chosen function; a function the file lacks has
    /// none).
    pub fn finish(self) -> Result<Vec<DurationPercentiles>, ImportError> {
        if self.columns.is_none() {
            return Err(ImportError::whole("empty durations file"));
        }
        if self.found.is_empty() {
            let which = match self.wanted.as_slice() {
                [one] => one.clone(),
                more => format!("{} functions", more.len()),
            };
            return Err(ImportError::new(
                0,
                "HashFunction",
                &which,
                format!(
                    "no such function among the durations file's {} rows",
                    self.rows
                ),
            ));
        }
        Ok(self.found)
    }
}

/// Reads the durations file, streaming, for the row of `function` (its `HashFunction`).
pub fn durations(text: &str, function: &str) -> Result<DurationPercentiles, ImportError> {
    let mut reader = Durations::new([function.to_string()]);
    for (_, line) in numbered_lines(text) {
        reader.line(line)?;
    }
    Ok(reader.finish()?.swap_remove(0))
}

/// The piecewise-linear inverse CDF through the percentiles, at probability `u` in [0, 1].
pub fn inverse_cdf(p: &DurationPercentiles, u: f64) -> f64 {
    let q = AZURE_DURATION_QUANTILES;
    let u = u.clamp(0.0, 1.0);
    let k = q
        .iter()
        .rposition(|&x| x <= u)
        .unwrap_or(0)
        .min(q.len() - 2);
    let t = (u - q[k]) / (q[k + 1] - q[k]);
    p.percentiles[k] + t * (p.percentiles[k + 1] - p.percentiles[k])
}

/// The handler distribution of one function: [`AZURE_DURATION_POINTS`] draws of its inverse
/// CDF at evenly spaced probabilities (the midpoints of equal slices), resampled uniformly by
/// the run.
pub fn handler_dist(p: &DurationPercentiles) -> Dist {
    mixture(&[(1, p)])
}

/// The handler distribution of several functions as one workload: [`AZURE_DURATION_POINTS`]
/// points shared among the functions in proportion to their invocations (largest remainders),
/// each function's share drawn evenly from its own inverse CDF. A request's duration is then
/// drawn from the mixture, not from the function it belongs to (a scenario has one handler
/// distribution); a function with under 1/1,000 of the invocations may get no point.
pub fn mixture(functions: &[(u64, &DurationPercentiles)]) -> Dist {
    let total: u64 = functions.iter().map(|(w, _)| *w).sum::<u64>().max(1);
    let points = AZURE_DURATION_POINTS as u64;
    let mut shares: Vec<(u64, u64, usize)> = functions
        .iter()
        .enumerate()
        .map(|(i, (w, _))| {
            let exact = u128::from(*w) * u128::from(points);
            let whole = (exact / u128::from(total)) as u64;
            let rest = (exact % u128::from(total)) as u64;
            (whole, rest, i)
        })
        .collect();
    let given: u64 = shares.iter().map(|s| s.0).sum();
    let mut by_rest: Vec<usize> = (0..shares.len()).collect();
    // Positions start in order, so the stable sort breaks ties by position.
    rank::by_key(&mut by_rest, |&k| Key::descending_u64(shares[k].1));
    for &k in by_rest.iter().take((points - given) as usize) {
        shares[k].0 += 1;
    }
    let mut samples = Vec::with_capacity(AZURE_DURATION_POINTS);
    for (count, _, i) in shares {
        let p = functions[i].1;
        samples.extend((0..count).map(|k| inverse_cdf(p, (k as f64 + 0.5) / count as f64)));
    }
    rank::sort_f64(&mut samples);
    Dist::Empirical { samples }
}

/// One app's row of the memory file, MB.
#[derive(Debug, Clone, PartialEq)]
pub struct AppMemory {
    /// `HashApp`.
    pub app: String,
    /// `SampleCount`: the 5-second samples averaged.
    pub samples: u64,
    /// `AverageAllocatedMb`.
    pub average_mb: f64,
    /// `AverageAllocatedMb_pct{1,5,25,50,75,95,99,100}`, at [`AZURE_MEMORY_QUANTILES`].
    pub percentiles_mb: [f64; 8],
}

impl AppMemory {
    /// The allocated memory at [`AZURE_MEMORY_QUANTILE`] (the 99th percentile), MB.
    pub fn allocated_mb(&self) -> f64 {
        let k = AZURE_MEMORY_QUANTILES
            .iter()
            .position(|&q| q == AZURE_MEMORY_QUANTILE)
            .unwrap_or(AZURE_MEMORY_QUANTILES.len() - 1);
        self.percentiles_mb[k]
    }

    /// The Lambda memory size that holds [`AppMemory::allocated_mb`]: rounded up to a whole MB
    /// (Lambda's step) and at least Lambda's smallest, [`MEMORY_MIN_MB`]; an app past Lambda's
    /// largest, [`MEMORY_MAX_MB`], is refused rather than clamped.
    pub fn lambda_memory_mb(&self) -> Result<u32, ImportError> {
        let mb = self.allocated_mb().ceil();
        if mb > f64::from(MEMORY_MAX_MB) {
            return Err(ImportError::new(
                0,
                "HashApp",
                &self.app,
                format!(
                    "its p99 allocated memory, {mb} MB, is past Lambda's largest memory size, \
                     {MEMORY_MAX_MB} MB: import without the memory file and set the memory \
                     by hand"
                ),
            ));
        }
        Ok((mb as u32).max(MEMORY_MIN_MB))
    }
}

/// The memory file's percentile columns, in [`AppMemory`] order.
const MEMORY_COLUMNS: [&str; 8] = [
    "AverageAllocatedMb_pct1",
    "AverageAllocatedMb_pct5",
    "AverageAllocatedMb_pct25",
    "AverageAllocatedMb_pct50",
    "AverageAllocatedMb_pct75",
    "AverageAllocatedMb_pct95",
    "AverageAllocatedMb_pct99",
    "AverageAllocatedMb_pct100",
];

/// The streaming reader of an app memory file (`app_memory_percentiles.anon.dNN.csv`),
/// keeping the rows of the chosen apps: feed lines, then [`Memory::finish`].
#[derive(Debug)]
pub struct Memory {
    wanted: Vec<String>,
    columns: Option<(usize, usize, usize, [usize; 8])>,
    found: Vec<AppMemory>,
    lines: u64,
    rows: u64,
}

impl Memory {
    /// A reader keeping the rows of these apps (their `HashApp`s).
    pub fn new(apps: impl IntoIterator<Item = String>) -> Self {
        let mut wanted: Vec<String> = apps.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        Memory {
            wanted,
            columns: None,
            found: Vec::new(),
            lines: 0,
            rows: 0,
        }
    }

    /// Reads the next line.
    pub fn line(&mut self, text: &str) -> Result<(), ImportError> {
        self.lines += 1;
        let n = self.lines;
        let Some(text) = fields::content(n, text) else {
            return Ok(());
        };
        let cells = fields::split(n, text)?;
        let Some((app, samples, average, pct)) = self.columns else {
            const FILE: &str = "memory file's header is HashOwner,HashApp,SampleCount,\
                                AverageAllocatedMb,AverageAllocatedMb_pct1,…";
            let [app, samples, average] = columns(
                n,
                &cells,
                ["HashApp", "SampleCount", "AverageAllocatedMb"],
                FILE,
            )?;
            self.columns = Some((
                app,
                samples,
                average,
                columns(n, &cells, MEMORY_COLUMNS, FILE)?,
            ));
            return Ok(());
        };
        self.rows += 1;
        let Some(name) = cells.get(app) else {
            return Err(ImportError::new(
                n,
                format!("{} columns", cells.len()),
                "",
                "fewer columns than the header; a truncated line?",
            ));
        };
        if self
            .wanted
            .binary_search_by(|w| w.as_str().cmp(name))
            .is_err()
            || self.found.iter().any(|f| f.app == name.as_ref())
        {
            return Ok(());
        }
        let percentiles_mb = ascending(n, &cells, &pct, MEMORY_COLUMNS, "MB")?;
        self.found.push(AppMemory {
            app: name.to_string(),
            samples: number(n, &cells, samples, "SampleCount", "samples")? as u64,
            average_mb: number(n, &cells, average, "AverageAllocatedMb", "MB")?,
            percentiles_mb,
        });
        Ok(())
    }

    /// The rows found, one per chosen app the file has.
    pub fn finish(self) -> Result<Vec<AppMemory>, ImportError> {
        if self.columns.is_none() {
            return Err(ImportError::whole("empty memory file"));
        }
        if self.found.is_empty() {
            let which = match self.wanted.as_slice() {
                [one] => one.clone(),
                more => format!("{} apps", more.len()),
            };
            return Err(ImportError::new(
                0,
                "HashApp",
                &which,
                format!("no such app among the memory file's {} rows", self.rows),
            ));
        }
        Ok(self.found)
    }
}

/// The traffic of the chosen functions over their day as one workload: each function's
/// arrivals from midnight (minute 1 starts at 0) by `sampler` seeded with `seed` (one stream
/// for all, in the functions' order), merged in time order, over the file's whole day; the
/// handler distribution the [`mixture`] of the `durations` found (functions without a row are
/// left out of it); the memory from the largest [`AppMemory::lambda_memory_mb`] of `memory`.
pub fn traffic(
    functions: &[FunctionCounts],
    durations: &[DurationPercentiles],
    memory: &[AppMemory],
    sampler: Sampler,
    seed: u64,
) -> Result<Traffic, ImportError> {
    let mut rng = SimRng::seed_from_u64(seed);
    let mut c = Collector::default();
    let total: u64 = functions.iter().map(FunctionCounts::total).sum();
    // One allocation for the day (a Poisson draw may need a few more).
    c.arrivals
        .reserve(total.min(crate::defaults::MAX_LIST_LEN as u64) as usize);
    for counts in functions {
        sample(&mut c, &mut rng, &counts.per_minute, sampler)?;
    }
    if c.arrivals.is_empty() {
        let which = match functions {
            [one] => one.function.clone(),
            more => format!("{} functions", more.len()),
        };
        return Err(ImportError::new(
            0,
            "HashFunction",
            &which,
            "no invocations that day (or the sampler drew none)",
        ));
    }
    let day_s = functions
        .iter()
        .map(|f| f.per_minute.len())
        .max()
        .unwrap_or(0) as f64
        * 60.0;
    let mut t = c.finish(FORMAT, Some(0.0), day_s)?;
    // What the trace says, whatever the sampler drew.
    t.observed.requests = functions.iter().map(FunctionCounts::total).sum();
    t.observed.functions = Some(functions.len() as u64);
    let weighted: Vec<(u64, &DurationPercentiles)> = functions
        .iter()
        .filter_map(|f| {
            let d = durations.iter().find(|d| d.function == f.function)?;
            Some((f.total(), d))
        })
        .collect();
    if !weighted.is_empty() {
        let dist = mixture(&weighted);
        t.observed.handler_ms = Some(observed_durations(&weighted, &dist));
        t.observed.functions_with_durations = Some(weighted.len() as u64);
        t.handler_ms = Some(dist);
    }
    let chosen_apps = |m: &&AppMemory| functions.iter().any(|f| f.app == m.app);
    if let Some(largest) = memory
        .iter()
        .filter(chosen_apps)
        .max_by(|a, b| a.allocated_mb().total_cmp(&b.allocated_mb()))
    {
        t.memory_mb = Some(largest.lambda_memory_mb()?);
        t.observed.allocated_mb_p99 = Some(largest.allocated_mb());
    }
    Ok(t)
}

/// One function's counts as arrivals.
fn sample(
    c: &mut Collector,
    rng: &mut SimRng,
    per_minute: &[u32],
    sampler: Sampler,
) -> Result<(), ImportError> {
    for (m, &count) in per_minute.iter().enumerate() {
        let start = m as f64 * 60_000.0;
        match sampler {
            Sampler::Uniform => {
                let from = c.arrivals.len();
                for _ in 0..count {
                    c.arrival(0, start, rng.random::<f64>() * 60_000.0)?;
                }
                // In order minute by minute, so one function's day needs no sort of its own.
                let mut minute = c.arrivals.split_off(from);
                rank::sort_f64(&mut minute);
                c.arrivals.append(&mut minute);
            }
            Sampler::Equidistant => {
                let gap = 60_000.0 / f64::from(count.max(1));
                for i in 0..count {
                    c.arrival(0, start, (f64::from(i) + 0.5) * gap)?;
                }
            }
            Sampler::Poisson if count > 0 => {
                let mean_gap = 60_000.0 / f64::from(count);
                let mut t = start;
                loop {
                    let gap: f64 = Exp1.sample(rng);
                    t += gap * mean_gap;
                    if t >= start + 60_000.0 {
                        break;
                    }
                    c.arrival(0, start, t - start)?;
                }
            }
            Sampler::Poisson => {}
        }
    }
    Ok(())
}

/// The observed handler summary: one function's own percentiles (of its 30-second averages),
/// or for several the mixture's, with the executions counted and their weighted mean.
fn observed_durations(weighted: &[(u64, &DurationPercentiles)], dist: &Dist) -> Quantiles {
    let count: u64 = weighted.iter().map(|(_, d)| d.count).sum();
    let mean = if count == 0 {
        0.0
    } else {
        weighted
            .iter()
            .map(|(_, d)| d.average * d.count as f64)
            .sum::<f64>()
            / count as f64
    };
    let max = weighted
        .iter()
        .map(|(_, d)| d.percentiles[6])
        .fold(0.0, f64::max);
    if let [(_, d)] = weighted {
        return Quantiles {
            count,
            mean,
            p50: Some(d.percentiles[3]),
            p99: (count >= 100).then_some(d.percentiles[5]),
            max,
        };
    }
    let Dist::Empirical { samples } = dist else {
        unreachable!("mixture returns an empirical distribution")
    };
    let at =
        |q: f64| samples[((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len()) - 1];
    Quantiles {
        count,
        mean,
        p50: Some(at(0.5)),
        p99: (count >= 100).then(|| at(0.99)),
        max,
    }
}

/// Reads the files and builds the traffic of the picked functions.
pub fn parse(
    invocations_text: &str,
    durations_text: Option<&str>,
    pick: Pick,
    sampler: Sampler,
    seed: u64,
) -> Result<Traffic, ImportError> {
    parse_with_memory(invocations_text, durations_text, None, pick, sampler, seed)
}

/// Reads the files, the app memory file too, and builds the traffic of the picked functions.
pub fn parse_with_memory(
    invocations_text: &str,
    durations_text: Option<&str>,
    memory_text: Option<&str>,
    pick: Pick,
    sampler: Sampler,
    seed: u64,
) -> Result<Traffic, ImportError> {
    let functions = invocations(invocations_text, pick)?;
    let mut durations = Vec::new();
    if let Some(text) = durations_text {
        let mut reader = Durations::new(functions.iter().map(|f| f.function.clone()));
        for (_, line) in numbered_lines(text) {
            reader.line(line)?;
        }
        durations = reader.finish()?;
    }
    let mut memory = Vec::new();
    if let Some(text) = memory_text {
        let mut reader = Memory::new(functions.iter().map(|f| f.app.clone()));
        for (_, line) in numbered_lines(text) {
            reader.line(line)?;
        }
        memory = reader.finish()?;
    }
    traffic(&functions, &durations, &memory, sampler, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rows: &[(&str, &[u32])]) -> String {
        let minutes = rows[0].1.len();
        let mut s = String::from("HashOwner,HashApp,HashFunction,Trigger");
        for m in 1..=minutes {
            s.push_str(&format!(",{m}"));
        }
        for (f, counts) in rows {
            s.push_str(&format!("\nown,app,{f},http"));
            for c in *counts {
                s.push_str(&format!(",{c}"));
            }
        }
        s
    }

    const DURATIONS: &str = "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100\n\
        own,app,f1,120,300,10,900,10,20,80,100,150,600,900\n";

    #[test]
    fn busiest_or_by_hash() {
        let text = file(&[("f1", &[1, 0, 2]), ("f2", &[0, 5, 0]), ("f3", &[5, 0, 0])]);
        assert_eq!(invocations(&text, Pick::BUSIEST).unwrap()[0].function, "f2");
        let f3 = invocations(&text, Pick::Function("f3".into())).unwrap();
        assert_eq!(f3.len(), 1);
        assert_eq!(
            (f3[0].per_minute.as_slice(), f3[0].total()),
            (&[5, 0, 0][..], 5)
        );
        let e = invocations(&text, Pick::Function("nope".into())).unwrap_err();
        assert!(e.rule.contains("among the file's 3 rows"), "{e}");
    }

    #[test]
    fn samplers_place_each_minute_count_in_its_minute() {
        let counts = invocations(&file(&[("f1", &[2, 0, 3])]), Pick::BUSIEST).unwrap();
        let eq = traffic(&counts, &[], &[], Sampler::Equidistant, 0).unwrap();
        assert_eq!(
            eq.arrivals_ms,
            [15_000.0, 45_000.0, 130_000.0, 150_000.0, 170_000.0]
        );
        assert_eq!(eq.duration_s, 180.0);
        let u = traffic(&counts, &[], &[], Sampler::Uniform, 7).unwrap();
        assert_eq!(u.arrivals_ms.len(), 5);
        assert_eq!(u.arrivals_ms.iter().filter(|&&a| a < 60_000.0).count(), 2);
        assert!(
            u.arrivals_ms
                .iter()
                .all(|a| !(60_000.0..120_000.0).contains(a))
        );
        assert_eq!(
            u,
            traffic(&counts, &[], &[], Sampler::Uniform, 7).unwrap(),
            "seeded"
        );
        assert_ne!(
            u.arrivals_ms,
            traffic(&counts, &[], &[], Sampler::Uniform, 8)
                .unwrap()
                .arrivals_ms
        );
        let p = traffic(&counts, &[], &[], Sampler::Poisson, 7).unwrap();
        assert_eq!(p.observed.requests, 5, "the trace's count, not the draw's");
    }

    #[test]
    fn poisson_keeps_the_rate() {
        let counts = invocations(&file(&[("f1", &[100; 60])]), Pick::BUSIEST).unwrap();
        let p = traffic(&counts, &[], &[], Sampler::Poisson, 1).unwrap();
        let n = p.arrivals_ms.len() as f64;
        // 6,000 expected, standard deviation ~77.
        assert!((n - 6000.0).abs() < 400.0, "{n}");
    }

    #[test]
    fn durations_as_a_piecewise_linear_inverse_cdf() {
        let d = durations(DURATIONS, "f1").unwrap();
        assert_eq!((d.average, d.count), (120.0, 300));
        assert_eq!(inverse_cdf(&d, 0.0), 10.0);
        assert_eq!(inverse_cdf(&d, 0.5), 100.0);
        assert_eq!(inverse_cdf(&d, 0.375), 90.0);
        assert_eq!(inverse_cdf(&d, 1.0), 900.0);
        let Dist::Empirical { samples } = handler_dist(&d) else {
            panic!()
        };
        assert_eq!(samples.len(), AZURE_DURATION_POINTS);
        assert!(samples.windows(2).all(|w| w[0] <= w[1]));
        let t = parse(
            &file(&[("f1", &[3])]),
            Some(DURATIONS),
            Pick::BUSIEST,
            Sampler::Uniform,
            0,
        )
        .unwrap();
        let h = t.observed.handler_ms.unwrap();
        assert_eq!((h.p50, h.p99, h.count), (Some(100.0), Some(600.0), 300));
        assert_eq!(t.observed.cold_starts, None);
    }

    #[test]
    fn hostile_files() {
        let e = invocations("HashOwner,HashApp,Function,Trigger,1", Pick::BUSIEST).unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (1, "column 3"));
        let e =
            invocations("HashOwner,HashApp,HashFunction,Trigger,1,3", Pick::BUSIEST).unwrap_err();
        assert_eq!(e.at, "column 6");
        let e = invocations(
            "HashOwner,HashApp,HashFunction,Trigger,1,2\na,b,c,http,1",
            Pick::BUSIEST,
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.rule.contains("truncated"), "{e}");
        let e = invocations(
            "HashOwner,HashApp,HashFunction,Trigger,1,2\na,b,c,http,1,-2",
            Pick::BUSIEST,
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.at.as_str(), e.value.as_str()),
            (2, "minute 2 (column 6)", "-2")
        );
        assert!(
            invocations("", Pick::BUSIEST)
                .unwrap_err()
                .rule
                .contains("empty")
        );
        let bad = DURATIONS.replace(",600,900", ",60,900");
        let e = durations(&bad, "f1").unwrap_err();
        assert!(e.at.contains("percentile_Average_99"), "{e}");
        let e = durations("HashFunction,Average\n", "f1").unwrap_err();
        assert!(
            e.rule.contains("Count") || e.rule.contains("percentile"),
            "{e}"
        );
        let counts = invocations(&file(&[("f1", &[0, 0])]), Pick::BUSIEST).unwrap();
        assert!(traffic(&counts, &[], &[], Sampler::Uniform, 0).is_err());
    }
}

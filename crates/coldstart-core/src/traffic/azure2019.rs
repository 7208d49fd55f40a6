//! The Azure Functions 2019 trace (Shahrad et al., "Serverless in the Wild", USENIX ATC '20;
//! Azure/AzurePublicDataset, `AzureFunctionsDataset2019.md`): per function and day, the
//! invocations in each minute, and the day's execution-time percentiles.
//!
//! - invocations: `HashOwner,HashApp,HashFunction,Trigger,1,2,…,1440`, one row per function,
//!   the count of invocations in each minute of the day;
//! - durations: `HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
//!   percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,
//!   percentile_Average_75,percentile_Average_99,percentile_Average_100`, ms.
//!
//! One function is chosen ([`Pick`]: by hash, or the one invoked most), read in one pass that
//! keeps only the best row so far. Its counts become arrivals by a seeded [`Sampler`]; its
//! duration percentiles become a piecewise-linear inverse CDF, drawn at evenly spaced
//! probabilities ([`handler_dist`]). The trace says nothing of cold starts.

use super::{Collector, ImportError, Quantiles, Traffic, fields, non_negative, numbered_lines};
use crate::Dist;
use crate::defaults::{AZURE_DURATION_POINTS, AZURE_DURATION_QUANTILES, AZURE_MINUTES_PER_DAY};
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp1};
use rand_pcg::Pcg64Mcg;

/// The format's name in [`Observed::format`].
pub const FORMAT: &str = "azure2019";

/// Which function of the file to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The row whose `HashFunction` is this (the first such row).
    Hash(String),
    /// The row with the most invocations over the day (the first of equals).
    Busiest,
}

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
    best: Option<(u64, FunctionCounts)>,
    lines: u64,
    functions: u64,
}

impl Invocations {
    /// A reader looking for `pick`.
    pub fn new(pick: Pick) -> Self {
        Invocations {
            pick,
            minutes: None,
            best: None,
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
            Pick::Hash(h) => self.best.is_none() && cells[2] == *h,
            Pick::Busiest => true,
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
        let better = wanted && self.best.as_ref().is_none_or(|(t, _)| total > *t);
        if better {
            let s = |i: usize| cells[i].to_string();
            self.best = Some((
                total,
                FunctionCounts {
                    owner: s(0),
                    app: s(1),
                    function: s(2),
                    trigger: s(3),
                    per_minute,
                },
            ));
        }
        Ok(())
    }

    /// The chosen function's row.
    pub fn finish(self) -> Result<FunctionCounts, ImportError> {
        if self.minutes.is_none() {
            return Err(ImportError::whole(
                "empty file: expected the header HashOwner,HashApp,HashFunction,Trigger,1,…,1440",
            ));
        }
        match (self.best, self.pick) {
            (Some((_, row)), _) => Ok(row),
            (None, Pick::Hash(h)) => Err(ImportError::new(
                0,
                "HashFunction",
                &h,
                format!("no such function among the file's {} rows", self.functions),
            )),
            (None, Pick::Busiest) => Err(ImportError::whole("the file has no function rows")),
        }
    }
}

/// Checks the invocations header; returns the number of minute columns.
fn header(n: u64, cells: &[std::borrow::Cow<'_, str>]) -> Result<usize, ImportError> {
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

/// Reads an invocations file and picks a function.
pub fn invocations(text: &str, pick: Pick) -> Result<FunctionCounts, ImportError> {
    let mut reader = Invocations::new(pick);
    for (_, line) in numbered_lines(text) {
        reader.line(line)?;
    }
    reader.finish()
}

/// One function's row of the durations file, ms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationPercentiles {
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

/// Reads the durations file, streaming, for the row of `function` (its `HashFunction`).
/// Columns are found by their header names, so extra or reordered columns are fine.
pub fn durations(text: &str, function: &str) -> Result<DurationPercentiles, ImportError> {
    let mut columns: Option<(usize, usize, usize, [usize; 7])> = None;
    let mut rows = 0u64;
    for (n, line) in numbered_lines(text) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let cells = fields::split(n, line)?;
        let Some((f, avg, count, pct)) = columns else {
            let find = |name: &str| {
                cells.iter().position(|c| c == name).ok_or_else(|| {
                    ImportError::new(
                        n,
                        "",
                        "",
                        format!("the header has no `{name}` column (the durations file's header is HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,…)"),
                    )
                })
            };
            let mut pct = [0; 7];
            for (slot, name) in pct.iter_mut().zip(PERCENTILE_COLUMNS) {
                *slot = find(name)?;
            }
            columns = Some((find("HashFunction")?, find("Average")?, find("Count")?, pct));
            continue;
        };
        rows += 1;
        if cells.get(f).map(|c| c.as_ref()) != Some(function) {
            continue;
        }
        let cell = |i: usize, name: &str| {
            let value = cells.get(i).map_or("", |c| c.as_ref());
            non_negative(value).ok_or_else(|| {
                ImportError::new(
                    n,
                    format!("field \"{name}\" (column {})", i + 1),
                    value,
                    "must be a number ≥ 0 (ms)",
                )
            })
        };
        let mut percentiles = [0.0; 7];
        for (k, name) in PERCENTILE_COLUMNS.into_iter().enumerate() {
            percentiles[k] = cell(pct[k], name)?;
            if k > 0 && percentiles[k] < percentiles[k - 1] {
                return Err(ImportError::new(
                    n,
                    format!("field \"{name}\" (column {})", pct[k] + 1),
                    &percentiles[k].to_string(),
                    format!(
                        "percentiles must not decrease: below {}",
                        PERCENTILE_COLUMNS[k - 1]
                    ),
                ));
            }
        }
        return Ok(DurationPercentiles {
            average: cell(avg, "Average")?,
            count: cell(count, "Count")? as u64,
            percentiles,
        });
    }
    match columns {
        None => Err(ImportError::whole("empty durations file")),
        Some(_) => Err(ImportError::new(
            0,
            "HashFunction",
            function,
            format!("no such function among the durations file's {rows} rows"),
        )),
    }
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

/// The handler distribution: [`AZURE_DURATION_POINTS`] draws of the inverse CDF at evenly
/// spaced probabilities (the midpoints of equal slices), resampled uniformly by the run.
pub fn handler_dist(p: &DurationPercentiles) -> Dist {
    let samples = (0..AZURE_DURATION_POINTS)
        .map(|k| inverse_cdf(p, (k as f64 + 0.5) / AZURE_DURATION_POINTS as f64))
        .collect();
    Dist::Empirical { samples }
}

/// The traffic of one function over its day: arrivals from midnight (minute 1 starts at 0),
/// over the file's whole day even where the function is quiet, by `sampler` seeded with `seed`;
/// the handler distribution from `durations` when given.
pub fn traffic(
    counts: &FunctionCounts,
    durations: Option<&DurationPercentiles>,
    sampler: Sampler,
    seed: u64,
) -> Result<Traffic, ImportError> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut c = Collector::default();
    for (m, &count) in counts.per_minute.iter().enumerate() {
        let start = m as f64 * 60_000.0;
        match sampler {
            Sampler::Uniform => {
                for _ in 0..count {
                    c.arrival(0, start, rng.random::<f64>() * 60_000.0)?;
                }
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
                    let gap: f64 = Exp1.sample(&mut rng);
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
    if c.arrivals.is_empty() {
        return Err(ImportError::new(
            0,
            "HashFunction",
            &counts.function,
            "this function has no invocations that day (or the sampler drew none)",
        ));
    }
    let day_s = counts.per_minute.len() as f64 * 60.0;
    let mut t = c.finish(FORMAT, Some(0.0), day_s)?;
    // What the trace says, whatever the sampler drew.
    t.observed.requests = counts.total();
    t.observed.handler_ms = durations.map(|d| Quantiles {
        count: d.count,
        mean: d.average,
        p50: Some(d.percentiles[3]),
        p99: (d.count >= 100).then_some(d.percentiles[5]),
        max: d.percentiles[6],
    });
    t.handler_ms = durations.map(handler_dist);
    Ok(t)
}

/// Reads both files and builds the traffic of the picked function.
pub fn parse(
    invocations_text: &str,
    durations_text: Option<&str>,
    pick: Pick,
    sampler: Sampler,
    seed: u64,
) -> Result<Traffic, ImportError> {
    let counts = invocations(invocations_text, pick)?;
    let d = durations_text
        .map(|text| durations(text, &counts.function))
        .transpose()?;
    traffic(&counts, d.as_ref(), sampler, seed)
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
        assert_eq!(invocations(&text, Pick::Busiest).unwrap().function, "f2");
        let f3 = invocations(&text, Pick::Hash("f3".into())).unwrap();
        assert_eq!((f3.per_minute.as_slice(), f3.total()), (&[5, 0, 0][..], 5));
        let e = invocations(&text, Pick::Hash("nope".into())).unwrap_err();
        assert!(e.rule.contains("among the file's 3 rows"), "{e}");
    }

    #[test]
    fn samplers_place_each_minute_count_in_its_minute() {
        let counts = invocations(&file(&[("f1", &[2, 0, 3])]), Pick::Busiest).unwrap();
        let eq = traffic(&counts, None, Sampler::Equidistant, 0).unwrap();
        assert_eq!(
            eq.arrivals_ms,
            [15_000.0, 45_000.0, 130_000.0, 150_000.0, 170_000.0]
        );
        assert_eq!(eq.duration_s, 180.0);
        let u = traffic(&counts, None, Sampler::Uniform, 7).unwrap();
        assert_eq!(u.arrivals_ms.len(), 5);
        assert_eq!(u.arrivals_ms.iter().filter(|&&a| a < 60_000.0).count(), 2);
        assert!(
            u.arrivals_ms
                .iter()
                .all(|a| !(60_000.0..120_000.0).contains(a))
        );
        assert_eq!(
            u,
            traffic(&counts, None, Sampler::Uniform, 7).unwrap(),
            "seeded"
        );
        assert_ne!(
            u.arrivals_ms,
            traffic(&counts, None, Sampler::Uniform, 8)
                .unwrap()
                .arrivals_ms
        );
        let p = traffic(&counts, None, Sampler::Poisson, 7).unwrap();
        assert_eq!(p.observed.requests, 5, "the trace's count, not the draw's");
    }

    #[test]
    fn poisson_keeps_the_rate() {
        let counts = invocations(&file(&[("f1", &[100; 60])]), Pick::Busiest).unwrap();
        let p = traffic(&counts, None, Sampler::Poisson, 1).unwrap();
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
            Pick::Busiest,
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
        let e = invocations("HashOwner,HashApp,Function,Trigger,1", Pick::Busiest).unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (1, "column 3"));
        let e =
            invocations("HashOwner,HashApp,HashFunction,Trigger,1,3", Pick::Busiest).unwrap_err();
        assert_eq!(e.at, "column 6");
        let e = invocations(
            "HashOwner,HashApp,HashFunction,Trigger,1,2\na,b,c,http,1",
            Pick::Busiest,
        )
        .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.rule.contains("truncated"), "{e}");
        let e = invocations(
            "HashOwner,HashApp,HashFunction,Trigger,1,2\na,b,c,http,1,-2",
            Pick::Busiest,
        )
        .unwrap_err();
        assert_eq!(
            (e.line, e.at.as_str(), e.value.as_str()),
            (2, "minute 2 (column 6)", "-2")
        );
        assert!(
            invocations("", Pick::Busiest)
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
        let counts = invocations(&file(&[("f1", &[0, 0])]), Pick::Busiest).unwrap();
        assert!(traffic(&counts, None, Sampler::Uniform, 0).is_err());
    }
}

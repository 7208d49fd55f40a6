//! Replications: the same comparison under several seeds, so a difference between variants can
//! be told apart from the luck of one seed.
//!
//! Replication `k` runs every variant with its seed moved by `k` ([`replication_seed`];
//! replication 0 is the scenario as given, so its reports are the single run's). Variants that
//! share a seed share it in every replication: **common random numbers**, so variant A and B of
//! replication `k` see the same arrivals and handler draws. The right measure of a difference is
//! then the *paired* one: per replication, variant minus the first, and the interval of those
//! differences ([`Replicated::differences`]). Intervals of each variant on its own
//! ([`Replicated::variants`]) overlap far more than the paired interval suggests, because the
//! seed moves both variants the same way.
//!
//! Every interval is the mean over replications with a two-sided 95 % Student-t confidence
//! interval ([`Estimate`]), not the min–max: a min–max widens with every replication added and
//! has no stated coverage, while the t-interval narrows as 1/√n and covers the true mean 95 % of
//! the time when the per-seed figures are roughly normal (means and tail percentiles of
//! thousands of requests are). A figure whose percentile some replication's sample cannot
//! support ([`crate::report::PERCENTILES`]) has no estimate: averaging a few maxima called
//! "p99" with real p99s would mix two quantities. Everything here is pure and deterministic:
//! [`summarise`] takes reports however they were run (the page runs them in slices).

use super::CompareError;
use crate::defaults::MAX_SEED;
use crate::error::ScenarioError;
use crate::report::{P99, P999, Report};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// Most replications one comparison may ask for: each is a full run of every variant, so 100
/// is already 100 times the single run's work (bounded further by the run budget of each).
pub const MAX_REPLICATIONS: u32 = 100;

/// How many seeds a comparison runs: 1 to [`MAX_REPLICATIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Replications(u32);

impl Replications {
    /// One seed: the scenario as given, no intervals.
    pub const ONE: Replications = Replications(1);

    /// `n` replications, or an error naming the field `replications`, the value and the rule.
    pub fn new(n: u32) -> Result<Replications, ScenarioError> {
        if (1..=MAX_REPLICATIONS).contains(&n) {
            Ok(Replications(n))
        } else {
            Err(ScenarioError::invalid(
                "replications",
                n,
                format!(
                    "must be 1 to {MAX_REPLICATIONS}: each replication runs every variant once \
                     more under the next seed"
                ),
            ))
        }
    }

    /// The number of replications.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Replications {
    type Error = String;
    fn try_from(n: u32) -> Result<Self, String> {
        Replications::new(n).map_err(|e| e.to_string())
    }
}

impl From<Replications> for u32 {
    fn from(r: Replications) -> u32 {
        r.0
    }
}

/// The seed of replication `k` for a scenario seeded `seed`: `seed + k`, wrapping within the
/// valid seeds (0 to [`MAX_SEED`]). Adjacent seeds give unrelated streams (the engine mixes each
/// seed before seeding its generators), and replication 0 is the scenario itself.
pub fn replication_seed(seed: u64, k: u32) -> u64 {
    (seed % (MAX_SEED + 1) + u64::from(k)) % (MAX_SEED + 1)
}

/// The variants of replication `k`: each with its own seed moved by `k`, so variants sharing a
/// seed still share it (common random numbers).
pub fn replication_scenarios(variants: &[Scenario], k: u32) -> Vec<Scenario> {
    variants
        .iter()
        .map(|s| Scenario {
            seed: replication_seed(s.seed, k),
            ..s.clone()
        })
        .collect()
}

/// The figures a replicated comparison gives intervals for: what users feel (how many requests
/// pay a cold start, the tail of all requests, throttles, cost) and the cold starts' own tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Cold starts per started invocation, a fraction.
    ColdStartShare,
    /// p99 latency of all requests, ms.
    AllP99Ms,
    /// p99.9 latency of all requests, ms.
    AllP999Ms,
    /// p99 latency of cold requests, ms.
    ColdP99Ms,
    /// Throttle events.
    Throttles,
    /// Total cost, USD.
    CostUsd,
}

impl Figure {
    /// Every figure, in the order tables and sentences show them.
    pub const ALL: [Figure; 6] = [
        Figure::ColdStartShare,
        Figure::AllP99Ms,
        Figure::AllP999Ms,
        Figure::ColdP99Ms,
        Figure::Throttles,
        Figure::CostUsd,
    ];

    /// The figure in one report, or `None` when it is a percentile the report's sample cannot
    /// support.
    pub fn of(self, r: &Report) -> Option<f64> {
        match self {
            Figure::ColdStartShare => Some(r.cold_start_ratio),
            Figure::AllP99Ms => r.latency_ms.all.at(&P99),
            Figure::AllP999Ms => r.latency_ms.all.at(&P999),
            Figure::ColdP99Ms => r.latency_ms.cold.at(&P99),
            Figure::Throttles => Some(r.throttled as f64),
            Figure::CostUsd => Some(r.cost_usd.total),
        }
    }
}

/// A mean over replications and its two-sided 95 % Student-t confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Mean over the replications.
    pub mean: f64,
    /// Half the interval's width; `None` with a single replication (no spread to measure).
    pub half_width: Option<f64>,
    /// Replications behind it.
    pub replications: u32,
}

impl Estimate {
    /// The estimate of `values` (at least one), or `None` for none.
    pub fn of(values: &[f64]) -> Option<Estimate> {
        let n = values.len();
        if n == 0 {
            return None;
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let half_width = (n >= 2).then(|| {
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            t_975(n as u32 - 1) * (var / n as f64).sqrt()
        });
        Some(Estimate {
            mean,
            half_width,
            replications: n as u32,
        })
    }

    /// The interval, `(low, high)`; `None` with a single replication.
    pub fn interval(&self) -> Option<(f64, f64)> {
        self.half_width.map(|h| (self.mean - h, self.mean + h))
    }

    /// For a paired difference: `Some(true)` when its interval excludes zero (the difference
    /// holds across seeds), `Some(false)` when it contains zero (within the noise), `None` with
    /// a single replication. A difference that is exactly zero in every replication is within
    /// the noise: there is nothing to tell apart.
    pub fn beyond_noise(&self) -> Option<bool> {
        let (low, high) = self.interval()?;
        Some(low > 0.0 || high < 0.0)
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom (at least 1): exact to three
/// decimals from the standard table up to 30, then the Cornish–Fisher expansion around the
/// normal quantile 1.959964 (within 0.001 of the table from 30 on).
fn t_975(df: u32) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if let Some(t) = TABLE.get(df.max(1) as usize - 1) {
        return *t;
    }
    let z = 1.959_964_f64;
    let v = f64::from(df);
    z + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
}

/// One figure's estimate; `None` when some replication cannot support it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FigureEstimate {
    /// Which figure.
    pub figure: Figure,
    /// Its estimate over the replications.
    pub estimate: Option<Estimate>,
}

/// Every figure of one variant (or of one variant's difference to the first), in
/// [`Figure::ALL`] order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Variant name.
    pub name: String,
    /// One entry per figure of [`Figure::ALL`].
    pub figures: Vec<FigureEstimate>,
}

impl Figures {
    /// The estimate of `figure`, when every replication supports it.
    pub fn of(&self, figure: Figure) -> Option<&Estimate> {
        (self.figures.iter())
            .find(|f| f.figure == figure)
            .and_then(|f| f.estimate.as_ref())
    }
}

/// A comparison over several seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replicated {
    /// Replications run.
    pub replications: u32,
    /// The first variant's seed in each replication.
    pub seeds: Vec<u64>,
    /// Each variant's figures, in input order.
    pub variants: Vec<Figures>,
    /// Each variant minus the first, paired by replication (the first entry's differences are
    /// all zero).
    pub differences: Vec<Figures>,
}

/// One run's [`Figure`]s, in [`Figure::ALL`] order: all that [`summarise`] reads of a report,
/// so runs made elsewhere (the page's run workers) hand on six numbers instead of a report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunFigures([Option<f64>; Figure::ALL.len()]);

impl RunFigures {
    /// The figures of one report.
    pub fn of(report: &Report) -> RunFigures {
        RunFigures(Figure::ALL.map(|f| f.of(report)))
    }

    /// One figure, as [`Figure::of`] gave it.
    pub fn get(&self, figure: Figure) -> Option<f64> {
        let i = Figure::ALL.iter().position(|&f| f == figure)?;
        self.0[i]
    }
}

/// Summarises reports run by replication: `runs[k][v]` is variant `v` under replication `k`'s
/// seed, `names[v]` its name. Pure: however the reports were run, the same reports give the
/// same summary. Variants missing from a replication (a ragged `runs`) count as absent figures.
pub fn summarise(names: &[&str], seeds: &[u64], runs: &[Vec<Report>]) -> Replicated {
    let figures: Vec<Vec<RunFigures>> = runs
        .iter()
        .map(|run| run.iter().map(RunFigures::of).collect())
        .collect();
    summarise_figures(names, seeds, &figures)
}

/// [`summarise`] from each run's figures ([`RunFigures::of`]) instead of its report: the same
/// summary of the same runs.
pub fn summarise_figures(names: &[&str], seeds: &[u64], runs: &[Vec<RunFigures>]) -> Replicated {
    let figures_of = |v: usize, value: &dyn Fn(&[RunFigures], Figure) -> Option<f64>| Figures {
        name: names[v].to_string(),
        figures: Figure::ALL
            .iter()
            .map(|&figure| {
                // Every replication must support the figure, or it has no estimate.
                let values: Option<Vec<f64>> = runs.iter().map(|run| value(run, figure)).collect();
                FigureEstimate {
                    figure,
                    estimate: values.and_then(|v| Estimate::of(&v)),
                }
            })
            .collect(),
    };
    let variants = (0..names.len())
        .map(|v| figures_of(v, &|run, f| run.get(v).and_then(|r| r.get(f))))
        .collect();
    let differences = (0..names.len())
        .map(|v| {
            figures_of(v, &|run, f| {
                Some(run.get(v)?.get(f)? - run.first()?.get(f)?)
            })
        })
        .collect();
    Replicated {
        replications: runs.len() as u32,
        seeds: seeds.to_vec(),
        variants,
        differences,
    }
}

/// Runs `variants` under `replications` seeds ([`replication_scenarios`]) and summarises them;
/// also returns replication 0's reports (the scenarios as given), in input order, for the
/// tables and charts. Unlike [`super::compare`], variants may differ in any input: the paired
/// differences stay valid, and stay tight as long as the variants share a seed.
pub fn replicate(
    variants: &[Scenario],
    replications: Replications,
) -> Result<(Replicated, Vec<Report>), CompareError> {
    let first = run_replication(variants, 0)?;
    let summary = replicate_after(variants, &first, replications, |_| {})?;
    Ok((summary, first))
}

/// [`replicate`] for a caller that already has replication 0's `reports` (the scenarios as
/// given, e.g. from [`super::compare_with_reports`]): runs replications 1 onwards, calling
/// `before(k)` before each (a progress message), and summarises all of them.
pub fn replicate_after(
    variants: &[Scenario],
    reports: &[Report],
    replications: Replications,
    mut before: impl FnMut(u32),
) -> Result<Replicated, CompareError> {
    if variants.is_empty() {
        return Err(CompareError::Empty);
    }
    let mut runs = vec![reports.to_vec()];
    for k in 1..replications.get() {
        before(k);
        runs.push(run_replication(variants, k)?);
    }
    let names: Vec<&str> = variants.iter().map(|s| s.name.as_str()).collect();
    let seeds: Vec<u64> = (0..replications.get())
        .map(|k| replication_seed(variants[0].seed, k))
        .collect();
    Ok(summarise(&names, &seeds, &runs))
}

/// Every variant of replication `k`, run to the end.
fn run_replication(variants: &[Scenario], k: u32) -> Result<Vec<Report>, CompareError> {
    (replication_scenarios(variants, k).iter().enumerate())
        .map(|(index, v)| crate::run(v).map_err(|error| CompareError::Variant { index, error }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_is_the_t_interval_of_the_mean() {
        // Mean 2, sample sd 1, n = 3: half width t(2) · 1/√3 = 4.303 / 1.732.
        let e = Estimate::of(&[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(e.mean, 2.0);
        let h = e.half_width.unwrap();
        assert!((h - 4.303 / 3f64.sqrt()).abs() < 1e-9, "{h}");
        assert_eq!(e.beyond_noise(), Some(false), "2 ± 2.48 contains 0");
        let e = Estimate::of(&[1.9, 2.0, 2.1]).unwrap();
        assert_eq!(e.beyond_noise(), Some(true), "2 ± 0.25 excludes 0");
    }

    #[test]
    fn one_replication_has_no_interval() {
        let e = Estimate::of(&[5.0]).unwrap();
        assert_eq!((e.mean, e.half_width, e.beyond_noise()), (5.0, None, None));
        assert_eq!(Estimate::of(&[]), None);
    }

    #[test]
    fn t_quantile_joins_the_table_smoothly() {
        assert_eq!(t_975(1), 12.706);
        assert_eq!(t_975(30), 2.042);
        // Table values at 40 and 60 degrees of freedom: 2.021 and 2.000.
        assert!((t_975(40) - 2.021).abs() < 0.001, "{}", t_975(40));
        assert!((t_975(60) - 2.000).abs() < 0.001, "{}", t_975(60));
        assert!(t_975(99) < t_975(31));
    }

    #[test]
    fn replication_zero_is_the_scenario_and_seeds_wrap() {
        assert_eq!(replication_seed(42, 0), 42);
        assert_eq!(replication_seed(42, 3), 45);
        assert_eq!(replication_seed(MAX_SEED, 1), 0);
        assert!(Replications::new(0).is_err());
        assert!(Replications::new(MAX_REPLICATIONS + 1).is_err());
        assert_eq!(Replications::new(7).map(Replications::get), Ok(7));
    }
}

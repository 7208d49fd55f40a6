//! Arrival processes, generated lazily: only the next arrival exists at any time, so a run of
//! millions of requests holds none of them in memory (a trace holds its own list, nothing more).
//!
//! - Poisson: exponential inter-arrival times.
//! - Steps and spikes: a piecewise-constant rate, sampled exactly by inversion of the integrated
//!   rate (draw E ~ Exp(1), walk the segments until the area under the rate reaches E).
//! - Diurnal: thinning (Lewis & Shedler) against a piecewise majorant. The cycle is cut into
//!   short windows over which the rate lies between a floor and a ceiling; a window's arrivals
//!   are a Poisson process at the floor rate, kept as drawn, merged with candidates at the
//!   ceiling minus the floor, each kept with probability (λ(t) − floor) / (ceiling − floor)
//!   (see [`DiurnalWindow`]). Nearly every arrival is one exponential draw; the sine is
//!   evaluated once per window and at the rare excess candidates.
//! - Trace: the given timestamps, sorted.
//! - Mix: the parts' next arrivals merged (smallest first; ties to the earlier part).

use crate::rank::{self, Key};
use crate::scenario::Workload;
use crate::time::Micros;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1};
use std::f64::consts::TAU;

/// One arrival process, positioned after its last arrival.
#[derive(Debug, Clone)]
enum Source {
    Piecewise {
        /// (start, rate) segments, starts increasing; the last runs to the horizon.
        segments: Vec<(f64, f64)>,
        index: usize,
        t: f64,
    },
    Diurnal {
        cycle: Cycle,
        t: f64,
        window: DiurnalWindow,
    },
    Trace {
        times: Vec<Micros>,
        index: usize,
    },
    Mix {
        parts: Vec<(Source, Lookahead)>,
    },
}

/// A mix part's next arrival: not drawn yet, drawn, or none left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookahead {
    Unknown,
    At(Micros),
    Done,
}

/// The lazily generated arrivals of a workload over `[0, horizon)`.
#[derive(Debug, Clone)]
pub(crate) struct Arrivals {
    source: Source,
    horizon_s: f64,
    next: Option<Micros>,
}

impl Arrivals {
    /// Positions the process at time zero; `rng` draws the first arrival.
    pub fn new<R: Rng + ?Sized>(w: &Workload, horizon_s: f64, rng: &mut R) -> Arrivals {
        let mut source = Source::new(w, horizon_s);
        let next = source.next(horizon_s, rng);
        Arrivals {
            source,
            horizon_s,
            next,
        }
    }
    /// The next arrival, if any remains before the horizon.
    pub fn peek(&self) -> Option<Micros> {
        self.next
    }
    /// Consumes the next arrival and draws the one after it. Natively a piecewise-constant rate
    /// (Poisson, steps, spikes) is drawn here, inline in the event loop: through the out-of-line
    /// `Source::next` each arrival paid ~30 instructions of call, register saves and dispatch
    /// (docs/benchmarks.md, "Issue 14, eighteenth round: ml-image-10gb").
    #[inline(always)]
    pub fn advance<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<Micros> {
        let now = self.next?;
        self.next = match &mut self.source {
            // In wasm through `Source::next`, for the page's size: a second copy of the draw
            // here made the first module 561 B larger (gzip; 423,731 -> 424,292 B at e49c134).
            Source::Piecewise { segments, index, t } if !cfg!(target_arch = "wasm32") => {
                piecewise_next(segments, index, t, self.horizon_s, rng)
            }
            source => source.next(self.horizon_s, rng),
        };
        Some(now)
    }
}

/// The next arrival of a piecewise-constant rate: one unit exponential of area, spent over the
/// segments from `t` on.
#[inline(always)]
fn piecewise_next<R: Rng + ?Sized>(
    segments: &[(f64, f64)],
    index: &mut usize,
    t: &mut f64,
    horizon: f64,
    rng: &mut R,
) -> Option<Micros> {
    let mut area: f64 = Exp1.sample(rng);
    loop {
        let (_, rate) = segments[*index];
        let end = segments
            .get(*index + 1)
            .map_or(horizon, |s| s.0.min(horizon));
        if rate > 0.0 {
            let candidate = *t + area / rate;
            if candidate < end {
                *t = candidate;
                return Some(Micros::from_secs_f64(candidate));
            }
            area -= rate * (end - *t);
        }
        *t = end;
        if end >= horizon || *index + 1 >= segments.len() {
            *t = horizon;
            return None;
        }
        *index += 1;
    }
}

impl Source {
    fn new(w: &Workload, horizon: f64) -> Source {
        match w {
            Workload::Poisson { rate_per_s } => Source::Piecewise {
                segments: vec![(0.0, *rate_per_s)],
                index: 0,
                t: 0.0,
            },
            Workload::Steps { steps } => {
                let mut segments = vec![(0.0, 0.0)];
                let mut sorted: Vec<_> = steps.iter().map(|s| (s.at_s, s.rate_per_s)).collect();
                rank::by_key(&mut sorted, |s| Key::ascending_f64(s.0));
                for (at, rate) in sorted {
                    match segments.last_mut() {
                        Some(last) if last.0 >= at => last.1 = rate,
                        _ => segments.push((at, rate)),
                    }
                }
                Source::Piecewise {
                    segments,
                    index: 0,
                    t: 0.0,
                }
            }
            Workload::Spikes {
                base_rate_per_s,
                spikes,
            } => {
                let mut bounds: Vec<f64> = vec![0.0];
                for s in spikes {
                    bounds.push(s.at_s);
                    bounds.push(s.at_s + s.duration_s);
                }
                rank::sort_f64(&mut bounds);
                bounds.dedup();
                let segments = bounds
                    .iter()
                    .map(|&b| {
                        let extra: f64 = spikes
                            .iter()
                            .filter(|s| s.at_s <= b && b < s.at_s + s.duration_s)
                            .map(|s| s.rate_per_s)
                            .sum();
                        (b, base_rate_per_s + extra)
                    })
                    .collect();
                Source::Piecewise {
                    segments,
                    index: 0,
                    t: 0.0,
                }
            }
            Workload::Diurnal {
                mean_rate_per_s,
                amplitude,
                period_s,
                phase_s,
            } => Source::Diurnal {
                cycle: Cycle {
                    mean: *mean_rate_per_s,
                    amplitude: *amplitude,
                    period: *period_s,
                    phase: *phase_s,
                },
                t: 0.0,
                window: DiurnalWindow::EMPTY,
            },
            Workload::Trace { arrivals_ms } => {
                // Sorted as plain `u64`s (the program's one integer sort, `rank::sort_u64`);
                // wrapping them back reuses the same allocation.
                let mut times: Vec<u64> = arrivals_ms
                    .iter()
                    .filter(|&&ms| ms >= 0.0 && ms < horizon * 1_000.0)
                    .map(|&ms| Micros::from_ms_f64(ms).0)
                    .collect();
                rank::sort_u64(&mut times);
                Source::Trace {
                    times: times.into_iter().map(Micros).collect(),
                    index: 0,
                }
            }
            Workload::Mix { parts } => Source::Mix {
                parts: parts
                    .iter()
                    .map(|p| (Source::new(p, horizon), Lookahead::Unknown))
                    .collect(),
            },
        }
    }

    #[cfg_attr(coldstart_shipped_wasm, optimize(speed))]
    fn next<R: Rng + ?Sized>(&mut self, horizon: f64, rng: &mut R) -> Option<Micros> {
        match self {
            Source::Mix { parts } => {
                // Every part's next arrival is drawn (in part order) if not known yet; the
                // earliest is taken, ties to the earlier part.
                let mut first: Option<(usize, Micros)> = None;
                for (i, (p, next)) in parts.iter_mut().enumerate() {
                    if *next == Lookahead::Unknown {
                        let drawn = match p {
                            Source::Mix { .. } => p.next(horizon, rng),
                            _ => p.next_single(horizon, rng),
                        };
                        *next = drawn.map_or(Lookahead::Done, Lookahead::At);
                    }
                    if let Lookahead::At(t) = *next
                        && first.is_none_or(|(_, earliest)| t < earliest)
                    {
                        first = Some((i, t));
                    }
                }
                let (i, t) = first?;
                parts[i].1 = Lookahead::Unknown;
                Some(t)
            }
            _ => self.next_single(horizon, rng),
        }
    }

    /// The next arrival of a source that is not a mix.
    #[inline(always)]
    fn next_single<R: Rng + ?Sized>(&mut self, horizon: f64, rng: &mut R) -> Option<Micros> {
        match self {
            Source::Piecewise { segments, index, t } => {
                piecewise_next(segments, index, t, horizon, rng)
            }
            Source::Diurnal { cycle, t, window } => loop {
                if *t >= window.end {
                    if *t >= horizon || cycle.peak() <= 0.0 {
                        return None;
                    }
                    *window = DiurnalWindow::open(cycle, *t, rng);
                }
                // The earlier candidate by one comparison, not `f64::min`: neither is NaN (a
                // start plus exponential gaps, `inf` at a zero rate), and in wasm `min` is a call
                // to `fmin` (wasm's own `f64.min` differs from it on NaN), per arrival of a day.
                let floor_first = window.next_floor <= window.next_excess;
                let at = if floor_first {
                    window.next_floor
                } else {
                    window.next_excess
                };
                if at >= window.end {
                    *t = window.end;
                    continue;
                }
                if at >= horizon {
                    *t = horizon;
                    return None;
                }
                *t = at;
                if floor_first {
                    window.next_floor = at + next_gap(window.floor_rate, rng);
                    return Some(Micros::from_secs_f64(at));
                }
                window.next_excess = at + next_gap(window.excess_rate, rng);
                let u = rng.random::<f64>() * window.excess_rate;
                if u < cycle.rate_at(at) - window.floor_rate {
                    return Some(Micros::from_secs_f64(at));
                }
            },
            Source::Trace { times, index } => {
                let t = times.get(*index).copied();
                *index += 1;
                t
            }
            Source::Mix { .. } => self.next(horizon, rng),
        }
    }
}

/// The diurnal rate `mean × (1 + amplitude × sin(2π (t − phase) / period))`.
#[derive(Debug, Clone, Copy)]
struct Cycle {
    mean: f64,
    amplitude: f64,
    period: f64,
    phase: f64,
}

impl Cycle {
    /// The sine's argument at `t`.
    fn angle(&self, t: f64) -> f64 {
        TAU * (t - self.phase) / self.period
    }

    /// The rate for a value `sine` of the sine. Non-decreasing in `sine` under floating-point
    /// rounding too (mean and amplitude are never negative), so bounds on the sine give bounds
    /// on the computed rate.
    fn rate_of(&self, sine: f64) -> f64 {
        self.mean * (1.0 + self.amplitude * sine)
    }

    /// The rate at `t`, exactly.
    fn rate_at(&self, t: f64) -> f64 {
        self.rate_of(sin(self.angle(t)))
    }

    /// The expected arrivals over `[a, b)`, the rate's integral:
    /// `∫ mean (1 + A sin(2π (t − φ) / P)) dt = mean (b − a)
    ///   + mean A P / 2π (cos(2π (a − φ) / P) − cos(2π (b − φ) / P))`.
    fn mean_arrivals(&self, a: f64, b: f64) -> f64 {
        if b <= a {
            return 0.0;
        }
        let swing = self.amplitude * self.period / TAU * (cos(self.angle(a)) - cos(self.angle(b)));
        (self.mean * ((b - a) + swing)).max(0.0)
    }

    /// The highest rate, at the top of the cycle.
    fn peak(&self) -> f64 {
        self.rate_of(1.0)
    }
}

/// A stretch of the diurnal cycle, `[start, end)` in seconds, with the rate bounded by
/// `floor ≤ λ(t) ≤ floor + excess`, and the next candidate of its two processes.
///
/// Thinning against the peak rate (Lewis & Shedler) drew 1.8 candidates per arrival over a
/// day, each an exponential and a uniform. Here the arrivals of a window are the superposition
/// of two independent Poisson processes, which is again a Poisson process with the summed rate
/// (Çinlar, *Introduction to Stochastic Processes*, 1975, §4.1): one at the floor rate, every
/// point kept, and one at the excess rate thinned to `λ(t) − floor`. Their sum is exactly
/// λ(t). With windows of [`SINE_WINDOW`] radians the excess is about a two-thousandth of the
/// rate, so an arrival is almost always one exponential draw and nothing else. A window's
/// processes start afresh at its start (independent increments), so the draw that overshoots
/// the window's end is dropped, one per window per process.
///
/// On `[x0, x0 + w]` (the argument over the window), `|sin x − sin x0| ≤ w` (sin is
/// 1-Lipschitz), so the rate lies between `rate_of(sin x0 − slack)` and `rate_of(sin x0 +
/// slack)` as long as the slack covers `w`, the rounding of the times and arguments and libm's
/// error (under one ulp, 1.1·10⁻¹⁶ for values of at most 1).
#[derive(Debug, Clone, Copy)]
struct DiurnalWindow {
    end: f64,
    floor_rate: f64,
    excess_rate: f64,
    /// The floor process's next point (infinite when the floor is zero).
    next_floor: f64,
    /// The excess process's next candidate (infinite when there is no excess).
    next_excess: f64,
}

/// Width of a diurnal window of the sine's argument, radians: the excess rate over a window is
/// about `2 × mean × amplitude` times this, and a diurnal period holds 2π / this ≈ 25,700
/// windows, each costing one `sin` and two dropped draws.
const SINE_WINDOW: f64 = 1.0 / 4_096.0;

/// The sine of the diurnal cycle (and [`cos`], of its integral): the `libm` crate's, not the
/// platform's. Every gap of a window is divided by a rate made from it, so the native build
/// (glibc's `sin`) and the page's wasm (Rust's own) would put an arrival a microsecond apart
/// now and then where they differ in the last bit, which they do for 3 % of a day's window
/// angles (docs/benchmarks.md, "Issue 14, sixth round: engine"); the same Rust code on both
/// gives the same bits.
#[inline]
fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// The cosine of the diurnal cycle's integral, the `libm` crate's like [`sin`]: the planners'
/// expected arrivals per slot come out the same natively and on the page.
#[inline]
fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// The gap to a Poisson process's next point at `rate` per second; infinite at a zero rate
/// (nothing drawn).
#[inline(always)]
fn next_gap<R: Rng + ?Sized>(rate: f64, rng: &mut R) -> f64 {
    if rate > 0.0 {
        let e: f64 = Exp1.sample(rng);
        e / rate
    } else {
        f64::INFINITY
    }
}

impl DiurnalWindow {
    /// No window yet: the first arrival opens one.
    const EMPTY: DiurnalWindow = DiurnalWindow {
        end: f64::NEG_INFINITY,
        floor_rate: 0.0,
        excess_rate: 0.0,
        next_floor: f64::INFINITY,
        next_excess: f64::INFINITY,
    };

    /// The window starting at `start`, with its processes' first points drawn (the floor's
    /// first). It spans [`SINE_WINDOW`] radians of the cycle, or the expected gap between two
    /// arrivals at the peak rate if that is longer (a cycle of microseconds would otherwise
    /// cost a window per microsecond; the bounds then just widen, up to the whole swing).
    fn open<R: Rng + ?Sized>(cycle: &Cycle, start: f64, rng: &mut R) -> DiurnalWindow {
        let span_s = (SINE_WINDOW * cycle.period / TAU).max(1.0 / cycle.peak());
        // Always past `start`, so a window cannot be empty (the rate cap keeps the span above
        // a time's rounding within the longest run; this holds whatever the inputs).
        let end = (start + span_s).max(start.next_up());
        let x0 = cycle.angle(start);
        let width = TAU * span_s / cycle.period;
        // Rounding: of the times (relative 2^-53 each), of the argument's three operations,
        // of `sin`; 10⁻¹⁵ of the largest magnitudes involved covers them with room.
        let magnitude = x0.abs() + width + TAU * (end.abs() + cycle.phase.abs()) / cycle.period;
        let slack = width * 1.001 + magnitude * 1e-15 + 1e-12;
        let sine = sin(x0);
        let floor_rate = cycle.rate_of((sine - slack).max(-1.0)).max(0.0);
        let ceiling = cycle.rate_of((sine + slack).min(1.0));
        let excess_rate = (ceiling - floor_rate).max(0.0);
        let next_floor = start + next_gap(floor_rate, rng);
        let next_excess = start + next_gap(excess_rate, rng);
        DiurnalWindow {
            end,
            floor_rate,
            excess_rate,
            next_floor,
            next_excess,
        }
    }
}

/// Expected number of arrivals of a workload over `[0, duration_s)`, for the run budget.
/// For the diurnal rate it is the upper bound `peak × duration`.
pub fn expected_arrivals(w: &Workload, duration_s: f64) -> f64 {
    match w {
        Workload::Poisson { rate_per_s } => rate_per_s * duration_s,
        Workload::Steps { steps } => {
            let mut sorted: Vec<_> = steps.iter().map(|s| (s.at_s, s.rate_per_s)).collect();
            rank::by_key(&mut sorted, |s| Key::ascending_f64(s.0));
            sorted
                .iter()
                .enumerate()
                .map(|(i, &(at, rate))| {
                    let end = sorted
                        .get(i + 1)
                        .map_or(duration_s, |n| n.0.min(duration_s));
                    rate * (end - at.min(duration_s)).max(0.0)
                })
                .sum()
        }
        Workload::Spikes {
            base_rate_per_s,
            spikes,
        } => {
            base_rate_per_s * duration_s
                + spikes
                    .iter()
                    .map(|s| {
                        let end = (s.at_s + s.duration_s).min(duration_s);
                        s.rate_per_s * (end - s.at_s.min(duration_s)).max(0.0)
                    })
                    .sum::<f64>()
        }
        Workload::Diurnal {
            mean_rate_per_s,
            amplitude,
            ..
        } => mean_rate_per_s * (1.0 + amplitude) * duration_s,
        Workload::Trace { arrivals_ms } => arrivals_ms.len() as f64,
        Workload::Mix { parts } => parts.iter().map(|p| expected_arrivals(p, duration_s)).sum(),
    }
}

/// Expected number of arrivals of a workload in `[from_s, to_s)`, exactly (the diurnal rate
/// integrated, a trace's arrivals counted): the hourly provisioned-concurrency planner derives
/// each hour's rate from it.
pub fn mean_arrivals(w: &Workload, from_s: f64, to_s: f64) -> f64 {
    let overlap = |a: f64, b: f64| (b.min(to_s) - a.max(from_s).max(0.0)).max(0.0);
    match w {
        Workload::Poisson { rate_per_s } => rate_per_s * overlap(0.0, f64::INFINITY),
        Workload::Steps { steps } => {
            let mut sorted: Vec<_> = steps.iter().map(|s| (s.at_s, s.rate_per_s)).collect();
            rank::by_key(&mut sorted, |s| Key::ascending_f64(s.0));
            (sorted.iter().enumerate())
                .map(|(i, &(at, rate))| {
                    let end = sorted.get(i + 1).map_or(f64::INFINITY, |n| n.0);
                    rate * overlap(at, end)
                })
                .sum()
        }
        Workload::Spikes {
            base_rate_per_s,
            spikes,
        } => {
            base_rate_per_s * overlap(0.0, f64::INFINITY)
                + (spikes.iter())
                    .map(|s| s.rate_per_s * overlap(s.at_s, s.at_s + s.duration_s))
                    .sum::<f64>()
        }
        Workload::Diurnal {
            mean_rate_per_s,
            amplitude,
            period_s,
            phase_s,
        } => {
            let cycle = Cycle {
                mean: *mean_rate_per_s,
                amplitude: *amplitude,
                period: *period_s,
                phase: *phase_s,
            };
            cycle.mean_arrivals(from_s.max(0.0), to_s)
        }
        Workload::Trace { arrivals_ms } => (arrivals_ms.iter())
            .filter(|&&ms| ms >= 0.0 && ms >= from_s * 1_000.0 && ms < to_s * 1_000.0)
            .count() as f64,
        Workload::Mix { parts } => parts.iter().map(|p| mean_arrivals(p, from_s, to_s)).sum(),
    }
}

/// Expected arrivals in each slot of `slot_s` seconds over `[0, duration_s)` (the last slot
/// may be shorter): [`mean_arrivals`] per slot, but a trace is binned in one pass, so a million
/// arrivals over a month cost one pass, not one per hour.
pub fn mean_arrivals_by_slot(w: &Workload, slot_s: f64, duration_s: f64) -> Vec<f64> {
    let n = (duration_s / slot_s).ceil().max(1.0) as usize;
    match w {
        Workload::Trace { arrivals_ms } => {
            let mut counts = vec![0.0; n];
            for &ms in arrivals_ms {
                let t = ms / 1_000.0;
                if (0.0..duration_s).contains(&t) {
                    counts[((t / slot_s) as usize).min(n - 1)] += 1.0;
                }
            }
            counts
        }
        Workload::Mix { parts } => {
            let mut sum = vec![0.0; n];
            for p in parts {
                for (s, v) in sum
                    .iter_mut()
                    .zip(mean_arrivals_by_slot(p, slot_s, duration_s))
                {
                    *s += v;
                }
            }
            sum
        }
        _ => (0..n)
            .map(|h| {
                let start = h as f64 * slot_s;
                mean_arrivals(w, start, (start + slot_s).min(duration_s))
            })
            .collect(),
    }
}

/// Highest instantaneous arrival rate of a workload, per second (for the environment estimate).
pub fn peak_rate(w: &Workload) -> f64 {
    match w {
        Workload::Poisson { rate_per_s } => *rate_per_s,
        Workload::Steps { steps } => steps.iter().map(|s| s.rate_per_s).fold(0.0, f64::max),
        Workload::Spikes {
            base_rate_per_s,
            spikes,
        } => base_rate_per_s + spikes.iter().map(|s| s.rate_per_s).sum::<f64>(),
        Workload::Diurnal {
            mean_rate_per_s,
            amplitude,
            ..
        } => mean_rate_per_s * (1.0 + amplitude),
        // A trace is bounded by its length; treat it as arriving at once.
        Workload::Trace { arrivals_ms } => arrivals_ms.len() as f64,
        Workload::Mix { parts } => parts.iter().map(peak_rate).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{RateStep, Spike};
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    fn all(w: &Workload, horizon: f64) -> Vec<Micros> {
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        let mut a = Arrivals::new(w, horizon, &mut rng);
        std::iter::from_fn(|| a.advance(&mut rng)).collect()
    }

    #[test]
    fn advance_draws_what_source_next_draws() {
        // Natively `advance` draws a piecewise rate's next arrival itself, in wasm through
        // `Source::next`; the page's fingerprints need both to give the same arrivals from the
        // same random numbers: zero-rate segments, steps at one instant, steps and spikes past
        // the horizon, a spike at time zero and one crossing the horizon.
        let step = |at_s, rate_per_s| RateStep { at_s, rate_per_s };
        let spike = |at_s, duration_s, rate_per_s| Spike {
            at_s,
            duration_s,
            rate_per_s,
        };
        let piecewise = [
            Workload::Poisson { rate_per_s: 3.0 },
            Workload::Steps {
                steps: vec![
                    step(0.0, 0.0),
                    step(10.0, 5.0),
                    step(10.0, 40.0),
                    step(30.0, 0.0),
                    step(70.0, 2.0),
                    step(99.99, 500.0),
                    step(150.0, 9.0),
                ],
            },
            Workload::Spikes {
                base_rate_per_s: 0.5,
                spikes: vec![
                    spike(0.0, 5.0, 30.0),
                    spike(3.0, 4.0, 20.0),
                    spike(95.0, 50.0, 8.0),
                ],
            },
        ];
        for (k, w) in piecewise.iter().enumerate() {
            for horizon in [100.0, 99.995, 31.0] {
                let mut rng = Pcg64Mcg::seed_from_u64(11 + k as u64);
                let mut inline = Arrivals::new(w, horizon, &mut rng);
                let mut out_of_line = inline.clone();
                let mut rng_out = rng.clone();
                let mut arrivals = vec![];
                while let Some(t) = inline.advance(&mut rng) {
                    let Arrivals { source, next, .. } = &mut out_of_line;
                    assert_eq!(*next, Some(t), "{w:?}, horizon {horizon}");
                    *next = source.next(horizon, &mut rng_out);
                    arrivals.push(t);
                }
                assert_eq!(out_of_line.next, None, "{w:?}, horizon {horizon}");
                // The same random numbers were used.
                assert_eq!(
                    rng.next_u64(),
                    rng_out.next_u64(),
                    "{w:?}, horizon {horizon}"
                );
                assert!(arrivals.len() > 20, "{w:?}, horizon {horizon}");
                assert!(arrivals.iter().all(|t| t.as_secs_f64() < horizon));
            }
        }
    }

    #[test]
    fn mean_arrivals_integrate_each_rate_over_the_window() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.abs().max(1.0);
        let poisson = Workload::Poisson { rate_per_s: 2.0 };
        assert_eq!(mean_arrivals(&poisson, 100.0, 400.0), 600.0);
        let steps = Workload::Steps {
            steps: vec![
                RateStep {
                    at_s: 3_600.0,
                    rate_per_s: 0.0,
                },
                RateStep {
                    at_s: 0.0,
                    rate_per_s: 5.0,
                },
            ],
        };
        // 5/s for the first hour only, whatever the listing order.
        assert_eq!(mean_arrivals(&steps, 0.0, 3_600.0), 18_000.0);
        assert_eq!(mean_arrivals(&steps, 1_800.0, 7_200.0), 9_000.0);
        assert_eq!(mean_arrivals(&steps, 3_600.0, 7_200.0), 0.0);
        let spikes = Workload::Spikes {
            base_rate_per_s: 1.0,
            spikes: vec![Spike {
                at_s: 50.0,
                duration_s: 100.0,
                rate_per_s: 10.0,
            }],
        };
        assert_eq!(mean_arrivals(&spikes, 0.0, 100.0), 100.0 + 500.0);
        // A whole period of a sine holds mean × period; its rising half holds more.
        let diurnal = Workload::Diurnal {
            mean_rate_per_s: 3.0,
            amplitude: 0.5,
            period_s: 86_400.0,
            phase_s: 0.0,
        };
        assert!(close(
            mean_arrivals(&diurnal, 0.0, 86_400.0),
            3.0 * 86_400.0
        ));
        let half = 3.0 * 43_200.0 + 3.0 * 0.5 * 86_400.0 / TAU * 2.0;
        assert!(close(mean_arrivals(&diurnal, 0.0, 43_200.0), half));
        let trace = Workload::Trace {
            arrivals_ms: vec![-5.0, 0.0, 999.0, 1_000.0, 2_500.0],
        };
        assert_eq!(mean_arrivals(&trace, 0.0, 1.0), 2.0);
        assert_eq!(mean_arrivals(&trace, 1.0, 3.0), 2.0);
        let mix = Workload::Mix {
            parts: vec![poisson.clone(), trace],
        };
        assert_eq!(mean_arrivals(&mix, 0.0, 1.0), 2.0 + 2.0);
    }

    #[test]
    fn arrivals_by_slot_agree_with_each_window() {
        let arrivals_ms: Vec<f64> = (0..500).map(|i| f64::from(i) * 37.0).collect();
        let w = Workload::Mix {
            parts: vec![
                Workload::Trace { arrivals_ms },
                Workload::Diurnal {
                    mean_rate_per_s: 3.0,
                    amplitude: 0.5,
                    period_s: 7.0,
                    phase_s: 1.0,
                },
            ],
        };
        // 18.5 s in slots of 4 s: the last is 2.5 s.
        let slots = mean_arrivals_by_slot(&w, 4.0, 18.5);
        assert_eq!(slots.len(), 5);
        for (h, &n) in slots.iter().enumerate() {
            let start = h as f64 * 4.0;
            let want = mean_arrivals(&w, start, (start + 4.0).min(18.5));
            assert!((n - want).abs() < 1e-9, "{h}: {n} vs {want}");
        }
    }

    #[test]
    fn poisson_count_matches_rate() {
        let n = all(&Workload::Poisson { rate_per_s: 100.0 }, 100.0).len() as f64;
        // 10,000 expected, sd 100: within 4 sd.
        assert!((n - 10_000.0).abs() < 400.0, "{n}");
    }

    #[test]
    fn arrivals_are_sorted_and_inside_the_horizon() {
        let w = Workload::Mix {
            parts: vec![
                Workload::Poisson { rate_per_s: 5.0 },
                Workload::Trace {
                    arrivals_ms: vec![3_000.0, 1.0, 99_999.0, 100_000.0, -1.0],
                },
            ],
        };
        let a = all(&w, 100.0);
        assert!(a.windows(2).all(|p| p[0] <= p[1]));
        assert!(a.iter().all(|t| *t < Micros::from_secs(100)));
        assert!(a.contains(&Micros(1_000)) && a.contains(&Micros(99_999_000)));
    }

    #[test]
    fn steps_and_spikes_put_arrivals_where_the_rate_is() {
        let w = Workload::Steps {
            steps: vec![
                RateStep {
                    at_s: 10.0,
                    rate_per_s: 50.0,
                },
                RateStep {
                    at_s: 20.0,
                    rate_per_s: 0.0,
                },
            ],
        };
        let a = all(&w, 30.0);
        assert!(
            a.iter()
                .all(|t| *t >= Micros::from_secs(10) && *t < Micros::from_secs(20))
        );
        assert!((a.len() as f64 - 500.0).abs() < 100.0);

        let w = Workload::Spikes {
            base_rate_per_s: 0.0,
            spikes: vec![Spike {
                at_s: 5.0,
                duration_s: 1.0,
                rate_per_s: 1_000.0,
            }],
        };
        let a = all(&w, 30.0);
        assert!(
            a.iter()
                .all(|t| *t >= Micros::from_secs(5) && *t < Micros::from_secs(6))
        );
        assert!((a.len() as f64 - 1_000.0).abs() < 130.0);
        assert_eq!(expected_arrivals(&w, 30.0), 1_000.0);
    }

    #[test]
    fn every_diurnal_window_bounds_the_rate_over_all_of_it() {
        // Exactness rests on `floor ≤ λ(t) ≤ floor + excess` everywhere in a window; a bound
        // a few ulps short would bias the counts by far less than any statistical test sees,
        // so it is checked where it is tightest: at the window's ends and in between, over
        // consecutive windows of slow and fast cycles, no and full amplitude, large arguments.
        let mut rng = Pcg64Mcg::seed_from_u64(11);
        for (mean, amplitude, period, phase, first) in [
            (95.0, 0.8, 86_400.0, 21_600.0, 0.0),
            (50.0, 1.0, 0.5, 0.0, 0.0),
            (3.0, 0.3, 7.0, -1.0e6, 1.0e6),
            (20.0, 0.0, 100.0, 0.0, 0.0),
            (1.0e4, 1.0, 1.0e-6, 123.456, 0.0),
            (0.1, 0.5, 86_400.0, 1.0e9, 3.0e7),
        ] {
            let cycle = Cycle {
                mean,
                amplitude,
                period,
                phase,
            };
            let mut start = first;
            for _ in 0..20_000 {
                let w = DiurnalWindow::open(&cycle, start, &mut rng);
                assert!(w.end > start, "{period}: empty window at {start}");
                let top = w.floor_rate + w.excess_rate;
                let ts = (0..8)
                    .map(|k| start + (w.end - start) * f64::from(k) / 8.0)
                    .chain([w.end.next_down()]);
                for t in ts {
                    let rate = cycle.rate_at(t);
                    assert!(
                        w.floor_rate <= rate && rate <= top,
                        "period {period}, t {t}: {rate} outside [{}, {top}]",
                        w.floor_rate
                    );
                }
                start = w.end;
            }
        }
    }

    #[test]
    fn diurnal_windows_give_the_rate_of_the_cycle_in_every_slot() {
        // A day at the mixed bench's rate; fast cycles (a window per few arrivals, then one
        // per expected arrival); a large argument (many periods, a big phase); no amplitude;
        // the full amplitude (a floor of zero at the trough).
        for (mean, amplitude, period, phase, horizon, slot) in [
            (95.0, 0.8, 86_400.0, 21_600.0, 86_400.0, 3_600.0),
            (50.0, 1.0, 0.5, 0.0, 2_000.0, 0.125),
            (3.0, 0.3, 7.0, -1.0e6, 30_000.0, 1.75),
            (20.0, 0.0, 100.0, 0.0, 5_000.0, 250.0),
            (200.0, 1.0, 3_600.0, 1_800.0, 2_000.0, 100.0),
            (40.0, 0.9, 1.0e-6, 0.0, 500.0, 50.0),
        ] {
            let w = Workload::Diurnal {
                mean_rate_per_s: mean,
                amplitude,
                period_s: period,
                phase_s: phase,
            };
            let a = all(&w, horizon);
            assert!(
                a.windows(2).all(|p| p[0] <= p[1]),
                "period {period}: sorted"
            );
            assert!(a.last().is_some_and(|t| t.as_secs_f64() < horizon));
            // Counts per slot: Poisson with the integrated rate as mean. A slot spans whole
            // periods or a fraction of one, so the rate's shape is tested, not only its mean.
            let slots = (horizon / slot) as usize;
            let mut counts = vec![0.0; slots];
            for t in &a {
                counts[((t.as_secs_f64() / slot) as usize).min(slots - 1)] += 1.0;
            }
            let mut chi2 = 0.0;
            for (i, n) in counts.iter().enumerate() {
                let from = i as f64 * slot;
                let m = mean_arrivals(&w, from, from + slot);
                assert!(
                    (n - m).abs() < 5.0 * m.sqrt() + 1.0,
                    "period {period}, slot {i}: {n} arrivals, {m} expected"
                );
                chi2 += (n - m) * (n - m) / m.max(1.0);
            }
            // χ² over the slots: mean `slots`, sd √(2 slots).
            let k = slots as f64;
            assert!(
                chi2 < k + 5.0 * (2.0 * k).sqrt(),
                "period {period}: χ² {chi2} over {slots} slots"
            );
        }
    }

    #[test]
    fn diurnal_gaps_are_exponential_where_the_rate_is_flat() {
        // No amplitude: a Poisson process at the mean, whatever the windows. The gaps' mean
        // and the share above one mean gap (e⁻¹) tell an exponential from a regular spacing.
        let w = Workload::Diurnal {
            mean_rate_per_s: 100.0,
            amplitude: 0.0,
            period_s: 60.0,
            phase_s: 0.0,
        };
        let a = all(&w, 1_000.0);
        let gaps: Vec<f64> = (a.windows(2))
            .map(|p| (p[1].0 - p[0].0) as f64 / 1e6)
            .collect();
        let mean_gap = gaps.iter().sum::<f64>() / gaps.len() as f64;
        assert!((mean_gap - 0.01).abs() < 0.01 * 0.02, "{mean_gap}");
        let above = gaps.iter().filter(|&&g| g > 0.01).count() as f64 / gaps.len() as f64;
        assert!((above - (-1.0f64).exp()).abs() < 0.01, "{above}");
    }

    #[test]
    fn diurnal_follows_the_sine() {
        let w = Workload::Diurnal {
            mean_rate_per_s: 100.0,
            amplitude: 1.0,
            period_s: 100.0,
            phase_s: 0.0,
        };
        let a = all(&w, 100.0);
        let first_half = a.iter().filter(|t| **t < Micros::from_secs(50)).count() as f64;
        let second_half = a.len() as f64 - first_half;
        // ∫ over the positive half-cycle: 100·(50 + 100/π) ≈ 8,183; the other ≈ 1,817.
        assert!((first_half - 8_183.0).abs() < 400.0, "{first_half}");
        assert!((second_half - 1_817.0).abs() < 200.0, "{second_half}");
    }
}

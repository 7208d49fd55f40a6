//! A comparison over several seeds, shown: each key figure as "mean ± half-width" of its 95 %
//! interval ([`coldstart_core::compare::replication::Estimate`]), each variant's paired
//! difference to the first with whether it is within the noise, and the sentence the "Why they
//! differ" paragraphs end with ([`crate::explanation::Why::with_noise`]).

use crate::format;
use crate::table::{Row, Table};
use coldstart_core::compare::replication::{Estimate, Figure, Replicated};

/// How a figure is named and written.
struct FigureWords {
    /// Row label.
    label: &'static str,
    /// Noun phrase for sentences.
    noun: &'static str,
    /// Unit of the row.
    unit: &'static str,
}

fn words(f: Figure) -> FigureWords {
    let (label, noun, unit) = match f {
        Figure::ColdStartShare => (
            "Cold-start share",
            "the cold-start share",
            "% of invocations",
        ),
        Figure::AllP99Ms => ("Latency, all p99", "p99 of all requests", "ms"),
        Figure::AllP999Ms => ("Latency, all p99.9", "p99.9 of all requests", "ms"),
        Figure::ColdP99Ms => ("Latency, cold p99", "the cold starts' p99", "ms"),
        Figure::Throttles => ("Throttles", "throttles", "events"),
        Figure::CostUsd => ("Cost", "cost", "USD"),
    };
    FigureWords { label, noun, unit }
}

/// A value of `f` without its unit (shares in percent: `0.97`; money in dollars: `$0.0392`).
fn number(f: Figure, x: f64) -> String {
    match f {
        Figure::ColdStartShare => format::ms(x * 100.0, 1),
        Figure::CostUsd => format::usd(x),
        Figure::Throttles if x == 0.0 => "0".to_string(),
        _ => format::ms(x, 1),
    }
}

/// A signed value of `f`: `+0.28`, `−97`, `+$0.0020`; exactly zero is `0`.
fn signed(f: Figure, x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let sign = if x > 0.0 { "+" } else { "−" };
    format!("{sign}{}", number(f, x.abs()))
}

/// `mean ± half` (or the mean alone with one replication), with `value` writing each number.
fn plus_minus(e: &Estimate, value: impl Fn(f64) -> String) -> String {
    match e.half_width {
        // Every seed gave the same value: no spread to show.
        Some(0.0) => value(e.mean),
        Some(h) => format!("{} ± {}", value(e.mean), number_like(&value, h)),
        None => value(e.mean),
    }
}

/// The half-width written like the mean, without a sign (a signed writer's "+" dropped).
fn number_like(value: &impl Fn(f64) -> String, h: f64) -> String {
    value(h).trim_start_matches('+').to_string()
}

/// Whether a sentence states a variant's own figure or its difference to the first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    Value,
    Difference,
}

/// The unit of a sentence's value: ms, % (a share) or points (a difference of shares), events;
/// none for money (its `$` says it).
fn sentence_unit(f: Figure, reading: Reading) -> &'static str {
    match f {
        Figure::ColdStartShare if reading == Reading::Value => " %",
        Figure::ColdStartShare => " points",
        Figure::AllP99Ms | Figure::AllP999Ms | Figure::ColdP99Ms => " ms",
        Figure::Throttles => " throttles",
        Figure::CostUsd => "",
    }
}

/// The words for a paired difference's verdict.
fn verdict(d: &Estimate) -> &'static str {
    if d.mean == 0.0 && d.half_width == Some(0.0) {
        return "the same under every seed";
    }
    match d.beyond_noise() {
        Some(true) => "beyond the noise",
        Some(false) => "within the noise",
        None => "one seed: no interval",
    }
}

/// The replicated key figures: per variant "mean ± half-width" of the 95 % interval over the
/// seeds, and under each figure the paired difference to the first variant with its verdict.
/// "–" where some seed's sample cannot support the percentile.
pub fn table(r: &Replicated) -> Table {
    let mut rows = vec![Row {
        label: "Seeds".into(),
        unit: "replications",
        cells: r
            .variants
            .iter()
            .map(|_| {
                let first = r.seeds.first().copied().unwrap_or_default();
                let last = r.seeds.last().copied().unwrap_or_default();
                if r.seeds.len() > 1 {
                    format!("{first}–{last} ({})", r.replications)
                } else {
                    format!("{first} (1)")
                }
            })
            .collect(),
        nested: false,
    }];
    for f in Figure::ALL {
        let w = words(f);
        rows.push(Row {
            label: w.label.into(),
            unit: w.unit,
            cells: (r.variants.iter())
                .map(|v| {
                    v.of(f).map_or_else(
                        || format::NONE.to_string(),
                        |e| plus_minus(e, |x| number(f, x)),
                    )
                })
                .collect(),
            nested: false,
        });
        if r.variants.len() > 1 {
            rows.push(Row {
                label: "vs the first, paired".into(),
                unit: w.unit,
                cells: (r.differences.iter().enumerate())
                    .map(|(i, d)| match d.of(f) {
                        Some(e) if i > 0 => {
                            format!("{} ({})", plus_minus(e, |x| signed(f, x)), verdict(e))
                        }
                        _ => format::NONE.to_string(),
                    })
                    .collect(),
                nested: true,
            });
        }
    }
    Table {
        columns: r.variants.iter().map(|v| v.name.clone()).collect(),
        rows,
    }
}

/// One figure in a sentence: `the cold-start share (+0.28 ± 0.06 points)`.
fn phrase(f: Figure, e: &Estimate, reading: Reading, value: impl Fn(f64) -> String) -> String {
    format!(
        "{} ({}{})",
        words(f).noun,
        plus_minus(e, value),
        sentence_unit(f, reading)
    )
}

/// "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The sentence that ends variant `variant`'s paragraph: which of its paired differences to the
/// first hold across the seeds and which are within the noise (their 95 % interval contains
/// zero). For the first variant (explained on its own), its figures with their intervals.
/// `None` with a single replication (nothing to tell apart) or an unknown variant.
pub fn sentence(r: &Replicated, variant: usize) -> Option<String> {
    if r.replications < 2 {
        return None;
    }
    let seeds = format!("Across {} seeds", r.replications);
    if variant == 0 {
        let figures = r.variants.first()?;
        let parts: Vec<String> = (Figure::ALL.iter())
            .filter(|f| matches!(f, Figure::ColdStartShare | Figure::AllP99Ms))
            .filter_map(|&f| Some(phrase(f, figures.of(f)?, Reading::Value, |x| number(f, x))))
            .collect();
        return (!parts.is_empty()).then(|| format!("{seeds} (95 % intervals): {}.", list(&parts)));
    }
    let d = r.differences.get(variant)?;
    let (mut holds, mut noise) = (Vec::new(), Vec::new());
    for f in Figure::ALL {
        let Some(e) = d.of(f) else { continue };
        // A figure that is the same under every seed has no difference to qualify.
        if e.mean == 0.0 && e.half_width == Some(0.0) {
            continue;
        }
        let text = phrase(f, e, Reading::Difference, |x| signed(f, x));
        match e.beyond_noise() {
            Some(true) => holds.push(text),
            _ => noise.push(text),
        }
    }
    let head = format!("{seeds} (paired differences, 95 % intervals)");
    Some(match (holds.is_empty(), noise.is_empty()) {
        (true, true) => format!("{head}, none of these figures differs."),
        (false, true) => format!("{head}, every difference holds: {}.", list(&holds)),
        (true, false) => format!(
            "{head}, every difference is within the noise (its interval contains zero; more \
             seeds may tell them apart): {}.",
            list(&noise)
        ),
        (false, false) => format!(
            "{head}, the difference holds for {} but is within the noise (its interval \
             contains zero; more seeds may tell) for {}.",
            list(&holds),
            list(&noise)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use coldstart_core::compare::replication::{FigureEstimate, Figures};

    fn figures(name: &str, est: &[(Figure, f64, f64)]) -> Figures {
        Figures {
            name: name.into(),
            figures: est
                .iter()
                .map(|&(figure, mean, h)| FigureEstimate {
                    figure,
                    estimate: Some(Estimate {
                        mean,
                        half_width: Some(h),
                        replications: 8,
                    }),
                })
                .collect(),
        }
    }

    fn replicated() -> Replicated {
        Replicated {
            replications: 8,
            seeds: (7..15).collect(),
            variants: vec![
                figures("a", &[(Figure::ColdStartShare, 0.0097, 0.0006)]),
                figures("b", &[(Figure::ColdStartShare, 0.0125, 0.0006)]),
            ],
            differences: vec![
                figures("a", &[(Figure::ColdStartShare, 0.0, 0.0)]),
                figures(
                    "b",
                    &[
                        (Figure::ColdStartShare, 0.0028, 0.0006),
                        (Figure::ColdP99Ms, -96.9, 183.5),
                        (Figure::Throttles, 0.0, 0.0),
                    ],
                ),
            ],
        }
    }

    #[test]
    fn cells_show_mean_and_interval_and_the_verdict() {
        let t = table(&replicated());
        let cell = |label: &str, i: usize| {
            let row = t.rows.iter().find(|r| r.label == label).unwrap();
            row.cells[i].clone()
        };
        assert_eq!(cell("Seeds", 0), "7–14 (8)");
        assert_eq!(cell("Cold-start share", 1), "1.25 ± 0.06");
        let diffs: Vec<&Row> = (t.rows.iter())
            .filter(|r| r.label == "vs the first, paired")
            .collect();
        assert_eq!(diffs[0].cells, ["–", "+0.28 ± 0.06 (beyond the noise)"]);
        assert_eq!(diffs[3].cells[1], "−96.9 ± 184 (within the noise)");
        assert_eq!(diffs[4].cells[1], "0 (the same under every seed)");
    }

    #[test]
    fn sentence_separates_what_holds_from_the_noise() {
        assert_eq!(
            sentence(&replicated(), 1).unwrap(),
            "Across 8 seeds (paired differences, 95 % intervals), the difference holds for \
             the cold-start share (+0.28 ± 0.06 points) but is within the noise (its interval \
             contains zero; more seeds may tell) for the cold starts' p99 (−96.9 ± 184 ms)."
        );
        // The first variant's own share is a percentage, not a difference in points.
        let own = sentence(&replicated(), 0).unwrap();
        assert!(
            own.contains("the cold-start share (0.97 ± 0.06 %)"),
            "{own}"
        );
        assert!(!own.contains("points"), "{own}");
        let mut one = replicated();
        one.replications = 1;
        assert_eq!(sentence(&one, 1), None);
    }
}

//! The planners' answers as a reader sees them: one [`Table`] per planner (one row per simulated
//! candidate, marked where it is the answer) and a short recommendation in the page's own
//! explanation style, saying what to choose, what it costs and what the plan assumed. The CSV
//! files are [`crate::csv`]'s (`plan_provisioned`, `plan_schedule`, `plan_memory`,
//! `plan_packaging`).

use crate::format;
use crate::table::{Row, Table};
use coldstart_core::plan::Target;
use coldstart_core::plan::memory::{MemoryPlan, Speed};
use coldstart_core::plan::packaging::{Packaging, PackagingPlan};
use coldstart_core::plan::provisioned::ProvisionedPlan;
use coldstart_core::plan::schedule::{ScheduleCandidate, SchedulePlan};

/// A memory size as configured: `3,008 MB` (not rounded to GB: the sizes are exact settings).
fn memory_mb(mb: u32) -> String {
    format!("{} MB", format::count(mb.into()))
}

/// A value in ms, or "–".
fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| format::NONE.to_string(), |v| format::ms(v, 1))
}

/// A share as a percentage, or "–".
fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| format::NONE.to_string(), format::percent)
}

/// "yes" / "no".
fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// A target's metric value as a reader reads it.
fn metric(target: &Target, v: f64) -> String {
    match target {
        Target::ColdShare { .. } => format::percent(v),
        Target::P99Ms { .. } => format!("{} ms", format::ms(v, 1)),
    }
}

/// The target in words: "a cold-start share of at most 1.00 %".
pub fn target(t: &Target) -> String {
    match t {
        Target::ColdShare { max } => {
            format!("a cold-start share of at most {}", format::percent(*max))
        }
        Target::P99Ms { max } => format!(
            "a p99 latency (all requests, cold starts included) of at most {} ms",
            format::ms(*max, 1)
        ),
    }
}

/// Name of a target's metric, for a sentence.
fn metric_noun(t: &Target) -> &'static str {
    match t {
        Target::ColdShare { .. } => "the cold-start share",
        Target::P99Ms { .. } => "the p99 latency",
    }
}

/// One row per simulated provisioned count, ascending; the unit column marks the on-demand run,
/// the answer and the count below it.
pub fn provisioned(plan: &ProvisionedPlan) -> Table {
    let rows = plan
        .series
        .iter()
        .map(|c| {
            let mark = if Some(c.count) == plan.answer {
                "least meeting"
            } else if c.count == 0 {
                "on-demand"
            } else if plan.answer.is_some_and(|a| a > 0 && c.count == a - 1) {
                "one below"
            } else {
                ""
            };
            Row::new(
                format::count(c.count.into()),
                mark,
                vec![
                    format::percent(c.cold_share),
                    ms(c.p99_ms),
                    format::count(c.spillovers),
                    percent(c.utilization),
                    format::usd(c.monthly_usd),
                    yes(c.meets),
                ],
            )
        })
        .collect();
    Table {
        columns: [
            "cold starts",
            "p99 ms",
            "spill-overs",
            "busy",
            "per month",
            "meets",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// The provisioned-concurrency recommendation: the count, the month's cost against on-demand,
/// the utilization against the break-even, and any doubt about the search's assumption.
pub fn provisioned_answer(plan: &ProvisionedPlan) -> String {
    let t = &plan.target;
    let od = &plan.on_demand;
    let mut out = match (plan.answer, &plan.at_answer) {
        (Some(0), _) => format!(
            "On-demand alone meets {}: {} is {} ({} a month). Provisioned concurrency is not \
             needed for the target; it would lower the bill only if its environments stayed {}, \
             which this plan does not test.",
            target(t),
            metric_noun(t),
            metric(t, od.metric),
            format::usd(od.monthly_usd),
            plan.break_even.utilization.map_or_else(
                || "busy enough to beat on-demand, which never happens at these prices".to_string(),
                |u| format!("more than {} busy (the break-even)", format::percent(u))
            )
        ),
        (Some(n), Some(at)) => {
            let below = plan
                .below_answer
                .as_ref()
                .map(|b| format!(" With {}, it is {}.", n - 1, metric(t, b.metric)))
                .unwrap_or_default();
            let diff = at.monthly_usd - od.monthly_usd;
            let verdict = if diff > 0.0 {
                format!("{} more than", format::usd(diff))
            } else {
                format!("{} less than", format::usd(-diff))
            };
            format!(
                "{n} provisioned environments is the least constant count that meets {}: {} \
                 is {} with them, {} on-demand.{below} A 30-day month of this workload costs \
                 {} with them, {verdict} on-demand ({}).",
                target(t),
                metric_noun(t),
                metric(t, at.metric),
                metric(t, od.metric),
                format::usd(at.monthly_usd),
                format::usd(od.monthly_usd)
            )
        }
        _ => {
            let best = plan
                .series
                .iter()
                .min_by(|a, b| a.metric.total_cmp(&b.metric))
                .unwrap_or(od);
            let elsewhere = match t {
                Target::ColdShare { .. } => {
                    "the cold starts that remain come from environments being recycled (their \
                     lifetime, deploys) or from bursts past the provisioned ones, not from too few \
                     of them"
                }
                Target::P99Ms { .. } => "the time goes elsewhere (the handler, retries, limits)",
            };
            format!(
                "No constant count up to {} ({}× the on-demand peak concurrency of {}) meets {}: \
                 the best simulated, {} at {} provisioned, is not enough. More environments \
                 would sit idle; {elsewhere}.",
                format::count(plan.searched_up_to.into()),
                plan.searched_up_to / plan.on_demand_peak.max(1),
                format::count(plan.on_demand_peak.into()),
                target(t),
                metric(t, best.metric),
                format::count(best.count.into())
            )
        }
    };
    if let Some(at) = &plan.at_answer
        && let Some(u) = at.utilization
    {
        let be = plan.break_even.utilization.map_or_else(
            || "never pays off at these prices".to_string(),
            |b| format!("pays off above {} busy at these prices", format::percent(b)),
        );
        out.push_str(&format!(
            " Their capacity is busy {} of the time; on duration alone, provisioned \
             concurrency {be} (the monthly figures also count the billed init of the cold \
             starts it saves).",
            format::percent(u)
        ));
    }
    if !plan.not_monotone.is_empty() {
        let counts: Vec<String> = plan
            .not_monotone
            .iter()
            .map(|&n| format::count(n.into()))
            .collect();
        out.push_str(&format!(
            " Larger counts also missed the target ({}): here the metric does not fall steadily \
             with the count, so take the answer as approximate.",
            counts.join(", ")
        ));
    }
    out
}

/// A slot of the schedule as a reader names it, in hours from the start of the traffic (not a
/// clock time: an imported log starts at its first arrival): `+0 h`, `+27 h`.
fn hour(start_s: f64) -> String {
    format!("+{} h", (start_s / 3_600.0).round() as u64)
}

/// One row per hour: its expected rate, its expected busy environments (Little's law) and the
/// environments the answer (or, without one, the constant count) provisions in it.
pub fn schedule_hours(plan: &SchedulePlan) -> Table {
    let constant = plan.constant.answer.unwrap_or(0);
    let rows = (plan.slots.iter().enumerate())
        .map(|(i, slot)| {
            let counts = |c: Option<&ScheduleCandidate>| {
                c.map_or_else(|| format::NONE.to_string(), |c| c.counts[i].to_string())
            };
            Row::new(
                hour(slot.start_s),
                "",
                vec![
                    format::decimal(slot.rate_per_s),
                    format::decimal(slot.mean_busy),
                    counts(plan.below_answer.as_ref()),
                    counts(plan.answer.as_ref()),
                    format::count(constant.into()),
                ],
            )
        })
        .collect();
    Table {
        columns: ["req/s", "busy (Little)", "one below", "hourly", "constant"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

/// One row for on-demand, one for the least constant count, one per simulated schedule by
/// rung (its mean provisioned count), marked where it is the answer or the rung below.
pub fn schedule(plan: &SchedulePlan) -> Table {
    let od = &plan.constant.on_demand;
    let mut rows = vec![Row::new(
        "on-demand",
        "",
        vec![
            format::decimal(0.0),
            format::percent(od.cold_share),
            ms(od.p99_ms),
            format::count(od.spillovers),
            format::usd(od.monthly_usd),
            yes(od.meets),
        ],
    )];
    if let Some(c) = plan.constant.at_answer.as_ref().filter(|c| c.count > 0) {
        rows.push(Row::new(
            format!("constant {}", format::count(c.count.into())),
            "least constant",
            vec![
                format::decimal(f64::from(c.count)),
                format::percent(c.cold_share),
                ms(c.p99_ms),
                format::count(c.spillovers),
                format::usd(c.monthly_usd),
                yes(c.meets),
            ],
        ));
    }
    let answer = plan.answer.as_ref().map(|a| a.rung);
    for c in &plan.series {
        let mark = if Some(c.rung) == answer {
            "least meeting"
        } else if answer.is_some_and(|a| c.rung + 1 == a) {
            "one below"
        } else {
            ""
        };
        rows.push(Row::new(
            format!("hourly rung {}", c.rung),
            mark,
            vec![
                format::decimal(c.mean_count),
                format::percent(c.cold_share),
                ms(c.p99_ms),
                format::count(c.spillovers),
                format::usd(c.monthly_usd),
                yes(c.meets),
            ],
        ));
    }
    Table {
        columns: [
            "mean PC",
            "cold starts",
            "p99 ms",
            "spill-overs",
            "per month",
            "meets",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// Environments per hour in a sentence: every hour's count up to a day, else their range.
fn hourly_counts(counts: &[u32]) -> String {
    if counts.len() <= 24 {
        let each: Vec<String> = counts.iter().map(u32::to_string).collect();
        each.join(", ")
    } else {
        let lo = counts.iter().min().copied().unwrap_or(0);
        let hi = counts.iter().max().copied().unwrap_or(0);
        format!("from {lo} to {hi}")
    }
}

/// The hourly recommendation: the schedule, its month against the constant count and
/// on-demand, how it is timed, and what the plan assumed; the constant plan's own answer when
/// no schedule was searched.
pub fn schedule_answer(plan: &SchedulePlan) -> String {
    let t = &plan.target;
    let constant = &plan.constant;
    let Some(a) = &plan.answer else {
        let why = match constant.answer {
            Some(0) | None => String::new(),
            Some(n) if plan.rungs == 0 => format!(
                " No hour has traffic by the workload's expected rate, so there is nothing to \
                 schedule: keep the constant {n}."
            ),
            Some(n) => format!(
                " No hourly schedule up to {n} in every hour with traffic meets it (the hours \
                 without expected traffic lose their environments): keep the constant {n}."
            ),
        };
        return format!("{}{why}", provisioned_answer(constant));
    };
    let od = &constant.on_demand;
    let mut out = format!(
        "An hourly schedule meets {}: {} provisioned environments per hour ({} on average), {} its \
         hour so that the new environments are ready for its traffic (an assumed lead: check \
         that the alias's provisioned concurrency is READY in time). {} is {} with it.",
        target(t),
        hourly_counts(&a.counts),
        format::decimal(a.mean_count),
        lead(plan.lead_s),
        format::capitalised(metric_noun(t)),
        metric(t, a.metric),
    );
    if let Some(b) = &plan.below_answer {
        out.push_str(&format!(
            " One step lower ({}), it is {}.",
            hourly_counts(&b.counts),
            metric(t, b.metric)
        ));
    }
    let vs = |other: f64| {
        let diff = a.monthly_usd - other;
        if diff > 0.0 {
            format!("{} more than", format::usd(diff))
        } else {
            format!("{} less than", format::usd(-diff))
        }
    };
    out.push_str(&format!(
        " A 30-day month of this workload costs {} with it: ",
        format::usd(a.monthly_usd)
    ));
    if let Some(c) = constant.at_answer.as_ref().filter(|c| c.count > 0) {
        out.push_str(&format!(
            "{} the least constant count, {} ({}), and ",
            vs(c.monthly_usd),
            c.count,
            format::usd(c.monthly_usd)
        ));
    }
    out.push_str(&format!(
        "{} on-demand ({}).",
        vs(od.monthly_usd),
        format::usd(od.monthly_usd)
    ));
    out.push_str(&format!(
        " Hours are sized by Little's law (expected rate × mean handler duration of {} ms) plus \
         a common safety margin; the target holds over the whole run, so a quiet hour may see \
         more cold starts than a busy one.",
        format::ms(plan.mean_handler_ms, 1)
    ));
    if !plan.not_monotone.is_empty() {
        out.push_str(
            " Some larger schedules also missed the target: take the answer as approximate.",
        );
    }
    out
}

/// "made 5 minutes before", for the schedule's lead.
fn lead(lead_s: f64) -> String {
    if lead_s <= 0.0 {
        "each increase made at".to_string()
    } else if lead_s % 60.0 == 0.0 {
        format!("each increase made {} minutes before", lead_s / 60.0)
    } else {
        format!("each increase made {lead_s} s before")
    }
}

/// One row per memory size; the unit column marks the cheapest, the fastest and the cheapest
/// meeting the target.
pub fn memory(plan: &MemoryPlan) -> Table {
    let rows = plan
        .points
        .iter()
        .map(|p| {
            let m = Some(p.memory_mb);
            let mark = match (m == plan.cheapest_mb, m == plan.fastest_mb) {
                (true, true) => "cheapest, fastest",
                (true, false) => "cheapest",
                (false, true) => "fastest",
                _ if m == plan.cheapest_meeting_mb => "cheapest meeting",
                _ => "",
            };
            Row::new(
                memory_mb(p.memory_mb),
                mark,
                vec![
                    p.cost_per_million_usd
                        .map_or_else(|| format::NONE.to_string(), format::usd),
                    ms(p.warm_p50_ms),
                    ms(p.cold_p99_ms),
                    ms(p.all_p99_ms),
                    format::percent(p.cold_share),
                    p.meets.map_or_else(|| format::NONE.to_string(), yes),
                ],
            )
        })
        .collect();
    Table {
        columns: [
            "per million",
            "warm p50 ms",
            "cold p99 ms",
            "all p99 ms",
            "cold starts",
            "meets",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// The memory recommendation: the cheapest, the fastest, the cheapest meeting the target, and
/// the handler's assumed CPU share.
pub fn memory_answer(plan: &MemoryPlan) -> String {
    let point = |m: Option<u32>| m.and_then(|m| plan.points.iter().find(|p| p.memory_mb == m));
    let mut parts = Vec::new();
    if let Some(p) = point(plan.cheapest_mb) {
        parts.push(format!(
            "Cheapest: {} at {} per million requests.",
            memory_mb(p.memory_mb),
            p.cost_per_million_usd
                .map_or_else(|| format::NONE.to_string(), format::usd)
        ));
    }
    if let Some(p) = point(plan.fastest_mb) {
        let (by, v) = match plan.fastest_by {
            Speed::AllP99 => ("p99 of all requests, cold starts included", p.all_p99_ms),
            Speed::AllMean => (
                "mean of all requests; too few for a p99",
                Some(p.all_mean_ms),
            ),
        };
        parts.push(format!(
            "Fastest ({by}): {} at {} ms.",
            memory_mb(p.memory_mb),
            ms(v)
        ));
    }
    if let Some(t) = &plan.config.target {
        parts.push(match point(plan.cheapest_meeting_mb) {
            Some(p) => format!(
                "The cheapest size meeting {} is {} ({} per million).",
                target(t),
                memory_mb(p.memory_mb),
                p.cost_per_million_usd
                    .map_or_else(|| format::NONE.to_string(), format::usd)
            ),
            None => format!("No simulated size meets {}.", target(t)),
        });
    }
    parts.push(if plan.config.handler_cpu_bound > 0.0 {
        format!(
            "Only the sizes listed were simulated; the handler was taken as {} CPU-bound, so it \
             runs faster with memory up to one vCPU (1,769 MB).",
            format::percent(plan.config.handler_cpu_bound)
        )
    } else {
        "Only the sizes listed were simulated; the handler was taken as not CPU-bound, so its \
         time is the same at every size (init still follows memory)."
            .to_string()
    });
    parts.join(" ")
}

/// The packaging's name in a table or a sentence.
pub fn packaging_label(p: Packaging) -> &'static str {
    match p {
        Packaging::Zip => "zip",
        Packaging::Image => "container image",
        Packaging::Snapstart => "zip with SnapStart",
    }
}

/// One row per packaging; a packaging that cannot exist shows why in its first cell.
pub fn packaging(plan: &PackagingPlan) -> Table {
    let rows = plan
        .options
        .iter()
        .map(|o| {
            let mark = if Some(o.packaging) == plan.cheapest_meeting {
                "cheapest meeting"
            } else {
                ""
            };
            let cells = match (&o.result, &o.refused) {
                (Some(r), _) => vec![
                    format::percent(r.cold_share),
                    ms(r.cold_p50_ms),
                    ms(r.all_p99_ms),
                    format::usd(r.monthly_usd),
                    yes(r.meets),
                ],
                (None, _) => {
                    let mut cells = vec![format::NONE.to_string(); 4];
                    cells.push("not possible".to_string());
                    cells
                }
            };
            Row::new(packaging_label(o.packaging).to_string(), mark, cells)
        })
        .collect();
    Table {
        columns: [
            "cold starts",
            "cold p50 ms",
            "all p99 ms",
            "per month",
            "meets",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// A code size: whole megabytes as such (`50 MB`), others with their decimals (`5.30 MB`).
fn code_mb(mb: f64) -> String {
    if mb.fract() == 0.0 && mb >= 1.0 {
        format!("{} MB", format::count(mb as u64))
    } else {
        format!("{} MB", format::decimal(mb))
    }
}

/// The packaging recommendation, then why each packaging that cannot exist cannot.
pub fn packaging_answer(plan: &PackagingPlan) -> String {
    let mut out = packaging_choice(plan);
    if let Some(c) = &plan.crossover {
        let this = c
            .this_mb
            .map(|mb| format!("; this function's is {}", code_mb(mb)))
            .unwrap_or_default();
        out.push_str(&match (c.image_from_mb, c.at_zip_limit) {
            (Some(mb), false) => format!(
                " On the size sweep (init cost alone, at the median), the same code as an image \
                 starts at least as fast as the zip from about {} of code{this}.",
                code_mb(mb)
            ),
            (Some(mb), true) => format!(
                " On the size sweep (init cost alone, at the median), the zip starts faster at \
                 every size it can have; from {} of code only an image can hold it{this}.",
                code_mb(mb)
            ),
            (None, _) => format!(
                " On the size sweep (init cost alone, at the median), the zip starts faster at \
                 every swept size{this}."
            ),
        });
    }
    for o in &plan.options {
        if let Some(why) = &o.refused {
            let instead = if why.contains("provisioned concurrency") {
                " Remove the provisioned concurrency to compare it."
            } else {
                ""
            };
            out.push_str(&format!(
                " A {} is not possible: {why}.{instead}",
                packaging_label(o.packaging)
            ));
        }
    }
    out
}

fn packaging_choice(plan: &PackagingPlan) -> String {
    let t = &plan.target;
    let result = |p: Packaging| {
        plan.options
            .iter()
            .find(|o| o.packaging == p)
            .and_then(|o| o.result.as_ref())
    };
    match plan
        .cheapest_meeting
        .and_then(|p| result(p).map(|r| (p, r)))
    {
        Some((p, r)) => format!(
            "A {} is the cheapest packaging that meets {}: {} is {}, and a 30-day month of \
             this workload costs {}.",
            packaging_label(p),
            target(t),
            metric_noun(t),
            metric(t, r.metric),
            format::usd(r.monthly_usd)
        ),
        None => match plan.best_metric.and_then(|p| result(p).map(|r| (p, r))) {
            Some((p, r)) => format!(
                "No packaging meets {}; the closest is a {}, with {} at {}.",
                target(t),
                packaging_label(p),
                metric_noun(t),
                metric(t, r.metric)
            ),
            None => "No packaging could be simulated.".to_string(),
        },
    }
}

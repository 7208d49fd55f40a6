//! Checks every field of a [`Scenario`] against its documented range (docs/scenario-schema.md)
//! and refuses, up front, runs bigger than the run budget.
//!
//! Every number must be finite; durations, rates, sizes and prices must not be negative; each has
//! an upper bound, either an AWS limit (cited) or an engine bound from `defaults` that keeps a run
//! within memory and time. Errors name the field path, the value and the rule.

use crate::defaults as d;
use crate::error::ScenarioError;
use crate::scenario::fields as F;
use crate::scenario::{Invocation, Scaling, Scenario, Workload};
use crate::workload;

type Check = Result<(), ScenarioError>;

/// Validates a scenario: field ranges (each against its row of the field table,
/// [`crate::scenario::fields`]), cross-field rules, packaging (via
/// [`crate::initcost::validate_packaging`]) and the run budget.
pub fn validate(s: &Scenario) -> Check {
    if s.name.chars().count() > d::MAX_NAME_CHARS {
        return Err(ScenarioError::invalid(
            "name",
            format!("{} characters", s.name.chars().count()),
            format!("at most {} characters", d::MAX_NAME_CHARS),
        ));
    }
    F::SEED.check_whole(s.seed)?;
    F::DURATION_S.check(s.duration_s)?;
    validate_workload("workload", &s.workload, s.duration_s, true)?;
    validate_function(s)?;
    validate_platform(s)?;
    validate_provisioned(s)?;
    validate_invocation(&s.invocation)?;
    validate_prices(s)?;
    validate_output(s)?;
    validate_deploys(s)?;
    validate_proactive(s)?;
    crate::initcost::validate_packaging(s)?;
    budget(s)
}

fn count(path: &str, len: usize, min: usize, max: usize) -> Check {
    if len < min || len > max {
        return Err(ScenarioError::invalid(
            path,
            format!("{len} items"),
            format!("must have between {min} and {max} items"),
        ));
    }
    Ok(())
}

/// The concrete path of an item's field: `workload.spikes[2].at_s` for the row
/// `workload.spikes[].at_s` under the prefix `workload` (or a mix part's).
fn item(prefix: &str, list: &str, i: usize, key: &str) -> String {
    format!("{prefix}.{list}[{i}].{key}")
}

fn validate_workload(path: &str, w: &Workload, duration: f64, top: bool) -> Check {
    let at = |key: &str| format!("{path}.{key}");
    match w {
        Workload::Poisson { rate_per_s } => F::RATE_PER_S.check_at(&at("rate_per_s"), *rate_per_s),
        Workload::Steps { steps } => {
            count(&at("steps"), steps.len(), 1, d::MAX_ITEMS)?;
            let mut last = 0.0;
            for (i, s) in steps.iter().enumerate() {
                F::STEP_AT_S.check_at(&item(path, "steps", i, "at_s"), s.at_s)?;
                F::STEP_RATE_PER_S.check_at(&item(path, "steps", i, "rate_per_s"), s.rate_per_s)?;
                if s.at_s < last {
                    return Err(ScenarioError::invalid(
                        item(path, "steps", i, "at_s"),
                        s.at_s,
                        format!("steps must be in increasing at_s (previous {last})"),
                    ));
                }
                last = s.at_s;
            }
            Ok(())
        }
        Workload::Spikes {
            base_rate_per_s,
            spikes,
        } => {
            F::BASE_RATE_PER_S.check_at(&at("base_rate_per_s"), *base_rate_per_s)?;
            count(&at("spikes"), spikes.len(), 0, d::MAX_ITEMS)?;
            for (i, s) in spikes.iter().enumerate() {
                F::SPIKE_AT_S.check_at(&item(path, "spikes", i, "at_s"), s.at_s)?;
                F::SPIKE_DURATION_S
                    .check_at(&item(path, "spikes", i, "duration_s"), s.duration_s)?;
                F::SPIKE_RATE_PER_S
                    .check_at(&item(path, "spikes", i, "rate_per_s"), s.rate_per_s)?;
            }
            let peak = workload::peak_rate(w);
            if peak > d::MAX_RATE_PER_S {
                return Err(ScenarioError::invalid(
                    path,
                    format!("peak rate {peak}/s"),
                    format!(
                        "base plus overlapping spikes must stay at most {}/s",
                        d::MAX_RATE_PER_S
                    ),
                ));
            }
            Ok(())
        }
        Workload::Diurnal {
            mean_rate_per_s,
            amplitude,
            period_s,
            phase_s,
        } => {
            F::MEAN_RATE_PER_S.check_at(&at("mean_rate_per_s"), *mean_rate_per_s)?;
            F::AMPLITUDE.check_at(&at("amplitude"), *amplitude)?;
            F::PERIOD_S.check_at(&at("period_s"), *period_s)?;
            F::PHASE_S.check_at(&at("phase_s"), *phase_s)
        }
        Workload::Trace { arrivals_ms } => {
            count(&at("arrivals_ms"), arrivals_ms.len(), 0, d::MAX_LIST_LEN)?;
            let end_ms = duration * 1_000.0;
            for (i, v) in arrivals_ms.iter().enumerate() {
                // The path is written only for a value that fails: an imported day is
                // millions of arrivals, and a string each was a fifth of its import.
                if F::ARRIVAL_MS.check_at("", *v).is_ok() && *v < end_ms {
                    continue;
                }
                let at = format!("{path}.arrivals_ms[{i}]");
                F::ARRIVAL_MS.check_at(&at, *v)?;
                // The run's window is [0, duration_s): an arrival at its very end would never
                // be simulated, so it is refused rather than dropped without a word.
                if *v >= end_ms {
                    return Err(ScenarioError::invalid(
                        at,
                        v,
                        format!(
                            "must be before the end of the run (duration_s × 1,000 = {end_ms} ms)"
                        ),
                    ));
                }
            }
            Ok(())
        }
        Workload::Mix { parts } => {
            if !top {
                return Err(ScenarioError::invalid(
                    path,
                    "mix",
                    "a mix part may not itself be a mix",
                ));
            }
            count(&at("parts"), parts.len(), 1, d::MAX_ITEMS)?;
            for (i, p) in parts.iter().enumerate() {
                validate_workload(&format!("{path}.parts[{i}]"), p, duration, false)?;
            }
            Ok(())
        }
    }
}

fn validate_function(s: &Scenario) -> Check {
    let f = &s.function;
    F::MEMORY_MB.check_whole(f.memory_mb)?;
    F::TIMEOUT_S.check(f.timeout_s)?;
    F::HANDLER_MS.check_dist(&f.handler_ms)?;
    F::INIT_MS.check_dist(&f.init_ms)?;
    F::INIT_CPU_BOUND.check(f.init_cpu_bound)?;
    F::ERROR_RATE.check(f.error_rate)?;
    if let crate::scenario::Warmup::Curve {
        first_factor,
        decay_invocations,
    } = f.warmup
    {
        F::WARMUP_FIRST_FACTOR.check(first_factor)?;
        F::WARMUP_DECAY_INVOCATIONS.check(decay_invocations)?;
    }
    Ok(())
}

fn validate_platform(s: &Scenario) -> Check {
    let p = &s.platform;
    if let Some(a) = p.account_concurrency {
        F::ACCOUNT_CONCURRENCY.check_whole(a)?;
    }
    if let Some(r) = p.reserved_concurrency {
        F::RESERVED_CONCURRENCY.check_whole(r)?;
        if let Some(a) = p.account_concurrency {
            let most = a.saturating_sub(d::UNRESERVED_MINIMUM);
            if r > most {
                return Err(ScenarioError::invalid(
                    "platform.reserved_concurrency",
                    r,
                    format!(
                        "at most the account concurrency minus {} = {most} (AWS keeps {} for \
                         unreserved functions; Lambda quotas)",
                        d::UNRESERVED_MINIMUM,
                        d::UNRESERVED_MINIMUM
                    ),
                ));
            }
        }
    }
    match p.scaling {
        Scaling::Standard {
            envs_per_window,
            window_s,
        } => {
            F::SCALING_ENVS_PER_WINDOW.check_whole(envs_per_window)?;
            F::SCALING_WINDOW_S.check(window_s)?;
        }
        Scaling::Legacy {
            initial_burst,
            per_minute,
        } => {
            F::SCALING_INITIAL_BURST.check_whole(initial_burst)?;
            F::SCALING_PER_MINUTE.check_whole(per_minute)?;
        }
        Scaling::Unlimited => {}
    }
    if let Some(k) = &p.keep_alive_s {
        F::KEEP_ALIVE_S.check_dist(k)?;
    }
    if let Some(l) = &p.max_lifetime_s {
        F::MAX_LIFETIME_S.check_dist(l)?;
    }
    F::MICROVM_MS.check_dist(&p.microvm_ms)?;
    if let Some(l) = p.init_limit_s {
        F::INIT_LIMIT_S.check(l)?;
    }
    if let crate::scenario::InvocationRate::Fixed { per_s } = p.invocation_rate {
        F::INVOCATION_RATE_PER_S.check_whole(per_s)?;
    }
    Ok(())
}

fn validate_provisioned(s: &Scenario) -> Check {
    let Some(pc) = &s.provisioned else {
        return Ok(());
    };
    F::PROVISIONED_COUNT.check_whole(pc.count)?;
    count("provisioned.schedule", pc.schedule.len(), 0, d::MAX_ITEMS)?;
    for (i, c) in pc.schedule.iter().enumerate() {
        F::SCHEDULE_AT_S.check_at(&format!("provisioned.schedule[{i}].at_s"), c.at_s)?;
        F::SCHEDULE_COUNT.check_whole_at(&format!("provisioned.schedule[{i}].count"), c.count)?;
    }
    // The cap depends on the platform: a rule of its own beside the table's range.
    let cap = crate::scaling::ConcurrencyCap::from_platform(&s.platform)
        .limit
        .unwrap_or(d::MAX_CONCURRENCY)
        .min(d::MAX_CONCURRENCY);
    let over = |path: String, n: u32| {
        Err(ScenarioError::invalid(
            path,
            n,
            format!(
                "at most {cap}: provisioned concurrency cannot exceed the reserved or account \
                 concurrency"
            ),
        ))
    };
    if pc.count > cap {
        return over("provisioned.count".to_string(), pc.count);
    }
    for (i, c) in pc.schedule.iter().enumerate() {
        if c.count > cap {
            return over(format!("provisioned.schedule[{i}].count"), c.count);
        }
    }
    Ok(())
}

fn validate_proactive(s: &Scenario) -> Check {
    match &s.platform.proactive_init {
        Some(p) => F::PROACTIVE_SHARE.check(p.share),
        None => Ok(()),
    }
}

fn validate_deploys(s: &Scenario) -> Check {
    count("deploys", s.deploys.len(), 0, d::MAX_ITEMS)?;
    for (i, dep) in s.deploys.iter().enumerate() {
        F::DEPLOY_AT_S.check_at(&format!("deploys[{i}].at_s"), dep.at_s)?;
        F::DEPLOY_CHANGED_FRACTION.check_at(
            &format!("deploys[{i}].image_changed_fraction"),
            dep.image_changed_fraction,
        )?;
    }
    Ok(())
}

fn validate_invocation(inv: &Invocation) -> Check {
    match *inv {
        Invocation::Sync => Ok(()),
        Invocation::Async {
            max_retries,
            max_event_age_s,
        } => {
            F::MAX_RETRIES.check_whole(max_retries)?;
            F::MAX_EVENT_AGE_S.check(max_event_age_s)
        }
        Invocation::Stream {
            shards,
            batch_size,
            batching_window_s,
            parallelization_factor,
        } => {
            F::SHARDS.check_whole(shards)?;
            F::BATCH_SIZE.check_whole(batch_size)?;
            F::BATCHING_WINDOW_S.check(batching_window_s)?;
            F::PARALLELIZATION_FACTOR.check_whole(parallelization_factor)
        }
    }
}

fn validate_prices(s: &Scenario) -> Check {
    let p = &s.prices;
    for (spec, v) in [
        (&F::PRICE_PER_REQUEST, p.per_request_usd),
        (&F::PRICE_GB_S_X86, p.gb_s_x86_usd),
        (&F::PRICE_GB_S_ARM, p.gb_s_arm_usd),
        (&F::PRICE_PC_GB_S_X86, p.pc_gb_s_x86_usd),
        (&F::PRICE_PC_GB_S_ARM, p.pc_gb_s_arm_usd),
        (&F::PRICE_PC_DURATION_X86, p.pc_duration_gb_s_x86_usd),
        (&F::PRICE_PC_DURATION_ARM, p.pc_duration_gb_s_arm_usd),
        (&F::PRICE_SNAPSTART_CACHE, p.snapstart_cache_gb_s_usd),
        (&F::PRICE_SNAPSTART_RESTORE, p.snapstart_restore_gb_usd),
    ] {
        spec.check(v)?;
    }
    Ok(())
}

fn validate_output(s: &Scenario) -> Check {
    let o = &s.output;
    F::REQUEST_SAMPLE.check_whole(o.request_sample)?;
    F::ENVIRONMENT_LANES.check_whole(o.environment_lanes)?;
    F::BUCKET_S.check(o.bucket_s)?;
    let buckets = s.duration_s / o.bucket_s;
    if buckets > d::MAX_BUCKETS {
        return Err(ScenarioError::invalid(
            "output.bucket_s",
            o.bucket_s,
            format!(
                "duration_s / bucket_s must be at most {} buckets; use at least {} s",
                d::MAX_BUCKETS,
                s.duration_s / d::MAX_BUCKETS
            ),
        ));
    }
    Ok(())
}

/// Events one recycling of a provisioned environment costs: its lifetime check and its
/// replacement's init-done.
const RECYCLE_EVENTS: f64 = 2.0;

/// Expected work of a run, for the budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Expected arrivals.
    pub arrivals: f64,
    /// Expected events.
    pub events: f64,
    /// Expected environments alive at once.
    pub environments: f64,
}

/// Estimates the work of a (field-valid) scenario.
pub fn estimate(s: &Scenario) -> Estimate {
    let arrivals = workload::expected_arrivals(&s.workload, s.duration_s);
    // A function that can never run (a cap of 0) retries every async event until its maximum
    // age and keeps every stream shard polling until its records expire.
    let stopped = crate::scaling::ConcurrencyCap::from_platform(&s.platform).limit == Some(0);
    let (per_arrival, extra) = match s.invocation {
        // Arrival, init-done, completion, idle check.
        Invocation::Sync => (4.0, 0.0),
        Invocation::Async {
            max_retries,
            max_event_age_s,
        } => {
            let throttle_retries = if stopped {
                (max_event_age_s / d::ASYNC_BACKOFF_MAX_S).ceil()
                    + (d::ASYNC_BACKOFF_MAX_S / d::ASYNC_BACKOFF_MIN_S)
                        .log2()
                        .ceil()
            } else {
                0.0
            };
            (4.0 * f64::from(1 + max_retries) + throttle_retries, 0.0)
        }
        Invocation::Stream { shards, .. } => {
            let polling_s = if stopped || s.function.error_rate > 0.0 {
                s.duration_s + d::STREAM_RECORD_RETENTION_S
            } else {
                s.duration_s
            };
            (
                3.0,
                f64::from(shards) * polling_s / d::STREAM_POLL_INTERVAL_S,
            )
        }
    };
    let service_s = (s
        .function
        .handler_ms
        .mean()
        .min(s.function.timeout_s * 1_000.0)
        + s.function.init_ms.mean()
        + s.platform.microvm_ms.mean())
        / 1_000.0;
    let provisioned = s.provisioned.as_ref().map_or(0.0, |p| {
        p.schedule
            .iter()
            .map(|c| c.count)
            .fold(p.count, u32::max)
            .into()
    });
    // Provisioned environments are recycled at their lifetime whether or not traffic comes:
    // each recycling is a lifetime check and a replacement's init-done. A lifetime of zero
    // would recycle without end, so it is an unbounded run, refused below.
    let recycling = match &s.platform.max_lifetime_s {
        Some(l) if provisioned > 0.0 => {
            RECYCLE_EVENTS * provisioned * s.duration_s / l.mean().max(f64::MIN_POSITIVE)
        }
        _ => 0.0,
    };
    let by_rate = workload::peak_rate(&s.workload) * service_s;
    let environments = match crate::scaling::ConcurrencyCap::from_platform(&s.platform).limit {
        Some(l) => by_rate.min(f64::from(l)),
        None => by_rate,
    } + provisioned;
    Estimate {
        arrivals,
        events: arrivals * per_arrival + extra + recycling,
        environments,
    }
}

fn budget(s: &Scenario) -> Check {
    let e = estimate(s);
    let too_big = |what: &str, n: f64, limit: f64, change: &str| {
        Err(ScenarioError::TooBig {
            message: format!(
                "about {} {what} expected, more than the limit of {}; {change}",
                crate::error::human_count(n),
                crate::error::human_count(limit)
            ),
        })
    };
    if e.arrivals > d::BUDGET_MAX_ARRIVALS {
        return too_big(
            "arrivals",
            e.arrivals,
            d::BUDGET_MAX_ARRIVALS,
            "lower the workload's rate or duration_s",
        );
    }
    if e.events > d::BUDGET_MAX_EVENTS {
        return too_big(
            "events",
            e.events,
            d::BUDGET_MAX_EVENTS,
            "lower the rate, duration_s, retries or stream shards, or raise \
             platform.max_lifetime_s if provisioned environments recycle too often",
        );
    }
    if e.environments > d::BUDGET_MAX_ENVIRONMENTS {
        return too_big(
            "concurrent environments",
            e.environments,
            d::BUDGET_MAX_ENVIRONMENTS,
            "set platform.account_concurrency, or lower the rate or handler duration",
        );
    }
    Ok(())
}

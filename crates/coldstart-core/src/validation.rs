//! Checks every field of a [`Scenario`] against its documented range (docs/scenario-schema.md)
//! and refuses, up front, runs bigger than the run budget.
//!
//! Every number must be finite; durations, rates, sizes and prices must not be negative; each has
//! an upper bound, either an AWS limit (cited) or an engine bound from `defaults` that keeps a run
//! within memory and time. Errors name the field path, the value and the rule.

use crate::defaults as d;
use crate::dist::Dist;
use crate::error::ScenarioError;
use crate::scenario::{Invocation, Scaling, Scenario, Workload};
use crate::workload;

type Check = Result<(), ScenarioError>;

/// Validates a scenario: field ranges, cross-field rules, packaging (via
/// [`crate::initcost::validate_packaging`]) and the run budget.
pub fn validate(s: &Scenario) -> Check {
    if s.name.chars().count() > d::MAX_NAME_CHARS {
        return Err(ScenarioError::invalid(
            "name",
            format!("{} characters", s.name.chars().count()),
            format!("at most {} characters", d::MAX_NAME_CHARS),
        ));
    }
    if s.seed > d::MAX_SEED {
        return Err(ScenarioError::invalid(
            "seed",
            s.seed,
            "at most 2^53 (9007199254740992) so it survives JavaScript numbers",
        ));
    }
    range("duration_s", s.duration_s, 0.0, d::MAX_DURATION_S)?;
    if s.duration_s == 0.0 {
        return Err(ScenarioError::invalid(
            "duration_s",
            0,
            "must be greater than 0",
        ));
    }
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

fn range(path: &str, v: f64, min: f64, max: f64) -> Check {
    if !v.is_finite() {
        return Err(ScenarioError::invalid(path, v, "must be a finite number"));
    }
    if v < min || v > max {
        return Err(ScenarioError::invalid(
            path,
            v,
            format!("must be between {min} and {max}"),
        ));
    }
    Ok(())
}

fn range_u32(path: &str, v: u32, min: u32, max: u32, source: &str) -> Check {
    if v < min || v > max {
        return Err(ScenarioError::invalid(
            path,
            v,
            format!("must be between {min} and {max}{source}"),
        ));
    }
    Ok(())
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

/// Checks a distribution whose values are in a unit where `max` is the largest sensible mean.
pub fn validate_dist(path: &str, dist: &Dist, max: f64) -> Check {
    match dist {
        Dist::Constant { value } => range(&format!("{path}.value"), *value, 0.0, max),
        Dist::Exponential { mean } => range(&format!("{path}.mean"), *mean, 0.0, max),
        Dist::Normal { mean, std_dev } => {
            range(&format!("{path}.mean"), *mean, 0.0, max)?;
            range(&format!("{path}.std_dev"), *std_dev, 0.0, max)
        }
        Dist::LogNormal {
            median,
            p99_over_p50,
        } => {
            range(&format!("{path}.median"), *median, 0.0, max)?;
            range(
                &format!("{path}.p99_over_p50"),
                *p99_over_p50,
                1.0,
                d::MAX_P99_OVER_P50,
            )
        }
        Dist::Uniform { min, max: hi } => {
            range(&format!("{path}.min"), *min, 0.0, max)?;
            range(&format!("{path}.max"), *hi, 0.0, max)?;
            if hi < min {
                return Err(ScenarioError::invalid(
                    format!("{path}.max"),
                    hi,
                    format!("must be at least min ({min})"),
                ));
            }
            Ok(())
        }
        Dist::Empirical { samples } => {
            count(
                &format!("{path}.samples"),
                samples.len(),
                1,
                d::MAX_LIST_LEN,
            )?;
            for (i, v) in samples.iter().enumerate() {
                range(&format!("{path}.samples[{i}]"), *v, 0.0, max)?;
            }
            Ok(())
        }
    }
}

fn validate_workload(path: &str, w: &Workload, duration: f64, top: bool) -> Check {
    let rate = |p: String, v: f64| range(&p, v, 0.0, d::MAX_RATE_PER_S);
    let time = |p: String, v: f64| range(&p, v, 0.0, d::MAX_DURATION_S);
    match w {
        Workload::Poisson { rate_per_s } => rate(format!("{path}.rate_per_s"), *rate_per_s),
        Workload::Steps { steps } => {
            count(&format!("{path}.steps"), steps.len(), 1, d::MAX_ITEMS)?;
            let mut last = 0.0;
            for (i, s) in steps.iter().enumerate() {
                time(format!("{path}.steps[{i}].at_s"), s.at_s)?;
                rate(format!("{path}.steps[{i}].rate_per_s"), s.rate_per_s)?;
                if s.at_s < last {
                    return Err(ScenarioError::invalid(
                        format!("{path}.steps[{i}].at_s"),
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
            rate(format!("{path}.base_rate_per_s"), *base_rate_per_s)?;
            count(&format!("{path}.spikes"), spikes.len(), 0, d::MAX_ITEMS)?;
            for (i, s) in spikes.iter().enumerate() {
                time(format!("{path}.spikes[{i}].at_s"), s.at_s)?;
                time(format!("{path}.spikes[{i}].duration_s"), s.duration_s)?;
                rate(format!("{path}.spikes[{i}].rate_per_s"), s.rate_per_s)?;
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
            rate(format!("{path}.mean_rate_per_s"), *mean_rate_per_s)?;
            range(&format!("{path}.amplitude"), *amplitude, 0.0, 1.0)?;
            time(format!("{path}.period_s"), *period_s)?;
            if *period_s == 0.0 {
                return Err(ScenarioError::invalid(
                    format!("{path}.period_s"),
                    0,
                    "must be greater than 0",
                ));
            }
            range(
                &format!("{path}.phase_s"),
                *phase_s,
                -d::MAX_DURATION_S,
                d::MAX_DURATION_S,
            )
        }
        Workload::Trace { arrivals_ms } => {
            count(
                &format!("{path}.arrivals_ms"),
                arrivals_ms.len(),
                0,
                d::MAX_LIST_LEN,
            )?;
            let end_ms = duration * 1_000.0;
            for (i, v) in arrivals_ms.iter().enumerate() {
                let at = format!("{path}.arrivals_ms[{i}]");
                range(&at, *v, 0.0, end_ms)?;
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
            count(&format!("{path}.parts"), parts.len(), 1, d::MAX_ITEMS)?;
            for (i, p) in parts.iter().enumerate() {
                validate_workload(&format!("{path}.parts[{i}]"), p, duration, false)?;
            }
            Ok(())
        }
    }
}

fn validate_function(s: &Scenario) -> Check {
    let f = &s.function;
    range_u32(
        "function.memory_mb",
        f.memory_mb,
        d::MEMORY_MIN_MB,
        d::MEMORY_MAX_MB,
        " MB (AWS Lambda quotas)",
    )?;
    range(
        "function.timeout_s",
        f.timeout_s,
        d::TIMEOUT_MIN_S,
        d::TIMEOUT_MAX_S,
    )?;
    validate_dist("function.handler_ms", &f.handler_ms, d::MAX_DIST_MS)?;
    validate_dist("function.init_ms", &f.init_ms, d::MAX_DIST_MS)?;
    range("function.init_cpu_bound", f.init_cpu_bound, 0.0, 1.0)?;
    range("function.error_rate", f.error_rate, 0.0, 1.0)?;
    if let crate::scenario::Warmup::Curve {
        first_factor,
        decay_invocations,
    } = f.warmup
    {
        range(
            "function.warmup.first_factor",
            first_factor,
            1.0,
            d::WARMUP_MAX_FIRST_FACTOR,
        )?;
        range(
            "function.warmup.decay_invocations",
            decay_invocations,
            0.0,
            d::WARMUP_MAX_DECAY_INVOCATIONS,
        )?;
    }
    Ok(())
}

fn validate_platform(s: &Scenario) -> Check {
    let p = &s.platform;
    if let Some(a) = p.account_concurrency {
        range_u32("platform.account_concurrency", a, 0, d::MAX_CONCURRENCY, "")?;
    }
    if let Some(r) = p.reserved_concurrency {
        range_u32(
            "platform.reserved_concurrency",
            r,
            0,
            d::MAX_CONCURRENCY,
            "",
        )?;
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
            range_u32(
                "platform.scaling.envs_per_window",
                envs_per_window,
                0,
                d::MAX_CONCURRENCY,
                "",
            )?;
            range(
                "platform.scaling.window_s",
                window_s,
                0.0,
                d::MAX_DURATION_S,
            )?;
            if window_s == 0.0 {
                return Err(ScenarioError::invalid(
                    "platform.scaling.window_s",
                    window_s,
                    "must be greater than 0",
                ));
            }
        }
        Scaling::Legacy {
            initial_burst,
            per_minute,
        } => {
            range_u32(
                "platform.scaling.initial_burst",
                initial_burst,
                0,
                d::MAX_CONCURRENCY,
                "",
            )?;
            range_u32(
                "platform.scaling.per_minute",
                per_minute,
                0,
                d::MAX_CONCURRENCY,
                "",
            )?;
        }
        Scaling::Unlimited => {}
    }
    if let Some(k) = &p.keep_alive_s {
        validate_dist("platform.keep_alive_s", k, d::MAX_DIST_S)?;
    }
    if let Some(l) = &p.max_lifetime_s {
        validate_dist("platform.max_lifetime_s", l, d::MAX_DIST_S)?;
    }
    validate_dist("platform.microvm_ms", &p.microvm_ms, d::MAX_DIST_MS)?;
    if let Some(l) = p.init_limit_s {
        range("platform.init_limit_s", l, 0.0, d::MAX_DIST_S)?;
    }
    if let crate::scenario::InvocationRate::Fixed { per_s } = p.invocation_rate {
        range_u32(
            "platform.invocation_rate.per_s",
            per_s,
            1,
            d::MAX_RATE_PER_S as u32,
            "",
        )?;
    }
    Ok(())
}

fn validate_provisioned(s: &Scenario) -> Check {
    let Some(pc) = &s.provisioned else {
        return Ok(());
    };
    let cap = crate::scaling::ConcurrencyCap::from_platform(&s.platform)
        .limit
        .unwrap_or(d::MAX_CONCURRENCY)
        .min(d::MAX_CONCURRENCY);
    let rule = " (provisioned concurrency cannot exceed the reserved or account concurrency)";
    range_u32("provisioned.count", pc.count, 0, cap, rule)?;
    count("provisioned.schedule", pc.schedule.len(), 0, d::MAX_ITEMS)?;
    for (i, c) in pc.schedule.iter().enumerate() {
        range(
            &format!("provisioned.schedule[{i}].at_s"),
            c.at_s,
            0.0,
            d::MAX_DURATION_S,
        )?;
        range_u32(
            &format!("provisioned.schedule[{i}].count"),
            c.count,
            0,
            cap,
            rule,
        )?;
    }
    Ok(())
}

fn validate_proactive(s: &Scenario) -> Check {
    match &s.platform.proactive_init {
        Some(p) => range("platform.proactive_init.share", p.share, 0.0, 1.0),
        None => Ok(()),
    }
}

fn validate_deploys(s: &Scenario) -> Check {
    count("deploys", s.deploys.len(), 0, d::MAX_ITEMS)?;
    for (i, dep) in s.deploys.iter().enumerate() {
        range(
            &format!("deploys[{i}].at_s"),
            dep.at_s,
            0.0,
            d::MAX_DURATION_S,
        )?;
        range(
            &format!("deploys[{i}].image_changed_fraction"),
            dep.image_changed_fraction,
            0.0,
            1.0,
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
            range_u32(
                "invocation.max_retries",
                max_retries,
                0,
                d::ASYNC_MAX_RETRIES_LIMIT,
                " (AWS asynchronous invocation)",
            )?;
            range(
                "invocation.max_event_age_s",
                max_event_age_s,
                d::ASYNC_MIN_EVENT_AGE_S,
                d::ASYNC_MAX_EVENT_AGE_S,
            )
        }
        Invocation::Stream {
            shards,
            batch_size,
            batching_window_s,
            parallelization_factor,
        } => {
            range_u32("invocation.shards", shards, 1, d::STREAM_MAX_SHARDS, "")?;
            range_u32(
                "invocation.batch_size",
                batch_size,
                1,
                d::STREAM_MAX_BATCH,
                " (AWS event source mapping, Kinesis)",
            )?;
            range(
                "invocation.batching_window_s",
                batching_window_s,
                0.0,
                d::STREAM_MAX_WINDOW_S,
            )?;
            range_u32(
                "invocation.parallelization_factor",
                parallelization_factor,
                1,
                d::STREAM_MAX_PARALLELIZATION,
                " (AWS event source mapping)",
            )
        }
    }
}

fn validate_prices(s: &Scenario) -> Check {
    let p = &s.prices;
    for (name, v) in [
        ("per_request_usd", p.per_request_usd),
        ("gb_s_x86_usd", p.gb_s_x86_usd),
        ("gb_s_arm_usd", p.gb_s_arm_usd),
        ("pc_gb_s_x86_usd", p.pc_gb_s_x86_usd),
        ("pc_gb_s_arm_usd", p.pc_gb_s_arm_usd),
        ("pc_duration_gb_s_x86_usd", p.pc_duration_gb_s_x86_usd),
        ("pc_duration_gb_s_arm_usd", p.pc_duration_gb_s_arm_usd),
        ("snapstart_cache_gb_s_usd", p.snapstart_cache_gb_s_usd),
        ("snapstart_restore_gb_usd", p.snapstart_restore_gb_usd),
    ] {
        range(&format!("prices.{name}"), v, 0.0, d::MAX_PRICE_USD)?;
    }
    Ok(())
}

fn validate_output(s: &Scenario) -> Check {
    let o = &s.output;
    range_u32(
        "output.request_sample",
        o.request_sample,
        0,
        d::MAX_REQUEST_SAMPLE,
        "",
    )?;
    range("output.bucket_s", o.bucket_s, 0.0, d::MAX_DURATION_S)?;
    let buckets = s.duration_s / o.bucket_s;
    if o.bucket_s == 0.0 || buckets > d::MAX_BUCKETS {
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

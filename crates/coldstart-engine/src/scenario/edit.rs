//! Shape changes of a scenario, as an editor makes them: switch the workload's pattern keeping
//! its rate, convert a zip into an image and back, start an invocation model, a warm-up curve,
//! a rate cap or a scaling rule from its defaults, turn SnapStart on.
//!
//! Each returns a value of the new shape that validates wherever the old one did (tested below),
//! filled from what carries over and otherwise from `defaults` or the starting points in
//! [`start`]. The page's form calls these instead of writing JSON of its own, so an enum's new
//! variant or field is a change here, tested natively, and not in the browser code.

use crate::defaults as d;
use crate::package::{Package, ZipUpload};
use crate::scenario::choice::{
    InvocationModel, InvocationRateMode, PackageKind, ScalingMode, WarmupMode, WorkloadKind,
};
use crate::scenario::{
    Invocation, InvocationRate, Provisioned, RateStep, Runtime, Scaling, SnapStart, Spike, Warmup,
    Workload,
};

/// Starting points for numbers a new shape needs and the old one did not have. They are values
/// for the user to edit, not model constants (those are in `defaults`).
pub mod start {
    /// Diurnal: relative swing of the rate.
    pub const DIURNAL_AMPLITUDE: f64 = 0.5;
    /// Spikes: the spike starts at this fraction of the run.
    pub const SPIKE_AT_FRACTION: f64 = 1.0 / 3.0;
    /// Spikes: the spike lasts this fraction of the run.
    pub const SPIKE_LENGTH_FRACTION: f64 = 0.1;
    /// Spikes: the spike adds this multiple of the base rate.
    pub const SPIKE_RATE_FACTOR: f64 = 10.0;
    /// Rate used when the previous pattern had none (an empty trace), requests per second.
    pub const FALLBACK_RATE_PER_S: f64 = 10.0;
    /// Steps: the second step starts at this fraction of the run.
    pub const STEP_AT_FRACTION: f64 = 0.5;
    /// Steps: the second step's rate is this multiple of the first.
    pub const STEP_RATE_FACTOR: f64 = 2.0;
    /// Trace: arrivals in the starting trace, evenly spaced at the previous rate — a short
    /// example to edit or paste over, not a whole run's worth.
    pub const TRACE_ARRIVALS: usize = 10;
    /// Stream: shards of a small stream.
    pub const STREAM_SHARDS: u32 = 1;
    /// A fixed invocation-rate cap when the account has no quota, requests per second.
    pub const FIXED_RATE_PER_S: u32 = 1_000;
}

/// The workload's rate, whatever its pattern, to carry over a switch: the rate of the simple
/// patterns, the first step's, a trace's arrivals over the run, a mix's parts' sum; the
/// fallback when there is none.
pub fn rate_of(w: &Workload, duration_s: f64) -> f64 {
    let rate = match w {
        Workload::Poisson { rate_per_s } => *rate_per_s,
        Workload::Diurnal {
            mean_rate_per_s, ..
        } => *mean_rate_per_s,
        Workload::Spikes {
            base_rate_per_s, ..
        } => *base_rate_per_s,
        Workload::Steps { steps } => steps.first().map_or(0.0, |s| s.rate_per_s),
        Workload::Trace { arrivals_ms } if duration_s > 0.0 => {
            arrivals_ms.len() as f64 / duration_s
        }
        Workload::Trace { .. } => 0.0,
        Workload::Mix { parts } => parts.iter().map(|p| rate_of(p, duration_s)).sum(),
    };
    if rate.is_finite() && rate > 0.0 {
        rate
    } else {
        start::FALLBACK_RATE_PER_S
    }
}

/// The workload of kind `to` that starts from `w`'s rate; `w` itself when it is of that kind.
/// A mix starts with `w` as its only part (its parts are then edited in files or links).
pub fn switch_workload(w: &Workload, to: WorkloadKind, duration_s: f64) -> Workload {
    if w.kind() == to {
        return w.clone();
    }
    let rate = rate_of(w, duration_s);
    match to {
        WorkloadKind::Poisson => Workload::Poisson { rate_per_s: rate },
        WorkloadKind::Diurnal => Workload::Diurnal {
            mean_rate_per_s: rate,
            amplitude: start::DIURNAL_AMPLITUDE,
            period_s: duration_s,
            phase_s: 0.0,
        },
        WorkloadKind::Spikes => Workload::Spikes {
            base_rate_per_s: rate,
            spikes: vec![Spike {
                at_s: (duration_s * start::SPIKE_AT_FRACTION).round(),
                duration_s: (duration_s * start::SPIKE_LENGTH_FRACTION).round().max(1.0),
                rate_per_s: rate * start::SPIKE_RATE_FACTOR,
            }],
        },
        WorkloadKind::Steps => Workload::Steps {
            steps: vec![
                RateStep {
                    at_s: 0.0,
                    rate_per_s: rate,
                },
                RateStep {
                    at_s: (duration_s * start::STEP_AT_FRACTION).round(),
                    rate_per_s: rate * start::STEP_RATE_FACTOR,
                },
            ],
        },
        WorkloadKind::Trace => {
            let gap_ms = 1_000.0 / rate;
            Workload::Trace {
                arrivals_ms: (0..start::TRACE_ARRIVALS)
                    .map(|i| (i as f64 * gap_ms * 1_000.0).round() / 1_000.0)
                    .collect(),
            }
        }
        WorkloadKind::Mix => Workload::Mix {
            parts: vec![w.clone()],
        },
    }
}

/// The package of type `to` that ships the same code; `p` itself when it is of that type.
///
/// A zip's image holds its unzipped code; an image's zip holds the image, as far as the
/// unzipped limit allows, compressed at the runtime's measured ratio
/// (`defaults::zip_compression_ratio`), and is uploaded from S3 when that is past the direct
/// upload's limit. Image-only and zip-only settings do not carry over.
pub fn convert_package(p: &Package, to: PackageKind, runtime: Runtime) -> Package {
    if p.kind() == to {
        return p.clone();
    }
    match p {
        Package::Zip { unzipped_mb, .. } => Package::image(unzipped_mb.max(1.0)),
        Package::Image { image_mb, .. } => {
            let unzipped = image_mb.min(d::ZIP_MAX_UNZIPPED_MB);
            let zipped = (unzipped / d::zip_compression_ratio(runtime) * 10.0).round() / 10.0;
            let mut zip = Package::zip(zipped, unzipped);
            if let Package::Zip { upload, .. } = &mut zip
                && zipped > d::ZIP_DIRECT_MAX_ZIPPED_MB
            {
                *upload = ZipUpload::S3;
            }
            zip
        }
    }
}

/// The invocation model `model` with AWS's defaults.
pub fn invocation_for(model: InvocationModel) -> Invocation {
    match model {
        InvocationModel::Sync => Invocation::Sync,
        InvocationModel::Async => Invocation::Async {
            max_retries: d::ASYNC_MAX_RETRIES,
            max_event_age_s: d::ASYNC_MAX_EVENT_AGE_S,
        },
        InvocationModel::Stream => Invocation::Stream {
            shards: start::STREAM_SHARDS,
            batch_size: d::STREAM_BATCH_SIZE,
            batching_window_s: d::STREAM_BATCHING_WINDOW_S,
            parallelization_factor: d::STREAM_PARALLELIZATION_FACTOR,
        },
    }
}

/// The warm-up of mode `mode`; a curve of one's own starts from the runtime's.
pub fn warmup_for(mode: WarmupMode, runtime: Runtime) -> Warmup {
    match mode {
        WarmupMode::Runtime => Warmup::Runtime,
        WarmupMode::None => Warmup::None,
        WarmupMode::Curve => {
            let (first_factor, decay_invocations) = d::warmup_curve(runtime);
            Warmup::Curve {
                first_factor,
                decay_invocations,
            }
        }
    }
}

/// The invocation-rate rule of mode `mode`; a fixed cap starts at the quota the account's
/// concurrency gives (10 per second per environment), or [`start::FIXED_RATE_PER_S`] without one.
pub fn invocation_rate_for(
    mode: InvocationRateMode,
    account_concurrency: Option<u32>,
) -> InvocationRate {
    match mode {
        InvocationRateMode::Quota => InvocationRate::Quota,
        InvocationRateMode::Unlimited => InvocationRate::Unlimited,
        InvocationRateMode::Fixed => InvocationRate::Fixed {
            per_s: account_concurrency
                .filter(|a| *a > 0)
                .map_or(start::FIXED_RATE_PER_S, |a| {
                    a.saturating_mul(d::INVOCATIONS_PER_S_PER_CONCURRENCY)
                })
                .min(d::MAX_RATE_PER_S as u32),
        },
    }
}

/// The scaling rule of mode `mode` with AWS's figures.
pub fn scaling_for(mode: ScalingMode) -> Scaling {
    match mode {
        ScalingMode::Standard => Scaling::default(),
        ScalingMode::Legacy => Scaling::Legacy {
            initial_burst: d::LEGACY_BURST,
            per_minute: d::LEGACY_PER_MINUTE,
        },
        ScalingMode::Unlimited => Scaling::Unlimited,
    }
}

/// SnapStart on (with every setting at its default) or off.
pub fn snapstart(on: bool) -> Option<SnapStart> {
    on.then(SnapStart::default)
}

/// Provisioned concurrency with `count` environments at the start, keeping a schedule; none at
/// all when the count is 0 and there is no schedule.
pub fn provisioned_count(current: Option<&Provisioned>, count: u32) -> Option<Provisioned> {
    let schedule = current.map(|p| p.schedule.clone()).unwrap_or_default();
    (count > 0 || !schedule.is_empty()).then_some(Provisioned { count, schedule })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::scenario::choice::Choice;

    fn base() -> Scenario {
        Scenario::from_json(
            r#"{"duration_s": 600, "workload": {"kind": "poisson", "rate_per_s": 20},
                "function": {"runtime": "python", "memory_mb": 1024,
                             "handler_ms": {"dist": "constant", "value": 10}},
                "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15}}"#,
        )
        .expect("parses")
    }

    /// Every shape change of a valid scenario gives a valid scenario: the starting values are
    /// within the field table's ranges for every kind, model and mode.
    #[test]
    fn every_shape_change_keeps_a_valid_scenario() {
        let s = base();
        crate::validate(&s).expect("base");
        let ok = |s: &Scenario, what: &str| {
            crate::validate(s).unwrap_or_else(|e| panic!("{what}: {e}"));
        };
        for from in WorkloadKind::ALL {
            let mut a = s.clone();
            a.workload = switch_workload(&s.workload, *from, s.duration_s);
            for to in WorkloadKind::ALL {
                let mut b = a.clone();
                b.workload = switch_workload(&a.workload, *to, a.duration_s);
                assert_eq!(b.workload.kind(), *to);
                ok(&b, &format!("{from:?} → {to:?}"));
            }
        }
        for m in InvocationModel::ALL {
            let mut a = s.clone();
            a.invocation = invocation_for(*m);
            ok(&a, &format!("{m:?}"));
        }
        for runtime in Runtime::ALL {
            for m in WarmupMode::ALL {
                let mut a = s.clone();
                a.function.runtime = *runtime;
                a.function.warmup = warmup_for(*m, *runtime);
                ok(&a, &format!("{m:?} {runtime:?}"));
            }
            for (mb, kind) in [(15.0, PackageKind::Image), (10_240.0, PackageKind::Zip)] {
                let mut a = s.clone();
                a.function.runtime = *runtime;
                a.package = convert_package(&Package::image(mb), kind, *runtime);
                a.package = convert_package(&a.package, kind, *runtime);
                ok(&a, &format!("{kind:?} {runtime:?} {mb}"));
            }
        }
        for account in [None, Some(0), Some(1_000), Some(1_000_000)] {
            for m in InvocationRateMode::ALL {
                let mut a = s.clone();
                a.platform.account_concurrency = account;
                a.platform.invocation_rate = invocation_rate_for(*m, account);
                ok(&a, &format!("{m:?} {account:?}"));
            }
        }
        for m in ScalingMode::ALL {
            let mut a = s.clone();
            a.platform.scaling = scaling_for(*m);
            ok(&a, &format!("{m:?}"));
        }
        let mut a = s.clone();
        a.snapstart = snapstart(true);
        ok(&a, "SnapStart on a Python zip");
    }

    #[test]
    fn a_switch_keeps_the_rate_and_the_duration_shapes_the_new_pattern() {
        let poisson = Workload::Poisson { rate_per_s: 20.0 };
        let spikes = switch_workload(&poisson, WorkloadKind::Spikes, 600.0);
        let Workload::Spikes {
            base_rate_per_s,
            spikes: list,
        } = &spikes
        else {
            panic!("{spikes:?}")
        };
        assert_eq!(*base_rate_per_s, 20.0);
        assert_eq!(
            (list[0].at_s, list[0].duration_s, list[0].rate_per_s),
            (200.0, 60.0, 200.0)
        );
        let steps = switch_workload(&spikes, WorkloadKind::Steps, 600.0);
        let trace = switch_workload(&steps, WorkloadKind::Trace, 600.0);
        let Workload::Trace { arrivals_ms } = &trace else {
            panic!("{trace:?}")
        };
        assert_eq!(arrivals_ms.len(), start::TRACE_ARRIVALS);
        assert_eq!(arrivals_ms[1], 50.0, "20 req/s is one every 50 ms");
        assert_eq!(
            rate_of(&trace, 600.0),
            start::TRACE_ARRIVALS as f64 / 600.0,
            "a trace's count over the run"
        );
        let mix = switch_workload(&poisson, WorkloadKind::Mix, 600.0);
        assert_eq!(
            mix,
            Workload::Mix {
                parts: vec![poisson.clone()]
            }
        );
        assert_eq!(
            switch_workload(&mix, WorkloadKind::Mix, 1.0),
            mix,
            "same kind: unchanged"
        );
    }

    #[test]
    fn a_package_converts_with_its_code_size() {
        let image = convert_package(
            &Package::zip(5.0, 15.0),
            PackageKind::Image,
            Runtime::Python,
        );
        assert_eq!(image, Package::image(15.0));
        let zip = convert_package(&image, PackageKind::Zip, Runtime::Python);
        assert_eq!(zip, Package::zip(4.5, 15.0), "15 MB at Python's 3.34 ratio");
        let big = convert_package(&Package::image(1_000.0), PackageKind::Zip, Runtime::Nodejs);
        let Package::Zip {
            unzipped_mb,
            upload,
            ..
        } = big
        else {
            panic!("a zip")
        };
        assert_eq!(
            (unzipped_mb, upload),
            (d::ZIP_MAX_UNZIPPED_MB, ZipUpload::S3)
        );
    }

    #[test]
    fn provisioned_count_zero_removes_only_an_unscheduled_block() {
        assert_eq!(provisioned_count(None, 0), None);
        let five = provisioned_count(None, 5).expect("some");
        assert_eq!((five.count, five.schedule.len()), (5, 0));
        let scheduled = Provisioned {
            count: 5,
            schedule: vec![crate::scenario::ProvisionedChange {
                at_s: 60.0,
                count: 9,
            }],
        };
        let kept = provisioned_count(Some(&scheduled), 0).expect("the schedule stays");
        assert_eq!((kept.count, kept.schedule.len()), (0, 1));
    }
}

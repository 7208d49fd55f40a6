//! How the scenario's small tagged enums ([`Warmup`], [`InvocationRate`], [`Scaling`] by their
//! `mode`, [`Invocation`] by its `model`) are read: one pass over every field of every variant,
//! then the tag picks its own ([`crate::tagged`]). What is written stays the derived tagged form.

use super::{Invocation, InvocationRate, Scaling, Warmup};
use crate::tagged::{self, required};
use serde::Deserialize;

/// The `mode` tag of [`Warmup`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum WarmupMode {
    Runtime,
    None,
    Curve,
}

/// Every field of every [`Warmup`], each `Some` when present.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "internally tagged enum Warmup")]
pub(super) struct WarmupFields {
    mode: WarmupMode,
    #[serde(default, deserialize_with = "tagged::present")]
    first_factor: Option<f64>,
    #[serde(default, deserialize_with = "tagged::present")]
    decay_invocations: Option<f64>,
}

impl TryFrom<tagged::Map<WarmupFields>> for Warmup {
    type Error = String;

    fn try_from(tagged::Map(f): tagged::Map<WarmupFields>) -> Result<Warmup, String> {
        let (kind, own): (&str, &[&str]) = match f.mode {
            WarmupMode::Runtime => ("runtime", &[]),
            WarmupMode::None => ("none", &[]),
            WarmupMode::Curve => ("curve", &["first_factor", "decay_invocations"]),
        };
        tagged::only_own(
            "warmup",
            kind,
            own,
            &[
                ("first_factor", f.first_factor.is_some()),
                ("decay_invocations", f.decay_invocations.is_some()),
            ],
        )?;
        Ok(match f.mode {
            WarmupMode::Runtime => Warmup::Runtime,
            WarmupMode::None => Warmup::None,
            WarmupMode::Curve => Warmup::Curve {
                first_factor: required(f.first_factor, "first_factor")?,
                decay_invocations: required(f.decay_invocations, "decay_invocations")?,
            },
        })
    }
}

/// The `mode` tag of [`InvocationRate`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum RateMode {
    Quota,
    Fixed,
    Unlimited,
}

/// Every field of every [`InvocationRate`], each `Some` when present.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "internally tagged enum InvocationRate"
)]
pub(super) struct InvocationRateFields {
    mode: RateMode,
    #[serde(default, deserialize_with = "tagged::present")]
    per_s: Option<u32>,
}

impl TryFrom<tagged::Map<InvocationRateFields>> for InvocationRate {
    type Error = String;

    fn try_from(
        tagged::Map(f): tagged::Map<InvocationRateFields>,
    ) -> Result<InvocationRate, String> {
        let (kind, own): (&str, &[&str]) = match f.mode {
            RateMode::Quota => ("quota", &[]),
            RateMode::Fixed => ("fixed", &["per_s"]),
            RateMode::Unlimited => ("unlimited", &[]),
        };
        tagged::only_own(
            "invocation rate",
            kind,
            own,
            &[("per_s", f.per_s.is_some())],
        )?;
        Ok(match f.mode {
            RateMode::Quota => InvocationRate::Quota,
            RateMode::Fixed => InvocationRate::Fixed {
                per_s: required(f.per_s, "per_s")?,
            },
            RateMode::Unlimited => InvocationRate::Unlimited,
        })
    }
}

/// The `mode` tag of [`Scaling`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum ScalingMode {
    Standard,
    Legacy,
    Unlimited,
}

/// Every field of every [`Scaling`], each `Some` when present.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "internally tagged enum Scaling")]
pub(super) struct ScalingFields {
    mode: ScalingMode,
    #[serde(default, deserialize_with = "tagged::present")]
    envs_per_window: Option<u32>,
    #[serde(default, deserialize_with = "tagged::present")]
    window_s: Option<f64>,
    #[serde(default, deserialize_with = "tagged::present")]
    initial_burst: Option<u32>,
    #[serde(default, deserialize_with = "tagged::present")]
    per_minute: Option<u32>,
}

impl TryFrom<tagged::Map<ScalingFields>> for Scaling {
    type Error = String;

    fn try_from(tagged::Map(f): tagged::Map<ScalingFields>) -> Result<Scaling, String> {
        let (kind, own): (&str, &[&str]) = match f.mode {
            ScalingMode::Standard => ("standard", &["envs_per_window", "window_s"]),
            ScalingMode::Legacy => ("legacy", &["initial_burst", "per_minute"]),
            ScalingMode::Unlimited => ("unlimited", &[]),
        };
        tagged::only_own(
            "scaling",
            kind,
            own,
            &[
                ("envs_per_window", f.envs_per_window.is_some()),
                ("window_s", f.window_s.is_some()),
                ("initial_burst", f.initial_burst.is_some()),
                ("per_minute", f.per_minute.is_some()),
            ],
        )?;
        Ok(match f.mode {
            ScalingMode::Standard => Scaling::Standard {
                envs_per_window: required(f.envs_per_window, "envs_per_window")?,
                window_s: required(f.window_s, "window_s")?,
            },
            ScalingMode::Legacy => Scaling::Legacy {
                initial_burst: required(f.initial_burst, "initial_burst")?,
                per_minute: required(f.per_minute, "per_minute")?,
            },
            ScalingMode::Unlimited => Scaling::Unlimited,
        })
    }
}

/// The `model` tag of [`Invocation`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum InvocationModel {
    Sync,
    Async,
    Stream,
}

/// Every field of every [`Invocation`], each `Some` when present.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "internally tagged enum Invocation")]
pub(super) struct InvocationFields {
    model: InvocationModel,
    #[serde(default, deserialize_with = "tagged::present")]
    max_retries: Option<u32>,
    #[serde(default, deserialize_with = "tagged::present")]
    max_event_age_s: Option<f64>,
    #[serde(default, deserialize_with = "tagged::present")]
    shards: Option<u32>,
    #[serde(default, deserialize_with = "tagged::present")]
    batch_size: Option<u32>,
    #[serde(default, deserialize_with = "tagged::present")]
    batching_window_s: Option<f64>,
    #[serde(default, deserialize_with = "tagged::present")]
    parallelization_factor: Option<u32>,
}

impl TryFrom<tagged::Map<InvocationFields>> for Invocation {
    type Error = String;

    fn try_from(tagged::Map(f): tagged::Map<InvocationFields>) -> Result<Invocation, String> {
        let (kind, own): (&str, &[&str]) = match f.model {
            InvocationModel::Sync => ("sync", &[]),
            InvocationModel::Async => ("async", &["max_retries", "max_event_age_s"]),
            InvocationModel::Stream => (
                "stream",
                &[
                    "shards",
                    "batch_size",
                    "batching_window_s",
                    "parallelization_factor",
                ],
            ),
        };
        tagged::only_own(
            "invocation",
            kind,
            own,
            &[
                ("max_retries", f.max_retries.is_some()),
                ("max_event_age_s", f.max_event_age_s.is_some()),
                ("shards", f.shards.is_some()),
                ("batch_size", f.batch_size.is_some()),
                ("batching_window_s", f.batching_window_s.is_some()),
                ("parallelization_factor", f.parallelization_factor.is_some()),
            ],
        )?;
        Ok(match f.model {
            InvocationModel::Sync => Invocation::Sync,
            InvocationModel::Async => Invocation::Async {
                max_retries: required(f.max_retries, "max_retries")?,
                max_event_age_s: required(f.max_event_age_s, "max_event_age_s")?,
            },
            InvocationModel::Stream => Invocation::Stream {
                shards: required(f.shards, "shards")?,
                batch_size: required(f.batch_size, "batch_size")?,
                batching_window_s: required(f.batching_window_s, "batching_window_s")?,
                parallelization_factor: required(
                    f.parallelization_factor,
                    "parallelization_factor",
                )?,
            },
        })
    }
}

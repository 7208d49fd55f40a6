//! How the scenario's small tagged enums ([`Warmup`], [`InvocationRate`], [`Scaling`] by their
//! `mode`, [`Invocation`] by its `model`) are read: one pass over every field of every variant,
//! then the tag picks its own ([`crate::tagged`]). What is written stays the derived tagged form.

use super::{Invocation, InvocationRate, Scaling, Warmup};
use crate::tagged;

tagged::reader! {
    /// Every field of every [`Warmup`], each `Some` when present.
    pub(super) struct WarmupFields for Warmup called "warmup" tagged "mode" by WarmupMode {
        first_factor: f64,
        decay_invocations: f64,
    }
    Runtime = "runtime",
    None = "none",
    Curve = "curve" { first_factor, decay_invocations },
}

tagged::reader! {
    /// Every field of every [`InvocationRate`], each `Some` when present.
    pub(super) struct InvocationRateFields for InvocationRate called "invocation rate"
        tagged "mode" by RateMode {
        per_s: u32,
    }
    Quota = "quota",
    Fixed = "fixed" { per_s },
    Unlimited = "unlimited",
}

tagged::reader! {
    /// Every field of every [`Scaling`], each `Some` when present.
    pub(super) struct ScalingFields for Scaling called "scaling" tagged "mode" by ScalingMode {
        envs_per_window: u32,
        window_s: f64,
        initial_burst: u32,
        per_minute: u32,
    }
    Standard = "standard" { envs_per_window, window_s },
    Legacy = "legacy" { initial_burst, per_minute },
    Unlimited = "unlimited",
}

tagged::reader! {
    /// Every field of every [`Invocation`], each `Some` when present.
    pub(super) struct InvocationFields for Invocation called "invocation"
        tagged "model" by InvocationModel {
        max_retries: u32,
        max_event_age_s: f64,
        shards: u32,
        batch_size: u32,
        batching_window_s: f64,
        parallelization_factor: u32,
    }
    Sync = "sync",
    Async = "async" { max_retries, max_event_age_s },
    Stream = "stream" { shards, batch_size, batching_window_s, parallelization_factor },
}

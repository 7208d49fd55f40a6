//! The scenario's closed sets of choices as lists: every variant and its JSON spelling.
//!
//! A form's drop-down, a parser of names and the documentation read [`Choice::ALL`], so a variant
//! added to one of these enums shows up everywhere (its `match`es fail to compile until it is
//! handled). The spellings are serde's: a test checks each against the serializer.

use crate::Package;
use crate::package::ZipUpload;
use crate::scenario::{
    Architecture, Invocation, InvocationRate, Placement, Runtime, Scaling, Warmup, Workload,
};

/// A closed set of choices with stable JSON spellings.
pub trait Choice: Copy + Eq + std::fmt::Debug + 'static {
    /// Every variant, the default (where the schema has one) first.
    const ALL: &'static [Self];
    /// The JSON spelling (the serde tag or unit-variant name).
    fn id(self) -> &'static str;
    /// The variant spelled `id`, if any.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.id() == id)
    }
}

macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $id:literal, )* }) => {
        impl Choice for $name {
            const ALL: &'static [Self] = &[ $( $name::$variant ),* ];
            fn id(self) -> &'static str {
                match self { $( $name::$variant => $id ),* }
            }
        }
    };
    (kind $(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $id:literal, )* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $( $(#[$vdoc])* $variant ),* }
        choices!($name { $( $variant = $id, )* });
    };
}

choices!(Runtime {
    Nodejs = "nodejs",
    Python = "python",
    Java = "java",
    Dotnet = "dotnet",
    DotnetAot = "dotnet_aot",
    Ruby = "ruby",
    Go = "go",
    Provided = "provided",
});
choices!(Architecture {
    X86_64 = "x86_64",
    Arm64 = "arm64",
});
choices!(Placement {
    MostRecentlyUsed = "most_recently_used",
    LeastRecentlyUsed = "least_recently_used",
    NewestCreated = "newest_created",
    Random = "random",
});
choices!(ZipUpload {
    Direct = "direct",
    S3 = "s3",
});

choices!(kind
    /// The shape of a [`Workload`], its `kind` tag.
    WorkloadKind {
        /// Constant-rate Poisson.
        Poisson = "poisson",
        /// Sinusoidal rate.
        Diurnal = "diurnal",
        /// Base rate with spikes.
        Spikes = "spikes",
        /// Piecewise-constant rate.
        Steps = "steps",
        /// Replayed arrival times.
        Trace = "trace",
        /// Superposition of workloads.
        Mix = "mix",
    }
);
choices!(kind
    /// The type of a [`Package`], its `type` tag.
    PackageKind {
        /// A .zip archive.
        Zip = "zip",
        /// A container image.
        Image = "image",
    }
);
choices!(kind
    /// The invocation model, the `model` tag of an [`Invocation`].
    InvocationModel {
        /// RequestResponse.
        Sync = "sync",
        /// Event.
        Async = "async",
        /// Event source mapping over a stream.
        Stream = "stream",
    }
);
choices!(kind
    /// The `mode` tag of a [`Warmup`].
    WarmupMode {
        /// The runtime's curve.
        Runtime = "runtime",
        /// No warm-up.
        None = "none",
        /// A curve of one's own.
        Curve = "curve",
    }
);
choices!(kind
    /// The `mode` tag of an [`InvocationRate`].
    InvocationRateMode {
        /// 10 × the account's concurrency quota.
        Quota = "quota",
        /// A fixed cap.
        Fixed = "fixed",
        /// No cap.
        Unlimited = "unlimited",
    }
);
choices!(kind
    /// The `mode` tag of a [`Scaling`] rule.
    ScalingMode {
        /// Since November 2023.
        Standard = "standard",
        /// Before November 2023.
        Legacy = "legacy",
        /// No rate limit.
        Unlimited = "unlimited",
    }
);

impl Workload {
    /// Its kind.
    pub fn kind(&self) -> WorkloadKind {
        match self {
            Workload::Poisson { .. } => WorkloadKind::Poisson,
            Workload::Steps { .. } => WorkloadKind::Steps,
            Workload::Spikes { .. } => WorkloadKind::Spikes,
            Workload::Diurnal { .. } => WorkloadKind::Diurnal,
            Workload::Trace { .. } => WorkloadKind::Trace,
            Workload::Mix { .. } => WorkloadKind::Mix,
        }
    }
}

impl Package {
    /// Its type.
    pub fn kind(&self) -> PackageKind {
        match self {
            Package::Zip { .. } => PackageKind::Zip,
            Package::Image { .. } => PackageKind::Image,
        }
    }
}

impl Invocation {
    /// Its model.
    pub fn model(&self) -> InvocationModel {
        match self {
            Invocation::Sync => InvocationModel::Sync,
            Invocation::Async { .. } => InvocationModel::Async,
            Invocation::Stream { .. } => InvocationModel::Stream,
        }
    }
}

impl Warmup {
    /// Its mode.
    pub fn mode(&self) -> WarmupMode {
        match self {
            Warmup::Runtime => WarmupMode::Runtime,
            Warmup::None => WarmupMode::None,
            Warmup::Curve { .. } => WarmupMode::Curve,
        }
    }
}

impl InvocationRate {
    /// Its mode.
    pub fn mode(&self) -> InvocationRateMode {
        match self {
            InvocationRate::Quota => InvocationRateMode::Quota,
            InvocationRate::Fixed { .. } => InvocationRateMode::Fixed,
            InvocationRate::Unlimited => InvocationRateMode::Unlimited,
        }
    }
}

impl Scaling {
    /// Its mode.
    pub fn mode(&self) -> ScalingMode {
        match self {
            Scaling::Standard { .. } => ScalingMode::Standard,
            Scaling::Legacy { .. } => ScalingMode::Legacy,
            Scaling::Unlimited => ScalingMode::Unlimited,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::{Value, json};

    fn spelled<T: Choice + Serialize>() {
        for c in T::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), json!(c.id()), "{c:?}");
            assert_eq!(T::from_id(c.id()), Some(*c));
        }
        assert_eq!(T::from_id("no such choice"), None);
    }

    /// The spellings are serde's, and the default of each enum that has one comes first (a form
    /// shows the first choice when the field is left out).
    #[test]
    fn ids_are_the_json_spellings_and_defaults_come_first() {
        spelled::<Runtime>();
        spelled::<Architecture>();
        spelled::<Placement>();
        spelled::<ZipUpload>();
        assert_eq!(Architecture::ALL[0], Architecture::default());
        assert_eq!(Placement::ALL[0], Placement::default());
        assert_eq!(ZipUpload::ALL[0], ZipUpload::default());
        assert_eq!(Invocation::default().model(), InvocationModel::ALL[0]);
        assert_eq!(Warmup::default().mode(), WarmupMode::ALL[0]);
        assert_eq!(InvocationRate::default().mode(), InvocationRateMode::ALL[0]);
        assert_eq!(Scaling::default().mode(), ScalingMode::ALL[0]);
    }

    /// A kind's id is the tag its values serialize with.
    #[test]
    fn kinds_are_the_tags() {
        let tag = |v: Value, key: &str| v[key].as_str().map(str::to_string);
        let duration = 600.0;
        let start = Workload::Poisson { rate_per_s: 5.0 };
        for k in WorkloadKind::ALL {
            let w = crate::scenario::edit::switch_workload(&start, *k, duration);
            assert_eq!(w.kind(), *k);
            assert_eq!(
                tag(serde_json::to_value(&w).unwrap(), "kind").as_deref(),
                Some(k.id())
            );
        }
        for m in InvocationModel::ALL {
            let i = crate::scenario::edit::invocation_for(*m);
            assert_eq!(i.model(), *m);
            assert_eq!(
                tag(serde_json::to_value(&i).unwrap(), "model").as_deref(),
                Some(m.id())
            );
        }
        for k in PackageKind::ALL {
            let p = crate::scenario::edit::convert_package(
                &Package::zip(1.0, 3.0),
                *k,
                Runtime::Nodejs,
            );
            assert_eq!(p.kind(), *k);
            assert_eq!(
                tag(serde_json::to_value(&p).unwrap(), "type").as_deref(),
                Some(k.id())
            );
        }
        for m in WarmupMode::ALL {
            let w = crate::scenario::edit::warmup_for(*m, Runtime::Java);
            assert_eq!(w.mode(), *m);
            assert_eq!(
                tag(serde_json::to_value(w).unwrap(), "mode").as_deref(),
                Some(m.id())
            );
        }
        for m in InvocationRateMode::ALL {
            let r = crate::scenario::edit::invocation_rate_for(*m, Some(1_000));
            assert_eq!(r.mode(), *m);
            assert_eq!(
                tag(serde_json::to_value(r).unwrap(), "mode").as_deref(),
                Some(m.id())
            );
        }
        for m in ScalingMode::ALL {
            let s = crate::scenario::edit::scaling_for(*m);
            assert_eq!(s.mode(), *m);
            assert_eq!(
                tag(serde_json::to_value(&s).unwrap(), "mode").as_deref(),
                Some(m.id())
            );
        }
    }
}

//! The scenario panel as data: which inputs exist, their labels and help, and how a typed value
//! lands in a scenario. Everything else about a field is the core's.
//!
//! - Ranges, units, whole-ness and what a blank means are rows of the core's field table
//!   (`coldstart_core::scenario::fields`), the same rows validation checks, so the form and the
//!   validator cannot disagree. A form row names its row of the table; a test fails when a
//!   validated field has neither a form row nor an entry in [`NOT_IN_FORM`].
//! - Choice lists are the enums' own (`Choice::ALL`); only their labels are written here, in
//!   exhaustive `match`es, so a new variant does not compile until it has one.
//! - Shape changes (a workload pattern, a package type, an invocation model, a warm-up, a rate
//!   cap or scaling rule) are the core's typed edits (`scenario::edit`): the form parses the part
//!   of the draft it changes, asks the core for the new shape and writes it back.
//!
//! The page edits a scenario as JSON (a draft), addressed by the same dotted paths that
//! [`coldstart_core::ScenarioError::path`] reports (`function.memory_mb`,
//! `workload.spikes[0].at_s`), so a validation error finds its input by path alone. The draft is
//! JSON rather than a typed `Scenario` because it must hold what the type cannot: a memory of
//! −5 or 12.5 MB the user has typed, kept (with the last good charts on screen) until fixed.

use crate::number_lists::{self, Format};
use coldstart_core::defaults as d;
use coldstart_core::package::ZipUpload;
use coldstart_core::scenario::choice::{
    Choice, InvocationModel, InvocationRateMode, PackageKind, ScalingMode, WarmupMode, WorkloadKind,
};
use coldstart_core::scenario::fields::{self as F, Blank, FieldSpec, Kind};
use coldstart_core::scenario::{
    Architecture, Invocation, InvocationRate, Placement, Provisioned, Runtime, Scaling, Warmup,
    Workload, edit,
};
use coldstart_core::{Package, ScenarioError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// Which variants an input edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every variant: the workload and the seed are common, so variants differ only in what the
    /// comparison is about and see the same random arrivals (common random numbers).
    Shared,
    /// Only the selected variant.
    Variant,
}

/// A structural choice: picking another value replaces a part of the scenario by the core's
/// typed edit (`scenario::edit`), and the panel is rebuilt for the new shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `workload.kind`: the arrival pattern, keeping its rate.
    Workload,
    /// `package.type`: zip or image, keeping the code's size.
    Package,
    /// `invocation.model`, with AWS's defaults.
    Invocation,
    /// `function.warmup.mode`; a curve starts from the runtime's.
    Warmup,
    /// `platform.invocation_rate.mode`; a fixed cap starts at the account's quota.
    InvocationRate,
    /// `platform.scaling.mode`, with AWS's figures.
    Scaling,
}

/// The kind of input and its constraints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    /// A number of the field table, moved by `step`.
    Number {
        /// Its row: range, unit, whole-ness, blank meaning.
        spec: &'static FieldSpec,
        /// Step of the spinner.
        step: f64,
    },
    /// A tagged object of numbers (a [`coldstart_core::Dist`], or the image's `read_at_init`):
    /// one number input per parameter of its current kind. A distribution's parameters share
    /// its row's range (the p99/p50 ratio has its own); other objects have a row per key.
    Params(&'static [&'static FieldSpec]),
    /// One of an enum's values, stored as they are.
    Choice(Options),
    /// One of an enum's values that decides the shape of a part of the scenario.
    Shape(Shape),
    /// A boolean field.
    Flag,
    /// An optional object that is either present (with its defaults) or `null`.
    Presence,
    /// Free text (the variant's name), at most `max_chars` characters.
    Text {
        /// Longest accepted text, characters.
        max_chars: usize,
    },
    /// A list of numbers typed into a textarea, written in the given format; each item's
    /// numbers are rows of the field table.
    List {
        /// How the list is written.
        format: Format,
        /// The rows of its items' numbers.
        items: &'static [&'static FieldSpec],
    },
}

/// The value choices of a [`Input::Choice`]: which enum's `Choice::ALL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Options {
    /// [`Runtime`].
    Runtime,
    /// [`Architecture`].
    Architecture,
    /// [`ZipUpload`]: its zipped-size limit follows, so the panel is rebuilt.
    Upload,
    /// [`Placement`].
    Placement,
}

/// When an input is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Always.
    Always,
    /// While the choice at the path has this value (a left-out choice has its default, the
    /// first of its list).
    When(&'static str, &'static str),
    /// While the optional object at the path is present.
    Present(&'static str),
}

/// One input of the scenario panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Dotted path in the scenario JSON.
    pub path: &'static str,
    /// Short label.
    pub label: &'static str,
    /// One sentence of help; the allowed range is appended when shown.
    pub help: &'static str,
    /// Input kind and constraints.
    pub input: Input,
    /// When it is shown.
    pub shown: Shown,
}

impl Field {
    /// The unit shown after the label: its row's ("" for none).
    pub fn unit(&self) -> &'static str {
        match self.input {
            Input::Number { spec, .. } => spec.unit,
            Input::Params(specs) => specs.first().map_or("", |s| s.unit),
            Input::List { items: [only], .. } => only.unit,
            _ => "",
        }
    }
}

/// A group of inputs under a heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Section {
    /// Heading.
    pub title: &'static str,
    /// Shared by all variants or per variant.
    pub scope: Scope,
    /// Inputs in display order.
    pub fields: &'static [Field],
}

/// Validated fields the panel does not edit, and why: they keep their value from the preset,
/// file or link (the panel never drops a field it does not show).
pub const NOT_IN_FORM: &[(&str, &str)] = &[
    (
        "prices.",
        "the price table: list prices by default, edited in scenario files",
    ),
    (
        "package.fetch.",
        "zip fetch model parameters with measured defaults (docs/init-cost-models.md)",
    ),
    (
        "package.cache.",
        "image cache model parameters with measured defaults (docs/init-cost-models.md)",
    ),
    (
        "output.",
        "what the report keeps: the page asks for what its charts draw (prose::charted)",
    ),
    (
        "provisioned.schedule[]",
        "a schedule of counts over time, edited in scenario files",
    ),
];

// ─── Rows ───────────────────────────────────────────────────────────────────────────────────────

/// A number at its row's own path.
const fn number(
    spec: &'static FieldSpec,
    label: &'static str,
    help: &'static str,
    step: f64,
) -> Field {
    number_at(spec.path, spec, label, help, step)
}

/// A number at a path of its own (an item of a list the form edits one item of).
const fn number_at(
    path: &'static str,
    spec: &'static FieldSpec,
    label: &'static str,
    help: &'static str,
    step: f64,
) -> Field {
    row(path, label, help, Input::Number { spec, step })
}

/// A distribution at its row's path.
macro_rules! dist {
    ($spec:path, $label:expr, $help:expr $(,)?) => {
        row($spec.path, $label, $help, Input::Params(&[&$spec]))
    };
}

const fn row(path: &'static str, label: &'static str, help: &'static str, input: Input) -> Field {
    Field {
        path,
        label,
        help,
        input,
        shown: Shown::Always,
    }
}

const fn when(mut f: Field, path: &'static str, value: &'static str) -> Field {
    f.shown = Shown::When(path, value);
    f
}

const fn if_present(mut f: Field, path: &'static str) -> Field {
    f.shown = Shown::Present(path);
    f
}

const fn workload(f: Field, kind: &'static str) -> Field {
    when(f, "workload.kind", kind)
}

/// The whole panel, in display order.
pub const SECTIONS: &[Section] = &[
    Section {
        title: "Workload",
        scope: Scope::Shared,
        fields: &[
            row(
                "workload.kind",
                "Arrival pattern",
                "How requests arrive over time. A mixture comes from a preset or link and \
                 cannot be edited here: choose another pattern to edit.",
                Input::Shape(Shape::Workload),
            ),
            workload(
                row(
                    "workload.steps",
                    "Rate steps",
                    "One \"at_s rate_per_s\" pair per line, in increasing time; each rate holds \
                     until the next step, and the rate before the first is zero.",
                    Input::List {
                        format: Format::Pairs(&number_lists::STEPS),
                        items: &[&F::STEP_AT_S, &F::STEP_RATE_PER_S],
                    },
                ),
                "steps",
            ),
            workload(
                row(
                    "workload.arrivals_ms",
                    "Arrival times",
                    "One request at each time, in milliseconds from the start, separated by \
                     commas, spaces or newlines; any order.",
                    Input::List {
                        format: Format::Numbers,
                        items: &[&F::ARRIVAL_MS],
                    },
                ),
                "trace",
            ),
            workload(
                number(&F::RATE_PER_S, "Rate", "Mean arrivals per second.", 1.0),
                "poisson",
            ),
            workload(
                number(
                    &F::MEAN_RATE_PER_S,
                    "Mean rate",
                    "Average over one cycle.",
                    1.0,
                ),
                "diurnal",
            ),
            workload(
                number(
                    &F::AMPLITUDE,
                    "Amplitude",
                    "Relative swing around the mean: 0 is flat, 1 drops to zero at the trough.",
                    0.05,
                ),
                "diurnal",
            ),
            workload(
                number(
                    &F::PERIOD_S,
                    "Period",
                    "Length of one cycle (86,400 for a day).",
                    60.0,
                ),
                "diurnal",
            ),
            workload(
                number(
                    &F::PHASE_S,
                    "Phase",
                    "Shift of the cycle: the rate crosses its mean, rising, at this time.",
                    60.0,
                ),
                "diurnal",
            ),
            workload(
                number(
                    &F::BASE_RATE_PER_S,
                    "Base rate",
                    "Rate outside the spike.",
                    1.0,
                ),
                "spikes",
            ),
            workload(
                number_at(
                    "workload.spikes[0].at_s",
                    &F::SPIKE_AT_S,
                    "Spike start",
                    "When the spike begins.",
                    1.0,
                ),
                "spikes",
            ),
            workload(
                number_at(
                    "workload.spikes[0].duration_s",
                    &F::SPIKE_DURATION_S,
                    "Spike length",
                    "How long the spike lasts.",
                    1.0,
                ),
                "spikes",
            ),
            workload(
                number_at(
                    "workload.spikes[0].rate_per_s",
                    &F::SPIKE_RATE_PER_S,
                    "Spike rate",
                    "Added on top of the base rate during the spike.",
                    1.0,
                ),
                "spikes",
            ),
            number(
                &F::DURATION_S,
                "Duration",
                "Requests arrive for this long; work in flight then drains.",
                60.0,
            ),
            row(
                "invocation.model",
                "Invocation",
                "Sync callers see throttles as HTTP 429; async and stream retry.",
                Input::Shape(Shape::Invocation),
            ),
            when(
                number(
                    &F::MAX_RETRIES,
                    "Retries",
                    "Retries after a function error (AWS default 2).",
                    1.0,
                ),
                "invocation.model",
                "async",
            ),
            when(
                number(
                    &F::MAX_EVENT_AGE_S,
                    "Max event age",
                    "Older events are dropped (AWS default 6 h).",
                    60.0,
                ),
                "invocation.model",
                "async",
            ),
            when(
                number(&F::SHARDS, "Shards", "Stream shards; one poller each.", 1.0),
                "invocation.model",
                "stream",
            ),
            when(
                number(
                    &F::BATCH_SIZE,
                    "Batch size",
                    "Records per invocation (AWS default 100).",
                    1.0,
                ),
                "invocation.model",
                "stream",
            ),
            when(
                number(
                    &F::BATCHING_WINDOW_S,
                    "Batching window",
                    "Wait up to this long to fill a batch.",
                    1.0,
                ),
                "invocation.model",
                "stream",
            ),
            when(
                number(
                    &F::PARALLELIZATION_FACTOR,
                    "Parallelization",
                    "Concurrent batches per shard.",
                    1.0,
                ),
                "invocation.model",
                "stream",
            ),
            number(
                &F::SEED,
                "Seed",
                "Same seed, same results. Every variant uses it, so they see the same arrivals.",
                1.0,
            ),
        ],
    },
    Section {
        title: "Function",
        scope: Scope::Variant,
        fields: &[
            row(
                "name",
                "Variant name",
                "Shown in legends, the table and exported file names.",
                Input::Text {
                    max_chars: d::MAX_NAME_CHARS,
                },
            ),
            row(
                "function.runtime",
                "Runtime",
                "Decides the bootstrap cost and whether SnapStart applies.",
                Input::Choice(Options::Runtime),
            ),
            number(
                &F::MEMORY_MB,
                "Memory",
                "CPU share is proportional: one vCPU at 1,769 MB.",
                64.0,
            ),
            row(
                "function.architecture",
                "Architecture",
                "arm64 is about 20 % cheaper per GB-second.",
                Input::Choice(Options::Architecture),
            ),
            dist!(
                F::HANDLER_MS,
                "Handler",
                "Time the handler takes per request.",
            ),
            dist!(
                F::INIT_MS,
                "Function init",
                "Your code outside the handler, measured at one vCPU.",
            ),
            number(
                &F::INIT_CPU_BOUND,
                "Init CPU-bound share",
                "Part of the function init that scales with the CPU share (memory).",
                0.05,
            ),
            number(
                &F::TIMEOUT_S,
                "Timeout",
                "Longer invocations fail (AWS default 3 s).",
                1.0,
            ),
            number(
                &F::ERROR_RATE,
                "Error rate",
                "Chance an invocation fails; async and stream invocations retry failures.",
                0.01,
            ),
            row(
                "function.warmup.mode",
                "Warm-up",
                "How the handler speeds up over an environment's first invocations (JIT).",
                Input::Shape(Shape::Warmup),
            ),
            when(
                number(
                    &F::WARMUP_FIRST_FACTOR,
                    "First invocation",
                    "The first invocation's handler time over a warm one's (1 = no warm-up).",
                    0.1,
                ),
                "function.warmup.mode",
                "curve",
            ),
            when(
                number(
                    &F::WARMUP_DECAY_INVOCATIONS,
                    "Warm-up decay",
                    "Invocations over which the extra time falls to 1/e (0: only the first).",
                    1.0,
                ),
                "function.warmup.mode",
                "curve",
            ),
        ],
    },
    Section {
        title: "Packaging",
        scope: Scope::Variant,
        fields: &[
            row(
                "package.type",
                "Package type",
                "Zip archives are downloaded and unpacked; images are loaded lazily in chunks.",
                Input::Shape(Shape::Package),
            ),
            when(
                number(
                    &F::ZIPPED_MB,
                    "Zipped size",
                    "Compressed archive; its limit depends on the upload route (below).",
                    1.0,
                ),
                "package.type",
                "zip",
            ),
            when(
                row(
                    "package.upload",
                    "Upload",
                    "A direct upload limits the zipped size; from S3 only the unzipped limit \
                     applies.",
                    Input::Choice(Options::Upload),
                ),
                "package.type",
                "zip",
            ),
            when(
                number(
                    &F::UNZIPPED_MB,
                    "Unzipped size",
                    "Function plus layers, unpacked.",
                    1.0,
                ),
                "package.type",
                "zip",
            ),
            when(
                number(
                    &F::LAYERS,
                    "Layers",
                    "Lambda layers attached to the function.",
                    1.0,
                ),
                "package.type",
                "zip",
            ),
            when(
                number(&F::IMAGE_MB, "Image size", "Container image size.", 10.0),
                "package.type",
                "image",
            ),
            when(
                number(
                    &F::BASE_MB,
                    "Base image",
                    "The runtime base image's layers, shared by many functions and so cached.",
                    10.0,
                ),
                "package.type",
                "image",
            ),
            when(
                row(
                    "package.read_at_init",
                    "Read at init",
                    "How much of the image's own layers init touches (Slacker: 6.4 % on average).",
                    Input::Params(&[&F::READ_AT_INIT_FRACTION, &F::READ_AT_INIT_MB]),
                ),
                "package.type",
                "image",
            ),
            when(
                number(
                    &F::SHARED_FRACTION,
                    "Shared with base images",
                    "Fraction of chunks already cached because popular images share them.",
                    0.05,
                ),
                "package.type",
                "image",
            ),
            when(
                row(
                    "package.just_deployed",
                    "Just deployed",
                    "Its unique chunks are in no cache yet.",
                    Input::Flag,
                ),
                "package.type",
                "image",
            ),
            row(
                "snapstart",
                "SnapStart",
                "Init once at publish, restore a snapshot at each cold start (zip only).",
                Input::Presence,
            ),
            if_present(
                dist!(
                    F::SNAPSTART_RESTORE_MS,
                    "Restore",
                    "Time to restore the snapshot at a cold start.",
                ),
                "snapstart",
            ),
            if_present(
                dist!(
                    F::SNAPSTART_HOOK_MS,
                    "afterRestore hooks",
                    "Your code run after each restore.",
                ),
                "snapstart",
            ),
            if_present(
                number(
                    &F::SNAPSTART_RUNTIME_LOAD_SHARE,
                    "Runtime-load share",
                    "Part of each restore spent loading the runtime; billed with the hooks.",
                    0.05,
                ),
                "snapstart",
            ),
            if_present(
                row(
                    "snapstart.just_published",
                    "Just published",
                    "The version is published at the start: its snapshot cache is cold.",
                    Input::Flag,
                ),
                "snapstart",
            ),
            if_present(
                number(
                    &F::SNAPSTART_FIRST_EXTRA_MS,
                    "First restore's extra",
                    "Extra time of a just-published version's first restore (0: none).",
                    10.0,
                ),
                "snapstart",
            ),
            if_present(
                number(
                    &F::SNAPSTART_DECAY_RESTORES,
                    "Cache warm-up",
                    "Restores over which the extra time falls to 1/e.",
                    1.0,
                ),
                "snapstart",
            ),
            row(
                "deploys",
                "Deploys",
                "One \"at_s image_changed_fraction\" pair per line: a new version goes live at \
                 at_s, retiring older environments; an image's changed share is in no cache.",
                Input::List {
                    format: Format::Pairs(&number_lists::DEPLOYS),
                    items: &[&F::DEPLOY_AT_S, &F::DEPLOY_CHANGED_FRACTION],
                },
            ),
        ],
    },
    Section {
        title: "Platform",
        scope: Scope::Variant,
        fields: &[
            number(
                &F::ACCOUNT_CONCURRENCY,
                "Account concurrency",
                "Regional quota shared by all functions (AWS default 1,000).",
                100.0,
            ),
            number(
                &F::RESERVED_CONCURRENCY,
                "Reserved concurrency",
                "This function's own cap; 0 stops it.",
                10.0,
            ),
            number(
                &F::PROVISIONED_COUNT,
                "Provisioned concurrency",
                "Environments initialised ahead of time; billed while enabled.",
                1.0,
            ),
            row(
                "platform.scaling.mode",
                "Scaling",
                "How fast new environments may be added.",
                Input::Shape(Shape::Scaling),
            ),
            when(
                number(
                    &F::SCALING_ENVS_PER_WINDOW,
                    "Environments per window",
                    "New environments per window, refilled continuously (AWS: 1,000).",
                    100.0,
                ),
                "platform.scaling.mode",
                "standard",
            ),
            when(
                number(
                    &F::SCALING_WINDOW_S,
                    "Window",
                    "Refill window (AWS: 10 s).",
                    1.0,
                ),
                "platform.scaling.mode",
                "standard",
            ),
            when(
                number(
                    &F::SCALING_INITIAL_BURST,
                    "Initial burst",
                    "Environments at once (3,000 / 1,000 / 500 by Region).",
                    100.0,
                ),
                "platform.scaling.mode",
                "legacy",
            ),
            when(
                number(
                    &F::SCALING_PER_MINUTE,
                    "Per minute",
                    "Environments added per minute after the burst (500).",
                    10.0,
                ),
                "platform.scaling.mode",
                "legacy",
            ),
            row(
                "platform.invocation_rate.mode",
                "Invocation rate",
                "Cap on synchronous requests per second (AWS: 10 × the concurrency quota).",
                Input::Shape(Shape::InvocationRate),
            ),
            when(
                number(
                    &F::INVOCATION_RATE_PER_S,
                    "Rate cap",
                    "Requests per second; a second's worth may come at once.",
                    100.0,
                ),
                "platform.invocation_rate.mode",
                "fixed",
            ),
            dist!(
                F::KEEP_ALIVE_S,
                "Keep-alive",
                "Idle time before an environment is reclaimed (observed: 5 to 7 min).",
            ),
            dist!(
                F::MAX_LIFETIME_S,
                "Max lifetime",
                "Age after which an idle environment is replaced (observed: about 2 h).",
            ),
            dist!(
                F::MICROVM_MS,
                "MicroVM start",
                "Placement and microVM start before the code is fetched.",
            ),
            number(
                &F::INIT_LIMIT_S,
                "Init limit",
                "A longer on-demand init fails and is retried in the invoke phase (AWS: 10 s).",
                1.0,
            ),
            row(
                "platform.proactive_init",
                "Proactive init",
                "The platform replaces some recycled environments off the request path.",
                Input::Presence,
            ),
            if_present(
                number(
                    &F::PROACTIVE_SHARE,
                    "Proactive share",
                    "Chance a recycled environment is replaced before a request needs it.",
                    0.05,
                ),
                "platform.proactive_init",
            ),
            row(
                "platform.placement",
                "Placement",
                "Which idle environment takes the next request.",
                Input::Choice(Options::Placement),
            ),
        ],
    },
];

// ─── Choice labels ──────────────────────────────────────────────────────────────────────────────

/// The words a choice shows. Exhaustive, so a new variant needs its label to compile.
trait Label: Choice {
    fn label(self) -> &'static str;
}

impl Label for WorkloadKind {
    fn label(self) -> &'static str {
        match self {
            WorkloadKind::Poisson => "Constant rate (Poisson)",
            WorkloadKind::Diurnal => "Daily cycle (sinusoidal)",
            WorkloadKind::Spikes => "Base rate with a spike",
            WorkloadKind::Steps => "Rate steps",
            WorkloadKind::Trace => "Replayed trace",
            WorkloadKind::Mix => "Mixture (parts read-only)",
        }
    }
}

impl Label for InvocationModel {
    fn label(self) -> &'static str {
        match self {
            InvocationModel::Sync => "Synchronous (RequestResponse)",
            InvocationModel::Async => "Asynchronous (Event)",
            InvocationModel::Stream => "Stream (Kinesis / DynamoDB)",
        }
    }
}

impl Label for Runtime {
    fn label(self) -> &'static str {
        match self {
            Runtime::Nodejs => "Node.js",
            Runtime::Python => "Python",
            Runtime::Java => "Java (JVM)",
            Runtime::Dotnet => ".NET",
            Runtime::DotnetAot => ".NET Native AOT",
            Runtime::Ruby => "Ruby",
            Runtime::Go => "Go (provided.al2023)",
            Runtime::Provided => "Custom runtime (e.g. Rust)",
        }
    }
}

impl Label for Architecture {
    fn label(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64 (Graviton)",
        }
    }
}

impl Label for PackageKind {
    fn label(self) -> &'static str {
        match self {
            PackageKind::Zip => "Zip archive",
            PackageKind::Image => "Container image",
        }
    }
}

impl Label for ZipUpload {
    fn label(self) -> &'static str {
        match self {
            ZipUpload::Direct => "Direct upload",
            ZipUpload::S3 => "From S3",
        }
    }
}

impl Label for Placement {
    fn label(self) -> &'static str {
        match self {
            Placement::MostRecentlyUsed => "Most recently used",
            Placement::LeastRecentlyUsed => "Least recently used",
            Placement::NewestCreated => "Newest created",
            Placement::Random => "Random",
        }
    }
}

impl Label for WarmupMode {
    fn label(self) -> &'static str {
        match self {
            WarmupMode::Runtime => "The runtime's curve",
            WarmupMode::None => "None",
            WarmupMode::Curve => "A curve of my own",
        }
    }
}

impl Label for InvocationRateMode {
    fn label(self) -> &'static str {
        match self {
            InvocationRateMode::Quota => "AWS quota (10 × concurrency)",
            InvocationRateMode::Fixed => "A fixed cap",
            InvocationRateMode::Unlimited => "Unlimited",
        }
    }
}

impl Label for ScalingMode {
    fn label(self) -> &'static str {
        match self {
            ScalingMode::Standard => "Standard (since Nov 2023)",
            ScalingMode::Legacy => "Legacy burst",
            ScalingMode::Unlimited => "Unlimited",
        }
    }
}

fn listed<T: Label>() -> Vec<(&'static str, &'static str)> {
    T::ALL.iter().map(|c| (c.id(), c.label())).collect()
}

impl Options {
    /// `(value, label)` of each choice, the default first.
    pub fn list(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Options::Runtime => listed::<Runtime>(),
            Options::Architecture => listed::<Architecture>(),
            Options::Upload => listed::<ZipUpload>(),
            Options::Placement => listed::<Placement>(),
        }
    }
}

impl Shape {
    /// `(value, label)` of each choice, the default first.
    pub fn list(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Shape::Workload => listed::<WorkloadKind>(),
            Shape::Package => listed::<PackageKind>(),
            Shape::Invocation => listed::<InvocationModel>(),
            Shape::Warmup => listed::<WarmupMode>(),
            Shape::InvocationRate => listed::<InvocationRateMode>(),
            Shape::Scaling => listed::<ScalingMode>(),
        }
    }

    /// Replaces the part of the draft this choice decides by the core's typed edit. The part is
    /// read as the core's type; one that does not parse (a value typed out of its type's
    /// range) is replaced from the new shape's defaults, as every part of a switched shape is.
    fn switch(self, draft: &mut Value, raw: &str) -> Result<(), String> {
        let unknown = || format!("'{raw}' is not one of the choices");
        match self {
            Shape::Workload => {
                let kind = WorkloadKind::from_id(raw).ok_or_else(unknown)?;
                let duration = get(draft, "duration_s")
                    .and_then(Value::as_f64)
                    .unwrap_or(1.0);
                let current = typed::<Workload>(draft, "workload").unwrap_or(Workload::Poisson {
                    rate_per_s: edit::start::FALLBACK_RATE_PER_S,
                });
                put(
                    draft,
                    "workload",
                    &edit::switch_workload(&current, kind, duration),
                );
            }
            Shape::Package => {
                let kind = PackageKind::from_id(raw).ok_or_else(unknown)?;
                let runtime =
                    typed::<Runtime>(draft, "function.runtime").unwrap_or(Runtime::Nodejs);
                let current = typed::<Package>(draft, "package").unwrap_or_else(|| match kind {
                    PackageKind::Zip => Package::image(1.0),
                    PackageKind::Image => Package::zip(1.0, 1.0),
                });
                put(
                    draft,
                    "package",
                    &edit::convert_package(&current, kind, runtime),
                );
            }
            Shape::Invocation => {
                let model = InvocationModel::from_id(raw).ok_or_else(unknown)?;
                if typed::<Invocation>(draft, "invocation").map(|i| i.model()) != Some(model) {
                    put(draft, "invocation", &edit::invocation_for(model));
                }
            }
            Shape::Warmup => {
                let mode = WarmupMode::from_id(raw).ok_or_else(unknown)?;
                let runtime =
                    typed::<Runtime>(draft, "function.runtime").unwrap_or(Runtime::Nodejs);
                if typed::<Warmup>(draft, "function.warmup").map(|w| w.mode()) != Some(mode) {
                    put(draft, "function.warmup", &edit::warmup_for(mode, runtime));
                }
            }
            Shape::InvocationRate => {
                let mode = InvocationRateMode::from_id(raw).ok_or_else(unknown)?;
                // A left-out account quota is the default one; `null` is none.
                let account = match get(draft, "platform.account_concurrency") {
                    None => Some(d::ACCOUNT_CONCURRENCY),
                    Some(v) => v.as_u64().and_then(|a| u32::try_from(a).ok()),
                };
                let path = "platform.invocation_rate";
                if typed::<InvocationRate>(draft, path).map(|r| r.mode()) != Some(mode) {
                    put(draft, path, &edit::invocation_rate_for(mode, account));
                }
            }
            Shape::Scaling => {
                let mode = ScalingMode::from_id(raw).ok_or_else(unknown)?;
                if typed::<Scaling>(draft, "platform.scaling").map(|s| s.mode()) != Some(mode) {
                    put(draft, "platform.scaling", &edit::scaling_for(mode));
                }
            }
        }
        Ok(())
    }
}

/// The part of the draft at `path` as the core's type, if it is one.
fn typed<T: DeserializeOwned>(draft: &Value, path: &str) -> Option<T> {
    get(draft, path).and_then(|v| crate::session::from_draft(v).ok())
}

/// Writes a typed value at `path`.
fn put<T: Serialize>(draft: &mut Value, path: &str, value: &T) {
    if let Some(v) = crate::session::draft_of(value) {
        set(draft, path, v);
    }
}

// ─── Controls ───────────────────────────────────────────────────────────────────────────────────

/// One concrete input to show, with its current text.
#[derive(Debug, Clone, PartialEq)]
pub struct Control {
    /// The field it comes from.
    pub field: &'static Field,
    /// Path it edits (a parameter path for [`Input::Params`]).
    pub path: String,
    /// Label (with the parameter name for [`Input::Params`]).
    pub label: String,
    /// Unit.
    pub unit: &'static str,
    /// Help with the allowed range.
    pub help: String,
    /// Current value as text ("" for absent or null; "true"/"false" for flags).
    pub value: String,
    /// Number bounds and step, for number inputs.
    pub bounds: Option<(f64, f64, f64)>,
    /// Placeholder for a blank number.
    pub placeholder: Option<&'static str>,
    /// Set when the value cannot be edited here (a mixture's parts).
    pub read_only_note: Option<String>,
    /// Edited as a list in a textarea (see [`number_lists`]) rather than a one-line input.
    pub list: Option<Format>,
    /// `(value, label)` of a drop-down's choices.
    pub options: Option<Vec<(&'static str, &'static str)>>,
}

/// Human names of parameters inside a [`Input::Params`] object.
fn param_label(key: &str) -> &str {
    match key {
        "value" => "constant",
        "std_dev" => "std dev",
        "p99_over_p50" => "p99 / p50",
        "mb" => "MB",
        other => other,
    }
}

/// Order of parameters inside a [`Input::Params`] object (JSON objects are unordered).
const PARAM_ORDER: &[&str] = &[
    "value",
    "mean",
    "median",
    "std_dev",
    "p99_over_p50",
    "min",
    "max",
    "fraction",
    "mb",
];

/// The controls to show for a draft, section by section.
pub fn controls(draft: &Value) -> Vec<(&'static Section, Vec<Control>)> {
    SECTIONS
        .iter()
        .map(|section| {
            let mut out = Vec::new();
            for f in section.fields {
                if is_shown(f, draft) {
                    expand(f, draft, &mut out);
                }
            }
            (section, out)
        })
        .collect()
}

fn is_shown(f: &Field, draft: &Value) -> bool {
    match f.shown {
        Shown::Always => true,
        Shown::When(path, expected) => choice_value(draft, path).as_deref() == Some(expected),
        Shown::Present(path) => get(draft, path).is_some_and(|v| !v.is_null()),
    }
}

/// The value of a choice in the draft; a left-out choice has its default, the first of its
/// list (the core tests that the default comes first).
fn choice_value(draft: &Value, path: &str) -> Option<String> {
    match get(draft, path) {
        Some(v) => v.as_str().map(str::to_string),
        None => field_for(path)
            .and_then(choices_of)
            .and_then(|list| list.first().map(|(id, _)| id.to_string())),
    }
}

fn choices_of(f: &Field) -> Option<Vec<(&'static str, &'static str)>> {
    match f.input {
        Input::Choice(options) => Some(options.list()),
        Input::Shape(shape) => Some(shape.list()),
        _ => None,
    }
}

/// The row whose range validation enforces on a number in this draft, where it depends on
/// another field: the zipped size's limit on the upload route.
fn row_in(spec: &'static FieldSpec, draft: &Value) -> &'static FieldSpec {
    if spec.path == F::ZIPPED_MB.path
        && get(draft, "package.upload").and_then(Value::as_str) == Some(ZipUpload::S3.id())
    {
        &F::ZIPPED_MB_S3
    } else {
        spec
    }
}

/// The text a row's blank stands for ("unlimited", "0"), or `None` when it is required.
fn blank_text(blank: Blank) -> Option<&'static str> {
    match blank {
        Blank::Required => None,
        Blank::Null(s) | Blank::Default(s) => Some(s),
    }
}

/// A spinner step for a distribution's parameter: 0.01 for fractions, 1 otherwise.
fn step_for(spec: &FieldSpec) -> f64 {
    if spec.max - spec.min <= 1.0 {
        0.01
    } else {
        1.0
    }
}

/// "Range 0–1." for a row, with its exclusive minimum said.
fn range_text(spec: &FieldSpec) -> String {
    let min = if spec.min_exclusive {
        format!("above {}", fmt_bound(spec.min))
    } else {
        fmt_bound(spec.min)
    };
    format!("Range {min}–{}.", fmt_bound(spec.max))
}

fn expand(f: &'static Field, draft: &Value, out: &mut Vec<Control>) {
    let current = get(draft, f.path);
    let base = Control {
        field: f,
        path: f.path.to_string(),
        label: f.label.to_string(),
        unit: f.unit(),
        help: f.help.to_string(),
        value: current.map(display).unwrap_or_default(),
        bounds: None,
        placeholder: None,
        read_only_note: None,
        list: None,
        options: None,
    };
    match f.input {
        Input::Number { spec, step } => {
            let spec = row_in(spec, draft);
            out.push(Control {
                help: format!("{} {}", f.help, range_text(spec)),
                bounds: Some((spec.min, spec.max, step)),
                placeholder: blank_text(spec.blank),
                ..base
            });
        }
        Input::Params(specs) => expand_params(f, specs, current, base, out),
        Input::Choice(_) | Input::Shape(_) => {
            let options = choices_of(f).unwrap_or_default();
            let value = choice_value(draft, f.path).unwrap_or_default();
            let known = options.iter().any(|(o, _)| *o == value);
            out.push(Control {
                read_only_note: (!known).then(|| format!("{} (from the preset)", base.value)),
                value,
                options: Some(options),
                ..base
            });
        }
        Input::Flag => out.push(Control {
            value: current
                .and_then(Value::as_bool)
                .unwrap_or(false)
                .to_string(),
            ..base
        }),
        Input::Presence => out.push(Control {
            value: current.is_some_and(|v| !v.is_null()).to_string(),
            ..base
        }),
        Input::Text { .. } => out.push(base),
        Input::List { format, .. } => {
            let value = match format {
                Format::Numbers => number_lists::write_numbers(&numbers_at(current)),
                Format::Pairs(pair) => number_lists::write_pairs(&pairs_at(current, pair)),
            };
            out.push(Control {
                help: format!("{} Range and order are checked on each edit.", f.help),
                value,
                list: Some(format),
                ..base
            });
        }
    }
}

/// The row of a parameter of a [`Input::Params`] object: the p99/p50 ratio's own, a keyed
/// object's row for its key, else the object's (a distribution's location parameters).
fn param_row(specs: &'static [&'static FieldSpec], key: &str) -> &'static FieldSpec {
    if key == "p99_over_p50" {
        return &F::P99_OVER_P50;
    }
    specs
        .iter()
        .copied()
        .find(|s| s.path.rsplit('.').next() == Some(key))
        .or(specs.first().copied())
        .unwrap_or(&F::P99_OVER_P50)
}

fn expand_params(
    f: &'static Field,
    specs: &'static [&'static FieldSpec],
    current: Option<&Value>,
    base: Control,
    out: &mut Vec<Control>,
) {
    let Some(main) = specs.first().copied() else {
        return;
    };
    let Some(Value::Object(map)) = current else {
        out.push(Control {
            help: format!(
                "{} Blank: {}.",
                f.help,
                blank_text(main.blank).unwrap_or("required")
            ),
            bounds: Some((main.min, main.max, step_for(main))),
            placeholder: blank_text(main.blank),
            ..base
        });
        return;
    };
    let tag = map.get("dist").and_then(Value::as_str);
    if tag == Some("empirical") {
        let samples = numbers_at(map.get("samples"));
        out.push(Control {
            path: format!("{}.samples", f.path),
            label: format!("{} · samples", f.label),
            help: format!(
                "{} (empirical: each request draws one of these measured values) \
                 Numbers separated by commas, spaces or newlines.",
                f.help
            ),
            value: number_lists::write_numbers(&samples),
            list: Some(Format::Numbers),
            ..base
        });
        return;
    }
    let kind = tag
        .map(|t| format!(" ({})", t.replace('_', "-")))
        .unwrap_or_default();
    for key in PARAM_ORDER {
        let Some(v) = map.get(*key) else { continue };
        let spec = param_row(specs, key);
        out.push(Control {
            path: format!("{}.{}", f.path, key),
            label: format!("{} · {}", f.label, param_label(key)),
            unit: spec.unit,
            help: format!("{}{} {}", f.help, kind, range_text(spec)),
            value: display(v),
            bounds: Some((spec.min, spec.max, step_for(spec))),
            ..base.clone()
        });
    }
}

/// The numbers of a JSON array (items that are not numbers are skipped: the core's validation
/// reports them when the draft is parsed).
fn numbers_at(v: Option<&Value>) -> Vec<f64> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// The pairs of an array of two-number objects (rate steps, deploys).
fn pairs_at(v: Option<&Value>, pair: &number_lists::Pair) -> Vec<(f64, f64)> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| Some((s.get(pair.first)?.as_f64()?, s.get(pair.second)?.as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// Parses a textarea's list into the JSON its field holds; the error names the input's path.
fn parse_list(format: Format, raw: &str) -> Result<Value, String> {
    let e = |e: number_lists::ListError| e.to_string();
    Ok(match format {
        Format::Numbers => Value::Array(
            number_lists::parse_numbers(raw)
                .map_err(e)?
                .into_iter()
                .map(n_to_value)
                .collect(),
        ),
        Format::Pairs(pair) => Value::Array(
            number_lists::parse_pairs(raw, pair)
                .map_err(e)?
                .into_iter()
                .map(|(a, b)| {
                    let mut item = Map::new();
                    item.insert(pair.first.to_string(), n_to_value(a));
                    item.insert(pair.second.to_string(), n_to_value(b));
                    Value::Object(item)
                })
                .collect(),
        ),
    })
}

fn fmt_bound(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        coldstart_prose::format::thousands(x as i64)
    } else {
        format!("{x}")
    }
}

/// Largest whole number the form writes as a JSON integer: the core's largest seed (2^53, which
/// a JavaScript number still holds exactly).
const MAX_WHOLE: f64 = d::MAX_SEED as f64;

/// The text a value shows in its input.
fn display(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        // serde_json writes a whole f64 as `12.0`; an input shows `12`.
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() <= MAX_WHOLE => format!("{}", x as i64),
            _ => n.to_string(),
        },
        other => crate::session::json_text(other),
    }
}

/// What an edit did to the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// A value changed; the panel's inputs stay as they are.
    Value,
    /// The shape changed (a pattern, package type or model): the panel must be rebuilt.
    Shape,
}

/// An input the draft cannot take, with the reason. Shown next to the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The input's path.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// The field a path belongs to (a parameter path belongs to its [`Input::Params`] field).
pub fn field_for(path: &str) -> Option<&'static Field> {
    SECTIONS.iter().flat_map(|s| s.fields.iter()).find(|f| {
        f.path == path
            || (matches!(f.input, Input::Params(_))
                && path
                    .strip_prefix(f.path)
                    .is_some_and(|rest| rest.starts_with('.')))
    })
}

/// The scope of the field behind a path.
pub fn scope_of(path: &str) -> Option<Scope> {
    let field = field_for(path)?;
    SECTIONS
        .iter()
        .find(|s| s.fields.iter().any(|f| std::ptr::eq(f, field)))
        .map(|s| s.scope)
}

/// The first whole-number field of a draft holding a number it cannot take at all (negative,
/// fractional, or too large for its type), as the field's own rule. The draft
/// keeps what was typed (ranges are the core's to judge), but such a value cannot even become
/// the typed scenario, whose readers would say only "invalid type: floating point `-5.0`,
/// expected u32": this names the field, the value as typed into the draft and the rule.
pub fn whole_number_problem(draft: &Value) -> Option<ScenarioError> {
    SECTIONS
        .iter()
        .flat_map(|s| s.fields.iter())
        .find_map(|f| match f.input {
            Input::Number { spec, .. } if spec.kind == Kind::Whole => {
                let value = get(draft, f.path)?;
                let n = value.as_number()?;
                // A whole number a `u32` field holds (or one in a wider field's range) parses;
                // the core then judges its range.
                let fits = n
                    .as_u64()
                    .is_some_and(|v| v <= u64::from(u32::MAX) || v as f64 <= spec.max);
                (!fits).then(|| {
                    let rule = spec
                        .rule()
                        .replacen("must be ", "must be a whole number ", 1);
                    ScenarioError::invalid(f.path, display(value), rule)
                })
            }
            _ => None,
        })
}

/// Applies the text of an input to a draft. Parsing problems (not a number, blank but required)
/// are errors here; ranges and consistency are left to the core's validation.
pub fn apply(draft: &mut Value, path: &str, raw: &str) -> Result<Edit, FieldError> {
    let err = |message: String| FieldError {
        path: path.to_string(),
        message,
    };
    let f = field_for(path).ok_or_else(|| err("no such input".to_string()))?;
    let raw = raw.trim();
    match f.input {
        Input::Shape(shape) => {
            shape.switch(draft, raw).map_err(err)?;
            Ok(Edit::Shape)
        }
        Input::Choice(options) => {
            if !options.list().iter().any(|(o, _)| *o == raw) {
                return Err(err(format!("'{raw}' is not one of the choices")));
            }
            set(draft, path, Value::String(raw.to_string()));
            // The zipped size's range follows the upload route: the panel is rebuilt with it.
            Ok(if options == Options::Upload {
                Edit::Shape
            } else {
                Edit::Value
            })
        }
        Input::Number { spec, .. } if spec.path == F::PROVISIONED_COUNT.path => {
            let n = parse_number(raw).map_err(err)?;
            let current = typed::<Provisioned>(draft, "provisioned");
            match n {
                None => set(draft, "provisioned", Value::Null),
                Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
                    match edit::provisioned_count(current.as_ref(), n as u32) {
                        Some(p) => put(draft, "provisioned", &p),
                        None => set(draft, "provisioned", Value::Null),
                    }
                }
                // Not a count: kept as typed, so the core's parse error names it.
                Some(n) => set(draft, path, n_to_value(n)),
            }
            Ok(Edit::Value)
        }
        Input::Flag => {
            set(draft, path, Value::Bool(raw == "true"));
            Ok(Edit::Value)
        }
        Input::Presence => {
            // Present with every setting at its default (each has one); the panel then shows
            // the settings.
            set(
                draft,
                path,
                if raw == "true" {
                    json!({})
                } else {
                    Value::Null
                },
            );
            Ok(Edit::Shape)
        }
        Input::Text { .. } => {
            set(draft, path, Value::String(raw.to_string()));
            Ok(Edit::Value)
        }
        Input::List { format, .. } => {
            set(draft, path, parse_list(format, raw).map_err(err)?);
            Ok(Edit::Value)
        }
        Input::Number { spec, .. } => {
            // A whole number is kept exact: past 2^53 a float would round 2^53 + 1 down to a
            // seed the core accepts.
            if spec.kind == Kind::Whole
                && let Ok(n) = raw.replace(['_', ','], "").parse::<u64>()
            {
                set(draft, path, Value::from(n));
                return Ok(Edit::Value);
            }
            match (parse_number(raw).map_err(err)?, spec.blank) {
                (Some(n), _) => set(draft, path, n_to_value(n)),
                (None, Blank::Required) => return Err(err("a value is required".to_string())),
                (None, Blank::Null(_)) => set(draft, path, Value::Null),
                (None, Blank::Default(_)) => remove(draft, path),
            }
            Ok(Edit::Value)
        }
        Input::Params(_)
            if path.strip_prefix(f.path) == Some(".samples")
                && get(draft, &format!("{}.dist", f.path)).and_then(Value::as_str)
                    == Some("empirical") =>
        {
            set(draft, path, parse_list(Format::Numbers, raw).map_err(err)?);
            Ok(Edit::Value)
        }
        Input::Params(specs) => {
            let blank = specs.first().map_or(Blank::Required, |s| s.blank);
            let n = parse_number(raw).map_err(err)?;
            if path == f.path {
                // The whole object was null or left out: a number makes it a constant (or the
                // first key's object); blank keeps it so.
                match (n, blank) {
                    (Some(n), _) => set(draft, path, from_scalar(specs, n)),
                    (None, Blank::Required) => return Err(err("a value is required".to_string())),
                    (None, Blank::Null(_)) => set(draft, path, Value::Null),
                    (None, Blank::Default(_)) => remove(draft, path),
                }
                return Ok(Edit::Shape);
            }
            match (n, blank) {
                (Some(n), _) => set(draft, path, n_to_value(n)),
                (None, Blank::Required) => return Err(err("a value is required".to_string())),
                (None, Blank::Null(_)) => {
                    set(draft, f.path, Value::Null);
                    return Ok(Edit::Shape);
                }
                (None, Blank::Default(_)) => {
                    remove(draft, f.path);
                    return Ok(Edit::Shape);
                }
            }
            Ok(Edit::Value)
        }
    }
}

/// The object a single number stands for when a [`Input::Params`] field was null or absent: a
/// constant distribution, or the first key's object (a fraction of the image for
/// `read_at_init`).
fn from_scalar(specs: &[&FieldSpec], n: f64) -> Value {
    match specs.first() {
        Some(spec) if spec.kind != Kind::Dist => {
            let key = spec.path.rsplit('.').next().unwrap_or(spec.path);
            let mut object = Map::new();
            object.insert(key.to_string(), n_to_value(n));
            Value::Object(object)
        }
        _ => json!({ "dist": "constant", "value": n }),
    }
}

/// Parses a number as typed; blank is `None`. Refuses NaN and infinities by name.
fn parse_number(raw: &str) -> Result<Option<f64>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    let cleaned: String = raw.chars().filter(|c| *c != '_' && *c != ',').collect();
    match coldstart_core::number::parse_f64(&cleaned) {
        Some(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(format!("'{raw}' is not a number")),
    }
}

/// Whole numbers as JSON integers (so `u32` fields deserialise), others as floats.
fn n_to_value(n: f64) -> Value {
    if n.fract() == 0.0 && (0.0..=MAX_WHOLE).contains(&n) {
        Value::from(n as u64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// One step of a path: an object key or an array index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `a.b[2].c` into steps. An unparsable index is kept as a key (and so finds nothing).
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            out.push(Step::Key(&rest[..open]));
            rest = &rest[open..];
            while let Some(close) = rest.find(']') {
                match rest[1..close].parse() {
                    Ok(i) => out.push(Step::Index(i)),
                    Err(_) => out.push(Step::Key(&rest[1..close])),
                }
                rest = &rest[close + 1..];
            }
        } else {
            out.push(Step::Key(rest));
        }
    }
    out
}

/// The value at a path, if present.
pub fn get<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path).iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(*k),
        Step::Index(i) => v.get(*i),
    })
}

/// Sets the value at a path, creating objects on the way (arrays must exist).
fn set(value: &mut Value, path: &str, new: Value) {
    let steps = steps(path);
    let mut v = value;
    for step in &steps {
        v = match step {
            Step::Key(k) => {
                if !v.is_object() {
                    *v = Value::Object(Map::new());
                }
                match v {
                    Value::Object(map) => map.entry(k.to_string()).or_insert(Value::Null),
                    _ => return,
                }
            }
            Step::Index(i) => match v.get_mut(*i) {
                Some(item) => item,
                None => return,
            },
        };
    }
    *v = new;
}

/// Removes the key at a path (so a serde default applies).
fn remove(value: &mut Value, path: &str) {
    let (parent, key) = match path.rsplit_once('.') {
        Some((parent, key)) => (get_mut(value, parent), key),
        None => (Some(value), path),
    };
    if let Some(Value::Object(map)) = parent {
        map.remove(key);
    }
}

fn get_mut<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    steps(path).iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(*k),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// The input that should show an error at `error_path`: the one with the longest path that is
/// the error's path or a prefix of it at a step boundary (so `function.handler_ms.median` goes
/// to that parameter, and `package` errors go to the package type).
pub fn input_for_error<'c>(controls: &'c [Control], error_path: &str) -> Option<&'c Control> {
    controls
        .iter()
        .filter(|c| {
            error_path == c.path
                || error_path
                    .strip_prefix(c.path.as_str())
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
        .max_by_key(|c| c.path.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use coldstart_core::scenario::choice::Choice;

    fn draft() -> Value {
        json!({
            "name": "api",
            "seed": 7,
            "duration_s": 600,
            "workload": { "kind": "poisson", "rate_per_s": 20.0 },
            "function": {
                "runtime": "nodejs",
                "memory_mb": 512,
                "handler_ms": { "dist": "log_normal", "median": 30.0, "p99_over_p50": 3.0 }
            },
            "package": { "type": "zip", "zipped_mb": 5.0, "unzipped_mb": 15.0 }
        })
    }

    /// What a number box takes is `str::parse::<f64>`'s grammar after dropping `_` and `,` (read
    /// through `coldstart_core::number::parse_f64` since the fifteenth round): pinned here so a
    /// change of reader cannot change what the page accepts.
    #[test]
    fn a_number_box_takes_what_it_always_took() {
        for (typed, read) in [
            ("", None),
            ("12", Some(12.0)),
            ("+12", Some(12.0)),
            ("-0", Some(-0.0)),
            ("007", Some(7.0)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("1e3", Some(1000.0)),
            ("1.5E-3", Some(0.0015)),
            ("1_000", Some(1000.0)),
            ("1,000.5", Some(1000.5)),
            ("1e-400", Some(0.0)),
            ("0.1", Some(0.1)),
        ] {
            let got = parse_number(typed).unwrap();
            assert_eq!(got.map(f64::to_bits), read.map(f64::to_bits), "{typed:?}");
        }
        for typed in [
            " 12",
            "12 ",
            "1e",
            "e3",
            ".",
            "+",
            "--1",
            "0x10",
            "1e400",
            "inf",
            "-Infinity",
            "NaN",
            "twelve",
            "1.2.3",
        ] {
            assert_eq!(
                parse_number(typed),
                Err(format!("'{typed}' is not a number")),
                "{typed:?}"
            );
        }
    }

    fn paths(d: &Value) -> Vec<String> {
        controls(d)
            .into_iter()
            .flat_map(|(_, cs)| cs.into_iter().map(|c| c.path))
            .collect()
    }

    fn input_of(path: &str) -> Input {
        (SECTIONS.iter().flat_map(|s| s.fields))
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no field {path}"))
            .input
    }

    /// What the core says of a draft: `Ok` or the path of its first problem.
    fn verdict(d: &Value) -> Result<(), String> {
        let s: coldstart_core::Scenario =
            serde_json::from_value(d.clone()).map_err(|e| format!("not a scenario: {e}"))?;
        coldstart_core::validate(&s).map_err(|e| e.path().unwrap_or_default().to_string())
    }

    /// Every number input's bounds are its row of the core's field table, and that row is what
    /// validation enforces: its largest value passes the row's rule, the next step past it and
    /// the step below its smallest are refused by it, at the input's path (the form once said
    /// 128–10,240 MB, 2^53 − 1 and 60 characters as its own literals).
    #[test]
    fn the_forms_limits_are_the_cores() {
        let mut checked = 0;
        for f in SECTIONS.iter().flat_map(|s| s.fields) {
            let Input::Number { spec, step } = f.input else {
                continue;
            };
            let base = showing(f);
            let spec = row_in(spec, &base);
            let shown = control(&base, f.path);
            assert_eq!(
                shown.bounds,
                Some((spec.min, spec.max, step)),
                "{}: the input's bounds are its row's",
                f.path
            );
            let rule = spec.rule();
            let at = |text: String| {
                let mut d = base.clone();
                apply(&mut d, f.path, &text).expect("a number");
                refusal(&d)
            };
            // Whole numbers typed as integers, exactly (2^53 + 1 is no float).
            let whole = spec.kind == Kind::Whole;
            let text = |x: f64| {
                if whole {
                    format!("{}", x as u64)
                } else {
                    x.to_string()
                }
            };
            let by_table = |r: &Option<(String, String)>| {
                r.as_ref()
                    .is_some_and(|(path, message)| path == f.path && message.contains(&rule))
            };
            // At its largest, the table's rule holds (another rule may still refuse: a zip
            // larger than its unzipped size, a run over budget).
            let largest = at(text(spec.max));
            assert!(
                !by_table(&largest),
                "{} = {}: {largest:?}",
                f.path,
                spec.max
            );
            let past = if whole {
                format!("{}", spec.max as u64 + 1)
            } else {
                (spec.max + step).to_string()
            };
            assert!(by_table(&at(past)), "{} past {}", f.path, spec.max);
            let lowest = if spec.min_exclusive {
                spec.min + step.min(1.0)
            } else {
                spec.min
            };
            assert!(!by_table(&at(text(lowest))), "{} = {lowest}", f.path);
            let below = if spec.min_exclusive {
                spec.min
            } else {
                spec.min - step
            };
            // A whole field's type refuses a negative before its range does.
            if !whole || below >= 0.0 {
                let r = at(text(below));
                assert!(by_table(&r), "{} = {below}: {r:?}", f.path);
            }
            checked += 1;
        }
        assert!(checked >= 40, "{checked} number rows");
    }

    /// A draft in which `f` is shown: the choices and optional objects it depends on are set
    /// through the form itself (on a Python zip, which SnapStart allows).
    fn showing(f: &Field) -> Value {
        let mut d = draft();
        apply(&mut d, "function.runtime", "python").expect("a runtime");
        match f.shown {
            Shown::Always => {}
            Shown::When(path, value) => {
                apply(&mut d, path, value).expect("a choice");
            }
            Shown::Present(path) => {
                apply(&mut d, path, "true").expect("a presence");
            }
        }
        assert_eq!(verdict(&d), Ok(()), "{}", f.path);
        d
    }

    /// The core's refusal of a draft: its path and message, or `None` when it validates.
    fn refusal(d: &Value) -> Option<(String, String)> {
        let s: coldstart_core::Scenario = match serde_json::from_value(d.clone()) {
            Ok(s) => s,
            Err(e) => return Some((String::new(), e.to_string())),
        };
        coldstart_core::validate(&s).err().map(|e| {
            let path = e.path().unwrap_or_default().to_string();
            (path, e.to_string())
        })
    }

    /// The zipped size's range is the one validation enforces for the chosen upload route (the
    /// form once said "Range 0–250" while 50 MB was enforced, with no upload input at all).
    #[test]
    fn the_zipped_range_follows_the_upload_route() {
        let shown = |d: &Value| {
            (controls(d).into_iter().flat_map(|(_, cs)| cs))
                .find(|c| c.path == "package.zipped_mb")
                .expect("a zip shows its zipped size")
        };
        for (upload, expected) in [
            ("direct", d::ZIP_DIRECT_MAX_ZIPPED_MB),
            ("s3", d::ZIP_MAX_UNZIPPED_MB),
        ] {
            let mut base = draft();
            assert_eq!(apply(&mut base, "package.upload", upload), Ok(Edit::Shape));
            apply(
                &mut base,
                "package.unzipped_mb",
                &d::ZIP_MAX_UNZIPPED_MB.to_string(),
            )
            .expect("a number");
            let control = shown(&base);
            let (min, max, step) = control.bounds.expect("a number input");
            assert_eq!(max, expected, "{upload}");
            assert!(
                control
                    .help
                    .ends_with(&format!("Range {}–{}.", fmt_bound(min), fmt_bound(max))),
                "{}",
                control.help
            );
            let at = |x: f64| {
                let mut dr = base.clone();
                apply(&mut dr, "package.zipped_mb", &x.to_string()).expect("a number");
                verdict(&dr)
            };
            assert_eq!(at(max), Ok(()), "{upload}: {max}");
            assert_eq!(
                at(max + step),
                Err("package.zipped_mb".to_string()),
                "{upload}"
            );
        }
        assert!(apply(&mut draft(), "package.upload", "ftp").is_err());
    }

    #[test]
    fn every_seed_and_name_the_core_takes_can_be_typed() {
        let Input::Number { spec, .. } = input_of("seed") else {
            panic!("the seed is a number");
        };
        assert_eq!(spec.max, d::MAX_SEED as f64);
        let mut dr = draft();
        apply(&mut dr, "seed", &d::MAX_SEED.to_string()).expect("the largest seed");
        assert_eq!(dr["seed"], json!(d::MAX_SEED), "an integer, not a float");
        assert_eq!(verdict(&dr), Ok(()));

        let Input::Text { max_chars } = input_of("name") else {
            panic!("the name is text");
        };
        let mut dr = draft();
        apply(&mut dr, "name", &"é".repeat(max_chars)).expect("text");
        assert_eq!(verdict(&dr), Ok(()), "{max_chars} characters");
        apply(&mut dr, "name", &"é".repeat(max_chars + 1)).expect("text");
        assert_eq!(verdict(&dr), Err("name".to_string()));
    }

    #[test]
    fn only_the_current_shape_is_shown() {
        let d = draft();
        let p = paths(&d);
        assert!(p.contains(&"workload.rate_per_s".to_string()));
        assert!(!p.contains(&"workload.mean_rate_per_s".to_string()));
        assert!(p.contains(&"package.unzipped_mb".to_string()));
        assert!(!p.contains(&"package.image_mb".to_string()));
        assert!(p.contains(&"function.handler_ms.median".to_string()));
        assert!(p.contains(&"function.handler_ms.p99_over_p50".to_string()));
    }

    #[test]
    fn numbers_land_at_their_path_and_text_is_refused_by_name() {
        let mut d = draft();
        assert_eq!(apply(&mut d, "function.memory_mb", "1024"), Ok(Edit::Value));
        assert_eq!(d["function"]["memory_mb"], json!(1024));
        assert_eq!(
            apply(&mut d, "function.handler_ms.median", "12.5"),
            Ok(Edit::Value)
        );
        assert_eq!(d["function"]["handler_ms"]["median"], json!(12.5));
        let e = apply(&mut d, "function.memory_mb", "lots").unwrap_err();
        assert_eq!(e.path, "function.memory_mb");
        assert!(
            e.message.contains("'lots' is not a number"),
            "{}",
            e.message
        );
        assert!(apply(&mut d, "function.memory_mb", "NaN").is_err());
        assert_eq!(
            d["function"]["memory_mb"],
            json!(1024),
            "a refused edit leaves the draft"
        );
    }

    #[test]
    fn blanks_mean_null_or_default_as_documented() {
        let mut d = draft();
        apply(&mut d, "platform.account_concurrency", "").unwrap();
        assert_eq!(d["platform"]["account_concurrency"], Value::Null);
        apply(&mut d, "provisioned.count", "5").unwrap();
        assert_eq!(d["provisioned"]["count"], json!(5));
        apply(&mut d, "provisioned.count", "0").unwrap();
        assert_eq!(d["provisioned"], Value::Null);
        assert!(apply(&mut d, "function.memory_mb", "").is_err());
    }

    #[test]
    fn switching_the_pattern_keeps_the_rate() {
        let mut d = draft();
        assert_eq!(apply(&mut d, "workload.kind", "spikes"), Ok(Edit::Shape));
        assert_eq!(d["workload"]["base_rate_per_s"], json!(20.0));
        assert_eq!(d["workload"]["spikes"][0]["at_s"], json!(200.0));
        apply(&mut d, "workload.spikes[0].rate_per_s", "99").unwrap();
        assert_eq!(d["workload"]["spikes"][0]["rate_per_s"], json!(99));
        apply(&mut d, "workload.kind", "diurnal").unwrap();
        assert_eq!(d["workload"]["mean_rate_per_s"], json!(20.0));
        let s: coldstart_core::Scenario = serde_json::from_value(d).expect("still a scenario");
        assert!(matches!(
            s.workload,
            coldstart_core::scenario::Workload::Diurnal { .. }
        ));
    }

    #[test]
    fn choosing_mix_wraps_the_current_workload() {
        let mut d = draft();
        let before = d["workload"].clone();
        assert_eq!(apply(&mut d, "workload.kind", "mix"), Ok(Edit::Shape));
        assert_eq!(d["workload"], json!({ "kind": "mix", "parts": [before] }));
        let s: coldstart_core::Scenario = serde_json::from_value(d).expect("still a scenario");
        coldstart_core::validation::validate(&s).expect("a one-part mix is valid");
    }

    #[test]
    fn switching_package_type_gives_a_parseable_scenario() {
        let mut d = draft();
        apply(&mut d, "package.type", "image").unwrap();
        assert_eq!(
            serde_json::from_value::<Package>(d["package"].clone()).unwrap(),
            Package::image(15.0)
        );
        apply(&mut d, "package.type", "zip").unwrap();
        assert_eq!(d["package"]["unzipped_mb"], json!(15.0));
        apply(&mut d, "invocation.model", "stream").unwrap();
        let s: coldstart_core::Scenario = serde_json::from_value(d).expect("still a scenario");
        assert!(matches!(
            s.invocation,
            coldstart_core::scenario::Invocation::Stream { .. }
        ));
    }

    #[test]
    fn errors_find_the_deepest_matching_input() {
        let d = draft();
        let all: Vec<Control> = controls(&d).into_iter().flat_map(|(_, c)| c).collect();
        let hit = |p: &str| input_for_error(&all, p).map(|c| c.path.clone());
        assert_eq!(
            hit("function.handler_ms.median").as_deref(),
            Some("function.handler_ms.median")
        );
        assert_eq!(
            hit("function.memory_mb").as_deref(),
            Some("function.memory_mb")
        );
        assert_eq!(hit("package.layers").as_deref(), Some("package.layers"));
        assert_eq!(
            hit("function.memory").as_deref(),
            None,
            "no match across a step boundary"
        );
        assert_eq!(hit("prices.per_request_usd"), None);
    }

    fn control(d: &Value, path: &str) -> Control {
        controls(d)
            .into_iter()
            .flat_map(|(_, cs)| cs)
            .find(|c| c.path == path)
            .unwrap_or_else(|| panic!("no control at {path}"))
    }

    fn scenario(d: &Value) -> coldstart_core::Scenario {
        serde_json::from_value(d.clone()).expect("a scenario")
    }

    #[test]
    fn trace_steps_and_samples_show_their_lists_and_re_serialise_to_the_same_scenario() {
        let mut d = draft();
        d["workload"] = json!({ "kind": "trace", "arrivals_ms": [0, 12.5, 1000.25, 30] });
        d["function"]["handler_ms"] = json!({ "dist": "empirical", "samples": [3, 4.5, 120] });
        let trace = control(&d, "workload.arrivals_ms");
        assert_eq!(trace.value, "0, 12.5, 1000.25, 30");
        assert_eq!(trace.list, Some(Format::Numbers));
        let samples = control(&d, "function.handler_ms.samples");
        assert_eq!(samples.value, "3, 4.5, 120");
        let before = scenario(&d);
        let mut again = d.clone();
        apply(&mut again, &trace.path, &trace.value).unwrap();
        apply(&mut again, &samples.path, &samples.value).unwrap();
        assert_eq!(scenario(&again), before);

        d["workload"] = json!({ "kind": "steps", "steps": [
            { "at_s": 0, "rate_per_s": 5.0 }, { "at_s": 60, "rate_per_s": 0.25 } ] });
        let steps = control(&d, "workload.steps");
        assert_eq!(steps.value, "0 5\n60 0.25");
        let before = scenario(&d);
        let mut again = d.clone();
        assert_eq!(
            apply(&mut again, &steps.path, &steps.value),
            Ok(Edit::Value)
        );
        assert_eq!(scenario(&again), before);
    }

    #[test]
    fn typed_lists_land_in_the_draft_and_bad_tokens_are_refused_by_name() {
        let mut d = draft();
        assert_eq!(apply(&mut d, "workload.kind", "trace"), Ok(Edit::Shape));
        apply(&mut d, "workload.arrivals_ms", "5, 10\n 250 4000").unwrap();
        assert_eq!(d["workload"]["arrivals_ms"], json!([5, 10, 250, 4000]));
        let e = apply(&mut d, "workload.arrivals_ms", "5, 10\n1O0").unwrap_err();
        assert_eq!(e.path, "workload.arrivals_ms");
        assert!(
            e.message
                .contains("line 2, number 3: '1O0' is not a number"),
            "{}",
            e.message
        );
        assert_eq!(
            d["workload"]["arrivals_ms"],
            json!([5, 10, 250, 4000]),
            "draft kept"
        );

        apply(&mut d, "workload.kind", "steps").unwrap();
        apply(&mut d, "workload.steps", "0 2\n30 40").unwrap();
        assert_eq!(
            d["workload"]["steps"][1],
            json!({ "at_s": 30, "rate_per_s": 40 })
        );
        let e = apply(&mut d, "workload.steps", "0 2\n30").unwrap_err();
        assert!(
            e.message.contains("line 2: has one number"),
            "{}",
            e.message
        );

        d["function"]["handler_ms"] = json!({ "dist": "empirical", "samples": [1] });
        let e = apply(&mut d, "function.handler_ms.samples", "2 fast").unwrap_err();
        assert!(e.message.contains("'fast'"), "{}", e.message);
        apply(&mut d, "function.handler_ms.samples", "2 3").unwrap();
        assert_eq!(d["function"]["handler_ms"]["samples"], json!([2, 3]));
    }

    #[test]
    fn switching_to_steps_or_trace_starts_from_the_current_rate_and_validates() {
        for kind in ["steps", "trace"] {
            let mut d = draft();
            apply(&mut d, "workload.kind", kind).unwrap();
            let s = scenario(&d);
            crate::run::validate(&s).unwrap_or_else(|e| panic!("{kind}: {e}"));
        }
        let mut d = draft();
        apply(&mut d, "workload.kind", "steps").unwrap();
        assert_eq!(d["workload"]["steps"][0]["rate_per_s"], json!(20.0));
        assert_eq!(d["workload"]["steps"][1]["rate_per_s"], json!(40.0));
        apply(&mut d, "workload.kind", "trace").unwrap();
        let arrivals = d["workload"]["arrivals_ms"].as_array().unwrap();
        assert_eq!(arrivals.len(), edit::start::TRACE_ARRIVALS);
        assert_eq!(arrivals[1], json!(50.0), "20 req/s is one every 50 ms");
        apply(&mut d, "workload.kind", "poisson").unwrap();
        let per_s = edit::start::TRACE_ARRIVALS as f64 / 600.0;
        assert_eq!(
            d["workload"]["rate_per_s"],
            json!(per_s),
            "a trace's count over the run"
        );
    }

    /// The rows of the field table that the form's rows edit.
    fn rows_in_form() -> Vec<&'static FieldSpec> {
        let mut out = Vec::new();
        for f in SECTIONS.iter().flat_map(|s| s.fields) {
            match f.input {
                Input::Number { spec, .. } => out.push(spec),
                Input::Params(specs) | Input::List { items: specs, .. } => {
                    out.extend(specs.iter().copied())
                }
                _ => {}
            }
        }
        out
    }

    /// Adding a validated field is a core row plus one form row: a row of the core's field
    /// table with neither a form row nor an entry in `NOT_IN_FORM` fails here, and so does an
    /// entry that no longer exempts anything.
    #[test]
    fn every_validated_field_has_a_form_row_or_an_exemption() {
        let in_form = rows_in_form();
        // The zipped size's S3 row is the same input's range when the upload route is S3.
        let mut s3 = draft();
        apply(&mut s3, "package.upload", "s3").unwrap();
        let alternates = [row_in(&F::ZIPPED_MB, &s3)];
        let exempt = |path: &str| NOT_IN_FORM.iter().find(|(p, _)| path.starts_with(p));
        let mut missing = Vec::new();
        for spec in F::ALL {
            let shown = in_form
                .iter()
                .chain(&alternates)
                .any(|r| std::ptr::eq(*r, *spec) || **r == **spec);
            match (shown, exempt(spec.path)) {
                (true, Some((p, _))) => panic!("{} has a form row and is exempt by {p}", spec.path),
                (false, None) => missing.push(spec.path),
                _ => {}
            }
        }
        assert!(missing.is_empty(), "no form row nor exemption: {missing:?}");
        for (prefix, why) in NOT_IN_FORM {
            assert!(!why.is_empty());
            assert!(
                F::ALL.iter().any(|s| s.path.starts_with(prefix)),
                "{prefix} exempts nothing"
            );
        }
    }

    #[test]
    fn choice_lists_are_the_enums_with_the_default_shown_when_left_out() {
        let d = draft();
        let runtime = control(&d, "function.runtime");
        let ids: Vec<&str> = runtime.options.unwrap().iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, Runtime::ALL.iter().map(|r| r.id()).collect::<Vec<_>>());
        // The draft leaves these out: each shows the schema's default.
        assert_eq!(control(&d, "function.warmup.mode").value, "runtime");
        assert_eq!(control(&d, "platform.scaling.mode").value, "standard");
        assert_eq!(control(&d, "platform.invocation_rate.mode").value, "quota");
        assert_eq!(control(&d, "package.upload").value, "direct");
        let e = apply(&mut draft(), "invocation.model", "batch").unwrap_err();
        assert!(
            e.message.contains("'batch' is not one of the choices"),
            "{}",
            e.message
        );
    }

    #[test]
    fn warm_up_rate_cap_and_scaling_start_from_the_cores_defaults() {
        let mut d = draft();
        assert!(!paths(&d).contains(&"function.warmup.first_factor".to_string()));
        assert_eq!(
            apply(&mut d, "function.warmup.mode", "curve"),
            Ok(Edit::Shape)
        );
        let (first, decay) = d::warmup_curve(Runtime::Nodejs);
        assert_eq!(
            control(&d, "function.warmup.first_factor").value,
            first.to_string()
        );
        assert_eq!(
            control(&d, "function.warmup.decay_invocations").value,
            decay.to_string()
        );
        apply(&mut d, "platform.invocation_rate.mode", "fixed").unwrap();
        let cap = d::ACCOUNT_CONCURRENCY * d::INVOCATIONS_PER_S_PER_CONCURRENCY;
        assert_eq!(
            control(&d, "platform.invocation_rate.per_s").value,
            cap.to_string()
        );
        apply(&mut d, "platform.scaling.mode", "legacy").unwrap();
        assert_eq!(
            control(&d, "platform.scaling.initial_burst").value,
            d::LEGACY_BURST.to_string()
        );
        assert_eq!(verdict(&d), Ok(()));
        let s = scenario(&d);
        assert_eq!(s.function.warmup.mode(), WarmupMode::Curve);
        assert_eq!(s.platform.invocation_rate.mode(), InvocationRateMode::Fixed);
    }

    #[test]
    fn snapstart_proactive_init_and_deploys_are_edited_in_the_form() {
        let mut d = draft();
        apply(&mut d, "function.runtime", "python").unwrap();
        assert!(!paths(&d).contains(&"snapstart.runtime_load_share".to_string()));
        assert_eq!(apply(&mut d, "snapstart", "true"), Ok(Edit::Shape));
        let share = control(&d, "snapstart.runtime_load_share");
        assert_eq!((share.value.as_str(), share.placeholder), ("", Some("0.5")));
        apply(&mut d, "snapstart.just_published", "true").unwrap();
        apply(&mut d, "snapstart.after_restore_hook_ms", "250").unwrap();
        apply(&mut d, "snapstart.snapshot_cache.first_extra_ms", "400").unwrap();
        apply(&mut d, "platform.proactive_init", "true").unwrap();
        apply(&mut d, "platform.proactive_init.share", "0.25").unwrap();
        apply(&mut d, "deploys", "120 1\n300 0.5").unwrap();
        assert_eq!(control(&d, "deploys").value, "120 1\n300 0.5");
        let s = scenario(&d);
        let snap = s.snapstart.as_ref().expect("SnapStart on");
        assert!(snap.just_published);
        assert_eq!(
            snap.after_restore_hook_ms,
            coldstart_core::Dist::constant(250.0)
        );
        assert_eq!(snap.snapshot_cache.first_extra_ms, 400.0);
        assert_eq!(s.platform.proactive_init.map(|p| p.share), Some(0.25));
        assert_eq!(
            s.deploys
                .iter()
                .map(|d| (d.at_s, d.image_changed_fraction))
                .collect::<Vec<_>>(),
            vec![(120.0, 1.0), (300.0, 0.5)]
        );
        assert_eq!(verdict(&d), Ok(()));
        // A bad fraction is the core's to refuse, at the item's path.
        apply(&mut d, "deploys", "120 1.5").unwrap();
        assert_eq!(
            verdict(&d),
            Err("deploys[0].image_changed_fraction".to_string())
        );
        let e = apply(&mut d, "deploys", "120").unwrap_err();
        assert!(
            e.message.contains("at_s image_changed_fraction"),
            "{}",
            e.message
        );
        apply(&mut d, "snapstart", "false").unwrap();
        assert_eq!(d["snapstart"], Value::Null);
    }

    #[test]
    fn an_images_base_is_blank_for_the_runtimes_and_typed_otherwise() {
        let mut d = draft();
        apply(&mut d, "package.type", "image").unwrap();
        let base = control(&d, "package.base_mb");
        assert_eq!(base.placeholder, Some("the runtime's AWS base image"));
        apply(&mut d, "package.base_mb", "5").unwrap();
        assert_eq!(verdict(&d), Ok(()));
        apply(&mut d, "package.base_mb", "50").unwrap();
        assert_eq!(
            verdict(&d),
            Err("package.base_mb".to_string()),
            "larger than the image"
        );
        apply(&mut d, "package.base_mb", "").unwrap();
        assert_eq!(get(&d, "package.base_mb"), None, "blank: the default again");
        assert_eq!(verdict(&d), Ok(()));
    }

    #[test]
    fn shared_and_variant_scopes() {
        assert_eq!(scope_of("workload.rate_per_s"), Some(Scope::Shared));
        assert_eq!(scope_of("seed"), Some(Scope::Shared));
        assert_eq!(scope_of("function.handler_ms.median"), Some(Scope::Variant));
        assert_eq!(scope_of("nonsense"), None);
    }
}

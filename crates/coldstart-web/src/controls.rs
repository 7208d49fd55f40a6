//! The scenario panel as data: which inputs exist, their labels, units, ranges and help, and how a
//! typed value lands in a scenario.
//!
//! The page edits a scenario as JSON (a draft), addressed by the same dotted paths that
//! [`coldstart_core::ScenarioError::path`] reports (`function.memory_mb`, `workload.spikes[0].at_s`),
//! so a validation error finds its input by path alone. Drafts may hold invalid values: the user's
//! text is kept while the last good charts stay on screen.
//!
//! The bounds of the inputs that have a platform limit are the core's constants
//! (`coldstart_core::defaults`), so the form and the validator cannot disagree; the core's
//! validation stays the authority and its message is what the page shows next to an input.

use crate::number_lists::{self, Format};
use coldstart_core::defaults as d;
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

/// What a blank numeric input means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// Not allowed: the field is required.
    Required,
    /// JSON `null`, which the schema reads as the given meaning ("unlimited", "never").
    Null(&'static str),
    /// Remove the key, so the schema's default applies.
    Default(&'static str),
}

/// The kind of input and its constraints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    /// A number in `[min, max]`, moved by `step`.
    Number {
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
        /// Step of the spinner; 1 for integer fields.
        step: f64,
        /// Meaning of an empty input.
        blank: Blank,
    },
    /// One of a fixed set of strings: `(value, label)`.
    Choice(&'static [(&'static str, &'static str)]),
    /// A boolean field.
    Flag,
    /// An optional object that is either present (with its defaults) or `null`.
    Presence,
    /// Free text (the variant's name), at most `max_chars` characters.
    Text {
        /// Longest accepted text, characters.
        max_chars: usize,
    },
    /// A list of numbers typed into a textarea: a trace's arrival times or a workload's rate
    /// steps, written in the given format.
    List(Format),
    /// A [`coldstart_core::Dist`] (or another tagged object of numbers): one number input per
    /// parameter of its current kind, all sharing the range of its main value.
    Params {
        /// Smallest allowed parameter value.
        min: f64,
        /// Largest allowed parameter value.
        max: f64,
        /// Meaning of an empty input when the whole object may be `null`.
        blank: Blank,
    },
}

/// One input of the scenario panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Dotted path in the scenario JSON.
    pub path: &'static str,
    /// Short label.
    pub label: &'static str,
    /// Unit shown after the label ("" for none).
    pub unit: &'static str,
    /// One sentence of help; the allowed range is appended when shown.
    pub help: &'static str,
    /// Input kind and constraints.
    pub input: Input,
    /// Shown only while the value at this path equals this string (e.g. the workload kind).
    pub when: Option<(&'static str, &'static str)>,
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

/// Values the page fills in when the user switches a structural choice (workload pattern,
/// package type, invocation model) and the new shape needs numbers the old one did not have.
/// They are starting points the user then edits, not model constants.
pub mod switch_defaults {
    /// Diurnal: relative swing of the rate.
    pub const DIURNAL_AMPLITUDE: f64 = 0.5;
    /// Spikes: the spike starts at this fraction of the run.
    pub const SPIKE_AT_FRACTION: f64 = 1.0 / 3.0;
    /// Spikes: the spike lasts this fraction of the run.
    pub const SPIKE_LENGTH_FRACTION: f64 = 0.1;
    /// Spikes: the spike adds this multiple of the base rate.
    pub const SPIKE_RATE_FACTOR: f64 = 10.0;
    /// Rate used when the previous pattern had none (a trace), requests per second.
    pub const FALLBACK_RATE_PER_S: f64 = 10.0;
    /// Steps: the second step starts at this fraction of the run.
    pub const STEP_AT_FRACTION: f64 = 0.5;
    /// Steps: the second step's rate is this multiple of the first.
    pub const STEP_RATE_FACTOR: f64 = 2.0;
    /// Trace: arrivals in the starting trace, evenly spaced at the previous mean rate — a short
    /// example to edit or paste over, not a whole run's worth.
    pub const TRACE_ARRIVALS: usize = 10;
    /// Zip from image: compressed size as a fraction of the unpacked code (deflate on code and
    /// dependencies typically gives 3:1).
    pub const ZIP_RATIO: f64 = 1.0 / 3.0;
    /// Zip from image: the unzipped limit, MB (AWS quota for function plus layers).
    pub const ZIP_UNZIPPED_LIMIT_MB: f64 = 250.0;
    /// Stream: AWS defaults of an event source mapping (1 shard for a small stream).
    pub const STREAM_SHARDS: u32 = 1;
    /// Stream: records per batch (AWS default 100).
    pub const STREAM_BATCH_SIZE: u32 = 100;
    /// Stream: batching window, seconds (AWS default 0).
    pub const STREAM_BATCHING_WINDOW_S: f64 = 0.0;
    /// Stream: concurrent batches per shard (AWS default 1).
    pub const STREAM_PARALLELIZATION: u32 = 1;
}

/// Largest whole number the form writes as a JSON integer: the core's largest seed (2^53, which
/// a JavaScript number still holds exactly).
const MAX_WHOLE: f64 = d::MAX_SEED as f64;

/// A core limit as the bound of a numeric input.
const fn limit(n: u32) -> f64 {
    n as f64
}

const fn number(min: f64, max: f64, step: f64) -> Input {
    Input::Number {
        min,
        max,
        step,
        blank: Blank::Required,
    }
}

const fn field(
    path: &'static str,
    label: &'static str,
    unit: &'static str,
    help: &'static str,
    input: Input,
) -> Field {
    Field {
        path,
        label,
        unit,
        help,
        input,
        when: None,
    }
}

const fn when(mut f: Field, path: &'static str, value: &'static str) -> Field {
    f.when = Some((path, value));
    f
}

/// Workload pattern choices. A `mix`'s parts cannot be edited in the form: one from a preset or
/// link is kept as is until another pattern is chosen, and choosing "mix" wraps the current
/// workload as its only part.
const PATTERNS: &[(&str, &str)] = &[
    ("poisson", "Constant rate (Poisson)"),
    ("diurnal", "Daily cycle (sinusoidal)"),
    ("spikes", "Base rate with a spike"),
    ("steps", "Rate steps"),
    ("trace", "Replayed trace"),
    ("mix", "Mixture (parts read-only)"),
];

const INVOCATIONS: &[(&str, &str)] = &[
    ("sync", "Synchronous (RequestResponse)"),
    ("async", "Asynchronous (Event)"),
    ("stream", "Stream (Kinesis / DynamoDB)"),
];

const RUNTIMES: &[(&str, &str)] = &[
    ("nodejs", "Node.js"),
    ("python", "Python"),
    ("java", "Java (JVM)"),
    ("dotnet", ".NET"),
    ("dotnet_aot", ".NET Native AOT"),
    ("ruby", "Ruby"),
    ("go", "Go (provided.al2023)"),
    ("provided", "Custom runtime (e.g. Rust)"),
];

const ARCHITECTURES: &[(&str, &str)] = &[("x86_64", "x86_64"), ("arm64", "arm64 (Graviton)")];

const PACKAGES: &[(&str, &str)] = &[("zip", "Zip archive"), ("image", "Container image")];

/// How a zip reaches Lambda (`package.upload`): it decides the zipped-size limit.
const UPLOADS: &[(&str, &str)] = &[("direct", "Direct upload"), ("s3", "From S3")];

const PLACEMENTS: &[(&str, &str)] = &[
    ("most_recently_used", "Most recently used"),
    ("least_recently_used", "Least recently used"),
    ("newest_created", "Newest created"),
    ("random", "Random"),
];

/// The whole panel, in display order.
pub const SECTIONS: &[Section] = &[
    Section {
        title: "Workload",
        scope: Scope::Shared,
        fields: &[
            field(
                "workload.kind",
                "Arrival pattern",
                "",
                "How requests arrive over time. A mixture comes from a preset or link and \
                 cannot be edited here: choose another pattern to edit.",
                Input::Choice(PATTERNS),
            ),
            when(
                field(
                    "workload.steps",
                    "Rate steps",
                    "s, req/s",
                    "One \"at_s rate_per_s\" pair per line, in increasing time; each rate holds \
                     until the next step, and the rate before the first is zero.",
                    Input::List(Format::Pairs),
                ),
                "workload.kind",
                "steps",
            ),
            when(
                field(
                    "workload.arrivals_ms",
                    "Arrival times",
                    "ms",
                    "One request at each time, in milliseconds from the start, separated by \
                     commas, spaces or newlines; any order.",
                    Input::List(Format::Numbers),
                ),
                "workload.kind",
                "trace",
            ),
            when(
                field(
                    "workload.rate_per_s",
                    "Rate",
                    "req/s",
                    "Mean arrivals per second.",
                    number(0.0, d::MAX_RATE_PER_S, 1.0),
                ),
                "workload.kind",
                "poisson",
            ),
            when(
                field(
                    "workload.mean_rate_per_s",
                    "Mean rate",
                    "req/s",
                    "Average over one cycle.",
                    number(0.0, d::MAX_RATE_PER_S, 1.0),
                ),
                "workload.kind",
                "diurnal",
            ),
            when(
                field(
                    "workload.amplitude",
                    "Amplitude",
                    "",
                    "Relative swing around the mean: 0 is flat, 1 drops to zero at the trough.",
                    number(0.0, 1.0, 0.05),
                ),
                "workload.kind",
                "diurnal",
            ),
            when(
                field(
                    "workload.period_s",
                    "Period",
                    "s",
                    "Length of one cycle (86,400 for a day).",
                    number(1.0, 604_800.0, 60.0),
                ),
                "workload.kind",
                "diurnal",
            ),
            when(
                field(
                    "workload.base_rate_per_s",
                    "Base rate",
                    "req/s",
                    "Rate outside the spike.",
                    number(0.0, d::MAX_RATE_PER_S, 1.0),
                ),
                "workload.kind",
                "spikes",
            ),
            when(
                field(
                    "workload.spikes[0].at_s",
                    "Spike start",
                    "s",
                    "When the spike begins.",
                    number(0.0, 604_800.0, 1.0),
                ),
                "workload.kind",
                "spikes",
            ),
            when(
                field(
                    "workload.spikes[0].duration_s",
                    "Spike length",
                    "s",
                    "How long the spike lasts.",
                    number(0.0, 604_800.0, 1.0),
                ),
                "workload.kind",
                "spikes",
            ),
            when(
                field(
                    "workload.spikes[0].rate_per_s",
                    "Spike rate",
                    "req/s",
                    "Added on top of the base rate during the spike.",
                    number(0.0, d::MAX_RATE_PER_S, 1.0),
                ),
                "workload.kind",
                "spikes",
            ),
            field(
                "duration_s",
                "Duration",
                "s",
                "Requests arrive for this long; work in flight then drains.",
                number(1.0, 604_800.0, 60.0),
            ),
            field(
                "invocation.model",
                "Invocation",
                "",
                "Sync callers see throttles as HTTP 429; async and stream retry.",
                Input::Choice(INVOCATIONS),
            ),
            when(
                field(
                    "invocation.max_retries",
                    "Retries",
                    "",
                    "Retries after a function error (AWS default 2).",
                    number(0.0, limit(d::ASYNC_MAX_RETRIES_LIMIT), 1.0),
                ),
                "invocation.model",
                "async",
            ),
            when(
                field(
                    "invocation.max_event_age_s",
                    "Max event age",
                    "s",
                    "Older events are dropped (AWS default 6 h).",
                    number(d::ASYNC_MIN_EVENT_AGE_S, d::ASYNC_MAX_EVENT_AGE_S, 60.0),
                ),
                "invocation.model",
                "async",
            ),
            when(
                field(
                    "invocation.shards",
                    "Shards",
                    "",
                    "Stream shards; one poller each.",
                    number(1.0, limit(d::STREAM_MAX_SHARDS), 1.0),
                ),
                "invocation.model",
                "stream",
            ),
            when(
                field(
                    "invocation.batch_size",
                    "Batch size",
                    "records",
                    "Records per invocation (AWS default 100).",
                    number(1.0, limit(d::STREAM_MAX_BATCH), 1.0),
                ),
                "invocation.model",
                "stream",
            ),
            when(
                field(
                    "invocation.batching_window_s",
                    "Batching window",
                    "s",
                    "Wait up to this long to fill a batch.",
                    number(0.0, d::STREAM_MAX_WINDOW_S, 1.0),
                ),
                "invocation.model",
                "stream",
            ),
            when(
                field(
                    "invocation.parallelization_factor",
                    "Parallelization",
                    "per shard",
                    "Concurrent batches per shard.",
                    number(1.0, limit(d::STREAM_MAX_PARALLELIZATION), 1.0),
                ),
                "invocation.model",
                "stream",
            ),
            field(
                "seed",
                "Seed",
                "",
                "Same seed, same results. Every variant uses it, so they see the same arrivals.",
                number(0.0, MAX_WHOLE, 1.0),
            ),
        ],
    },
    Section {
        title: "Function",
        scope: Scope::Variant,
        fields: &[
            field(
                "name",
                "Variant name",
                "",
                "Shown in legends, the table and exported file names.",
                Input::Text {
                    max_chars: d::MAX_NAME_CHARS,
                },
            ),
            field(
                "function.runtime",
                "Runtime",
                "",
                "Decides the bootstrap cost and whether SnapStart applies.",
                Input::Choice(RUNTIMES),
            ),
            field(
                "function.memory_mb",
                "Memory",
                "MB",
                "CPU share is proportional: one vCPU at 1,769 MB.",
                number(limit(d::MEMORY_MIN_MB), limit(d::MEMORY_MAX_MB), 64.0),
            ),
            field(
                "function.architecture",
                "Architecture",
                "",
                "arm64 is about 20 % cheaper per GB-second.",
                Input::Choice(ARCHITECTURES),
            ),
            field(
                "function.handler_ms",
                "Handler",
                "ms",
                "Time the handler takes per request.",
                Input::Params {
                    min: 0.0,
                    max: 900_000.0,
                    blank: Blank::Required,
                },
            ),
            field(
                "function.init_ms",
                "Function init",
                "ms",
                "Your code outside the handler, measured at one vCPU.",
                Input::Params {
                    min: 0.0,
                    max: 900_000.0,
                    blank: Blank::Required,
                },
            ),
            field(
                "function.timeout_s",
                "Timeout",
                "s",
                "Longer invocations fail (AWS default 3 s).",
                number(d::TIMEOUT_MIN_S, d::TIMEOUT_MAX_S, 1.0),
            ),
        ],
    },
    Section {
        title: "Packaging",
        scope: Scope::Variant,
        fields: &[
            field(
                "package.type",
                "Package type",
                "",
                "Zip archives are downloaded and unpacked; images are loaded lazily in chunks.",
                Input::Choice(PACKAGES),
            ),
            when(
                field(
                    "package.zipped_mb",
                    "Zipped size",
                    "MB",
                    "Compressed archive; its limit depends on the upload route (below).",
                    number(0.0, d::ZIP_MAX_UNZIPPED_MB, 1.0),
                ),
                "package.type",
                "zip",
            ),
            when(
                field(
                    "package.upload",
                    "Upload",
                    "",
                    "A direct upload limits the zipped size; from S3 only the unzipped limit \
                     applies.",
                    Input::Choice(UPLOADS),
                ),
                "package.type",
                "zip",
            ),
            when(
                field(
                    "package.unzipped_mb",
                    "Unzipped size",
                    "MB",
                    "Function plus layers, unpacked (250 MB limit).",
                    number(0.0, d::ZIP_MAX_UNZIPPED_MB, 1.0),
                ),
                "package.type",
                "zip",
            ),
            when(
                field(
                    "package.layers",
                    "Layers",
                    "",
                    "Lambda layers attached to the function.",
                    number(0.0, limit(d::ZIP_MAX_LAYERS), 1.0),
                ),
                "package.type",
                "zip",
            ),
            when(
                field(
                    "package.image_mb",
                    "Image size",
                    "MB",
                    "Container image size (10 GB limit).",
                    number(1.0, d::IMAGE_MAX_MB, 10.0),
                ),
                "package.type",
                "image",
            ),
            when(
                field(
                    "package.read_at_init",
                    "Read at init",
                    "",
                    "How much of the image init touches (Slacker: 6.4 % on average).",
                    Input::Params {
                        min: 0.0,
                        max: 10_240.0,
                        blank: Blank::Default("6.4 % of the image"),
                    },
                ),
                "package.type",
                "image",
            ),
            when(
                field(
                    "package.shared_fraction",
                    "Shared with base images",
                    "",
                    "Fraction of chunks already cached because popular images share them.",
                    Input::Number {
                        min: 0.0,
                        max: 1.0,
                        step: 0.05,
                        blank: Blank::Default("0"),
                    },
                ),
                "package.type",
                "image",
            ),
            when(
                field(
                    "package.just_deployed",
                    "Just deployed",
                    "",
                    "Its unique chunks are in no cache yet.",
                    Input::Flag,
                ),
                "package.type",
                "image",
            ),
            field(
                "snapstart",
                "SnapStart",
                "",
                "Init once at publish, restore a snapshot at each cold start (zip only).",
                Input::Presence,
            ),
        ],
    },
    Section {
        title: "Platform",
        scope: Scope::Variant,
        fields: &[
            field(
                "platform.account_concurrency",
                "Account concurrency",
                "envs",
                "Regional quota shared by all functions (AWS default 1,000).",
                Input::Number {
                    min: 1.0,
                    max: 1_000_000.0,
                    step: 100.0,
                    blank: Blank::Null("unlimited"),
                },
            ),
            field(
                "platform.reserved_concurrency",
                "Reserved concurrency",
                "envs",
                "This function's own cap; 0 stops it.",
                Input::Number {
                    min: 0.0,
                    max: 1_000_000.0,
                    step: 10.0,
                    blank: Blank::Null("none"),
                },
            ),
            field(
                "provisioned.count",
                "Provisioned concurrency",
                "envs",
                "Environments initialised ahead of time; billed while enabled.",
                Input::Number {
                    min: 0.0,
                    max: 1_000_000.0,
                    step: 1.0,
                    blank: Blank::Null("none"),
                },
            ),
            field(
                "platform.keep_alive_s",
                "Keep-alive",
                "s",
                "Idle time before an environment is reclaimed (observed: 5 to 7 min).",
                Input::Params {
                    min: 0.0,
                    max: 86_400.0,
                    blank: Blank::Null("never reclaimed"),
                },
            ),
            field(
                "platform.placement",
                "Placement",
                "",
                "Which idle environment takes the next request.",
                Input::Choice(PLACEMENTS),
            ),
        ],
    },
];

/// Inputs of the embed mode's compact strip.
pub const COMPACT_PATHS: &[&str] = &[
    "workload.rate_per_s",
    "workload.mean_rate_per_s",
    "workload.base_rate_per_s",
    "function.memory_mb",
    "package.type",
    "package.unzipped_mb",
    "package.image_mb",
];

/// Human names of parameters inside a [`Input::Params`] object.
fn param_label(key: &str) -> &str {
    match key {
        "value" => "constant",
        "mean" => "mean",
        "std_dev" => "std dev",
        "median" => "median",
        "p99_over_p50" => "p99 / p50",
        "min" => "min",
        "max" => "max",
        "fraction" => "fraction",
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

/// Range of a `p99 / p50` ratio: at least 1 (1 = constant).
const RATIO_RANGE: (f64, f64) = (1.0, 100.0);

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
}

/// The controls to show for a draft, section by section.
pub fn controls(draft: &Value) -> Vec<(&'static Section, Vec<Control>)> {
    SECTIONS
        .iter()
        .map(|section| {
            let mut out = Vec::new();
            for f in section.fields {
                if let Some((path, expected)) = f.when
                    && get(draft, path).and_then(Value::as_str) != Some(expected)
                {
                    continue;
                }
                expand(f, draft, &mut out);
            }
            (section, out)
        })
        .collect()
}

/// The range validation enforces on a number field in this draft, where it depends on another
/// field: the zipped size's limit on the upload route (core `validation`: at most
/// [`d::ZIP_DIRECT_MAX_ZIPPED_MB`] for a direct upload, then the unzipped limit from S3).
fn enforced_range(path: &str, draft: &Value, (min, max): (f64, f64)) -> (f64, f64) {
    match path {
        "package.zipped_mb" => {
            let upload = get(draft, "package.upload").and_then(Value::as_str);
            if upload == Some("s3") {
                (min, max)
            } else {
                (min, max.min(d::ZIP_DIRECT_MAX_ZIPPED_MB))
            }
        }
        _ => (min, max),
    }
}

fn expand(f: &'static Field, draft: &Value, out: &mut Vec<Control>) {
    let current = get(draft, f.path);
    let base = Control {
        field: f,
        path: f.path.to_string(),
        label: f.label.to_string(),
        unit: f.unit,
        help: f.help.to_string(),
        value: current.map(display).unwrap_or_default(),
        bounds: None,
        placeholder: None,
        read_only_note: None,
        list: None,
    };
    match f.input {
        Input::Number {
            min,
            max,
            step,
            blank,
        } => {
            let (min, max) = enforced_range(f.path, draft, (min, max));
            out.push(Control {
                help: format!("{} Range {}–{}.", f.help, fmt_bound(min), fmt_bound(max)),
                bounds: Some((min, max, step)),
                placeholder: blank_text(blank),
                ..base
            });
        }
        Input::Params { min, max, blank } => match current {
            Some(Value::Object(map)) => {
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
                for key in PARAM_ORDER {
                    let Some(v) = map.get(*key) else { continue };
                    let (lo, hi, unit) = match *key {
                        "p99_over_p50" => (RATIO_RANGE.0, RATIO_RANGE.1, "×"),
                        "fraction" => (0.0, 1.0, ""),
                        "mb" => (0.0, max, "MB"),
                        _ => (min, max, f.unit),
                    };
                    let kind = tag
                        .map(|t| format!(" ({})", t.replace('_', "-")))
                        .unwrap_or_default();
                    out.push(Control {
                        path: format!("{}.{}", f.path, key),
                        label: format!("{} · {}", f.label, param_label(key)),
                        unit,
                        help: format!(
                            "{}{} Range {}–{}.",
                            f.help,
                            kind,
                            fmt_bound(lo),
                            fmt_bound(hi)
                        ),
                        value: display(v),
                        bounds: Some((lo, hi, step_for(lo, hi))),
                        ..base.clone()
                    });
                }
            }
            _ => out.push(Control {
                help: format!(
                    "{} Blank: {}.",
                    f.help,
                    blank_text(blank).unwrap_or("required")
                ),
                bounds: Some((min, max, step_for(min, max))),
                placeholder: blank_text(blank),
                ..base
            }),
        },
        Input::Choice(options) => {
            let known = current
                .and_then(Value::as_str)
                .is_some_and(|v| options.iter().any(|(o, _)| *o == v));
            if !known && current.is_some() {
                out.push(Control {
                    read_only_note: Some(format!("{} (from the preset)", base.value)),
                    ..base
                });
            } else {
                out.push(base);
            }
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
        Input::List(format) => {
            let value = match format {
                Format::Numbers => number_lists::write_numbers(&numbers_at(current)),
                Format::Pairs => number_lists::write_pairs(&steps_at(current)),
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

/// The numbers of a JSON array (items that are not numbers are skipped: the core's validation
/// reports them when the draft is parsed).
fn numbers_at(v: Option<&Value>) -> Vec<f64> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// The `(at_s, rate_per_s)` pairs of a `steps` array.
fn steps_at(v: Option<&Value>) -> Vec<(f64, f64)> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| Some((s.get("at_s")?.as_f64()?, s.get("rate_per_s")?.as_f64()?)))
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
        Format::Pairs => Value::Array(
            number_lists::parse_pairs(raw)
                .map_err(e)?
                .into_iter()
                .map(|(at, rate)| json!({ "at_s": n_to_value(at), "rate_per_s": n_to_value(rate) }))
                .collect(),
        ),
    })
}

fn blank_text(blank: Blank) -> Option<&'static str> {
    match blank {
        Blank::Required => None,
        Blank::Null(s) | Blank::Default(s) => Some(s),
    }
}

/// A spinner step of about 1 % of a typical value: 1 for big ranges, 0.01 for fractions.
fn step_for(min: f64, max: f64) -> f64 {
    if max - min <= 1.0 { 0.01 } else { 1.0 }
}

fn fmt_bound(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        coldstart_prose::format::thousands(x as i64)
    } else {
        format!("{x}")
    }
}

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
        other => other.to_string(),
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
            || (matches!(f.input, Input::Params { .. })
                && path
                    .strip_prefix(f.path)
                    .is_some_and(|rest| rest.starts_with('.')))
    })
}

/// The scope of the field behind a path.
pub fn scope_of(path: &str) -> Option<Scope> {
    SECTIONS
        .iter()
        .find(|s| s.fields.iter().any(|f| field_for(path) == Some(f)))
        .map(|s| s.scope)
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
    match (f.path, f.input) {
        ("workload.kind", _) => {
            switch_workload(draft, raw);
            Ok(Edit::Shape)
        }
        ("package.type", _) => {
            switch_package(draft, raw);
            Ok(Edit::Shape)
        }
        ("package.upload", Input::Choice(options)) => {
            if !options.iter().any(|(o, _)| *o == raw) {
                return Err(err(format!("'{raw}' is not one of the choices")));
            }
            set(draft, path, Value::String(raw.to_string()));
            // The zipped size's range depends on it: the panel is rebuilt with the new one.
            Ok(Edit::Shape)
        }
        ("invocation.model", _) => {
            switch_invocation(draft, raw);
            Ok(Edit::Shape)
        }
        ("provisioned.count", _) => {
            let n = parse_number(raw).map_err(err)?;
            match n {
                Some(n) if n > 0.0 => {
                    let schedule = get(draft, "provisioned.schedule")
                        .cloned()
                        .unwrap_or(json!([]));
                    set(
                        draft,
                        "provisioned",
                        json!({ "count": n_to_value(n), "schedule": schedule }),
                    );
                }
                _ => set(draft, "provisioned", Value::Null),
            }
            Ok(Edit::Value)
        }
        (_, Input::Choice(options)) => {
            if !options.iter().any(|(o, _)| *o == raw) {
                return Err(err(format!("'{raw}' is not one of the choices")));
            }
            set(draft, path, Value::String(raw.to_string()));
            Ok(Edit::Value)
        }
        (_, Input::Flag) => {
            set(draft, path, Value::Bool(raw == "true"));
            Ok(Edit::Value)
        }
        (_, Input::Presence) => {
            set(
                draft,
                path,
                if raw == "true" {
                    json!({})
                } else {
                    Value::Null
                },
            );
            Ok(Edit::Value)
        }
        (_, Input::Text { .. }) => {
            set(draft, path, Value::String(raw.to_string()));
            Ok(Edit::Value)
        }
        (_, Input::List(format)) => {
            set(draft, path, parse_list(format, raw).map_err(err)?);
            Ok(Edit::Value)
        }
        (_, Input::Number { blank, .. }) => {
            match (parse_number(raw).map_err(err)?, blank) {
                (Some(n), _) => set(draft, path, n_to_value(n)),
                (None, Blank::Required) => return Err(err("a value is required".to_string())),
                (None, Blank::Null(_)) => set(draft, path, Value::Null),
                (None, Blank::Default(_)) => remove(draft, path),
            }
            Ok(Edit::Value)
        }
        (_, Input::Params { .. })
            if path.strip_prefix(f.path) == Some(".samples")
                && get(draft, &format!("{}.dist", f.path)).and_then(Value::as_str)
                    == Some("empirical") =>
        {
            set(draft, path, parse_list(Format::Numbers, raw).map_err(err)?);
            Ok(Edit::Value)
        }
        (_, Input::Params { blank, .. }) => {
            let n = parse_number(raw).map_err(err)?;
            if path == f.path {
                // The whole object was null: a number makes it a constant; blank keeps it null.
                match (n, blank) {
                    (Some(n), _) => set(draft, path, from_scalar(path, n)),
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
/// fraction of the image for `read_at_init`, a constant distribution otherwise.
fn from_scalar(path: &str, n: f64) -> Value {
    if path == "package.read_at_init" {
        json!({ "fraction": n })
    } else {
        json!({ "dist": "constant", "value": n })
    }
}

/// Parses a number as typed; blank is `None`. Refuses NaN and infinities by name.
fn parse_number(raw: &str) -> Result<Option<f64>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    let cleaned: String = raw.chars().filter(|c| *c != '_' && *c != ',').collect();
    match cleaned.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
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

/// The workload's rate, whatever its pattern, to carry over a pattern switch: the rate field
/// of the simple patterns, the first step's rate, or a trace's arrivals over the run.
fn mean_rate(workload: &Value, duration_s: f64) -> f64 {
    let first_step = || workload.get("steps")?.get(0)?.get("rate_per_s")?.as_f64();
    let trace = || {
        let n = workload.get("arrivals_ms")?.as_array()?.len();
        (n > 0 && duration_s > 0.0).then(|| n as f64 / duration_s)
    };
    ["rate_per_s", "mean_rate_per_s", "base_rate_per_s"]
        .iter()
        .find_map(|k| workload.get(*k).and_then(Value::as_f64))
        .or_else(first_step)
        .or_else(trace)
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(switch_defaults::FALLBACK_RATE_PER_S)
}

fn switch_workload(draft: &mut Value, kind: &str) {
    use switch_defaults as d;
    let workload = get(draft, "workload").cloned().unwrap_or(Value::Null);
    if workload.get("kind").and_then(Value::as_str) == Some(kind) {
        return;
    }
    let duration = get(draft, "duration_s")
        .and_then(Value::as_f64)
        .unwrap_or(1.0);
    let rate = mean_rate(&workload, duration);
    let new = match kind {
        "diurnal" => json!({
            "kind": "diurnal",
            "mean_rate_per_s": rate,
            "amplitude": d::DIURNAL_AMPLITUDE,
            "period_s": duration,
        }),
        "spikes" => json!({
            "kind": "spikes",
            "base_rate_per_s": rate,
            "spikes": [{
                "at_s": (duration * d::SPIKE_AT_FRACTION).round(),
                "duration_s": (duration * d::SPIKE_LENGTH_FRACTION).round().max(1.0),
                "rate_per_s": rate * d::SPIKE_RATE_FACTOR,
            }],
        }),
        "steps" => json!({
            "kind": "steps",
            "steps": [
                { "at_s": 0, "rate_per_s": rate },
                {
                    "at_s": (duration * d::STEP_AT_FRACTION).round(),
                    "rate_per_s": rate * d::STEP_RATE_FACTOR,
                },
            ],
        }),
        "trace" => {
            let gap_ms = 1_000.0 / rate;
            let arrivals: Vec<Value> = (0..d::TRACE_ARRIVALS)
                .map(|i| n_to_value((i as f64 * gap_ms * 1_000.0).round() / 1_000.0))
                .collect();
            json!({ "kind": "trace", "arrivals_ms": arrivals })
        }
        // A mix's parts cannot be edited in the form: start it from the current workload as its
        // only part, so choosing "mix" gives a mix (which presets and links can then extend).
        "mix" => json!({ "kind": "mix", "parts": [workload] }),
        _ => json!({ "kind": "poisson", "rate_per_s": rate }),
    };
    set(draft, "workload", new);
}

fn switch_package(draft: &mut Value, kind: &str) {
    use switch_defaults as d;
    let package = get(draft, "package").cloned().unwrap_or(Value::Null);
    if package.get("type").and_then(Value::as_str) == Some(kind) {
        return;
    }
    let new = if kind == "image" {
        let mb = package
            .get("unzipped_mb")
            .and_then(Value::as_f64)
            .unwrap_or(1.0)
            .max(1.0);
        json!({ "type": "image", "image_mb": mb })
    } else {
        let unzipped = package
            .get("image_mb")
            .and_then(Value::as_f64)
            .unwrap_or(1.0)
            .min(d::ZIP_UNZIPPED_LIMIT_MB);
        json!({ "type": "zip", "zipped_mb": (unzipped * d::ZIP_RATIO * 10.0).round() / 10.0, "unzipped_mb": unzipped })
    };
    set(draft, "package", new);
}

fn switch_invocation(draft: &mut Value, model: &str) {
    use coldstart_core::defaults as core;
    use switch_defaults as d;
    let new = match model {
        "async" => json!({
            "model": "async",
            "max_retries": core::ASYNC_MAX_RETRIES,
            "max_event_age_s": core::ASYNC_MAX_EVENT_AGE_S,
        }),
        "stream" => json!({
            "model": "stream",
            "shards": d::STREAM_SHARDS,
            "batch_size": d::STREAM_BATCH_SIZE,
            "batching_window_s": d::STREAM_BATCHING_WINDOW_S,
            "parallelization_factor": d::STREAM_PARALLELIZATION,
        }),
        _ => json!({ "model": "sync" }),
    };
    set(draft, "invocation", new);
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

    /// Every bound the form shows is the core's: its largest value validates, the next step past
    /// it is refused at the same path, and so is the step below a positive smallest value (the form once said 128–10,240 MB, 2^53 − 1 and 60
    /// characters as its own literals).
    #[test]
    fn the_forms_limits_are_the_cores() {
        let shapes: [(&str, &str, &[&str]); 4] = [
            (
                "invocation.model",
                "async",
                &["invocation.max_retries", "invocation.max_event_age_s"],
            ),
            (
                "invocation.model",
                "stream",
                &[
                    "invocation.shards",
                    "invocation.batch_size",
                    "invocation.batching_window_s",
                    "invocation.parallelization_factor",
                ],
            ),
            ("package.type", "image", &["package.image_mb"]),
            (
                "package.type",
                "zip",
                &[
                    "function.memory_mb",
                    "function.timeout_s",
                    "package.unzipped_mb",
                    "package.layers",
                ],
            ),
        ];
        for (choice, value, paths) in shapes {
            let mut base = draft();
            apply(&mut base, choice, value).expect("a choice");
            assert_eq!(verdict(&base), Ok(()), "{value}");
            for &path in paths {
                let Input::Number { min, max, step, .. } = input_of(path) else {
                    panic!("{path} is a number");
                };
                let at = |x: f64| {
                    let mut d = base.clone();
                    apply(&mut d, path, &x.to_string()).expect("a number");
                    verdict(&d)
                };
                assert_eq!(at(max), Ok(()), "{path} = {max}, the form's largest");
                assert_eq!(at(max + step), Err(path.to_string()), "{path} past {max}");
                // Another field may then be out of step (a zip larger than its unzipped size).
                assert_ne!(
                    at(min),
                    Err(path.to_string()),
                    "{path} = {min}, the form's smallest"
                );
                if min > 0.0 {
                    assert_eq!(at(min - step), Err(path.to_string()), "{path} below {min}");
                }
            }
        }
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
        let Input::Number { max, .. } = input_of("seed") else {
            panic!("the seed is a number");
        };
        assert_eq!(max, d::MAX_SEED as f64);
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
        assert_eq!(d["package"], json!({ "type": "image", "image_mb": 15.0 }));
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
        assert_eq!(arrivals.len(), switch_defaults::TRACE_ARRIVALS);
        assert_eq!(arrivals[1], json!(50), "20 req/s is one every 50 ms");
        apply(&mut d, "workload.kind", "poisson").unwrap();
        let per_s = switch_defaults::TRACE_ARRIVALS as f64 / 600.0;
        assert_eq!(
            d["workload"]["rate_per_s"],
            json!(per_s),
            "a trace's count over the run"
        );
    }

    #[test]
    fn shared_and_variant_scopes() {
        assert_eq!(scope_of("workload.rate_per_s"), Some(Scope::Shared));
        assert_eq!(scope_of("seed"), Some(Scope::Shared));
        assert_eq!(scope_of("function.handler_ms.median"), Some(Scope::Variant));
        assert_eq!(scope_of("nonsense"), None);
    }
}

//! "Why they differ": the comparison told in a few sentences per variant, so the page says what
//! made the difference and not only what the numbers are. The core decides what changed and in
//! which order ([`coldstart_core::explain::explain`], [`coldstart_core::explain::profile`]); this
//! module only phrases it, choosing words from the signs and sizes, with the units and digits of
//! [`crate::format`]. Plain strings, so native tests read exactly what the reader sees: the
//! web crate puts them on the page as text nodes, `coldstart compare` prints them under its table.

use crate::{format, labels};
use coldstart_core::explain::{self, CauseChange, Change, ColdStartProfile, Explanation};
use coldstart_core::report::{ColdCause, ColdStartPhase, P50, P90, P99, Percentile};
use coldstart_core::{Package, Report, Scenario};

/// Phrasing thresholds: what counts as a difference worth a word.
///
/// | Constant | Value | Why |
/// |---|---|---|
/// | [`NOTABLE_MS`] | 5 ms | below a cold start's run-to-run jitter (the microVM alone varies by more); a smaller change of a median reads as noise, not a cause |
/// | [`MAX_PHASES`] | 2 | the dominant phase and the next one explain a packaging change; more turns a sentence into the table |
/// | [`MAX_CAUSES`] | 2 | as for phases: the two causes that moved most |
/// | [`MAX_INPUTS`] | 3 | differing inputs named; a longer list is the share link's job |
pub const NOTABLE_MS: f64 = 5.0;
/// Differing inputs named per variant, at most (see [`NOTABLE_MS`]).
pub const MAX_INPUTS: usize = 3;
/// Phases named per comparison, at most (see [`NOTABLE_MS`]).
pub const MAX_PHASES: usize = 2;
/// Cold-start causes named per sentence, at most (see [`NOTABLE_MS`]).
pub const MAX_CAUSES: usize = 2;

/// What a variant ships, as far as the sentences need it: the mechanism behind its code fetch
/// and bootstrap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Packaging {
    /// A zip, downloaded and extracted.
    Zip {
        /// Compressed size, MB.
        zipped_mb: f64,
        /// Extracted size, MB.
        unzipped_mb: f64,
    },
    /// A container image, loaded lazily.
    Image {
        /// Image size, MB.
        image_mb: f64,
        /// What init reads of it, MB.
        read_mb: f64,
    },
    /// A zip with SnapStart: a restore replaces fetch, bootstrap and init.
    SnapStart,
}

impl Packaging {
    /// The packaging of a scenario.
    pub fn of(s: &Scenario) -> Packaging {
        if s.snapstart.is_some() {
            return Packaging::SnapStart;
        }
        match &s.package {
            Package::Zip {
                zipped_mb,
                unzipped_mb,
                ..
            } => Packaging::Zip {
                zipped_mb: *zipped_mb,
                unzipped_mb: *unzipped_mb,
            },
            Package::Image {
                image_mb,
                base_mb,
                read_at_init,
                ..
            } => Packaging::Image {
                image_mb: *image_mb,
                // What init reads is a share of the layers above the runtime's base image.
                read_mb: read_at_init.mb(image_mb
                    - coldstart_core::package::image_base_mb(
                        *image_mb,
                        *base_mb,
                        s.function.runtime,
                    )),
            },
        }
    }

    fn same_kind(self, other: Packaging) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// One variant's part of the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The variant's index (its colour on the page).
    pub variant: usize,
    /// Two to four sentences.
    pub sentences: Vec<String>,
}

/// The explanation block: a heading and one paragraph per explained variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Why {
    /// "Why they differ", or "Where the cold starts come from" for a single variant.
    pub title: &'static str,
    /// Every variant but the first against the first; or the single variant on its own.
    pub paragraphs: Vec<Paragraph>,
}

/// A compared variant: its name, what it ships and what it produced.
pub type Named<'a> = (&'a str, Packaging, &'a Report);

/// What differs in a variant's inputs against the base's: where the explanation starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputChanges {
    /// Each differing input other than the name, in the scenario's order: its path, and the
    /// base's and the variant's values (both empty when no short value says it).
    pub fields: Vec<(String, String, String)>,
    /// Provisioned environments at time zero, base and variant.
    pub provisioned: (u32, u32),
    /// Whether the handler's warm-up differs: its curve (`function.warmup`), or the runtime
    /// whose default curve applies.
    pub warmup: bool,
    /// Deploys scheduled, base and variant.
    pub deploys: (usize, usize),
}

/// The inputs where `other` differs from `base`: each top-level section of the scenario (and
/// each field of the function) that differs, with both values where one number or word says
/// it. Compared field by field rather than through a generic JSON diff, which would cost the
/// page's wasm a second serializer.
pub fn input_changes(base: &Scenario, other: &Scenario) -> InputChanges {
    let mut fields = Vec::new();
    let mut add = |path: &str, differs: bool, values: Option<(String, String)>| {
        if differs {
            let (b, o) = values.unwrap_or_default();
            fields.push((path.to_string(), b, o));
        }
    };
    let text = |v: &dyn std::fmt::Display| v.to_string();
    let pc = |s: &Scenario| s.provisioned.as_ref().map_or(0, |p| p.count);
    let kind = |s: &Scenario| match &s.package {
        Package::Zip { .. } => "zip",
        Package::Image { .. } => "image",
    };
    let on = |s: &Scenario| if s.snapstart.is_some() { "on" } else { "off" };
    let (bf, of) = (&base.function, &other.function);
    add(
        "seed",
        base.seed != other.seed,
        Some((text(&base.seed), text(&other.seed))),
    );
    add(
        "duration_s",
        base.duration_s != other.duration_s,
        Some((text(&base.duration_s), text(&other.duration_s))),
    );
    add("workload", base.workload != other.workload, None);
    add("function.runtime", bf.runtime != of.runtime, None);
    add(
        "function.memory_mb",
        bf.memory_mb != of.memory_mb,
        Some((text(&bf.memory_mb), text(&of.memory_mb))),
    );
    add(
        "function.architecture",
        bf.architecture != of.architecture,
        None,
    );
    add(
        "function.timeout_s",
        bf.timeout_s != of.timeout_s,
        Some((text(&bf.timeout_s), text(&of.timeout_s))),
    );
    add("function.handler_ms", bf.handler_ms != of.handler_ms, None);
    add("function.init_ms", bf.init_ms != of.init_ms, None);
    add(
        "function.init_cpu_bound",
        bf.init_cpu_bound != of.init_cpu_bound,
        None,
    );
    add("function.error_rate", bf.error_rate != of.error_rate, None);
    add("function.warmup", bf.warmup != of.warmup, None);
    add(
        "package",
        base.package != other.package,
        (kind(base) != kind(other)).then(|| (kind(base).to_string(), kind(other).to_string())),
    );
    add(
        "snapstart",
        base.snapstart != other.snapstart,
        (on(base) != on(other)).then(|| (on(base).to_string(), on(other).to_string())),
    );
    add("platform", base.platform != other.platform, None);
    let count = |n: u32| {
        if n == 0 {
            "none".to_string()
        } else {
            n.to_string()
        }
    };
    add(
        "provisioned",
        base.provisioned != other.provisioned,
        (pc(base) != pc(other)).then(|| (count(pc(base)), count(pc(other)))),
    );
    add("invocation", base.invocation != other.invocation, None);
    add("prices", base.prices != other.prices, None);
    add("output", base.output != other.output, None);
    let (bd, od) = (base.deploys.len(), other.deploys.len());
    add(
        "deploys",
        base.deploys != other.deploys,
        (bd != od).then(|| (text(&bd), text(&od))),
    );
    InputChanges {
        fields,
        provisioned: (pc(base), pc(other)),
        // The curves that apply, not the fields: Python and Ruby share a default curve, and
        // Go, custom runtimes and .NET AOT have none.
        warmup: bf.warmup.curve(bf.runtime) != of.warmup.curve(of.runtime),
        deploys: (bd, od),
    }
}

/// Explains every variant after the first against the first; a single variant explains its
/// own cold starts. `None` without variants.
pub fn why(variants: &[Named<'_>]) -> Option<Why> {
    why_with(variants, &[])
}

/// [`why`], with what differs in each variant's inputs (index `i - 1` for variant `i`; none when
/// shorter), which then opens each paragraph and names mechanisms such as provisioned
/// concurrency.
fn why_with(variants: &[Named<'_>], inputs: &[InputChanges]) -> Option<Why> {
    let (base_name, base_pack, base) = *variants.first()?;
    if variants.len() == 1 {
        return Some(Why {
            title: "Where the cold starts come from",
            paragraphs: vec![Paragraph {
                variant: 0,
                sentences: profile_sentences(base_name, &explain::profile(base)),
            }],
        });
    }
    let paragraphs = variants
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, &(name, pack, report))| Paragraph {
            variant: i,
            sentences: comparison_sentences(
                (base_name, base_pack, base),
                (name, pack, report),
                inputs.get(i - 1),
                &explain::explain(base, report),
            ),
        })
        .collect();
    Some(Why {
        title: "Why they differ",
        paragraphs,
    })
}

/// The explanation of compared scenarios and their reports, in variant order (the page's
/// variants, the files of `coldstart compare`): each paragraph starts from the inputs that
/// differ.
pub fn why_of(scenarios: &[Scenario], reports: &[Report]) -> Option<Why> {
    let named: Vec<Named<'_>> = scenarios
        .iter()
        .zip(reports)
        .map(|(s, r)| (s.name.as_str(), Packaging::of(s), r))
        .collect();
    let inputs: Vec<InputChanges> = match scenarios.split_first() {
        Some((base, rest)) => rest.iter().map(|s| input_changes(base, s)).collect(),
        None => Vec::new(),
    };
    why_with(&named, &inputs)
}

impl Why {
    /// Ends each paragraph with what the seeds say: which differences hold across the
    /// replications and which are within the noise ([`crate::replication::sentence`]). One
    /// replication adds nothing.
    pub fn with_noise(
        mut self,
        replicated: &coldstart_core::compare::replication::Replicated,
    ) -> Why {
        for p in &mut self.paragraphs {
            if let Some(s) = crate::replication::sentence(replicated, p.variant) {
                p.sentences.push(s);
            }
        }
        self
    }

    /// The explanation as plain text: its title, then one paragraph per variant, each on one
    /// line (a writer pastes it; the terminal wraps it), separated by blank lines.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.title);
        for paragraph in &self.paragraphs {
            out.push('\n');
            out.push_str(&paragraph.sentences.join(" "));
            out.push('\n');
        }
        out
    }
}

/// Milliseconds with their unit (`152 ms`).
fn ms(x: f64) -> String {
    format!("{} ms", format::ms(x, 1))
}

/// "`a` vs `b` ms", other first, as a reader compares the variant to the base.
fn versus_ms(c: &Change<f64>) -> String {
    format!("{} vs {} ms", format::ms(c.other, 1), format::ms(c.base, 1))
}

fn count(n: i64) -> String {
    format::thousands(n)
}

/// The cause of a cold start as a noun phrase (`6 fewer from scale-out`).
fn cause_noun(c: ColdCause) -> &'static str {
    labels::cause(c).noun
}

fn phase_noun(p: ColdStartPhase) -> &'static str {
    labels::phase(p).noun
}

/// What makes `phase` what it is in `other`, against `base`: the mechanism, when the packaging
/// differs in a way that acts on that phase.
fn mechanism(phase: ColdStartPhase, base: Packaging, other: Packaging) -> Option<String> {
    use Packaging::{Image, SnapStart, Zip};
    match (phase, other) {
        (ColdStartPhase::CodeFetch, _) if base == other => None,
        (ColdStartPhase::CodeFetch, Image { image_mb, read_mb }) => Some(format!(
            "lazy loading reads {}, {} of the {} image",
            format::megabytes(read_mb),
            format::percent(if image_mb > 0.0 {
                read_mb / image_mb
            } else {
                0.0
            }),
            format::megabytes(image_mb)
        )),
        (
            ColdStartPhase::CodeFetch,
            Zip {
                zipped_mb,
                unzipped_mb,
            },
        ) => Some(format!(
            "the zip downloads {} and extracts {}",
            format::megabytes(zipped_mb),
            format::megabytes(unzipped_mb)
        )),
        (ColdStartPhase::CodeFetch, SnapStart) => Some("the snapshot brings the code".into()),
        (ColdStartPhase::Bootstrap, SnapStart) if base != SnapStart => {
            Some("snapshot restore instead of runtime start".into())
        }
        (ColdStartPhase::Bootstrap, _) if base == SnapStart => {
            Some("runtime start instead of snapshot restore".into())
        }
        (ColdStartPhase::Bootstrap, Image { .. }) if !base.same_kind(other) => {
            Some("image runtime start".into())
        }
        (ColdStartPhase::Bootstrap, Zip { .. }) if !base.same_kind(other) => {
            Some("zip runtime start".into())
        }
        (ColdStartPhase::Init, SnapStart) if base != SnapStart => {
            Some("only the restore hooks run".into())
        }
        (ColdStartPhase::Init, _) if base == SnapStart => {
            Some("full init instead of restore hooks".into())
        }
        _ => None,
    }
}

/// "152 ms faster" / "58 ms slower" for a latency change.
fn faster_or_slower(delta: f64) -> String {
    let word = if delta < 0.0 { "faster" } else { "slower" };
    format!("{} {word}", ms(delta.abs()))
}

/// "210 ms shorter" / "58 ms longer" for a phase change.
fn shorter_or_longer(delta: f64) -> String {
    let word = if delta < 0.0 { "shorter" } else { "longer" };
    format!("{} {word}", ms(delta.abs()))
}

fn fewer_or_more(delta: i64) -> &'static str {
    if delta < 0 { "fewer" } else { "more" }
}

/// "only in a (1 vs 2)", "in a (…), b (…) and 3 more inputs": the inputs that differ.
fn inputs_sentence(name: &str, base_name: &str, c: &InputChanges) -> String {
    let named: Vec<String> = (c.fields.iter().take(MAX_INPUTS))
        .map(|(path, base, other)| {
            if base.is_empty() && other.is_empty() {
                path.clone()
            } else {
                format!("{path} ({other} vs {base})")
            }
        })
        .collect();
    let more = c.fields.len().saturating_sub(MAX_INPUTS);
    match named.as_slice() {
        [] => format!("{name} has the same inputs as {base_name}."),
        [only] => format!("{name} differs from {base_name} only in {only}."),
        [list @ .., last] if more == 0 => format!(
            "{name} differs from {base_name} in {} and {last}.",
            list.join(", ")
        ),
        list => format!(
            "{name} differs from {base_name} in {} and {more} more inputs.",
            list.join(", ")
        ),
    }
}

/// The highest of p99, p90 and p50 that both summaries support, with both values.
fn shared_percentile(
    a: &coldstart_core::report::LatencySummary,
    b: &coldstart_core::report::LatencySummary,
) -> Option<(Percentile, f64, f64)> {
    [P99, P90, P50]
        .into_iter()
        .find_map(|p| Some((p, a.at(&p)?, b.at(&p)?)))
}

/// What users feel, before any mechanism: the share of invocations that cold-started and the
/// latency of all requests at the highest percentile both samples support.
fn felt_sentence(base: &Report, other: &Report) -> String {
    let share = format!(
        "For users, {} of invocations cold-started (vs {})",
        format::percent(other.cold_start_ratio),
        format::percent(base.cold_start_ratio)
    );
    match shared_percentile(&base.latency_ms.all, &other.latency_ms.all) {
        Some((p, b, o)) => format!(
            "{share} and requests took {} at {} (vs {}).",
            ms(o),
            p.name,
            ms(b)
        ),
        None => format!("{share}."),
    }
}

/// The sentences explaining `other` against `base`: the inputs that differ (when known), what
/// users feel, throttles and cost, then the cold starts' latency, phases and causes.
pub fn comparison_sentences(
    (base_name, base_pack, base): (&str, Packaging, &Report),
    (name, pack, other): (&str, Packaging, &Report),
    inputs: Option<&InputChanges>,
    e: &Explanation,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = inputs {
        out.push(inputs_sentence(name, base_name, c));
    }
    out.push(felt_sentence(base, other));
    out.push(outcome_sentence(e));
    let (cold_base, cold_other) = (e.cold_starts.base, e.cold_starts.other);
    if cold_base == 0 || cold_other == 0 {
        out.push(match (cold_base, cold_other) {
            (0, 0) => format!("Neither {name} nor {base_name} had a cold start."),
            (0, n) => format!(
                "{name} had {} cold starts (p50 {}); {base_name} had none.",
                count(n),
                ms(e.cold_p50_ms.other)
            ),
            (n, _) => format!(
                "{name} had no cold starts; {base_name} had {} (p50 {}).",
                count(n),
                ms(e.cold_p50_ms.base)
            ),
        });
        let mechanisms = [provisioned_mechanism(inputs, e), deploy_mechanism(e)];
        for m in mechanisms.into_iter().flatten() {
            out.push(format!("{}.", format::capitalised(&m)));
        }
    } else {
        out.push(latency_sentence(name, base_name, e));
        out.push(phase_sentence(base_pack, pack, e));
        if let Some(s) = count_sentence(e, inputs) {
            out.push(s);
        }
    }
    if let Some(s) = warmup_sentence(inputs, e) {
        out.push(s);
    }
    out
}

/// The deploy mechanism, when the deploys differ and the cold starts they cause moved with them
/// (more deploys, more `deploy` cold starts). The counts are the deploys each run applied (its
/// report's `deploys_s`), not the scenario's list: a deploy after the last arrival changes
/// nothing and is not counted.
fn deploy_mechanism(e: &Explanation) -> Option<String> {
    let (base, other) = (e.deploys.base.max(0) as u64, e.deploys.other.max(0) as u64);
    let moved = e.causes.iter().find(|c| c.cause == ColdCause::Deploy)?;
    let delta = moved.count.delta;
    if base == other || delta == 0 || (other > base) != (delta > 0) {
        return None;
    }
    let deploys = |n: u64| match n {
        0 => "no deploy".to_string(),
        1 => "1 deploy".to_string(),
        n => format!("{} deploys", format::count(n)),
    };
    Some(format!(
        "deploys: {} (vs {}) {} the warm environments, so the requests after {} start new ones \
         ({} {} cold starts after a deploy)",
        deploys(other),
        deploys(base),
        if other.max(base) == 1 {
            "retires"
        } else {
            "each retire"
        },
        if other.max(base) == 1 { "it" } else { "each" },
        count(delta.abs()),
        fewer_or_more(delta)
    ))
}

/// The warm-up, when it differs: how invocations early on an environment compare with late
/// ones in each variant. Said when the inputs change the warm-up (its curve or the runtime
/// whose default applies) or, inputs unknown, when the early invocations moved notably more
/// than the late ones; never when the early change is below [`NOTABLE_MS`].
fn warmup_sentence(inputs: Option<&InputChanges>, e: &Explanation) -> Option<String> {
    let w = e.warmup?;
    let (early, late) = (w.early_p50_ms, w.late_p50_ms);
    // The warm-up is what early invocations take above late ones on the same variant; a
    // handler that is simply slower everywhere is not a warm-up.
    let excess_base = early.base - late.base;
    let excess_other = early.other - late.other;
    let excess_delta = excess_other - excess_base;
    let warmup_differs = inputs.is_none_or(|c| c.warmup);
    if !(warmup_differs && excess_delta.abs() >= NOTABLE_MS) {
        return None;
    }
    Some(format!(
        "The handler's warm-up differs (function.warmup: what the runtime compiles, loads and \
         caches on its first calls): on each environment its invocations 2–10 took {} at p50 \
         (vs {}) and from the {} on {} (vs {}), so the first invocations after every cold \
         start run {} above the later ones (vs {}).",
        ms(early.other),
        ms(early.base),
        ordinal(w.late_from),
        ms(late.other),
        ms(late.base),
        ms(excess_other),
        ms(excess_base)
    ))
}

/// "11th", "101st".
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The provisioned-concurrency mechanism, when the provisioned count differs and the cold
/// starts moved with it (more provisioned, fewer cold starts).
fn provisioned_mechanism(inputs: Option<&InputChanges>, e: &Explanation) -> Option<String> {
    let (base, other) = inputs?.provisioned;
    let delta = e.cold_starts.delta;
    if base == other || delta == 0 || (other > base) != (delta < 0) {
        return None;
    }
    let envs = |n: u32| match n {
        0 => "none".to_string(),
        n => format!("{} provisioned environments", format::count(u64::from(n))),
    };
    Some(if other > base {
        format!(
            "provisioned concurrency: {} (vs {}) are initialised before requests arrive, so the \
             requests they serve never cold-start",
            envs(other),
            envs(base)
        )
    } else {
        format!(
            "provisioned concurrency: {} (vs {}) means more requests must start a new environment",
            envs(other),
            envs(base)
        )
    })
}

fn latency_sentence(name: &str, base_name: &str, e: &Explanation) -> String {
    let (p50, p99) = (&e.cold_p50_ms, &e.cold_p99_ms);
    let at_p50 = if p50.delta.abs() < NOTABLE_MS {
        format!(
            "{name} cold-starts as fast as {base_name} at p50 ({})",
            versus_ms(p50)
        )
    } else {
        format!(
            "{name} cold-starts {} than {base_name} at p50 ({})",
            faster_or_slower(p50.delta),
            versus_ms(p50)
        )
    };
    // Both samples must support a p99 (100 cold starts): below that it is the slowest one.
    let fewest = e.cold_starts.base.min(e.cold_starts.other);
    let at_p99 = if !P99.supported(u64::try_from(fewest).unwrap_or(0)) {
        format!(
            "no p99 is given: {} cold starts are too few for one (it needs {})",
            count(fewest),
            format::count(P99.min_samples)
        )
    } else if p99.delta.abs() < NOTABLE_MS {
        format!("about the same at p99 ({})", versus_ms(p99))
    } else {
        format!(
            "{} at p99 ({})",
            faster_or_slower(p99.delta),
            versus_ms(p99)
        )
    };
    format!("{at_p50} and {at_p99}.")
}

fn phase_sentence(base_pack: Packaging, pack: Packaging, e: &Explanation) -> String {
    let notable: Vec<String> = e
        .phases
        .iter()
        .filter(|p| p.median_ms.delta.abs() >= NOTABLE_MS)
        .take(MAX_PHASES)
        .map(|p| {
            let note = mechanism(p.phase, base_pack, pack)
                .map(|m| format!(" ({m})"))
                .unwrap_or_default();
            format!(
                "{} {}{note}",
                phase_noun(p.phase),
                shorter_or_longer(p.median_ms.delta)
            )
        })
        .collect();
    match notable.as_slice() {
        [] => format!(
            "No phase's median differs by {} or more: the variants start alike.",
            ms(NOTABLE_MS)
        ),
        [only] => format!("One phase changed (medians): {only}."),
        [first, rest @ ..] => format!(
            "Largest phase change (medians): {first}; then {}.",
            rest.join(", ")
        ),
    }
}

/// The change in the number of cold starts, by cause, and the mechanism when the inputs name
/// one (provisioned concurrency); `None` when nothing changed.
fn count_sentence(e: &Explanation, inputs: Option<&InputChanges>) -> Option<String> {
    let provisioned = provisioned_mechanism(inputs, e);
    let moved: Vec<&CauseChange> = e
        .causes
        .iter()
        .filter(|c| c.count.delta != 0)
        .take(MAX_CAUSES)
        .collect();
    let total = e.cold_starts;
    if moved.is_empty() {
        return None;
    }
    let parts: Vec<String> = moved
        .iter()
        .map(|c| {
            let mut part = format!(
                "{} {} from {}",
                count(c.count.delta.abs()),
                fewer_or_more(c.count.delta),
                cause_noun(c.cause)
            );
            // With the same arrivals, a scale-out happens when every environment is busy; an
            // environment is busy for the whole of its init, so shorter inits mean fewer
            // scale-outs. Said only when the numbers agree with it.
            let init = e.init_mean_ms.delta;
            if provisioned.is_none()
                && c.cause == ColdCause::ScaleOut
                && init.abs() >= NOTABLE_MS
                && (init < 0.0) == (c.count.delta < 0)
            {
                part.push_str(if init < 0.0 {
                    " (shorter inits free environments sooner)"
                } else {
                    " (longer inits keep environments busy)"
                });
            }
            part
        })
        .collect();
    let head = if total.delta == 0 {
        format!("It had as many cold starts ({}), but", count(total.other))
    } else {
        format!(
            "It had {} {} cold starts ({} vs {}):",
            count(total.delta.abs()),
            fewer_or_more(total.delta),
            count(total.other),
            count(total.base)
        )
    };
    let because: String = [provisioned, deploy_mechanism(e)]
        .into_iter()
        .flatten()
        .map(|m| format!(" {m};"))
        .collect();
    Some(format!("{head}{because} {}.", parts.join(", ")))
}

/// Throttles, errors and dropped requests when any side has some, then the cost.
fn outcome_sentence(e: &Explanation) -> String {
    let mut parts = Vec::new();
    for (c, what) in [
        (&e.throttles, "throttles"),
        (&e.errors, "errors"),
        (&e.dropped, "dropped or refused requests"),
    ] {
        if c.base == 0 && c.other == 0 {
            continue;
        }
        parts.push(if c.delta == 0 {
            format!("as many {what} ({})", count(c.other))
        } else {
            format!(
                "{} {} {what} ({} vs {})",
                count(c.delta.abs()),
                fewer_or_more(c.delta),
                count(c.other),
                count(c.base)
            )
        });
    }
    let cost = &e.cost_usd;
    let (other, base) = (format::usd(cost.other), format::usd(cost.base));
    let cost_part = if other == base {
        format!("costs the same ({other})")
    } else {
        let word = if cost.delta < 0.0 { "less" } else { "more" };
        // A share reads better than a tiny dollar figure ("0.30 % less", not "$0.00005 less").
        let by = if cost.base > 0.0 {
            format::percent(cost.delta.abs() / cost.base)
        } else {
            format::usd(cost.delta.abs())
        };
        format!("costs {by} {word} ({other} vs {base})")
    };
    if parts.is_empty() {
        format!("It {cost_part}.")
    } else {
        format!("It had {} and {cost_part}.", parts.join(", "))
    }
}

/// The sentences about one variant's own cold starts.
pub fn profile_sentences(name: &str, p: &ColdStartProfile) -> Vec<String> {
    let requests = format::count(p.requests);
    if p.cold_starts == 0 {
        return vec![format!(
            "{name} had no cold starts in {requests} requests: every invocation found a warm environment."
        )];
    }
    let causes: Vec<String> = p
        .causes
        .iter()
        .take(MAX_CAUSES)
        .map(|c| format!("{} from {}", format::count(c.count), cause_noun(c.cause)))
        .collect();
    let mut first = format!(
        "{name} had {} cold starts in {requests} requests ({} of invocations)",
        format::count(p.cold_starts),
        format::percent(p.cold_start_ratio)
    );
    if !causes.is_empty() {
        first.push_str(": ");
        first.push_str(&causes.join(", "));
    }
    first.push('.');
    let mut out = vec![first];
    let mut second = format!("A cold start takes {} at p50", ms(p.cold_ms.p50));
    if let Some(p99) = p.cold_ms.at(&P99) {
        second.push_str(&format!(" ({} at p99)", ms(p99)));
    }
    if p.warm_ms.count > 0 {
        second.push_str(&format!(" against {} warm", ms(p.warm_ms.p50)));
    }
    let phases: Vec<String> = p
        .phases
        .iter()
        .take(MAX_PHASES)
        .map(|ph| format!("{} ({})", phase_noun(ph.phase), ms(ph.median_ms)))
        .collect();
    if let [longest, rest @ ..] = phases.as_slice() {
        second.push_str(&format!("; the longest phase is {longest}"));
        if !rest.is_empty() {
            second.push_str(&format!(", then {}", rest.join(", ")));
        }
    }
    second.push('.');
    out.push(second);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use coldstart_core::report::LatencySummary;

    const ZIP: Packaging = Packaging::Zip {
        zipped_mb: 2.0,
        unzipped_mb: 6.0,
    };
    const IMAGE: Packaging = Packaging::Image {
        image_mb: 1_000.0,
        read_mb: 64.0,
    };

    fn summary(count: u64, p50: f64, p99: f64) -> LatencySummary {
        LatencySummary {
            count,
            mean: p50,
            p50,
            p99,
            ..LatencySummary::default()
        }
    }

    /// A report with `cold` cold starts, cold p50/p99, phase medians (microVM, code fetch,
    /// bootstrap, init, handler) and scale-out / keep-alive counts.
    fn report(cold: (u64, u64), latency: (f64, f64), phases: [f64; 5], cost: f64) -> Report {
        let (scale_out, keep_alive) = cold;
        let n = scale_out + keep_alive;
        let mut r = Report {
            requests: 16_331,
            cold_starts: n,
            cold_start_ratio: n as f64 / 16_331.0,
            ..Report::default()
        };
        r.cold_by_cause.scale_out = scale_out;
        r.cold_by_cause.keep_alive_expired = keep_alive;
        r.latency_ms.cold = summary(n, latency.0, latency.1);
        r.latency_ms.warm = summary(16_331 - n, 40.0, 156.0);
        let p = &mut r.phases_ms;
        for (s, ms) in [
            &mut p.microvm,
            &mut p.code_fetch,
            &mut p.bootstrap,
            &mut p.init,
            &mut p.handler,
        ]
        .into_iter()
        .zip(phases)
        {
            *s = summary(n, ms, ms);
        }
        r.cost_usd.total = cost;
        r
    }

    fn zip_report() -> Report {
        report(
            (19, 8),
            (864.0, 1_239.0),
            [80.0, 250.0, 135.0, 350.0, 40.0],
            0.01650,
        )
    }

    fn image_report() -> Report {
        report(
            (12, 5),
            (712.0, 997.0),
            [80.0, 40.0, 193.0, 350.0, 40.0],
            0.01645,
        )
    }

    fn paragraph(base: &Report, other: &Report) -> String {
        packaged((ZIP, base), (IMAGE, other))
    }

    fn packaged((bp, base): (Packaging, &Report), (op, other): (Packaging, &Report)) -> String {
        let name = |p: Packaging| match p {
            Packaging::Zip { .. } => "zip",
            Packaging::Image { .. } => "image",
            Packaging::SnapStart => "snapstart",
        };
        let w = why(&[(name(bp), bp, base), (name(op), op, other)]).expect("two variants");
        assert_eq!(w.title, "Why they differ");
        assert_eq!(w.paragraphs.len(), 1, "one paragraph per non-base variant");
        assert_eq!(w.paragraphs[0].variant, 1);
        w.paragraphs[0].sentences.join(" ")
    }

    #[test]
    fn the_image_paragraph_names_the_dominant_phase_first_with_its_mechanism() {
        let text = paragraph(&zip_report(), &image_report());
        assert!(
            text.contains("image cold-starts 152 ms faster than zip at p50 (712 vs 864 ms) and no p99 is given: 17 cold starts are too few for one (it needs 100)."),
            "{text}"
        );
        let fetch = text.find(
            "code fetch 210 ms shorter (lazy loading reads 64 MB, 6.40 % of the 1,000 MB image)",
        );
        let boot = text.find("bootstrap 58.0 ms longer (image runtime start)");
        assert!(fetch.is_some() && boot.is_some(), "{text}");
        assert!(fetch < boot, "the larger change comes first: {text}");
        assert!(
            !text.contains("microVM") && !text.contains(" init "),
            "unchanged phases are not named: {text}"
        );
    }

    #[test]
    fn a_p99_is_said_only_when_both_sides_have_100_cold_starts() {
        let many = |r: Report| {
            let mut r = r;
            r.cold_by_cause.scale_out += 100;
            r.cold_starts += 100;
            r.latency_ms.cold.count += 100;
            r
        };
        let text = paragraph(&many(zip_report()), &many(image_report()));
        assert!(
            text.contains("image cold-starts 152 ms faster than zip at p50 (712 vs 864 ms) and 242 ms faster at p99 (997 vs 1,239 ms)."),
            "{text}"
        );
        let text = paragraph(&many(zip_report()), &image_report());
        assert!(text.contains("no p99 is given: 17 cold starts"), "{text}");
        let w = why(&[("zip", ZIP, &many(zip_report()))]).expect("one variant");
        let text = w.paragraphs[0].sentences.join(" ");
        assert!(text.contains("864 ms at p50 (1,239 ms at p99)"), "{text}");
    }

    #[test]
    fn the_count_sentence_splits_by_cause_and_ties_scale_out_to_shorter_inits() {
        let text = paragraph(&zip_report(), &image_report());
        assert!(
            text.contains("It had 10 fewer cold starts (17 vs 27): 7 fewer from scale-out (shorter inits free environments sooner), 3 fewer from keep-alive expiry."),
            "{text}"
        );
        assert!(
            text.contains("It costs 0.30 % less ($0.01645 vs $0.01650)."),
            "{text}"
        );
    }

    #[test]
    fn signs_flip_the_words_when_the_other_variant_is_slower() {
        let text = packaged((IMAGE, &image_report()), (ZIP, &zip_report()));
        assert!(
            text.contains("zip cold-starts 152 ms slower than image at p50"),
            "{text}"
        );
        assert!(
            text.contains("code fetch 210 ms longer (the zip downloads 2 MB and extracts 6 MB)"),
            "{text}"
        );
        assert!(
            text.contains("bootstrap 58.0 ms shorter (zip runtime start)"),
            "{text}"
        );
        assert!(text.contains("10 more cold starts (27 vs 17): 7 more from scale-out (longer inits keep environments busy)"), "{text}");
        assert!(text.contains("costs 0.30 % more"), "{text}");
    }

    #[test]
    fn a_scale_out_change_against_the_init_change_gets_no_because() {
        let mut other = image_report();
        other.cold_by_cause.scale_out = 25;
        other.cold_starts = 30;
        other.latency_ms.cold.count = 30;
        let text = paragraph(&zip_report(), &other);
        assert!(
            text.contains("6 more from scale-out, 3 fewer from keep-alive expiry"),
            "{text}"
        );
        assert!(!text.contains("inits"), "{text}");
    }

    #[test]
    fn identical_variants_read_as_alike() {
        let text = packaged((ZIP, &zip_report()), (ZIP, &zip_report()));
        assert!(
            text.contains("as fast as zip at p50 (864 vs 864 ms) and no p99 is given"),
            "{text}"
        );
        assert!(
            text.contains("No phase's median differs by 5.00 ms or more"),
            "{text}"
        );
        assert!(
            !text.contains("fewer") && !text.contains("more cold"),
            "{text}"
        );
        assert!(text.contains("It costs the same ($0.01650)."), "{text}");
    }

    #[test]
    fn throttles_and_errors_are_named_only_when_there_are_some() {
        let base = zip_report();
        let mut other = image_report();
        other.throttled = 12;
        let text = paragraph(&base, &other);
        assert!(
            text.contains("It had 12 more throttles (12 vs 0) and costs"),
            "{text}"
        );
        assert!(!text.contains("errors"), "{text}");
    }

    #[test]
    fn a_side_without_cold_starts_is_said_plainly() {
        let none = report((0, 0), (0.0, 0.0), [0.0; 5], 0.01);
        let text = paragraph(&zip_report(), &none);
        assert!(
            text.contains("image had no cold starts; zip had 27 (p50 864 ms)."),
            "{text}"
        );
        let text = paragraph(&none, &none);
        assert!(
            text.contains("Neither image nor zip had a cold start."),
            "{text}"
        );
    }

    #[test]
    fn snapstart_phases_are_explained_as_a_restore() {
        let w = why(&[
            ("java", ZIP, &zip_report()),
            ("java snapstart", Packaging::SnapStart, &image_report()),
        ])
        .expect("two variants");
        let text = w.paragraphs[0].sentences.join(" ");
        assert!(
            text.contains("code fetch 210 ms shorter (the snapshot brings the code)"),
            "{text}"
        );
        assert!(
            text.contains("bootstrap 58.0 ms longer (snapshot restore instead of runtime start)"),
            "{text}"
        );
    }

    #[test]
    fn a_single_variant_explains_its_own_cold_starts() {
        let w = why(&[("zip", ZIP, &zip_report())]).expect("one variant");
        assert_eq!(w.title, "Where the cold starts come from");
        let text = w.paragraphs[0].sentences.join(" ");
        assert_eq!(
            text,
            "zip had 27 cold starts in 16,331 requests (0.17 % of invocations): 19 from scale-out, 8 from keep-alive expiry. \
             A cold start takes 864 ms at p50 against 40.0 ms warm; the longest phase is init (350 ms), then code fetch (250 ms).",
            "27 cold starts support no p99"
        );
        let none = report((0, 0), (0.0, 0.0), [0.0; 5], 0.0);
        let text = why(&[("warm", ZIP, &none)]).expect("one").paragraphs[0]
            .sentences
            .join(" ");
        assert!(text.contains("no cold starts in 16,331 requests"), "{text}");
        assert!(why(&[]).is_none());
    }

    #[test]
    fn four_variants_give_three_paragraphs_against_the_first() {
        let (a, b) = (zip_report(), image_report());
        let w = why(&[
            ("a", ZIP, &a),
            ("b", IMAGE, &b),
            ("c", IMAGE, &a),
            ("d", ZIP, &b),
        ])
        .expect("variants");
        let order: Vec<usize> = w.paragraphs.iter().map(|p| p.variant).collect();
        assert_eq!(order, [1, 2, 3]);
        assert!(
            w.paragraphs[1]
                .sentences
                .iter()
                .any(|s| s.starts_with("c cold-starts as fast as a"))
        );
    }

    #[test]
    fn users_feel_comes_first_then_throttles_and_cost() {
        let w = why(&[
            ("zip", ZIP, &zip_report()),
            ("image", IMAGE, &image_report()),
        ])
        .expect("two variants");
        let s = &w.paragraphs[0].sentences;
        assert_eq!(
            s[0],
            "For users, 0.10 % of invocations cold-started (vs 0.17 %)."
        );
        assert!(s[1].starts_with("It costs 0.30 % less"), "{s:?}");
    }

    /// A variant that differs only by provisioned concurrency is explained by it: the inputs
    /// sentence names the field, the count sentence the mechanism, and the scale-out change is
    /// not put down to shorter inits.
    #[test]
    fn a_provisioned_only_difference_is_explained_by_provisioned_concurrency() {
        let base = Scenario::from_json(include_str!("../../../scenarios/node-zip-api.json"))
            .expect("preset");
        let mut other = base.clone();
        other.name = "provisioned".into();
        other.provisioned = Some(coldstart_core::scenario::Provisioned {
            count: 10,
            schedule: Vec::new(),
        });
        let scenarios = [base, other];
        let reports: Vec<Report> = (scenarios.iter())
            .map(|s| coldstart_core::run(s).expect("runs"))
            .collect();
        assert!(reports[1].cold_starts < reports[0].cold_starts);
        let w = why_of(&scenarios, &reports).expect("two variants");
        let text = w.paragraphs[0].sentences.join(" ");
        let first = &w.paragraphs[0].sentences[0];
        assert!(first.starts_with("provisioned differs from "), "{first}");
        assert!(
            first.contains("only in provisioned (10 vs none)"),
            "{first}"
        );
        assert!(
            text.contains(
                "Provisioned concurrency: 10 provisioned environments (vs none) are initialised \
                 before requests arrive"
            ),
            "{text}"
        );
        assert!(!text.contains("inits free environments"), "{text}");
        assert!(
            w.paragraphs[0].sentences[1].starts_with("For users, "),
            "{text}"
        );
    }

    /// Over several seeds the paragraph ends by telling what holds from what is within the
    /// noise. On a noisy spike (the core's `tests/it/replication.rs` scenario), 10 provisioned
    /// environments move the cold starts' p99 by less than its paired interval, while 500
    /// cut the p99 of all requests beyond the noise.
    #[test]
    fn replications_say_which_differences_are_within_the_noise() {
        use coldstart_core::compare::replication::{Figure, Replications, replicate};
        let base = Scenario::from_json(
            r#"{
            "name": "on-demand", "seed": 7, "duration_s": 300,
            "workload": {"kind": "spikes", "base_rate_per_s": 20,
                         "spikes": [{"at_s": 120, "duration_s": 60, "rate_per_s": 300}]},
            "function": {"runtime": "nodejs", "memory_mb": 512, "timeout_s": 10,
                         "handler_ms": {"dist": "log_normal", "median": 120, "p99_over_p50": 6},
                         "init_ms": {"dist": "log_normal", "median": 300, "p99_over_p50": 2}},
            "package": {"type": "zip", "zipped_mb": 5, "unzipped_mb": 15}
        }"#,
        )
        .expect("scenario");
        let with_pc = |count: u32| {
            let mut s = base.clone();
            s.name = format!("{count} provisioned");
            s.provisioned = Some(coldstart_core::scenario::Provisioned {
                count,
                schedule: Vec::new(),
            });
            s
        };
        let seeds = Replications::new(8).expect("valid");
        for (count, figure, within) in [
            (10, Figure::ColdP99Ms, true),
            (500, Figure::AllP99Ms, false),
        ] {
            let scenarios = [base.clone(), with_pc(count)];
            let (r, reports) = replicate(&scenarios, seeds).expect("runs");
            let d = r.differences[1].of(figure).expect("supported");
            assert_eq!(d.beyond_noise(), Some(!within), "{count}: {d:?}");
            let w = why_of(&scenarios, &reports).expect("two").with_noise(&r);
            let last = w.paragraphs[0].sentences.last().expect("sentences");
            assert!(
                last.starts_with("Across 8 seeds (paired differences"),
                "{last}"
            );
            let noise = last.split("within the noise").nth(1).unwrap_or_default();
            let noun = match figure {
                Figure::ColdP99Ms => "the cold starts' p99",
                _ => "p99 of all requests",
            };
            assert_eq!(noise.contains(noun), within, "{count}: {last}");
        }
    }

    fn why_of_two(base: Scenario, other: Scenario) -> (String, Vec<Report>) {
        let scenarios = [base, other];
        let reports: Vec<Report> = (scenarios.iter())
            .map(|s| coldstart_core::run(s).expect("runs"))
            .collect();
        let w = why_of(&scenarios, &reports).expect("two variants");
        (w.paragraphs[0].sentences.join(" "), reports)
    }

    /// Variants that differ only by their deploy schedule are explained by the deploys.
    #[test]
    fn a_deploy_schedule_difference_is_explained_by_the_deploys() {
        let base = Scenario::from_json(include_str!("../../../scenarios/node-zip-api.json"))
            .expect("preset");
        let mut other = base.clone();
        other.name = "deployed".into();
        other.deploys = [300.0, 900.0]
            .map(|at_s| coldstart_core::scenario::Deploy {
                at_s,
                image_changed_fraction: 1.0,
            })
            .to_vec();
        let (text, reports) = why_of_two(base, other);
        let deploy_cold = reports[1].cold_by_cause.deploy;
        assert!(deploy_cold > 0 && reports[0].cold_by_cause.deploy == 0);
        assert!(
            text.starts_with("deployed differs from node-zip-api only in deploys (2 vs 0)."),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "deploys: 2 deploys (vs no deploy) each retire the warm environments, so the \
                 requests after each start new ones ({deploy_cold} more cold starts after a deploy)"
            )),
            "{text}"
        );
        assert!(!text.contains("warm-up"), "{text}");
    }

    /// Variants that differ only by the handler's warm-up are explained by it, with the early
    /// and late invocations' latencies of each.
    #[test]
    fn a_warm_up_difference_is_explained_by_the_warm_up() {
        let mut base =
            Scenario::from_json(include_str!("../../../scenarios/java-zip.json")).expect("preset");
        base.function.warmup = coldstart_core::scenario::Warmup::None;
        let mut other = base.clone();
        other.name = "jit".into();
        other.function.warmup = coldstart_core::scenario::Warmup::default();
        let (text, reports) = why_of_two(base, other);
        assert!(text.contains("only in function.warmup."), "{text}");
        let early = |r: &Report| r.latency_by_invocation[1].latency_ms.p50;
        assert!(early(&reports[1]) > early(&reports[0]) + NOTABLE_MS);
        assert!(
            text.contains(&format!(
                "The handler's warm-up differs (function.warmup: what the runtime compiles, \
                 loads and caches on its first calls): on each environment its invocations 2–10 \
                 took {} at p50 (vs {})",
                ms(early(&reports[1])),
                ms(early(&reports[0]))
            )),
            "{text}"
        );
        assert!(
            text.contains("so the first invocations after every cold start run "),
            "{text}"
        );
        assert!(text.contains(" above the later ones (vs "), "{text}");
        // The same runs without the inputs: the early-vs-late pattern alone names it.
        let named = [
            (
                "flat",
                Packaging::of(
                    &Scenario::from_json(include_str!("../../../scenarios/java-zip.json")).unwrap(),
                ),
                &reports[0],
            ),
            (
                "jit",
                Packaging::of(
                    &Scenario::from_json(include_str!("../../../scenarios/java-zip.json")).unwrap(),
                ),
                &reports[1],
            ),
        ];
        let text = why(&named).unwrap().paragraphs[0].sentences.join(" ");
        assert!(text.contains("warm-up differs"), "{text}");
        // And identical warm-ups say nothing of it.
        let (same, _) = why_of_two(
            Scenario::from_json(include_str!("../../../scenarios/java-zip.json")).unwrap(),
            Scenario::from_json(include_str!("../../../scenarios/java-zip.json")).unwrap(),
        );
        assert!(!same.contains("warm-up"), "{same}");
    }

    /// A runtime change is a warm-up change only when the curves that apply differ: Python and
    /// Ruby share one, Go and custom runtimes have none.
    #[test]
    fn runtimes_with_the_same_curve_do_not_differ_in_warm_up() {
        use coldstart_core::scenario::Runtime;
        let base = Scenario::from_json(include_str!("../../../scenarios/java-zip.json")).unwrap();
        let on = |runtime: Runtime| {
            let mut s = base.clone();
            s.function.runtime = runtime;
            s
        };
        let differs = |a: Runtime, b: Runtime| input_changes(&on(a), &on(b)).warmup;
        assert!(!differs(Runtime::Python, Runtime::Ruby));
        assert!(!differs(Runtime::Go, Runtime::Provided));
        assert!(differs(Runtime::Java, Runtime::Go));
        assert!(differs(Runtime::Nodejs, Runtime::Python));
    }

    #[test]
    fn input_changes_list_every_differing_field_but_the_name() {
        let base = Scenario::from_json(include_str!("../../../scenarios/node-zip-api.json"))
            .expect("preset");
        let mut other = base.clone();
        other.name = "other".into();
        assert!(input_changes(&base, &other).fields.is_empty());
        other.seed += 1;
        other.function.memory_mb = 2048;
        let c = input_changes(&base, &other);
        let paths: Vec<&str> = c.fields.iter().map(|(p, _, _)| p.as_str()).collect();
        assert_eq!(paths, ["seed", "function.memory_mb"]);
        assert_eq!(c.provisioned, (0, 0));
        assert_eq!(
            inputs_sentence("other", "base", &c),
            format!(
                "other differs from base in seed ({} vs {}) and function.memory_mb (2048 vs {}).",
                other.seed, base.seed, base.function.memory_mb
            )
        );
    }
}

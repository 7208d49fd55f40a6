//! Running the compared variants in slices, with progress and cancel between slices.
//!
//! The page runs them in a Web Worker (`web/worker.js`), so a long comparison never blocks the
//! page: the workbench turns the variants into a [`RunRequest`] (JSON), the worker drives a
//! [`Task`] and posts back each [`Reply`] as bytes ([`Reply::to_bytes`]), and the workbench
//! takes them in. Both ends are this
//! plain Rust, so native tests run the same task the worker runs, and the replies' bytes are
//! checked to carry every report bit for bit (`tests/workbench.rs`).

use coldstart_charts::TimelineSample;
use coldstart_core::compare::replication::{self, Replications, RunFigures};
use coldstart_core::report::{EnvironmentLanes, RequestRecord};
use coldstart_core::simulation::Simulation;
use coldstart_core::sweep::{self, SweepPoint, SweepSeries};
use coldstart_core::{Report, Scenario, ScenarioError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// Events simulated between two looks at the clock: small enough that a slice overshoots its
/// budget by well under a millisecond, large enough that reading the clock costs nothing.
pub const EVENTS_PER_CHECK: u64 = 4_096;

/// Most events one variant may simulate in the page: the core's budget (200 million) would keep
/// a tab busy for about a minute of wasm; this bounds a hostile link's work to some seconds
/// (about 10 s at the wasm engine's measured ~3 M requests/s, a few events per request), and a
/// run that needs more stops with the core's "budget" message instead of freezing the tab.
pub const BROWSER_EVENT_BUDGET: u64 = 30_000_000;

/// Checks a scenario the way a run would, without running it.
pub fn validate(scenario: &Scenario) -> Result<(), ScenarioError> {
    coldstart_core::validation::validate(scenario)
}

/// Which of a run's simulations one worker makes. The runs are numbered in run order — seed
/// by seed, the variants in order within each (`index = seed × variants + variant`) — and run
/// `index` belongs to part `index % parts`: with two parts and two variants, one worker runs the
/// first variant under every seed and the other the second, so the first seed's charts wait for
/// the slower of two runs, not their sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    index: usize,
    parts: usize,
}

impl Part {
    /// The whole run, in one worker (or on the page's thread).
    pub const WHOLE: Part = Part { index: 0, parts: 1 };

    /// Part `index` of `parts`, or why not (an index at or past the count, no parts).
    pub fn new(index: usize, parts: usize) -> Result<Part, String> {
        if index < parts {
            Ok(Part { index, parts })
        } else {
            Err(format!(
                "run part {index} of {parts}: a part is numbered 0 to the part count − 1"
            ))
        }
    }

    /// Whether run `index` (in run order) is this part's.
    fn owns(self, index: usize) -> bool {
        index % self.parts == self.index
    }
}

/// A comparison in progress: this [`Part`]'s runs one after the other, in run order: first its
/// variants under the first seed, each as the charts need it
/// ([`coldstart_prose::charted::scenario`]: plus a request sample for the timeline when it keeps
/// none; nothing else changes, so figures match the CLI's); then, with several replications,
/// its variants under each next seed
/// ([`coldstart_core::compare::replication::replication_scenarios`]), plain, since only the first
/// seed is charted. Those later runs are built only when reached, so memory holds one of them.
pub struct Job {
    /// This part's runs by index in run order ([`Part`]), in the order they run.
    runs: Vec<usize>,
    /// Variants in the comparison.
    variants: usize,
    /// This part's first-seed simulations, in variant order (built up front, so a variant the
    /// core refuses fails the run before any work); each is taken into its report when it
    /// finishes.
    first: Vec<Option<Simulation>>,
    /// The later run in progress, if one is.
    current: Option<Simulation>,
    /// The scenarios of this part's runs of replications 1 onwards, in run order, not yet started.
    later: std::vec::IntoIter<Scenario>,
    /// A later run the core refused (its position in `runs`), with why.
    refused: Option<(usize, ScenarioError)>,
    /// The reports of this part's runs so far, in the order of `runs`.
    reports: Vec<Report>,
    events: u64,
}

impl Job {
    /// Prepares this part's variants of the first seed; fails with the index of the first one
    /// the core refuses. The later seeds' runs differ only in their seed.
    pub fn new(
        scenarios: &[Scenario],
        replications: Replications,
        part: Part,
    ) -> Result<Job, (usize, ScenarioError)> {
        let variants = scenarios.len();
        let runs: Vec<usize> = (0..variants * replications.get() as usize)
            .filter(|&i| part.owns(i))
            .collect();
        let first = (runs.iter().take_while(|&&i| i < variants))
            .map(|&i| {
                let mut sim = Simulation::new(&coldstart_prose::charted::scenario(&scenarios[i]))
                    .map_err(|e| (i, e))?;
                sim.limit_events(BROWSER_EVENT_BUDGET);
                Ok(Some(sim))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let later: Vec<Scenario> = (1..replications.get())
            .flat_map(|k| replication::replication_scenarios(scenarios, k))
            .enumerate()
            .filter(|&(i, _)| part.owns(variants + i))
            .map(|(_, s)| s)
            .collect();
        Ok(Job {
            reports: Vec::with_capacity(runs.len()),
            runs,
            variants,
            first,
            current: None,
            later: later.into_iter(),
            refused: None,
            events: 0,
        })
    }

    /// The variant (index) of this part's `n`th run.
    fn variant_of(&self, n: usize) -> usize {
        self.runs.get(n).map_or(0, |i| i % self.variants.max(1))
    }

    /// The simulation of the run in progress (building a later one when it is reached), or
    /// `None` when the core refuses it (then [`Job::failure`] says why).
    fn sim(&mut self) -> Option<&mut Simulation> {
        let i = self.reports.len();
        if i < self.first.len() {
            return self.first.get_mut(i).and_then(Option::as_mut);
        }
        if self.current.is_none() {
            let s = self.later.next()?;
            match Simulation::new(&s) {
                Ok(mut sim) => {
                    sim.limit_events(BROWSER_EVENT_BUDGET);
                    self.current = Some(sim);
                }
                Err(e) => self.refused = Some((i, e)),
            }
        }
        self.current.as_mut()
    }

    /// The run in progress, without building one.
    fn running(&self) -> Option<&Simulation> {
        (self.first.get(self.reports.len()))
            .and_then(Option::as_ref)
            .or(self.current.as_ref())
    }

    /// Advances until `keep_going` says stop (checked every [`EVENTS_PER_CHECK`] events), a
    /// first-seed variant has reported (so it can be handed on at once), or every run has
    /// finished. Returns `true` when finished (or stopped by a failure).
    pub fn advance(&mut self, mut keep_going: impl FnMut() -> bool) -> bool {
        while self.reports.len() < self.runs.len() {
            let Some(sim) = self.sim() else {
                return true;
            };
            let ran = sim.run_events(EVENTS_PER_CHECK);
            if sim.exhausted().is_some() {
                self.events += ran;
                // Spent the work budget: the run stops here, whatever the clock says.
                return true;
            }
            let finished = sim.is_finished();
            self.events += ran;
            if finished {
                // The simulation becomes its report (its request sample and lanes moved, not
                // copied) and is dropped.
                let i = self.reports.len();
                let sim = match self.first.get_mut(i) {
                    Some(first) => first.take(),
                    None => self.current.take(),
                };
                self.reports.extend(sim.map(Simulation::into_report));
                if self.reports.len() <= self.first.len() {
                    // A first-seed report is handed on at once (the worker posts it).
                    return self.reports.len() == self.runs.len();
                }
            }
            if !keep_going() {
                break;
            }
        }
        self.reports.len() == self.runs.len()
    }

    /// Events simulated so far, over all runs.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Fraction done, 0 to 1, over this part's runs.
    pub fn progress(&self) -> f64 {
        let n = self.runs.len().max(1) as f64;
        let current = self.running().map_or(0.0, |s| s.progress().clamp(0.0, 1.0));
        ((self.reports.len() as f64 + current) / n).min(1.0)
    }

    /// The variant (index) whose run spent the work budget or was refused, and why: its results
    /// would cover only part of the comparison, so there are none.
    pub fn failure(&self) -> Option<(usize, ScenarioError)> {
        if let Some((n, why)) = &self.refused {
            return Some((self.variant_of(*n), why.clone()));
        }
        let why = self.running()?.exhausted()?;
        Some((self.variant_of(self.reports.len()), why.clone()))
    }

    /// The reports, once [`Job::advance`] returned `true` (none if a run failed): this part's
    /// first-seed variants, then its runs of each later seed, in run order.
    pub fn into_reports(self) -> Option<Vec<Report>> {
        (self.reports.len() == self.runs.len()).then_some(self.reports)
    }
}

/// What the page asks a run worker for: the variants of one run and the seeds to run them under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRequest {
    /// The workbench's run number. Replies carry it, so those of a run that a newer one
    /// replaced are recognised and dropped.
    pub run: u64,
    /// The variants, validated.
    pub scenarios: Vec<Scenario>,
    /// The seeds each variant runs under.
    pub replications: Replications,
    /// Whether the variants run on the imported arrivals the worker keeps, in place of their
    /// Poisson stand-in ([`crate::imported`]).
    #[serde(default)]
    pub imported: bool,
    /// Into how many [`Part`]s the run is split, one per worker (1 with imported arrivals:
    /// only one worker keeps them).
    #[serde(default = "one_part")]
    pub parts: usize,
    /// Whether each part holds its later seeds, once its first-seed reports are out, until
    /// [`Task::resume`]: the page resumes them when the first charts are drawn, so on a device
    /// with few cores they do not compete with that drawing (the reader waits for the charts,
    /// not for the intervals).
    #[serde(default)]
    pub hold: bool,
    /// Whether part 0 also makes the size sweep of the first variant ([`Reply::Sweep`]) once
    /// its first-seed reports are out and the page has drawn the first charts
    /// ([`Task::resume`]): with one seed the worker is idle then, while the page draws the
    /// charts below the screen (with several, the other part runs its later seeds meanwhile),
    /// and the sweep (thousands of sampled cold starts) would otherwise be made on the page's
    /// thread for the sweep chart; made earlier, it would compete with the other part's
    /// simulation or the first chart for the device's cores. Off for a run on the page's own
    /// thread, which makes it on first use.
    #[serde(default)]
    pub sweep: bool,
}

fn one_part() -> usize {
    1
}

/// What each [`Part`] of a run sends back, in this order: each of its variants' first-seed
/// report as soon as it is in (a message each, so the page never takes in all of them in one
/// go), followed by that variant's per-request records, then its end; part 0, when asked, adds
/// the size sweep once the page resumes it (before the later seeds, or after the end with one
/// seed). A refused or over-budget
/// run sends `Failed` instead. Externally tagged (serde's default): the tagged forms would
/// buffer whole reports as untyped values before reading them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// A variant's report under the first seed, without its per-request records: the timeline
    /// draws from `sample`, a fifth of their bytes, and the records follow in
    /// [`Reply::Records`] (only the downloads need them).
    First {
        /// The request's run number.
        run: u64,
        /// The variant, by index.
        variant: usize,
        /// Its report, its `samples` empty and its `environment_lanes` in `lanes`.
        report: Box<Report>,
        /// What the timeline draws of the records.
        sample: TimelineSample,
        /// Its environment lanes, read when the lanes chart is drawn.
        lanes: Lanes,
    },
    /// A variant's per-request records under the first seed, for the requests CSV and the
    /// report JSON: the page keeps them encoded and reads them only for those downloads.
    Records {
        /// The request's run number.
        run: u64,
        /// The variant, by index.
        variant: usize,
        /// The records.
        records: Records,
    },
    /// The size sweep of the first variant ([`coldstart_prose::charted::sweep`]), made by
    /// part 0 after its first-seed reports, once resumed, when the request asks for it
    /// ([`RunRequest::sweep`]): empty when the core refuses the sweep (the chart then says
    /// there is no data, as when the page makes it).
    Sweep {
        /// The request's run number.
        run: u64,
        /// The sweep's points, as the core made them, without their packages.
        points: Vec<SweepFigures>,
    },
    /// Every run of the part is done.
    Done {
        /// The request's run number.
        run: u64,
        /// The figures of each of the part's runs, by index in run order ([`Part`]): what the
        /// comparison over the seeds is summarised from, once every part is in.
        figures: Vec<(usize, RunFigures)>,
    },
    /// The core refused a variant, or its run spent the work budget: there are no results.
    Failed {
        /// The request's run number.
        run: u64,
        /// The variant, by index.
        variant: usize,
        /// The field at fault, if the error names one.
        path: Option<String>,
        /// Why, in words.
        message: String,
    },
}

impl Reply {
    /// The run number of the request it answers.
    pub fn run(&self) -> u64 {
        match self {
            Reply::First { run, .. }
            | Reply::Records { run, .. }
            | Reply::Sweep { run, .. }
            | Reply::Done { run, .. }
            | Reply::Failed { run, .. } => *run,
        }
    }

    /// The reply as the worker posts it: postcard, which keeps every float bit for bit and
    /// needs no field names (so far less code than JSON in the wasm).
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        postcard::to_allocvec(self).map_err(|e| format!("a run reply: {e}"))
    }

    /// A reply from [`Reply::to_bytes`]'s bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Reply, String> {
        postcard::from_bytes(bytes).map_err(|e| format!("a run worker's reply: {e}"))
    }

    fn failed(run: u64, (variant, e): (usize, ScenarioError)) -> Reply {
        Reply::Failed {
            run,
            variant,
            path: e.path().map(str::to_string),
            message: e.to_string(),
        }
    }
}

/// A size-sweep point as a run worker sends it: all of it but the package sampled, which is a
/// tagged enum that postcard cannot read back, and which the page makes again from the first
/// variant ([`SweepFigures::point`]), the same package, bit for bit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepFigures {
    series: SweepSeries,
    size_mb: f64,
    p50_ms: Option<f64>,
    p99_ms: Option<f64>,
    mean_ms: Option<f64>,
    refused: Option<String>,
}

impl SweepFigures {
    /// The figures of `point`.
    pub fn of(point: SweepPoint) -> SweepFigures {
        SweepFigures {
            series: point.series,
            size_mb: point.size_mb,
            p50_ms: point.p50_ms,
            p99_ms: point.p99_ms,
            mean_ms: point.mean_ms,
            refused: point.refused,
        }
    }

    /// The point of the sweep of `base` these are the figures of.
    pub fn point(self, base: &Scenario) -> SweepPoint {
        SweepPoint {
            series: self.series,
            size_mb: self.size_mb,
            package: sweep::point_package(base, self.series, self.size_mb),
            p50_ms: self.p50_ms,
            p99_ms: self.p99_ms,
            mean_ms: self.mean_ms,
            refused: self.refused,
        }
    }
}

/// A value encoded where the run made it and read only when needed ([`Encoded::decode`]):
/// taking in a reply copies its bytes instead of decoding it. Decoding a run's 20,000 request
/// records or its 2,000 environments' lanes costs the page milliseconds (tens on a phone) that
/// the first charts do not need: the records serve the downloads, the lanes one chart.
pub struct Encoded<T> {
    bytes: Vec<u8>,
    of: PhantomData<fn() -> T>,
}

/// A run's per-request records (a report's `samples`), for the requests CSV and report JSON.
pub type Records = Encoded<Vec<RequestRecord>>;

/// A run's environment lanes (a report's `environment_lanes`), for the lanes chart.
pub type Lanes = Encoded<Option<EnvironmentLanes>>;

impl<T: Serialize + DeserializeOwned> Encoded<T> {
    /// The value, encoded.
    pub fn encode(value: &T) -> Result<Encoded<T>, String> {
        postcard::to_allocvec(value)
            .map(|bytes| Encoded {
                bytes,
                of: PhantomData,
            })
            .map_err(|e| format!("a run's results: {e}"))
    }

    /// The value back.
    pub fn decode(&self) -> Result<T, String> {
        postcard::from_bytes(&self.bytes).map_err(|e| format!("a run's results: {e}"))
    }
}

impl<T> Clone for Encoded<T> {
    fn clone(&self) -> Self {
        Encoded {
            bytes: self.bytes.clone(),
            of: PhantomData,
        }
    }
}

impl<T> PartialEq for Encoded<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<T> std::fmt::Debug for Encoded<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encoded({} bytes)", self.bytes.len())
    }
}

/// Written as one byte string, so that reading a reply copies it instead of visiting each byte.
/// By hand rather than with `serde_bytes`: one type needs it, and its visitor is a dozen lines;
/// the trait impls above are by hand so that `T` itself needs no `Clone`, `PartialEq` or `Debug`.
impl<T> Serialize for Encoded<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

impl<'de, T> Deserialize<'de> for Encoded<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Encoded<T>, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an encoded value")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        let bytes = deserializer.deserialize_byte_buf(Bytes)?;
        Ok(Encoded {
            bytes,
            of: PhantomData,
        })
    }
}

/// One [`Part`] of a [`RunRequest`] being worked through: a worker's side of a run.
pub struct Task {
    run: u64,
    job: Result<Job, Option<Reply>>,
    /// First-seed reports sent so far.
    sent: usize,
    /// The records of the first-seed report just sent (its variant, and them), to go out next:
    /// encoded only then ([`Task::ready`]), so the report leaves without waiting for the
    /// encoding of its 20,000 records (~8 ms of the page's wasm at 2 × 100,000 requests).
    records: Option<(usize, Vec<RequestRecord>)>,
    /// The first variant, when this task makes its size sweep ([`RunRequest::sweep`], part 0)
    /// and has not yet.
    sweep: Option<Scenario>,
    /// Whether the later seeds wait for [`Task::resume`] ([`RunRequest::hold`]).
    hold: bool,
    /// Whether the page has resumed the task: it drew the first charts.
    resumed: bool,
    done: bool,
}

impl Task {
    /// Prepares part `part` of the run (0 of 1: all of it), on `imported` arrivals when the
    /// request asks for them; a variant the core refuses, a part the request has not, or
    /// imported arrivals asked for and not kept, become the task's one reply.
    pub fn new(request: RunRequest, part: usize, imported: Option<&[f64]>) -> Task {
        let RunRequest {
            run,
            mut scenarios,
            replications,
            imported: wanted,
            parts,
            hold,
            sweep,
        } = request;
        let part = match Part::new(part, parts) {
            Ok(part) => part,
            Err(message) => {
                return Task {
                    run,
                    job: Err(Some(Reply::Failed {
                        run,
                        variant: 0,
                        path: None,
                        message,
                    })),
                    sent: 0,
                    records: None,
                    sweep: None,
                    hold,
                    resumed: false,
                    done: false,
                };
            }
        };
        // The sweep is of the variant as the page has it (its own workload, not imported
        // arrivals), so it is the sweep the page would make itself.
        let sweep = (sweep && part.index == 0)
            .then(|| scenarios.first().cloned())
            .flatten();
        let missing = match (wanted, imported) {
            (true, Some(arrivals)) => {
                crate::imported::with_arrivals(&mut scenarios, arrivals);
                false
            }
            (true, None) => true,
            (false, _) => false,
        };
        Task {
            run,
            job: if missing {
                Err(Some(Reply::Failed {
                    run,
                    variant: 0,
                    path: None,
                    message: "The imported traffic is no longer loaded in this tab; import \
                              the file again."
                        .to_string(),
                }))
            } else {
                Job::new(&scenarios, replications, part).map_err(|e| Some(Reply::failed(run, e)))
            },
            sent: 0,
            records: None,
            sweep,
            hold,
            resumed: false,
            done: false,
        }
    }

    /// Works until `keep_going` says stop or a reply is ready, and returns that reply. Call
    /// again until [`Task::is_done`]; a task yields at most one reply per call.
    pub fn advance(&mut self, keep_going: impl FnMut() -> bool) -> Option<Reply> {
        if let Some(records) = self.ready() {
            return Some(records);
        }
        // The sweep, once the page has drawn the first charts, before the later seeds (or
        // after the end).
        if self.resumed
            && self.first_out()
            && let Some(base) = self.sweep.take()
        {
            let points = coldstart_prose::charted::sweep(&base).unwrap_or_default();
            return Some(Reply::Sweep {
                run: self.run,
                points: points.into_iter().map(SweepFigures::of).collect(),
            });
        }
        if self.done || self.holding() {
            return None;
        }
        let job = match &mut self.job {
            Ok(job) => job,
            Err(refused) => {
                self.done = true;
                self.sweep = None;
                return refused.take();
            }
        };
        // A report already in goes out before more work.
        let due = |job: &Job, sent: usize| job.reports.len().min(job.first.len()) > sent;
        let finished = due(job, self.sent) || job.advance(keep_going);
        if let Some(failure) = job.failure() {
            self.done = true;
            self.sweep = None;
            return Some(Reply::failed(self.run, failure));
        }
        if due(job, self.sent) {
            let n = self.sent;
            self.sent += 1;
            let variant = job.variant_of(n);
            // The records and lanes leave the kept report (the figures at the end need
            // neither).
            let report = &mut job.reports[n];
            let records = std::mem::take(&mut report.samples);
            let sample = TimelineSample::of(&records);
            let lanes = match Lanes::encode(&report.environment_lanes.take()) {
                Ok(lanes) => lanes,
                Err(message) => return Some(self.fail(variant, message)),
            };
            self.records = Some((variant, records));
            return Some(Reply::First {
                run: self.run,
                variant,
                report: Box::new(report.clone()),
                sample,
                lanes,
            });
        }
        if !finished {
            return None;
        }
        self.done = true;
        let figures = (job.runs.iter().copied())
            .zip(job.reports.iter().map(RunFigures::of))
            .collect();
        Some(Reply::Done {
            run: self.run,
            figures,
        })
    }

    /// A reply that is ready without more simulation: the records of the first-seed report just
    /// given, encoded now.
    pub fn ready(&mut self) -> Option<Reply> {
        let (variant, records) = self.records.take()?;
        Some(match Records::encode(&records) {
            Ok(records) => Reply::Records {
                run: self.run,
                variant,
                records,
            },
            Err(message) => self.fail(variant, message),
        })
    }

    /// Ends the task on a reply it could not encode.
    fn fail(&mut self, variant: usize, message: String) -> Reply {
        self.done = true;
        self.sweep = None;
        Reply::Failed {
            run: self.run,
            variant,
            path: None,
            message,
        }
    }

    /// Whether every first-seed report of the part is out.
    fn first_out(&self) -> bool {
        (self.job.as_ref()).is_ok_and(|job| self.sent == job.first.len())
    }

    /// Whether every first-seed report of the job is out and later seeds remain to run.
    fn at_later_seeds(job: &Job, sent: usize) -> bool {
        sent == job.first.len() && job.reports.len() < job.runs.len()
    }

    /// Whether the task waits for [`Task::resume`] before its later seeds: [`Task::advance`]
    /// does nothing until then.
    pub fn holding(&self) -> bool {
        if self.records.is_some() {
            return false;
        }
        let later = (self.job.as_ref()).is_ok_and(|job| Self::at_later_seeds(job, self.sent));
        // The sweep waits for the page, once nothing but it or the later seeds is left.
        let sweep = self.sweep.is_some() && !self.resumed && (self.done || later);
        sweep || (!self.done && self.hold && later)
    }

    /// Lets the later seeds run, and the sweep be made; returns whether the task was holding
    /// (so its driver starts advancing it again).
    pub fn resume(&mut self) -> bool {
        let was = self.holding();
        self.hold = false;
        self.resumed = true;
        was
    }

    /// Fraction done, 0 to 1.
    pub fn progress(&self) -> f64 {
        match &self.job {
            Ok(job) if !self.done => job.progress(),
            _ => 1.0,
        }
    }

    /// Whether every reply has been given.
    pub fn is_done(&self) -> bool {
        self.done && self.records.is_none() && self.sweep.is_none()
    }
}

/// Runs a comparison to the end in one go (tests and the benchmark).
pub fn run_all(scenarios: &[Scenario]) -> Result<Vec<Report>, (usize, ScenarioError)> {
    let mut job = Job::new(scenarios, Replications::ONE, Part::WHOLE)?;
    while !job.advance(|| true) {}
    if let Some(failure) = job.failure() {
        return Err(failure);
    }
    Ok(job.into_reports().unwrap_or_default())
}

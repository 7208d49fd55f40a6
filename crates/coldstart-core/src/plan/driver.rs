//! Any planner a batch at a time, for a caller that runs the candidates itself and cannot lend
//! the planner a closure: the page, whose Web Workers answer by message, and the CLI's threads.
//!
//! The caller loops: [`Driver::next_batch`] hands out the candidates of one round, each a
//! [`Variation`] of [`Driver::base`] (sent to each worker once), the caller runs each to a
//! [`Measure`] anywhere it likes ([`Variation::measure`]), and hands them back with
//! [`Driver::accept`] in the batch's order; [`Driver::progress`] says how far it got;
//! once `next_batch` says `None`, [`Driver::finish`] gives the [`Plan`]. The batches depend only
//! on the measures, so the plan is the one the one-shot functions
//! ([`super::provisioned::provisioned`], …) give — they are this loop with a runner. Cancelling
//! is dropping the driver.

use super::memory::{self, MemoryConfig, MemoryPlan};
use super::packaging::{self, PackagingPlan};
use super::provisioned::{self, ProvisionedPlan};
use super::schedule::{self, SchedulePlan};
use super::{Measure, Remaining, Search, Target, Variation};
use crate::error::ScenarioError;
use crate::scenario::Scenario;
use coldstart_engine::tagged;
use serde::{Deserialize, Serialize};

/// Which planner, with its settings (the scenario goes beside it).
///
/// JSON: `{"planner": "provisioned", "target": {"metric": "cold_share", "max": 0.01}}`,
/// `{"planner": "schedule", "target": …}`, `{"planner": "memory", "config": {"sizes_mb": […],
/// "handler_cpu_bound": 0.5, "target": null}}` (`config` and each of its fields optional),
/// `{"planner": "packaging", "target": …}`.
///
/// Read in one pass through [`RequestFields`] (`coldstart_engine::tagged`); written in the
/// tagged form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "planner",
    rename_all = "snake_case",
    deny_unknown_fields,
    try_from = "coldstart_engine::tagged::Map<RequestFields>"
)]
pub enum Request {
    /// The least constant provisioned count meeting the target.
    Provisioned {
        /// What the count must achieve.
        target: Target,
    },
    /// The least hourly provisioned schedule meeting the target, beside the constant count.
    Schedule {
        /// What the schedule must achieve.
        target: Target,
    },
    /// The memory curve.
    Memory {
        /// Sizes, handler scaling and optional target.
        #[serde(default)]
        config: MemoryConfig,
    },
    /// Zip, image or SnapStart.
    Packaging {
        /// What a packaging must achieve.
        target: Target,
    },
}

tagged::reader! {
    /// Every field of every [`Request`], each `Some` when present.
    struct RequestFields for Request called "planner" tagged "planner" by RequestPlanner {
        target: Target,
        config: MemoryConfig,
    }
    Provisioned = "provisioned" { target },
    Schedule = "schedule" { target },
    Memory = "memory" { config = default },
    Packaging = "packaging" { target },
}

impl Request {
    /// The target the plan must meet, if it has one (the memory curve's is optional).
    pub fn target(&self) -> Option<&Target> {
        match self {
            Request::Provisioned { target }
            | Request::Schedule { target }
            | Request::Packaging { target } => Some(target),
            Request::Memory { config } => config.target.as_ref(),
        }
    }

    /// Checks the target's bound (the rest is checked when a driver starts on a scenario).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.target().map_or(Ok(()), Target::validate)
    }
}

/// A planner's answer, tagged like its [`Request`]: `{"planner": "provisioned", …the plan's
/// fields}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "planner", rename_all = "snake_case")]
#[expect(
    clippy::large_enum_variant,
    reason = "one plan is built per planning and moved once; boxing would only add noise"
)]
pub enum Plan {
    /// See [`ProvisionedPlan`].
    Provisioned(ProvisionedPlan),
    /// See [`SchedulePlan`].
    Schedule(SchedulePlan),
    /// See [`MemoryPlan`].
    Memory(MemoryPlan),
    /// See [`PackagingPlan`].
    Packaging(PackagingPlan),
}

/// How far a driver got: batches and runs accepted, and upper bounds on each for the whole
/// plan (they only shrink as the search narrows; equal to the done counts once it is over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Batches accepted.
    pub batches_done: u32,
    /// At most this many batches in all.
    pub batches_max: u32,
    /// Runs accepted.
    pub runs_done: u32,
    /// At most this many runs in all.
    pub runs_max: u32,
}

/// The four searches behind one type.
#[derive(Debug, Clone)]
enum Any {
    Provisioned(Box<provisioned::Search>),
    Schedule(Box<schedule::Search>),
    Memory(memory::Search),
    Packaging(packaging::Search),
}

/// A planner stepped by its caller; see the module's documentation for the loop.
#[derive(Debug, Clone)]
pub struct Driver {
    search: Any,
    /// The batch handed out and not yet accepted.
    pending: Option<Vec<Variation>>,
    /// Whether the search said it is over.
    over: bool,
    /// The error that stopped the search, returned from then on.
    failed: Option<ScenarioError>,
    batches_done: u32,
    runs_done: u32,
}

impl Driver {
    /// A planner for `scenario`, checked up front: the settings, the scenario and (for the
    /// planners that know it before running) the work bound.
    pub fn new(scenario: &Scenario, request: &Request) -> Result<Driver, ScenarioError> {
        let search = match request {
            Request::Provisioned { target } => {
                Any::Provisioned(Box::new(provisioned::Search::new(scenario, *target)?))
            }
            Request::Schedule { target } => {
                Any::Schedule(Box::new(schedule::Search::new(scenario, *target)?))
            }
            Request::Memory { config } => Any::Memory(memory::Search::new(scenario, config)?),
            Request::Packaging { target } => {
                Any::Packaging(packaging::Search::new(scenario, *target)?)
            }
        };
        Ok(Driver {
            search,
            pending: None,
            over: false,
            failed: None,
            batches_done: 0,
            runs_done: 0,
        })
    }

    /// The scenario every candidate varies: what each worker needs once, before its first
    /// [`Variation`]. The same for the driver's whole life.
    pub fn base(&self) -> &Scenario {
        match &self.search {
            Any::Provisioned(s) => s.base(),
            Any::Schedule(s) => s.base(),
            Any::Memory(s) => s.base(),
            Any::Packaging(s) => s.base(),
        }
    }

    /// The next batch of candidates to run (variations of [`Driver::base`]), or `None` when the
    /// plan is ready. Until the batch is accepted, asking again returns the same batch.
    pub fn next_batch(&mut self) -> Result<Option<Vec<Variation>>, ScenarioError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.over {
            return Ok(None);
        }
        if self.pending.is_none() {
            let next = match &mut self.search {
                Any::Provisioned(s) => s.next(),
                Any::Schedule(s) => s.next(),
                Any::Memory(s) => s.next(),
                Any::Packaging(s) => s.next(),
            };
            match next {
                Ok(Some(batch)) => self.pending = Some(batch),
                Ok(None) => self.over = true,
                Err(e) => return Err(self.fail(e)),
            }
        }
        Ok(self.pending.clone())
    }

    /// The measures of the batch last handed out, one per scenario in the batch's order
    /// (whatever order the runs finished in).
    pub fn accept(&mut self, measures: &[Measure]) -> Result<(), ScenarioError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let Some(batch) = &self.pending else {
            return Err(ScenarioError::invalid(
                "runner",
                format!("{} measures", measures.len()),
                "measures are accepted only for a batch handed out by next_batch",
            ));
        };
        super::expect_len(measures, batch.len())?;
        let accepted = match &mut self.search {
            Any::Provisioned(s) => s.accept(measures),
            Any::Schedule(s) => s.accept(measures),
            Any::Memory(s) => s.accept(measures),
            Any::Packaging(s) => s.accept(measures),
        };
        if let Err(e) = accepted {
            return Err(self.fail(e));
        }
        self.pending = None;
        self.batches_done += 1;
        self.runs_done += measures.len() as u32;
        Ok(())
    }

    /// Batches and runs done, and at most how many in all.
    pub fn progress(&self) -> Progress {
        let left = if self.over || self.failed.is_some() {
            Remaining::NONE
        } else {
            match &self.search {
                Any::Provisioned(s) => s.remaining(),
                Any::Schedule(s) => s.remaining(),
                Any::Memory(s) => s.remaining(),
                Any::Packaging(s) => s.remaining(),
            }
        };
        // The work bound refuses a planner past PLAN_MAX_RUNS runs, so no plan runs more.
        let most = super::d::PLAN_MAX_RUNS as u32;
        let runs_max = (self.runs_done + left.runs as u32).min(most.max(self.runs_done));
        let batches_max =
            (self.batches_done + left.batches as u32).min(runs_max.max(self.batches_done));
        Progress {
            batches_done: self.batches_done,
            batches_max,
            runs_done: self.runs_done,
            runs_max,
        }
    }

    /// The plan, once `next_batch` has returned `None`; the error that stopped the search, if
    /// one did.
    pub fn finish(self) -> Result<Plan, ScenarioError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if !self.over {
            return Err(super::unfinished());
        }
        Ok(match self.search {
            Any::Provisioned(s) => Plan::Provisioned(s.finish()?),
            Any::Schedule(s) => Plan::Schedule(s.finish()?),
            Any::Memory(s) => Plan::Memory(s.finish()?),
            Any::Packaging(s) => Plan::Packaging(s.finish()?),
        })
    }

    fn fail(&mut self, e: ScenarioError) -> ScenarioError {
        self.failed = Some(e.clone());
        self.pending = None;
        e
    }
}

//! Init cost of a cold start: code fetch (zip or image), runtime bootstrap, function init.
//!
//! PLACEHOLDER INTERFACE — the real models (zip transfer+extract, lazy chunked image loading with
//! tiered caches, SnapStart restore) replace the bodies below; the signatures are the contract
//! the engine relies on.

use crate::error::ScenarioError;
use crate::scenario::Scenario;
use crate::time::Micros;
use rand::Rng;

/// The init-cost phases of one cold start. The engine adds the microVM phase and the handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InitPhases {
    /// Code fetch: zip download + extraction, or image chunks read during init.
    pub code_fetch: Micros,
    /// Runtime bootstrap (extensions + runtime), or SnapStart restore.
    pub bootstrap: Micros,
    /// Function init (code outside the handler), already scaled by the CPU share.
    pub init: Micros,
}

/// The init-cost model of one function, with the cache state that persists across its cold starts.
#[derive(Debug, Clone)]
pub struct InitCostModel {
    bootstrap: Micros,
}

impl InitCostModel {
    /// Built once per run from a validated scenario.
    pub fn new(_scenario: &Scenario) -> Result<InitCostModel, ScenarioError> {
        Ok(InitCostModel {
            bootstrap: Micros::from_ms(100),
        })
    }

    /// Phases of one cold start beginning at `now`. Mutates cache state (an image's chunks warm
    /// the local and AZ caches), so call it once per cold start, in simulated-time order.
    pub fn cold_start<R: Rng + ?Sized>(&mut self, _now: Micros, _rng: &mut R) -> InitPhases {
        InitPhases {
            code_fetch: Micros::ZERO,
            bootstrap: self.bootstrap,
            init: Micros::ZERO,
        }
    }
}

/// Validates `package` and `snapstart` against the AWS limits.
pub fn validate_packaging(_scenario: &Scenario) -> Result<(), ScenarioError> {
    Ok(())
}

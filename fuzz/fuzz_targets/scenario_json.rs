//! Scenario JSON: parse, validate and run a bounded number of events. Any input must give a
//! parse error, a validation error or a report; never a panic, a hang or a huge allocation.
#![no_main]

use coldstart_core::Scenario;
use coldstart_fuzz::run_capped;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = Scenario::from_json(text) {
        run_capped(&scenario);
    }
});

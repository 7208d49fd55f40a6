//! The words for the report's closed sets: cold-start causes, cold-start phases and request
//! outcomes. One table each, in three registers: the `id` written in CSV cells and column names
//! (the report's JSON spelling), the `label` of table rows and chart legends, and the `noun`
//! that fits in a sentence ("3 fewer from keep-alive expiry"). The page, the CLI, the charts and
//! the sentences all read them here.

use coldstart_core::report::ColdStartPhase;
use coldstart_core::report::{ColdCause, Outcome, Reclaim};

/// How one member of a set is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// Machine name: CSV cells and column prefixes, the JSON report's spelling.
    pub id: &'static str,
    /// Row and legend label.
    pub label: &'static str,
    /// Noun phrase for sentences.
    pub noun: &'static str,
}

const fn words(id: &'static str, label: &'static str, noun: &'static str) -> Words {
    Words { id, label, noun }
}

/// The words of a cold-start cause.
pub fn cause(c: ColdCause) -> Words {
    match c {
        ColdCause::First => words("first", "first request", "the first request"),
        ColdCause::ScaleOut => words("scale_out", "scale-out", "scale-out"),
        ColdCause::KeepAliveExpired => words(
            "keep_alive_expired",
            "keep-alive expired",
            "keep-alive expiry",
        ),
        ColdCause::LifetimeExpired => {
            words("lifetime_expired", "lifetime expired", "lifetime expiry")
        }
        ColdCause::Reset => words("reset", "reset after crash or timeout", "resets"),
        ColdCause::Deploy => words("deploy", "retired by a deploy", "deploys"),
    }
}

/// The words of a cold-start phase. The bootstrap phase is a SnapStart restore when SnapStart is
/// on, so its label names both.
pub fn phase(p: ColdStartPhase) -> Words {
    match p {
        ColdStartPhase::Microvm => words("microvm", "microVM", "microVM start"),
        ColdStartPhase::CodeFetch => words("code_fetch", "code fetch", "code fetch"),
        ColdStartPhase::Bootstrap => words("bootstrap", "bootstrap / restore", "bootstrap"),
        ColdStartPhase::Init => words("init", "init", "init"),
        ColdStartPhase::Handler => words("handler", "handler", "the handler"),
    }
}

/// The words of why an environment went (the end of its lane).
pub fn reclaim(r: Reclaim) -> Words {
    match r {
        Reclaim::KeepAlive => words("keep_alive", "keep-alive expired", "keep-alive expiry"),
        Reclaim::Lifetime => words("lifetime", "lifetime reached", "its maximum lifetime"),
        Reclaim::Reset => words("reset", "reset after a timeout", "a reset"),
        Reclaim::Deploy => words("deploy", "retired by a deploy", "a deploy"),
        Reclaim::ScaleDown => words("scale_down", "provisioned scale-down", "a scale-down"),
    }
}

/// Every reason an environment goes, in the order legends list them.
pub const RECLAIMS: [Reclaim; 5] = [
    Reclaim::KeepAlive,
    Reclaim::Lifetime,
    Reclaim::Reset,
    Reclaim::Deploy,
    Reclaim::ScaleDown,
];

/// The words of a cold request's wait before its final attempt (async queueing, earlier
/// attempts and their back-off): the first part of the anatomy's bars.
pub const WAIT: Words = words("wait", "wait and retries", "waiting and retries");

/// The words of a request's outcome.
pub fn outcome(o: Outcome) -> Words {
    match o {
        Outcome::Ok => words("ok", "ok", "successful requests"),
        Outcome::Error => words("error", "error", "errors"),
        Outcome::Throttled => words("throttled", "throttled", "throttles"),
        Outcome::Dropped => words("dropped", "dropped", "dropped requests"),
    }
}

/// Every outcome, in the order tables list them.
pub const OUTCOMES: [Outcome; 4] = [
    Outcome::Ok,
    Outcome::Error,
    Outcome::Throttled,
    Outcome::Dropped,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The CSV's ids are the JSON report's spelling, so a script reads one vocabulary.
    fn json_name<T: serde::Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    #[test]
    fn ids_are_the_json_reports_names() {
        for c in ColdCause::ALL {
            assert_eq!(cause(c).id, json_name(c));
        }
        for o in OUTCOMES {
            assert_eq!(outcome(o).id, json_name(o));
        }
        for r in RECLAIMS {
            assert_eq!(reclaim(r).id, json_name(r));
        }
    }

    #[test]
    fn labels_are_distinct_within_each_set() {
        let distinct = |labels: Vec<&str>| {
            let mut sorted = labels.clone();
            sorted.sort_unstable();
            sorted.dedup();
            sorted.len() == labels.len()
        };
        assert!(distinct(ColdCause::ALL.map(|c| cause(c).label).to_vec()));
        assert!(distinct(ColdCause::ALL.map(|c| cause(c).noun).to_vec()));
        assert!(distinct(
            ColdStartPhase::ALL.map(|p| phase(p).label).to_vec()
        ));
        assert!(distinct(OUTCOMES.map(|o| outcome(o).label).to_vec()));
    }
}

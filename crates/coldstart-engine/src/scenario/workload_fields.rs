//! How a [`Workload`] is read: one pass over its fields, then the kind picks its own.
//!
//! Serde's derive for an internally tagged enum (`"kind": "trace"` beside the fields) cannot know
//! the variant before it has seen the tag, and the tag may come last, so it first copies the
//! whole object into an untyped buffer of about 32 bytes per value and then reads the variant
//! from that copy. For a replayed trace of 10⁷ arrivals that buffer is 320 MB on top of the
//! 80 MB the arrivals need. Reading every field of every kind into one flat struct instead (each
//! optional) and building the variant afterwards parses the arrivals straight into their
//! `Vec<f64>`. What is written stays the derived form: `Workload` serializes as before.
//!
//! It is the same [`tagged::reader!`] as the other tagged enums', so a `null` is a value here
//! too: refused for a field of another kind, and answered by the value's reader where a number
//! or list is expected ("invalid type: null, expected f64"), as serde's derive did. This reader
//! was older and read a `null` as an absent field.

use super::{RateStep, Spike, Workload};
use crate::tagged;

tagged::reader! {
    /// Every field of every kind, each `Some` when present ([`crate::tagged`]); unknown names
    /// are still refused.
    pub(super) struct WorkloadFields for Workload called "workload" tagged "kind" by Kind {
        rate_per_s: f64,
        steps: Vec<RateStep>,
        base_rate_per_s: f64,
        spikes: Vec<Spike>,
        mean_rate_per_s: f64,
        amplitude: f64,
        period_s: f64,
        phase_s: f64,
        arrivals_ms: Vec<f64>,
        parts: Vec<Workload>,
    }
    Poisson = "poisson" { rate_per_s },
    Steps = "steps" { steps },
    Spikes = "spikes" { base_rate_per_s, spikes },
    Diurnal = "diurnal" { mean_rate_per_s, amplitude, period_s, phase_s = default },
    Trace = "trace" { arrivals_ms },
    Mix = "mix" { parts },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Workload, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn every_kind_reads_back_what_it_writes() {
        let kinds = [
            Workload::Poisson { rate_per_s: 2.5 },
            Workload::Steps {
                steps: vec![RateStep {
                    at_s: 0.0,
                    rate_per_s: 1.0,
                }],
            },
            Workload::Spikes {
                base_rate_per_s: 1.0,
                spikes: vec![Spike {
                    at_s: 5.0,
                    duration_s: 2.0,
                    rate_per_s: 30.0,
                }],
            },
            Workload::Diurnal {
                mean_rate_per_s: 3.0,
                amplitude: 0.5,
                period_s: 86_400.0,
                phase_s: 600.0,
            },
            Workload::Trace {
                arrivals_ms: vec![0.0, 12.5, 7.0],
            },
            Workload::Mix {
                parts: vec![
                    Workload::Poisson { rate_per_s: 1.0 },
                    Workload::Trace {
                        arrivals_ms: vec![3.0],
                    },
                ],
            },
        ];
        for w in kinds {
            let json = serde_json::to_string(&w).expect("serializes");
            assert_eq!(read(&json).as_ref(), Ok(&w), "{json}");
            let toml = toml::to_string(&w).expect("serializes as TOML");
            assert_eq!(toml::from_str::<Workload>(&toml).as_ref(), Ok(&w), "{toml}");
        }
    }

    #[test]
    fn the_tag_may_come_after_the_fields_and_phase_defaults_to_zero() {
        let w =
            read(r#"{"mean_rate_per_s": 2, "amplitude": 0.1, "period_s": 60, "kind": "diurnal"}"#);
        assert_eq!(
            w,
            Ok(Workload::Diurnal {
                mean_rate_per_s: 2.0,
                amplitude: 0.1,
                period_s: 60.0,
                phase_s: 0.0,
            })
        );
    }

    #[test]
    fn a_field_of_another_kind_is_named_with_what_this_kind_expects() {
        let e = read(r#"{"kind": "poisson", "rate_per_s": 1, "arrivals_ms": [1]}"#).unwrap_err();
        assert!(
            e.contains(
                "unknown field `arrivals_ms` for a `poisson` workload, expected `rate_per_s`"
            ),
            "{e}"
        );
    }

    #[test]
    fn a_null_is_a_value_not_an_absent_field() {
        // A field of another kind: read as that kind's value, which no field takes as null.
        let other = read(r#"{"kind": "poisson", "rate_per_s": 1, "arrivals_ms": null}"#);
        let e = other.unwrap_err();
        assert!(e.contains("invalid type: null, expected a sequence"), "{e}");
        let e = read(r#"{"amplitude": null, "kind": "poisson", "rate_per_s": 1}"#).unwrap_err();
        assert!(e.contains("invalid type: null, expected f64"), "{e}");
        let e = read(r#"{"kind": "poisson", "rate_per_s": null}"#).unwrap_err();
        assert!(e.contains("invalid type: null, expected f64"), "{e}");
        let e = read(r#"{"kind": "trace", "arrivals_ms": null}"#).unwrap_err();
        assert!(e.contains("invalid type: null, expected a sequence"), "{e}");
        let defaulted = r#"{"kind": "diurnal", "mean_rate_per_s": 2, "amplitude": 0.1, "period_s": 60, "phase_s": null}"#;
        let e = read(defaulted).unwrap_err();
        assert!(e.contains("invalid type: null, expected f64"), "{e}");
    }

    #[test]
    fn unknown_names_missing_fields_and_kinds_are_refused() {
        let unknown = read(r#"{"kind": "poisson", "rate": 1}"#).unwrap_err();
        assert!(unknown.contains("unknown field `rate`"), "{unknown}");
        let missing = read(r#"{"kind": "spikes", "base_rate_per_s": 1}"#).unwrap_err();
        assert!(missing.contains("missing field `spikes`"), "{missing}");
        let kind = read(r#"{"kind": "burst", "rate_per_s": 1}"#).unwrap_err();
        assert!(kind.contains("unknown variant `burst`"), "{kind}");
        let untagged = read(r#"{"rate_per_s": 1}"#).unwrap_err();
        assert!(untagged.contains("missing field `kind`"), "{untagged}");
    }
}

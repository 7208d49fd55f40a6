//! How a [`Workload`] is read: one pass over its fields, then the kind picks its own.
//!
//! Serde's derive for an internally tagged enum (`"kind": "trace"` beside the fields) cannot know
//! the variant before it has seen the tag, and the tag may come last, so it first copies the
//! whole object into an untyped buffer of about 32 bytes per value and then reads the variant
//! from that copy. For a replayed trace of 10⁷ arrivals that buffer is 320 MB on top of the
//! 80 MB the arrivals need. Reading every field of every kind into one flat struct instead (each
//! optional) and building the variant afterwards parses the arrivals straight into their
//! `Vec<f64>`. What is written stays the derived form: `Workload` serializes as before.

use super::{RateStep, Spike, Workload};
use crate::tagged::{self, required};
use serde::Deserialize;

/// The `kind` tag.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum Kind {
    Poisson,
    Steps,
    Spikes,
    Diurnal,
    Trace,
    Mix,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Poisson => "poisson",
            Kind::Steps => "steps",
            Kind::Spikes => "spikes",
            Kind::Diurnal => "diurnal",
            Kind::Trace => "trace",
            Kind::Mix => "mix",
        }
    }

    /// The fields this kind reads, as written in a scenario file.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Poisson => &["rate_per_s"],
            Kind::Steps => &["steps"],
            Kind::Spikes => &["base_rate_per_s", "spikes"],
            Kind::Diurnal => &["mean_rate_per_s", "amplitude", "period_s", "phase_s"],
            Kind::Trace => &["arrivals_ms"],
            Kind::Mix => &["parts"],
        }
    }
}

/// Every field of every kind; unknown names are still refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkloadFields {
    kind: Kind,
    rate_per_s: Option<f64>,
    steps: Option<Vec<RateStep>>,
    base_rate_per_s: Option<f64>,
    spikes: Option<Vec<Spike>>,
    mean_rate_per_s: Option<f64>,
    amplitude: Option<f64>,
    period_s: Option<f64>,
    phase_s: Option<f64>,
    arrivals_ms: Option<Vec<f64>>,
    parts: Option<Vec<Workload>>,
}

impl tagged::Flat for WorkloadFields {
    const ENUM: &'static str = "Workload";
}

impl WorkloadFields {
    /// Every field with whether it is present, in declaration order.
    fn present(&self) -> [(&'static str, bool); 10] {
        [
            ("rate_per_s", self.rate_per_s.is_some()),
            ("steps", self.steps.is_some()),
            ("base_rate_per_s", self.base_rate_per_s.is_some()),
            ("spikes", self.spikes.is_some()),
            ("mean_rate_per_s", self.mean_rate_per_s.is_some()),
            ("amplitude", self.amplitude.is_some()),
            ("period_s", self.period_s.is_some()),
            ("phase_s", self.phase_s.is_some()),
            ("arrivals_ms", self.arrivals_ms.is_some()),
            ("parts", self.parts.is_some()),
        ]
    }
}

impl TryFrom<tagged::Map<WorkloadFields>> for Workload {
    type Error = String;

    fn try_from(tagged::Map(f): tagged::Map<WorkloadFields>) -> Result<Workload, String> {
        let kind = f.kind;
        let present = f.present();
        tagged::only_own(
            "workload",
            kind.name(),
            kind.fields(),
            &present.map(|(name, _)| name),
            &present.map(|(_, present)| present),
        )?;
        Ok(match kind {
            Kind::Poisson => Workload::Poisson {
                rate_per_s: required(f.rate_per_s, "rate_per_s")?,
            },
            Kind::Steps => Workload::Steps {
                steps: required(f.steps, "steps")?,
            },
            Kind::Spikes => Workload::Spikes {
                base_rate_per_s: required(f.base_rate_per_s, "base_rate_per_s")?,
                spikes: required(f.spikes, "spikes")?,
            },
            Kind::Diurnal => Workload::Diurnal {
                mean_rate_per_s: required(f.mean_rate_per_s, "mean_rate_per_s")?,
                amplitude: required(f.amplitude, "amplitude")?,
                period_s: required(f.period_s, "period_s")?,
                phase_s: f.phase_s.unwrap_or(0.0),
            },
            Kind::Trace => Workload::Trace {
                arrivals_ms: required(f.arrivals_ms, "arrivals_ms")?,
            },
            Kind::Mix => Workload::Mix {
                parts: required(f.parts, "parts")?,
            },
        })
    }
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

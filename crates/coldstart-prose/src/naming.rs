//! What a new variant is called: what differs in it from the first variant ("image",
//! "1,024 MB", "SnapStart on"), so its tab, legend and table column say what the comparison is
//! about instead of "Variant B".

use crate::explanation::input_changes;
use crate::format;
use coldstart_core::Scenario;

/// Differing inputs named in a variant's name; more are counted ("+2 more").
pub const MAX_NAMED: usize = 2;

/// The name of `other`, a variant compared with `base`: its differing inputs, as short values
/// where one word or number says them ("image", "2,048 MB", "5 provisioned") and by input name
/// otherwise ("workload"). A variant identical to its base is "copy of" the base.
pub fn variant_name(base: &Scenario, other: &Scenario) -> String {
    let changes = input_changes(base, other);
    let parts: Vec<String> = (changes.fields.iter())
        .map(|(path, _, value)| short(path, value, other))
        .collect();
    match parts.as_slice() {
        [] => format!("copy of {}", base.name),
        named if named.len() <= MAX_NAMED => named.join(", "),
        named => format!(
            "{}, +{} more",
            named[..MAX_NAMED].join(", "),
            named.len() - MAX_NAMED
        ),
    }
}

/// One differing input in a few words.
fn short(path: &str, value: &str, other: &Scenario) -> String {
    match path {
        "function.memory_mb" => {
            format!("{} MB", format::count(u64::from(other.function.memory_mb)))
        }
        "package" if !value.is_empty() => value.to_string(),
        "package" => "package size".to_string(),
        "snapstart" if !value.is_empty() => format!("SnapStart {value}"),
        "provisioned" if value == "none" => "no provisioned".to_string(),
        "provisioned" if !value.is_empty() => format!("{value} provisioned"),
        "seed" => format!("seed {value}"),
        "duration_s" => format!("{value} s"),
        "function.timeout_s" => format!("timeout {value} s"),
        other_path => other_path
            .rsplit('.')
            .next()
            .unwrap_or(other_path)
            .trim_end_matches("_ms")
            .replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Scenario {
        Scenario::from_json(
            r#"{ "name": "api", "duration_s": 60,
                 "workload": { "kind": "poisson", "rate_per_s": 1 },
                 "function": { "runtime": "nodejs", "memory_mb": 512,
                   "handler_ms": { "dist": "constant", "value": 10 },
                   "init_ms": { "dist": "constant", "value": 100 } },
                 "package": { "type": "zip", "zipped_mb": 2, "unzipped_mb": 6 } }"#,
        )
        .expect("a scenario")
    }

    #[test]
    fn a_variant_is_named_for_what_differs() {
        let a = base();
        assert_eq!(variant_name(&a, &a), "copy of api");
        let mut b = a.clone();
        b.function.memory_mb = 1024;
        assert_eq!(variant_name(&a, &b), "1,024 MB");
        b.package = coldstart_core::Package::image(300.0);
        assert_eq!(variant_name(&a, &b), "1,024 MB, image");
        b.seed = 9;
        assert_eq!(variant_name(&a, &b), "seed 9, 1,024 MB, +1 more");
        let mut c = a.clone();
        c.name = "renamed".into();
        assert_eq!(
            variant_name(&a, &c),
            "copy of api",
            "the name is not a difference"
        );
    }
}

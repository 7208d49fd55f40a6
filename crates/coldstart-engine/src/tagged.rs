//! Reading internally tagged enums (`{"dist": "constant", "value": 350}`) in one pass.
//!
//! Serde's derive for such an enum cannot know the variant before it has seen the tag, which may
//! come last, so it first copies the whole object into an untyped buffer (`Content`) and then
//! reads the variant from that copy. In the page's module that buffer's reader is a second
//! deserializer of every type inside a tagged enum, ≈ 120 KB of wasm before wasm-opt
//! (docs/benchmarks.md, "Issue 14, eighth round: wasm size"). Each tagged enum is read instead
//! as one flat struct holding every field of every variant, each optional (the `*Fields` structs
//! beside each enum, as [`crate::scenario::Workload`] was first), then built into its variant
//! with the checks below; what is written stays the derived tagged form.
//!
//! Each reader is one [`reader!`] list (the enum's fields with their types, then each variant's
//! tag name and fields), from which the macro writes the tag enum, the flat struct, the
//! presence list and the conversion; only the enum itself and its serde attributes are written
//! by hand.
//!
//! The flat structs hold every field as a [`Field`]: `Some` exactly when the field is in the
//! object, so a field of another variant is refused even when its value is `null`, and a `null`
//! where a value is required is refused by the value's own reader ("invalid type: null,
//! expected f64") as the derive did.
//!
//! Three more things keep the flat reader to what the derive accepted and no more:
//! - the tag is read as a variant name only (`#[serde(variant_identifier)]` on each `*Kind`
//!   enum): a plain derived enum would also take the externally tagged form, so
//!   `{"dist": {"constant": null}, "value": 1}` would pass;
//! - the flat struct is read from a map only ([`Map`]): a derived struct also reads a sequence,
//!   element by element in the flat struct's field order, which is not the order of any one
//!   variant, so `["exponential", 2.0]` gave the flat struct's `value` a mean and TOML let
//!   elements past the last field through unread. Serde's derive read a sequence as the tag and
//!   then the variant's fields; nothing writes that form, so it is refused outright;
//! - [`Map`] says what it reads as the derive did ("expected internally tagged enum Dist", from
//!   [`Flat::ENUM`]), so a wrong type is not answered with a private struct's name.
//!
//! A unit variant (`{"mode": "runtime"}`) refuses every other field; serde's derive ignored
//! them, `deny_unknown_fields` notwithstanding.

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A flat struct of every variant's fields, read by [`Map`]: what [`reader!`] implements for
/// the `*Fields` structs it writes.
pub trait Flat {
    /// The enum's name, for "expected internally tagged enum Dist" on a value of a wrong type.
    const ENUM: &'static str;
}

/// A flat struct read from a map only, never from a sequence (see the module's notes): the
/// enums' `try_from` source.
pub struct Map<T>(pub T);

impl<'de, T: Flat + Deserialize<'de>> Deserialize<'de> for Map<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(MapOnly(deserializer, T::ENUM)).map(Map)
    }
}

/// The format's deserializer, with every visitor handed to it refusing all but a map, and
/// saying it expected the enum named.
struct MapOnly<D>(D, &'static str);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(MapVisitor(visitor, self.1))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_struct(name, fields, MapVisitor(visitor, self.1))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A visitor that takes a map and answers anything else, a sequence included, with serde's
/// "invalid type" and "internally tagged enum" with the enum's name, as serde's derive did.
struct MapVisitor<V>(V, &'static str);

impl<'de, V: Visitor<'de>> Visitor<'de> for MapVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("internally tagged enum ")?;
        f.write_str(self.1)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}

/// A field of the flat struct: `Some` exactly when the field is in the object, whatever its
/// value (see the module's notes); `null` goes to the value's own reader.
pub struct Field<T>(pub Option<T>);

impl<T> Default for Field<T> {
    fn default() -> Self {
        Field(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(|value| Field(Some(value)))
    }
}

/// Refuses a field that the variant `kind` of a `what` (say "dist") does not have: `fields` are
/// every field of every variant, `present` whether each is in the object, `own` the variant's
/// own. (Two slices rather than pairs: the names are one static list, and each reader only
/// stores a flag a field.)
pub fn only_own(
    what: &str,
    kind: &str,
    own: &[&str],
    fields: &[&str],
    present: &[bool],
) -> Result<(), String> {
    let Some(stray) = fields
        .iter()
        .zip(present)
        .find(|(name, present)| **present && !own.contains(name))
        .map(|(name, _)| name)
    else {
        return Ok(());
    };
    if own.is_empty() {
        return Err(format!(
            "unknown field `{stray}` for a `{kind}` {what}, which has no other fields"
        ));
    }
    let expected: Vec<String> = own.iter().map(|n| format!("`{n}`")).collect();
    Err(format!(
        "unknown field `{stray}` for a `{kind}` {what}, expected {}",
        expected.join(", ")
    ))
}

/// A required field's value, or serde's own message for its absence.
pub fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

/// The reader of one internally tagged enum, from one list: writes the tag enum (a variant name
/// only), the flat struct of every field (each a [`Field`]), and the enum's `TryFrom<Map<…>>`
/// that refuses another variant's fields ([`only_own`]), then builds the variant, each field
/// required unless marked `= default` (then `Default::default()` when absent). `called` is the
/// enum's name in [`only_own`]'s messages ("for a `zip` package"), `tagged` the tag's field name,
/// each variant's string its tag value. The enum itself stays hand-written, with
/// `#[serde(tag = …, try_from = "…::tagged::Map<TheFields>")]` for what is written.
///
/// ```ignore
/// tagged::reader! {
///     /// Every field of every [`Dist`].
///     struct DistFields for Dist called "dist" tagged "dist" by DistKind {
///         value: f64,
///         mean: f64,
///         std_dev: f64,
///     }
///     Constant = "constant" { value },
///     Normal = "normal" { mean, std_dev = default },
///     Unit = "unit",
/// }
/// ```
///
/// The fields are listed once, apart from the variants, because variants share names (a dist's
/// `mean`, a target's `max`) and a struct cannot hold a name twice; their order is the order of
/// serde's "expected one of" and of [`only_own`]'s first stray field. A variant's fields are
/// checked for absence in its own order, as serde's derive did.
#[macro_export]
#[doc(hidden)]
macro_rules! __tagged_reader {
    (
        $(#[$meta:meta])*
        $vis:vis struct $Fields:ident for $Enum:ident called $what:literal
            tagged $tag:literal by $Kind:ident {
            $($field:ident: $ty:ty),* $(,)?
        }
        $($Variant:ident = $name:literal $({ $($own:ident $(= $default:ident)?),* $(,)? })?),+
        $(,)?
    ) => {
        #[doc = concat!("The `", $tag, "` tag of [`", stringify!($Enum), "`]: a variant name only.")]
        #[derive(Clone, Copy, serde::Deserialize)]
        #[serde(variant_identifier)]
        enum $Kind {
            $(#[serde(rename = $name)] $Variant,)+
        }

        $(#[$meta])*
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        $vis struct $Fields {
            #[serde(rename = $tag)]
            tag: $Kind,
            $(#[serde(default)] $field: $crate::tagged::Field<$ty>,)*
        }

        impl $crate::tagged::Flat for $Fields {
            const ENUM: &'static str = stringify!($Enum);
        }

        impl TryFrom<$crate::tagged::Map<$Fields>> for $Enum {
            type Error = String;

            fn try_from(
                $crate::tagged::Map(f): $crate::tagged::Map<$Fields>,
            ) -> Result<$Enum, String> {
                let (kind, own): (&str, &[&str]) = match f.tag {
                    $($Kind::$Variant => ($name, &[$($(stringify!($own)),*)?]),)+
                };
                $crate::tagged::only_own(
                    $what,
                    kind,
                    own,
                    &[$(stringify!($field)),*],
                    &[$(f.$field.0.is_some()),*],
                )?;
                Ok(match f.tag {
                    $($Kind::$Variant => $Enum::$Variant $({
                        $($own: $crate::__tagged_value!(f.$own.0, $own $(, $default)?),)*
                    })?,)+
                })
            }
        }
    };
}

/// One field's value in [`reader!`]'s conversion: required, or its default when absent.
#[macro_export]
#[doc(hidden)]
macro_rules! __tagged_value {
    ($value:expr, $name:ident) => {
        $crate::tagged::required($value, stringify!($name))?
    };
    ($value:expr, $name:ident, default) => {
        $value.unwrap_or_default()
    };
}

pub use crate::__tagged_reader as reader;

#[cfg(test)]
mod tests {
    use crate::package::{ImageCache, ReadAtInit, ZipFetch, ZipUpload};
    use crate::scenario::{Invocation, InvocationRate, Scaling, Warmup, Workload};
    use crate::{Dist, Package};
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    fn read<T: DeserializeOwned>(json: &str) -> Result<T, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// Every variant reads back what it writes, as JSON and as TOML (inside a table: TOML has no
    /// bare values), and with its tag moved after its fields.
    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug + Clone>(
        values: &[T],
        tag: &str,
    ) {
        #[derive(Serialize, serde::Deserialize)]
        struct Wrap<T> {
            v: T,
        }
        for v in values {
            let json = serde_json::to_string(v).expect("serializes");
            assert_eq!(read::<T>(&json).as_ref(), Ok(v), "{json}");
            let written: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            let kind = written[tag].as_str().expect("tagged");
            let tag_part = format!(r#""{tag}":"{kind}""#);
            if json != format!("{{{tag_part}}}") {
                let fields = json
                    .strip_prefix(&format!("{{{tag_part},"))
                    .expect("the tag is written first");
                let last = format!("{{{},{tag_part}}}", &fields[..fields.len() - 1]);
                assert_eq!(read::<T>(&last).as_ref(), Ok(v), "{last}");
            }
            let toml = toml::to_string(&Wrap { v: v.clone() }).expect("TOML");
            let back: Wrap<T> = toml::from_str(&toml).expect("reads TOML");
            assert_eq!(&back.v, v, "{toml}");
        }
    }

    #[test]
    fn every_variant_reads_back_what_it_writes() {
        round_trip(
            &[
                Dist::Constant { value: 3.5 },
                Dist::Exponential { mean: 2.0 },
                Dist::Normal {
                    mean: 10.0,
                    std_dev: 2.0,
                },
                Dist::LogNormal {
                    median: 40.0,
                    p99_over_p50: 3.0,
                },
                Dist::Uniform { min: 1.0, max: 4.0 },
                Dist::Empirical {
                    samples: vec![1.0, 2.5],
                },
            ],
            "dist",
        );
        round_trip(
            &[
                Package::zip(10.0, 30.0),
                Package::Zip {
                    zipped_mb: 60.0,
                    unzipped_mb: 200.0,
                    layers: 3,
                    upload: ZipUpload::S3,
                    fetch: ZipFetch {
                        files: Some(1_200),
                        ..ZipFetch::default()
                    },
                },
                Package::image(500.0),
                Package::Image {
                    image_mb: 900.0,
                    base_mb: Some(120.0),
                    read_at_init: ReadAtInit::Mb(80.0),
                    shared_fraction: 0.25,
                    just_deployed: true,
                    cache: ImageCache {
                        workers: 7,
                        ..ImageCache::default()
                    },
                },
            ],
            "type",
        );
        round_trip(
            &[
                Warmup::Runtime,
                Warmup::None,
                Warmup::Curve {
                    first_factor: 2.0,
                    decay_invocations: 5.0,
                },
            ],
            "mode",
        );
        round_trip(
            &[
                InvocationRate::Quota,
                InvocationRate::Fixed { per_s: 40 },
                InvocationRate::Unlimited,
            ],
            "mode",
        );
        round_trip(
            &[
                Scaling::Standard {
                    envs_per_window: 1_000,
                    window_s: 10.0,
                },
                Scaling::Legacy {
                    initial_burst: 500,
                    per_minute: 500,
                },
                Scaling::Unlimited,
            ],
            "mode",
        );
        round_trip(
            &[
                Invocation::Sync,
                Invocation::Async {
                    max_retries: 2,
                    max_event_age_s: 600.0,
                },
                Invocation::Stream {
                    shards: 4,
                    batch_size: 100,
                    batching_window_s: 1.5,
                    parallelization_factor: 2,
                },
            ],
            "model",
        );
    }

    #[test]
    fn defaults_apply_and_a_null_base_is_the_default_base() {
        let p: Package = read(r#"{"image_mb": 500, "base_mb": null, "type": "image"}"#).unwrap();
        assert_eq!(p, Package::image(500.0));
        let z: Package = read(r#"{"type": "zip", "zipped_mb": 10, "unzipped_mb": 30}"#).unwrap();
        assert_eq!(z, Package::zip(10.0, 30.0));
    }

    #[test]
    fn a_field_of_another_variant_is_named_with_what_this_one_expects() {
        let e = read::<Dist>(r#"{"dist": "constant", "value": 1, "mean": 2}"#).unwrap_err();
        assert!(
            e.contains("unknown field `mean` for a `constant` dist, expected `value`"),
            "{e}"
        );
        // Even with a null value: the field is there.
        let e = read::<Package>(
            r#"{"type": "zip", "zipped_mb": 1, "unzipped_mb": 2, "base_mb": null}"#,
        )
        .unwrap_err();
        assert!(
            e.contains(
                "unknown field `base_mb` for a `zip` package, expected `zipped_mb`, \
                 `unzipped_mb`, `layers`, `upload`, `fetch`"
            ),
            "{e}"
        );
        let e = read::<Warmup>(r#"{"mode": "none", "first_factor": 2}"#).unwrap_err();
        assert!(
            e.contains(
                "unknown field `first_factor` for a `none` warmup, which has no other fields"
            ),
            "{e}"
        );
    }

    #[test]
    fn unknown_names_missing_fields_nulls_and_tags_are_refused() {
        let unknown = read::<Dist>(r#"{"dist": "constant", "val": 1}"#).unwrap_err();
        assert!(unknown.contains("unknown field `val`"), "{unknown}");
        let missing = read::<Scaling>(r#"{"mode": "legacy", "initial_burst": 500}"#).unwrap_err();
        assert!(missing.contains("missing field `per_minute`"), "{missing}");
        let null = read::<Dist>(r#"{"dist": "constant", "value": null}"#).unwrap_err();
        assert!(null.contains("invalid type: null, expected f64"), "{null}");
        let kind = read::<Invocation>(r#"{"model": "batch"}"#).unwrap_err();
        assert!(kind.contains("unknown variant `batch`"), "{kind}");
        let untagged = read::<InvocationRate>(r#"{"per_s": 3}"#).unwrap_err();
        assert!(untagged.contains("missing field `mode`"), "{untagged}");
        let wrong = read::<InvocationRate>(r#"{"mode": "fixed", "per_s": -3}"#).unwrap_err();
        assert!(
            wrong.contains("invalid value: integer `-3`, expected u32"),
            "{wrong}"
        );
    }

    fn read_toml<T: DeserializeOwned>(value: &str) -> Result<T, String> {
        #[derive(serde::Deserialize)]
        struct Wrap<T> {
            v: T,
        }
        toml::from_str::<Wrap<T>>(&format!("v = {value}\n"))
            .map(|w| w.v)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_tag_is_a_variant_name_never_an_externally_tagged_enum() {
        // A plain derived enum would read `{"constant": null}` as its unit variant.
        let e = read::<Dist>(r#"{"dist": {"constant": null}, "value": 1}"#).unwrap_err();
        assert!(
            e.contains("invalid type: map, expected variant identifier"),
            "{e}"
        );
        let e = read::<Warmup>(r#"{"mode": {"runtime": null}}"#).unwrap_err();
        assert!(e.contains("expected variant identifier"), "{e}");
        let e = read::<Workload>(r#"{"kind": {"poisson": null}, "rate_per_s": 1}"#).unwrap_err();
        assert!(e.contains("expected variant identifier"), "{e}");
        let e = read_toml::<Scaling>("{ mode = { unlimited = {} } }").unwrap_err();
        assert!(e.contains("expected variant identifier"), "{e}");
    }

    #[test]
    fn a_sequence_is_refused_as_not_a_tagged_enum() {
        // Read in the flat struct's field order, `[tag, value]` gave an exponential's mean to
        // `value`, and TOML let elements past the last field through unread.
        let e = read::<Dist>(r#"["exponential", 2.0]"#).unwrap_err();
        assert!(
            e.contains("invalid type: sequence, expected internally tagged enum Dist"),
            "{e}"
        );
        let e = read_toml::<Warmup>(r#"["curve", 2.0, 5.0, 99]"#).unwrap_err();
        assert!(e.contains("expected internally tagged enum Warmup"), "{e}");
        let e = read_toml::<InvocationRate>(r#"["fixed", 40, "junk"]"#).unwrap_err();
        assert!(
            e.contains("expected internally tagged enum InvocationRate"),
            "{e}"
        );
        let e = read::<Package>(r#"["zip", 10, 30]"#).unwrap_err();
        assert!(e.contains("expected internally tagged enum Package"), "{e}");
        let e = read::<Workload>(r#"["poisson", 5]"#).unwrap_err();
        assert!(
            e.contains("expected internally tagged enum Workload"),
            "{e}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_names_the_enum_not_its_flat_reader() {
        for (e, name) in [
            (read::<Dist>(r#""constant""#).unwrap_err(), "Dist"),
            (read::<Scaling>("3").unwrap_err(), "Scaling"),
            (read::<Invocation>("true").unwrap_err(), "Invocation"),
        ] {
            assert!(
                e.contains(&format!("expected internally tagged enum {name}")),
                "{e}"
            );
            assert!(!e.contains("Fields"), "{e}");
        }
    }

    #[test]
    fn a_unit_variant_refuses_any_other_field() {
        // Serde's derive let these through, `deny_unknown_fields` notwithstanding.
        let e = read::<Scaling>(r#"{"junk": 1, "mode": "unlimited"}"#).unwrap_err();
        assert!(e.contains("unknown field `junk`"), "{e}");
        let e = read::<Invocation>(r#"{"model": "sync", "shards": 4}"#).unwrap_err();
        assert!(
            e.contains("unknown field `shards` for a `sync` invocation, which has no other fields"),
            "{e}"
        );
    }
}

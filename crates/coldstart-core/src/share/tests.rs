//! Round trips over generated states, and the hostile fragments a pasted link can carry.

use super::*;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use serde_json::Value;

/// A small synchronous zip function: the common case.
const SYNC_ZIP: &str = r#"{
  "name": "api",
  "seed": 7,
  "duration_s": 600,
  "workload": { "kind": "poisson", "rate_per_s": 5.5 },
  "function": { "runtime": "python", "memory_mb": 512, "handler_ms": { "dist": "log_normal", "median": 40, "p99_over_p50": 3 },
                "init_ms": { "dist": "constant", "value": 350 } },
  "package": { "type": "zip", "zipped_mb": 12.5, "unzipped_mb": 48 }
}"#;

/// An image function with async invocation, provisioned concurrency and a mixed workload:
/// exercises the tagged enums and optional sections.
const ASYNC_IMAGE: &str = r#"{
  "name": "worker",
  "seed": 123456789,
  "duration_s": 3600,
  "workload": { "kind": "mix", "parts": [
      { "kind": "diurnal", "mean_rate_per_s": 20, "amplitude": 0.6, "period_s": 3600 },
      { "kind": "spikes", "base_rate_per_s": 1, "spikes": [ { "at_s": 900, "duration_s": 30, "rate_per_s": 300 } ] },
      { "kind": "trace", "arrivals_ms": [0.5, 10, 2500.25] } ] },
  "function": { "runtime": "java", "memory_mb": 1769, "architecture": "arm64", "timeout_s": 30,
                "handler_ms": { "dist": "normal", "mean": 120, "std_dev": 30 },
                "init_ms": { "dist": "uniform", "min": 800, "max": 1500 }, "error_rate": 0.01 },
  "package": { "type": "image", "image_mb": 900, "read_at_init": { "fraction": 0.1 }, "shared_fraction": 0.3 },
  "provisioned": { "count": 5, "schedule": [ { "at_s": 1800, "count": 10 } ] },
  "invocation": { "model": "async", "max_retries": 2, "max_event_age_s": 3600 },
  "platform": { "placement": "least_recently_used", "keep_alive_s": { "dist": "exponential", "mean": 400 } }
}"#;

/// The hand-written fixtures plus every preset in `scenarios/`, so the presets are covered
/// as soon as they exist and a preset that cannot be shared fails here.
fn base_scenarios() -> Vec<Scenario> {
    let mut out = vec![
        Scenario::from_json(SYNC_ZIP).expect("fixture SYNC_ZIP parses"),
        Scenario::from_json(ASYNC_IMAGE).expect("fixture ASYNC_IMAGE parses"),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for path in paths {
        let text = || std::fs::read_to_string(&path).expect("preset readable");
        let parsed = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Scenario::from_json(&text()),
            Some("toml") => Scenario::from_toml(&text()),
            _ => continue,
        };
        out.push(
            parsed.unwrap_or_else(|e| panic!("preset {} does not parse: {e}", path.display())),
        );
    }
    out
}

fn state(variants: Vec<Scenario>, chart: Option<&str>) -> SharedState {
    SharedState {
        variants,
        chart: chart.map(str::to_string),
        plan: None,
    }
}

/// Fragment for an arbitrary JSON payload, bypassing `encode`'s typed input.
fn fragment_for_json(json: &[u8]) -> String {
    format!(
        "v1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 6))
    )
}

/// Multiplies every non-integer number of a JSON value by the next factor (cycling): the
/// scenario mostly stays valid (counts and enumerations are untouched) but its floats become
/// awkward, unrounded values that must survive the JSON round trip bit for bit.
fn scale_numbers(value: &mut Value, factors: &[f64], next: &mut usize) {
    match value {
        Value::Number(n) => {
            let f = factors[*next % factors.len()];
            *next += 1;
            if n.is_f64()
                && let Some(x) = n.as_f64().and_then(|x| serde_json::Number::from_f64(x * f))
            {
                *n = x;
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| scale_numbers(v, factors, next)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|v| scale_numbers(v, factors, next)),
        _ => {}
    }
}

fn mutated_scenario() -> impl Strategy<Value = Scenario> {
    let bases = base_scenarios();
    (
        0..bases.len(),
        prop::collection::vec(0.8f64..1.25, 1..32),
        any::<u64>(),
    )
        .prop_filter_map("mutation left the schema", move |(i, factors, seed)| {
            let mut value = serde_json::to_value(&bases[i]).ok()?;
            scale_numbers(&mut value, &factors, &mut 0);
            let mut scenario: Scenario = serde_json::from_value(value).ok()?;
            scenario.seed = seed >> 11; // keep within 2^53, as the schema asks
            Some(scenario)
        })
}

fn shared_state() -> impl Strategy<Value = SharedState> {
    (
        prop::collection::vec(mutated_scenario(), 1..=MAX_VARIANTS),
        prop::option::of("[a-z0-9_-]{1,32}"),
    )
        .prop_map(|(variants, chart)| SharedState {
            variants,
            chart,
            plan: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// encode → decode is the identity on valid states; on invalid ones decode reports the
    /// first invalid variant with exactly the validator's error.
    #[test]
    fn round_trip(state in shared_state()) {
        let first_invalid = state
            .variants
            .iter()
            .enumerate()
            .find_map(|(i, s)| crate::validation::validate(s).err().map(|e| (i, e)));
        let decoded = decode(&encode(&state));
        match first_invalid {
            None => prop_assert_eq!(decoded, Ok(state)),
            Some((variant, error)) => {
                prop_assert_eq!(decoded, Err(ShareError::Scenario { variant, error }))
            }
        }
    }

    #[test]
    fn random_text_never_panics(text in ".{0,400}") {
        let _ = decode(&text);
        let _ = decode(&format!("v1.{text}"));
    }

    #[test]
    fn random_base64_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let raw = format!("v1.{}", URL_SAFE_NO_PAD.encode(&bytes));
        prop_assert!(decode(&raw).is_err());
        // Valid DEFLATE around random bytes: reaches the JSON parser.
        prop_assert!(decode(&fragment_for_json(&bytes)).is_err());
    }

    /// Corrupting one character of a real link gives an error or (rarely) another valid state,
    /// never a panic.
    #[test]
    fn corrupted_link_never_panics(pos in any::<prop::sample::Index>(), c in "[A-Za-z0-9_-]") {
        let mut variants = base_scenarios();
        variants.truncate(MAX_VARIANTS);
        let link = encode(&state(variants, None));
        let mut chars: Vec<char> = link.chars().collect();
        let i = 3 + pos.index(chars.len() - 3);
        chars[i] = c.chars().next().unwrap_or('A');
        let _ = decode(&chars.into_iter().collect::<String>());
    }
}

#[test]
fn presets_round_trip_and_links_are_short() {
    for scenario in base_scenarios() {
        let name = scenario.name.clone();
        let s = state(vec![scenario], Some("timeline"));
        let link = encode(&s);
        assert!(link.starts_with("v1."), "{link}");
        assert!(
            link.len() < 1_500,
            "link for {name} is {} characters: too long to paste comfortably",
            link.len()
        );
        assert_eq!(decode(&link), Ok(s.clone()), "{name}");
        assert_eq!(decode(&format!("#{link}")), Ok(s), "{name} with '#'");
    }
}

#[test]
fn encode_is_deterministic_and_url_safe() {
    let s = state(base_scenarios().into_iter().take(2).collect(), None);
    let link = encode(&s);
    assert_eq!(link, encode(&s));
    assert!(
        link.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'),
        "{link}"
    );
}

#[test]
fn version_prefix_is_required_and_checked() {
    let payload = encode(&state(vec![base_scenarios().remove(0)], None));
    let body = payload.strip_prefix("v1.").expect("v1 prefix");
    assert_eq!(decode(body), Err(ShareError::MissingVersion));
    for bad in [
        "v9",
        "v0",
        "v",
        "V1",
        "v1x",
        "x",
        "v99999999999999999999",
        "v01",
        "v0001",
    ] {
        let err = decode(&format!("{bad}.{body}")).unwrap_err();
        assert_eq!(
            err,
            ShareError::UnsupportedVersion {
                found: bad.to_string()
            }
        );
    }
    assert_eq!(
        decode(&format!("v9.{body}")).unwrap_err().to_string(),
        "unsupported share-link version \"v9\": this build reads v1 to v1"
    );
}

#[test]
fn bad_base64_names_the_position() {
    let err = decode("v1.abc$def").unwrap_err();
    assert_eq!(
        err,
        ShareError::Base64 {
            position: Some(6),
            message: "unexpected character '$'".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "bad base64 at position 6: unexpected character '$'"
    );
    // Standard-alphabet characters and padding are not base64url without padding.
    assert!(matches!(decode("v1.ab+c"), Err(ShareError::Base64 { .. })));
    assert!(matches!(decode("v1.abc="), Err(ShareError::Base64 { .. })));
    // A single trailing character cannot encode a whole byte.
    assert!(matches!(decode("v1.abcde"), Err(ShareError::Base64 { .. })));
}

#[test]
fn empty_and_payloadless_fragments() {
    assert_eq!(decode(""), Err(ShareError::Empty));
    assert_eq!(decode("#"), Err(ShareError::Empty));
    assert!(matches!(decode("v1."), Err(ShareError::Inflate { .. })));
}

#[test]
fn ten_megabyte_fragment_is_refused_before_decoding() {
    let huge = format!("v1.{}", "A".repeat(10 * 1024 * 1024));
    assert_eq!(
        decode(&huge),
        Err(ShareError::FragmentTooLong {
            len: huge.len(),
            limit: MAX_FRAGMENT_LEN
        })
    );
}

#[test]
fn zip_bomb_stops_at_the_inflate_cap() {
    // 32 MB of spaces compresses (at the best level) to a fragment under the length cap.
    let bomb = format!(
        "v1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
            &vec![b' '; 32 * 1024 * 1024],
            miniz::DEFLATE_LEVEL
        ))
    );
    assert!(
        bomb.len() < MAX_FRAGMENT_LEN,
        "bomb is {} chars",
        bomb.len()
    );
    assert_eq!(
        decode(&bomb),
        Err(ShareError::InflatedTooLarge {
            limit: MAX_JSON_BYTES
        })
    );
}

#[test]
fn payload_just_under_the_cap_still_parses_as_json() {
    // Whitespace padding up to the cap is legal JSON: the cap is on bytes, not on content.
    let link = encode(&state(vec![base_scenarios().remove(0)], None));
    let s = decode(&link).expect("fixture decodes");
    let mut json = serde_json::to_vec(&s).expect("serialises");
    json.resize(MAX_JSON_BYTES, b' ');
    assert_eq!(decode(&fragment_for_json(&json)), Ok(s));
    json.push(b' ');
    assert!(matches!(
        decode(&fragment_for_json(&json)),
        Err(ShareError::InflatedTooLarge { .. })
    ));
}

#[test]
fn deep_nesting_hits_the_recursion_limit_not_the_stack() {
    // The message of a link whose SYNC_ZIP part `from` is replaced by `to`.
    let refusal = |from: &str, to: &str| {
        let scenario = SYNC_ZIP.replace(from, to);
        assert_ne!(scenario, SYNC_ZIP, "replacement happened");
        let json = format!("{{\"variants\":[{scenario}]}}");
        match decode(&fragment_for_json(json.as_bytes())) {
            Err(ShareError::Json { message, .. }) => message,
            other => panic!("a JSON refusal, got {other:?}"),
        }
    };
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // Tagged enums are read in one pass (`coldstart_engine::tagged`; serde's derive would first
    // buffer their other fields as arbitrary JSON): an unknown field, here of a distribution
    // and of the workload, is refused by name before any of its nesting is read.
    let dist = format!(
        r#"{{"junk":{},"dist":"constant","value":350}}"#,
        nested(200_000)
    );
    let message = refusal(r#"{ "dist": "constant", "value": 350 }"#, &dist);
    assert!(message.contains("unknown field `junk`"), "{message}");
    let poisson = r#"{ "kind": "poisson", "rate_per_s": 5.5 }"#;
    let workload = format!(
        r#"{{"junk":{},"kind":"poisson","rate_per_s":1}}"#,
        nested(200_000)
    );
    let message = refusal(poisson, &workload);
    assert!(message.contains("unknown field `junk`"), "{message}");
    // Nested `mix` workloads recurse through the parser: still bounded.
    let mut workload = r#"{"kind":"poisson","rate_per_s":1}"#.to_string();
    for _ in 0..1_000 {
        workload = format!(r#"{{"kind":"mix","parts":[{workload}]}}"#);
    }
    let message = refusal(poisson, &workload);
    assert!(message.contains("recursion limit"), "{message}");
}

#[test]
fn json_errors_name_line_column_and_field() {
    let err = decode(&fragment_for_json(b"{\"variants\":[],\n \"colour\":1}")).unwrap_err();
    match &err {
        ShareError::Json {
            line,
            column,
            message,
        } => {
            assert_eq!(*line, 2);
            assert!(*column > 1, "{err}");
            assert!(message.starts_with("unknown field `colour`"), "{err}");
            assert!(!message.contains("line"), "position given once: {err}");
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("invalid JSON in share link at line 2, column")
    );
}

#[test]
fn invalid_utf8_is_named_with_its_position() {
    let err = decode(&fragment_for_json(b"{\"variants\":\n  [\"ab\xff\"]}")).unwrap_err();
    assert_eq!(
        err,
        ShareError::Json {
            line: 2,
            // `  ["ab` is six bytes; the bad one is the seventh.
            column: 7,
            message: "invalid UTF-8".to_string()
        },
        "{err}"
    );
}

#[test]
fn non_finite_numbers_are_refused() {
    for bad in ["NaN", "\"NaN\"", "Infinity", "-inf", "1e999", "null"] {
        let scenario = SYNC_ZIP.replace("\"duration_s\": 600", &format!("\"duration_s\": {bad}"));
        let json = format!("{{\"variants\":[{scenario}]}}");
        let err = decode(&fragment_for_json(json.as_bytes())).unwrap_err();
        assert!(matches!(err, ShareError::Json { .. }), "{bad}: {err}");
    }
    // A state holding NaN encodes (as JSON null) but the link is refused, not mis-read.
    let mut s = state(vec![base_scenarios().remove(0)], None);
    s.variants[0].duration_s = f64::NAN;
    assert!(matches!(decode(&encode(&s)), Err(ShareError::Json { .. })));
}

#[test]
fn variant_count_is_bounded() {
    let one = base_scenarios().remove(0);
    assert_eq!(
        decode(&encode(&state(vec![], None))),
        Err(ShareError::VariantCount { count: 0 })
    );
    let five = vec![one; MAX_VARIANTS + 1];
    assert_eq!(
        decode(&encode(&state(five, None))),
        Err(ShareError::VariantCount {
            count: MAX_VARIANTS + 1
        })
    );
}

#[test]
fn chart_must_be_a_short_identifier() {
    let one = || vec![base_scenarios().remove(0)];
    for bad in [
        "",
        "<script>",
        "Timeline",
        "a b",
        &"x".repeat(MAX_CHART_NAME_LEN + 1),
    ] {
        assert!(
            matches!(
                decode(&encode(&state(one(), Some(bad)))),
                Err(ShareError::BadChart { .. })
            ),
            "{bad:?}"
        );
    }
    let ok = state(one(), Some("cold-start_cdf2"));
    assert_eq!(decode(&encode(&ok)), Ok(ok));
}

#[test]
fn invalid_scenario_names_variant_and_field_path() {
    let good = base_scenarios().remove(0);
    let mut bad = good.clone();
    bad.function.memory_mb = 50;
    let err = decode(&encode(&state(vec![good, bad.clone()], None))).unwrap_err();
    let expected = crate::validation::validate(&bad).unwrap_err();
    assert_eq!(expected.path(), Some("function.memory_mb"));
    assert_eq!(
        err,
        ShareError::Scenario {
            variant: 1,
            error: expected
        }
    );
    assert!(
        err.to_string()
            .starts_with("variants[1].function.memory_mb = 50: "),
        "{err}"
    );
}

#[test]
fn bytes_after_the_compressed_stream_are_refused() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let link = encode(&state(vec![base_scenarios().remove(0)], None));
    let body = link.strip_prefix("v1.").expect("v1 prefix");
    let mut bytes = URL_SAFE_NO_PAD.decode(body).expect("base64");
    assert!(decode(&link).is_ok());
    bytes.extend_from_slice(b"smuggled");
    let tampered = format!("v1.{}", URL_SAFE_NO_PAD.encode(&bytes));
    match decode(&tampered) {
        Err(ShareError::Inflate { message }) => {
            assert!(message.contains("8 bytes follow"), "{message}")
        }
        other => panic!("expected trailing bytes to be refused, got {other:?}"),
    }
}

/// A link carries the Plan view's question; a target out of its bounds is refused naming it.
#[test]
fn a_plan_question_round_trips_and_a_bad_target_is_named() {
    use crate::plan::{Request, Target};
    let mut s = state(base_scenarios()[..1].to_vec(), Some("plan"));
    s.plan = Some(Request::Packaging {
        target: Target::P99Ms { max: 750.0 },
    });
    assert_eq!(decode(&encode(&s)), Ok(s.clone()));
    s.plan = Some(Request::Provisioned {
        target: Target::ColdShare { max: 1.5 },
    });
    let err = decode(&encode(&s)).unwrap_err();
    assert!(matches!(err, ShareError::BadPlan { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("plan: ") && err.to_string().contains("target.cold_share"),
        "{err}"
    );
}

/// The page inflates with the browser's DEFLATE and hands the pieces to `Reading::push` as they
/// come: in any pieces, the same state as `decode`; past the cap, refused at the piece that
/// crosses it, so the page stops reading there.
#[test]
fn a_link_read_in_pieces_opens_like_decode_and_stops_at_the_cap() {
    let s = state(base_scenarios()[..2].to_vec(), Some("cdf"));
    let link = encode(&s);
    let json = payload(&s);
    for piece in [1, 7, 1000, json.len()] {
        let mut reading = read(&link).expect("framing");
        let inflated =
            miniz_oxide::inflate::decompress_to_vec(reading.deflated()).expect("inflates");
        assert_eq!(inflated, json);
        for chunk in inflated.chunks(piece) {
            reading.push(chunk).expect("under the cap");
        }
        assert_eq!(reading.finish(), Ok(s.clone()), "pieces of {piece}");
    }
    let mut reading = read(&link).expect("framing");
    let chunk = vec![b' '; 64 * 1024];
    let pushed = (0..).take_while(|_| reading.push(&chunk).is_ok()).count();
    assert_eq!(
        pushed,
        MAX_JSON_BYTES / chunk.len(),
        "the piece past the cap is refused"
    );
    assert_eq!(
        reading.push(&chunk),
        Err(ShareError::InflatedTooLarge {
            limit: MAX_JSON_BYTES
        })
    );
    // A payload-less link is refused before any decompressor sees it, in the module's words.
    assert_eq!(
        read("v1.").unwrap_err().to_string(),
        "share link payload is not valid DEFLATE data: no compressed data"
    );
}

/// A link the page made with the browser's DEFLATE (Chromium 156's
/// `CompressionStream("deflate-raw")`: the default comparison, as an embed of the CDF chart):
/// miniz_oxide (the CLI, these tests) opens it, as the page opens miniz's links (tests/e2e).
const PAGE_LINK: &str = "v1.7VRLj9owEP4rK59aKY1CCIRw67GXqvdqZRlnAC-OnfUju3TFf--Mw1PisIdeKuEDKOP5Zj5_8_hgg3BKmODZ8vcHM6IDtmQ_bQv5i3_6_uvH05c_qv_KMuYBWrasyoy10YmgrOGImSyKIi8y9mbdTluBHh9spwz-M9-rHXhEroQHjhDgPTgCzQhxvKasIpB1Pka6iV4m0zV2jpbD8yFj62gk-VFGF01QiblB5i-UtIPOuj3vVhilKKuMCSe3KoAM0ZHj-2LO5xU6EtDGxGBKybbCtBpzdZ4it8oH9NZ2w411ndApdIuKoRaJXN803A4I6GcF2pBdxpRR4RMBJkVzJ0R5CSH7yFc2kpxFPssYOGddkpIM5NYLuRMboExh39PDsFyYAn97aMfnJ7mjuTJVyaTFHhySpNt-LB7SdSgRw8jeiN4H4ZC9iVpjKi3CGp9AuYSUSAsJWiOjc2Dknp5TULHAgxsw0c3dGMJLoZXZUIQOC0VNElBu4VqkDGbwqcpv2D_27RRv_ErdMD55B9BzjDMAv1Y4GpXYobwKtZ2O3dSJd2raEYkfXKs1UMlvsEiViAQED0JHJFaXxVFgLSR0YMitsz5w1Ae_9J5HD23KJp0duk-Ue3Gn2JN8fiq2Vp0Kp3eSbbBynISx4GfNXqMNgh2IHGZWHl1oNEeJL7ATQpPMeyNZAigJiSgJ7eA1Aj4p-ja13e0p4Vudsc2Ke07DkpyK5DSZ4zndCdfd3E3x4Lj1kt9CqxxhNXybX-7O0GlOoNPdeQPcBmjyuizL-07nSHVe1_UiOa2U1pyUZcvgIlx1NJdCbmFEJtQknxXVPKEuTtjIwbrkdnnfZNrUTbNAKXFn9DGk7XOU0Yuu15DmaRXlDsJ5Xx2y-6tVdTi7j-X6_yzXVDBMkv7HVTruUgei5Sj12G84eCTNIq-aqrmcmtbqVjhcjmsnjgInki8R-6cF3MJ7aoS10B4eO_ixgx87-N_t4OeMyW2aJSbbNTv8BQ";

#[test]
fn a_link_made_by_the_browsers_deflate_opens_here() {
    let state = decode(PAGE_LINK).expect("the page's link opens");
    assert_eq!(state.chart.as_deref(), Some("cdf"));
    let names: Vec<_> = state.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Node.js API (zip)", "Node.js API (image)"]);
    // The same state, through miniz: another stream, the same state back.
    let ours = encode(&state);
    assert_ne!(ours, PAGE_LINK);
    assert_eq!(decode(&ours), Ok(state));
}

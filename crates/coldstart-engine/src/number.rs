//! Numbers typed as text, read by the one decimal-to-binary reader the program already carries.
//!
//! The page's number inputs and lists, the plan target, the CSV writer's formula check and the
//! notices' echo of a long value all read text as `str::parse::<f64>` does. That reader (core's
//! `dec2flt`) brings 10 KB of powers of five and 6 KB of code into the page's wasm, beside
//! serde_json's own exact float reader (`float_roundtrip`, which scenarios need bit for bit).
//! [`parse_f64`] keeps `str::parse`'s grammar and results and hands the digits to serde_json, so
//! the module carries one reader (docs/benchmarks.md, "Issue 14, fifteenth round: wasm size").
//!
//! It lives in the engine, not in a crate built for size, because the engine's own
//! `error::bounded` reads the text it echoes with it; it is a few hundred bytes of wasm.

use std::str::FromStr;

/// `text.parse::<f64>().ok()`, bit for bit: the same texts accepted (an optional sign, then
/// `inf`, `infinity` or `nan` in any case, or digits with an optional point and exponent, at
/// least one digit before the exponent; no spaces, no underscores) and the same value for each,
/// `-0` and out-of-range exponents included (±infinity or ±0, as `str::parse` rounds them).
/// One exception, in the correct direction: a mantissa of more than 65,535 digits whose exponent
/// brings it back into range (`1` and 700,000 zeros, then `e-700000`) is read as its value,
/// where `str::parse`, which stops counting the exponent there, says infinity or 0.
///
/// The digits are read by serde_json (`Number::from_str`, exact with `float_roundtrip`); only the
/// syntax JSON lacks (a `+`, leading zeros, a bare point, the names) is handled here.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = match unsigned.len() {
        3 if unsigned.eq_ignore_ascii_case("nan") => f64::NAN,
        3 | 8 if unsigned.eq_ignore_ascii_case(&"infinity"[..unsigned.len()]) => f64::INFINITY,
        _ => decimal(unsigned)?,
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// An unsigned decimal in `str::parse`'s grammar, rewritten as a JSON number and read by
/// serde_json. `None` when the text is not in the grammar.
///
/// One pass over the mantissa, written plainly: this crate is compiled at opt-level 3, where
/// separate digit scans are unrolled into kilobytes of wasm.
fn decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut point = None;
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {}
            b'.' if point.is_none() => point = Some(i),
            b'e' | b'E' => {
                end = i;
                break;
            }
            _ => return None,
        }
    }
    let (integer_end, fraction_start) = point.map_or((end, end), |p| (p, p + 1));
    if integer_end == 0 && fraction_start >= end {
        return None;
    }
    let exponent = &text[end..];
    if let Some(e) = exponent.get(1..) {
        // One sign at most, then at least one digit, and nothing else.
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let integer = text[..integer_end].trim_start_matches('0');
    let fraction = &text[fraction_start..end];
    if integer.len() > JSON_EXACT_DIGITS && fraction.bytes().all(|b| b == b'0') {
        return Some(json_value(&without_trailing_zeros(integer, exponent)));
    }
    // JSON wants one digit before the point, no leading zeros, and a digit after a point; the
    // text is copied only when it lacks one of them (most typed numbers are JSON already).
    let already_json = integer_end > 0
        && (integer.len() == integer_end || integer_end == 1)
        && (end == integer_end || !fraction.is_empty());
    let rewritten;
    let json = if already_json {
        text
    } else {
        let mut json = String::with_capacity(text.len() + 1);
        json.push_str(if integer.is_empty() { "0" } else { integer });
        if !fraction.is_empty() {
            json.push('.');
            json.push_str(fraction);
        }
        json.push_str(exponent);
        rewritten = json;
        &rewritten
    };
    Some(json_value(json))
}

/// Mantissa digits serde_json (1.0.x, `float_roundtrip`) reads exactly. Past them it drops the
/// rest and, to break a tie the right way, counts them as non-zero; that holds for a fraction,
/// whose trailing zeros it trims first, but not for an integer's: `9007199254740993`, 753
/// zeros, `e-753` would round up to `…994` instead of to even (a test below pins it). So a
/// longer integer with no fraction is given to it without its trailing zeros (a margin of a
/// few digits under serde_json's 768).
const JSON_EXACT_DIGITS: usize = 760;

/// `integer` (no leading zeros) times 10 to `exponent` (`""` or `e`, a sign, digits) with the
/// integer's trailing zeros moved into the exponent, as JSON. An exponent past ±2^40 is held
/// there: the value is ±infinity or 0 either way, since the text's own length moves it by less.
fn without_trailing_zeros(integer: &str, exponent: &str) -> String {
    let significant = integer.trim_end_matches('0');
    let moved = (integer.len() - significant.len()) as i64;
    let (negative, digits) = exponent.get(1..).map_or((false, ""), |e| {
        (e.starts_with('-'), e.trim_start_matches(['+', '-']))
    });
    let given = digits
        .bytes()
        .fold(0i64, |v, d| (v * 10 + i64::from(d - b'0')).min(1 << 40));
    let power = if negative {
        moved - given
    } else {
        moved + given
    };
    format!("{significant}e{power}")
}

/// A well-formed JSON number's value. Its errors all mean a value past f64's largest, which
/// `str::parse` rounds to infinity: "number out of range", and "invalid number" for an exponent
/// past what serde_json counts (`1e999999999999999`; a vanishing value it reads as 0 itself). A
/// rewrite that made a text serde_json refuses for another reason would show here as infinity,
/// which the tests against `str::parse` below would catch.
fn json_value(json: &str) -> f64 {
    serde_json::Number::from_str(json)
        .ok()
        .map_or(f64::INFINITY, |n| n.as_f64().unwrap_or(f64::INFINITY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) {
        let ours = parse_f64(text).map(f64::to_bits);
        let core = text.parse::<f64>().ok().map(f64::to_bits);
        assert_eq!(ours, core, "{text:?}");
    }

    #[test]
    fn accepts_and_refuses_what_str_parse_does() {
        for text in [
            "",
            "+",
            "-",
            ".",
            "+.",
            "-.",
            "e",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "1e+-5",
            "1e--5",
            "1e5.",
            "1.2.3",
            "1..2",
            "++1",
            "+-1",
            "--1",
            " 1",
            "1 ",
            "1_000",
            "1,5",
            "0x10",
            "1f",
            "1d",
            "inf",
            "INF",
            "Inf",
            "-inf",
            "+inf",
            "infinity",
            "-Infinity",
            "infinit",
            "infinityy",
            "nan",
            "NaN",
            "-nan",
            "+NAN",
            "nan1",
            "in",
            "0",
            "-0",
            "+0",
            "00",
            "-00",
            "0.0",
            "-0.0",
            "000.000",
            "1",
            "+1",
            "-1",
            "01",
            "007",
            "1.",
            "-1.",
            ".5",
            "-.5",
            "+.5",
            "1.e5",
            "1.E-5",
            ".5e3",
            "0e0",
            "0e999999999999999999",
            "1e999999999999999",
            "1e-999999999999999",
            "-1e400",
            "1e400",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1.797693134862315807e308",
            "1.7976931348623158079e308",
            "1.797693134862315808e308",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "5e-324",
            "3e-324",
            "2e-324",
            "1e-400",
            "-1e-400",
            "9007199254740993",
            "9007199254740992.5",
            "18446744073709551615",
            "18446744073709551616",
            "18446744073709551617",
            "123456789012345678901234567890",
            "0.9999999999999999",
            "0.99999999999999994",
            "1.5777777777770001",
            "0.1",
            "0.2",
            "0.3",
            "100",
            "2.5",
            "1e2147483647",
            "1e2147483648",
            "1e-2147483648",
            "0.000000000000000000000000000000000000001e39",
            "1e+05",
            "1E5",
            "12.5e-3",
            "١",
            "1\u{0}",
            "½",
        ] {
            same(text);
        }
        let long = format!("0.{}1e400", "0".repeat(5000));
        same(&long);
        same(&format!("{}e-4990", "1".repeat(5000)));
        same(&format!("4.{}e-324", "9".repeat(800)));
        // A tie written with the integer's trailing zeros past serde_json's 768 digits (the
        // point, if any, after them): ties to even, not up.
        for (digits, zeros) in [
            ("9007199254740993", 753),
            ("9007199254740993", 752),
            ("9007199254740993", 2_000),
            (
                "100000000000000011102230246251565404236316680908203125",
                800,
            ),
        ] {
            let integer = format!("{digits}{}", "0".repeat(zeros));
            for point in ["", ".", ".0", ".000"] {
                for exponent in [format!("e-{zeros}"), format!("E-{zeros}"), "e-99999".into()] {
                    same(&format!("{integer}{point}{exponent}"));
                    same(&format!("-{integer}{point}{exponent}"));
                }
            }
            same(&integer);
        }
        // Halfway between two doubles, exactly, and a hair either side: ties go to even.
        let halfway_above_one = "1.00000000000000011102230246251565404236316680908203125";
        for text in [
            halfway_above_one.to_string(),
            format!("{halfway_above_one}0000000000000000000001"),
            halfway_above_one.replace("03125", "03124999999999999999"),
            "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324".to_string(),
        ] {
            same(&text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn any_text_of_number_characters(text in "[-+.eE0-9infatyINFATY]{0,24}") {
            same(&text);
        }

        #[test]
        fn any_decimal(
            sign in "[-+]?",
            integer in "[0-9]{0,30}",
            point in "\\.?",
            fraction in "[0-9]{0,30}",
            exponent in "([eE][-+]?[0-9]{1,4})?",
        ) {
            same(&format!("{sign}{integer}{point}{fraction}{exponent}"));
        }

        /// Long integers padded with zeros before an exponent that brings them back: the
        /// digits serde_json keeps, and the ones it drops.
        #[test]
        fn any_padded_integer(
            digits in "[1-9][0-9]{0,20}",
            zeros in 0usize..1_000,
            point in "(\\.0*)?",
            shift in -30i64..30,
        ) {
            let exponent = shift - zeros as i64;
            same(&format!("{digits}{}{point}e{exponent}", "0".repeat(zeros)));
        }

        #[test]
        fn any_f64_as_written(bits in any::<u64>(), digits in 0usize..30) {
            let x = f64::from_bits(bits);
            for text in [
                format!("{x}"), format!("{x:?}"), format!("{x:e}"), format!("{x:E}"),
                format!("{x:.digits$e}"), format!("{x:.digits$}"),
            ] {
                same(&text);
            }
        }
    }
}

//! The text form of the scenario's lists of numbers — a trace's arrival times, a `steps`
//! workload's rate steps, the deploys, an empirical distribution's samples — as typed into a
//! `<textarea>`.
//!
//! Parsing only checks that every token is a finite number and that each steps line is a pair:
//! ranges, order and counts are the core's validation's job, so nothing is clamped here and the
//! core's message (which names the item's index) is what the page shows for them.

use std::fmt;

/// How a list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Numbers separated by commas, spaces or newlines (arrival times, samples).
    Numbers,
    /// One pair per line, each an object of two numbers (rate steps, deploys); blank lines are
    /// skipped.
    Pairs(&'static Pair),
}

/// The two keys of the objects a [`Format::Pairs`] list holds, and its rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Pair {
    /// Key of the first number.
    pub first: &'static str,
    /// Key of the second number.
    pub second: &'static str,
    /// The rule, naming both.
    pub rule: &'static str,
}

/// A `steps` workload's rate steps.
pub const STEPS: Pair = Pair {
    first: "at_s",
    second: "rate_per_s",
    rule: "one \"at_s rate_per_s\" pair per line",
};

/// The deploys: when each goes live and how much of an image it changes.
pub const DEPLOYS: Pair = Pair {
    first: "at_s",
    second: "image_changed_fraction",
    rule: "one \"at_s image_changed_fraction\" pair per line",
};

impl Format {
    /// The rule, as the help text and every error message state it.
    pub fn rule(self) -> &'static str {
        match self {
            Format::Numbers => "numbers separated by commas, spaces or newlines",
            Format::Pairs(pair) => pair.rule,
        }
    }
}

/// A token that is not what the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    /// 1-based line of the offending token.
    pub line: usize,
    /// 1-based position of the token: in the whole list for [`Format::Numbers`], in its line
    /// for [`Format::Pairs`].
    pub position: usize,
    /// The token as typed (empty when a pair lacks its second number).
    pub token: String,
    /// What is wrong with it.
    pub problem: &'static str,
    /// The format's rule.
    pub rule: &'static str,
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.token.is_empty() {
            write!(
                f,
                "line {}: {} (write {})",
                self.line, self.problem, self.rule
            )
        } else {
            write!(
                f,
                "line {}, number {}: '{}' {} (write {})",
                self.line, self.position, self.token, self.problem, self.rule
            )
        }
    }
}

fn is_separator(c: char) -> bool {
    c == ',' || c == ';' || c.is_whitespace()
}

/// A finite number, or why not.
fn number(token: &str) -> Result<f64, &'static str> {
    match coldstart_core::number::parse_f64(token) {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => Err("is not a finite number"),
        None => Err("is not a number"),
    }
}

/// Parses a list of numbers separated by commas, semicolons, spaces or newlines.
pub fn parse_numbers(text: &str) -> Result<Vec<f64>, ListError> {
    let mut out = Vec::new();
    for (line_index, line) in text.lines().enumerate() {
        for token in line.split(is_separator).filter(|t| !t.is_empty()) {
            let x = number(token).map_err(|problem| ListError {
                line: line_index + 1,
                position: out.len() + 1,
                token: token.to_string(),
                problem,
                rule: Format::Numbers.rule(),
            })?;
            out.push(x);
        }
    }
    Ok(out)
}

/// Parses one pair per line (the two separated by spaces or a comma).
pub fn parse_pairs(text: &str, pair: &'static Pair) -> Result<Vec<(f64, f64)>, ListError> {
    let mut out = Vec::new();
    for (line_index, line) in text.lines().enumerate() {
        let tokens: Vec<&str> = line.split(is_separator).filter(|t| !t.is_empty()).collect();
        let err = |position: usize, token: &str, problem| ListError {
            line: line_index + 1,
            position,
            token: token.to_string(),
            problem,
            rule: pair.rule,
        };
        match tokens.as_slice() {
            [] => {}
            [only] => {
                number(only).map_err(|p| err(1, only, p))?;
                return Err(err(0, "", "has one number, needs two"));
            }
            [at, rate] => {
                let at_s = number(at).map_err(|p| err(1, at, p))?;
                let rate_per_s = number(rate).map_err(|p| err(2, rate, p))?;
                out.push((at_s, rate_per_s));
            }
            [at, rate, extra, ..] => {
                number(at).map_err(|p| err(1, at, p))?;
                number(rate).map_err(|p| err(2, rate, p))?;
                return Err(err(3, extra, "is one number too many"));
            }
        }
    }
    Ok(out)
}

/// Writes numbers as the user would type them: shortest exact form, whole numbers without `.0`.
fn write_number(x: f64) -> String {
    format!("{x}")
}

/// The text of a list of numbers: comma-separated, so it reads as typed.
pub fn write_numbers(values: &[f64]) -> String {
    values
        .iter()
        .map(|x| write_number(*x))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text of a list of pairs: one line each.
pub fn write_pairs(pairs: &[(f64, f64)]) -> String {
    pairs
        .iter()
        .map(|(a, b)| format!("{} {}", write_number(*a), write_number(*b)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_any_mix_of_separators() {
        assert_eq!(
            parse_numbers("0, 12.5 30\n\n 1e3,,4000\t5\n").unwrap(),
            vec![0.0, 12.5, 30.0, 1000.0, 4000.0, 5.0]
        );
        assert_eq!(parse_numbers("  \n ").unwrap(), Vec::<f64>::new());
    }

    #[test]
    fn a_bad_number_is_named_with_its_line_position_and_rule() {
        let e = parse_numbers("10, 20\n30 3o, 40").unwrap_err();
        assert_eq!((e.line, e.position, e.token.as_str()), (2, 4, "3o"));
        let text = e.to_string();
        assert!(
            text.contains("line 2, number 4: '3o' is not a number"),
            "{text}"
        );
        assert!(text.contains("separated by commas"), "{text}");
        let e = parse_numbers("1 inf").unwrap_err();
        assert_eq!(
            (e.token.as_str(), e.problem),
            ("inf", "is not a finite number")
        );
        assert!(parse_numbers("NaN").is_err());
        assert!(
            parse_numbers(&"9".repeat(400)).is_err(),
            "overflows to infinity"
        );
    }

    #[test]
    fn pairs_are_one_per_line() {
        assert_eq!(
            parse_pairs("0 5\n\n60, 50\n  120   0  ", &STEPS).unwrap(),
            vec![(0.0, 5.0), (60.0, 50.0), (120.0, 0.0)]
        );
        let e = parse_pairs("0 5\n60", &STEPS).unwrap_err();
        assert_eq!((e.line, e.problem), (2, "has one number, needs two"));
        assert!(e.to_string().contains("line 2: has one number"), "{e}");
        let e = parse_pairs("0 5 7", &STEPS).unwrap_err();
        assert_eq!((e.line, e.position, e.token.as_str()), (1, 3, "7"));
        let e = parse_pairs("0 5\nx 7", &STEPS).unwrap_err();
        assert_eq!((e.line, e.position, e.token.as_str()), (2, 1, "x"));
        assert!(e.to_string().contains("at_s rate_per_s"), "{e}");
        let e = parse_pairs("0 fast", &STEPS).unwrap_err();
        assert_eq!((e.position, e.token.as_str()), (2, "fast"));
    }

    #[test]
    fn written_lists_parse_back_to_the_same_numbers() {
        let values = [0.0, 0.1, 1.0 / 3.0, 12_345.678_9, 1e-7, 86_400_000.0];
        assert_eq!(parse_numbers(&write_numbers(&values)).unwrap(), values);
        assert_eq!(write_numbers(&[0.0, 250.0, 12.5]), "0, 250, 12.5");
        let pairs = [(0.0, 5.0), (60.0, 0.25), (1.0 / 7.0, 1e6)];
        assert_eq!(parse_pairs(&write_pairs(&pairs), &STEPS).unwrap(), pairs);
        assert_eq!(write_pairs(&[(0.0, 5.0), (60.0, 50.0)]), "0 5\n60 50");
    }
}

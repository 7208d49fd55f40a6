//! One CSV record on one line: comma-separated fields, optionally in double quotes with `""`
//! for a quote inside. The formats imported here never put a line break inside a field, so a
//! record is a line and the parsers can stream line by line; a quote left open is an error.

use super::ImportError;
use std::borrow::Cow;

/// The fields of `line` (line number `n` for errors), trimmed of surrounding spaces.
/// Line `n` (from 1) of a text export as its content: without a trailing carriage return
/// (Windows line ends), without the byte-order mark a spreadsheet puts before the first line,
/// and `None` when nothing is left but blanks (blank lines are skipped by every format).
pub(crate) fn content(n: u64, text: &str) -> Option<&str> {
    let text = text.strip_suffix('\r').unwrap_or(text);
    let text = if n == 1 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    (!text.trim().is_empty()).then_some(text)
}

pub(crate) fn split(n: u64, line: &str) -> Result<Vec<Cow<'_, str>>, ImportError> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut column = 1usize;
    loop {
        let trimmed = rest.trim_start();
        if let Some(quoted) = trimmed.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let after = loop {
                match chars.next() {
                    Some((i, '"')) => {
                        if quoted[i + 1..].starts_with('"') {
                            value.push('"');
                            chars.next();
                        } else {
                            break &quoted[i + 1..];
                        }
                    }
                    Some((_, c)) => value.push(c),
                    None => {
                        return Err(ImportError::new(
                            n,
                            format!("column {column}"),
                            trimmed,
                            "a quoted field is not closed on its line (a record is one line)",
                        ));
                    }
                }
            };
            out.push(Cow::Owned(value));
            let after = after.trim_start();
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None if after.is_empty() => return Ok(out),
                None => {
                    return Err(ImportError::new(
                        n,
                        format!("column {column}"),
                        after,
                        "text after a closing quote; expected `,` or the end of the line",
                    ));
                }
            }
        } else {
            match rest.find(',') {
                Some(i) => {
                    out.push(Cow::Borrowed(rest[..i].trim()));
                    rest = &rest[i + 1..];
                }
                None => {
                    out.push(Cow::Borrowed(rest.trim()));
                    return Ok(out);
                }
            }
        }
        column += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_quoted_fields() {
        let f = split(1, " a, \"b,\"\"c\"\" \" ,,d").unwrap();
        assert_eq!(f, ["a", "b,\"c\" ", "", "d"]);
        assert_eq!(split(1, "").unwrap(), [""]);
    }

    #[test]
    fn open_quote_and_trailing_text_are_errors() {
        let e = split(4, "1,\"abc").unwrap_err();
        assert_eq!((e.line, e.at.as_str()), (4, "column 2"));
        let e = split(5, "\"a\"b,c").unwrap_err();
        assert_eq!(e.at, "column 1");
    }
}

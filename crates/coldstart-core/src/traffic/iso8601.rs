//! ISO 8601 / RFC 3339 timestamps to milliseconds since 1970-01-01 UTC, without a date crate:
//! `2024-05-01T12:00:00.123Z`, `2024-05-01 12:00:00+02:00`, `2024-05-01T12:00`, `2024-05-01`.
//! A time without a zone is taken as UTC. Calendar arithmetic is the proleptic Gregorian
//! days-from-civil algorithm (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").

/// Milliseconds since the Unix epoch, or why the text is not a timestamp.
pub fn parse_ms(text: &str) -> Result<f64, &'static str> {
    let b = text.as_bytes();
    let mut p = Cursor { b, i: 0 };
    let year = p.digits(4).ok_or("expected a date YYYY-MM-DD")? as i64;
    p.expect(b'-').ok_or("expected a date YYYY-MM-DD")?;
    let month = p.digits(2).ok_or("expected a date YYYY-MM-DD")?;
    p.expect(b'-').ok_or("expected a date YYYY-MM-DD")?;
    let day = p.digits(2).ok_or("expected a date YYYY-MM-DD")?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err("no such date");
    }
    let mut ms = 0.0;
    if matches!(p.peek(), Some(b'T' | b't' | b' ')) {
        p.i += 1;
        let hour = p.digits(2).ok_or("expected a time HH:MM[:SS[.fff]]")?;
        p.expect(b':').ok_or("expected a time HH:MM[:SS[.fff]]")?;
        let minute = p.digits(2).ok_or("expected a time HH:MM[:SS[.fff]]")?;
        let mut second = 0.0;
        if p.peek() == Some(b':') {
            p.i += 1;
            second = f64::from(p.digits(2).ok_or("expected seconds SS")?);
            if matches!(p.peek(), Some(b'.' | b',')) {
                p.i += 1;
                let start = p.i;
                let mut scale = 0.1;
                while let Some(d @ b'0'..=b'9') = p.peek() {
                    second += f64::from(d - b'0') * scale;
                    scale /= 10.0;
                    p.i += 1;
                }
                if p.i == start {
                    return Err("expected digits after the decimal point");
                }
            }
        }
        // 60 is a leap second.
        if hour > 23 || minute > 59 || second >= 61.0 {
            return Err("no such time of day");
        }
        ms = (f64::from(hour) * 3600.0 + f64::from(minute) * 60.0 + second) * 1000.0;
    }
    match p.peek() {
        None => {}
        Some(b'Z' | b'z') => p.i += 1,
        Some(sign @ (b'+' | b'-')) => {
            p.i += 1;
            let h = p.digits(2).ok_or("expected a zone offset ±HH:MM")?;
            if p.peek() == Some(b':') {
                p.i += 1;
            }
            let m = if p.peek().is_some() {
                p.digits(2).ok_or("expected a zone offset ±HH:MM")?
            } else {
                0
            };
            if h > 23 || m > 59 {
                return Err("no such zone offset");
            }
            let offset = f64::from(h * 60 + m) * 60_000.0;
            // Local time = UTC + offset.
            ms -= if sign == b'+' { offset } else { -offset };
        }
        Some(_) => return Err("unexpected text after the time"),
    }
    if p.i != b.len() {
        return Err("unexpected text after the time");
    }
    Ok(days_from_civil(year, month, day) as f64 * 86_400_000.0 + ms)
}

/// Whether `text` looks like a date rather than a number: digits then `-` at the fifth byte.
pub fn looks_like_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.i += 1)
    }
    fn digits(&mut self, n: usize) -> Option<u32> {
        let s = self.b.get(self.i..self.i + n)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(s.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(parse_ms("1970-01-01T00:00:00Z"), Ok(0.0));
        assert_eq!(parse_ms("1970-01-01"), Ok(0.0));
        // date -u -d 2024-05-01T12:00:00Z +%s → 1714564800
        assert_eq!(
            parse_ms("2024-05-01T12:00:00.123Z"),
            Ok(1_714_564_800_123.0)
        );
        assert_eq!(
            parse_ms("2024-05-01 14:00:00.123+02:00"),
            Ok(1_714_564_800_123.0)
        );
        assert_eq!(
            parse_ms("2024-05-01T07:30:00.123000-04:30"),
            Ok(1_714_564_800_123.0)
        );
        assert_eq!(parse_ms("2024-05-01T12:00"), Ok(1_714_564_800_000.0));
        assert_eq!(parse_ms("2000-03-01T00:00:00Z"), Ok(951_868_800_000.0));
        assert_eq!(parse_ms("2024-02-29T00:00:00Z"), Ok(1_709_164_800_000.0));
    }

    #[test]
    fn refusals() {
        for bad in [
            "",
            "2024",
            "2024-13-01",
            "2023-02-29",
            "2024-05-01T25:00",
            "2024-05-01T12:00:00.",
            "2024-05-01T12:00:00Zjunk",
            "2024-05-01T12:00:00+2",
            "１２３４-05-01",
        ] {
            assert!(parse_ms(bad).is_err(), "{bad}");
        }
        assert!(looks_like_date("2024-05-01"));
        assert!(!looks_like_date("1714564800"));
    }
}

//! Base64url without padding (RFC 4648 §5), the text of a share link's payload.
//!
//! Written out rather than taken from the `base64` crate: its general engine is about 6 KB of the
//! page's wasm for the two dozen lines a link needs. A test checks both against each other.

/// The URL-safe alphabet: `A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a payload is not base64url: where (a byte offset in the payload) and what.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Invalid {
    /// Offset of the offending character, when one character is to blame.
    pub position: Option<usize>,
    pub message: String,
}

/// The text of `bytes`: four characters per three bytes, the last group shortened, no `=`.
pub(super) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..=group.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
        }
    }
    out
}

/// The bytes of `text`. Refuses, naming the first offender: a character outside the alphabet
/// (`=` included: links carry no padding), a length no byte count gives (one character past a
/// whole group), and a last character whose unused low bits are not zero (a second spelling of
/// the same bytes).
pub(super) fn decode(text: &str) -> Result<Vec<u8>, Invalid> {
    let mut sextets = Vec::with_capacity(text.len());
    for (at, byte) in text.bytes().enumerate() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            b'=' => {
                return Err(Invalid {
                    position: Some(at),
                    message: "padding '=' is not used in share links".into(),
                });
            }
            _ => {
                return Err(Invalid {
                    position: Some(at),
                    message: format!("unexpected character {:?}", char::from(byte)),
                });
            }
        };
        sextets.push(value);
    }
    let unused_bits = match sextets.len() % 4 {
        1 => {
            return Err(Invalid {
                position: None,
                message: format!("a length of {} is impossible in base64", text.len()),
            });
        }
        2 => 4,
        3 => 2,
        _ => 0,
    };
    if let Some(&last) = sextets.last()
        && last & ((1 << unused_bits) - 1) != 0
    {
        let at = text.len() - 1;
        return Err(Invalid {
            position: Some(at),
            message: format!(
                "unexpected final character {:?}",
                char::from(text.as_bytes()[at])
            ),
        });
    }
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for group in sextets.chunks(4) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (k, &s)| n | u32::from(s) << (18 - 6 * k));
        for k in 0..group.len() - 1 {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use proptest::prelude::*;

    proptest! {
        /// The same text as the `base64` crate's engine for any bytes, and back.
        #[test]
        fn encodes_as_the_base64_crate(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let text = encode(&bytes);
            prop_assert_eq!(&text, &URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert_eq!(decode(&text), Ok(bytes));
        }

        /// Accepts exactly what the crate accepts, with the same bytes; where the crate blames
        /// the one character outside the alphabet, the same one (with several, the crate may
        /// name a later one; this codec names the first).
        #[test]
        fn decodes_as_the_base64_crate(text in "[A-Za-z0-9_=+$-]{0,40}") {
            let outside = text.bytes().filter(|b| !b.is_ascii_alphanumeric() && !b"-_".contains(b));
            let one_outside = outside.count() == 1;
            match (decode(&text), URL_SAFE_NO_PAD.decode(&text)) {
                (Ok(ours), Ok(theirs)) => prop_assert_eq!(ours, theirs),
                (Err(ours), Err(base64::DecodeError::InvalidByte(at, byte)))
                    if byte != b'=' && one_outside =>
                {
                    prop_assert_eq!(ours.position, Some(at), "{}", ours.message);
                }
                (Err(_), Err(_)) => {}
                (ours, theirs) => prop_assert!(false, "{:?} against {:?}", ours, theirs),
            }
        }
    }

    #[test]
    fn errors_name_the_character_and_the_rule() {
        let err = |text: &str| decode(text).unwrap_err();
        assert_eq!(err("abc$def").position, Some(3));
        assert_eq!(err("abc$def").message, "unexpected character '$'");
        assert_eq!(
            err("abcde").message,
            "a length of 5 is impossible in base64"
        );
        assert_eq!(
            err("abc=").message,
            "padding '=' is not used in share links"
        );
        // Where it is, wherever it is (the base64 crate named a mid-payload '=' by position).
        assert_eq!(err("ab=c").position, Some(2));
        assert_eq!(err("abc=").position, Some(3));
        assert_eq!(err("AB").message, "unexpected final character 'B'");
        assert_eq!(err("AB").position, Some(1));
        assert_eq!(decode("AA"), Ok(vec![0]));
        assert_eq!(decode(""), Ok(vec![]));
    }
}

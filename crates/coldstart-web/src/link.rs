//! The link a page is opened with, read through the browser's DEFLATE: Rust reads the fragment's
//! framing and hands the page the raw DEFLATE stream, the page pipes it through
//! `DecompressionStream("deflate-raw")` into [`LinkReader::push`], and the playground (or a run
//! worker's early run) takes the reader. The limits and every message are the core's
//! (`coldstart_core::share`); the page's JavaScript only moves bytes, so the wasm carries no
//! DEFLATE code of its own.

use crate::session::Link;
use coldstart_core::share::{self, Reading, ShareError};
use wasm_bindgen::prelude::*;

/// A share link being read (web/app.js and web/worker.js, `readLink`).
#[wasm_bindgen]
pub struct LinkReader {
    state: State,
}

enum State {
    /// No fragment: the default comparison.
    None,
    /// Framing read, inflating.
    Reading(Reading),
    /// Refused, by the framing, the inflated size or the decompressor.
    Refused(ShareError),
}

#[wasm_bindgen]
impl LinkReader {
    /// Reads the framing of `fragment` (the URL's, without `#`; empty: no link).
    #[wasm_bindgen(constructor)]
    pub fn new(fragment: &str) -> LinkReader {
        let state = if fragment.is_empty() {
            State::None
        } else {
            match share::read(fragment) {
                Ok(reading) => State::Reading(reading),
                Err(e) => State::Refused(e),
            }
        };
        LinkReader { state }
    }

    /// The raw DEFLATE stream to inflate, or `undefined` when there is none to (no link, or one
    /// already refused).
    pub fn deflated(&self) -> Option<Vec<u8>> {
        match &self.state {
            State::Reading(reading) => Some(reading.deflated().to_vec()),
            _ => None,
        }
    }

    /// Takes the next piece of the inflated payload: `false` once the link is refused (past
    /// the size cap), when the page stops inflating.
    pub fn push(&mut self, inflated: &[u8]) -> bool {
        let State::Reading(reading) = &mut self.state else {
            return false;
        };
        match reading.push(inflated) {
            Ok(()) => true,
            Err(e) => {
                self.state = State::Refused(e);
                false
            }
        }
    }

    /// The decompressor failed (not DEFLATE, cut short, bytes after its end…): `message` is what
    /// it said. A link already refused keeps its first reason.
    pub fn fail(&mut self, message: &str) {
        if matches!(self.state, State::Reading(_)) {
            self.state = State::Refused(ShareError::Inflate {
                message: message.to_string(),
            });
        }
    }
}

impl LinkReader {
    /// The link read: the state it restores once the whole payload is in, or why not.
    pub fn into_link(self) -> Link {
        match self.state {
            State::None => None,
            State::Reading(reading) => Some(reading.finish()),
            State::Refused(e) => Some(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use coldstart_core::share::{MAX_JSON_BYTES, SharedState};

    fn link() -> (String, Vec<u8>, SharedState) {
        let state = SharedState {
            variants: crate::session::default_comparison(),
            chart: Some("cdf".into()),
            plan: None,
        };
        let json = share::payload(&state);
        (share::encode(&state), json, state)
    }

    /// What the page does with a link, piece by piece, with miniz standing in for the browser.
    #[test]
    fn a_link_pushed_in_pieces_restores_its_state_and_each_refusal_says_why() {
        assert_eq!(LinkReader::new("").deflated(), None);
        assert_eq!(LinkReader::new("").into_link(), None);

        let (fragment, json, state) = link();
        let mut reader = LinkReader::new(&fragment);
        let deflated = reader.deflated().expect("a stream to inflate");
        assert_eq!(
            miniz_oxide::inflate::decompress_to_vec(&deflated).expect("inflates"),
            json
        );
        for piece in json.chunks(100) {
            assert!(reader.push(piece));
        }
        assert_eq!(reader.into_link(), Some(Ok(state)));

        let bad = LinkReader::new("v1.!!!");
        assert_eq!(bad.deflated(), None, "refused before inflating");
        assert!(matches!(
            bad.into_link(),
            Some(Err(ShareError::Base64 { .. }))
        ));

        let mut bomb = LinkReader::new(&fragment);
        let spaces = vec![b' '; MAX_JSON_BYTES / 2];
        assert!(bomb.push(&spaces) && bomb.push(&spaces));
        assert!(!bomb.push(b" "), "stops past the cap");
        bomb.fail("the decompressor's own words");
        assert_eq!(
            bomb.into_link(),
            Some(Err(ShareError::InflatedTooLarge {
                limit: MAX_JSON_BYTES
            })),
            "the first reason is kept"
        );

        let mut junk = LinkReader::new(&fragment);
        assert!(junk.push(&json));
        junk.fail("Junk found after end of compressed data.");
        let e = junk.into_link().expect("a link").expect_err("refused");
        assert_eq!(
            e.to_string(),
            "share link payload is not valid DEFLATE data: Junk found after end of compressed data."
        );
    }
}

//! Colours and type sizes of the charts, light and dark.
//!
//! The palette is Okabe and Ito's ("Color Universal Design", 2008): eight colours that stay
//! distinguishable with the common colour-vision deficiencies. Warm requests are a neutral grey
//! so the coloured cold starts stand out; the yellow is left out because it has too little
//! contrast on white.
//!
//! One colour language: the four variant colours (`series`) mean a variant and nothing else.
//! Causes, phases and environment states take the other Okabe–Ito colours, greys and two
//! darkened tones (for contrast on white), and every chart labels them in its legend, so
//! orange is variant B everywhere and never a phase or a cause (a test checks each theme).

use coldstart_core::report::ColdCause;
use plotters::style::RGBColor;

/// Okabe–Ito orange.
const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe–Ito sky blue.
const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito bluish green.
const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe–Ito blue: dark, so the light theme's first colour and never on a dark background.
const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion.
const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito reddish purple.
const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Okabe–Ito black: the deploy cause on the light theme.
const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// Okabe–Ito yellow: on the dark theme only (too little contrast on white).
const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe–Ito yellow darkened to 70 %, so it reads on white: the light theme's code fetch and
/// lifetime expiry.
const DARK_YELLOW: RGBColor = RGBColor(0xA8, 0x9F, 0x2E);
/// Okabe–Ito vermillion darkened to 60 %: the light theme's deploy cause, beside vermillion's
/// scale-out.
const BROWN: RGBColor = RGBColor(0x80, 0x38, 0x00);
/// Vermillion lightened towards white: the dark theme's deploy cause.
const BROWN_LIGHT: RGBColor = RGBColor(0xE8, 0x9A, 0x6C);
/// A dark neutral: light-theme bootstrap, busy environments and resets.
const DARK_GREY: RGBColor = RGBColor(0x4D, 0x4D, 0x4D);
/// A light neutral: light-theme idle environments.
const LIGHT_GREY: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);

/// Everything a chart needs to know about appearance.
///
/// Fields are public so a page can adjust one colour (say, to match its CSS) without a builder.
/// Font sizes are in plotters' units: CSS pixels on a canvas; the SVG backend writes
/// `size / 1.24` as the font size, so SVG text comes out a little smaller.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Page behind the chart.
    pub background: RGBColor,
    /// Text, axes and the marks that need the most contrast (throttles, limits).
    pub foreground: RGBColor,
    /// Secondary text: notes, tick labels of category axes, "no data" messages.
    pub muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
    /// Reference lines that are not data: package limits, percentile guides.
    pub reference: RGBColor,
    /// Warm requests and the handler phase: neutral, so that cold starts stand out.
    pub warm: RGBColor,
    /// One colour per variant, in order (cycled past four).
    pub series: [RGBColor; 4],
    /// One colour per cold-start cause, in [`ColdCause::ALL`] order.
    pub causes: [RGBColor; 6],
    /// A cold start whose cause is unknown (time-series fallback without samples).
    pub cold_any: RGBColor,
    /// Cold-start phases: microVM, code fetch, bootstrap, init (the handler uses `warm`).
    pub phases: [RGBColor; 4],
    /// Busy environments in the environments chart.
    pub busy: RGBColor,
    /// Idle environments in the environments chart.
    pub idle: RGBColor,
    /// Provisioned environments in the environments chart.
    pub provisioned: RGBColor,
    /// CSS font family; the browser picks the actual font, SVG viewers likewise.
    pub font_family: &'static str,
    /// Chart title.
    pub title_size: f64,
    /// Axis titles and panel captions.
    pub label_size: f64,
    /// Tick labels, legend and notes.
    pub tick_size: f64,
}

impl Theme {
    /// Dark text on white.
    pub fn light() -> Self {
        Theme {
            background: RGBColor(0xFF, 0xFF, 0xFF),
            foreground: RGBColor(0x1A, 0x1A, 0x1A),
            muted: RGBColor(0x5C, 0x5C, 0x5C),
            grid: RGBColor(0xE4, 0xE4, 0xE4),
            reference: RGBColor(0x80, 0x80, 0x80),
            warm: RGBColor(0x9E, 0x9E, 0x9E),
            series: [BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE],
            causes: [BLACK, VERMILLION, SKY_BLUE, DARK_YELLOW, DARK_GREY, BROWN],
            cold_any: VERMILLION,
            phases: [SKY_BLUE, DARK_YELLOW, DARK_GREY, VERMILLION],
            busy: DARK_GREY,
            idle: LIGHT_GREY,
            provisioned: SKY_BLUE,
            font_family: "sans-serif",
            title_size: 18.0,
            label_size: 15.0,
            tick_size: 14.0,
        }
    }

    /// Light text on a near-black background; Okabe–Ito blue becomes sky blue, which reads on
    /// dark, and sky blue's slot (idle, microVM) becomes a dimmer blue-grey.
    pub fn dark() -> Self {
        let dim_blue = RGBColor(0x3D, 0x6E, 0x8F);
        let light_grey = RGBColor(0xC8, 0xC8, 0xC8);
        let mid_grey = RGBColor(0x9A, 0x9A, 0x9A);
        let dark_grey = RGBColor(0x4A, 0x4A, 0x4A);
        Theme {
            background: RGBColor(0x16, 0x18, 0x1D),
            foreground: RGBColor(0xE8, 0xE8, 0xE8),
            muted: RGBColor(0xA6, 0xA6, 0xA6),
            grid: RGBColor(0x33, 0x36, 0x3D),
            reference: RGBColor(0x90, 0x90, 0x90),
            warm: RGBColor(0x80, 0x80, 0x80),
            series: [SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE],
            causes: [
                light_grey,
                VERMILLION,
                YELLOW,
                dim_blue,
                mid_grey,
                BROWN_LIGHT,
            ],
            cold_any: VERMILLION,
            phases: [dim_blue, YELLOW, light_grey, VERMILLION],
            busy: light_grey,
            idle: dark_grey,
            provisioned: YELLOW,
            ..Theme::light()
        }
    }

    /// The colour of the `index`-th variant; cycles when there are more variants than colours.
    pub fn series_color(&self, index: usize) -> RGBColor {
        self.series[index % self.series.len()]
    }

    /// The colour of a cold-start cause.
    pub fn cause_color(&self, cause: ColdCause) -> RGBColor {
        let index = match cause {
            ColdCause::First => 0,
            ColdCause::ScaleOut => 1,
            ColdCause::KeepAliveExpired => 2,
            ColdCause::LifetimeExpired => 3,
            ColdCause::Reset => 4,
            ColdCause::Deploy => 5,
        };
        self.causes[index]
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Variant colours mean variants only: no cause, phase or environment state of the same
    /// theme wears one, and the causes and the phases are each told apart.
    #[test]
    fn variant_colours_are_for_variants_only() {
        for theme in [Theme::light(), Theme::dark()] {
            let others: Vec<RGBColor> = (theme.causes.iter())
                .chain(&theme.phases)
                .chain([
                    &theme.busy,
                    &theme.idle,
                    &theme.provisioned,
                    &theme.cold_any,
                ])
                .copied()
                .collect();
            for c in &others {
                assert!(!theme.series.contains(c), "{c:?} is also a variant colour");
            }
            let distinct = |cs: &[RGBColor]| {
                cs.iter()
                    .enumerate()
                    .all(|(i, a)| cs[i + 1..].iter().all(|b| a != b))
            };
            assert!(distinct(&theme.causes) && distinct(&theme.phases));
            assert!(distinct(&[
                theme.busy,
                theme.idle,
                theme.provisioned,
                theme.warm
            ]));
        }
    }
}

//! Colours and type sizes of the charts, light and dark.
//!
//! The palette is Okabe and Ito's ("Color Universal Design", 2008): eight colours that stay
//! distinguishable with the common colour-vision deficiencies. Warm requests are a neutral grey
//! so the coloured cold starts stand out; the yellow is left out because it has too little
//! contrast on white.

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
/// Okabe–Ito yellow: the deploy cause on the dark theme only (too little contrast on white).
const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);

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
            causes: [
                BLUE,
                VERMILLION,
                ORANGE,
                REDDISH_PURPLE,
                BLUISH_GREEN,
                BLACK,
            ],
            cold_any: VERMILLION,
            phases: [SKY_BLUE, ORANGE, BLUISH_GREEN, VERMILLION],
            busy: BLUE,
            idle: SKY_BLUE,
            provisioned: BLUISH_GREEN,
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
        Theme {
            background: RGBColor(0x16, 0x18, 0x1D),
            foreground: RGBColor(0xE8, 0xE8, 0xE8),
            muted: RGBColor(0xA6, 0xA6, 0xA6),
            grid: RGBColor(0x33, 0x36, 0x3D),
            reference: RGBColor(0x90, 0x90, 0x90),
            warm: RGBColor(0x80, 0x80, 0x80),
            series: [SKY_BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE],
            causes: [
                SKY_BLUE,
                VERMILLION,
                ORANGE,
                REDDISH_PURPLE,
                BLUISH_GREEN,
                YELLOW,
            ],
            cold_any: VERMILLION,
            phases: [dim_blue, ORANGE, BLUISH_GREEN, VERMILLION],
            busy: SKY_BLUE,
            idle: dim_blue,
            provisioned: BLUISH_GREEN,
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

//! Choosing a chart by name and rendering it to an SVG document, for the page's "Export SVG"
//! and the CLI's `coldstart plot --svg`.

use crate::error::ChartError;
use crate::geometry::ChartGeometry;
use crate::layout::{MAX_SVG_SIDE_PX, MIN_SVG_SIDE_PX};
use crate::sweep::SweepSeries;
use crate::theme::Theme;
use crate::{
    TimelineSample, Variant, draw_anatomy, draw_cdf, draw_environments, draw_lanes, draw_order,
    draw_sweep, draw_timeline_sampled, draw_warmup,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt;
use std::str::FromStr;

/// The charts, by the names the page and the CLI use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Latency against arrival time, cold starts coloured by cause ("timeline").
    Timeline,
    /// Busy, idle and provisioned environments over time ("environments").
    Environments,
    /// Cold-start phases stacked per variant, median and p99 ("anatomy").
    Anatomy,
    /// Latency CDF on a log axis ("cdf").
    Cdf,
    /// Cold-start latency against package or image size ("sweep").
    Sweep,
    /// Handler time against the invocation index on an environment ("warmup").
    Warmup,
    /// One lane per environment over time: start phases, busy, idle, reclaimed ("lanes").
    Lanes,
    /// Deploy, upload, then one median cold start phase by phase ("order").
    Order,
}

impl ChartKind {
    /// Every chart, in the order the page shows them.
    pub const ALL: [ChartKind; 8] = [
        ChartKind::Timeline,
        ChartKind::Environments,
        ChartKind::Lanes,
        ChartKind::Anatomy,
        ChartKind::Order,
        ChartKind::Cdf,
        ChartKind::Sweep,
        ChartKind::Warmup,
    ];

    /// The chart's name: "timeline", "environments", "lanes", "anatomy", "order", "cdf",
    /// "sweep" or "warmup".
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Timeline => "timeline",
            ChartKind::Environments => "environments",
            ChartKind::Anatomy => "anatomy",
            ChartKind::Cdf => "cdf",
            ChartKind::Sweep => "sweep",
            ChartKind::Warmup => "warmup",
            ChartKind::Lanes => "lanes",
            ChartKind::Order => "order",
        }
    }

    /// The chart's heading and the accessible name of its picture ("Latency timeline").
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Timeline => "Latency timeline",
            ChartKind::Environments => "Environments over time",
            ChartKind::Anatomy => "Cold-start anatomy",
            ChartKind::Cdf => "Latency distribution",
            ChartKind::Sweep => "Package size sweep",
            ChartKind::Warmup => "Warm-up",
            ChartKind::Lanes => "Environment lanes",
            ChartKind::Order => "Operation order",
        }
    }

    /// One sentence saying what the chart shows, for the note above it.
    pub fn note(self) -> &'static str {
        match self {
            ChartKind::Timeline => {
                "Every request: latency against arrival time. Cold starts coloured by cause, \
                 warm in grey, throttles marked."
            }
            ChartKind::Environments => {
                "Busy, idle and provisioned execution environments; the concurrency limit; \
                 cold starts as ticks."
            }
            ChartKind::Anatomy => {
                "Where a cold start's time goes: microVM, code fetch, bootstrap, init, handler \
                 (median and p99)."
            }
            ChartKind::Cdf => {
                "Cumulative distribution of latency per variant, log axis, p50 and p99 marked: \
                 all requests, and cold starts only (often under 1 % of requests, so lost among \
                 all of them)."
            }
            ChartKind::Sweep => {
                "Cold-start p50 and p99 against package or image size, 1 MB to 10 GB, with the \
                 50 MB, 250 MB and 10 GB limits."
            }
            ChartKind::Warmup => {
                "How the handler speeds up as an environment serves more invocations (JIT, \
                 first-call caches): mean handler time of the k-th invocation, per variant."
            }
            ChartKind::Lanes => {
                "One lane per execution environment: its start (microVM, code fetch, bootstrap, \
                 init), busy and idle spells, where it was reclaimed; deploys dashed."
            }
            ChartKind::Order => {
                "A cold start in order with this run's numbers: deploy and upload (off the \
                 request path), then the median cold start phase by phase."
            }
        }
    }

    /// Draws this chart: the sweep from `sweep`, every other chart from `variants`.
    pub fn draw<DB: DrawingBackend>(
        self,
        area: &DrawingArea<DB, Shift>,
        variants: &[Variant<'_>],
        sweep: &[SweepSeries],
        theme: &Theme,
    ) -> Result<ChartGeometry, ChartError> {
        self.draw_sampled(area, variants, &[], sweep, theme)
    }

    /// [`ChartKind::draw`] for reports that came without their request sample: the timeline
    /// draws variant `i` from `samples[i]` ([`draw_timeline_sampled`]).
    pub fn draw_sampled<DB: DrawingBackend>(
        self,
        area: &DrawingArea<DB, Shift>,
        variants: &[Variant<'_>],
        samples: &[TimelineSample],
        sweep: &[SweepSeries],
        theme: &Theme,
    ) -> Result<ChartGeometry, ChartError> {
        match self {
            ChartKind::Timeline => draw_timeline_sampled(area, variants, samples, theme),
            ChartKind::Environments => draw_environments(area, variants, theme),
            ChartKind::Anatomy => draw_anatomy(area, variants, theme),
            ChartKind::Cdf => draw_cdf(area, variants, theme),
            ChartKind::Sweep => draw_sweep(area, sweep, theme),
            ChartKind::Warmup => draw_warmup(area, variants, theme),
            ChartKind::Lanes => draw_lanes(area, variants, theme, None),
            ChartKind::Order => draw_order(area, variants, theme),
        }
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChartKind {
    type Err = ChartError;

    fn from_str(name: &str) -> Result<Self, ChartError> {
        ChartKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = ChartKind::ALL.iter().map(|k| k.as_str()).collect();
                ChartError::new(format!(
                    "chart: unknown chart {name:?}; expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

/// Renders one chart to a standalone SVG document of `width` × `height` pixels.
///
/// Sides outside [`MIN_SVG_SIDE_PX`]..=[`MAX_SVG_SIDE_PX`] are refused (see [`check_svg_size`]).
pub fn render_svg(
    kind: ChartKind,
    variants: &[Variant<'_>],
    sweep: &[SweepSeries],
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    check_svg_size(width, height)?;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        kind.draw(&area, variants, sweep, theme)?;
        area.present()?;
    }
    Ok(svg)
}

/// Renders the lanes chart over `window` (the page's zoom; `coldstart plot --window`) to a
/// standalone SVG document, with [`render_svg`]'s size rule.
pub fn render_lanes_svg(
    variants: &[Variant<'_>],
    theme: &Theme,
    width: u32,
    height: u32,
    window: crate::TimeWindow,
) -> Result<String, ChartError> {
    check_svg_size(width, height)?;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        crate::draw_lanes(&area, variants, theme, Some(window))?;
        area.present()?;
    }
    Ok(svg)
}

/// Refuses SVG sides outside [`MIN_SVG_SIDE_PX`]..=[`MAX_SVG_SIDE_PX`]: below, axes and legend
/// cannot fit; above, the document is uselessly large. Public so that the page, which renders
/// through its own text-measuring backend, applies the same rule.
pub fn check_svg_size(width: u32, height: u32) -> Result<(), ChartError> {
    for (field, value) in [("width", width), ("height", height)] {
        if !(MIN_SVG_SIDE_PX..=MAX_SVG_SIDE_PX).contains(&value) {
            return Err(ChartError::new(format!(
                "svg.{field}: {value} px is outside {MIN_SVG_SIDE_PX}..={MAX_SVG_SIDE_PX} px"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in ChartKind::ALL {
            assert_eq!(kind.as_str().parse::<ChartKind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        let err = "pie".parse::<ChartKind>().unwrap_err();
        assert!(err.message().contains("\"pie\""), "{err}");
        assert!(err.message().contains("timeline, environments"), "{err}");
    }

    #[test]
    fn absurd_sizes_are_refused() {
        let theme = Theme::light();
        let err = render_svg(ChartKind::Cdf, &[], &[], &theme, 0, 400).unwrap_err();
        assert!(err.message().starts_with("svg.width: 0 px"), "{err}");
        let err = render_svg(ChartKind::Cdf, &[], &[], &theme, 800, 1_000_000).unwrap_err();
        assert!(err.message().starts_with("svg.height: 1000000 px"), "{err}");
    }
}

//! The planners' charts: one picture per [`Plan`], drawn from the plan alone (the simulated
//! candidates it lists), never from a curve fitted between them.
//!
//! - provisioned concurrency: monthly cost and the target's metric against the provisioned
//!   count, on-demand at 0, the target line, the least count meeting it marked;
//! - the hourly schedule: per hour the workload's rate, and the schedule's counts as a step line
//!   beside the constant count;
//! - memory: cost per million requests and latency (warm p50, cold p99, p99 of all) against
//!   memory size on a log axis; only simulated sizes are drawn as markers, the lines between
//!   them are faint and dashed, and the cheapest and fastest sizes are marked;
//! - packaging: zip, image and SnapStart as bars of the target's metric and the monthly cost,
//!   the target line, the options that cannot exist named with why.
//!
//! Every axis carries its unit; the answer is labelled where it is drawn, so the picture reads
//! without the table beside it.

mod memory;
mod packaging;
mod provisioned;
mod schedule;

use crate::error::ChartError;
use crate::export::check_svg_size;
use crate::frame;
use crate::geometry::{ChartGeometry, Panel, PixelRect};
use crate::layout::*;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::plan::{Plan, Target};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::Ranged;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Draws `plan`'s chart in `area`: its planner's picture, with the axes' units, the target and
/// the answer marked. A plan without anything simulated draws the "no data" state.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &Plan,
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    match plan {
        Plan::Provisioned(p) => provisioned::draw(area, p, theme),
        Plan::Schedule(p) => schedule::draw(area, p, theme),
        Plan::Memory(p) => memory::draw(area, p, theme),
        Plan::Packaging(p) => packaging::draw(area, p, theme),
    }
}

/// Renders `plan`'s chart to a standalone SVG document of `width` × `height` pixels, with
/// [`crate::render_svg`]'s size rule.
pub fn render_svg(
    plan: &Plan,
    theme: &Theme,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    check_svg_size(width, height)?;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(&area, plan, theme)?;
        area.present()?;
    }
    Ok(svg)
}

/// The chart's heading and the accessible name of its picture.
pub fn title(plan: &Plan) -> &'static str {
    match plan {
        Plan::Provisioned(_) => provisioned::TITLE,
        Plan::Schedule(_) => schedule::TITLE,
        Plan::Memory(_) => memory::TITLE,
        Plan::Packaging(_) => packaging::TITLE,
    }
}

/// One sentence saying what the chart shows, for the note above it.
pub fn note(plan: &Plan) -> &'static str {
    match plan {
        Plan::Provisioned(_) => {
            "Monthly cost and the target's metric at each simulated provisioned count (0 = \
             on-demand); the least count meeting the target marked."
        }
        Plan::Schedule(_) => {
            "The workload's rate per hour, and the provisioned count each hour gets beside the \
             constant count that meets the target all day."
        }
        Plan::Memory(_) => {
            "Cost per million requests and latency at each simulated memory size; only \
             simulated sizes are markers, the dashed lines merely join them."
        }
        Plan::Packaging(_) => {
            "The target's metric and the monthly cost as a zip, a container image and a zip \
             with SnapStart; an option that cannot exist says why."
        }
    }
}

/// The target's metric as an axis: its name and unit.
fn metric_axis(target: &Target) -> (&'static str, Unit) {
    match target {
        Target::ColdShare { .. } => ("cold-start share", Unit::Fraction),
        Target::P99Ms { .. } => ("p99 latency", Unit::Milliseconds),
    }
}

/// "target ≤ 1.0 %", "target ≤ 500 ms".
fn target_label(target: &Target) -> String {
    let (_, unit) = metric_axis(target);
    format!("target ≤ {}", unit.format(target.max()))
}

/// "cold-start share 1.2 % (meets the target)".
fn metric_text(target: &Target, value: f64, meets: bool) -> String {
    let (name, unit) = metric_axis(target);
    let verdict = if meets { "meets" } else { "misses" };
    format!("{name} {} ({verdict} the target)", unit.format(value))
}

/// How many whole numbers lie in `lo..=hi`: the most tick labels a count axis may have.
fn whole_numbers(lo: f64, hi: f64) -> usize {
    let n = hi.floor() - lo.ceil() + 1.0;
    if n.is_finite() && n >= 1.0 {
        n as usize
    } else {
        1
    }
}

/// A count axis's range: the counts from `lo` to `hi`, padded so end markers stay inside.
fn count_range(lo: f64, hi: f64) -> (f64, f64) {
    let pad = ((hi - lo) * PLAN_COUNT_PAD).max(0.5);
    (lo - pad, hi + pad)
}

/// The width a panel's plot area gets in `area` with the standard label area.
fn plot_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> i32 {
    i32::try_from(area.dim_in_pixel().0).unwrap_or(0) - Y_LABEL_AREA_PX - PLOT_RIGHT_MARGIN_PX
}

/// The pixel rectangle between two data corners.
fn rect(panel: &Panel, a: (f64, f64), b: (f64, f64)) -> PixelRect {
    let (p, q) = (panel.data_to_pixel(a.0, a.1), panel.data_to_pixel(b.0, b.1));
    PixelRect {
        left: p.0.min(q.0),
        top: p.1.min(q.1),
        right: p.0.max(q.0),
        bottom: p.1.max(q.1),
    }
}

/// A chart over numeric axes of either scale.
type Chart<'a, 'b, DB, X, Y> = ChartContext<'a, DB, Cartesian2d<X, Y>>;

/// Writes `text` at the data point `at`, moved by `offset` pixels.
fn text_at<DB, X, Y>(
    chart: &mut Chart<'_, '_, DB, X, Y>,
    at: (f64, f64),
    offset: (i32, i32),
    text: impl Into<String>,
    style: &TextStyle<'static>,
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart.draw_series(std::iter::once(
        EmptyElement::at(at) + Text::new(text.into(), offset, style.clone()),
    ))?;
    Ok(())
}

/// A faint dashed line through simulated points: a guide between them, not data.
fn join<DB, X, Y>(
    chart: &mut Chart<'_, '_, DB, X, Y>,
    points: Vec<(f64, f64)>,
    color: RGBColor,
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    if points.len() < 2 {
        return Ok(());
    }
    chart.draw_series(std::iter::once(DashedPathElement::new(
        points,
        DASH_PX,
        DASH_GAP_PX,
        color.mix(PLAN_JOIN_ALPHA).stroke_width(1),
    )))?;
    Ok(())
}

/// A straight line between two data points.
fn line<DB, X, Y>(
    chart: &mut Chart<'_, '_, DB, X, Y>,
    from: (f64, f64),
    to: (f64, f64),
    style: ShapeStyle,
    dashed: bool,
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    if dashed {
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![from, to],
            DASH_PX,
            DASH_GAP_PX,
            style,
        )))?;
    } else {
        chart.draw_series(std::iter::once(PathElement::new(vec![from, to], style)))?;
    }
    Ok(())
}

/// A marker: filled when `filled`, else a ring of the curve's stroke.
fn marker<DB, X, Y>(
    chart: &mut Chart<'_, '_, DB, X, Y>,
    at: (f64, f64),
    color: RGBColor,
    filled: bool,
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let style = if filled {
        color.filled()
    } else {
        color.stroke_width(CURVE_STROKE_PX)
    };
    chart.draw_series(std::iter::once(Circle::new(at, MARKER_RADIUS_PX, style)))?;
    Ok(())
}

/// Small text in the theme's muted colour, anchored as given.
fn muted_text(
    theme: &Theme,
    h: plotters::style::text_anchor::HPos,
    v: plotters::style::text_anchor::VPos,
) -> TextStyle<'static> {
    frame::anchored(frame::text(theme, theme.tick_size, theme.muted), h, v)
}

/// Small text in the theme's foreground colour, anchored as given.
fn strong_text(
    theme: &Theme,
    h: plotters::style::text_anchor::HPos,
    v: plotters::style::text_anchor::VPos,
) -> TextStyle<'static> {
    frame::anchored(frame::text(theme, theme.tick_size, theme.foreground), h, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_axis_labels_whole_numbers_only() {
        assert_eq!(whole_numbers(-0.5, 3.5), 4);
        assert_eq!(whole_numbers(-0.5, 0.5), 1);
        assert_eq!(whole_numbers(0.0, 1_000.0), 1_001);
        assert_eq!(whole_numbers(f64::NAN, 1.0), 1);
    }

    #[test]
    fn targets_label_with_their_unit() {
        assert_eq!(
            target_label(&Target::ColdShare { max: 0.01 }),
            "target ≤ 1.0 %"
        );
        assert_eq!(
            target_label(&Target::P99Ms { max: 500.0 }),
            "target ≤ 500 ms"
        );
    }
}

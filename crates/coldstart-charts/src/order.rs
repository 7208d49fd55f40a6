//! Operation order: one cold start's whole story with this run's numbers, as two Gantt panels.
//!
//! Top, at deploy time and off the request path: the deploy, the code's upload (its route and
//! size: a zip straight to Lambda, through S3, or an image pushed to ECR) and, with SnapStart,
//! the Init that takes the snapshot. Bottom, at a request that finds no warm environment: the
//! median cold start taken apart (the cold starts at the p50 of cold latency, split as they
//! split, so the bars add up to the reported median) — microVM, code load, bootstrap, init,
//! handler, one after the other. Two panels because the two happen at different times and on
//! different scales: an upload takes seconds to minutes, and no request waits for it.

use crate::Variant;
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, PixelRect, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::report::{ColdCause, ColdStartPhase, P50, UploadRoute};
use coldstart_prose::labels;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One bar of a Gantt panel.
struct Step {
    label: String,
    start_ms: f64,
    ms: f64,
    color: RGBColor,
    /// What the read-out adds after the duration.
    detail: String,
}

/// The words of an upload route.
fn route(r: UploadRoute) -> &'static str {
    match r {
        UploadRoute::Direct => "direct to Lambda (≤ 50 MB zipped)",
        UploadRoute::S3 => "through S3 (≤ 250 MB unzipped)",
        UploadRoute::EcrPush => "image push to ECR (≤ 10 GB; uncompressed size, an upper bound)",
    }
}

/// The deploy-time steps of each variant.
fn deploy_steps(variants: &[Variant<'_>], theme: &Theme) -> Vec<Step> {
    let mut steps = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        let Some(d) = v.report.deploy_steps else {
            continue;
        };
        let color = theme.series_color(i);
        steps.push(Step {
            label: format!("{} · upload", v.label),
            start_ms: 0.0,
            ms: d.upload_ms.max(0.0),
            color,
            detail: format!(
                "{} {}, at the assumed uplink",
                Unit::Megabytes.format(d.upload_mb),
                route(d.route)
            ),
        });
        if let Some(snapshot) = d.snapshot_ms {
            steps.push(Step {
                label: format!("{} · snapshot", v.label),
                start_ms: d.upload_ms.max(0.0),
                ms: snapshot.max(0.0),
                color: theme.phases[3],
                detail: "SnapStart: the Init that takes the snapshot at publish (mean)".into(),
            });
        }
    }
    steps
}

/// The median cold start of each variant, phase after phase; a variant without cold starts
/// gets no rows, only a mention.
fn request_steps(variants: &[Variant<'_>], theme: &Theme) -> (Vec<Step>, Vec<String>) {
    let mut steps = Vec::new();
    let mut without = Vec::new();
    for v in variants {
        let median = (v.report.cold_anatomy.iter())
            .find(|a| a.quantile == P50.quantile && a.ms.is_finite() && a.ms > 0.0);
        let Some(median) = median else {
            without.push(v.label.to_owned());
            continue;
        };
        let split = median.split;
        let parts = [
            (labels::WAIT.label, split.wait, theme.reference),
            (
                labels::phase(ColdStartPhase::Microvm).label,
                split.microvm,
                theme.phases[0],
            ),
            ("code load", split.code_fetch, theme.phases[1]),
            (
                labels::phase(ColdStartPhase::Bootstrap).label,
                split.bootstrap,
                theme.phases[2],
            ),
            (
                labels::phase(ColdStartPhase::Init).label,
                split.init,
                theme.phases[3],
            ),
            (
                labels::phase(ColdStartPhase::Handler).label,
                split.handler,
                theme.warm,
            ),
        ];
        let mut t = 0.0;
        for (name, ms, color) in parts {
            // The wait is there only for queued (async) requests; a zero phase still gets its
            // row, so the order reads the same for every variant.
            if name == labels::WAIT.label && ms <= 0.0 {
                continue;
            }
            let ms = if ms.is_finite() { ms.max(0.0) } else { 0.0 };
            steps.push(Step {
                label: format!("{} · {name}", v.label),
                start_ms: t,
                ms,
                color,
                detail: format!(
                    "from {} to {} of the median cold start ({})",
                    Unit::Milliseconds.format(t),
                    Unit::Milliseconds.format(t + ms),
                    Unit::Milliseconds.format(median.ms)
                ),
            });
            t += ms;
        }
    }
    (steps, without)
}

/// Draws the operation order of every variant.
pub fn draw_order<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    variants: &[Variant<'_>],
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let title = "Operation order";
    let deploy = deploy_steps(variants, theme);
    let (request, without) = request_steps(variants, theme);
    if deploy.is_empty() && request.is_empty() {
        return frame::empty(area, theme, title, "No run to show");
    }
    let deploy_color = theme.cause_color(ColdCause::Deploy);
    let mut legend = vec![LegendEntry::new(
        Swatch::Dashed,
        deploy_color,
        "deploy starts",
    )];
    legend.extend(
        (variants.iter().enumerate())
            .filter(|(_, v)| v.report.deploy_steps.is_some())
            .map(|(i, v)| {
                LegendEntry::new(
                    Swatch::Block,
                    theme.series_color(i),
                    format!("{} upload", v.label),
                )
            }),
    );
    let frame = frame::begin(area, theme, title, &legend)?;
    let mut note = "deploy time, then one median cold start".to_owned();
    if !without.is_empty() {
        note.push_str(&format!("; no cold start in {}", without.join(", ")));
    }
    frame.note(theme, &note)?;

    // Rows share the height; each panel keeps at least a third of it.
    let (top_rows, bottom_rows) = (deploy.len().max(1), request.len().max(1));
    let height = frame.body.dim_in_pixel().1 as f64;
    let share = (top_rows as f64 / (top_rows + bottom_rows) as f64).clamp(0.34, 0.66);
    let (top, bottom) = frame.body.split_vertically((height * share) as i32);
    let mut geometry = ChartGeometry::default();
    let panels = [
        (
            &top,
            &deploy,
            "deploy: the version goes live when these end, off the request path",
            true,
        ),
        (
            &bottom,
            &request,
            "at a request with no warm environment",
            false,
        ),
    ];
    for (area, steps, caption, deploy_marker) in panels {
        let (panel, items) = draw_gantt(
            area,
            theme,
            caption,
            steps,
            deploy_marker.then_some(deploy_color),
        )?;
        geometry.panels.extend(panel);
        geometry.items.extend(items);
    }
    Ok(geometry)
}

fn draw_gantt<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    caption: &str,
    steps: &[Step],
    deploy_marker: Option<RGBColor>,
) -> Result<(Option<Panel>, Vec<Item>), ChartError> {
    let longest = steps.iter().map(|s| s.start_ms + s.ms).fold(0.0, f64::max);
    let unit = if longest > ORDER_SECONDS_ABOVE_MS {
        Unit::Seconds
    } else {
        Unit::Milliseconds
    };
    let per_ms = if unit == Unit::Seconds { 1e-3 } else { 1.0 };
    let x_range = from_zero(longest * per_ms, ANATOMY_LABEL_HEADROOM);
    let quantity = if deploy_marker.is_some() {
        "since the deploy started"
    } else {
        "since the request"
    };
    let x_axis = Axis::numeric(quantity, unit, Scale::Linear, x_range);
    let n = steps.len().max(1);
    let mut y_axis = Axis::numeric("", Unit::Category, Scale::Linear, (0.0, n as f64));
    y_axis.categories = steps.iter().rev().map(|s| s.label.clone()).collect();
    let label_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.foreground),
        HPos::Right,
        VPos::Center,
    );
    let mut widest = 0;
    for s in steps {
        widest = widest.max(area.estimate_text_size(&s.label, &label_style)?.0);
    }
    let cap = (f64::from(area.dim_in_pixel().0) * MAX_CATEGORY_LABEL_SHARE) as i32;
    let wanted = i32::try_from(widest).unwrap_or(cap) + 2 * LEGEND_GAP_PX;
    let style = PanelStyle {
        caption: Some(caption),
        x_title: true,
        y_label_px: wanted.min(cap),
    };
    let mut chart = frame::builder(area, theme, &style).build_cartesian_2d(
        Coord::linear(x_range.0..x_range.1),
        Coord::linear(0.0..n as f64),
    )?;
    frame::draw_axes(&mut chart, theme, &x_axis, &y_axis, true)?;
    let panel = Panel::from_coords(caption, chart.as_coord_spec(), x_axis, y_axis);
    if steps.is_empty() {
        frame::plot_message(&chart, theme, "no cold start in these runs")?;
        return Ok((Some(panel), Vec::new()));
    }
    let value_style = frame::anchored(
        frame::text(theme, theme.tick_size, theme.muted),
        HPos::Left,
        VPos::Center,
    );
    let gap = (1.0 - BAR_FILL_SHARE) / 2.0;
    let mut items = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let base = (n - 1 - i) as f64;
        let middle = base + 0.5;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x_range.0, middle))
                + Text::new(s.label.clone(), (-LEGEND_GAP_PX, 0), label_style.clone()),
        ))?;
        let (a, b) = (s.start_ms * per_ms, (s.start_ms + s.ms) * per_ms);
        let corners = [(a, base + gap), (b, base + 1.0 - gap)];
        chart.draw_series(std::iter::once(Rectangle::new(corners, s.color.filled())))?;
        let duration = Unit::Milliseconds.format(s.ms);
        chart.draw_series(std::iter::once(
            EmptyElement::at((b, middle))
                + Text::new(
                    duration.clone(),
                    (LEGEND_GAP_PX / 2, 0),
                    value_style.clone(),
                ),
        ))?;
        let (p, q) = (
            panel.data_to_pixel(corners[0].0, corners[0].1),
            panel.data_to_pixel(corners[1].0, corners[1].1),
        );
        items.push(Item {
            area: PixelRect {
                left: p.0.min(q.0),
                top: p.1.min(q.1),
                right: p.0.max(q.0).max(p.0.min(q.0) + 1),
                bottom: p.1.max(q.1),
            },
            text: format!("{}: {duration}, {}", s.label, s.detail),
        });
    }
    if let Some(color) = deploy_marker {
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(x_range.0, 0.0), (x_range.0, n as f64)],
            DASH_PX,
            DASH_GAP_PX,
            color.stroke_width(CURVE_STROKE_PX + 1),
        )))?;
    }
    Ok((Some(panel), items))
}

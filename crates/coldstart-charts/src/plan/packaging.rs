//! The packaging plan: one row per way to ship the function (zip, container image, zip with
//! SnapStart), as bars of the target's metric (with the target line) above and of the monthly
//! cost below. A bar is filled where the option meets the target and outlined where it misses;
//! an option that cannot exist has no bar but says why in its row.

use super::{line, metric_axis, metric_text, muted_text, rect, strong_text, target_label, text_at};
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::plan::packaging::{PackagingPlan, PackagingResult};
use coldstart_prose::plan::packaging_label;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) const TITLE: &str = "Packaging";

/// The reason without the error's "field = value: " prefix, which the table's row already
/// names: "has no zip twin: the function's own layers (…) exceed the 250 MB unzipped limit".
fn reason(refused: &str) -> &str {
    match refused.split_once(": ") {
        Some((head, rule)) if head.contains(" = ") => rule,
        _ => refused,
    }
}

/// `text` cut with an ellipsis to fit `width_px` in `style`.
fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'static>,
    width_px: i32,
) -> Result<String, ChartError> {
    let width = |t: &str| -> Result<i32, ChartError> {
        let (w, _) = area.estimate_text_size(t, style)?;
        Ok(i32::try_from(w).unwrap_or(i32::MAX))
    };
    if width(text)? <= width_px {
        return Ok(text.to_owned());
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        if width(&cut)? <= width_px {
            return Ok(cut);
        }
    }
    Ok("…".to_owned())
}

/// Draws the packaging plan.
pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &PackagingPlan,
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let options = &plan.options;
    if options.is_empty() {
        return frame::empty(area, theme, TITLE, "No packaging to compare");
    }
    let target = &plan.target;
    let legend = vec![
        LegendEntry::new(Swatch::Block, theme.muted, "meets target"),
        LegendEntry::new(Swatch::Outline, theme.muted, "misses target"),
        LegendEntry::new(Swatch::Dashed, theme.reference, target_label(target)),
    ];
    let frame = frame::begin(area, theme, TITLE, &legend)?;
    let verdict = match plan.cheapest_meeting {
        Some(p) => format!("cheapest meeting the target: {}", packaging_label(p)),
        None => "no option meets the target".to_owned(),
    };
    frame.note(theme, &verdict)?;

    let results: Vec<Option<&PackagingResult>> = (options.iter())
        .map(|o| {
            o.result
                .as_ref()
                .filter(|r| r.metric.is_finite() && r.monthly_usd.is_finite())
        })
        .collect();
    let n = options.len();
    let labels: Vec<&str> = options
        .iter()
        .map(|o| packaging_label(o.packaging))
        .collect();
    let mut y_axis = Axis::numeric("", Unit::Category, Scale::Linear, (0.0, n as f64));
    y_axis.categories = labels.iter().rev().map(|l| (*l).to_owned()).collect();
    let label_style = strong_text(theme, HPos::Right, VPos::Center);
    let mut widest = 0;
    for l in &labels {
        widest = widest.max(frame.body.estimate_text_size(l, &label_style)?.0);
    }
    let body_width = f64::from(frame.body.dim_in_pixel().0);
    let cap = (body_width * MAX_CATEGORY_LABEL_SHARE) as i32;
    let label_px = (i32::try_from(widest).unwrap_or(cap) + 2 * LEGEND_GAP_PX).min(cap);
    let style = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: label_px,
    };
    let height = i32::try_from(frame.body.dim_in_pixel().1).unwrap_or(0);
    let (upper, lower) = frame.body.split_vertically(height / 2);

    let (metric_name, metric_unit) = metric_axis(target);
    let metric_max = (results.iter().flatten().map(|r| r.metric))
        .chain([target.max()])
        .fold(0.0, f64::max);
    let metric_range = from_zero(metric_max, PLAN_BAR_LABEL_HEADROOM);
    let cost_max = results
        .iter()
        .flatten()
        .map(|r| r.monthly_usd)
        .fold(0.0, f64::max);
    let cost_range = from_zero(cost_max, PLAN_BAR_LABEL_HEADROOM);

    let mut metric = frame::builder(&upper, theme, &style).build_cartesian_2d(
        Coord::linear(metric_range.0..metric_range.1),
        Coord::linear(0.0..n as f64),
    )?;
    let metric_x = Axis::numeric(metric_name, metric_unit, Scale::Linear, metric_range);
    frame::draw_axes(&mut metric, theme, &metric_x, &y_axis, true)?;
    let metric_panel = Panel::from_coords(
        metric_name,
        metric.as_coord_spec(),
        metric_x,
        y_axis.clone(),
    );
    let mut cost = frame::builder(&lower, theme, &style).build_cartesian_2d(
        Coord::linear(cost_range.0..cost_range.1),
        Coord::linear(0.0..n as f64),
    )?;
    let cost_x = Axis::numeric("monthly cost", Unit::Usd, Scale::Linear, cost_range);
    frame::draw_axes(&mut cost, theme, &cost_x, &y_axis, true)?;
    let cost_panel = Panel::from_coords("monthly cost", cost.as_coord_spec(), cost_x, y_axis);

    // The target line only where there is a bar to read against it: across rows that all say
    // why they cannot exist, it would only strike through their reasons.
    if results.iter().any(Option::is_some) {
        let t = target.max();
        line(
            &mut metric,
            (t, 0.0),
            (t, n as f64),
            theme.reference.stroke_width(CURVE_STROKE_PX),
            true,
        )?;
    }

    let gap = (1.0 - BAR_FILL_SHARE) / 2.0;
    let value_style = muted_text(theme, HPos::Left, VPos::Center);
    let answer_style = strong_text(theme, HPos::Left, VPos::Center);
    let reason_room = metric_panel.plot.width() - 2 * LEGEND_GAP_PX;
    let mut items = Vec::new();
    for (i, (option, result)) in options.iter().zip(&results).enumerate() {
        let base = (n - 1 - i) as f64;
        let middle = base + 0.5;
        let label = labels[i];
        for (chart_y, value) in [(&mut metric, metric_range.0), (&mut cost, cost_range.0)] {
            text_at(
                chart_y,
                (value, middle),
                (-LEGEND_GAP_PX, 0),
                label,
                &label_style,
            )?;
        }
        let Some(r) = result else {
            let why = match &option.refused {
                Some(refused) => format!("cannot exist: {}", reason(refused)),
                None => "not simulated".to_owned(),
            };
            let shown = fit(&frame.body, &why, &value_style, reason_room)?;
            text_at(
                &mut metric,
                (metric_range.0, middle),
                (LEGEND_GAP_PX, 0),
                shown,
                &value_style,
            )?;
            text_at(
                &mut cost,
                (cost_range.0, middle),
                (LEGEND_GAP_PX, 0),
                "–",
                &value_style,
            )?;
            items.push(Item {
                area: rect(
                    &metric_panel,
                    (metric_range.0, base + gap),
                    (metric_range.1, base + 1.0 - gap),
                ),
                text: format!("{label}: {why}"),
            });
            continue;
        };
        let color = theme.series_color(i);
        let fill = if r.meets {
            color.filled()
        } else {
            color.stroke_width(CURVE_STROKE_PX)
        };
        for (chart, panel, value, range) in [
            (&mut metric, &metric_panel, r.metric, metric_range),
            (&mut cost, &cost_panel, r.monthly_usd, cost_range),
        ] {
            let corners = [
                (range.0, base + gap),
                (value.max(range.0), base + 1.0 - gap),
            ];
            chart.draw_series(std::iter::once(Rectangle::new(corners, fill)))?;
            items.push(Item {
                area: rect(panel, corners[0], corners[1]),
                text: String::new(),
            });
        }
        let n_items = items.len();
        items[n_items - 2].text = format!("{label}: {}", metric_text(target, r.metric, r.meets));
        items[n_items - 1].text = format!("{label}: {}/month", Unit::Usd.format(r.monthly_usd));
        let best = if plan.best_metric == Some(option.packaging) {
            " · best"
        } else {
            ""
        };
        text_at(
            &mut metric,
            (r.metric.max(metric_range.0), middle),
            (LEGEND_GAP_PX / 2, 0),
            format!("{}{best}", metric_unit.format(r.metric)),
            &value_style,
        )?;
        let cheapest = plan.cheapest_meeting == Some(option.packaging);
        text_at(
            &mut cost,
            (r.monthly_usd.max(cost_range.0), middle),
            (LEGEND_GAP_PX / 2, 0),
            format!(
                "{}/month{}",
                Unit::Usd.format(r.monthly_usd),
                if cheapest {
                    " · cheapest meeting the target"
                } else {
                    ""
                }
            ),
            if cheapest {
                &answer_style
            } else {
                &value_style
            },
        )?;
    }
    Ok(ChartGeometry {
        panels: vec![metric_panel, cost_panel],
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_without_its_field_prefix() {
        assert_eq!(
            reason("package.image_mb = 3000: has no zip twin: the layers exceed 250 MB"),
            "has no zip twin: the layers exceed 250 MB"
        );
        assert_eq!(reason("scenario too big: x"), "scenario too big: x");
    }
}

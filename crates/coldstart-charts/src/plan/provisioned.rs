//! The provisioned-concurrency plan: two panels over the provisioned count — the monthly cost
//! (with on-demand's as a reference line) above, the target's metric (with the target line)
//! below — one marker per simulated count, filled where it meets the target, and the least
//! count meeting it marked across both.

use super::{
    count_range, join, line, marker, metric_axis, metric_text, muted_text, strong_text,
    target_label, text_at, whole_numbers,
};
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::plan::provisioned::{Candidate, ProvisionedPlan};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) const TITLE: &str = "Provisioned concurrency";

/// "on-demand" or "3 provisioned".
fn count_name(count: u32) -> String {
    if count == 0 {
        "on-demand".to_owned()
    } else {
        format!(
            "{} provisioned",
            coldstart_prose::format::count(count.into())
        )
    }
}

/// The note: the break-even utilization of the prices, and the answer's.
fn break_even_note(plan: &ProvisionedPlan) -> String {
    let at_answer = (plan.at_answer.as_ref())
        .and_then(|c| c.utilization)
        .map(|u| format!("; the answer's: {} busy", Unit::Fraction.format(u)))
        .unwrap_or_default();
    match plan.break_even.utilization {
        Some(u) => format!(
            "pays above {} busy (break-even){at_answer}",
            Unit::Fraction.format(u)
        ),
        None => format!("never cheaper than on-demand at these prices{at_answer}"),
    }
}

/// Draws the provisioned-concurrency plan.
pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &ProvisionedPlan,
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let series: Vec<&Candidate> = (plan.series.iter())
        .filter(|c| c.monthly_usd.is_finite() && c.metric.is_finite())
        .collect();
    if series.is_empty() {
        return frame::empty(area, theme, TITLE, "No provisioned count was simulated");
    }
    let target = &plan.target;
    let mut legend = vec![
        LegendEntry::new(Swatch::Dot, theme.provisioned, "meets target"),
        LegendEntry::new(Swatch::Ring, theme.cold_any, "misses target"),
        LegendEntry::new(Swatch::Dashed, theme.reference, target_label(target)),
        LegendEntry::new(Swatch::Line, theme.reference, "on-demand cost"),
    ];
    if plan.answer.is_some() {
        legend.push(LegendEntry::new(
            Swatch::Line,
            theme.foreground,
            "least count meeting the target",
        ));
    }
    let frame = frame::begin(area, theme, TITLE, &legend)?;
    frame.note(theme, &break_even_note(plan))?;

    let last = series.iter().map(|c| c.count).max().unwrap_or(0);
    let (x0, x1) = count_range(0.0, f64::from(last.max(1)));
    let x_axis = Axis::numeric(
        "provisioned concurrency",
        Unit::Environments,
        Scale::Linear,
        (x0, x1),
    );
    let most = (whole_numbers(x0, x1), usize::MAX);
    let panels = frame::panels(&frame.body, 2);

    // The cost panel.
    let cost_max = (series.iter().map(|c| c.monthly_usd))
        .chain([plan.on_demand.monthly_usd])
        .fold(0.0, f64::max);
    let cost_range = from_zero(cost_max, PLAN_LABEL_HEADROOM);
    let cost_axis = Axis::numeric("monthly cost", Unit::Usd, Scale::Linear, cost_range);
    let top = PanelStyle {
        caption: None,
        x_title: false,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut cost = frame::builder(&panels[0], theme, &top).build_cartesian_2d(
        Coord::linear(x0..x1),
        Coord::linear(cost_range.0..cost_range.1),
    )?;
    frame::draw_axes_at_most(&mut cost, theme, &x_axis, &cost_axis, false, most)?;
    let cost_panel = Panel::from_coords(
        "monthly cost",
        cost.as_coord_spec(),
        x_axis.clone(),
        cost_axis,
    );

    // The metric panel.
    let (metric_name, metric_unit) = metric_axis(target);
    let metric_max = (series.iter().map(|c| c.metric))
        .chain([target.max()])
        .fold(0.0, f64::max);
    let metric_range = from_zero(metric_max, PLAN_LABEL_HEADROOM);
    let metric_axis = Axis::numeric(metric_name, metric_unit, Scale::Linear, metric_range);
    let bottom = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut metric = frame::builder(&panels[1], theme, &bottom).build_cartesian_2d(
        Coord::linear(x0..x1),
        Coord::linear(metric_range.0..metric_range.1),
    )?;
    frame::draw_axes_at_most(&mut metric, theme, &x_axis, &metric_axis, true, most)?;
    let metric_panel = Panel::from_coords(metric_name, metric.as_coord_spec(), x_axis, metric_axis);

    // References under the data: on-demand's cost, the target.
    let od = plan.on_demand.monthly_usd;
    line(
        &mut cost,
        (x0, od),
        (x1, od),
        theme.reference.stroke_width(1),
        false,
    )?;
    text_at(
        &mut cost,
        (x1, od),
        (-LEGEND_GAP_PX, -LEGEND_GAP_PX / 2),
        format!("on-demand {}/month", Unit::Usd.format(od)),
        &muted_text(theme, HPos::Right, VPos::Bottom),
    )?;
    let t = target.max();
    line(
        &mut metric,
        (x0, t),
        (x1, t),
        theme.reference.stroke_width(CURVE_STROKE_PX),
        true,
    )?;
    text_at(
        &mut metric,
        (x1, t),
        (-LEGEND_GAP_PX, -LEGEND_GAP_PX / 2),
        target_label(target),
        &muted_text(theme, HPos::Right, VPos::Bottom),
    )?;

    // The answer across both panels, under the markers.
    let label_style = strong_text(theme, HPos::Left, VPos::Top);
    match plan.at_answer.as_ref() {
        Some(a) => {
            let x = f64::from(a.count);
            let style = theme.foreground.stroke_width(1);
            line(
                &mut cost,
                (x, cost_range.0),
                (x, cost_range.1),
                style,
                false,
            )?;
            line(
                &mut metric,
                (x, metric_range.0),
                (x, metric_range.1),
                style,
                false,
            )?;
            text_at(
                &mut cost,
                (x, cost_range.1),
                (LEGEND_GAP_PX / 2, LEGEND_GAP_PX / 2),
                format!(
                    "answer: {}, {}/month",
                    count_name(a.count),
                    Unit::Usd.format(a.monthly_usd)
                ),
                &label_style,
            )?;
        }
        None => text_at(
            &mut metric,
            (x0, metric_range.1),
            (LEGEND_GAP_PX, LEGEND_GAP_PX / 2),
            format!(
                "no count up to {} meets the target",
                coldstart_prose::format::count(plan.searched_up_to.into())
            ),
            &label_style,
        )?,
    }

    // The simulated counts: a faint guide between them, then the markers.
    join(
        &mut cost,
        series
            .iter()
            .map(|c| (f64::from(c.count), c.monthly_usd))
            .collect(),
        theme.muted,
    )?;
    join(
        &mut metric,
        series
            .iter()
            .map(|c| (f64::from(c.count), c.metric))
            .collect(),
        theme.muted,
    )?;
    let mut items = Vec::with_capacity(series.len() * 2);
    for c in &series {
        let x = f64::from(c.count);
        let color = if c.meets {
            theme.provisioned
        } else {
            theme.cold_any
        };
        marker(&mut cost, (x, c.monthly_usd), color, c.meets)?;
        marker(&mut metric, (x, c.metric), color, c.meets)?;
        let busy = c
            .utilization
            .map(|u| format!(", {} busy", Unit::Fraction.format(u)))
            .unwrap_or_default();
        items.push(Item::point(
            cost_panel.data_to_pixel(x, c.monthly_usd),
            MARKER_RADIUS_PX,
            format!(
                "{}: {}/month{busy}",
                count_name(c.count),
                Unit::Usd.format(c.monthly_usd)
            ),
        ));
        items.push(Item::point(
            metric_panel.data_to_pixel(x, c.metric),
            MARKER_RADIUS_PX,
            format!(
                "{}: {}",
                count_name(c.count),
                metric_text(target, c.metric, c.meets)
            ),
        ));
    }
    Ok(ChartGeometry {
        panels: vec![cost_panel, metric_panel],
        items,
    })
}

//! The hourly provisioned-concurrency plan: the workload's expected rate per hour above; below,
//! the schedule's provisioned count as a step line (as the scenario would set it, increases ahead
//! of their hour), the expected busy environments it was sized from (Little's law), and the
//! constant count that meets the target as a level line. The legend carries each one's monthly
//! cost, so the saving reads off the picture.

use super::{line, muted_text, rect, strong_text, text_at, whole_numbers};
use crate::coord::Coord;
use crate::error::ChartError;
use crate::frame::{self, LegendEntry, PanelStyle, Swatch};
use crate::geometry::{Axis, ChartGeometry, Item, Panel, Scale};
use crate::layout::*;
use crate::ranges::from_zero;
use crate::theme::Theme;
use crate::units::Unit;
use coldstart_core::plan::schedule::SchedulePlan;
use coldstart_core::scenario::Provisioned;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) const TITLE: &str = "Hourly provisioned schedule";

const S_PER_H: f64 = 3_600.0;

/// The step line of a schedule, hours against environments, from 0 to `end_h`.
fn steps(p: &Provisioned, end_h: f64) -> Vec<(f64, f64)> {
    let mut level = f64::from(p.count);
    let mut points = vec![(0.0, level)];
    for change in &p.schedule {
        let at = (change.at_s / S_PER_H).clamp(0.0, end_h);
        points.push((at, level));
        level = f64::from(change.count);
        points.push((at, level));
    }
    points.push((end_h, level));
    points
}

/// Why there is no schedule to draw, when there is none.
fn why_none(plan: &SchedulePlan) -> &'static str {
    match plan.constant.answer {
        Some(0) => "on-demand meets the target: nothing to provision",
        None => "no constant count meets the target, so no schedule does",
        Some(_) if plan.rungs == 0 => "no hour has traffic to provision for",
        Some(_) => "the fullest schedule misses the target: take the constant count",
    }
}

/// Draws the hourly plan.
pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plan: &SchedulePlan,
    theme: &Theme,
) -> Result<ChartGeometry, ChartError> {
    let slots: Vec<_> = (plan.slots.iter())
        .filter(|s| s.start_s.is_finite() && s.length_s > 0.0 && s.rate_per_s.is_finite())
        .collect();
    if slots.is_empty() {
        return frame::empty(area, theme, TITLE, "No hour to plan");
    }
    let per_month = |usd: f64| format!("{}/month", Unit::Usd.format(usd));
    let constant = plan.constant.at_answer.as_ref().filter(|c| c.count > 0);
    let mut legend = vec![LegendEntry::new(Swatch::Block, theme.warm, "arrival rate")];
    if let Some(a) = &plan.answer {
        legend.push(LegendEntry::new(
            Swatch::Line,
            theme.provisioned,
            format!("hourly schedule, {}", per_month(a.monthly_usd)),
        ));
    }
    if let Some(c) = constant {
        legend.push(LegendEntry::new(
            Swatch::Line,
            theme.foreground,
            format!(
                "constant {}, {}",
                coldstart_prose::format::count(c.count.into()),
                per_month(c.monthly_usd)
            ),
        ));
    }
    legend.push(LegendEntry::new(
        Swatch::Dashed,
        theme.muted,
        "busy expected (Little's law)",
    ));
    let frame = frame::begin(area, theme, TITLE, &legend)?;
    let od = format!(
        "on-demand {}",
        per_month(plan.constant.on_demand.monthly_usd)
    );
    match &plan.answer {
        Some(_) => frame.note(
            theme,
            &format!(
                "{od}; increases {} ahead of their hour",
                Unit::Minutes.short(plan.lead_s / 60.0)
            ),
        )?,
        None => frame.note(theme, &od)?,
    }

    let end_h = (slots.iter().map(|s| (s.start_s + s.length_s) / S_PER_H)).fold(0.0, f64::max);
    let x_axis = Axis::numeric("time", Unit::Hours, Scale::Linear, (0.0, end_h));
    // Whole hours on a run of a few hours; a run under two hours gets finer ticks.
    let x_most = if end_h >= 2.0 {
        whole_numbers(0.0, end_h)
    } else {
        usize::MAX
    };
    let panels = frame::panels(&frame.body, 2);

    // The rate panel: one block per hour.
    let rate_max = slots.iter().map(|s| s.rate_per_s).fold(0.0, f64::max);
    let rate_range = from_zero(rate_max, LINEAR_HEADROOM);
    let rate_axis = Axis::numeric(
        "arrival rate",
        Unit::RequestsPerSecond,
        Scale::Linear,
        rate_range,
    );
    let top = PanelStyle {
        caption: None,
        x_title: false,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut rate = frame::builder(&panels[0], theme, &top).build_cartesian_2d(
        Coord::linear(0.0..end_h),
        Coord::linear(rate_range.0..rate_range.1),
    )?;
    frame::draw_axes_at_most(
        &mut rate,
        theme,
        &x_axis,
        &rate_axis,
        false,
        (x_most, usize::MAX),
    )?;
    let rate_panel = Panel::from_coords(
        "arrival rate",
        rate.as_coord_spec(),
        x_axis.clone(),
        rate_axis,
    );

    // The count panel.
    let answer_counts = plan.answer.as_ref().map(|a| steps(&a.provisioned, end_h));
    let count_max = (slots.iter().map(|s| s.mean_busy))
        .chain(constant.map(|c| f64::from(c.count)))
        .chain(answer_counts.iter().flatten().map(|p| p.1))
        .fold(0.0, f64::max);
    let count_range = from_zero(count_max.max(1.0), PLAN_LABEL_HEADROOM);
    let count_axis = Axis::numeric(
        "provisioned",
        Unit::Environments,
        Scale::Linear,
        count_range,
    );
    let bottom = PanelStyle {
        caption: None,
        x_title: true,
        y_label_px: Y_LABEL_AREA_PX,
    };
    let mut counts = frame::builder(&panels[1], theme, &bottom).build_cartesian_2d(
        Coord::linear(0.0..end_h),
        Coord::linear(count_range.0..count_range.1),
    )?;
    frame::draw_axes_at_most(
        &mut counts,
        theme,
        &x_axis,
        &count_axis,
        true,
        (x_most, whole_numbers(count_range.0, count_range.1)),
    )?;
    let count_panel = Panel::from_coords("provisioned", counts.as_coord_spec(), x_axis, count_axis);

    let mut items = Vec::with_capacity(slots.len() * 2);
    let mut busy_steps = Vec::with_capacity(slots.len() * 2);
    for (i, s) in slots.iter().enumerate() {
        let (a, b) = (s.start_s / S_PER_H, (s.start_s + s.length_s) / S_PER_H);
        rate.draw_series(std::iter::once(Rectangle::new(
            [(a, 0.0), (b, s.rate_per_s)],
            theme.warm.filled(),
        )))?;
        busy_steps.extend([(a, s.mean_busy), (b, s.mean_busy)]);
        let hour = format!(
            "hour {} ({}–{})",
            i + 1,
            Unit::Hours.format(a),
            Unit::Hours.format(b)
        );
        items.push(Item {
            area: rect(
                &rate_panel,
                (a, 0.0),
                (b, s.rate_per_s.max(rate_range.1 * 0.02)),
            ),
            text: format!("{hour}: {}", Unit::RequestsPerSecond.format(s.rate_per_s)),
        });
        let planned = (plan.answer.as_ref())
            .and_then(|p| p.counts.get(i))
            .map(|n| format!(", schedule {n}"))
            .unwrap_or_default();
        let level = (plan.answer.as_ref())
            .and_then(|p| p.counts.get(i))
            .map_or(0.0, |n| f64::from(*n))
            .max(s.mean_busy);
        items.push(Item {
            area: rect(&count_panel, (a, 0.0), (b, level.max(count_range.1 * 0.02))),
            text: format!(
                "{hour}: {} busy expected{planned}",
                coldstart_prose::format::decimal(s.mean_busy)
            ),
        });
    }
    counts.draw_series(std::iter::once(DashedPathElement::new(
        busy_steps,
        DASH_PX,
        DASH_GAP_PX,
        theme.muted.stroke_width(1),
    )))?;
    if let Some(c) = constant {
        let n = f64::from(c.count);
        line(
            &mut counts,
            (0.0, n),
            (end_h, n),
            theme.foreground.stroke_width(1),
            false,
        )?;
    }
    match answer_counts {
        Some(points) => {
            counts.draw_series(std::iter::once(PathElement::new(
                points,
                theme.provisioned.stroke_width(CURVE_STROKE_PX + 1),
            )))?;
        }
        None => text_at(
            &mut counts,
            (0.0, count_range.1),
            (LEGEND_GAP_PX, LEGEND_GAP_PX / 2),
            why_none(plan),
            &strong_text(theme, HPos::Left, VPos::Top),
        )?,
    }
    if let Some(c) = constant {
        text_at(
            &mut counts,
            (end_h, f64::from(c.count)),
            (-LEGEND_GAP_PX, -LEGEND_GAP_PX / 2),
            format!("constant {}", c.count),
            &muted_text(theme, HPos::Right, VPos::Bottom),
        )?;
    }
    Ok(ChartGeometry {
        panels: vec![rate_panel, count_panel],
        items,
    })
}

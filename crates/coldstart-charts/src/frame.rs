//! The parts every chart shares: background, title band, legend strip, panels for small
//! multiples, axes and the "no data" state.
//!
//! The legend is drawn as a strip above the plots rather than plotters' boxed legend inside the
//! plot area, so it can never hide data.

use crate::error::ChartError;
use crate::geometry::{Axis, ChartGeometry};
use crate::layout::*;
use crate::theme::Theme;
use crate::units::Unit;
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How a legend entry is pictured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Swatch {
    /// A filled dot (scatter points, markers).
    Dot,
    /// A solid line.
    Line,
    /// A dashed line.
    Dashed,
    /// A filled block (areas, bars).
    Block,
    /// A short vertical tick (events such as throttles).
    Tick,
    /// A hollow dot (a second series of markers in one panel).
    Ring,
    /// A hollow block (bars that miss a target).
    Outline,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendEntry {
    pub swatch: Swatch,
    pub color: RGBColor,
    pub label: String,
}

impl LegendEntry {
    pub fn new(swatch: Swatch, color: RGBColor, label: impl Into<String>) -> Self {
        LegendEntry {
            swatch,
            color,
            label: label.into(),
        }
    }
}

/// A text style in the theme's font.
pub(crate) fn text(theme: &Theme, size: f64, color: RGBColor) -> TextStyle<'static> {
    styled(theme, size, FontStyle::Normal, color)
}

/// A text style in the theme's font with a weight or slant.
pub(crate) fn styled(
    theme: &Theme,
    size: f64,
    weight: FontStyle,
    color: RGBColor,
) -> TextStyle<'static> {
    let mut style = TextStyle::from(FontDesc::new(font_family(theme.font_family), size, weight));
    style.color = color.to_backend_color();
    style
}

/// The theme's family as plotters names it. Not plotters' `From<&str>`, which lowercases the
/// name first and so brings Unicode's case tables into the page's wasm; the theme spells its
/// family exactly.
fn font_family(name: &'static str) -> FontFamily<'static> {
    match name {
        "serif" => FontFamily::Serif,
        "sans-serif" => FontFamily::SansSerif,
        "monospace" => FontFamily::Monospace,
        name => FontFamily::Name(name),
    }
}

/// A text style anchored at `h`/`v` of the text.
pub(crate) fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// The chart's outer parts once drawn: the area left for plots and where a note goes.
pub(crate) struct Frame<DB: DrawingBackend> {
    /// The area below title and legend, for the plots.
    pub body: DrawingArea<DB, Shift>,
    band: DrawingArea<DB, Shift>,
    note_x: i32,
}

impl<DB: DrawingBackend> Frame<DB> {
    /// Writes a muted note after the title, e.g. how the data was down-sampled. Separate from
    /// [`begin`] because some notes are known only once the plots are laid out.
    pub fn note(&self, theme: &Theme, note: &str) -> Result<(), ChartError> {
        let style = anchored(
            text(theme, theme.tick_size, theme.muted),
            HPos::Left,
            VPos::Center,
        );
        let at = (self.note_x, TITLE_BAND_PX / 2);
        self.band.draw(&Text::new(note.to_owned(), at, style))?;
        Ok(())
    }
}

/// Paints the background, the title band and the legend.
pub(crate) fn begin<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    legend: &[LegendEntry],
) -> Result<Frame<DB>, ChartError> {
    area.fill(&theme.background)?;
    let inner = area.margin(
        OUTER_MARGIN_PX,
        OUTER_MARGIN_PX,
        OUTER_MARGIN_PX,
        OUTER_MARGIN_PX,
    );
    let (band, rest) = inner.split_vertically(TITLE_BAND_PX);
    let title_style = anchored(
        styled(theme, theme.title_size, FontStyle::Bold, theme.foreground),
        HPos::Left,
        VPos::Center,
    );
    band.draw(&Text::new(
        title.to_owned(),
        (0, TITLE_BAND_PX / 2),
        title_style.clone(),
    ))?;
    let (title_width, _) = band.estimate_text_size(title, &title_style)?;
    let note_x = (f64::from(title_width) * BOLD_WIDTH_FACTOR) as i32 + LEGEND_ENTRY_GAP_PX;
    if legend.is_empty() {
        return Ok(Frame {
            body: rest,
            band,
            note_x,
        });
    }
    let rows = legend_rows(&rest, theme, legend)?;
    let height = LEGEND_ROW_PX * i32::try_from(rows.len()).unwrap_or(1);
    let (strip, body) = rest.split_vertically(height);
    draw_legend(&strip, theme, &rows)?;
    Ok(Frame { body, band, note_x })
}

/// Lays legend entries out left to right, wrapping to a new row when one is full.
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    legend: &[LegendEntry],
) -> Result<Vec<Vec<(i32, LegendEntry)>>, ChartError> {
    let style = text(theme, theme.tick_size, theme.foreground);
    let available = i32::try_from(area.dim_in_pixel().0).unwrap_or(i32::MAX);
    let mut rows: Vec<Vec<(i32, LegendEntry)>> = vec![Vec::new()];
    let mut x = 0;
    for entry in legend {
        let (w, _) = area.estimate_text_size(&entry.label, &style)?;
        let width = LEGEND_SWATCH_PX + LEGEND_GAP_PX + i32::try_from(w).unwrap_or(available);
        if x > 0 && x + width > available {
            rows.push(Vec::new());
            x = 0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x, entry.clone()));
        }
        x += width + LEGEND_ENTRY_GAP_PX;
    }
    Ok(rows)
}

fn draw_legend<DB: DrawingBackend>(
    strip: &DrawingArea<DB, Shift>,
    theme: &Theme,
    rows: &[Vec<(i32, LegendEntry)>],
) -> Result<(), ChartError> {
    let style = anchored(
        text(theme, theme.tick_size, theme.foreground),
        HPos::Left,
        VPos::Center,
    );
    for (r, row) in rows.iter().enumerate() {
        let y = LEGEND_ROW_PX * i32::try_from(r).unwrap_or(0) + LEGEND_ROW_PX / 2;
        for (x, entry) in row {
            draw_swatch(strip, entry.swatch, entry.color, (*x, y))?;
            let text_x = x + LEGEND_SWATCH_PX + LEGEND_GAP_PX;
            strip.draw(&Text::new(entry.label.clone(), (text_x, y), style.clone()))?;
        }
    }
    Ok(())
}

/// Draws a swatch whose left edge is at `x` and whose middle is at `y`.
fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    color: RGBColor,
    (x, y): (i32, i32),
) -> Result<(), ChartError> {
    let half = LEGEND_SWATCH_PX / 2;
    let line = color.stroke_width(CURVE_STROKE_PX);
    match swatch {
        Swatch::Dot => area.draw(&Circle::new((x + half, y), COLD_RADIUS_PX, color.filled()))?,
        Swatch::Line => area.draw(&PathElement::new(
            vec![(x, y), (x + LEGEND_SWATCH_PX, y)],
            line,
        ))?,
        Swatch::Dashed => area.draw(&DashedPathElement::new(
            vec![(x, y), (x + LEGEND_SWATCH_PX, y)],
            DASH_PX,
            DASH_GAP_PX,
            line,
        ))?,
        Swatch::Block => area.draw(&Rectangle::new(
            [
                (x, y - half / 2 - 2),
                (x + LEGEND_SWATCH_PX, y + half / 2 + 2),
            ],
            color.filled(),
        ))?,
        Swatch::Ring => area.draw(&Circle::new(
            (x + half, y),
            COLD_RADIUS_PX,
            color.stroke_width(CURVE_STROKE_PX),
        ))?,
        Swatch::Outline => area.draw(&Rectangle::new(
            [
                (x, y - half / 2 - 2),
                (x + LEGEND_SWATCH_PX, y + half / 2 + 2),
            ],
            color.stroke_width(CURVE_STROKE_PX),
        ))?,
        Swatch::Tick => area.draw(&PathElement::new(
            vec![
                (x + half, y - EVENT_TICK_PX / 2),
                (x + half, y + EVENT_TICK_PX / 2),
            ],
            line,
        ))?,
    }
    Ok(())
}

/// A whole chart in its "no data" state: title and message, no legend (nothing to explain).
pub(crate) fn empty<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    message: &str,
) -> Result<ChartGeometry, ChartError> {
    let frame = begin(area, theme, title, &[])?;
    no_data(&frame.body, theme, message)
}

/// Draws the "no data" state in `body` and returns the empty geometry that goes with it.
pub(crate) fn no_data<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    theme: &Theme,
    message: &str,
) -> Result<ChartGeometry, ChartError> {
    let (w, h) = body.dim_in_pixel();
    let centre = (
        i32::try_from(w / 2).unwrap_or(0),
        i32::try_from(h / 2).unwrap_or(0),
    );
    let style = anchored(
        text(theme, theme.label_size, theme.muted),
        HPos::Center,
        VPos::Center,
    );
    body.draw(&Text::new(message.to_owned(), centre, style))?;
    Ok(ChartGeometry::default())
}

/// Splits `body` into `n` stacked panels of equal plot height: the last one is taller by the
/// band its x axis title needs.
pub(crate) fn panels<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    n: usize,
) -> Vec<DrawingArea<DB, Shift>> {
    if n <= 1 {
        return vec![body.clone()];
    }
    let height = i32::try_from(body.dim_in_pixel().1).unwrap_or(0);
    let count = i32::try_from(n).unwrap_or(1);
    let each = ((height - X_TITLE_AREA_PX) / count).max(1);
    let breaks: Vec<i32> = (1..count).map(|i| i * each).collect();
    body.split_by_breakpoints(Vec::<i32>::new(), breaks)
}

/// Which decorations a panel gets.
pub(crate) struct PanelStyle<'s> {
    /// Caption above the plot (the variant's label), if any.
    pub caption: Option<&'s str>,
    /// Whether to title the x axis (only the bottom panel of a stack does).
    pub x_title: bool,
    /// Width of the y label area, px.
    pub y_label_px: i32,
}

/// A chart builder for one panel, with the theme's caption and label areas.
pub(crate) fn builder<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    style: &PanelStyle<'_>,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    if let Some(caption) = style.caption {
        builder.caption(caption, text(theme, theme.label_size, theme.foreground));
    }
    let x_area = X_TICK_AREA_PX + if style.x_title { X_TITLE_AREA_PX } else { 0 };
    builder
        .margin_top(PLOT_TOP_MARGIN_PX)
        .margin_right(PLOT_RIGHT_MARGIN_PX)
        .x_label_area_size(x_area)
        .y_label_area_size(style.y_label_px);
    builder
}

/// Draws grid, axes, tick labels and axis titles. A category y axis gets no ticks or grid:
/// the chart labels its rows itself.
pub(crate) fn draw_axes<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    theme: &Theme,
    x: &Axis,
    y: &Axis,
    x_title: bool,
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    draw_axes_at_most(chart, theme, x, y, x_title, (usize::MAX, usize::MAX))
}

/// [`draw_axes`] with at most `most.0` x and `most.1` y tick labels besides the pixel budget:
/// an axis of whole counts asks for no more labels than whole numbers in its range, so that
/// plotters' 1-2-5 steps never land on half an environment.
pub(crate) fn draw_axes_at_most<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    theme: &Theme,
    x: &Axis,
    y: &Axis,
    x_title: bool,
    most: (usize, usize),
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let spec = chart.as_coord_spec();
    let width = spec.get_x_axis_pixel_range().len();
    let height = spec.get_y_axis_pixel_range().len();
    let x_ticks = (width / usize::try_from(PX_PER_X_TICK).unwrap_or(1))
        .clamp(2, MAX_X_TICKS)
        .min(most.0.max(1));
    let y_ticks = (height / usize::try_from(PX_PER_Y_TICK).unwrap_or(1))
        .clamp(2, MAX_Y_TICKS)
        .min(most.1.max(1));
    let categorical = !y.categories.is_empty();
    let x_unit = x.unit;
    let y_unit = y.unit;
    let x_format = move |v: &f64| x_unit.tick(*v);
    let y_format = move |v: &f64| y_unit.tick(*v);
    let x_title_text = x.title();
    let y_title_text = y.title();
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(theme.grid)
        .light_line_style(TRANSPARENT)
        .axis_style(theme.muted)
        .label_style(text(theme, theme.tick_size, theme.foreground))
        .axis_desc_style(text(theme, theme.label_size, theme.foreground))
        .x_labels(x_ticks)
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .set_all_tick_mark_size(TICK_MARK_PX);
    if x_title {
        mesh.x_desc(x_title_text);
    }
    if categorical {
        mesh.y_labels(0).disable_y_mesh();
    } else if y.unit == Unit::TailShare {
        // A tail-scaled axis is labelled by its percentile guides, drawn by the chart.
        mesh.y_labels(0).disable_y_mesh().y_desc(y_title_text);
    } else {
        mesh.y_labels(y_ticks).y_desc(y_title_text);
    }
    mesh.draw()?;
    Ok(())
}

/// Writes a muted message in the middle of a panel's plot area (a variant without data among
/// others that have some).
pub(crate) fn plot_message<DB: DrawingBackend, X: Ranged, Y: Ranged>(
    chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    theme: &Theme,
    message: &str,
) -> Result<(), ChartError> {
    let plot = chart.plotting_area().strip_coord_spec();
    no_data(&plot, theme, message).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The family goes to the canvas and the SVG as plotters' own reading of the name would.
    #[test]
    fn font_families_as_plotters_names_them() {
        for name in ["sans-serif", "serif", "monospace", "Inter", "system-ui"] {
            assert_eq!(
                font_family(name).as_str(),
                FontFamily::from(name).as_str(),
                "{name}"
            );
        }
        assert!(matches!(
            font_family(Theme::light().font_family),
            FontFamily::SansSerif
        ));
    }
}

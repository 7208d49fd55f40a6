//! The page's plotters backend: a `<canvas>` that stays crisp on high-density screens, or an SVG
//! export, both measuring text with the browser's canvas `measureText`.
//!
//! Crispness: the chart is laid out in CSS pixels (so fonts and line widths mean the same on every
//! screen), while the canvas holds `devicePixelRatio` times as many device pixels and its context
//! scales every drawing call by that ratio.
//!
//! Text: plotters' own web font code measures text by inserting a `<span>` with an inline `style`
//! attribute, which the page's Content-Security-Policy (`style-src 'self'`) forbids, and which
//! forces a layout per label. `measureText` on a 2D context needs neither.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

#[wasm_bindgen]
extern "C" {
    /// A 2D context seen through the two setters below (web-sys' own take a JavaScript value
    /// only in a deprecated form).
    type StyleSetters;

    /// `fillStyle = value`, for a colour already made into a JavaScript string.
    #[wasm_bindgen(method, setter = fillStyle)]
    fn set_fill_style_value(this: &StyleSetters, value: &JsValue);

    /// `strokeStyle = value`, likewise.
    #[wasm_bindgen(method, setter = strokeStyle)]
    fn set_stroke_style_value(this: &StyleSetters, value: &JsValue);
}

/// Smallest size a chart is laid out at, CSS pixels: below it axes and legends overlap, so a
/// tiny canvas is scaled down by the browser instead.
pub const MIN_CSS_SIZE: (u32, u32) = (240, 160);

/// Device pixels per CSS pixel above which nothing gets sharper but memory grows.
const MAX_PIXEL_RATIO: f64 = 3.0;

/// Width of an average character in ems, for the fallback when `measureText` is unavailable.
const FALLBACK_CHAR_EM: f64 = 0.55;

/// Height of a line of text in ems, for the same fallback (the "normal" line height of common
/// sans-serif fonts).
const FALLBACK_LINE_EM: f64 = 1.15;

/// Where a page chart is drawn: the on-screen canvas or an SVG export.
///
/// One backend type for both, chosen at run time, so every chart is compiled once for the page
/// instead of once per plotters backend: the charts are most of the module's code, and a second
/// copy of each cost about a tenth of the download.
enum Surface<'a> {
    Canvas(CanvasBackend),
    Svg(SVGBackend<'a>),
}

/// A drawing failure of either surface, as text: the page shows it, nothing matches on it.
#[derive(Debug)]
pub struct SurfaceError(String);

impl std::fmt::Display for SurfaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SurfaceError {}

fn surface_error<E: std::error::Error + Send + Sync>(
    e: DrawingErrorKind<E>,
) -> DrawingErrorKind<SurfaceError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(SurfaceError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// Calls the same primitive on whichever surface is active, converting its error.
macro_rules! on_surface {
    ($self:ident, $b:ident => $call:expr) => {{
        // plotters' own drawing may set any fill or stroke style.
        $self.fill = None;
        $self.stroke = None;
        match &mut $self.surface {
            Surface::Canvas($b) => $call.map_err(surface_error),
            Surface::Svg($b) => $call.map_err(surface_error),
        }
    }};
}

/// The page's plotters backend: a canvas or an SVG document, with text measured by a canvas
/// context and, for the canvas, the CSS-pixel size of a scaled canvas.
pub struct PageBackend<'a> {
    surface: Surface<'a>,
    size: (u32, u32),
    measure: Option<CanvasRenderingContext2d>,
    /// The fill colour the canvas context holds, when this backend set it last (a filled
    /// circle's or rectangle's): the timeline draws thousands of circles in a few colours, the
    /// lanes thousands of cells, and setting the same colour again costs a string made in
    /// wasm, decoded in JavaScript and parsed as CSS.
    fill: Option<Rgba>,
    /// The stroke colour and line width the context holds, when this backend set them last
    /// (a path's: the lanes chart draws a tick per environment gone).
    stroke: Option<(Rgba, u32)>,
    /// The colours given to the context so far, as JavaScript strings: the lanes chart changes
    /// colour at nearly every cell, among a few dozen colours, and a colour made again would be
    /// a string formatted in wasm and decoded in JavaScript each time.
    colours: Vec<(Rgba, JsValue)>,
    /// Whether filled circles and rectangles and paths keep the styles the context holds (off
    /// only to compare pixels with plotters-canvas' own drawing,
    /// [`PageBackend::setting_every_fill`]).
    reuse_fill: bool,
}

/// A colour as the canvas context is given it: red, green, blue, alpha.
type Rgba = (u8, u8, u8, f64);

fn rgba(color: BackendColor) -> Rgba {
    let (r, g, b) = color.rgb;
    (r, g, b, color.alpha)
}

/// The CSS colour plotters-canvas gives the context for `color`, character for character.
fn css((r, g, b, a): Rgba) -> String {
    format!("rgba({r},{g},{b},{a})")
}

fn context_of(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .map_err(|_| "the canvas refused a 2D context".to_string())?
        .ok_or("the canvas has no 2D context")?
        .dyn_into()
        .map_err(|_| "the canvas context is not 2D".to_string())
}

/// A 2D context on a detached canvas, only for measuring text (SVG export).
fn measuring_context() -> Option<CanvasRenderingContext2d> {
    let canvas = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into::<HtmlCanvasElement>()
        .ok()?;
    context_of(&canvas).ok()
}

impl PageBackend<'static> {
    /// Sizes the canvas' backing store to its layout size × `pixel_ratio`, scales the context,
    /// and wraps it. Fails (never panics) when the element has no 2D context.
    pub fn canvas(
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<PageBackend<'static>, String> {
        let ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 {
            pixel_ratio.min(MAX_PIXEL_RATIO)
        } else {
            1.0
        };
        let css_w = (canvas.client_width().max(0) as u32).max(MIN_CSS_SIZE.0);
        let css_h = (canvas.client_height().max(0) as u32).max(MIN_CSS_SIZE.1);
        canvas.set_width((f64::from(css_w) * ratio).round() as u32);
        canvas.set_height((f64::from(css_h) * ratio).round() as u32);
        let context = context_of(&canvas)?;
        context
            .set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
            .map_err(|_| "could not scale the canvas".to_string())?;
        let inner =
            CanvasBackend::with_canvas_object(canvas).ok_or("the canvas has no 2D context")?;
        Ok(PageBackend {
            surface: Surface::Canvas(inner),
            size: (css_w, css_h),
            measure: Some(context),
            fill: None,
            stroke: None,
            colours: Vec::new(),
            reuse_fill: true,
        })
    }
}

impl PageBackend<'_> {
    /// The backend drawing every filled circle and rectangle and every path with
    /// plotters-canvas' own code, which sets the colour each time: what the page's charts must
    /// look like, pixel for pixel.
    ///
    /// Not for the page: it exists only for the browser test that compares every chart's
    /// pixels with plotters-canvas' own drawing (`tests/browser.rs`), which as an integration
    /// test can reach only the public API; hidden from the docs for that reason.
    #[doc(hidden)]
    pub fn setting_every_fill(mut self) -> Self {
        self.reuse_fill = false;
        self
    }
}

impl<'a> PageBackend<'a> {
    /// An SVG document of `size` written into `out`, measuring text on a detached canvas.
    pub fn svg(out: &'a mut String, size: (u32, u32)) -> PageBackend<'a> {
        PageBackend {
            surface: Surface::Svg(SVGBackend::with_string(out, size)),
            size,
            measure: measuring_context(),
            fill: None,
            stroke: None,
            colours: Vec::new(),
            reuse_fill: false,
        }
    }
}

/// The canvas' context, when the backend may keep the styles it holds (`measure` is the
/// canvas' own context); a function of the fields, so the caller can still update the others.
fn reusing<'c>(
    surface: &Surface<'_>,
    measure: &'c Option<CanvasRenderingContext2d>,
    reuse: bool,
) -> Option<&'c CanvasRenderingContext2d> {
    match (surface, measure) {
        (Surface::Canvas(_), Some(context)) if reuse => Some(context),
        _ => None,
    }
}

/// `color` as a JavaScript string, made once per colour (`colours` keeps them).
fn colour_value(colours: &mut Vec<(Rgba, JsValue)>, color: Rgba) -> &JsValue {
    let at = match colours.iter().position(|(c, _)| *c == color) {
        Some(at) => at,
        None => {
            colours.push((color, JsValue::from_str(&css(color))));
            colours.len() - 1
        }
    };
    &colours[at].1
}

/// Gives `context` the stroke colour and line width `stroke`, unless it holds them (`held`, set
/// by the backend), as [`set_fill`] does the fill.
fn set_stroke(
    held: &mut Option<(Rgba, u32)>,
    colours: &mut Vec<(Rgba, JsValue)>,
    context: &CanvasRenderingContext2d,
    stroke: (Rgba, u32),
) {
    if *held != Some(stroke) {
        (context.unchecked_ref::<StyleSetters>())
            .set_stroke_style_value(colour_value(colours, stroke.0));
        context.set_line_width(f64::from(stroke.1));
        *held = Some(stroke);
    }
}

/// Gives `context` the fill colour `color`, unless it holds it (`held`, set by the backend).
fn set_fill(
    held: &mut Option<Rgba>,
    colours: &mut Vec<(Rgba, JsValue)>,
    context: &CanvasRenderingContext2d,
    color: Rgba,
) {
    if *held != Some(color) {
        (context.unchecked_ref::<StyleSetters>())
            .set_fill_style_value(colour_value(colours, color));
        *held = Some(color);
    }
}

impl DrawingBackend for PageBackend<'_> {
    type ErrorType = SurfaceError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    // Before every element plotters prepares the backend: neither surface draws then, so the
    // fill colour the context holds stays known.
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<SurfaceError>> {
        match &mut self.surface {
            Surface::Canvas(b) => b.ensure_prepared().map_err(surface_error),
            Surface::Svg(b) => b.ensure_prepared().map_err(surface_error),
        }
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<SurfaceError>> {
        on_surface!(self, b => b.present())
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<SurfaceError>> {
        on_surface!(self, b => b.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<SurfaceError>> {
        on_surface!(self, b => b.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<SurfaceError>> {
        let color = rgba(style.color());
        let context = match reusing(&self.surface, &self.measure, self.reuse_fill) {
            // plotters-canvas' filled rectangle, the same calls, without setting the fill
            // colour the context already holds.
            Some(context) if fill && color.3 != 0.0 => context,
            _ => return on_surface!(self, b => b.draw_rect(upper_left, bottom_right, style, fill)),
        };
        set_fill(&mut self.fill, &mut self.colours, context, color);
        context.fill_rect(
            f64::from(upper_left.0),
            f64::from(upper_left.1),
            f64::from(bottom_right.0 - upper_left.0),
            f64::from(bottom_right.1 - upper_left.1),
        );
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<SurfaceError>> {
        let color = rgba(style.color());
        let context = match reusing(&self.surface, &self.measure, self.reuse_fill) {
            // plotters-canvas' path, the same calls, without setting the stroke colour and
            // width the context already holds.
            Some(context) if color.3 != 0.0 => context,
            _ => return on_surface!(self, b => b.draw_path(path, style)),
        };
        let mut path = path.into_iter();
        context.begin_path();
        if let Some(start) = path.next() {
            let stroke = (color, style.stroke_width());
            set_stroke(&mut self.stroke, &mut self.colours, context, stroke);
            context.move_to(f64::from(start.0), f64::from(start.1));
            for next in path {
                context.line_to(f64::from(next.0), f64::from(next.1));
            }
        }
        context.stroke();
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<SurfaceError>> {
        let color = rgba(style.color());
        let context = match reusing(&self.surface, &self.measure, self.reuse_fill) {
            // plotters-canvas' filled circle, the same calls, without setting the fill colour
            // the context already holds.
            Some(context) if fill && color.3 != 0.0 => context,
            _ => return on_surface!(self, b => b.draw_circle(center, radius, style, fill)),
        };
        set_fill(&mut self.fill, &mut self.colours, context, color);
        context.begin_path();
        context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::PI * 2.0,
            )
            .map_err(|e| {
                let why = e.as_string().unwrap_or_else(|| "arc refused".to_string());
                DrawingErrorKind::DrawingError(SurfaceError(why))
            })?;
        context.fill();
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<SurfaceError>> {
        on_surface!(self, b => b.fill_polygon(vert, style))
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<SurfaceError>> {
        on_surface!(self, b => b.draw_text(text, style, pos))
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<SurfaceError>> {
        let size = style.size();
        if let Some(ctx) = &self.measure {
            // The same font string plotters-canvas draws with.
            ctx.set_font(&format!(
                "{} {}px {}",
                style.style().as_str(),
                size,
                style.family().as_str()
            ));
            if let Ok(m) = ctx.measure_text(text) {
                let height = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
                let height = if height > 0.0 {
                    height
                } else {
                    size * FALLBACK_LINE_EM
                };
                return Ok((m.width().ceil() as u32, height.ceil() as u32));
            }
        }
        let width = text.chars().count() as f64 * size * FALLBACK_CHAR_EM;
        Ok((width.ceil() as u32, (size * FALLBACK_LINE_EM).ceil() as u32))
    }
}

#[cfg(test)]
mod tests {
    use coldstart_charts::Theme;
    use plotters_backend::FontStyle;

    /// web/app.js measures the charts' fonts while the module downloads (`CHART_FONTS`), so the
    /// first chart's text finds them resolved; a font it does not list is resolved on the first
    /// chart's path again, which nothing else would notice. Its list must be the font strings
    /// [`PageBackend::estimate_text_size`] and plotters-canvas set for the theme's three sizes.
    #[test]
    fn the_page_warms_up_the_themes_fonts() {
        let app = include_str!("../../../web/app.js");
        let line = app
            .lines()
            .find(|l| l.starts_with("const CHART_FONTS = ["))
            .expect("web/app.js: no CHART_FONTS line");
        let listed: Vec<&str> = line.split('\'').skip(1).step_by(2).collect();
        for theme in [Theme::light(), Theme::dark()] {
            let font = |style: FontStyle, size: f64| {
                format!("{} {}px {}", style.as_str(), size, theme.font_family)
            };
            let mut expected = vec![
                font(FontStyle::Normal, theme.tick_size),
                font(FontStyle::Normal, theme.label_size),
                font(FontStyle::Bold, theme.title_size),
            ];
            expected.dedup();
            assert_eq!(listed, expected, "web/app.js's CHART_FONTS");
        }
    }
}

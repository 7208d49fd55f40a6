//! plotters backends for the page: a `<canvas>` that stays crisp on high-density screens, and
//! SVG export, both measuring text with the browser's canvas `measureText`.
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
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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

/// Any plotters backend, with text measured by a canvas context and, optionally, a reported size
/// that differs from the backend's own (CSS pixels of a scaled canvas).
pub struct PageBackend<B: DrawingBackend> {
    inner: B,
    size: (u32, u32),
    measure: Option<CanvasRenderingContext2d>,
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

impl PageBackend<CanvasBackend> {
    /// Sizes the canvas' backing store to its layout size × `pixel_ratio`, scales the context,
    /// and wraps it. Fails (never panics) when the element has no 2D context.
    pub fn canvas(
        canvas: HtmlCanvasElement,
        pixel_ratio: f64,
    ) -> Result<PageBackend<CanvasBackend>, String> {
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
            inner,
            size: (css_w, css_h),
            measure: Some(context),
        })
    }
}

impl<B: DrawingBackend> PageBackend<B> {
    /// Wraps a backend of its own size (SVG), measuring text on a detached canvas.
    pub fn measured(inner: B) -> PageBackend<B> {
        PageBackend {
            size: inner.get_size(),
            inner,
            measure: measuring_context(),
        }
    }
}

impl<B: DrawingBackend> DrawingBackend for PageBackend<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
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

//! A plotters backend for a `<canvas>` that stays crisp on high-density screens.
//!
//! The chart is laid out in CSS pixels (so fonts and line widths mean the same on every screen),
//! while the canvas holds `devicePixelRatio` times as many device pixels and its context scales
//! every drawing call by that ratio. plotters-canvas does the drawing; this only reports the CSS
//! size to plotters and sets the scale first.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// plotters-canvas does not export its error type by name.
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

/// Smallest size a chart is laid out at, CSS pixels: below it axes and legends overlap, so a
/// tiny canvas is scaled down by the browser instead.
pub const MIN_CSS_SIZE: (u32, u32) = (240, 160);

/// Device pixels per CSS pixel above which nothing gets sharper but memory grows.
const MAX_PIXEL_RATIO: f64 = 3.0;

/// A canvas prepared for one drawing at its current on-screen size.
pub struct HiDpiCanvas {
    inner: CanvasBackend,
    css_size: (u32, u32),
}

impl HiDpiCanvas {
    /// Sizes the canvas' backing store to its layout size × `pixel_ratio`, scales the context,
    /// and wraps it. Fails (never panics) when the element has no 2D context.
    pub fn new(canvas: HtmlCanvasElement, pixel_ratio: f64) -> Result<HiDpiCanvas, String> {
        let ratio = if pixel_ratio.is_finite() && pixel_ratio > 0.0 {
            pixel_ratio.min(MAX_PIXEL_RATIO)
        } else {
            1.0
        };
        let css_w = (canvas.client_width().max(0) as u32).max(MIN_CSS_SIZE.0);
        let css_h = (canvas.client_height().max(0) as u32).max(MIN_CSS_SIZE.1);
        canvas.set_width((f64::from(css_w) * ratio).round() as u32);
        canvas.set_height((f64::from(css_h) * ratio).round() as u32);
        let context: CanvasRenderingContext2d = canvas
            .get_context("2d")
            .map_err(|_| "the canvas refused a 2D context".to_string())?
            .ok_or("the canvas has no 2D context")?
            .dyn_into()
            .map_err(|_| "the canvas context is not 2D".to_string())?;
        context
            .set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
            .map_err(|_| "could not scale the canvas".to_string())?;
        let inner =
            CanvasBackend::with_canvas_object(canvas).ok_or("the canvas has no 2D context")?;
        Ok(HiDpiCanvas {
            inner,
            css_size: (css_w, css_h),
        })
    }
}

impl DrawingBackend for HiDpiCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.css_size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.inner.estimate_text_size(text, style)
    }
}

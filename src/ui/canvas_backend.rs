//! plotters' canvas backend with text measured by the canvas itself.
//!
//! plotters measures text in the browser by appending a `<span>` to the page and reading its
//! `offsetHeight`, which forces a layout of the whole page for every tick label: about 60 ms of
//! a frame once the lab's panels are all on screen. Canvas `measureText` gives the same box
//! without touching the page's layout.
//!
//! The chart is laid out in CSS pixels (the canvas's box) and drawn at the screen's density:
//! the backing store is sized and the context scaled here, so chart code never sees device
//! pixels.
//!
//! Filled circles of one colour in a row (a scatter plot draws its points class by class) go
//! into one path with one `fill`, instead of a path and a fill per point, and are drawn as
//! squares of the same size: rasterising 2,000 arcs in software cost a frame 15-40 ms, the
//! squares a third of that, and at 4 px a dot's shape barely shows. Everything else is
//! `CanvasBackend`'s own drawing.

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct Canvas2d {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    /// The colour of the circles in the open path, not yet filled.
    batch: Option<((u8, u8, u8), f64)>,
    /// The chart's size in CSS pixels.
    size: (u32, u32),
}

impl Canvas2d {
    /// A backend drawing `size` CSS pixels at `ratio` device pixels each.
    pub fn new(canvas: &HtmlCanvasElement, size: (u32, u32), ratio: f64) -> Option<Canvas2d> {
        let context = super::draw::context_2d(canvas)?;
        let backing = (
            (f64::from(size.0) * ratio).round() as u32,
            (f64::from(size.1) * ratio).round() as u32,
        );
        // Resizing clears the canvas (and resets the context): only when the box changed.
        if (canvas.width(), canvas.height()) != backing {
            canvas.set_width(backing.0);
            canvas.set_height(backing.1);
        }
        let scale = f64::from(backing.0) / f64::from(size.0.max(1));
        context
            .set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
            .ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas.clone())?;
        Some(Canvas2d {
            inner,
            context,
            batch: None,
            size,
        })
    }

    /// Fill the open path of batched circles, before anything else is drawn over them.
    fn flush(&mut self) {
        if self.batch.take().is_some() {
            self.context.fill();
        }
    }
}

impl Drop for Canvas2d {
    fn drop(&mut self) {
        self.flush();
    }
}

type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
type Failed = DrawingErrorKind<CanvasError>;

impl DrawingBackend for Canvas2d {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), Failed> {
        self.flush();
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Failed> {
        self.flush();
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failed> {
        self.flush();
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failed> {
        self.flush();
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed> {
        self.flush();
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failed> {
        self.flush();
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed> {
        let colour = style.color();
        if !fill || colour.alpha == 0.0 {
            self.flush();
            return self.inner.draw_circle(center, radius, style, fill);
        }
        let key = (colour.rgb, colour.alpha);
        if self.batch != Some(key) {
            self.flush();
            let (r, g, b) = colour.rgb;
            let css = format!("rgba({r},{g},{b},{})", colour.alpha);
            self.context.set_fill_style_str(&css);
            self.context.begin_path();
            self.batch = Some(key);
        }
        let (x, y, r) = (f64::from(center.0), f64::from(center.1), f64::from(radius));
        self.context.rect(x - r, y - r, 2.0 * r, 2.0 * r);
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failed> {
        self.flush();
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failed> {
        self.flush();
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Failed> {
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        self.context.set_font(&font);
        let width = self
            .context
            .measure_text(text)
            .map_or(0.0, |m| m.width())
            .ceil();
        // The em box, as the span that plotters measures would be tall.
        Ok((width as u32, style.size().ceil() as u32))
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Failed> {
        self.flush();
        self.inner.blit_bitmap(pos, size, src)
    }
}

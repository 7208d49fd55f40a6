//! What a drawn chart needs to answer "what is under the pointer?": per panel, the plot area in
//! backend pixels and the data range and scale of each axis.
//!
//! The mapping repeats plotters' own (`Cartesian2d` over `RangedCoordf64` or `LogCoord<f64>`):
//! the plot area's first pixel column is the range's start and its last column the range's
//! end; the y axis runs from the bottom row up. The geometry is plain data, so the page can
//! keep it after the drawing area is gone, and the tests check it against plotters' mapping.

use crate::units::Unit;
use coldstart_core::rank::{self, Key};
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::Ranged;

/// Linear or logarithmic axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Equal distances are equal differences.
    Linear,
    /// Equal distances are equal ratios (decades).
    Log,
}

/// One axis of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Name of the quantity in read-outs, e.g. "t" or "latency".
    pub quantity: &'static str,
    /// Unit of `min`, `max` and of the values `pixel_to_data` returns.
    pub unit: Unit,
    /// Linear or log.
    pub scale: Scale,
    /// Value at the start of the axis (left or bottom).
    pub min: f64,
    /// Value at the end of the axis (right or top).
    pub max: f64,
    /// For a category axis: the name of row `i`, which spans values `i..i + 1`.
    pub categories: Vec<String>,
}

impl Axis {
    /// A numeric axis.
    pub fn numeric(quantity: &'static str, unit: Unit, scale: Scale, range: (f64, f64)) -> Self {
        Axis {
            quantity,
            unit,
            scale,
            min: range.0,
            max: range.1,
            categories: Vec::new(),
        }
    }

    /// The axis title: "latency (ms)", or just the quantity when there is no unit symbol.
    pub fn title(&self) -> String {
        // A count names itself ("environments"), a category has no unit.
        match self.unit.symbol() {
            "" => self.quantity.to_owned(),
            symbol if symbol == self.quantity => self.quantity.to_owned(),
            symbol => format!("{} ({symbol})", self.quantity),
        }
    }

    /// Where on the axis `value` lies, from 0 (start) to 1 (end), in the axis's scale.
    fn fraction_of(&self, value: f64) -> f64 {
        match self.scale {
            Scale::Linear => (value - self.min) / (self.max - self.min),
            Scale::Log => (value.ln() - self.min.ln()) / (self.max.ln() - self.min.ln()),
        }
    }

    /// The value at `fraction` of the way along the axis.
    fn value_at(&self, fraction: f64) -> f64 {
        match self.scale {
            Scale::Linear => self.min + fraction * (self.max - self.min),
            Scale::Log => (self.min.ln() + fraction * (self.max.ln() - self.min.ln())).exp(),
        }
    }

    /// The pixel of `value` between the pixels of the axis's start and end, rounded towards
    /// the start as plotters rounds (down the x axis, up the y axis, which runs bottom to top).
    fn to_pixel(&self, value: f64, (start, end): (i32, i32)) -> i32 {
        let offset = f64::from(end - start) * self.fraction_of(value);
        let rounded = if end > start {
            (offset + 1e-3).floor()
        } else {
            (offset - 1e-3).ceil()
        };
        start + rounded as i32
    }

    /// The value at `pixel`; `None` outside the axis or when the axis has no extent.
    fn value_at_pixel(&self, pixel: i32, (start, end): (i32, i32)) -> Option<f64> {
        if pixel < start.min(end) || pixel > start.max(end) || start == end {
            return None;
        }
        Some(self.value_at(f64::from(pixel - start) / f64::from(end - start)))
    }

    /// "latency = 245 ms", or the category's name.
    fn describe(&self, value: f64) -> String {
        if self.unit == Unit::Category {
            let row = value.floor();
            if row >= 0.0
                && let Some(name) = self.categories.get(row as usize)
            {
                return name.clone();
            }
            return String::new();
        }
        format!("{} = {}", self.quantity, self.unit.format(value))
    }
}

/// A rectangle of backend pixels, bounds inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    /// First column.
    pub left: i32,
    /// First row.
    pub top: i32,
    /// Last column.
    pub right: i32,
    /// Last row.
    pub bottom: i32,
}

impl PixelRect {
    /// Whether the pixel lies inside.
    pub fn contains(&self, x: i32, y: i32) -> bool {
        (self.left..=self.right).contains(&x) && (self.top..=self.bottom).contains(&y)
    }

    /// Number of pixel columns.
    pub fn width(&self) -> i32 {
        self.right - self.left + 1
    }
}

/// One plot area with its axes: a whole chart, or one of its small multiples.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// The variant shown, or empty when the panel shows all of them.
    pub label: String,
    /// The plot area in backend pixels (canvas pixels, not CSS pixels).
    pub plot: PixelRect,
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
}

impl Panel {
    /// A panel whose plot area is the one plotters laid out for `coords`.
    pub(crate) fn from_coords<X: Ranged, Y: Ranged>(
        label: &str,
        coords: &Cartesian2d<X, Y>,
        x: Axis,
        y: Axis,
    ) -> Self {
        let columns = coords.get_x_axis_pixel_range();
        let rows = coords.get_y_axis_pixel_range();
        Panel {
            label: label.to_owned(),
            plot: PixelRect {
                left: columns.start,
                top: rows.start,
                right: columns.end,
                bottom: rows.end,
            },
            x,
            y,
        }
    }

    /// The data under a pixel, in the axes' units; `None` outside the plot area.
    pub fn pixel_to_data(&self, x: i32, y: i32) -> Option<(f64, f64)> {
        if !self.plot.contains(x, y) {
            return None;
        }
        Some((
            self.x
                .value_at_pixel(x, (self.plot.left, self.plot.right))?,
            self.y
                .value_at_pixel(y, (self.plot.bottom, self.plot.top))?,
        ))
    }

    /// The pixel of a data point, rounded as plotters rounds (may lie outside the plot area).
    pub fn data_to_pixel(&self, x: f64, y: f64) -> (i32, i32) {
        (
            self.x.to_pixel(x, (self.plot.left, self.plot.right)),
            self.y.to_pixel(y, (self.plot.bottom, self.plot.top)),
        )
    }

    /// A read-out for a pixel, e.g. "zip: t = 12.3 s, latency = 245 ms".
    pub fn describe(&self, x: i32, y: i32) -> Option<String> {
        let (dx, dy) = self.pixel_to_data(x, y)?;
        let parts: Vec<String> = [self.y.describe(dy), self.x.describe(dx)]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect();
        // A category axis names the row first ("zip · p99: code fetch = 120 ms" reads better
        // than the reverse); numeric charts read x first, like "t = …, latency = …".
        let body = if self.y.unit == Unit::Category {
            parts.join(": ")
        } else {
            parts.into_iter().rev().collect::<Vec<_>>().join(", ")
        };
        Some(if self.label.is_empty() {
            body
        } else {
            format!("{}: {body}", self.label)
        })
    }
}

/// A drawn data item a read-out can name: a bar segment, a percentile marker, a curve point.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Where it was drawn, backend pixels (a point's is its marker's box).
    pub area: PixelRect,
    /// What it is, with its value and unit: "zip · p99 (n = 412): init = 812 ms of 1,203 ms".
    pub text: String,
}

impl Item {
    /// An item drawn at a point, as a marker of `radius` pixels.
    pub fn point((x, y): (i32, i32), radius: i32, text: String) -> Item {
        Item {
            area: PixelRect {
                left: x - radius,
                top: y - radius,
                right: x + radius,
                bottom: y + radius,
            },
            text,
        }
    }

    fn centre(&self) -> (i32, i32) {
        (
            (self.area.left + self.area.right) / 2,
            (self.area.top + self.area.bottom) / 2,
        )
    }

    fn size(&self) -> i64 {
        i64::from(self.area.width()) * i64::from(self.area.bottom - self.area.top + 1)
    }
}

/// A move of the keyboard focus among a chart's data items, in reading order: panel by panel
/// (top to bottom), and within a panel left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The next item in reading order (the one to the right, or the next panel's first).
    Next,
    /// The previous item in reading order.
    Previous,
    /// The nearest item drawn above the current one (the panel above, the row above).
    Up,
    /// The nearest item drawn below the current one.
    Down,
    /// The first item.
    First,
    /// The last item.
    Last,
}

/// Where a drawn chart put its data: one panel per plot area, and the data items it drew.
/// Empty when the chart drew its "no data" state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartGeometry {
    /// Plot areas, top to bottom.
    pub panels: Vec<Panel>,
    /// Data items, for read-outs that name what is under the pointer rather than where it is.
    pub items: Vec<Item>,
}

impl ChartGeometry {
    /// The panel under a pixel.
    pub fn panel_at(&self, x: i32, y: i32) -> Option<&Panel> {
        self.panels.iter().find(|panel| panel.plot.contains(x, y))
    }

    /// The data under a pixel (backend pixels: on a canvas, CSS pixels times the device pixel
    /// ratio the canvas was sized with), in the units of the panel's axes.
    pub fn pixel_to_data(&self, x: i32, y: i32) -> Option<(f64, f64)> {
        self.panel_at(x, y)?.pixel_to_data(x, y)
    }

    /// The data item under a pixel: the smallest one whose area holds it (a marker wins over
    /// the bar behind it), else the nearest one within [`crate::layout::HOVER_SNAP_PX`].
    pub fn item_at(&self, x: i32, y: i32) -> Option<&Item> {
        self.items.get(self.item_index_at(x, y)?)
    }

    /// The index in [`ChartGeometry::items`] of [`ChartGeometry::item_at`]'s item: where a
    /// tap puts the keyboard focus.
    pub fn item_index_at(&self, x: i32, y: i32) -> Option<usize> {
        let holding = (self.items.iter().enumerate())
            .filter(|(_, i)| i.area.contains(x, y))
            .min_by_key(|(_, i)| i.size())
            .map(|(n, _)| n);
        holding.or_else(|| {
            let snap = i64::from(crate::layout::HOVER_SNAP_PX);
            (self.items.iter().enumerate())
                .map(|(n, i)| {
                    let (cx, cy) = i.centre();
                    let (dx, dy) = (i64::from(cx - x), i64::from(cy - y));
                    (dx * dx + dy * dy, n)
                })
                .filter(|(d2, _)| *d2 <= snap * snap)
                .min_by_key(|(d2, _)| *d2)
                .map(|(_, n)| n)
        })
    }

    /// The item indices in reading order: by panel (an item above a panel's plot area, such as
    /// the timeline's rate strip, goes with that panel), then left to right, then top down.
    fn reading_order(&self) -> Vec<usize> {
        let panel_of = |cy: i32| self.panels.iter().filter(|p| p.plot.bottom < cy).count();
        // `[y, x, panel]` per item, sorted by the least significant first: each stable pass
        // keeps the previous passes' order among its ties, so the items end by panel, then x,
        // then y, then index, through `rank`'s one sort routine.
        let keys: Vec<[i64; 3]> = (self.items.iter())
            .map(|i| {
                let (cx, cy) = i.centre();
                [i64::from(cy), i64::from(cx), panel_of(cy) as i64]
            })
            .collect();
        let mut order: Vec<usize> = (0..keys.len()).collect();
        for pass in [0, 1, 2] {
            rank::by_key(&mut order, |&n| Key::ascending_i64(keys[n][pass]));
        }
        order
    }

    /// Where the keyboard focus goes from item `from` (an index into
    /// [`ChartGeometry::items`]; `None` when no item has it yet) on `step`. Without a current
    /// item every step but [`Step::Last`] and [`Step::Previous`] starts at the first item. At
    /// either end, and with no item above or below, the focus stays. `None` without items.
    pub fn step(&self, from: Option<usize>, step: Step) -> Option<usize> {
        let order = self.reading_order();
        let (first, last) = (*order.first()?, *order.last()?);
        let Some(current) = from.filter(|n| *n < self.items.len()) else {
            return Some(match step {
                Step::Last | Step::Previous => last,
                _ => first,
            });
        };
        let at = order.iter().position(|n| *n == current).unwrap_or(0);
        Some(match step {
            Step::First => first,
            Step::Last => last,
            Step::Next => order.get(at + 1).copied().unwrap_or(current),
            Step::Previous => at.checked_sub(1).map_or(current, |i| order[i]),
            Step::Up | Step::Down => {
                let (cx, cy) = self.items[current].centre();
                // The nearest item whose centre is strictly above (below), horizontal distance
                // weighing as much as vertical.
                (self.items.iter().enumerate())
                    .filter(|(_, i)| {
                        let y = i.centre().1;
                        if step == Step::Up { y < cy } else { y > cy }
                    })
                    .min_by_key(|(_, i)| {
                        let (x, y) = i.centre();
                        let (dx, dy) = (i64::from(x - cx), i64::from(y - cy));
                        dx * dx + dy * dy
                    })
                    .map_or(current, |(n, _)| n)
            }
        })
    }

    /// A human read-out for a pixel: the data item under it (see [`ChartGeometry::item_at`]),
    /// else the axes' values there, e.g. "t = 12.3 s, latency = 245 ms".
    pub fn describe(&self, x: i32, y: i32) -> Option<String> {
        if let Some(item) = self.item_at(x, y) {
            return Some(item.text.clone());
        }
        self.panel_at(x, y)?.describe(x, y)
    }

    /// Whether the chart drew no plot area (the "no data" state).
    pub fn is_empty(&self) -> bool {
        self.panels.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    /// Draws an empty chart with the given axes and checks, for points spread over both axes,
    /// that mapping a point with plotters and back with the geometry lands within one pixel.
    fn check_round_trip(log_x: bool, log_y: bool) {
        let x_axis = if log_x {
            Axis::numeric("size", Unit::Megabytes, Scale::Log, (1.0, 10_240.0))
        } else {
            Axis::numeric("t", Unit::Seconds, Scale::Linear, (0.0, 600.0))
        };
        let y_axis = if log_y {
            Axis::numeric("latency", Unit::Milliseconds, Scale::Log, (0.1, 100_000.0))
        } else {
            Axis::numeric("share", Unit::Fraction, Scale::Linear, (0.0, 1.0))
        };
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
        let builder = || {
            let mut b = ChartBuilder::on(&area);
            b.margin(17).x_label_area_size(31).y_label_area_size(53);
            b
        };
        let xs = (0..=40).map(|i| x_axis.value_at(f64::from(i) / 40.0));
        let ys: Vec<f64> = (0..=40)
            .map(|i| y_axis.value_at(f64::from(i) / 40.0))
            .collect();
        let points: Vec<(f64, f64)> = xs.flat_map(|x| ys.iter().map(move |y| (x, *y))).collect();
        // One concrete plotters chart per scale combination; the closure body is shared.
        macro_rules! check_with {
            ($xr:expr, $yr:expr) => {{
                let chart = builder().build_cartesian_2d($xr, $yr).unwrap();
                let panel =
                    Panel::from_coords("", chart.as_coord_spec(), x_axis.clone(), y_axis.clone());
                for (x, y) in &points {
                    let (px, py) = chart.backend_coord(&(*x, *y));
                    assert_eq!(
                        panel.data_to_pixel(*x, *y),
                        (px, py),
                        "forward map of ({x}, {y})"
                    );
                    let (bx, by) = panel
                        .pixel_to_data(px, py)
                        .unwrap_or_else(|| panic!("pixel ({px}, {py}) of ({x}, {y}) is outside"));
                    let (qx, qy) = chart.backend_coord(&(bx, by));
                    assert!(
                        (qx - px).abs() <= 1 && (qy - py).abs() <= 1,
                        "({x}, {y}) → ({px}, {py}) → ({bx}, {by}) → ({qx}, {qy})"
                    );
                }
            }};
        }
        let (x0, x1, y0, y1) = (x_axis.min, x_axis.max, y_axis.min, y_axis.max);
        match (log_x, log_y) {
            (false, false) => check_with!(x0..x1, y0..y1),
            (false, true) => check_with!(x0..x1, (y0..y1).log_scale()),
            (true, false) => check_with!((x0..x1).log_scale(), y0..y1),
            (true, true) => check_with!((x0..x1).log_scale(), (y0..y1).log_scale()),
        }
    }

    #[test]
    fn pixel_to_data_inverts_plotters_on_linear_axes() {
        check_round_trip(false, false);
    }

    #[test]
    fn pixel_to_data_inverts_plotters_on_log_axes() {
        check_round_trip(true, true);
        check_round_trip(false, true);
        check_round_trip(true, false);
    }

    #[test]
    fn outside_the_plot_area_there_is_no_data() {
        let panel = Panel {
            label: "zip".into(),
            plot: PixelRect {
                left: 50,
                top: 10,
                right: 149,
                bottom: 109,
            },
            x: Axis::numeric("t", Unit::Seconds, Scale::Linear, (0.0, 100.0)),
            y: Axis::numeric("latency", Unit::Milliseconds, Scale::Log, (1.0, 1_000.0)),
        };
        assert_eq!(panel.pixel_to_data(49, 50), None);
        assert_eq!(panel.pixel_to_data(100, 110), None);
        let (t, ms) = panel.pixel_to_data(149, 10).unwrap();
        assert!((t - 100.0).abs() < 1e-9 && (ms - 1_000.0).abs() < 1e-6);
        assert_eq!(
            panel.describe(50, 109).unwrap(),
            "zip: t = 0 s, latency = 1.00 ms"
        );
        let geometry = ChartGeometry {
            items: Vec::new(),
            panels: vec![panel],
        };
        assert!(geometry.describe(0, 0).is_none());
        assert!(
            geometry
                .describe(100, 60)
                .unwrap()
                .starts_with("zip: t = 50")
        );
    }

    #[test]
    fn category_axes_name_the_row() {
        let mut y = Axis::numeric("", Unit::Category, Scale::Linear, (0.0, 2.0));
        y.categories = vec!["zip · p99".into(), "zip · median".into()];
        let panel = Panel {
            label: String::new(),
            plot: PixelRect {
                left: 0,
                top: 0,
                right: 100,
                bottom: 99,
            },
            x: Axis::numeric(
                "cold start",
                Unit::Milliseconds,
                Scale::Linear,
                (0.0, 1_000.0),
            ),
            y,
        };
        assert_eq!(
            panel.describe(50, 90).unwrap(),
            "zip · p99: cold start = 500 ms"
        );
        assert_eq!(
            panel.describe(50, 10).unwrap(),
            "zip · median: cold start = 500 ms"
        );
    }

    #[test]
    fn hover_names_the_item_under_or_nearest_the_pointer() {
        let bar = Item {
            area: PixelRect {
                left: 10,
                top: 10,
                right: 110,
                bottom: 30,
            },
            text: "bar".into(),
        };
        let marker = Item::point((60, 20), 4, "marker".into());
        let far = Item::point((300, 300), 4, "far".into());
        let geometry = ChartGeometry {
            panels: Vec::new(),
            items: vec![bar, marker, far],
        };
        let named = |x, y| geometry.item_at(x, y).map(|i| i.text.as_str());
        assert_eq!(named(20, 20), Some("bar"), "inside the bar");
        assert_eq!(
            named(61, 21),
            Some("marker"),
            "the marker drawn over the bar wins"
        );
        let snap = crate::layout::HOVER_SNAP_PX;
        assert_eq!(
            named(300 + 4 + snap / 2, 300),
            Some("far"),
            "snaps from nearby"
        );
        assert_eq!(named(300 + 4 + snap * 2, 300), None, "nothing near");
        assert_eq!(geometry.describe(20, 20).as_deref(), Some("bar"));
        assert_eq!(geometry.item_index_at(61, 21), Some(1));
    }

    /// The keyboard walks the items in reading order — panel by panel, left to right — and
    /// up or down to the nearest item drawn above or below; at the ends the focus stays.
    #[test]
    fn keyboard_steps_walk_the_items_in_reading_order() {
        let panel = |top, bottom| Panel {
            label: String::new(),
            plot: PixelRect {
                left: 0,
                top,
                right: 200,
                bottom,
            },
            x: Axis::numeric("t", Unit::Seconds, Scale::Linear, (0.0, 1.0)),
            y: Axis::numeric("n", Unit::Environments, Scale::Linear, (0.0, 1.0)),
        };
        // Drawn out of order on purpose: lower panel first, right before left.
        let items = vec![
            Item::point((150, 150), 2, "lower right".into()),
            Item::point((50, 150), 2, "lower left".into()),
            Item::point((150, 50), 2, "upper right".into()),
            Item::point((50, 50), 2, "upper left".into()),
            // A strip item above the lower panel's plot area belongs to the lower panel.
            Item::point((100, 105), 2, "lower strip".into()),
        ];
        let geometry = ChartGeometry {
            panels: vec![panel(10, 90), panel(110, 190)],
            items,
        };
        let name = |n: Option<usize>| n.map(|n| geometry.items[n].text.as_str());
        let walk: Vec<&str> = std::iter::successors(geometry.step(None, Step::Next), |n| {
            let next = geometry.step(Some(*n), Step::Next)?;
            (next != *n).then_some(next)
        })
        .map(|n| geometry.items[n].text.as_str())
        .collect();
        assert_eq!(
            walk,
            [
                "upper left",
                "upper right",
                "lower left",
                "lower strip",
                "lower right"
            ]
        );
        assert_eq!(name(geometry.step(None, Step::Last)), Some("lower right"));
        assert_eq!(
            name(geometry.step(Some(3), Step::Previous)),
            Some("upper left"),
            "stays"
        );
        assert_eq!(
            name(geometry.step(Some(3), Step::Down)),
            Some("lower strip")
        );
        assert_eq!(name(geometry.step(Some(0), Step::Up)), Some("lower strip"));
        assert_eq!(
            name(geometry.step(Some(2), Step::Up)),
            Some("upper right"),
            "none above"
        );
        assert_eq!(
            name(geometry.step(Some(0), Step::First)),
            Some("upper left")
        );
        assert_eq!(ChartGeometry::default().step(None, Step::Next), None);
    }
}

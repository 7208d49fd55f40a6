//! Reading a chart without a mouse: the keyboard moves a focus from data item to data item
//! (arrow keys, Home, End), a tap on a touch screen puts it on the item under the finger, and
//! each move gives the item's read-out for the card's live region. Plain Rust over the charts'
//! geometry, so native tests drive it; the page only forwards the key names and tap positions
//! and places the focus ring where [`Focused::area`] says.

use coldstart_charts::geometry::{PixelRect, Step};
use coldstart_charts::{ChartGeometry, ChartKind};

/// What a keyboard or touch user has reached in a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Focused {
    /// The read-out, as the pointer's hover would give it.
    pub text: String,
    /// Where the item was drawn, CSS pixels of the canvas; `None` for a tap between items
    /// (the read-out then gives the axes' values there).
    pub area: Option<PixelRect>,
}

/// The move a key makes, by the DOM's `KeyboardEvent.key` name; `None` for any other key, which
/// the page then leaves to the browser (Tab, scrolling).
pub fn step_for_key(key: &str) -> Option<Step> {
    Some(match key {
        "ArrowRight" => Step::Next,
        "ArrowLeft" => Step::Previous,
        "ArrowUp" => Step::Up,
        "ArrowDown" => Step::Down,
        "Home" => Step::First,
        "End" => Step::Last,
        _ => return None,
    })
}

/// Read-out of a chart with nothing to move between.
const NO_ITEMS: &str = "This chart has no data items to step through; its summary is in the table.";

/// The geometry of each drawn chart and the item the focus is on.
#[derive(Debug, Default)]
pub struct ChartItems {
    charts: Vec<(ChartKind, ChartGeometry, Option<usize>)>,
}

impl ChartItems {
    /// Keeps a chart's new geometry; its items changed, so the focus starts over.
    pub fn set(&mut self, kind: ChartKind, geometry: ChartGeometry) {
        self.charts.retain(|(k, ..)| *k != kind);
        self.charts.push((kind, geometry, None));
    }

    fn chart(&mut self, kind: ChartKind) -> Option<&mut (ChartKind, ChartGeometry, Option<usize>)> {
        self.charts.iter_mut().find(|(k, ..)| *k == kind)
    }

    /// The read-out under the pointer at `(x, y)` (CSS pixels of the canvas).
    pub fn hover(&self, kind: ChartKind, x: f64, y: f64) -> Option<String> {
        let (_, geometry, _) = self.charts.iter().find(|(k, ..)| *k == kind)?;
        geometry.describe(x.round() as i32, y.round() as i32)
    }

    /// Moves the focus by `key`. `None` when the key is not one of the chart's (or the chart is
    /// not drawn); otherwise the item reached, or a message when the chart has no items.
    pub fn key(&mut self, kind: ChartKind, key: &str) -> Option<Focused> {
        let step = step_for_key(key)?;
        let (_, geometry, focus) = self.chart(kind)?;
        let Some(next) = geometry.step(*focus, step) else {
            return Some(Focused {
                text: NO_ITEMS.to_string(),
                area: None,
            });
        };
        *focus = Some(next);
        let item = &geometry.items[next];
        Some(Focused {
            text: item.text.clone(),
            area: Some(item.area),
        })
    }

    /// A tap at `(x, y)`: the focus goes to the item there (so the arrow keys go on from it) and
    /// its read-out is given; between items, the axes' values there. `None` outside the plot.
    pub fn tap(&mut self, kind: ChartKind, x: f64, y: f64) -> Option<Focused> {
        let (px, py) = (x.round() as i32, y.round() as i32);
        let (_, geometry, focus) = self.chart(kind)?;
        match geometry.item_index_at(px, py) {
            Some(n) => {
                *focus = Some(n);
                let item = &geometry.items[n];
                Some(Focused {
                    text: item.text.clone(),
                    area: Some(item.area),
                })
            }
            None => Some(Focused {
                text: geometry.describe(px, py)?,
                area: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use coldstart_charts::geometry::Item;

    fn bars() -> ChartGeometry {
        ChartGeometry {
            panels: Vec::new(),
            items: vec![
                Item::point((100, 20), 4, "b".into()),
                Item::point((10, 20), 4, "a".into()),
            ],
        }
    }

    #[test]
    fn arrow_keys_walk_the_items_and_other_keys_are_left_alone() {
        let mut charts = ChartItems::default();
        charts.set(ChartKind::Anatomy, bars());
        let text = |f: Option<Focused>| f.map(|f| f.text);
        assert_eq!(
            text(charts.key(ChartKind::Anatomy, "ArrowRight")),
            Some("a".into())
        );
        assert_eq!(
            text(charts.key(ChartKind::Anatomy, "ArrowRight")),
            Some("b".into())
        );
        assert_eq!(
            text(charts.key(ChartKind::Anatomy, "ArrowRight")),
            Some("b".into())
        );
        let home = charts.key(ChartKind::Anatomy, "Home").unwrap();
        assert_eq!(home.text, "a");
        assert_eq!(home.area.map(|a| (a.left, a.top)), Some((6, 16)));
        assert_eq!(
            charts.key(ChartKind::Anatomy, "Tab"),
            None,
            "Tab moves to the next control"
        );
        assert_eq!(charts.key(ChartKind::Cdf, "ArrowRight"), None, "not drawn");
        // A redraw changes the items: the focus starts over.
        charts.key(ChartKind::Anatomy, "End");
        charts.set(ChartKind::Anatomy, bars());
        assert_eq!(
            text(charts.key(ChartKind::Anatomy, "ArrowRight")),
            Some("a".into())
        );
        charts.set(ChartKind::Sweep, ChartGeometry::default());
        assert_eq!(
            text(charts.key(ChartKind::Sweep, "End")),
            Some(NO_ITEMS.into())
        );
    }

    #[test]
    fn a_tap_reads_the_item_and_the_keys_go_on_from_it() {
        let mut charts = ChartItems::default();
        charts.set(ChartKind::Anatomy, bars());
        let tapped = charts.tap(ChartKind::Anatomy, 99.6, 21.2).unwrap();
        assert_eq!(tapped.text, "b");
        assert_eq!(
            charts.key(ChartKind::Anatomy, "ArrowLeft").map(|f| f.text),
            Some("a".into())
        );
        assert_eq!(
            charts.tap(ChartKind::Anatomy, 500.0, 500.0),
            None,
            "nothing there"
        );
    }
}

//! The layout table: every size, spacing and threshold the charts use, with the reason for it.
//!
//! Model constants live in `coldstart_core::defaults`; these are presentation choices only, kept
//! in one place so a reviewer can tune the look without hunting through drawing code.

use coldstart_core::defaults;

/// Empty space around the whole chart, px.
pub const OUTER_MARGIN_PX: i32 = 12;
/// Height of the title band (title plus note on one line), px.
pub const TITLE_BAND_PX: i32 = 30;
/// Text width estimates (the browser's, or plotters' rough one for SVG) measure regular
/// weight; bold titles are about this much wider, so the note after a title is moved along.
pub const BOLD_WIDTH_FACTOR: f64 = 1.15;
/// Height of one legend row, px.
pub const LEGEND_ROW_PX: i32 = 22;
/// Width of a legend swatch, px: long enough to show a dash pattern.
pub const LEGEND_SWATCH_PX: i32 = 22;
/// Space between a swatch and its text, and between legend entries, px.
pub const LEGEND_GAP_PX: i32 = 8;
/// Extra space after each legend entry, so entries read as separate items, px.
pub const LEGEND_ENTRY_GAP_PX: i32 = 18;
/// Space right of the plot area so the last tick label is not cut off, px.
pub const PLOT_RIGHT_MARGIN_PX: i32 = 18;
/// Space above each panel's plot area, px.
pub const PLOT_TOP_MARGIN_PX: i32 = 6;
/// Height reserved for x tick labels, px.
pub const X_TICK_AREA_PX: i32 = 24;
/// Extra height under the last panel for the x axis title, px.
pub const X_TITLE_AREA_PX: i32 = 22;
/// Width reserved for y tick labels and the rotated y axis title, px.
pub const Y_LABEL_AREA_PX: i32 = 72;
/// Widest the category labels of the anatomy chart may make its label area, as a share of width.
pub const MAX_CATEGORY_LABEL_SHARE: f64 = 0.4;
/// Tick marks pointing out of the plot, px.
pub const TICK_MARK_PX: i32 = 5;
/// Upper bound on x tick labels; fewer if the axis is narrow (one per ~90 px).
pub const MAX_X_TICKS: usize = 10;
/// Pixels per x tick label: wide enough for "10,000" at tick size.
pub const PX_PER_X_TICK: i32 = 90;
/// Upper bound on y tick labels; fewer if the panel is short (one per ~40 px).
pub const MAX_Y_TICKS: usize = 8;
/// Pixels per y tick label.
pub const PX_PER_Y_TICK: i32 = 40;
/// Pixels per y tick label on a log axis with chosen ticks (the sweep): its labels are
/// evenly spaced per step, so they can sit closer without touching at tick size.
pub const PX_PER_LOG_Y_TICK: i32 = 30;

/// Radius of a warm request's dot, px.
pub const WARM_RADIUS_PX: i32 = 2;
/// Radius of a cold start's dot, px: larger, drawn over the warm ones.
pub const COLD_RADIUS_PX: i32 = 3;
/// Length of a throttle tick hanging from the top of the timeline, and of a cold-start tick in
/// the environments chart, px.
pub const EVENT_TICK_PX: i32 = 9;
/// Width of the time-series fallback's latency envelope bars, px.
pub const ENVELOPE_STROKE_PX: u32 = 2;
/// Stroke width of curves (CDF, sweep, limits), px.
pub const CURVE_STROKE_PX: u32 = 2;
/// Radius of p50/p99 markers and sweep data points, px.
pub const MARKER_RADIUS_PX: i32 = 4;
/// Dash length and gap of dashed lines, px.
pub const DASH_PX: u32 = 6;
/// Gap between dashes, px.
pub const DASH_GAP_PX: u32 = 4;

/// Height of the timeline's request-rate strip (arrivals, cold starts and throttles per
/// second above each latency panel), px: enough for a shape and two tick labels, small
/// beside the latency plot it explains.
pub const RATE_STRIP_PX: i32 = 48;
/// Shortest rate strip, px: still a visible shape.
pub const RATE_STRIP_MIN_PX: i32 = 18;
/// The rate strip takes at most this fraction (1/n) of its panel's height.
pub const RATE_STRIP_SHARE: i32 = 7;
/// Space the rate strip's caption (the variant's name) takes above it, beyond the label size, px.
pub const CAPTION_PAD_PX: i32 = 8;
/// Largest radius of a down-sampled cold-start mark, px: a mark standing for many cold starts
/// grows with the square root of their number (area ∝ count), up to this.
pub const COLD_MAX_RADIUS_PX: i32 = 8;
/// Longest throttle tick, as a multiple of [`EVENT_TICK_PX`]: a pixel column's tick grows by
/// one tick length per decade of throttles it stands for (1 → 1×, 10 → 2×, 100 → 3×), up to this.
pub const MAX_TICK_DECADES: f64 = 3.0;

/// Cold starts in a pixel column are drawn individually up to this many: they are rare and
/// each one matters; a more crowded column (a spike) keeps its fastest and slowest of each
/// cause, drawn larger for the number they stand for.
pub const COLD_KEEP_ALL_PER_COLUMN: usize = 4;

/// Top of a log latency axis when there is nothing to scale to (only throttles), ms.
pub const EMPTY_LATENCY_AXIS_MAX_MS: f64 = 1_000.0;
/// Bottom of a log axis when the data has no positive value to start from.
pub const LOG_AXIS_FLOOR: f64 = 1e-3;
/// A read-out snaps to a data item whose centre is within this many pixels of the pointer.
pub const HOVER_SNAP_PX: i32 = 12;
/// Pixel columns summarised together by the timeline's warm median and p1–p99 band: wide
/// enough that a group holds a few dozen requests in a busy run, narrow enough that a spike of
/// a few seconds keeps its shape.
pub const BAND_GROUP_PX: u32 = 4;
/// The quantiles of the timeline's warm summary: the band's bottom, the median, the band's top.
pub const BAND_QUANTILES: [f64; 3] = [0.01, 0.5, 0.99];
/// Opacity of the timeline's p1–p99 band.
pub const BAND_ALPHA: f64 = 0.45;
/// Opacity of the per-column fastest and slowest warm requests behind the band.
pub const EXTREMES_ALPHA: f64 = 0.3;
/// Padding of a fitted log axis beyond its data, as a factor on each side (×1.15: the extreme
/// values stay off the frame without adding a decade of empty space).
pub const LOG_FIT_PAD: f64 = 1.15;
/// Room above the CDF's top percentile guide, in nines (a quarter decade of rarity): its label
/// and the curve's last points up to the maximum stay visible.
pub const TAIL_HEADROOM_NINES: f64 = 0.25;
/// Headroom above the largest value of a linear axis, as a share of it.
pub const LINEAR_HEADROOM: f64 = 0.08;
/// Largest share of the sweep's plot height given to the limit labels above the data: a very
/// short chart keeps most of its height for the curves even if labels then touch them.
pub const SWEEP_MAX_LABEL_SHARE: f64 = 0.5;
/// Fewest decades the sweep's data spans on its cold-start axis: a sweep whose curves barely
/// move (a big function init dwarfs the fetch) should look nearly flat, not steep.
pub const SWEEP_MIN_DECADES: f64 = 1.0;
/// Headroom right of the anatomy's longest bar for its total label, as a share of it.
pub const ANATOMY_LABEL_HEADROOM: f64 = 0.18;
/// Share of a category row the anatomy's bar fills; the rest separates rows.
pub const BAR_FILL_SHARE: f64 = 0.64;

/// The concurrency limit is drawn when it is at most this many times the largest environment
/// count; above that it would flatten the data, so the legend states it as "off scale".
pub const LIMIT_OFF_SCALE_FACTOR: f64 = 4.0;

/// Time axes switch from seconds to minutes above this span, s.
pub const SECONDS_AXIS_MAX_S: f64 = 600.0;
/// Time axes switch from minutes to hours above this span, s.
pub const MINUTES_AXIS_MAX_S: f64 = 36_000.0;

/// The size sweep always spans at least 1 MB to 10 GB (the range of issue 4), MB.
pub const SWEEP_MIN_MB: f64 = 1.0;
/// Upper end of the sweep's size axis, MB (10 GB = the container-image limit).
pub const SWEEP_MAX_MB: f64 = defaults::IMAGE_MAX_MB;
/// Package limits drawn on the sweep, MB, with their labels. The 50 MB line is a *zipped* size
/// (the direct-upload limit; S3 uploads lift it), while the zip curve is drawn against unzipped
/// size, so the label says "zipped". The values are the core's (with
/// their AWS sources there), so the chart can never disagree with validation.
pub const SWEEP_LIMITS: [(f64, &str); 3] = [
    (
        defaults::ZIP_DIRECT_MAX_ZIPPED_MB,
        "50 MB zipped (direct upload)",
    ),
    (defaults::ZIP_MAX_UNZIPPED_MB, "250 MB unzipped"),
    (defaults::IMAGE_MAX_MB, "10 GB image"),
];

/// Thinnest row of the lanes chart, px: below it a lane is not seen, so consecutive lanes
/// merge into one row instead (and the note says how many).
pub const LANE_MIN_ROW_PX: i32 = 3;
/// Steps of the lanes chart's shade from idle to busy: enough to tell a quiet environment from
/// a saturated one, few enough that a row draws as a handful of runs, not a rectangle per pixel.
pub const LANE_BUSY_LEVELS: u8 = 4;
/// Width left of the lanes chart's plot, px: its rows carry no tick labels (a read-out names
/// them), only the axis line.
pub const LANE_LABEL_AREA_PX: i32 = 16;

/// The operation-order chart's time axis switches from ms to s above this, ms (a long upload).
pub const ORDER_SECONDS_ABOVE_MS: f64 = 10_000.0;

/// Largest SVG side `render_svg` accepts, px: beyond it the file is useless and large.
pub const MAX_SVG_SIDE_PX: u32 = 16_384;
/// Smallest SVG side `render_svg` accepts, px: below it axes and legend cannot fit.
pub const MIN_SVG_SIDE_PX: u32 = 120;

/// The planners' memory axis always spans Lambda's memory range, MB, so curves of different
/// plans read against the same sizes.
pub const PLAN_MEMORY_AXIS_MB: (f64, f64) = (
    defaults::MEMORY_MIN_MB as f64,
    defaults::MEMORY_MAX_MB as f64,
);
/// Ticks of the memory axis, MB: powers of two from the smallest size, then the largest
/// (10 GB), every other one dropped while they would not fit.
pub const PLAN_MEMORY_TICKS_MB: [f64; 7] =
    [128.0, 256.0, 512.0, 1_024.0, 2_048.0, 4_096.0, 10_240.0];
/// Opacity of the dashed lines that only join a planner's simulated points: light, so the
/// markers read as the data and the lines as a guide between them, never as values.
pub const PLAN_JOIN_ALPHA: f64 = 0.4;
/// Headroom right of a planner's longest bar for its value and mark, as a share of it.
pub const PLAN_BAR_LABEL_HEADROOM: f64 = 0.45;
/// Padding of a count axis beyond its first and last simulated count, as a share of its span
/// (at least half a count), so the markers at the ends stay off the frame.
pub const PLAN_COUNT_PAD: f64 = 0.04;
/// Headroom above the highest point of a planner's panel for the labels of its marks, as a
/// share of that value.
pub const PLAN_LABEL_HEADROOM: f64 = 0.25;

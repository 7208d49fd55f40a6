//! The size-sweep chart's data: the core's sweep of the first variant (its runtime, memory and
//! init code) as a zip and as a container image, turned into the charts' series.

use coldstart_charts::SweepSeries;
use coldstart_core::Scenario;
use coldstart_core::compare::{self, SweepConfig, SweepSeries as Curve};

/// Legend name of a curve.
fn label(curve: Curve) -> &'static str {
    match curve {
        Curve::Zip => "zip",
        Curve::Image => "image",
        Curve::ImageRead => "image, by bytes read at init",
    }
}

/// The sweep series of the first variant; empty when there is none or the core refuses it (the
/// chart then says "no data", and the run's own errors are shown elsewhere).
pub fn series(scenarios: &[Scenario]) -> Vec<SweepSeries> {
    let Some(base) = scenarios.first() else {
        return Vec::new();
    };
    let config = SweepConfig {
        series: vec![Curve::Zip, Curve::Image],
        ..SweepConfig::default()
    };
    let Ok(points) = compare::sweep(base, &compare::default_sizes_mb(), &config) else {
        return Vec::new();
    };
    config
        .series
        .iter()
        .map(|&curve| {
            let of_curve = points.iter().filter(|p| p.series == curve);
            let accepted: Vec<(f64, f64, f64)> = of_curve
                .clone()
                .filter_map(|p| Some((p.size_mb, p.p50_ms?, p.p99_ms?)))
                .collect();
            let refused_any = of_curve.clone().any(|p| p.refused.is_some());
            let limit_mb = refused_any
                .then(|| accepted.iter().map(|p| p.0).fold(f64::NAN, f64::max))
                .filter(|x| x.is_finite());
            SweepSeries {
                label: label(curve).to_string(),
                points: accepted,
                limit_mb,
            }
        })
        .collect()
}

//! Reading a long trace costs its list, not a copy of it per parsing layer.
//!
//! A test binary of its own because it installs a counting global allocator (peakmem-alloc):
//! the peak of live heap bytes while `Scenario::from_json` reads a trace is the figure under test. With serde's
//! derived reader for the tagged `Workload`, every arrival was first buffered as an untyped
//! value (~32 bytes) before landing in the `Vec<f64>` (8 bytes), about five times the list.

use coldstart_core::Scenario;
use coldstart_core::scenario::Workload;
use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn a_json_trace_is_read_without_an_intermediate_copy() {
    const ARRIVALS: usize = 1_000_000;
    // The tag after the list: the worst case for a tag-first reader.
    let mut text = String::from(
        r#"{"duration_s": 3600, "function": {"runtime": "nodejs", "memory_mb": 512,
            "timeout_s": 10, "handler_ms": {"dist": "constant", "value": 25},
            "init_ms": {"dist": "constant", "value": 150}},
            "package": {"type": "zip", "zipped_mb": 2, "unzipped_mb": 5},
            "workload": {"arrivals_ms": ["#,
    );
    for i in 0..ARRIVALS {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&(i * 3).to_string());
    }
    text.push_str(r#"], "kind": "trace"}}"#);

    GLOBAL.reset_peak_memory();
    let scenario = Scenario::from_json(&text).expect("a valid trace scenario");
    let peak_extra = GLOBAL.get_peak_memory();

    let Workload::Trace { arrivals_ms } = &scenario.workload else {
        panic!("read as a trace: {:?}", scenario.workload);
    };
    assert_eq!(arrivals_ms.len(), ARRIVALS);
    assert_eq!(arrivals_ms[ARRIVALS - 1], ((ARRIVALS - 1) * 3) as f64);
    // The list itself is 8 MB; growing it by doubling can hold the old and the new buffer at
    // once (up to 3 × 8 MB). A buffered copy would add 32 MB more.
    let list_bytes = ARRIVALS * std::mem::size_of::<f64>();
    assert!(
        peak_extra <= 3 * list_bytes + (1 << 20),
        "parsing peaked at {peak_extra} bytes above the input for a {list_bytes}-byte list"
    );
}

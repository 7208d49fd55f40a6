//! Writes the sample traffic files in docs/samples/ (docs/traces.md): small files in each
//! format the import reads, generated from the formats' published descriptions — no real
//! log or trace is copied. `tests/it/importer.rs` checks the committed files equal this
//! output and that each imports.
//!
//! `cargo run -p coldstart-core --example trace_samples` (from the repository's root)

mod samples;

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/samples");
    std::fs::create_dir_all(&dir)?;
    for (name, text) in samples::samples() {
        std::fs::write(dir.join(name), text)?;
        println!("docs/samples/{name}");
    }
    Ok(())
}

# The compiler settings of the page's shipped wasm, sourced by scripts/trunk.sh (and by
# bench/wasm_vs_native.sh for its variant of the shipped build): one place defines them.
#
# The standard library is compiled with the page's own code (cargo's build-std) instead of
# linked from the toolchain's prebuilt copy, so std's code goes through the same size settings
# and whole-program LTO, with its `optimize_for_size` feature (smaller sorts and formatting),
# and panics abort at once (`-Cpanic=immediate-abort`): no panic message is formatted, so the
# formatting and location code only a panic used is gone. With the panic hook left out where it
# can never run (coldstart-web's `start`): the first module 423,455 -> 401,053 B gzip -9, the
# second 321,172 -> 297,472 B, runs as fast in node and Chromium (docs/benchmarks.md, "Issue 14,
# nineteenth round: a size-optimised standard library").
#
# These are unstable options of cargo and rustc, allowed on the stable toolchain (1.95.0, pinned by
# the Pages workflow only: docs/toolchain.md) by RUSTC_BOOTSTRAP=1; they apply only to what Trunk
# builds for wasm32-unknown-unknown (the target-specific RUSTFLAGS; build-std needs the explicit
# --target Trunk passes). Native builds and `cargo test --target wasm32-unknown-unknown` (whose
# browser tests need panic messages) never source this. std's sources come from rustup's rust-src
# component and its dependencies from the cargo cache (Trunk builds --offline): scripts/setup.sh
# installs both.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# `rustflags` in .cargo/config.toml's wasm profiles: the engine's MIR-inliner settings.
export CARGO_UNSTABLE_PROFILE_RUSTFLAGS=true
# --cfg coldstart_shipped_wasm: this build may use unstable attributes (RUSTC_BOOTSTRAP=1); the
# engine's event loop is `#[optimize(speed)]` in a crate built at `s` (.cargo/config.toml).
# `cargo test --target wasm32-unknown-unknown`, clippy and native builds never set it.
# -Zlocation-detail=none: the file, line and column of a panic's caller, which no one can read
# when a panic has no message, are left out of the data section; with them every source path,
# so the modules' sizes no longer depend on where cargo keeps the registry's sources.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --cfg coldstart_shipped_wasm"
# RUSTFLAGS or CARGO_ENCODED_RUSTFLAGS from the caller would replace the flags above silently
# (cargo reads only the first of them it finds), so they are not allowed. Set but empty, they
# would too (cargo 1.95: the build then has none of the flags above), so those are unset.
# (A `target.wasm32-unknown-unknown` or `target.'cfg(…)'` rustflags in a .cargo/config.toml
# above the repository is added to the flags above, not instead of them; build.rustflags and
# CARGO_BUILD_RUSTFLAGS are ignored.)
[ -n "${RUSTFLAGS:-}" ] || unset RUSTFLAGS
[ -n "${CARGO_ENCODED_RUSTFLAGS:-}" ] || unset CARGO_ENCODED_RUSTFLAGS
if [ -n "${RUSTFLAGS:-}${CARGO_ENCODED_RUSTFLAGS:-}" ]; then
  echo "scripts/wasm_env.sh: unset RUSTFLAGS / CARGO_ENCODED_RUSTFLAGS: they would replace the shipped wasm's flags" >&2
  return 1 2>/dev/null || exit 1
fi

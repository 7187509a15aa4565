//! Provides the generated client's source to `src/generated.rs`.
//!
//! With the `generate` feature (on by default) progenitor generates it from `openapi.yaml` into
//! `$OUT_DIR/codegen.rs` (`build/generator.rs`). Without it there is nothing to do:
//! `src/generated.rs` includes the committed `src/generated/client.rs` instead, and none of the
//! generator's crates is a dependency (they are optional build-dependencies of `generate`).

#[cfg(feature = "generate")]
#[path = "build/generator.rs"]
mod generator;

#[cfg(feature = "generate")]
fn main() {
    use std::path::Path;

    println!("cargo::rerun-if-changed={}", generator::SPEC);
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("codegen.rs");
    let written = generator::generate(Path::new(generator::SPEC)).and_then(|code| {
        std::fs::write(&out, code).map_err(|e| format!("cannot write {}: {e}", out.display()))
    });
    if let Err(message) = written {
        for line in message.lines() {
            println!("cargo::error={line}");
        }
    }
}

#[cfg(not(feature = "generate"))]
fn main() {
    // The script reads nothing; without a rerun-if-changed line cargo would rerun it whenever
    // any file of the package changes.
    println!("cargo::rerun-if-changed=build.rs");
}

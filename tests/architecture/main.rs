//! The layers docs/architecture.md draws, enforced: each crate's `crate::` imports are read
//! from its sources and checked against the document's "Import rules" table (a module imports
//! only its own layer and the layers its row names), no two files import each other around a
//! circle, and no hand-written file is longer than 300 lines.

mod rules;
mod sources;

use std::path::Path;

use rules::{Layer, parse_table, violations};
use sources::{Source, expand, imports, module_of};

/// The workspace's crates and their source folders.
const CRATES: [(&str, &str); 3] = [
    ("whylabs-api-keys", "src"),
    ("whylabs-keys", "cli/src"),
    ("whylabs-api-keys-emulator", "emulator/src"),
];

fn table() -> Vec<Layer> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    parse_table(&std::fs::read_to_string(root.join("docs/architecture.md")).unwrap())
}

#[test]
fn every_crate_keeps_the_documented_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = table();
    let mut broken = Vec::new();
    for (krate, src) in CRATES {
        let layers: Vec<Layer> = table.iter().filter(|l| l.krate == krate).cloned().collect();
        assert!(!layers.is_empty(), "the table has no rows for {krate}");
        let sources = sources::read_crate(&root.join(src));
        broken.extend(
            violations(&layers, &sources)
                .into_iter()
                .map(|v| format!("{krate}: {v}")),
        );
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn use_groups_expand_to_full_paths() {
    let text = "use crate::{a::{b, c as d}, e::*};\npub(crate) use crate::f::g;\n\
                // use crate::commented::out;\nlet x = crate::h::i(1);\nmy_crate::no; $crate::no;";
    assert_eq!(imports(text), ["a::b", "a::c", "e", "f::g", "h::i"]);
    let mut out = Vec::new();
    expand("", "x::{self, y::{z}}", &mut out);
    assert_eq!(out, ["x", "x::y::z"]);
    assert_eq!(module_of(Path::new("client/mod.rs")), "client");
    assert_eq!(module_of(Path::new("client/v0.rs")), "client::v0");
    assert_eq!(module_of(Path::new("lib.rs")), "crate");
}

/// The checker itself: an arrow up, an unknown module, a circle and a long file are caught.
#[test]
fn the_checker_catches_each_kind_of_break() {
    let layers = parse_table(
        "\n| crate | layer | modules | may import |\n|---|---|---|---|\n\
         | `c` | `top` | `crate`, `facade` | `low` |\n| `c` | `low` | `config` | — |\n",
    );
    let source = |module: &str, imports: &[&str], lines| Source {
        file: format!("{module}.rs").into(),
        module: module.to_string(),
        imports: imports.iter().map(|i| i.to_string()).collect(),
        lines,
        is_test: false,
    };
    let sources = [
        source("facade", &["config::A"], 10),
        source("config", &["facade::B"], 10),
        source("stray", &[], 10),
        source("facade::long", &["facade"], 301),
    ];
    let found = violations(&layers, &sources);
    let has = |needle: &str| found.iter().any(|v| v.contains(needle));
    assert!(
        has("config.rs: low imports crate::facade::B of top"),
        "{found:?}"
    );
    assert!(has("module stray is in no layer"), "{found:?}");
    assert!(has("circle: "), "{found:?}");
    assert!(
        has("facade/long.rs: 301 lines") || has("facade::long.rs: 301 lines"),
        "{found:?}"
    );
    assert_eq!(found.len(), 4, "{found:?}");
}

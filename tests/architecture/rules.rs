//! The import rules of docs/architecture.md (its `crate | layer | modules | may import` tables) and the checks against them:
//! every module in a layer, every import to its own layer or one the table allows, no circle
//! between files, no hand-written file over the length limit.

use std::collections::{BTreeMap, BTreeSet};

use crate::sources::Source;

/// Longest a hand-written source file may be (unit-test files aside).
pub const MAX_LINES: usize = 300;

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Layer {
    pub krate: String,
    pub name: String,
    /// Module paths (`client`, `requests::create`); `crate` is `lib.rs`/`main.rs`; `*` is
    /// every module no other row names.
    pub modules: Vec<String>,
    /// Layers (by name) or modules this one may import, besides its own layer.
    pub may_import: Vec<String>,
}

/// The rows of every markdown table in `doc` whose header is
/// `| crate | layer | modules | may import |` (more columns, for people, may follow).
pub fn parse_table(doc: &str) -> Vec<Layer> {
    let mut layers = Vec::new();
    let mut in_table = false;
    for line in doc.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if !line.starts_with('|') {
            in_table = false;
        } else if cells.starts_with(&["crate", "layer", "modules", "may import"]) {
            in_table = true;
        } else if in_table && !cells[0].starts_with("---") {
            layers.push(Layer {
                krate: cells[0].trim_matches('`').to_string(),
                name: cells[1].trim_matches('`').to_string(),
                modules: list(cells[2]),
                may_import: list(cells[3]),
            });
        }
    }
    layers
}

/// `` `a`, `b` `` → `[a, b]`; `—` is none.
fn list(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(|item| item.trim().trim_matches('`').to_string())
        .filter(|item| !item.is_empty() && item != "—")
        .collect()
}

/// The layer of module path `path`: the row whose module is its longest prefix.
fn layer_of<'a>(layers: &'a [Layer], path: &str) -> Option<&'a Layer> {
    layers
        .iter()
        .flat_map(|layer| layer.modules.iter().map(move |m| (m, layer)))
        .filter(|(m, _)| {
            m.as_str() == "*" || path == m.as_str() || path.starts_with(&format!("{m}::"))
        })
        .max_by_key(|(m, _)| m.len())
        .map(|(_, layer)| layer)
}

/// Whether `own` may import `import`, of layer `to`: its own layer, a layer its row names, or
/// a module its row names.
fn allowed(own: &Layer, to: &str, import: &str) -> bool {
    to == own.name
        || own.may_import.iter().any(|allowed| {
            allowed == to || import == allowed || import.starts_with(&format!("{allowed}::"))
        })
}

/// Every broken rule, one line each; empty when the crate keeps them all.
pub fn violations(layers: &[Layer], sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    for source in sources {
        let file = source.file.display();
        if !source.is_test && source.lines > MAX_LINES {
            found.push(format!(
                "{file}: {} lines (at most {MAX_LINES})",
                source.lines
            ));
        }
        let Some(own) = layer_of(layers, &source.module) else {
            found.push(format!(
                "{file}: module {} is in no layer of the table",
                source.module
            ));
            continue;
        };
        for import in &source.imports {
            match layer_of(layers, import) {
                None => found.push(format!(
                    "{file}: crate::{import} names no module of the table (use the module path, \
                     not a re-export)"
                )),
                Some(to) if !allowed(own, &to.name, import) => found.push(format!(
                    "{file}: {} imports crate::{import} of {}, which it may not",
                    own.name, to.name
                )),
                Some(_) => {}
            }
        }
    }
    found.extend(
        circles(sources)
            .into_iter()
            .map(|c| format!("circle: {}", c.join(" → "))),
    );
    found
}

/// Files that import each other, directly or around a loop. A module's use of its parent
/// (which declares it) is not an arrow: it is how Rust modules are shaped.
pub fn circles(sources: &[Source]) -> Vec<Vec<String>> {
    let modules: BTreeSet<&str> = sources.iter().map(|s| s.module.as_str()).collect();
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for source in sources {
        let from = source.module.as_str();
        for import in &source.imports {
            let Some(to) = owning_module(&modules, import) else {
                continue;
            };
            let is_ancestor = to == "crate" || from.starts_with(&format!("{to}::"));
            if to != from && !is_ancestor {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    strongly_connected(&edges)
}

/// The longest module path that `path` starts with.
fn owning_module<'a>(modules: &BTreeSet<&'a str>, path: &str) -> Option<&'a str> {
    let mut candidate = path;
    loop {
        if let Some(found) = modules.get(candidate) {
            return Some(found);
        }
        candidate = &candidate[..candidate.rfind("::")?];
    }
}

/// The groups of more than one node that reach each other (Tarjan's algorithm, recursive:
/// a crate's module graph is shallow).
fn strongly_connected<'a>(edges: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<Vec<String>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        groups: Vec<Vec<String>>,
    }
    fn visit<'a>(node: &'a str, edges: &BTreeMap<&'a str, BTreeSet<&'a str>>, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(node, n);
        s.low.insert(node, n);
        s.stack.push(node);
        for &next in edges.get(node).into_iter().flatten() {
            if !s.index.contains_key(next) {
                visit(next, edges, s);
                let low = s.low[node].min(s.low[next]);
                s.low.insert(node, low);
            } else if s.stack.contains(&next) {
                let low = s.low[node].min(s.index[next]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let at = s.stack.iter().rposition(|&m| m == node).unwrap();
            let group: Vec<String> = s.stack.drain(at..).map(str::to_string).collect();
            if group.len() > 1 {
                s.groups.push(group);
            }
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        groups: Vec::new(),
    };
    for &node in edges.keys() {
        if !state.index.contains_key(node) {
            visit(node, edges, &mut state);
        }
    }
    state.groups
}

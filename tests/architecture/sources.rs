//! Reads a crate's hand-written sources: each file's module path, its `crate::` imports and
//! its length. Text, not a compiler: `use crate::...` statements (groups expanded) and inline
//! `crate::a::b` paths, outside `//` comment lines.

use std::path::{Path, PathBuf};

/// One source file of a crate.
#[derive(Debug)]
pub struct Source {
    /// Relative to the crate's `src/`.
    pub file: PathBuf,
    /// `client::v0`; `crate` for `lib.rs` and `main.rs`.
    pub module: String,
    /// Paths after `crate::`, such as `config::retry::RetryConfig`.
    pub imports: Vec<String>,
    pub lines: usize,
    /// A unit-test file (`*_tests.rs`, `tests.rs`): exempt from the length limit.
    pub is_test: bool,
}

/// Every `.rs` file under `src`, except the generated client (`src/generated/`).
pub fn read_crate(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    walk(src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.strip_prefix(src).unwrap().to_path_buf();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            Source {
                module: module_of(&file),
                imports: imports(&text),
                lines: text.lines().count(),
                is_test: name == "tests.rs" || name.ends_with("_tests.rs"),
                file,
            }
        })
        .collect()
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "generated") {
                walk(&path, files);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// `client/v0.rs` → `client::v0`, `client/mod.rs` → `client`, `lib.rs` → `crate`.
pub fn module_of(file: &Path) -> String {
    let mut parts: Vec<String> = file
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    match parts.as_slice() {
        [only] if only == "lib" || only == "main" => "crate".to_string(),
        _ => parts.join("::"),
    }
}

/// The `crate::` paths `text` names, in order, groups expanded.
pub fn imports(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = &rest[..at];
        let after = &rest[at + "crate::".len()..];
        let glued = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        if glued {
            rest = after;
            continue;
        }
        if before.trim_end().ends_with("use") {
            let end = after.find(';').unwrap_or(after.len());
            expand("", &after[..end], &mut found);
            rest = &after[end..];
        } else {
            let path: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push(path.trim_end_matches(':').to_string());
            rest = after;
        }
    }
    found
}

/// Expands a use tree (`a::{b, c::{d as e, *}}`) under `prefix` into full paths.
pub fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let (head, group) = match tree.find('{') {
        Some(open) => (
            &tree[..open],
            Some(&tree[open + 1..tree.rfind('}').unwrap()]),
        ),
        None => (tree, None),
    };
    let head = head.trim().trim_end_matches("::");
    let head = head.split(" as ").next().unwrap().trim();
    let head = head.trim_end_matches('*').trim_end_matches("::");
    let joined = match (prefix, head) {
        (p, "self" | "*" | "") => p.to_string(),
        ("", h) => h.to_string(),
        (p, h) => format!("{p}::{h}"),
    };
    match group {
        None => out.push(joined),
        Some(group) => split_top_level(group)
            .into_iter()
            .filter(|item| !item.trim().is_empty())
            .for_each(|item| expand(&joined, item, out)),
    }
}

/// Splits `a, b::{c, d}, e` at the commas outside braces.
fn split_top_level(group: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items
}

//! The engine's module graph has no cycle through its errors (issue 8), and no new cycle
//! between its concepts.
//!
//! Every file under `src/` is a module; a module depends on another when its code names a
//! path into it (`crate::machine::kind::StateKind`, `super::Plan`), following `pub use`
//! re-exports to where the item is defined. Unit tests (`#[cfg(test)]` items) do not
//! count: they are not part of the library. A cycle among the files of one module
//! (`planner` and `planner::explain`) is one concept split over files and allowed; any
//! other cycle fails this test, except the ones listed in [`KNOWN`], which predate it. The
//! error modules (`error`, `error::*`) are in no cycle at all outside their own family:
//! every error type names only leaf vocabulary (`machine::kind`, `stroom::role`,
//! `route::kind`, `planner::step`), never the module that returns it.
//!
//! Run it alone with `cargo test -p stroom-engine --test modules`; a failure names the
//! modules of the cycle and the lines that make it.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles between modules that predate this test: each is a set of modules that name each
/// other. Shrink this list; never grow it.
///
/// - a record (`audit`) carries its signature (`sign`); finding the key of a database
///   whose key file is gone reads the anchor journal (`anchor`), which holds records.
const KNOWN: &[&[&str]] = &[&["anchor", "audit", "sign"]];

/// Modules with their source, keyed by path (`crate`, `machine`, `machine::kind`).
fn modules(src: &Path) -> BTreeMap<String, (PathBuf, String)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            let name = if parts.is_empty() {
                "crate".to_string()
            } else {
                parts.join("::")
            };
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(name, (rel.to_path_buf(), code_only(&text)));
        }
    }
    out
}

/// The text with comments, string and char literals blanked (newlines kept, so line
/// numbers stay) and `#[cfg(test)]` items removed.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&b, i) {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &b[i..j.min(b.len())] {
                out.push(blank(ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('{', '\n', '\u{1b}'), or a lifetime ('a), which stays.
            let end = if next == Some('\\') {
                b[i + 2..]
                    .iter()
                    .position(|&x| x == '\'')
                    .map(|p| i + 2 + p)
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    for _ in i..=e {
                        out.push(' ');
                    }
                    i = e + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    drop_test_items(&out)
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// Removes every item marked `#[cfg(test)]` (up to its `;` or its balanced braces).
fn drop_test_items(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(at) = out.find("#[cfg(test)]") {
        let bytes = out.as_bytes();
        let mut j = at;
        let mut depth = 0usize;
        let mut end = out.len();
        while j < bytes.len() {
            match bytes[j] {
                b';' if depth == 0 => {
                    end = j + 1;
                    break;
                }
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j + 1;
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let kept_lines = "\n".repeat(out[at..end].matches('\n').count());
        out.replace_range(at..end, &kept_lines);
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths of a `use` tree or path starting at `s` (after `crate::` or `super::`): for
/// `machine::{kind::StateKind, Rejection}` two paths, `machine::kind::StateKind` and
/// `machine::Rejection`.
fn paths(s: &str) -> Vec<Vec<String>> {
    let s = s.trim_start();
    if let Some(rest) = s.strip_prefix('{') {
        let mut depth = 1;
        let mut items = vec![String::new()];
        for c in rest.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => {
                    items.push(String::new());
                    continue;
                }
                _ => {}
            }
            items.last_mut().unwrap().push(c);
        }
        return items
            .iter()
            .filter(|i| !i.trim().is_empty())
            .flat_map(|i| paths(i))
            .collect();
    }
    let word: String = s.chars().take_while(|&c| is_ident(c)).collect();
    if word.is_empty() {
        return vec![vec![]];
    }
    let rest = &s[word.len()..];
    let rest = rest.trim_start();
    match rest.strip_prefix("::") {
        Some(after) => paths(after)
            .into_iter()
            .map(|mut p| {
                p.insert(0, word.clone());
                p
            })
            .collect(),
        None => vec![vec![word]],
    }
}

struct Graph {
    modules: BTreeMap<String, (PathBuf, String)>,
    /// (module, name) → the full path it re-exports.
    reexports: BTreeMap<(String, String), Vec<String>>,
    /// module → module it depends on → "file:line" of the first few places.
    edges: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

fn join(module: &str, name: &str) -> String {
    if module == "crate" {
        name.to_string()
    } else {
        format!("{module}::{name}")
    }
}

impl Graph {
    fn new(src: &Path) -> Graph {
        let modules = modules(src);
        let mut graph = Graph {
            modules,
            reexports: BTreeMap::new(),
            edges: BTreeMap::new(),
        };
        graph.read_reexports();
        graph.read_edges();
        graph
    }

    /// Absolute segments of a path written in `module` (`crate::a::b`, `super::c`, or
    /// relative to `module` for `use child::X` statements).
    fn absolute(&self, module: &str, path: &[String]) -> Vec<String> {
        let mut base: Vec<String> = if module == "crate" {
            vec![]
        } else {
            module.split("::").map(str::to_string).collect()
        };
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            _ => {}
        }
        while rest.first().map(String::as_str) == Some("super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        base
    }

    fn read_reexports(&mut self) {
        for (module, (_, code)) in &self.modules {
            for stmt in code.split(';') {
                let t = stmt.trim();
                let Some(tree) = t
                    .strip_prefix("pub use ")
                    .or_else(|| t.strip_prefix("pub(crate) use "))
                else {
                    continue;
                };
                for p in paths(tree) {
                    let Some(last) = p.last() else { continue };
                    // `X as Y`: the parser keeps `X` (the alias is rare enough here).
                    let abs = self.absolute(module, &p);
                    self.reexports.insert((module.clone(), last.clone()), abs);
                }
            }
        }
    }

    /// The module that defines what `abs` names, following re-exports.
    fn resolve(&self, abs: &[String], depth: usize) -> Option<String> {
        let mut at = "crate".to_string();
        for (i, seg) in abs.iter().enumerate() {
            let next = join(&at, seg);
            if self.modules.contains_key(&next) {
                at = next;
                continue;
            }
            if depth < 8 {
                if let Some(target) = self.reexports.get(&(at.clone(), seg.clone())) {
                    let mut full = target.clone();
                    full.extend(abs[i + 1..].iter().cloned());
                    if full != abs {
                        return self.resolve(&full, depth + 1);
                    }
                }
            }
            break;
        }
        (at != "crate").then_some(at)
    }

    fn read_edges(&mut self) {
        let mut edges: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
        for (module, (file, code)) in &self.modules {
            let mut found: Vec<(usize, Vec<String>)> = Vec::new();
            for prefix in ["crate::", "super::"] {
                let mut from = 0;
                while let Some(pos) = code[from..].find(prefix) {
                    let at = from + pos;
                    from = at + prefix.len();
                    let before = code[..at].chars().next_back();
                    if before.is_some_and(|c| is_ident(c) || c == '$' || c == ':') {
                        continue;
                    }
                    let line = code[..at].matches('\n').count() + 1;
                    let head = prefix.trim_end_matches("::").to_string();
                    for mut p in paths(&code[at + prefix.len()..]) {
                        p.insert(0, head.clone());
                        found.push((line, p));
                    }
                }
            }
            // `use child::X;` and `pub use child::X;` inside a module with children.
            for (line_no, line) in code.lines().enumerate() {
                let t = line.trim_start();
                let Some(tree) = t
                    .strip_prefix("pub use ")
                    .or_else(|| t.strip_prefix("pub(crate) use "))
                    .or_else(|| t.strip_prefix("use "))
                else {
                    continue;
                };
                if tree.starts_with("crate::") || tree.starts_with("super::") {
                    continue;
                }
                for p in paths(tree) {
                    if p.first()
                        .is_some_and(|c| self.modules.contains_key(&join(module, c)))
                    {
                        found.push((line_no + 1, p));
                    }
                }
            }
            for (line, p) in found {
                let abs = self.absolute(module, &p);
                if let Some(to) = self.resolve(&abs, 0) {
                    if &to != module {
                        let places = edges
                            .entry(module.clone())
                            .or_default()
                            .entry(to)
                            .or_default();
                        if places.len() < 3 {
                            places.push(format!("src/{}:{line}", file.display()));
                        }
                    }
                }
            }
        }
        self.edges = edges;
    }

    /// The strongly connected components with more than one module (Tarjan).
    fn cycles(&self) -> Vec<BTreeSet<String>> {
        struct T<'a> {
            g: &'a Graph,
            index: BTreeMap<&'a str, usize>,
            low: BTreeMap<&'a str, usize>,
            stack: Vec<&'a str>,
            on: BTreeSet<&'a str>,
            out: Vec<BTreeSet<String>>,
        }
        fn visit<'a>(t: &mut T<'a>, v: &'a str) {
            let i = t.index.len();
            t.index.insert(v, i);
            t.low.insert(v, i);
            t.stack.push(v);
            t.on.insert(v);
            if let Some(next) = t.g.edges.get(v) {
                for w in next.keys() {
                    let w = w.as_str();
                    if !t.index.contains_key(w) {
                        visit(t, w);
                        let lw = t.low[w];
                        let lv = t.low[v];
                        t.low.insert(v, lv.min(lw));
                    } else if t.on.contains(w) {
                        let iw = t.index[w];
                        let lv = t.low[v];
                        t.low.insert(v, lv.min(iw));
                    }
                }
            }
            if t.low[v] == t.index[v] {
                let mut comp = BTreeSet::new();
                while let Some(w) = t.stack.pop() {
                    t.on.remove(w);
                    comp.insert(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    t.out.push(comp);
                }
            }
        }
        let mut t = T {
            g: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: vec![],
            on: BTreeSet::new(),
            out: vec![],
        };
        for m in self.modules.keys() {
            if !t.index.contains_key(m.as_str()) {
                visit(&mut t, m);
            }
        }
        t.out
    }

    /// The edges inside a set of modules, for a failure message.
    fn describe(&self, set: &BTreeSet<String>) -> String {
        let mut out = String::new();
        for a in set {
            for (b, places) in self.edges.get(a).into_iter().flatten() {
                if set.contains(b) {
                    out.push_str(&format!("  {a} -> {b}   ({})\n", places.join(", ")));
                }
            }
        }
        out
    }
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

fn graph() -> Graph {
    Graph::new(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_module_cycle_passes_through_the_errors() {
    let g = graph();
    for cycle in g.cycles() {
        let tops: BTreeSet<&str> = cycle.iter().map(|m| top(m)).collect();
        assert!(
            !(tops.contains("error") && tops.len() > 1),
            "a module cycle passes through the errors: an error type names a module that \
             returns it; move what the error names into a leaf module (like machine::kind)\n{}",
            g.describe(&cycle)
        );
    }
}

#[test]
fn no_new_module_cycle() {
    let g = graph();
    let mut found = Vec::new();
    for cycle in g.cycles() {
        let tops: BTreeSet<&str> = cycle.iter().map(|m| top(m)).collect();
        if tops.len() == 1 {
            continue; // One module split over files (planner and planner::explain).
        }
        let names: BTreeSet<String> = tops.iter().map(|s| s.to_string()).collect();
        found.push(names.clone());
        let known = KNOWN
            .iter()
            .any(|k| k.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>() == names);
        assert!(
            known,
            "a new module cycle among {names:?} (tests/modules.rs lists the known ones):\n{}",
            g.describe(&cycle)
        );
    }
    for k in KNOWN {
        let k: BTreeSet<String> = k.iter().map(|s| s.to_string()).collect();
        assert!(
            found.contains(&k),
            "the known cycle {k:?} is gone or smaller: remove it from KNOWN in tests/modules.rs \
             (found: {found:?})"
        );
    }
}

/// The checker itself sees a cycle: two modules that name each other, through a
/// re-export, and not through a comment, a string or a unit test.
#[test]
fn the_checker_finds_a_cycle_and_ignores_comments_strings_and_tests() {
    let dir = std::env::temp_dir().join(format!("stroom-modules-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(
        dir.join("lib.rs"),
        "pub mod a;\npub mod b;\npub use b::Thing;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a.rs"),
        "pub(crate) mod leaf;\npub use leaf::Word;\n// crate::b::Thing\nconst S: &str = \"crate::b\";\n\
         #[cfg(test)]\nmod tests { use crate::b::Thing; }\npub fn f() -> crate::Thing { todo!() }\n",
    )
    .unwrap();
    std::fs::write(dir.join("a/leaf.rs"), "pub struct Word;\n").unwrap();
    std::fs::write(
        dir.join("b.rs"),
        "pub struct Thing(crate::a::leaf::Word);\n",
    )
    .unwrap();
    let g = Graph::new(&dir);
    assert!(g.cycles().is_empty(), "{:?}", g.edges);
    assert_eq!(
        g.edges["a"].keys().collect::<Vec<_>>(),
        ["a::leaf", "b"],
        "a names b through the crate's re-export of Thing"
    );
    // b naming a (not its leaf) closes a cycle.
    std::fs::write(
        dir.join("b.rs"),
        "pub struct Thing(crate::a::Word);\nfn g() { crate::a::f(); }\n",
    )
    .unwrap();
    let g = Graph::new(&dir);
    let cycles = g.cycles();
    assert_eq!(cycles.len(), 1, "{:?}", g.edges);
    assert_eq!(
        cycles[0].iter().collect::<Vec<_>>(),
        ["a", "b"],
        "{}",
        g.describe(&cycles[0])
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

//! The house's rules, read from the source: every arrow between rooms points down (`ui` ->
//! `view` -> `core`, `browser` -> `core`, and `ui` -> `browser`), and no two rooms depend on
//! each other, however indirectly. A room is a folder or file directly under `core/`, `view/`,
//! `ui/` or `browser/` (`core::storage`, `ui::context`, `view::agreement`, ...).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{code_of, sources, src};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The room of a source file: `core::storage` for `src/core/storage/plan.rs`.
fn room_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .filter(|p| p != "mod")
        .collect();
    parts.iter().take(2).cloned().collect::<Vec<_>>().join("::")
}

/// Every room a file's code (its tests left out) names through `crate::`.
fn arrows_of(code: &str) -> BTreeSet<String> {
    let code = code_of(code);
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let path: String = code[at + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        if let Some(top) = parts.first() {
            if ["core", "view", "ui", "browser"].contains(top) {
                out.insert(parts.iter().take(2).cloned().collect::<Vec<_>>().join("::"));
            }
        }
    }
    out
}

/// The rooms and their arrows.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = src();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources(&src) {
        let room = room_of(&path, &src);
        if !["core", "view", "ui", "browser"].contains(&room.split("::").next().unwrap()) {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap();
        let arrows = graph.entry(room.clone()).or_default();
        for to in arrows_of(&code) {
            if to != room {
                arrows.insert(to);
            }
        }
    }
    graph
}

#[test]
fn every_arrow_points_down() {
    let allowed = |from: &str, to: &str| {
        matches!(
            (from, to),
            ("ui", _)
                | ("view", "view" | "core")
                | ("core", "core")
                | ("browser", "browser" | "core")
        )
    };
    let mut up = Vec::new();
    for (from, arrows) in graph() {
        for to in arrows {
            let (a, b) = (
                from.split("::").next().unwrap(),
                to.split("::").next().unwrap(),
            );
            if !allowed(a, b) {
                up.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(up.is_empty(), "arrows back up:\n{}", up.join("\n"));
}

#[test]
fn no_two_rooms_depend_on_each_other() {
    let graph = graph();
    // Tarjan's strongly connected components: any with two rooms or more is a circle.
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        circles: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let arrows: Vec<&'a str> = s
            .graph
            .get(v)
            .map(|a| a.iter().map(String::as_str).collect())
            .unwrap_or_default();
        for w in arrows {
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.circles.push(component);
            }
        }
    }
    let mut state = State {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        circles: Vec::new(),
    };
    for room in graph.keys() {
        if !state.index.contains_key(room.as_str()) {
            visit(&mut state, room);
        }
    }
    let circles: Vec<String> = state
        .circles
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.sort();
            c.join(" <-> ")
        })
        .collect();
    assert!(
        circles.is_empty(),
        "rooms in a circle:\n{}",
        circles.join("\n")
    );
}

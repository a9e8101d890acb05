//! Markup is made in one place and enters the page in one place. This reads the source and
//! fails where that is not so:
//! - outside `src/view/` (and a peer's XML config in `core::formats::labelstudio`), no string
//!   literal opens an HTML tag: the core and the components make no markup;
//! - in `src/view/`, every literal that opens a tag is a piece given to `Markup` (`markup!` or
//!   `.push`), so text from anywhere can only go in escaped;
//! - nothing but `ui::dom` (its `mod.rs`) writes HTML into the page (`set_inner_html`, `insert_adjacent_html`,
//!   `set_outer_html`), and every component's `inner_html=` takes markup the view made
//!   (`Html::into_string`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{sources, src};
use std::path::Path;

/// The file's code before its test module (the tests may write markup to compare with).
fn code_of(path: &Path) -> String {
    common::code_of(&std::fs::read_to_string(path).unwrap()).to_string()
}

/// A string literal of the code: its text, its line, and whether it is an argument of a
/// `markup!(…)` or a `.push(…)` call.
struct Literal {
    text: String,
    line: usize,
    in_markup: bool,
}

/// The string literals of Rust code (comments skipped), each with whether it stands inside
/// the parentheses of `markup!(` or `.push(`.
fn literals(code: &str) -> Vec<Literal> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    // For each open parenthesis: whether it opened a markup call.
    let mut stack: Vec<bool> = Vec::new();
    let (mut i, mut line) = (0, 1);
    let before = |i: usize, word: &str| {
        let start = i.saturating_sub(word.len());
        chars[start..i].iter().collect::<String>() == word
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
                continue;
            }
            '\'' => {
                // A char literal ('x', '\n', '"'), or a lifetime ('a).
                if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                    continue;
                }
                if chars.get(i + 1) == Some(&'\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
            }
            '(' => stack.push(before(i, "markup!") || before(i, ".push")),
            ')' => {
                stack.pop();
            }
            '"' => {
                // A raw string (r"…", r#"…"#) ends at a quote followed by as many hashes.
                let hashes = (0..i).rev().take_while(|&k| chars[k] == '#').count();
                let raw = i > hashes && chars[i - hashes - 1] == 'r';
                let closing: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', if raw { hashes } else { 0 }))
                    .collect();
                let start_line = line;
                let mut text = String::new();
                i += 1;
                while i < chars.len() && !chars[i..].starts_with(&closing) {
                    if chars[i] == '\\' && !raw {
                        text.push(chars[i]);
                        i += 1;
                    }
                    line += usize::from(chars[i] == '\n');
                    text.push(chars[i]);
                    i += 1;
                }
                i += closing.len() - 1;
                out.push(Literal {
                    text,
                    line: start_line,
                    in_markup: stack.iter().any(|m| *m),
                });
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Whether a literal opens (or closes) an HTML tag.
fn opens_tag(text: &str) -> bool {
    text.char_indices().any(|(at, c)| {
        c == '<'
            && text[at + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!')
    })
}

#[test]
fn no_markup_is_made_outside_the_view() {
    let mut found = Vec::new();
    for path in sources(&src()) {
        let name = path
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .to_string();
        if name.starts_with("view/")
            || name == "core/formats/labelstudio.rs"
            || name.ends_with("/tests.rs")
        {
            continue;
        }
        for literal in literals(&code_of(&path)) {
            if opens_tag(&literal.text) {
                found.push(format!("src/{name}:{}: {:?}", literal.line, literal.text));
            }
        }
    }
    assert!(
        found.is_empty(),
        "markup outside src/view:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_view_makes_markup_only_through_markup() {
    let mut found = Vec::new();
    for path in sources(&src().join("view")) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "markup.rs" {
            continue;
        }
        for literal in literals(&code_of(&path)) {
            if opens_tag(&literal.text) && !literal.in_markup {
                found.push(format!(
                    "src/view/{name}:{}: {:?}",
                    literal.line, literal.text
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "markup not given to Markup:\n{}",
        found.join("\n")
    );
}

#[test]
fn html_enters_the_page_only_as_the_view_made_it() {
    let mut found = Vec::new();
    for path in sources(&src()) {
        let name = path
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let code = code_of(&path);
        for sink in [
            "set_inner_html(",
            "insert_adjacent_html(",
            "set_outer_html(",
        ] {
            if name != "ui/dom/mod.rs" && code.contains(sink) {
                found.push(format!("src/{name}: {sink}"));
            }
        }
        for (at, _) in code.match_indices("inner_html=") {
            let rest = &code[at..];
            let end = rest[1..].find("inner_html=").map_or(rest.len(), |n| n + 1);
            let attribute = &rest[..end.min(400)];
            if !attribute.contains(".into_string()") {
                let line = code[..at].lines().count();
                found.push(format!("src/{name}:{line}: inner_html= not from Html"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_checks_see_what_they_look_for() {
    let code = "let a = \"<b>\"; markup!(m, \"<i>\", text(x)); m.push(\"</i>\"); f(\"a < b\"); // \"<c>\"\nlet c = '\"'; g(\"<p>\"); h(r#\"x\"<q>\"#);";
    let found: Vec<(String, bool)> = literals(code)
        .into_iter()
        .filter(|l| opens_tag(&l.text))
        .map(|l| (l.text, l.in_markup))
        .collect();
    assert_eq!(
        found,
        [
            ("<b>".to_string(), false),
            ("<i>".to_string(), true),
            ("</i>".to_string(), true),
            ("<p>".to_string(), false),
            ("x\"<q>".to_string(), false)
        ]
    );
}

//! The Adjudicate tab as markup (one string, drawn with one call): before starting, the text's
//! versions and the strategy; while adjudicating, the progress, the queue's filter and the
//! grid of the current unit, a row per annotator and a column per cell.

use crate::core::adjudication::board::{Board, Cell, Filter, Item, State};
use crate::core::annotation::gold::Strategy;
use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::Span;
use crate::core::schema::Label;
use crate::view::html::{elide, escape_into};
use std::fmt::Write;

/// The start screen: the versions of the open text, the strategy to choose and the button
/// (`resume`: the text's gold version exists).
pub fn start_html(names: &[String], resume: bool, adjudicator: &str) -> String {
    let mut out = String::new();
    if names.len() < 2 {
        out.push_str("<p class=\"hint\" data-testid=\"adjudication-empty\">Adjudication merges two or more annotators' versions of the open text into a gold version. Add them with Open → “Add as … version”.</p>");
        return out;
    }
    out.push_str("<p>Versions of this text: ");
    escape_into(&mut out, &names.join(", "));
    out.push_str(
        ".</p><label>Propose <select data-testid=\"adjudication-strategy\" data-strategy>",
    );
    let n = names.len();
    let mut option = |value: String, caption: String| {
        let _ = write!(out, "<option value=\"{value}\">{caption}</option>");
    };
    option("unanimous".into(), "only what everyone agrees on".into());
    option("incomplete".into(), "also what nobody disagrees on".into());
    for k in (2..n).rev() {
        option(
            format!("majority{k}"),
            format!("what at least {k} of {n} agree on"),
        );
    }
    out.push_str("</select></label><label>Adjudicator <input type=\"text\" data-adjudicator data-testid=\"adjudication-adjudicator\" value=\"");
    escape_into(&mut out, adjudicator);
    let _ = write!(
        out,
        "\"></label><button type=\"button\" data-testid=\"adjudicate-start\" data-start>{}</button>",
        if resume { "Resume adjudication" } else { "Adjudicate" }
    );
    out.push_str("<p class=\"hint\">Units every annotator marked identically go into gold at once; the rest wait for you, one key each.</p>");
    out
}

fn caption(cell: Cell) -> &'static str {
    match cell {
        Cell::Extent => "extent",
        Cell::Label => "label",
        Cell::Attribute(a) => a.name(),
        Cell::Note => "note",
    }
}

/// What a span shows in a cell.
fn cell_text(gold: &Annotated, span: &Span, cell: Cell) -> String {
    match cell {
        Cell::Extent => format!(
            "“{}” {}–{}",
            elide(gold.doc().slice(span.start, span.end)),
            span.start,
            span.end
        ),
        Cell::Label => span.label.name().into(),
        Cell::Attribute(a) => span.attrs.get(&a).cloned().unwrap_or_default(),
        Cell::Note => span.note.clone(),
    }
}

/// What the adjudicator sees while adjudicating.
pub struct Screen<'a> {
    pub board: &'a Board,
    pub gold: &'a Annotated,
    pub current: Option<Item>,
    /// The focused column of the grid.
    pub cell: usize,
    pub filter: Filter,
    pub hide_names: bool,
}

impl Screen<'_> {
    fn name(&self, a: usize) -> String {
        if self.hide_names {
            format!("annotator {}", a + 1)
        } else {
            self.board.versions[a].annotator.clone()
        }
    }
}

/// The tab while adjudicating.
pub fn board_html(screen: &Screen) -> String {
    let board = screen.board;
    let (decided, total) = board.progress();
    // Every item is decided or in the queue of every undecided item.
    let remaining = total - decided;
    let mut out = String::new();
    let _ = write!(
        out,
        "<p class=\"adj-progress\"><b data-testid=\"adjudication-progress\">{decided} of {total} decided</b> · <span data-testid=\"adjudication-remaining\">{remaining}</span> undecided</p>"
    );
    out.push_str("<div class=\"adj-controls\"><label>Show <select data-filter data-testid=\"adjudication-filter\">");
    let mut filters = vec![
        (
            "all".to_string(),
            "every undecided unit".to_string(),
            Filter::All,
        ),
        (
            "disagreements".into(),
            "disagreements".into(),
            Filter::Disagreements,
        ),
        (
            "incomplete".into(),
            "incomplete units".into(),
            Filter::Incomplete,
        ),
    ];
    for label in Label::ALL {
        filters.push((
            label.name().into(),
            format!("units with a {label}"),
            Filter::Label(label),
        ));
    }
    for (value, caption, filter) in filters {
        let selected = if filter == screen.filter {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<option value=\"{value}\"{selected}>{caption}</option>"
        );
    }
    let _ = write!(
        out,
        "</select></label><label><input type=\"checkbox\" data-hide{}> hide names</label></div>",
        if screen.hide_names { " checked" } else { "" }
    );
    match screen.current {
        None if remaining == 0 => out.push_str("<p class=\"adj-done\" data-testid=\"adjudication-unit\">Every unit is decided: the gold version is complete. Export it from the File menu; Ctrl+Z takes decisions back.</p>"),
        None => out.push_str("<p class=\"hint\" data-testid=\"adjudication-unit\">No undecided unit here: press N for the next.</p>"),
        Some(Item::Span(u)) => span_grid(&mut out, screen, u),
        Some(Item::Link(l)) => link_grid(&mut out, screen, l),
    }
    let n = board.versions.len();
    let _ = write!(
        out,
        "<p class=\"hint adj-keys\"><kbd>N</kbd> / <kbd>P</kbd> next / previous · <kbd>1</kbd>–<kbd>{n}</kbd> take a version · <kbd>Shift</kbd>+<kbd>1</kbd>–<kbd>{n}</kbd> take the focused cell (<kbd>←</kbd> <kbd>→</kbd> move the focus) · <kbd>A</kbd> accept the proposal or majority · <kbd>X</kbd> reject · <kbd>E</kbd> edit in the text (<kbd>Enter</kbd> confirms and moves on, <kbd>Esc</kbd> comes back) · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo</p>"
    );
    out
}

fn state_badge(out: &mut String, state: State) {
    let _ = write!(
        out,
        "<span class=\"adj-state s-{0}\" data-testid=\"adjudication-state\">{0}</span>",
        state.name()
    );
}

fn span_grid(out: &mut String, screen: &Screen, u: usize) {
    let board = screen.board;
    let cells = board.columns(u);
    let focus = screen.cell.min(cells.len() - 1);
    let majority = board
        .majority(u)
        .or_else(|| board.proposal(u))
        .unwrap_or_default();
    let reference = majority
        .first()
        .copied()
        .or_else(|| board.units[u].annotators().next());
    let reference = reference.and_then(|a| board.member(u, a));
    out.push_str("<div class=\"adj-unit\" data-testid=\"adjudication-unit\"><p>Unit ");
    let _ = write!(out, "{} · ", u + 1);
    state_badge(out, board.state(u));
    out.push_str("</p><table class=\"adj-grid\"><thead><tr><th></th>");
    for (i, cell) in cells.iter().enumerate() {
        let class = if i == focus { " class=\"focus\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", caption(*cell));
    }
    out.push_str("</tr></thead><tbody>");
    for a in 0..board.versions.len() {
        let in_majority = majority.contains(&a);
        let _ = write!(
            out,
            "<tr data-annotator=\"{a}\"{}><th><kbd>{}</kbd> ",
            if in_majority {
                " class=\"majority\" title=\"the majority\""
            } else {
                ""
            },
            a + 1
        );
        escape_into(out, &screen.name(a));
        if in_majority {
            out.push_str(" ★");
        }
        out.push_str("</th>");
        match board.member(u, a) {
            None => {
                let _ = write!(
                    out,
                    "<td colspan=\"{}\" class=\"missing\">no span</td>",
                    cells.len()
                );
            }
            Some(span) => {
                for (i, cell) in cells.iter().enumerate() {
                    let text = cell_text(screen.gold, span, *cell);
                    let differs =
                        reference.is_some_and(|r| cell_text(screen.gold, r, *cell) != text);
                    let class = match (i == focus, differs) {
                        (true, true) => " class=\"focus differs\"",
                        (true, false) => " class=\"focus\"",
                        (false, true) => " class=\"differs\"",
                        (false, false) => "",
                    };
                    let _ = write!(out, "<td{class}>");
                    escape_into(out, &text);
                    out.push_str("</td>");
                }
            }
        }
        out.push_str("</tr>");
    }
    // What gold has for the unit now.
    out.push_str("<tr class=\"gold\"><th>gold</th>");
    match board
        .gold_span(u)
        .and_then(|id| screen.gold.spans().get(id))
    {
        Some(span) => {
            for cell in &cells {
                out.push_str("<td>");
                escape_into(out, &cell_text(screen.gold, span, *cell));
                out.push_str("</td>");
            }
        }
        None => {
            let what = if board.state(u) == State::Rejected {
                "rejected: not an annotation"
            } else {
                "undecided"
            };
            let _ = write!(out, "<td colspan=\"{}\">{what}</td>", cells.len());
        }
    }
    out.push_str("</tr></tbody></table></div>");
}

fn link_grid(out: &mut String, screen: &Screen, l: usize) {
    let board = screen.board;
    let link = &board.links[l];
    let quote = |u: usize| {
        board
            .gold_span(u)
            .and_then(|id| screen.gold.spans().get(id))
            .map(|s| elide(screen.gold.quote(s)))
            .unwrap_or_default()
    };
    out.push_str("<div class=\"adj-unit\" data-testid=\"adjudication-unit\"><p>Relation ");
    let _ = write!(out, "{} · ", link.kind);
    if let Some(state) = board.link_state(l) {
        state_badge(out, state);
    }
    out.push_str("</p><p class=\"adj-link\">“");
    escape_into(out, &quote(link.from));
    let _ = write!(out, "” → {} → “", link.kind);
    escape_into(out, &quote(link.to));
    out.push_str("”</p><table class=\"adj-grid\"><tbody>");
    for a in 0..board.versions.len() {
        let _ = write!(out, "<tr data-annotator=\"{a}\"><th><kbd>{}</kbd> ", a + 1);
        escape_into(out, &screen.name(a));
        let has = if link.members[a].is_some() {
            "has it"
        } else {
            "does not"
        };
        let _ = write!(out, "</th><td>{has}</td></tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// A unit's spans in lanes under the text: for each annotator with a span in it, its extent
/// and the lane (the annotator's number), in the unit's state.
pub fn lanes(board: &Board, item: Item) -> (State, Vec<(usize, usize, usize)>) {
    match item {
        Item::Span(u) => (
            board.state(u),
            (0..board.versions.len())
                .filter_map(|a| board.member(u, a).map(|s| (a, s.start, s.end)))
                .collect(),
        ),
        Item::Link(l) => {
            let link = &board.links[l];
            let state = board.link_state(l).unwrap_or(State::Incomplete);
            let mut out = Vec::new();
            for (a, m) in link.members.iter().enumerate() {
                if m.is_some() {
                    for u in [link.from, link.to] {
                        if let Some(s) = board.member(u, a) {
                            out.push((a, s.start, s.end));
                        }
                    }
                }
            }
            (state, out)
        }
    }
}

/// The strategy a start screen's select names, with its majority.
pub fn strategy_of(value: &str) -> (Strategy, u32) {
    match value {
        "incomplete" => (Strategy::Incomplete, 2),
        v => match v.strip_prefix("majority").and_then(|k| k.parse().ok()) {
            Some(k) => (Strategy::Majority, k),
            None => (Strategy::Unanimous, 2),
        },
    }
}

/// The filter a select's value names.
pub fn filter_of(value: &str) -> Filter {
    match value {
        "disagreements" => Filter::Disagreements,
        "incomplete" => Filter::Incomplete,
        v => Label::from_name(v).map_or(Filter::All, Filter::Label),
    }
}

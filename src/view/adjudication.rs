//! The Adjudicate tab as markup (drawn with one call): before starting, the text's
//! versions and the strategy; while adjudicating, the progress, the queue's filter and the
//! grid of the current unit, a row per annotator and a column per cell.

use crate::core::adjudication::board::{Board, Cell, Filter, Item, State};
use crate::core::annotation::gold::Strategy;
use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::Span;
use crate::core::schema::Label;
use crate::markup;
use crate::view::actions::Action;
use crate::view::markup::{text, Html, Markup};
use crate::view::words::elide;

/// The start screen: the versions of the open text, the strategy to choose and the button
/// (`resume`: the text's gold version exists).
pub fn start_html(names: &[String], resume: bool, adjudicator: &str) -> Html {
    let mut m = Markup::new();
    if names.len() < 2 {
        m.push("<p class=\"hint\" data-testid=\"adjudication-empty\">Adjudication merges two or more annotators' versions of the open text into a gold version. Add them with Open → “Add as … version”.</p>");
        return m.finish();
    }
    markup!(
        m,
        "<p>Versions of this text: ",
        text(&names.join(", ")),
        ".</p><label>Propose <select data-testid=\"adjudication-strategy\"",
        Action::Strategy,
        "><option value=\"unanimous\">only what everyone agrees on</option><option value=\"incomplete\">also what nobody disagrees on</option>"
    );
    let n = names.len();
    for k in (2..n).rev() {
        markup!(
            m,
            "<option value=\"majority",
            k,
            "\">what at least ",
            k,
            " of ",
            n,
            " agree on</option>"
        );
    }
    markup!(
        m,
        "</select></label><label>Adjudicator <input type=\"text\" id=\"",
        ADJUDICATOR_FIELD,
        "\" data-testid=\"adjudication-adjudicator\" value=\"",
        text(adjudicator),
        "\"></label><button type=\"button\" data-testid=\"adjudicate-start\"",
        Action::StartAdjudication,
        ">",
        if resume { "Resume adjudication" } else { "Adjudicate" },
        "</button><p class=\"hint\">Units every annotator marked identically go into gold at once; the rest wait for you, one key each.</p>"
    );
    m.finish()
}

/// The element id of the start screen's adjudicator field (read when adjudication starts).
pub const ADJUDICATOR_FIELD: &str = "adjudication-adjudicator";

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

/// The queue's filters: the select's value, its caption, the filter.
fn filters() -> Vec<(&'static str, String, Filter)> {
    let mut filters = vec![
        ("all", "every undecided unit".to_string(), Filter::All),
        (
            "disagreements",
            "disagreements".into(),
            Filter::Disagreements,
        ),
        ("incomplete", "incomplete units".into(), Filter::Incomplete),
    ];
    for label in Label::ALL {
        filters.push((
            label.name(),
            format!("units with a {label}"),
            Filter::Label(label),
        ));
    }
    filters
}

/// The tab while adjudicating.
pub fn board_html(screen: &Screen) -> Html {
    let board = screen.board;
    let (decided, total) = board.progress();
    // Every item is decided or in the queue of every undecided item.
    let remaining = total - decided;
    let mut m = Markup::new();
    markup!(
        m,
        "<p class=\"adj-progress\"><b data-testid=\"adjudication-progress\">",
        decided,
        " of ",
        total,
        " decided</b> · <span data-testid=\"adjudication-remaining\">",
        remaining,
        "</span> undecided</p><div class=\"adj-controls\"><label>Show <select",
        Action::Filter,
        " data-testid=\"adjudication-filter\">"
    );
    for (value, caption, filter) in filters() {
        markup!(
            m,
            "<option value=\"",
            value,
            "\"",
            (filter == screen.filter).then_some(" selected"),
            ">",
            text(&caption),
            "</option>"
        );
    }
    markup!(
        m,
        "</select></label><label><input type=\"checkbox\"",
        Action::HideNames,
        screen.hide_names.then_some(" checked"),
        "> hide names</label></div>"
    );
    match screen.current {
        None if remaining == 0 => {
            m.push("<p class=\"adj-done\" data-testid=\"adjudication-unit\">Every unit is decided: the gold version is complete. Export it from the File menu; Ctrl+Z takes decisions back.</p>");
        }
        None => {
            m.push("<p class=\"hint\" data-testid=\"adjudication-unit\">No undecided unit here: press N for the next.</p>");
        }
        Some(Item::Span(u)) => span_grid(&mut m, screen, u),
        Some(Item::Link(l)) => link_grid(&mut m, screen, l),
    }
    let n = board.versions.len();
    markup!(
        m,
        "<p class=\"hint adj-keys\"><kbd>N</kbd> / <kbd>P</kbd> next / previous · <kbd>1</kbd>–<kbd>",
        n,
        "</kbd> take a version · <kbd>Shift</kbd>+<kbd>1</kbd>–<kbd>",
        n,
        "</kbd> take the focused cell (<kbd>←</kbd> <kbd>→</kbd> move the focus) · <kbd>A</kbd> accept the majority, cell by cell (<span data-testid=\"adjudication-rule\">",
        board.majority_needed().max(2),
        " of ",
        n,
        " agree on each cell; a relation, ",
        board.majority_needed().max(2),
        " of ",
        n,
        " drew it</span>) · <kbd>X</kbd> reject · <kbd>E</kbd> edit in the text (<kbd>Enter</kbd> confirms and moves on, <kbd>Esc</kbd> comes back) · a decision moves to the next unit · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo</p>"
    );
    m.finish()
}

fn state_badge(m: &mut Markup, state: State) {
    markup!(
        m,
        "<span class=\"adj-state s-",
        state.name(),
        "\" data-testid=\"adjudication-state\">",
        state.name(),
        "</span>"
    );
}

fn span_grid(m: &mut Markup, screen: &Screen, u: usize) {
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
    markup!(
        m,
        "<div class=\"adj-unit\" data-testid=\"adjudication-unit\"><p>Unit ",
        u + 1,
        " · "
    );
    state_badge(m, board.state(u));
    m.push("</p>");
    if board.joined[u] {
        m.push("<p class=\"adj-joined\" data-testid=\"adjudication-near-duplicates\">Near-duplicates: these spans overlap and share a label, though their extents differ more than the alignment threshold allows. They are one unit here, so gold gets one span, not both.</p>");
    }
    m.push("<table class=\"adj-grid\"><thead><tr><th>annotator</th>");
    for (i, cell) in cells.iter().enumerate() {
        markup!(
            m,
            "<th",
            (i == focus).then_some(" class=\"focus\""),
            ">",
            caption(*cell),
            "</th>"
        );
    }
    m.push("</tr></thead><tbody>");
    for a in 0..board.versions.len() {
        let in_majority = majority.contains(&a);
        markup!(
            m,
            "<tr data-annotator=\"",
            a,
            "\"",
            in_majority.then_some(" class=\"majority\" title=\"the majority\""),
            "><th><kbd>",
            a + 1,
            "</kbd> ",
            text(&screen.name(a)),
            in_majority.then_some(" ★"),
            "</th>"
        );
        match board.member(u, a) {
            None => {
                markup!(
                    m,
                    "<td colspan=\"",
                    cells.len(),
                    "\" class=\"missing\">no span</td>"
                );
            }
            Some(span) => {
                for (i, cell) in cells.iter().enumerate() {
                    let shown = cell_text(screen.gold, span, *cell);
                    let differs =
                        reference.is_some_and(|r| cell_text(screen.gold, r, *cell) != shown);
                    let class = match (i == focus, differs) {
                        (true, true) => " class=\"focus differs\"",
                        (true, false) => " class=\"focus\"",
                        (false, true) => " class=\"differs\"",
                        (false, false) => "",
                    };
                    markup!(m, "<td", class, ">", text(&shown), "</td>");
                }
            }
        }
        m.push("</tr>");
    }
    // What gold has for the unit now.
    m.push("<tr class=\"gold\"><th>gold</th>");
    match board
        .gold_span(u)
        .and_then(|id| screen.gold.spans().get(id))
    {
        Some(span) => {
            for cell in &cells {
                markup!(
                    m,
                    "<td>",
                    text(&cell_text(screen.gold, span, *cell)),
                    "</td>"
                );
            }
        }
        None => {
            let what = if board.state(u) == State::Rejected {
                "rejected: not an annotation"
            } else {
                "undecided"
            };
            markup!(m, "<td colspan=\"", cells.len(), "\">", what, "</td>");
        }
    }
    m.push("</tr></tbody></table></div>");
}

fn link_grid(m: &mut Markup, screen: &Screen, l: usize) {
    let board = screen.board;
    let link = &board.links[l];
    let quote = |u: usize| {
        board
            .gold_span(u)
            .and_then(|id| screen.gold.spans().get(id))
            .map(|s| elide(screen.gold.quote(s)))
            .unwrap_or_default()
    };
    markup!(
        m,
        "<div class=\"adj-unit\" data-testid=\"adjudication-unit\"><p>Relation ",
        link.kind.name(),
        " · "
    );
    if let Some(state) = board.link_state(l) {
        state_badge(m, state);
    }
    markup!(
        m,
        "</p><p class=\"adj-link\">“",
        text(&quote(link.from)),
        "” → ",
        link.kind.name(),
        " → “",
        text(&quote(link.to)),
        "”</p><table class=\"adj-grid\"><tbody>"
    );
    for a in 0..board.versions.len() {
        markup!(
            m,
            "<tr data-annotator=\"",
            a,
            "\"><th><kbd>",
            a + 1,
            "</kbd> ",
            text(&screen.name(a)),
            "</th><td>",
            if link.members[a].is_some() {
                "has it"
            } else {
                "does not"
            },
            "</td></tr>"
        );
    }
    m.push("</tbody></table></div>");
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

//! The Adjudicate tab: starts or resumes the open text's gold version and decides its units
//! from the keyboard (`on_key`), on `core::adjudication`'s board; the tab is markup
//! (`view::adjudication`) with one change and one click handler, and the current unit's
//! spans are drawn in lanes under the text (`ui::text::lanes`).

use crate::core::adjudication::board::{
    in_input_order, start, version_of, versions_in, Act, Board, Filter, Item,
};
use crate::core::annotation::gold::Settings;
use crate::ui::context::clock::after_render;
use crate::ui::context::commands::Commands;
use crate::ui::context::redraw::Redraw;
use crate::ui::context::selection::Selection;
use crate::ui::context::ui::Ui;
use crate::ui::context::ui::{Notice, Panel};
use crate::ui::context::workspace::now;
use crate::ui::context::workspace::Store;
use crate::ui::dom::action_at;
use crate::ui::text::lanes::draw_lanes;
use crate::view::actions::Action;
use crate::view::adjudication::{
    board_html, filter_of, lanes, start_html, strategy_of, Screen, ADJUDICATOR_FIELD,
};
use crate::view::lanes::Lane;
use crate::view::markup::Html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

/// Where the adjudication of the open gold version stands (one per app, as context).
#[derive(Clone, Copy)]
pub struct Adjudication {
    /// The contexts it works with.
    store: Store,
    ui: Ui,
    redraw: Redraw,
    selection: Selection,
    commands: Commands,
    /// Everything but what is drawn, in one stored value: each stored type costs the app
    /// kilobytes.
    session: StoredValue<Session, LocalStorage>,
    html: RwSignal<Html>,
    lanes: RwSignal<Html>,
    /// Whether the open document is a gold version (the note box shows).
    on_gold: RwSignal<bool>,
}

/// What the tab remembers.
struct Session {
    /// The board, and the gold version's id it is for.
    board: Option<(String, Board)>,
    current: Option<Item>,
    /// The focused column of the grid.
    cell: usize,
    filter: Filter,
    hide_names: bool,
    /// After E: the usual keys edit the gold span until Enter or Esc.
    editing: bool,
    /// What the undo button said when E was pressed: another means the span was edited.
    before_edit: Option<String>,
    /// The strategy chosen on the start screen.
    strategy: String,
    /// The versions the board was made from (id, last edit): a version edited since (in
    /// another tab, or here before coming back) makes it anew.
    made_from: Vec<(String, i64)>,
    /// A decision was made: once gold is read back, the next undecided unit is shown.
    advance: bool,
}

/// The versions of the open gold version's text, as (id, last edit).
fn versions_stamp(store: crate::ui::context::workspace::Store) -> Vec<(String, i64)> {
    store.with_workspace(|w| {
        let (versions, _) = versions_in(w.entries(), w.current().text_sha256());
        versions
            .iter()
            .map(|v| (v.id.clone(), v.modified))
            .collect()
    })
}

impl Adjudication {
    /// A new one, with nothing started, drawing its current unit's lanes into `lanes`.
    pub fn new(
        lanes: RwSignal<Html>,
        store: Store,
        ui: Ui,
        redraw: Redraw,
        selection: Selection,
        commands: Commands,
    ) -> Self {
        Adjudication {
            store,
            ui,
            redraw,
            selection,
            commands,
            session: StoredValue::new_local(Session {
                board: None,
                current: None,
                cell: 0,
                filter: Filter::All,
                hide_names: false,
                editing: false,
                before_edit: None,
                strategy: "unanimous".into(),
                made_from: Vec::new(),
                advance: false,
            }),
            html: RwSignal::new(Html::empty()),
            lanes,
            on_gold: RwSignal::new(false),
        }
    }

    /// `f` of the board and the gold version it is for, if there is one.
    fn with_board<R>(self, f: impl FnOnce(&str, &Board) -> R) -> Option<R> {
        self.session
            .with_value(|s| s.board.as_ref().map(|(id, board)| f(id, board)))
    }

    /// Whether the adjudication keys are live (the board of the open gold version is on
    /// screen): ← and → are then the grid's, even on the side panel's tab list.
    pub fn owns_arrows(self) -> bool {
        self.active()
    }

    /// Whether the board of the open document is on screen and the keys are its own.
    fn active(self) -> bool {
        let open = self.store.current_id();
        self.ui.panel_untracked() == Panel::Adjudication
            && !self.session.with_value(|s| s.editing)
            && self.with_board(|id, _| id == open).unwrap_or(false)
    }

    /// Draws the tab (and the lanes) for the open document: the board when it is a gold
    /// version, else the start screen.
    pub fn redraw(self) {
        let store = self.store;
        let open = store.current_id();
        let is_gold = store.with_doc(|d| d.gold().is_some());
        self.on_gold.set(is_gold);
        if !is_gold {
            // Versions not yet read from storage are read first (after a reload, most are).
            let sha = store.with_workspace(|w| w.current().text_sha256().to_string());
            if store.with_workspace(|w| !w.stored_ids_with_text(&sha).is_empty()) {
                let this = self;
                wasm_bindgen_futures::spawn_local(async move {
                    if store.load_text_versions(&sha).await {
                        this.redraw();
                    }
                });
            }
            let (names, resume) = store.with_workspace(|w| {
                let sha = w.current().text_sha256().to_string();
                let (versions, gold) = versions_in(w.entries(), &sha);
                (
                    versions
                        .iter()
                        .map(|v| v.annotator.clone())
                        .collect::<Vec<_>>(),
                    gold.is_some(),
                )
            });
            self.html
                .set(start_html(&names, resume, &store.annotator_untracked()));
            self.lanes.set(Html::empty());
            return;
        }
        let stamp = versions_stamp(store);
        let fresh = self.with_board(|id, _| id != open).unwrap_or(true)
            || self.session.with_value(|s| s.made_from != stamp);
        if fresh {
            // The versions as they are now (read from storage first: they may be unopened).
            let this = self;
            wasm_bindgen_futures::spawn_local(async move {
                store.load_all().await;
                let board = store.with_workspace(|w| {
                    let gold = w.current();
                    let (versions, _) = versions_in(w.entries(), gold.text_sha256());
                    let versions = in_input_order(versions, &gold.doc);
                    let settings = gold.doc.gold().map(|g| g.info.settings).unwrap_or_default();
                    Board::new(
                        versions.into_iter().map(version_of).collect(),
                        settings,
                        &gold.doc,
                    )
                });
                let stamp = versions_stamp(store);
                this.session.update_value(|s| {
                    s.board = Some((store.current_id(), board));
                    s.current = None;
                    s.made_from = stamp;
                });
                this.step(true);
            });
            return;
        }
        let markup = self.session.with_value(|s| {
            let (_, board) = s.board.as_ref()?;
            Some(store.with_doc(|gold| {
                board_html(&Screen {
                    board,
                    gold,
                    current: s.current,
                    cell: s.cell,
                    filter: s.filter,
                    hide_names: s.hide_names,
                })
            }))
        });
        if let Some(markup) = markup {
            self.html.set(markup);
        }
        self.draw_lanes();
    }

    /// Reads the gold version again (after a decision, an undo or a redo) and redraws.
    pub fn catch_up(self) {
        let open = self.store.current_id();
        let complete = self.session.try_update_value(|s| {
            let (_, board) = s.board.as_mut().filter(|(id, _)| *id == open)?;
            self.store.with_doc(|gold| board.read(gold));
            let (decided, total) = board.progress();
            Some(decided == total && total > 0)
        });
        // The file says when the last unit was decided (and not, once one is undecided again).
        if let Some(Some(complete)) = complete {
            let finished = self
                .store
                .with_doc(|d| d.gold().and_then(|g| g.info.finished));
            if complete != finished.is_some() {
                self.commands
                    .decide(|gold| Ok(gold.set_finished(complete.then(now))));
            }
        }
        let advance = self
            .session
            .try_update_value(|s| std::mem::take(&mut s.advance))
            .unwrap_or(false);
        if advance {
            self.step(true);
        } else {
            self.redraw();
        }
    }

    /// Starts the open text's gold version, or opens the one it has.
    fn start(self) {
        let store = self.store;
        let (strategy, majority) = strategy_of(&self.session.with_value(|s| s.strategy.clone()));
        let adjudicator = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(ADJUDICATOR_FIELD))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map_or_else(
                || store.annotator_untracked(),
                |e| e.value().trim().to_string(),
            );
        let existing = store.with_workspace(|w| {
            versions_in(w.entries(), w.current().text_sha256())
                .1
                .map(|g| g.id.clone())
        });
        if let Some(id) = existing {
            store.switch_to(&id);
            after_render(move || self.redraw());
            return;
        }
        if adjudicator.trim().is_empty() {
            self.ui.tell(Notice::Info(
                "Type the adjudicator’s name first: gold records who decided.".into(),
            ));
            return;
        }
        let this = self;
        wasm_bindgen_futures::spawn_local(async move {
            store.load_all().await;
            let settings = Settings {
                strategy,
                majority,
                ..Settings::default()
            };
            let made = store.with_workspace(|w| {
                let (versions, _) = versions_in(w.entries(), w.current().text_sha256());
                let template = versions.first()?;
                let (gold, board) = start(
                    &template.doc,
                    versions.iter().map(|v| version_of(v)).collect(),
                    settings,
                    &adjudicator,
                    now(),
                );
                let mut entry = crate::core::workspace::DocEntry::new(
                    String::new(),
                    gold,
                    adjudicator.clone(),
                    now(),
                );
                let title = format!("{} (gold)", template.display_title());
                entry.set_title(title);
                Some((entry, board))
            });
            let Some((mut entry, board)) = made else {
                return;
            };
            entry.id = crate::ui::context::workspace::fresh_doc_id();
            let id = store.add_entry(entry, None);
            let stamp = versions_stamp(store);
            this.session.update_value(|s| {
                s.board = Some((id, board));
                s.current = None;
                s.made_from = stamp;
            });
            after_render(move || this.step(true));
        });
    }

    /// Moves to the next (or previous) undecided unit in the queue and shows it.
    fn step(self, forward: bool) {
        let next = self.session.with_value(|s| {
            let (_, board) = s.board.as_ref()?;
            board.step(&board.queue(s.filter), s.current, forward)
        });
        self.session.update_value(|s| s.current = next);
        if let Some(item) = next {
            let at = self.with_board(|_, board| board.place(item));
            if let Some(at) = at {
                self.redraw.scroll_to(at);
            }
        }
        after_render(move || self.redraw());
    }

    /// Makes a decision on the current unit and shows it. One key per unit: a whole decision
    /// brings the next undecided unit then (taking one cell does not, the rest of the unit
    /// being still to decide; nor an edit after E, which Esc brings back to and Enter moves
    /// on from).
    fn act(self, act: Act) {
        let whole = !matches!(act, Act::Cell(..) | Act::Edited);
        self.decide(act, whole);
    }

    /// Makes a decision on the current unit, moving on after it when `advance`; true when it
    /// was made.
    fn decide(self, act: Act, advance: bool) -> bool {
        let Some(item) = self.session.with_value(|s| s.current) else {
            self.ui.tell(Notice::Info(
                "Press N to go to the next undecided unit.".into(),
            ));
            return false;
        };
        // Decided by the gold version's adjudicator (the workspace may have no name, or
        // another's).
        let by = self
            .store
            .with_workspace(|w| w.current().annotator.trim().to_string());
        let by = if by.is_empty() {
            self.store.annotator_untracked()
        } else {
            by
        };
        // Shown by the tab's effect, which follows every change to the document.
        self.session.update_value(|s| s.advance = advance);
        let decided = self.session.with_value(|s| {
            s.board.as_ref().is_some_and(|(_, board)| {
                self.commands
                    .decide(|gold| board.act(gold, item, &act, &by, now()))
            })
        });
        if !decided {
            self.session.update_value(|s| s.advance = false);
        }
        decided
    }

    /// The adjudication keys; true when the key was one.
    pub fn on_key(self, ev: &KeyboardEvent) -> bool {
        let key = ev.key();
        if self.session.with_value(|s| s.editing) {
            // E, then the usual keys; Enter confirms and moves on, Esc comes back.
            if key == "Escape" || key == "Enter" {
                self.session.update_value(|s| s.editing = false);
                if self.commands.undo_description()
                    != self.session.with_value(|s| s.before_edit.clone())
                {
                    self.act(Act::Edited);
                }
                if key == "Enter" {
                    ev.prevent_default();
                    self.step(true);
                    return true;
                }
                self.catch_up();
            }
            return false;
        }
        if !self.active() {
            return false;
        }
        let item = self.session.with_value(|s| s.current);
        let span_unit = match item {
            Some(Item::Span(u)) => Some(u),
            _ => None,
        };
        let digit = ev
            .code()
            .strip_prefix("Digit")
            .and_then(|d| d.parse::<usize>().ok());
        match (key.as_str(), digit) {
            ("n" | "N", _) | ("Enter", _) => self.step(true),
            ("p" | "P", _) => self.step(false),
            ("ArrowLeft" | "ArrowRight", _) => {
                let count = span_unit
                    .and_then(|u| self.with_board(|_, board| board.columns(u).len()))
                    .unwrap_or(1);
                let cell = self.session.with_value(|s| s.cell).min(count - 1);
                let cell = if key == "ArrowRight" {
                    (cell + 1) % count
                } else {
                    (cell + count - 1) % count
                };
                self.session.update_value(|s| s.cell = cell);
                self.redraw();
            }
            (_, Some(k)) if (1..=9).contains(&k) && ev.shift_key() => {
                self.act(Act::Cell(k - 1, self.session.with_value(|s| s.cell)))
            }
            (_, Some(k)) if (1..=9).contains(&k) => self.act(Act::Take(k - 1)),
            ("a" | "A", _) => self.act(Act::Accept),
            ("x" | "X", _) => self.reject(),
            ("e" | "E", _) => {
                let gold_span = |_: ()| {
                    span_unit.and_then(|u| self.with_board(|_, board| board.gold_span(u)).flatten())
                };
                // An undecided unit is edited from where A would take it (the cell-wise
                // majority), else from its first annotator's span: taken, then edited.
                if let (None, Some(u)) = (gold_span(()), span_unit) {
                    let start = self.with_board(|_, board| match board.cell_majority(u) {
                        Ok(_) => Some(Act::Accept),
                        Err(_) => board.units[u].annotators().next().map(Act::Take),
                    });
                    // Read back at once (the tab's effect would, a moment later).
                    if start
                        .flatten()
                        .is_some_and(|start| self.decide(start, false))
                    {
                        self.catch_up();
                    }
                }
                match gold_span(()) {
                    Some(id) => {
                        self.session.update_value(|s| s.editing = true);
                        self.session
                            .update_value(|s| s.before_edit = self.commands.undo_description());
                        self.selection.reveal(id);
                        self.redraw.focus_text();
                        self.ui.tell(Notice::Info("Editing the gold span with the usual keys (label keys, J / K, the span editor); Enter or Esc goes back to adjudicating.".into()));
                    }
                    None => self.ui.tell(Notice::Info(
                        "Only a unit of spans is edited in the text: take a version first (1–9)."
                            .into(),
                    )),
                }
            }
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    /// X: the current unit is not an annotation, with the note typed in the tab, if any.
    fn reject(self) {
        let note = self.ask_note();
        self.act(Act::Reject(note));
    }

    /// The note of a rejection, from the tab's note box (emptied for the next).
    fn ask_note(self) -> String {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("adjudication-note"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        field.map_or_else(String::new, |f| {
            let note = f.value();
            f.set_value("");
            note
        })
    }

    /// Draws the current unit's spans in lanes under the text, one lane per annotator.
    fn draw_lanes(self) {
        let shown = self.session.with_value(|s| {
            let (_, board) = s.board.as_ref()?;
            s.current.map(|item| lanes(board, item))
        });
        let Some((state, extents)) = shown else {
            self.lanes.set(Html::empty());
            return;
        };
        let lanes = extents
            .into_iter()
            .map(|(lane, start, end)| Lane {
                lane,
                start,
                end,
                name: None,
            })
            .collect();
        draw_lanes(self.redraw, self.store, state.name(), lanes, self.lanes);
    }
}

/// The Adjudicate tab (`adjudication-panel`).
#[component]
pub fn AdjudicationPanel() -> impl IntoView {
    let redraw = expect_context::<Redraw>();
    let store = expect_context::<Store>();
    let adjudication = expect_context::<Adjudication>();
    // Drawn again after every edit, undo and redo, and when another document opens.
    Effect::new(move |_| {
        redraw.track_history();
        store.track_docs();
        adjudication.catch_up();
    });
    let on_change = move |ev: web_sys::Event| {
        let Some((action, control)) = action_at(&ev) else {
            return;
        };
        let value = || {
            control
                .dyn_ref::<web_sys::HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default()
        };
        match action {
            Action::Strategy => adjudication.session.update_value(|s| s.strategy = value()),
            Action::Filter => {
                adjudication.session.update_value(|s| {
                    s.filter = filter_of(&value());
                    s.current = None;
                });
                adjudication.step(true);
            }
            Action::HideNames => {
                let hide = control
                    .dyn_ref::<web_sys::HtmlInputElement>()
                    .is_some_and(|input| input.checked());
                adjudication.session.update_value(|s| s.hide_names = hide);
                adjudication.redraw();
            }
            _ => {}
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some((Action::StartAdjudication, _)) = action_at(&ev) {
            adjudication.start();
        }
    };
    // Enter in the note box rejects the current unit with the note, and the keys go back to
    // the text.
    let on_note_key = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && adjudication.active() {
            ev.prevent_default();
            adjudication.reject();
            redraw.focus_text();
        }
    };
    view! {
        <section class="adjudication" data-testid="adjudication-panel">
            <div inner_html=move || adjudication.html.get().into_string() on:change=on_change on:click=on_click></div>
            // Outside the markup: a redraw never takes what is typed here.
            <label class="adj-note" class:hidden=move || !adjudication.on_gold.get()>
                "Note for a rejection (Enter rejects): "
                <input id="adjudication-note" type="text" data-testid="adjudication-note" on:keydown=on_note_key />
            </label>
        </section>
    }
}

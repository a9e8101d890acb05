//! The app shell: header and toolbar, the document with its palette, and the side panel.

use crate::browser::files::files_of;
use crate::core::annotation::model::Annotated;
use crate::core::workspace::DocEntry;
use crate::ui::context::autosave::Saver;
use crate::ui::context::commands::Commands;
use crate::ui::context::ui::{Notice, Panel, Ui};
use crate::ui::context::workspace::{now, Store};
use crate::ui::context::Contexts;
use crate::ui::files::{take_files, FileMenu, ImportDialog, ImportProgressBar, Importer};
use crate::ui::keyboard;
use crate::ui::palette::Palette;
use crate::ui::panels::agreement::AgreementPanel;
use crate::ui::panels::guidelines::Guidelines;
use crate::ui::panels::metadata::MetadataForm;
use crate::ui::panels::span_editor::SpanEditor;
use crate::ui::panels::span_list::{RelationList, SpanList};
use crate::ui::panels::workspace::WorkspacePanel;
use crate::ui::sample::{sample_metadata, SAMPLE_TEXT};
use crate::ui::text::doc_view::DocView;
use crate::ui::toolbar::{OpenDocument, Search, SnapToggle, UndoRedo};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The whole application. Opens on the built-in sample document.
#[component]
pub fn App() -> impl IntoView {
    // The page is drawn at once, on an empty placeholder; the workspace is read from storage
    // meanwhile.
    let contexts = Contexts::new(Store::loading());
    contexts.provide();
    let Contexts {
        ui,
        store,
        redraw,
        selection,
        commands,
        ..
    } = contexts;
    let saver = Saver::new(store);
    provide_context(saver);
    wasm_bindgen_futures::spawn_local(crate::ui::context::autosave::start(saver, || {
        let sample = Annotated::new(SAMPLE_TEXT.to_string(), sample_metadata());
        DocEntry::new("sample".into(), sample, String::new(), now())
    }));
    let lanes = crate::ui::text::lanes::TextLanes::new();
    provide_context(lanes);
    crate::ui::popovers::close_on_escape_or_outside_click();
    let importer = Importer::from_context();
    provide_context(crate::ui::corpus::CorpusExport(RwSignal::new(false)));
    let adjudication = crate::ui::panels::adjudication::Adjudication::new(
        lanes.unit, store, ui, redraw, selection, commands,
    );
    provide_context(adjudication);
    // Offline after the first load; a newly deployed version is announced, never forced.
    let update_ready = crate::ui::banners::UpdateReady(RwSignal::new(false));
    provide_context(update_ready);
    crate::browser::offline::register(move || update_ready.0.set(true));

    let keys = window_event_listener(ev::keydown, move |e| {
        keyboard::on_keydown(contexts, adjudication, &e)
    });
    // Files dropped anywhere on the page are imported (Avow files) or opened (texts); the
    // browser must not navigate to them.
    let drag = window_event_listener(ev::dragover, |e| e.prevent_default());
    let drop = window_event_listener(ev::drop, move |e| {
        e.prevent_default();
        take_files(
            importer,
            files_of(e.data_transfer().and_then(|d| d.files())),
        );
    });
    // Leaving or hiding the page writes whatever is still waiting.
    let hide = window_event_listener(ev::pagehide, move |_| saver.closing());
    // A page with no beforeunload listener may be torn down without its pagehide when the
    // browser quits (Chromium's fast shutdown); this one asks nothing, so that the tab's
    // session ends cleanly and the next start does not report a crash.
    let before_unload = window_event_listener(ev::beforeunload, |_| {});
    let visibility = gloo::events::EventListener::new(&document(), "visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            saver.flush_and_journal();
        }
    });
    let visibility = StoredValue::new_local(Some(visibility));
    // The side panel says what a selection would become as it is made.
    let selection = gloo::events::EventListener::new(&document(), "selectionchange", move |_| {
        selection.check_text_selection_soon();
    });
    let selection = StoredValue::new_local(Some(selection));
    on_cleanup(move || {
        keys.remove();
        drag.remove();
        drop.remove();
        hide.remove();
        before_unload.remove();
        visibility.update_value(|v| drop_listener(v.take()));
        selection.update_value(|v| drop_listener(v.take()));
    });
    // The text takes the keyboard at start, so annotating needs no mouse.
    Effect::new(move |_| {
        if redraw.text_root().get().is_some() {
            redraw.focus_text();
        }
    });

    // Agreement and Adjudicate are a workbench: they take the wide pane, the text beside (or,
    // on narrow windows, above) them. The text's width changes with it, so whatever follows
    // the text's lines (pages, lanes, arcs, the span list's rows) is measured again as after a
    // window's resize.
    let workbench =
        Memo::new(move |_| matches!(ui.panel(), Panel::Agreement | Panel::Adjudication));
    Effect::new(move |before: Option<bool>| {
        let now = workbench.get();
        if before.is_some_and(|b| b != now) {
            crate::ui::context::clock::after_render(|| {
                if let (Some(window), Ok(resize)) =
                    (web_sys::window(), web_sys::Event::new("resize"))
                {
                    let _ = window.dispatch_event(&resize);
                }
            });
        }
        now
    });
    // On narrow windows the side panel is a bottom sheet, which the user can enlarge.
    let sheet_expanded = RwSignal::new(false);
    let title = move || {
        redraw.track_meta();
        store.with_doc(|d| d.meta().title.clone())
    };
    view! {
        <header class="app-header">
            <h1 class="brand">"Avow"</h1>
            <span class="doc-title" data-testid="doc-title">{title}</span>
            <OpenDocument />
            <FileMenu />
            <UndoRedo />
            <SnapToggle />
            <Search />
        </header>
        <NoticeBar />
        // Edits and moves, said to screen readers (the visible notice says the rest).
        <div class="visually-hidden" role="status" aria-live="polite" data-testid="live-region">
            {move || ui.announcement()}
        </div>
        <crate::ui::banners::Banners />
        <ImportDialog />
        <ImportProgressBar />
        <crate::ui::corpus::CorpusDialog />
        <main class="workspace" class:workbench=move || workbench.get()>
            <section class="doc-pane" aria-label="Document">
                <Palette />
                <Show
                    when=move || saver.ready.get()
                    fallback=|| view! { <p class="doc-loading" data-testid="workspace-loading">"Opening your workspace…"</p> }
                >
                    <DocView />
                </Show>
            </section>
            <aside class="side-panel" class:expanded=move || sheet_expanded.get() aria-label="Side panel">
                <SidePanel sheet_expanded />
            </aside>
        </main>
    }
}

/// The message line: errors stay until dismissed, information too (so tests and people can
/// read it), and a new message replaces the old.
#[component]
fn NoticeBar() -> impl IntoView {
    let commands = expect_context::<Commands>();
    let ui = expect_context::<Ui>();
    move || {
        ui.notice().map(|notice| {
            let mut report = false;
            let (class, testid, text, undo) = match notice {
                Notice::Error(text) => ("notice error", "error-message", text, false),
                Notice::Info(text) => ("notice info", "info-message", text, false),
                Notice::Deleted(title) => {
                    ("notice info", "info-message", format!("Deleted “{title}”."), true)
                }
                Notice::Report { text, refused } => {
                    report = true;
                    if refused {
                        ("notice error", "error-message", text, false)
                    } else {
                        ("notice info", "info-message", text, false)
                    }
                }
            };
            view! {
                <div class=format!("{class} toast") data-testid=testid role="status">
                    <span class="notice-text" data-testid=report.then_some("import-report")>{text}</span>
                    {undo
                        .then(|| {
                            view! {
                                <button data-testid="undo-delete" on:click=move |_| commands.restore_deleted()>
                                    "Undo"
                                </button>
                            }
                        })}
                    <button class="dismiss" aria-label="Dismiss" on:click=move |_| ui.dismiss()>"×"</button>
                </div>
            }
        })
    }
}

/// The side panel's tabs, in order, with their captions and test ids.
const TABS: [(Panel, &str, &str); 6] = [
    (Panel::Workspace, "Workspace", "tab-workspace"),
    (Panel::Spans, "Spans", "tab-spans"),
    (Panel::Document, "Document", "tab-document"),
    (Panel::Guidelines, "Guidelines", "guidelines"),
    (Panel::Agreement, "Agreement", "agreement-tab"),
    (Panel::Adjudication, "Adjudicate", "adjudication-tab"),
];

/// The side panel's tabs: workspace, spans (list and editor), document metadata, guidelines,
/// agreement.
/// A tablist as ARIA describes it: one tab stop (the selected tab), the arrow keys, Home and
/// End to move between tabs, and the panel labelled by its tab and focusable (it scrolls).
#[component]
fn SidePanel(
    /// Whether the panel, shown as a bottom sheet on narrow windows, is enlarged.
    sheet_expanded: RwSignal<bool>,
) -> impl IntoView {
    let ui = expect_context::<Ui>();
    let tab_list = NodeRef::<leptos::html::Div>::new();
    let adjudication = expect_context::<crate::ui::panels::adjudication::Adjudication>();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        // While adjudicating, ← and → move the grid's focused column (the app's keys): the
        // tabs are left with Home, End or Tab.
        if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") && adjudication.owns_arrows() {
            return;
        }
        let current = TABS
            .iter()
            .position(|(p, _, _)| *p == ui.panel_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % TABS.len(),
            "ArrowLeft" => (current + TABS.len() - 1) % TABS.len(),
            "Home" => 0,
            "End" => TABS.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        ui.show(TABS[next].0);
        if let Some(list) = tab_list.get_untracked() {
            if let Ok(Some(tab)) = list.query_selector(&format!("#{}", tab_id(TABS[next].2))) {
                let _ = tab.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    };
    let tab = move |(panel, caption, testid): (Panel, &'static str, &'static str)| {
        let selected = move || ui.panel() == panel;
        view! {
            <button
                role="tab"
                id=tab_id(testid)
                data-testid=testid
                aria-controls="side-tabpanel"
                class:active=selected
                aria-selected=move || selected().to_string()
                tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |_| ui.show(panel)
            >
                {caption}
            </button>
        }
    };
    let labelled_by = move || {
        TABS.iter()
            .find(|(p, _, _)| *p == ui.panel())
            .map(|(_, _, testid)| tab_id(testid))
            .unwrap_or_default()
    };
    view! {
        <button
            class="sheet-toggle"
            data-testid="sheet-toggle"
            aria-controls="side-tabpanel"
            aria-expanded=move || sheet_expanded.get().to_string()
            on:click=move |_| sheet_expanded.update(|e| *e = !*e)
        >
            {move || if sheet_expanded.get() { "▾ Smaller panel" } else { "▴ Larger panel" }}
        </button>
        <div class="tabs" role="tablist" aria-label="Side panel tabs" node_ref=tab_list on:keydown=on_keydown>
            {TABS.into_iter().map(tab).collect_view()}
        </div>
        <div class="tab-body" role="tabpanel" id="side-tabpanel" tabindex="0" aria-labelledby=labelled_by>
            {move || match ui.panel() {
                Panel::Workspace => view! { <WorkspacePanel /> }.into_any(),
                Panel::Spans => view! { <SpanEditor /> <RelationList /> <SpanList /> }.into_any(),
                Panel::Document => view! { <MetadataForm /> }.into_any(),
                Panel::Guidelines => view! { <Guidelines /> }.into_any(),
                Panel::Agreement => view! { <AgreementPanel /> }.into_any(),
                Panel::Adjudication => view! { <crate::ui::panels::adjudication::AdjudicationPanel /> }.into_any(),
            }}
        </div>
    }
}

/// A tab's element id, from its test id.
fn tab_id(testid: &str) -> String {
    format!("side-{testid}")
}

fn drop_listener(listener: Option<gloo::events::EventListener>) {
    drop(listener);
}

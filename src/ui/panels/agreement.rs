//! The Agreement tab: the workspace's texts with several annotators' versions, scored by
//! `core::agreement`, whose view is drawn as markup (`view::agreement`) with one change
//! handler and one click handler for all its controls.

use crate::browser::download::{download, download_bytes};
use crate::core::agreement::corpus::{counted_by_default, Corpus};
use crate::core::agreement::export::{pygamma_csv, reliability_csv, report_csv};
use crate::core::agreement::paper::{paper_csv, paragraph, AgainstGold};
use crate::core::agreement::report::Report;
use crate::core::agreement::Settings;
use crate::core::formats::{zip, OutFile};
use crate::core::workspace::{slug, Workspace};
use crate::ui::context::clock::{after_ms, after_render};
use crate::ui::context::redraw::Redraw;
use crate::ui::context::selection::Selection;
use crate::ui::context::ui::Panel;
use crate::ui::context::ui::Ui;
use crate::ui::context::workspace::{now, Store};
use crate::ui::dom::action_at;
use crate::ui::text::lanes::{draw_lanes, TextLanes};
use crate::view::actions::{Action, AgreementExport};
use crate::view::agreement::{agreement_html, Choice, Focus, Target};
use crate::view::markup::Html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long after the documents' last change the tab is computed again.
const REFRESH_AFTER_MS: u32 = 300;

/// What the tab remembers between redraws.
#[derive(Default)]
struct Shown {
    choice: Option<Choice>,
    focus: Option<Focus>,
    report: Option<Report>,
    gold: Vec<AgainstGold>,
    /// The versions the lanes drawn open, by place (see `Action::OpenVersion`).
    targets: Vec<Target>,
}

/// The Agreement tab (`agreement-tab`).
#[component]
pub fn AgreementPanel() -> impl IntoView {
    let text = expect_context::<Redraw>();
    let selection = expect_context::<Selection>();
    let ui = expect_context::<Ui>();
    let store = expect_context::<Store>();
    let followed = use_context::<TextLanes>();
    let html = RwSignal::new(Html::empty());
    let shown = StoredValue::new_local(Shown::default());
    let redraw = move || {
        let view = store.with_workspace(|w| {
            let corpus = Corpus::of(w.entries());
            let texts = corpus.texts();
            let mut state = shown.write_value();
            let fits = state.choice.as_ref().is_some_and(|c| {
                c.annotators.len() == corpus.names.len() && c.texts.len() == texts.len()
            });
            if !fits {
                state.choice = Some(Choice {
                    annotators: counted_by_default(&corpus.names),
                    texts: vec![true; texts.len()],
                    settings: Settings::default(),
                });
                state.focus = None;
            }
            let choice = state.choice.clone().unwrap_or_else(|| unreachable!());
            agreement_html(&texts, &corpus.names, &choice, state.focus)
        });
        shown.update_value(|s| {
            s.report = view.report;
            s.gold = view.gold;
            s.targets = view.targets;
        });
        html.set(view.html);
    };
    // Drawn at once, then again a moment after the documents change (a version added,
    // edited or deleted), when they differ from what was drawn. Every version is read from
    // storage first (the workspace may hold them unopened).
    let drawn_from = StoredValue::new(0u64);
    let generation = StoredValue::new(0u64);
    let refresh = move || {
        let stamp = store.with_workspace(Workspace::stamp);
        if stamp != drawn_from.get_value() {
            drawn_from.set_value(stamp);
            wasm_bindgen_futures::spawn_local(async move {
                store.load_all().await;
                redraw();
            });
        }
    };
    Effect::new(move |first: Option<()>| {
        store.track_docs();
        if first.is_none() {
            return refresh();
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        after_ms(REFRESH_AFTER_MS, move || {
            if generation.try_get_value() == Some(mine) {
                refresh();
            }
        });
    });
    let on_change = move |ev: web_sys::Event| {
        let Some((action, control)) = action_at(&ev) else {
            return;
        };
        let checked = control
            .dyn_ref::<web_sys::HtmlInputElement>()
            .is_some_and(|input| input.checked());
        shown.update_value(|s| {
            let Some(c) = s.choice.as_mut() else {
                return;
            };
            match action {
                Action::ChooseAnnotator(i) => {
                    if let Some(x) = c.annotators.get_mut(i) {
                        *x = checked;
                    }
                    // Pairs are counted among the chosen annotators: a pair shown may be gone.
                    s.focus = None;
                }
                Action::ChooseText(i) => {
                    if let Some(x) = c.texts.get_mut(i) {
                        *x = checked;
                    }
                }
                Action::UnsetIsValue => c.settings.unset_is_value = checked,
                Action::Iou => {
                    let percent = control
                        .dyn_ref::<web_sys::HtmlSelectElement>()
                        .and_then(|select| select.value().parse::<u32>().ok());
                    if let Some(percent) = percent {
                        c.settings.iou = f64::from(percent) / 100.0;
                    }
                }
                _ => {}
            }
        });
        redraw();
    };
    // The list of a pair's or a label's disagreements, drawn, takes the focus and comes into
    // view, where it would otherwise open far below what was clicked.
    let list = move |focus: Focus| {
        shown.update_value(|s| s.focus = Some(focus));
        redraw();
        after_render(|| {
            let heading = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector("[data-testid=agreement-disagreements] h2")
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(heading) = heading {
                let _ = heading.focus();
                heading.scroll_into_view();
            }
        });
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some((action, _)) = action_at(&ev) else {
            return;
        };
        match action {
            Action::Pair(a, b) => list(Focus::Pair(a, b)),
            Action::FocusLabel(label) => list(Focus::Label(label)),
            Action::FocusAttribute(attribute) => list(Focus::Attribute(attribute)),
            Action::OpenVersion(place) => {
                let Some(target) = shown.with_value(|s| s.targets.get(place).cloned()) else {
                    return;
                };
                store.switch_to(&target.doc);
                ui.show(Panel::Spans);
                after_render(move || {
                    selection.reveal(target.span);
                    // The unit's spans, every annotator's, in lanes under the text there.
                    if let Some(followed) = followed {
                        followed.doc.set(Some(target.doc));
                        draw_lanes(text, store, "disagreeing", target.lanes, followed.markup);
                    }
                });
            }
            Action::AgreementExport(kind) => export(store, shown, kind),
            _ => {}
        }
    };
    // A heatmap cell or a bar (SVG, not buttons) answers Enter and Space as a button does.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if !matches!(ev.key().as_str(), "Enter" | " ") {
            return;
        }
        match action_at(&ev) {
            Some((Action::Pair(a, b), _)) => list(Focus::Pair(a, b)),
            Some((Action::FocusLabel(label), control)) if control.tag_name() == "g" => {
                list(Focus::Label(label))
            }
            _ => return,
        }
        // Not the app's keys too (Enter there opens the span editor).
        ev.prevent_default();
        ev.stop_propagation();
    };
    view! {
        <section class="agreement" data-testid="agreement-panel" inner_html=move || html.get().into_string() on:change=on_change on:click=on_click on:keydown=on_keydown></section>
    }
}

/// Downloads the report (JSON or CSV) or the data for other tools.
fn export(store: Store, shown: StoredValue<Shown, LocalStorage>, kind: AgreementExport) {
    let stamp = crate::core::time::date_from_ms(now());
    match kind {
        AgreementExport::Json | AgreementExport::Csv => shown.with_value(|s| {
            if let Some(report) = &s.report {
                if kind == AgreementExport::Json {
                    download(
                        &format!("agreement-{stamp}.json"),
                        &report.to_json(),
                        "application/json",
                    );
                } else {
                    download(
                        &format!("agreement-{stamp}.csv"),
                        &report_csv(report),
                        "text/csv",
                    );
                }
            }
        }),
        AgreementExport::Paper => shown.with_value(|s| {
            if let Some(report) = &s.report {
                let files = [
                    OutFile {
                        name: "agreement-table.csv".into(),
                        bytes: paper_csv(report, &s.gold).into_bytes(),
                    },
                    OutFile {
                        name: "agreement-paragraph.txt".into(),
                        bytes: format!("{}\n", paragraph(report, &s.gold)).into_bytes(),
                    },
                ];
                download_bytes(
                    &format!("agreement-paper-{stamp}.zip"),
                    &zip::write(&files),
                    "application/zip",
                );
            }
        }),
        AgreementExport::Pygamma | AgreementExport::Matrix => {
            // One CSV per text, as each tool reads one text at a time: a ZIP of them.
            let pygamma = kind == AgreementExport::Pygamma;
            let settings = shown
                .with_value(|s| s.choice.as_ref().map(|c| c.settings))
                .unwrap_or_default();
            let files = store.with_workspace(|w| {
                let corpus = Corpus::of(w.entries());
                corpus
                    .texts()
                    .iter()
                    .map(|t| OutFile {
                        name: format!(
                            "{}-{}.csv",
                            slug(t.title, 40),
                            &t.sha256[..8.min(t.sha256.len())]
                        ),
                        bytes: if pygamma {
                            pygamma_csv(t)
                        } else {
                            reliability_csv(t, settings, None)
                        }
                        .into_bytes(),
                    })
                    .collect::<Vec<_>>()
            });
            download_bytes(
                &format!(
                    "agreement-{}-{stamp}.zip",
                    if pygamma { "pygamma" } else { "matrix" }
                ),
                &zip::write(&files),
                "application/zip",
            );
        }
    }
}

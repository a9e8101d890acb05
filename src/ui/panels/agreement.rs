//! The Agreement tab: the workspace's texts with several annotators' versions, scored by
//! `core::agreement`, whose view is drawn as markup (`view::agreement`) with one change
//! handler and one click handler for all its controls.

use crate::browser::download::{download, download_bytes};
use crate::browser::events::attribute_at_target;
use crate::core::agreement::export::{pygamma_csv, reliability_csv};
use crate::core::agreement::report::Report;
use crate::core::agreement::Settings;
use crate::core::annotation::span::SpanId;
use crate::core::formats::{zip, OutFile};
use crate::core::schema::Label;
use crate::core::workspace::{slug, Workspace};
use crate::ui::context::ui::Panel;
use crate::ui::context::workspace::{now, Store};
use crate::ui::editor::{after_render, Editor};
use crate::ui::text::lanes::{draw_lanes, FollowedLanes, Lane};
use crate::view::agreement::{agreement_html, report_csv, Choice, Corpus, Focus};
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
}

/// The Agreement tab (`agreement-tab`).
#[component]
pub fn AgreementPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let store = expect_context::<Store>();
    let followed = use_context::<FollowedLanes>();
    let html = RwSignal::new(String::from("<p class=\"hint\">Reading the workspace…</p>"));
    let shown = StoredValue::new_local(Shown::default());
    let redraw = move || {
        let (markup, report) = store.with_workspace(|w| {
            let corpus = Corpus::of(w.entries());
            let texts = corpus.texts();
            let mut state = shown.write_value();
            let fits = state.choice.as_ref().is_some_and(|c| {
                c.annotators.len() == corpus.names.len() && c.texts.len() == texts.len()
            });
            if !fits {
                state.choice = Some(Choice {
                    annotators: vec![true; corpus.names.len()],
                    texts: vec![true; texts.len()],
                    settings: Settings::default(),
                });
                state.focus = None;
            }
            let choice = state.choice.clone().unwrap_or_else(|| unreachable!());
            agreement_html(&texts, &corpus.names, &choice, state.focus)
        });
        shown.update_value(|s| s.report = report);
        html.set(markup);
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
                store.saver().load_all(store).await;
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
        gloo::timers::callback::Timeout::new(REFRESH_AFTER_MS, move || {
            if generation.try_get_value() == Some(mine) {
                refresh();
            }
        })
        .forget();
    });
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            // The IoU threshold, a select.
            if let Some(select) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                if let Ok(percent) = select.value().parse::<u32>() {
                    shown.update_value(|s| {
                        if let Some(c) = s.choice.as_mut() {
                            c.settings.iou = f64::from(percent) / 100.0;
                        }
                    });
                }
            }
            redraw();
            return;
        };
        let on = input.checked();
        let index = |name: &str| {
            input
                .get_attribute(name)
                .and_then(|v| v.parse::<usize>().ok())
        };
        shown.update_value(|s| {
            let Some(c) = s.choice.as_mut() else {
                return;
            };
            if let Some(i) = index("data-annotator") {
                if let Some(x) = c.annotators.get_mut(i) {
                    *x = on;
                }
                // Pairs are counted among the chosen annotators: a pair shown may be gone.
                s.focus = None;
            } else if let Some(i) = index("data-text") {
                if let Some(x) = c.texts.get_mut(i) {
                    *x = on;
                }
            } else if input.has_attribute("data-unset") {
                c.settings.unset_is_value = on;
            }
        });
        redraw();
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let attribute = |selector: &str, name: &str| attribute_at_target(&ev, selector, name);
        if let Some(pair) = attribute("[data-pair]", "data-pair") {
            let mut parts = pair.split('|').filter_map(|p| p.parse::<usize>().ok());
            if let (Some(a), Some(b)) = (parts.next(), parts.next()) {
                shown.update_value(|s| s.focus = Some(Focus::Pair(a, b)));
                redraw();
            }
        } else if let Some(label) = attribute("[data-label]", "data-label") {
            shown.update_value(|s| s.focus = Label::from_name(&label).map(Focus::Label));
            redraw();
        } else if let Some(open) = attribute("[data-open]", "data-open") {
            if let Some((id, span)) = open.split_once('|') {
                let span = span.parse::<u64>().ok().map(SpanId);
                let lanes = unit_lanes(&target);
                let id = id.to_string();
                store.switch_to(&id);
                editor.ui().show(Panel::Spans);
                after_render(move || {
                    if let Some(span) = span {
                        editor.reveal(span);
                    }
                    // The unit's spans, every annotator's, in lanes under the text there.
                    if let Some(followed) = followed {
                        followed.doc.set(Some(id));
                        draw_lanes(editor, "disagreeing", lanes, followed.markup);
                    }
                });
            }
        } else if let Some(kind) = attribute("[data-export]", "data-export") {
            export(store, shown, &kind);
        }
    };
    view! {
        <section class="agreement" data-testid="agreement-panel" inner_html=move || html.get() on:change=on_change on:click=on_click></section>
    }
}

/// The lanes of the disagreement `clicked` is in: each annotator's span of the unit, in the
/// order the list shows them, with their name.
fn unit_lanes(clicked: &web_sys::Element) -> Vec<Lane> {
    let mut lanes = Vec::new();
    let Some(unit) = clicked.closest(".disagreement").ok().flatten() else {
        return lanes;
    };
    let Ok(rows) = unit.query_selector_all(".lane") else {
        return lanes;
    };
    for lane in 0..rows.length() {
        let Some(row) = rows
            .item(lane)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let extent = row
            .query_selector("[data-extent]")
            .ok()
            .flatten()
            .and_then(|b| b.get_attribute("data-extent"));
        let Some((start, end)) = extent.as_deref().and_then(|e| e.split_once(':')) else {
            continue;
        };
        if let (Ok(start), Ok(end)) = (start.parse(), end.parse()) {
            let name = row
                .query_selector(".lane-name")
                .ok()
                .flatten()
                .and_then(|n| n.text_content());
            lanes.push(Lane {
                lane: lane as usize,
                start,
                end,
                name,
            });
        }
    }
    lanes
}

/// Downloads the report (JSON or CSV) or the data for other tools.
fn export(store: Store, shown: StoredValue<Shown, LocalStorage>, kind: &str) {
    let stamp = crate::core::time::date_from_ms(now());
    match kind {
        "json" | "csv" => shown.with_value(|s| {
            if let Some(report) = &s.report {
                if kind == "json" {
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
        _ => {
            // One CSV per text, as each tool reads one text at a time: a ZIP of them.
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
                        bytes: if kind == "pygamma" {
                            pygamma_csv(t)
                        } else {
                            reliability_csv(t, settings, None)
                        }
                        .into_bytes(),
                    })
                    .collect::<Vec<_>>()
            });
            download_bytes(
                &format!("agreement-{kind}-{stamp}.zip"),
                &zip::write(&files),
                "application/zip",
            );
        }
    }
}

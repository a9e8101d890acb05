//! Component tests in headless Chromium (wasm-bindgen-test): mount components into a fresh
//! element and check what they render and how they answer the DOM.
#![cfg(target_arch = "wasm32")]

use avow::core::annotation::model::Annotated;
use avow::core::schema::Label;
use avow::core::text::document::Metadata;
use avow::core::text::offsets::IndexedText;
use avow::core::workspace::{DocEntry, Workspace};
use avow::ui::context::Contexts;
use avow::ui::dom::selection::{dom_point_to_cp, read_selection};
use avow::ui::palette::Palette;
use avow::ui::panels::span_list::SpanList;
use avow::ui::text::doc_view::DocView;
use avow::view::layout::split_blocks;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view into a new element appended to the body and returns that element.
fn mount<F, V>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

/// Waits until Leptos has run the redraws an edit scheduled.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn all(host: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = host.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

#[wasm_bindgen_test]
fn palette_renders_every_label_with_its_hotkey() {
    let host = mount(|| view! { <Palette /> });
    for label in Label::ALL {
        let selector = format!("[data-testid=label-{}]", label.name());
        let button = host
            .query_selector(&selector)
            .unwrap()
            .expect("label button");
        let text = button.text_content().unwrap();
        assert!(text.contains(label.name()), "{text}");
        let key = button
            .query_selector("kbd")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap();
        assert_eq!(key, label.key().to_string());
    }
}

const TEXT: &str = "😀 日本 and e\u{301}\r\nThe two leaders will deepen cooperation.\n";

fn cp_of(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).unwrap();
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// A mounted document view and span list, with their contexts.
struct Mounted {
    host: web_sys::HtmlElement,
    /// The rendered text.
    root: web_sys::Element,
    blocks: Vec<avow::view::layout::Block>,
    editor: Contexts,
}

/// A document view and span list with an editor in context, holding a new document of `text`.
fn mount_doc(text: &str) -> Mounted {
    let annotated = Annotated::new(text.into(), Metadata::default());
    let entry = DocEntry::new("d-test".into(), annotated, String::new(), 0);
    let contexts = Contexts::new(Workspace::new(vec![entry], None, String::new()));
    let host = mount(move || {
        contexts.provide();
        view! { <DocView /> <SpanList /> }
    });
    let root = host
        .query_selector("[data-testid=doc-view]")
        .unwrap()
        .unwrap();
    let blocks = split_blocks(&IndexedText::new(text.into()));
    Mounted {
        host,
        root,
        blocks,
        editor: contexts,
    }
}

#[wasm_bindgen_test]
fn the_view_shows_the_text_exactly_and_selections_map_to_code_points() {
    let Mounted { root, editor, .. } = mount_doc(TEXT);
    assert_eq!(root.text_content().unwrap(), TEXT);

    // Select "will deepen" through the DOM, as a mouse would, and read it back as code points.
    let (start, end) = cp_of("will deepen");
    editor.redraw.put_selection(start, end);
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    assert_eq!(selection.to_string().as_string().unwrap(), "will deepen");
    assert_eq!(read_selection(&root), Some((start, end)));

    // A DOM offset inside the emoji's surrogate pair rounds down to the emoji.
    let first_run = root.query_selector("[data-s]").unwrap().unwrap();
    let text_node = first_run.first_child().unwrap();
    assert_eq!(dom_point_to_cp(&root, &text_node, 1), Some(0));
    assert_eq!(dom_point_to_cp(&root, &text_node, 2), Some(1));
    // A point on an element between runs resolves to the next run's start.
    let block = root.first_element_child().unwrap();
    assert_eq!(dom_point_to_cp(&root, &block, 0), Some(0));
}

#[wasm_bindgen_test]
async fn labelling_a_selection_draws_nested_highlights_and_lists_them() {
    let Mounted {
        host, root, editor, ..
    } = mount_doc(TEXT);

    let (start, end) = cp_of("will deepen cooperation");
    editor.redraw.put_selection(start, end);
    editor.commands.label_selection(Label::Commitment);
    next_tick().await;
    let (start, end) = cp_of("cooperation");
    editor.redraw.put_selection(start, end);
    editor.commands.label_selection(Label::Constraint);
    next_tick().await;

    let inner = all(
        &host,
        ".hl[data-label=COMMITMENT] .hl[data-label=CONSTRAINT]",
    );
    assert_eq!(inner.len(), 1);
    assert_eq!(inner[0].text_content().unwrap(), "cooperation");
    assert!(
        inner[0].class_name().contains("sel"),
        "the new span is selected"
    );
    // The text is still exactly the document's.
    assert_eq!(root.text_content().unwrap(), TEXT);
    panel_caught_up().await;
    let items = all(&host, "[data-testid=annotation-item]");
    let labels: Vec<String> = items
        .iter()
        .map(|i| i.get_attribute("data-label").unwrap())
        .collect();
    assert_eq!(labels, vec!["COMMITMENT", "CONSTRAINT"]);

    // Undo redraws: the constraint's highlight goes, the commitment's stays.
    editor.commands.undo();
    next_tick().await;
    assert!(all(&host, ".hl[data-label=CONSTRAINT]").is_empty());
    panel_caught_up().await;
    assert_eq!(all(&host, "[data-testid=annotation-item]").len(), 1);
}

#[wasm_bindgen_test]
async fn an_edit_redraws_only_the_blocks_it_touches() {
    let Mounted {
        host,
        blocks,
        editor,
        ..
    } = mount_doc(TEXT);
    assert_eq!(blocks.len(), 2);
    assert_eq!(
        editor.redraw.blocks_drawn(),
        2,
        "each block drawn once at first"
    );

    let (start, end) = cp_of("leaders");
    editor.redraw.put_selection(start, end);
    editor.commands.label_selection(Label::Party);
    next_tick().await;
    assert_eq!(all(&host, ".hl[data-label=PARTY]").len(), 1);
    assert_eq!(
        editor.redraw.blocks_drawn(),
        3,
        "only the block holding the new span redrew"
    );
}

/// Waits until the side panel (list, counts, editor) shows the last edit: it follows the text
/// a frame later.
async fn panel_caught_up() {
    frames(3).await;
}

/// Waits for `n` animation frames (the viewport is checked in the frame after a scroll).
async fn frames(n: usize) {
    for _ in 0..n {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        next_tick().await;
    }
}

/// A long document in a scroller 600 pixels tall.
fn mount_long(lines: usize) -> (Mounted, String, web_sys::HtmlElement) {
    let text = "The two leaders will deepen cooperation on energy security.\n".repeat(lines);
    let mounted = mount_doc(&text);
    let scroller: web_sys::HtmlElement = mounted
        .host
        .query_selector(".doc-scroll")
        .unwrap()
        .unwrap()
        .unchecked_into();
    scroller.style().set_property("height", "600px").unwrap();
    scroller.style().set_property("overflow", "auto").unwrap();
    (mounted, text, scroller)
}

#[wasm_bindgen_test]
async fn a_long_document_draws_only_the_pages_near_the_viewport() {
    let (Mounted { root, editor, .. }, text, scroller) = mount_long(10_000);
    frames(3).await;
    let pages = editor.redraw.viewport().page_count();
    assert!(pages > 250, "{pages} pages");
    let drawn = editor.redraw.viewport().drawn_count();
    assert!(drawn < 10, "only the first screens are drawn: {drawn}");
    let shown = root.text_content().unwrap();
    assert!(text.starts_with(&shown) && shown.len() < text.len() / 20);

    // Scrolling to the end draws the end.
    scroller.set_scroll_top(scroller.scroll_height());
    frames(4).await;
    let shown = root.text_content().unwrap();
    assert!(shown.ends_with("energy security.\n"));
    assert!(editor.redraw.viewport().live(pages - 1).get_untracked());

    // Jumping all over keeps what is drawn within the budget.
    for k in 0..24 {
        scroller.set_scroll_top(scroller.scroll_height() * k / 24);
        frames(2).await;
    }
    let drawn_cp: usize = (0..pages)
        .filter(|&i| editor.redraw.viewport().live(i).get_untracked())
        .filter_map(|i| editor.redraw.viewport().page(i))
        .map(|p| p.len())
        .sum();
    assert!(
        drawn_cp <= avow::view::paging::LIVE_BUDGET_CP + 8 * avow::view::paging::PAGE_CP,
        "{drawn_cp} code points drawn"
    );
}

#[wasm_bindgen_test]
async fn selecting_far_text_draws_it_and_the_selection_stays_drawn() {
    let (Mounted { root, editor, .. }, text, scroller) = mount_long(10_000);
    frames(2).await;
    // "leaders" on the last line: its page is not drawn yet.
    let line = text.find('\n').unwrap() + 1;
    let start = text.chars().count() - line + "The two ".len();
    let end = start + "leaders".len();
    editor.redraw.put_selection(start, end);
    frames(2).await;
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    assert_eq!(selection.to_string().as_string().unwrap(), "leaders");
    assert_eq!(read_selection(&root), Some((start, end)));

    // Scrolling elsewhere and jumping around never takes the selected text away.
    for k in 0..24 {
        scroller.set_scroll_top(scroller.scroll_height() * k / 48);
        frames(2).await;
    }
    assert_eq!(read_selection(&root), Some((start, end)));
    assert_eq!(selection.to_string().as_string().unwrap(), "leaders");
}

/// The span list's rows: after an edit, the list shows exactly the new rows, and rows that did
/// not change are the very same elements (the browser keeps their layout).
#[wasm_bindgen_test]
fn a_list_redraws_only_the_rows_that_changed() {
    use avow::ui::dom::rows::DrawnRows;
    let list = document().create_element("ol").unwrap();
    document().body().unwrap().append_child(&list).unwrap();
    let row = |id: u32, selected: bool| {
        let mut m = avow::view::markup::Markup::new();
        avow::markup!(
            m,
            "<li data-id=\"",
            id,
            "\"",
            selected.then_some(" class=\"selected\""),
            ">row ",
            id,
            "</li>"
        );
        m.finish()
    };
    let html = |rows: &[avow::view::markup::Html]| -> Vec<String> {
        rows.iter().map(|r| r.as_str().to_string()).collect()
    };
    let texts = |list: &web_sys::Element| -> Vec<String> {
        let children = list.children();
        (0..children.length())
            .map(|i| children.item(i).unwrap().outer_html())
            .collect()
    };
    let mut drawn = DrawnRows::default();
    let first: Vec<_> = (1..=5).map(|i| row(i, false)).collect();
    drawn.update(&list, first.clone());
    assert_eq!(texts(&list), html(&first));
    let third = list.children().item(2).unwrap();
    let fifth = list.children().item(4).unwrap();

    // A row added between the second and third, the fourth selected, the fifth scrolled out.
    let second = vec![
        row(1, false),
        row(2, false),
        row(9, false),
        row(3, false),
        row(4, true),
    ];
    drawn.update(&list, second.clone());
    assert_eq!(texts(&list), html(&second));
    assert!(
        list.children().item(3).unwrap() == third,
        "an unchanged row keeps its element"
    );
    assert!(
        fifth.parent_node().is_none(),
        "a row out of the window goes"
    );

    // Back to nothing, and to a window with nothing in common.
    drawn.update(&list, Vec::new());
    assert_eq!(list.children().length(), 0);
    let other: Vec<_> = (20..23).map(|i| row(i, false)).collect();
    drawn.update(&list, other.clone());
    assert_eq!(texts(&list), html(&other));
    list.remove();
}

#![cfg(test)]
//! Every view drawn from a workspace whose ids, titles, names, notes and file names are hostile
//! (quotes, `<`, `&`, 10,000 characters, emoji, empty, `__proto__`): the markup must hold only
//! the elements and attributes the program writes, and the hostile text only escaped.

use crate::core::adjudication::board::{start, version_of};
use crate::core::agreement::corpus::Corpus;
use crate::core::agreement::Settings;
use crate::core::annotation::gold::Settings as GoldSettings;
use crate::core::annotation::model::Annotated;
use crate::core::formats::anchor::Incoming;
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::core::text::document::Metadata;
use crate::core::workspace::DocEntry;
use crate::view::adjudication::{board_html, start_html, Screen};
use crate::view::agreement::{agreement_html, Choice, Focus};
use crate::view::arcs::{overlay, DrawnEnd};
use crate::view::import_dialog::{import_dialog_html, ImportQuestion};
use crate::view::lanes::{lanes_svg, LaneBox};
use crate::view::layers::Layers;
use crate::view::layout::Block;
use crate::view::markup::Html;
use crate::view::span_editor::{attribute_fields_html, link_kinds_html, relations_html};
use crate::view::span_list::{list_row_html, orphans_html, relation_list_html, RowText};
use crate::view::text::{block_html, BlockMarks};
use crate::view::workspace::{doc_rows_html, DocRow};

/// Text that would be markup, or a key, or a script's property, if it were not data.
fn hostile() -> Vec<String> {
    vec![
        "\"><img src=x onerror=alert(1)>".into(),
        "</title><script>alert(2)</script>".into(),
        "a & b ' \" < >".into(),
        "x".repeat(10_000),
        "😀🇯🇵 日本".into(),
        String::new(),
        "__proto__".into(),
        "a:b|1".into(),
        "\u{0}\r\n".into(),
    ]
}

/// The elements the views write.
const TAGS: &[&str] = &[
    "b",
    "blockquote",
    "br",
    "button",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "fieldset",
    "g",
    "h2",
    "h3",
    "hr",
    "i",
    "input",
    "kbd",
    "label",
    "legend",
    "li",
    "ol",
    "option",
    "p",
    "path",
    "q",
    "rect",
    "section",
    "select",
    "small",
    "span",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "text",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// The attributes the views write (and any `data-` or `aria-` one).
const ATTRIBUTES: &[&str] = &[
    "checked",
    "class",
    "colspan",
    "d",
    "dx",
    "fill-opacity",
    "for",
    "height",
    "hidden",
    "id",
    "placeholder",
    "role",
    "scope",
    "selected",
    "tabindex",
    "text-anchor",
    "title",
    "transform",
    "type",
    "value",
    "viewBox",
    "width",
    "x",
    "y",
];

/// Reads `html` as a browser would, tag by tag, and fails on an element or attribute the
/// program does not write, or on hostile text outside an attribute value's quotes.
fn check(what: &str, html: &Html) {
    let html = html.as_str();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest
            .find('>')
            .unwrap_or_else(|| panic!("{what}: a tag not closed"));
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_end = tag.find([' ', '\n']).unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(
            TAGS.contains(&name),
            "{what}: element <{name}> in {}",
            excerpt(html, name)
        );
        // Attributes: name, or name="value" with no quote inside the value.
        let mut attrs = tag[name_end..].trim_start();
        while !attrs.is_empty() {
            let end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
            let attr = &attrs[..end];
            assert!(
                ATTRIBUTES.contains(&attr)
                    || attr.starts_with("data-")
                    || attr.starts_with("aria-"),
                "{what}: attribute {attr:?} on <{name}>"
            );
            attrs = &attrs[end..];
            if let Some(value) = attrs.strip_prefix("=\"") {
                let quote = value
                    .find('"')
                    .unwrap_or_else(|| panic!("{what}: open value"));
                attrs = &value[quote + 1..];
            }
            attrs = attrs.trim_start();
        }
    }
    for bad in ["<img", "<script", "\0"] {
        assert!(!html.contains(bad), "{what}: {bad:?} in the markup");
    }
}

fn excerpt<'a>(html: &'a str, near: &str) -> &'a str {
    let at = html.find(near).unwrap_or(0);
    &html[at.saturating_sub(80)..(at + 80).min(html.len())]
}

/// A document whose every name is `name`, with spans, a note, a relation and metadata.
fn document(name: &str) -> Annotated {
    let text = format!("The two leaders {name} will deepen cooperation.\r\nJapan agrees.");
    let meta = Metadata {
        title: name.into(),
        party_a: name.into(),
        party_b: name.into(),
        ..Metadata::default()
    };
    let mut doc = Annotated::new(text, meta);
    let act = doc
        .annotate(0, 20, Label::Commitment, false, 0)
        .unwrap()
        .select
        .unwrap();
    let party = doc
        .annotate(0, 15, Label::Party, false, 0)
        .unwrap()
        .select
        .unwrap();
    doc.set_note(act, name.into(), 0).unwrap();
    doc.link(act, party, RelationKind::Committer, 0).unwrap();
    doc
}

#[test]
fn every_view_keeps_hostile_text_as_text() {
    for name in hostile() {
        let doc = document(&name);
        let spans: Vec<_> = doc.spans().iter().collect();
        let layers = Layers::new().spans(&spans).matches(&[(0, 3, true)]);
        let marks = BlockMarks {
            layers: &layers,
            selected: spans.first().map(|s| s.id),
            meta: doc.meta(),
        };
        let len = doc.doc().len_cp();
        check(
            "text",
            &block_html(doc.doc().text(), Block::lines(0, len), &marks),
        );
        for span in doc.spans().iter() {
            let row = RowText {
                span,
                quote: &name,
                details: name.clone(),
                selected: true,
            };
            check("span row", &list_row_html(&row));
            check("relations", &relations_html(&doc, span.id));
            check("link kinds", &link_kinds_html(span.label));
        }
        check("relation list", &relation_list_html(&doc, None, 10));
        let orphan = Incoming {
            quote: Some(name.clone()),
            ..Incoming::new(0, 1, Label::Party)
        };
        check("orphans", &orphans_html(&[orphan]));
        check(
            "attribute fields",
            &attribute_fields_html(&Attribute::ALL, |_, _| name.clone()),
        );
        let row = DocRow {
            id: name.clone(),
            title: name.clone(),
            spans: 2,
            modified: 0,
            done: false,
            current: true,
            annotator: name.clone(),
            text: "sha".into(),
            relations: 1,
            gold: false,
        };
        let other = DocRow {
            id: format!("{name}2"),
            ..row.clone()
        };
        let rows = [row, other];
        check("documents", &doc_rows_html(&rows, None, None));
        check(
            "documents, renaming",
            &doc_rows_html(&rows, Some(&name), Some(&name)),
        );
        check(
            "import dialog",
            &import_dialog_html(&ImportQuestion {
                file: &name,
                annotator: &name,
                title: &name,
                existing_title: &name,
                spans_here: 1,
                spans_in_file: 2,
                can_add_version: true,
                can_replace: true,
                others: 2,
            }),
        );
        check(
            "corpus dialog",
            &crate::view::corpus_dialog::corpus_dialog_html(
                &crate::view::corpus_dialog::CorpusSummary {
                    texts: 1,
                    gold: 0,
                    versions: 1,
                    annotators: std::slice::from_ref(&name),
                },
            ),
        );
        let drawn: Vec<DrawnEnd> = doc
            .spans()
            .iter()
            .map(|s| DrawnEnd { id: s.id, y: 10.0 })
            .collect();
        let arcs = overlay(&doc, None, true, &drawn[..1], (0.0, 5.0));
        check("arcs", &arcs.svg());
        check("stubs", &arcs.stubs);
        check(
            "lanes",
            &lanes_svg(
                "disagreeing",
                &[LaneBox {
                    lane: 0,
                    left: 1,
                    bottom: 2,
                    right: 3,
                }],
                &[Some(name.clone())],
            ),
        );

        // Two annotators named `name` and `name`+"2", their versions with hostile ids.
        let entries: Vec<DocEntry> = [name.clone(), format!("{name}2")]
            .into_iter()
            .enumerate()
            .map(|(i, who)| {
                let mut doc = document(&name);
                if i == 1 {
                    // A disagreement, so the list shows lanes that open each version.
                    let party = doc
                        .spans()
                        .iter()
                        .find(|s| s.label == Label::Party)
                        .unwrap()
                        .id;
                    doc.relabel(party, Label::Attribution, 1).unwrap();
                }
                let mut entry = DocEntry::new(String::new(), doc, who, 0);
                entry.id = format!("\"{name}|{i}");
                entry
            })
            .collect();
        let corpus = Corpus::of(entries.iter());
        let texts = corpus.texts();
        let choice = Choice {
            annotators: vec![true; corpus.names.len()],
            texts: vec![true; texts.len()],
            settings: Settings::default(),
        };
        for focus in [
            None,
            Some(Focus::Pair(0, 1)),
            Some(Focus::Label(Label::Party)),
        ] {
            let view = agreement_html(&texts, &corpus.names, &choice, focus);
            check("agreement", &view.html);
            // (An unnamed version is no version: with an empty name there is nothing to list.)
            if focus.is_some() && !texts.is_empty() {
                assert!(!view.targets.is_empty(), "the lanes open the versions");
            }
            // A version is opened by its place: its id is in the targets, never the markup.
            for target in &view.targets {
                assert!(entries.iter().any(|e| e.id == target.doc));
                assert!(!view.html.contains(&target.doc), "an id in the markup");
            }
        }
        let names: Vec<String> = entries.iter().map(|e| e.annotator.clone()).collect();
        check("adjudication start", &start_html(&names, false, &name));
        let (gold, board) = start(
            &entries[0].doc,
            entries.iter().map(version_of).collect(),
            GoldSettings::default(),
            &name,
            0,
        );
        for current in [
            None,
            board
                .queue(crate::core::adjudication::board::Filter::All)
                .first()
                .copied(),
        ] {
            check(
                "adjudication",
                &board_html(&Screen {
                    board: &board,
                    gold: &gold,
                    current,
                    cell: 0,
                    filter: crate::core::adjudication::board::Filter::All,
                    hide_names: false,
                }),
            );
        }
    }
    check("guidelines", &crate::view::guide::html());
    check("export menu", &crate::view::menus::export_items_html());
}

//! The Workspace tab's list of documents as markup: a row each (open, rename in place, mark
//! done, delete after asking in the row), the versions of a text grouped under its title.
//! Each control names its action and its row's place in the list given; no id is written.

use crate::markup;
use crate::view::actions::Action;
use crate::view::markup::{text, Html, Markup};
use crate::view::words::plural;

/// One row of the Workspace tab's document list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRow {
    pub id: String,
    pub title: String,
    pub spans: usize,
    /// Last edited, milliseconds since the epoch.
    pub modified: i64,
    pub done: bool,
    pub current: bool,
    pub annotator: String,
    /// Its text's SHA-256: documents with the same text are versions of it.
    pub text: String,
    pub relations: usize,
    /// A gold version (adjudicated).
    pub gold: bool,
}

/// The order the list shows `rows` in: as given, except that the versions of a text follow
/// the first of them; each with its place in `rows` and how many versions its text has.
fn grouped_by_text(rows: &[DocRow]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(rows.len());
    let mut listed = vec![false; rows.len()];
    for (i, row) in rows.iter().enumerate() {
        if listed[i] {
            continue;
        }
        let versions: Vec<usize> = (i..rows.len())
            .filter(|&j| rows[j].text == row.text)
            .collect();
        for &j in &versions {
            listed[j] = true;
            out.push((j, versions.len()));
        }
    }
    out
}

/// The document list's rows as markup: open, rename (in place), mark done, delete (asking in
/// the row). Each control's action names its row by its place in `rows`; `renaming` and
/// `confirming` are the ids of the rows doing so.
pub fn doc_rows_html(rows: &[DocRow], renaming: Option<&str>, confirming: Option<&str>) -> Html {
    let mut m = Markup::new();
    let mut text_shown = None;
    for (at, versions) in grouped_by_text(rows) {
        let row = &rows[at];
        // A text with several versions: its title, then its versions, indented under it.
        let grouped = versions > 1;
        if grouped && text_shown != Some(&row.text) {
            markup!(
                m,
                "<li class=\"doc-group\" data-testid=\"doc-group\"><span class=\"doc-name\">",
                text(&row.title),
                "</span> · ",
                versions,
                " versions of this text</li>"
            );
        }
        text_shown = Some(&row.text);
        markup!(
            m,
            "<li class=\"doc-item",
            grouped.then_some(" in-group"),
            row.current.then_some(" current"),
            row.done.then_some(" done"),
            "\" data-testid=\"doc-item\">"
        );
        if renaming == Some(row.id.as_str()) {
            markup!(
                m,
                "<input class=\"rename\" data-testid=\"doc-rename-input\"",
                Action::RenameBox(at),
                " aria-label=\"New title\" value=\"",
                text(&row.title),
                "\">"
            );
        } else {
            markup!(
                m,
                "<button class=\"doc-open link-like\" data-testid=\"doc-item-open\"",
                Action::OpenDoc(at),
                " title=\"Open this document\"><span class=\"doc-name\" data-testid=\"doc-item-title\">",
                text(&row.title),
                "</span></button>"
            );
        }
        let when = crate::core::time::iso_from_ms(row.modified).replace('T', " ");
        markup!(
            m,
            "<span class=\"doc-meta\"><span data-testid=\"doc-item-spans\">",
            text(&plural(row.spans, "span")),
            "</span>"
        );
        if row.relations > 0 {
            markup!(
                m,
                " · <span data-testid=\"doc-item-relations\">",
                text(&plural(row.relations, "relation")),
                "</span>"
            );
        }
        markup!(
            m,
            " · <span title=\"last edited (UTC)\">",
            text(when.get(..16).unwrap_or(&when)),
            "</span>"
        );
        if grouped && (row.gold || !row.annotator.is_empty()) {
            m.push(" · <span data-testid=\"doc-item-version\">");
            if row.gold {
                m.push("the gold version");
            } else {
                markup!(m, text(&row.annotator), "'s version");
            }
            markup!(m, ", one of ", versions, "</span>");
        }
        let asking = confirming == Some(row.id.as_str());
        markup!(
            m,
            "</span><span class=\"doc-actions\"><label class=\"done-toggle\" title=\"Mark this document done\"><input type=\"checkbox\" data-testid=\"doc-status\"",
            Action::DocDone(at),
            row.done.then_some(" checked"),
            "> done</label><button data-testid=\"doc-rename\"",
            Action::RenameDoc(at),
            " title=\"Rename\">Rename</button><button data-testid=\"doc-delete\"",
            Action::DeleteDoc(at),
            " class=\"danger",
            asking.then_some(" hidden"),
            "\" title=\"Delete (asks first; you can undo)\">Delete</button></span>"
        );
        if asking {
            markup!(
                m,
                "<div class=\"doc-confirm\" role=\"group\" aria-label=\"Confirm deletion\" data-testid=\"doc-delete-ask\"><span>Delete “",
                text(&row.title),
                "” from this browser?</span><button class=\"danger\" data-testid=\"doc-delete-confirm\"",
                Action::ConfirmDelete(at),
                ">Delete</button><button data-testid=\"doc-delete-cancel\"",
                Action::KeepDoc(at),
                ">Keep</button></div>"
            );
        }
        m.push("</li>");
    }
    m.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn doc_rows_show_state_versions_and_the_question_in_place() {
        let row = DocRow {
            id: "d-1".into(),
            title: "Joint <statement>".into(),
            spans: 3,
            modified: 0,
            done: true,
            current: true,
            annotator: "ana".into(),
            text: "abc".into(),
            relations: 1,
            gold: false,
        };
        // Three versions of the text: ana's, ben's and the gold one.
        let versions = |row: &DocRow| {
            let ben = DocRow {
                id: "d-2".into(),
                annotator: "ben".into(),
                current: false,
                ..row.clone()
            };
            let gold = DocRow {
                id: "d-3".into(),
                annotator: "cleo".into(),
                gold: true,
                current: false,
                ..row.clone()
            };
            vec![row.clone(), ben, gold]
        };
        let all = doc_rows_html(&versions(&row), None, None).into_string();
        assert!(all.starts_with("<li class=\"doc-group\" data-testid=\"doc-group\"><span class=\"doc-name\">Joint &lt;statement&gt;</span> · 3 versions of this text</li>"));
        let plain = all
            .strip_prefix(all.split_inclusive("</li>").next().unwrap())
            .unwrap();
        assert!(plain.starts_with(
            "<li class=\"doc-item in-group current done\" data-testid=\"doc-item\"><button class=\"doc-open link-like\" data-testid=\"doc-item-open\" data-act=\"open-doc:0\""
        ));
        assert!(plain.contains("Joint &lt;statement&gt;"));
        assert!(plain.contains(
            "3 spans</span> · <span data-testid=\"doc-item-relations\">1 relation</span> · <span title=\"last edited (UTC)\">1970-01-01 00:00</span>"
        ));
        assert!(plain.contains("ana's version, one of 3"));
        assert!(plain.contains("data-act=\"doc-done:0\" checked>"));
        assert!(!plain.contains("doc-delete-ask") && !plain.contains("doc-rename-input"));
        assert!(
            all.contains("ben's version, one of 3") && all.contains("the gold version, one of 3")
        );
        let busy =
            doc_rows_html(std::slice::from_ref(&row), Some("d-1"), Some("d-1")).into_string();
        assert!(busy.contains("data-testid=\"doc-rename-input\" data-act=\"rename-box:0\" aria-label=\"New title\" value=\"Joint &lt;statement&gt;\""));
        assert!(busy.contains("class=\"danger hidden\""));
        assert!(busy.contains("Delete “Joint &lt;statement&gt;” from this browser?"));
        // Alone, a document says nothing of versions, and one span is "1 span".
        let alone = DocRow {
            spans: 1,
            relations: 0,
            ..row.clone()
        };
        let html = doc_rows_html(std::slice::from_ref(&alone), None, None);
        assert!(
            !html.contains("version") && !html.contains("doc-group") && !html.contains("relation")
        );
        assert!(html.contains(">1 span<"));
        // Versions of a text follow the first of them; other documents keep their place.
        let other = DocRow {
            id: "d-9".into(),
            text: "xyz".into(),
            ..alone
        };
        let mut rows = versions(&row);
        rows.insert(1, other);
        let html = doc_rows_html(&rows, None, None).into_string();
        let places: Vec<&str> = html
            .split("data-act=\"open-doc:")
            .skip(1)
            .map(|rest| &rest[..1])
            .collect();
        // d-1, d-2, d-3 (the versions, together), then d-9, by their places in `rows`.
        assert_eq!(places, ["0", "2", "3", "1"]);
    }
}

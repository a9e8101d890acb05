//! The import dialog as markup: what to do with an imported document whose text is already in
//! the workspace.

use crate::core::formats::import::BatchQuestion;
use crate::markup;
use crate::view::actions::Action;
use crate::view::markup::{text, Html, Markup};
use crate::view::words::plural;

/// What the import dialog asks about: a file whose text is already in the workspace.
pub struct ImportQuestion<'a> {
    pub file: &'a str,
    /// The file's annotator (trimmed; empty when it names none).
    pub annotator: &'a str,
    pub title: &'a str,
    /// The title of the document here with the same text, and its spans.
    pub existing_title: &'a str,
    pub spans_here: usize,
    pub spans_in_file: usize,
    /// It can be added as a version: this annotator has none of this text here.
    pub can_add_version: bool,
    /// The document here is this annotator's own version: the only one "Replace" replaces.
    pub can_replace: bool,
    /// How many other files of the import wait with a question of their own.
    pub others: usize,
}

/// The import dialog: each choice is a button with its action; a version of a file that names
/// no annotator asks for the name.
pub fn import_dialog_html(q: &ImportQuestion) -> Html {
    let mut m = Markup::new();
    markup!(
        m,
        "<div class=\"dialog-backdrop\"><div class=\"dialog\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"import-dialog-title\" aria-describedby=\"import-dialog-what\" data-testid=\"import-dialog\"><h2 id=\"import-dialog-title\">This document is already in your workspace</h2><p id=\"import-dialog-what\">",
        text(q.file)
    );
    if !q.annotator.is_empty() {
        markup!(m, " (annotated by ", text(q.annotator), ")");
    }
    markup!(
        m,
        " holds “",
        text(q.title),
        "”, whose text is the same as “",
        text(q.existing_title),
        "” (",
        text(&plural(q.spans_here, "span")),
        " here, ",
        q.spans_in_file,
        " in the file).</p>"
    );
    if q.can_add_version {
        m.push("<p class=\"dialog-version\">");
        if q.annotator.is_empty() {
            markup!(
                m,
                "<label>Annotator of this version: <input data-testid=\"import-annotator\"></label><button data-testid=\"import-add-version\"",
                Action::ImportVersion,
                ">Add as their version"
            );
        } else {
            markup!(
                m,
                "<button data-testid=\"import-add-version\"",
                Action::ImportVersion,
                ">Add as ",
                text(q.annotator),
                "'s version"
            );
        }
        m.push("</button></p>");
    }
    if q.others > 0 {
        // One answer for a whole import: a team's files would otherwise ask one by one.
        markup!(
            m,
            "<p><label><input type=\"checkbox\" data-testid=\"import-same-for-all\"> Do the same for the ",
            q.others,
            " other file",
            (q.others != 1).then_some("s"),
            " that ask (where it applies; the rest still ask)</label></p>"
        );
    }
    m.push("<div class=\"dialog-actions\">");
    if q.can_replace {
        let whose = if q.annotator.is_empty() {
            "the unnamed version".to_string()
        } else {
            format!("{}'s version", q.annotator)
        };
        markup!(
            m,
            "<button data-testid=\"import-replace\"",
            Action::ImportReplace,
            ">Replace ",
            text(&whose),
            " (removes its ",
            text(&plural(q.spans_here, "span")),
            ")</button>"
        );
    }
    markup!(
        m,
        "<button data-testid=\"import-keep-both\"",
        Action::ImportBoth,
        ">Keep both</button><button data-testid=\"import-skip\"",
        Action::ImportCancel,
        ">Cancel</button></div></div></div>"
    );
    m.finish()
}

/// The one question of an import of several documents, some of whose texts are here already:
/// asked before anything is imported.
pub fn batch_dialog_html(q: &BatchQuestion) -> Html {
    let mut m = Markup::new();
    markup!(
        m,
        "<div class=\"dialog-backdrop\"><div class=\"dialog\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"import-batch-title\" aria-describedby=\"import-batch-what\" data-testid=\"import-batch\"><h2 id=\"import-batch-title\">Some of these texts are already here</h2><p id=\"import-batch-what\">",
        text(&plural(q.files, "file")),
        if q.files == 1 { " holds " } else { " hold " },
        text(&plural(q.texts, "text")),
        " already in your workspace (",
        text(&plural(q.documents, "document")),
        " in all). Nothing is imported until you choose.</p><ul class=\"dialog-choices\"><li><b>Add as versions</b>: each one becomes its annotator's version of the text here (the Agreement tab compares them); one whose annotator has a version here already is left out, and the report says which.</li><li><b>Keep apart</b>: each one is added as a copy of its own.</li><li><b>Cancel</b>: nothing from these files is imported.</li></ul><div class=\"dialog-actions\"><button data-testid=\"import-batch-versions\"",
        Action::ImportVersion,
        ">Add as versions</button><button data-testid=\"import-batch-apart\"",
        Action::ImportBoth,
        ">Keep apart</button><button data-testid=\"import-batch-cancel\"",
        Action::ImportCancel,
        ">Cancel</button></div></div></div>"
    );
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_dialog_names_the_file_and_asks_for_a_version_only_where_one_can_be_added() {
        let mut q = ImportQuestion {
            file: "a<b>.json",
            annotator: "",
            title: "T & U",
            existing_title: "Mine",
            spans_here: 2,
            spans_in_file: 3,
            can_add_version: true,
            can_replace: false,
            others: 0,
        };
        let html = import_dialog_html(&q);
        assert!(
            html.contains("a&lt;b&gt;.json holds “T &amp; U”, whose text is the same as “Mine” (2 spans here, 3 in the file)."),
            "{html:?}"
        );
        // No annotator in the file: the name is asked for.
        assert!(
            html.contains("data-testid=\"import-annotator\"")
                && html.contains(">Add as their version<")
        );
        // Another's version is never offered for replacing.
        assert!(!html.contains("import-replace"));
        for choice in ["version", "both", "cancel"] {
            assert!(
                html.contains(&format!("data-act=\"import-{choice}\"")),
                "{choice}"
            );
        }
        q.annotator = "ben";
        let html = import_dialog_html(&q);
        assert!(
            html.contains(".json (annotated by ben) holds")
                && html.contains(">Add as ben's version<")
        );
        assert!(!html.contains("import-annotator"));
        q.can_add_version = false;
        q.can_replace = true;
        let html = import_dialog_html(&q);
        assert!(!html.contains("data-act=\"import-version\""));
        assert!(
            html.contains(">Replace ben's version (removes its 2 spans)<"),
            "{html:?}"
        );
        // Alone, no offer to answer for others; with others waiting, one answer for all.
        assert!(!html.contains("import-same-for-all"));
        q.others = 4;
        let html = import_dialog_html(&q);
        assert!(
            html.contains("> Do the same for the 4 other files that ask"),
            "{html:?}"
        );
    }

    #[test]
    fn one_question_for_a_whole_import_says_what_each_answer_does() {
        let q = BatchQuestion {
            files: 12,
            texts: 4,
            documents: 12,
        };
        let html = batch_dialog_html(&q);
        assert!(
            html.contains(
                ">12 files hold 4 texts already in your workspace (12 documents in all)."
            ),
            "{html:?}"
        );
        for (testid, act) in [
            ("versions", "import-version"),
            ("apart", "import-both"),
            ("cancel", "import-cancel"),
        ] {
            assert!(
                html.contains(&format!(
                    "data-testid=\"import-batch-{testid}\" data-act=\"{act}\""
                )),
                "{testid}: {html:?}"
            );
        }
    }
}

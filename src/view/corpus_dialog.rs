//! The corpus export dialog as markup: which versions (gold, annotators', both), whose, only
//! those marked done, names kept or numbered, and a button per format.

use crate::core::dataset::corpus::CorpusFormat;
use crate::markup;
use crate::view::actions::Action;
use crate::view::markup::{text, Html, Markup};
use crate::view::words::plural;

/// What the dialog says of the workspace.
pub struct CorpusSummary<'a> {
    pub texts: usize,
    pub gold: usize,
    pub versions: usize,
    /// The annotators with versions, by name as the workspace has them.
    pub annotators: &'a [String],
}

/// The element ids of the dialog's controls, read when a format is chosen.
pub const VERSIONS_FIELD: &str = "corpus-versions";
pub const DONE_FIELD: &str = "corpus-done-only";
pub const NAMES_FIELD: &str = "corpus-keep-names";

/// The dialog.
pub fn corpus_dialog_html(s: &CorpusSummary) -> Html {
    let mut m = Markup::new();
    markup!(
        m,
        "<div class=\"dialog-backdrop\"><div class=\"dialog corpus-dialog\" role=\"dialog\" aria-modal=\"true\" aria-labelledby=\"corpus-dialog-title\" data-testid=\"corpus-dialog\"><h2 id=\"corpus-dialog-title\">Export the corpus</h2><p>",
        text(&plural(s.texts, "text")),
        ": ",
        text(&plural(s.gold, "gold version")),
        ", ",
        text(&plural(s.versions, "version")),
        " by annotators. An untouched text is no one's version and stays out.</p><label>Versions <select id=\"",
        VERSIONS_FIELD,
        "\" data-testid=\"corpus-versions\"><option value=\"both\">gold and every annotator's</option><option value=\"gold\">gold only</option><option value=\"annotators\">the annotators' only</option></select></label><fieldset class=\"corpus-annotators\"><legend>Annotators</legend>"
    );
    for name in s.annotators {
        markup!(
            m,
            "<label><input type=\"checkbox\" checked data-annotator=\"",
            text(name),
            "\"> ",
            text(name),
            "</label>"
        );
    }
    markup!(
        m,
        "</fieldset><p><label><input type=\"checkbox\" id=\"",
        DONE_FIELD,
        "\" data-testid=\"corpus-done-only\"> Only versions marked done</label></p><p><label><input type=\"checkbox\" id=\"",
        NAMES_FIELD,
        "\" data-testid=\"corpus-keep-names\"> Keep the annotators' names (else annotator-1, annotator-2, …)</label></p><p>Download as:</p><div class=\"dialog-actions corpus-formats\">"
    );
    for (i, format) in CorpusFormat::ALL.into_iter().enumerate() {
        markup!(
            m,
            "<button data-testid=\"export-corpus-",
            format.name(),
            "\"",
            Action::CorpusExport(i),
            ">",
            format.caption(),
            "</button>"
        );
    }
    markup!(
        m,
        "<button data-testid=\"corpus-cancel\"",
        Action::CorpusCancel,
        ">Cancel</button></div></div></div>"
    );
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_offers_every_format_and_lists_the_annotators_as_text() {
        let names = vec!["ana".to_string(), "<b>ben</b>".to_string()];
        let html = corpus_dialog_html(&CorpusSummary {
            texts: 2,
            gold: 1,
            versions: 4,
            annotators: &names,
        });
        assert!(
            html.contains("2 texts: 1 gold version, 4 versions by annotators."),
            "{html:?}"
        );
        assert!(html.contains("&lt;b&gt;ben&lt;/b&gt;") && !html.contains("<b>ben"));
        for format in CorpusFormat::ALL {
            assert!(html.contains(&format!("data-testid=\"export-corpus-{}\"", format.name())));
        }
    }
}

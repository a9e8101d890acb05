//! The export menu's items as markup: each names what it exports in its action.

use crate::markup;
use crate::view::actions::{Action, Export};
use crate::view::markup::{Html, Markup};

/// The caption and test id of an export item.
fn caption(export: Export) -> (&'static str, &'static str) {
    match export {
        Export::Document => ("export-json", "This document (.avow.json)"),
        Export::Workspace => ("export-workspace", "Whole workspace (.json)"),
        Export::Corpus => ("export-corpus", "Corpus… (every text, as one dataset)"),
        Export::W3c => ("export-w3c", "W3C Web Annotation (.jsonld)"),
        Export::Doccano => ("export-doccano", "doccano (.jsonl)"),
        Export::Brat => ("export-brat", "brat standoff (.zip)"),
        Export::LabelStudio => ("export-labelstudio", "Label Studio (.json)"),
        Export::Conll => ("export-conll", "CoNLL / IOB2 (.conll)"),
    }
}

/// The export menu's items, the Avow files first, then a rule, then the peers' formats.
pub fn export_items_html() -> Html {
    let mut m = Markup::new();
    for export in Export::ALL {
        let (testid, caption) = caption(export);
        markup!(
            m,
            "<button data-testid=\"",
            testid,
            "\"",
            Action::Export(export),
            ">",
            caption,
            "</button>",
            (export == Export::Corpus).then_some("<hr>")
        );
    }
    m.finish()
}

//! The guidelines as one string of HTML, generated from the schema (labels, attributes,
//! rules, relations) and the keys: the panel sets it at once. Built here rather than as a
//! tree of components, whose code cost the app about ten times the text it shows.

use crate::core::schema::{Attribute, Label, RelationKind, RULES};
use crate::view::html::escape_into;
use std::fmt::Write;

/// The keys, as (keys, what they do); each key is set in `<kbd>`, joined by "/".
const KEYS: [(&str, &str); 8] = [
    ("1–8", "label the selected text (or relabel the selected span)"),
    ("→/←", "select the next / previous word; with Shift extend the selection"),
    ("Alt+↓/Alt+↑/J/K", "next / previous span, when the text has the focus"),
    ("Tab/Shift+Tab/F6/Shift+F6", "the next / previous control, as anywhere; F6 and Shift+F6 the header, the text, the side panel"),
    ("Enter/Esc", "edit the selected span; back to the text"),
    ("Delete/Esc", "delete the selected span; clear the selection"),
    ("R", "link the selected span to another (a relation): click it, or move to it with J / K and press Enter, or find its words with / and press Enter twice; Esc cancels"),
    ("Ctrl+Z/Ctrl+Shift+Z//", "undo, redo; search"),
];

/// Appends `text`, escaped.
fn text(out: &mut String, text: &str) {
    escape_into(out, text);
}

/// The guidelines panel's content.
pub fn html() -> String {
    let mut out = String::with_capacity(12_000);
    out.push_str("<h2>Labels</h2>");
    for label in Label::ALL {
        let info = label.info();
        let _ = write!(
            out,
            "<section class=\"guide-label lbl-{}\" data-testid=\"guide-{}\"><h3><kbd class=\"hotkey\">{}</kbd><span class=\"chip\">{}</span>{}</h3><p>",
            label.index(),
            label.name(),
            label.key(),
            label.name(),
            if label.is_act() { " act" } else { " support" }
        );
        text(&mut out, info.definition);
        out.push_str("</p>");
        if !info.cues.is_empty() {
            out.push_str("<p class=\"cues\">Cue words: ");
            text(&mut out, &info.cues.join(", "));
            out.push_str("</p>");
        }
        for example in info.examples {
            out.push_str("<p class=\"example\">Example: <q>");
            text(&mut out, example);
            out.push_str("</q></p>");
        }
        out.push_str("</section>");
    }
    out.push_str("<h2>Attributes</h2><p>Act labels (1-5) carry the six act attributes; CONSTRAINT carries kind. An unset value is allowed; the first value is not a default.</p><dl class=\"guide-attributes\">");
    for attr in Attribute::ALL {
        let _ = write!(out, "<dt>{}</dt><dd><span class=\"values\">", attr.name());
        text(&mut out, &attr.values().join(" · "));
        out.push_str("</span><br>");
        text(&mut out, attr.question());
        out.push_str("</dd>");
    }
    out.push_str("</dl><p>Every span, of any label, may carry a free-text note.</p><h2>Rules</h2><ul class=\"rules\">");
    for rule in RULES {
        out.push_str("<li>");
        text(&mut out, rule);
        out.push_str("</li>");
    }
    out.push_str("</ul><h2>Relations</h2><ul class=\"guide-relations\">");
    for kind in RelationKind::ALL {
        let info = kind.info();
        let _ = write!(
            out,
            "<li data-testid=\"guide-relation-{0}\"><b>{0}</b> ({1}): ",
            kind.name(),
            info.ends
        );
        text(&mut out, info.definition);
        out.push_str(" Example: <q>");
        text(&mut out, info.example);
        out.push_str("</q></li>");
    }
    out.push_str("</ul><h2>Keyboard</h2><ul class=\"keys\">");
    for (keys, what) in KEYS {
        out.push_str("<li>");
        // "//" stands for the key "/" itself.
        for (i, key) in keys.replace("//", "/\u{0}").split('/').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str("<kbd>");
            text(&mut out, &key.replace('\u{0}', "/"));
            out.push_str("</kbd>");
        }
        out.push(' ');
        text(&mut out, what);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_guidelines_show_every_label_attribute_rule_and_relation_escaped() {
        let html = html();
        for label in Label::ALL {
            assert!(html.contains(&format!("data-testid=\"guide-{}\"", label.name())));
            assert!(html.contains(&label.info().definition.replace('"', "&quot;")[..20]));
        }
        for attr in Attribute::ALL {
            assert!(html.contains(&format!("<dt>{}</dt>", attr.name())));
        }
        for kind in RelationKind::ALL {
            assert!(html.contains(&format!("data-testid=\"guide-relation-{}\"", kind.name())));
        }
        assert_eq!(html.matches("<li>").count(), RULES.len() + KEYS.len());
        // Quotes in the examples are escaped, and the search key shows as "/".
        assert!(!html.contains("<q>\""));
        assert!(html.contains("<kbd>Ctrl+Shift+Z</kbd> <kbd>/</kbd> undo, redo; search"));
        // Well nested: as many openings as closings of each element.
        for tag in [
            "section", "p", "li", "ul", "dl", "dt", "dd", "kbd", "q", "h2", "h3",
        ] {
            assert_eq!(
                html.matches(&format!("<{tag}>")).count()
                    + html.matches(&format!("<{tag} ")).count(),
                html.matches(&format!("</{tag}>")).count(),
                "{tag}"
            );
        }
    }
}

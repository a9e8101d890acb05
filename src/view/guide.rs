//! The guidelines as markup, generated from the schema (labels, attributes,
//! rules, relations) and the keys: the panel sets it at once. Built here rather than as a
//! tree of components, whose code cost the app about ten times the text it shows.

use crate::core::schema::{Attribute, Label, RelationKind, RULES};
use crate::markup;
use crate::view::markup::{text, Html, Markup};

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

/// The guidelines panel's content.
pub fn html() -> Html {
    let mut m = Markup::with_capacity(12_000);
    m.push("<h2>Labels</h2>");
    for label in Label::ALL {
        let info = label.info();
        markup!(
            m,
            "<section class=\"guide-label lbl-",
            label.index(),
            "\" data-testid=\"guide-",
            label.name(),
            "\"><h3><kbd class=\"hotkey\">",
            label.key(),
            "</kbd><span class=\"chip\">",
            label.name(),
            "</span>",
            if label.is_act() { " act" } else { " support" },
            "</h3><p>",
            text(info.definition),
            "</p>"
        );
        if !info.cues.is_empty() {
            markup!(
                m,
                "<p class=\"cues\">Cue words: ",
                text(&info.cues.join(", ")),
                "</p>"
            );
        }
        for example in info.examples {
            markup!(
                m,
                "<p class=\"example\">Example: <q>",
                text(example),
                "</q></p>"
            );
        }
        m.push("</section>");
    }
    m.push("<h2>Attributes</h2><p>Act labels (1-5) carry the six act attributes; CONSTRAINT carries kind. An unset value is allowed; the first value is not a default.</p><dl class=\"guide-attributes\">");
    for attr in Attribute::ALL {
        markup!(
            m,
            "<dt>",
            attr.name(),
            "</dt><dd><span class=\"values\">",
            text(&attr.values().join(" · ")),
            "</span><br>",
            text(attr.question()),
            "</dd>"
        );
    }
    m.push("</dl><p>Every span, of any label, may carry a free-text note.</p><h2>Rules</h2><ul class=\"rules\">");
    for rule in RULES {
        markup!(m, "<li>", text(rule), "</li>");
    }
    m.push("</ul><h2>Relations</h2><ul class=\"guide-relations\">");
    for kind in RelationKind::ALL {
        let info = kind.info();
        markup!(
            m,
            "<li data-testid=\"guide-relation-",
            kind.name(),
            "\"><b>",
            kind.name(),
            "</b> (",
            text(info.ends),
            "): ",
            text(info.definition),
            " Example: <q>",
            text(info.example),
            "</q></li>"
        );
    }
    m.push("</ul><h2>Keyboard</h2><ul class=\"keys\">");
    for (keys, what) in KEYS {
        m.push("<li>");
        // "//" stands for the key "/" itself.
        for (i, key) in keys.replace("//", "/\u{0}").split('/').enumerate() {
            markup!(
                m,
                (i > 0).then_some(" "),
                "<kbd>",
                text(&key.replace('\u{0}', "/")),
                "</kbd>"
            );
        }
        markup!(m, " ", text(what), "</li>");
    }
    m.push("</ul>");
    m.finish()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_guidelines_show_every_label_attribute_rule_and_relation_escaped() {
        let html = html().into_string();
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

//! The guidelines: each label's definition, cue words and examples, the attributes and the
//! annotation rules, all read from `core::schema` (no second copy in HTML).

use crate::core::schema::{Attribute, Label, RelationKind, RULES};
use leptos::prelude::*;

/// The annotation guidelines of the commitment schema.
#[component]
pub fn Guidelines() -> impl IntoView {
    view! {
        <article class="guidelines" data-testid="guidelines-panel">
            <h2>"Labels"</h2>
            {Label::ALL
                .into_iter()
                .map(|label| {
                    let info = label.info();
                    view! {
                        <section class=format!("guide-label lbl-{}", label.index()) data-testid=format!("guide-{}", label.name())>
                            <h3>
                                <kbd class="hotkey">{label.key().to_string()}</kbd>
                                <span class="chip">{label.name()}</span>
                                {if label.is_act() { " act" } else { " support" }}
                            </h3>
                            <p>{info.definition}</p>
                            {(!info.cues.is_empty())
                                .then(|| view! { <p class="cues">"Cue words: " {info.cues.join(", ")}</p> })}
                            {info
                                .examples
                                .iter()
                                .map(|e| view! { <p class="example">"Example: " <q>{*e}</q></p> })
                                .collect_view()}
                        </section>
                    }
                })
                .collect_view()}
            <h2>"Attributes"</h2>
            <p>"Act labels (1-5) carry the six act attributes; CONSTRAINT carries kind. An unset value is allowed; the first value is not a default."</p>
            <dl class="guide-attributes">
                {Attribute::ALL
                    .into_iter()
                    .map(|attr| {
                        view! {
                            <dt>{attr.name()}</dt>
                            <dd>
                                <span class="values">{attr.values().join(" · ")}</span>
                                <br />
                                {attr.question()}
                            </dd>
                        }
                    })
                    .collect_view()}
            </dl>
            <p>"Every span, of any label, may carry a free-text note."</p>
            <h2>"Rules"</h2>
            <ul class="rules">{RULES.iter().map(|r| view! { <li>{*r}</li> }).collect_view()}</ul>
            <h2>"Relations"</h2>
            <ul>
                {RelationKind::ALL
                    .into_iter()
                    .map(|kind| {
                        let info = kind.info();
                        view! {
                            <li data-testid=format!("guide-relation-{}", kind.name())>
                                <b>{kind.name()}</b>" ("{info.ends}"): "{info.definition}
                                " Example: "<q>{info.example}</q>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h2>"Keyboard"</h2>
            <ul class="keys">
                <li><kbd>"1"</kbd>"–"<kbd>"8"</kbd>" label the selected text (or relabel the selected span)"</li>
                <li><kbd>"→"</kbd>" "<kbd>"←"</kbd>" select the next / previous word; with "<kbd>"Shift"</kbd>" extend the selection"</li>
                <li><kbd>"Alt+↓"</kbd>" "<kbd>"Alt+↑"</kbd>" (or "<kbd>"J"</kbd>" "<kbd>"K"</kbd>") next / previous span, when the text has the focus"</li>
                <li><kbd>"Tab"</kbd>" "<kbd>"Shift+Tab"</kbd>" the next / previous control, as anywhere; "<kbd>"F6"</kbd>" "<kbd>"Shift+F6"</kbd>" the header, the text, the side panel"</li>
                <li><kbd>"Enter"</kbd>" edit the selected span; "<kbd>"Esc"</kbd>" back to the text"</li>
                <li><kbd>"Delete"</kbd>" delete the selected span; "<kbd>"Esc"</kbd>" clear the selection"</li>
                <li><kbd>"Ctrl+Z"</kbd>" undo, "<kbd>"Ctrl+Shift+Z"</kbd>" redo; "<kbd>"/"</kbd>" search"</li>
            </ul>
        </article>
    }
}

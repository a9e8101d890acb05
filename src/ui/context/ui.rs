//! What the page shows around the document: the side panel's tab, the message line, what is
//! said to screen readers, and a request for the span editor to take the keyboard. Its own
//! context (`Ui`), so that a component that only shows a message or switches a tab takes this
//! and not the whole editor.

use crate::core::schema::Label;
use leptos::prelude::*;

/// A message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
    /// A document was deleted (with its title): the message offers Undo.
    Deleted(String),
    /// An import's one report: what came in, file by file, and what was refused (then shown
    /// as an error).
    Report {
        text: String,
        refused: bool,
    },
}

/// Which tab the side panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Workspace,
    Spans,
    Document,
    Guidelines,
    Agreement,
    Adjudication,
}

/// The page's state around the document, `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Ui {
    /// The side panel's tab: set only through [`Ui::show`].
    panel: RwSignal<Panel>,
    /// The message line (one message at a time; a new one replaces the old).
    notice: RwSignal<Option<Notice>>,
    /// What the polite live region says to screen readers: the last edit or move.
    announcement: RwSignal<String>,
    /// Bumped to ask the span editor to take the keyboard focus.
    focus_editor: RwSignal<u64>,
    /// The label the span list is filtered to.
    filter: RwSignal<Option<Label>>,
}

impl Default for Ui {
    fn default() -> Self {
        Self::new()
    }
}

impl Ui {
    /// The Spans tab, no message.
    pub fn new() -> Self {
        Self {
            panel: RwSignal::new(Panel::Spans),
            notice: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            focus_editor: RwSignal::new(0),
            filter: RwSignal::new(None),
        }
    }

    /// The side panel's tab (tracked).
    pub fn panel(&self) -> Panel {
        self.panel.get()
    }

    /// The side panel's tab, untracked.
    pub fn panel_untracked(&self) -> Panel {
        self.panel.get_untracked()
    }

    /// Shows the side panel's tab `panel`. Only a change redraws: the tab's views would be
    /// rebuilt in place, on elements their new state knows nothing of.
    pub fn show(&self, panel: Panel) {
        if self.panel.get_untracked() != panel {
            self.panel.set(panel);
        }
    }

    /// Shows a message (in place of the one shown).
    pub fn tell(&self, notice: Notice) {
        self.notice.set(Some(notice));
    }

    /// Takes the message away.
    pub fn dismiss(&self) {
        self.notice.set(None);
    }

    /// The message shown (tracked).
    pub fn notice(&self) -> Option<Notice> {
        self.notice.get()
    }

    /// The message shown, not tracked.
    #[cfg(test)]
    pub fn notice_untracked(&self) -> Option<Notice> {
        self.notice.get_untracked()
    }

    /// Says `text` to screen readers (the polite live region); the same text twice is said
    /// twice.
    pub fn announce(&self, text: String) {
        // In the frame after the edit's, as the side panel: the edit's frame draws the text.
        let announcement = self.announcement;
        crate::ui::context::clock::next_frame(move || {
            let repeat = announcement.with_untracked(|a| a.trim_end() == text);
            announcement.set(if repeat {
                format!("{text}\u{a0}")
            } else {
                text
            });
        });
    }

    /// What the live region says (tracked).
    pub fn announcement(&self) -> String {
        self.announcement.get()
    }

    /// What the live region says, untracked.
    #[cfg(test)]
    pub fn announcement_untracked(&self) -> String {
        self.announcement.get_untracked()
    }

    /// Asks the span editor to take the keyboard.
    pub fn focus_span_editor(&self) {
        self.focus_editor.update(|v| *v += 1);
    }

    /// The label the span list is filtered to (tracked).
    pub fn filter(&self) -> Option<Label> {
        self.filter.get()
    }

    /// Lists only spans of this label (or all).
    pub fn set_filter(&self, label: Option<Label>) {
        self.filter.set(label);
    }

    /// Tracks the requests for the span editor to take the keyboard.
    pub fn track_span_editor_focus(&self) {
        self.focus_editor.track();
    }
}

//! Documents held back from saving: another tab stored a newer version of each while this tab
//! had unsaved changes to it. Each is a row of its own, answered on its own (mine, theirs, or
//! both); a second clash adds a row and never replaces the first. Until a row is answered the
//! document's changes stay recorded, so the journal keeps writing this tab's version, and no
//! save writes it over the other tab's.

use crate::core::workspace::Changes;

/// The user's answer to one held document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// This tab's version is saved over the other tab's.
    Mine,
    /// The other tab's version replaces this tab's.
    Theirs,
    /// The other tab's version is taken, and this tab's is kept beside it as a copy.
    Both,
}

impl Answer {
    /// The answer a button's name gives (`mine`, `theirs`, `both`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "mine" => Some(Answer::Mine),
            "theirs" => Some(Answer::Theirs),
            "both" => Some(Answer::Both),
            _ => None,
        }
    }
}

/// The title a copy kept by [`Answer::Both`] takes.
pub fn copy_title(title: &str) -> String {
    format!("{title} (copy from this tab)")
}

/// The documents held, in the order they clashed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Held {
    ids: Vec<String>,
}

impl Held {
    /// Holds `id` (once); true when it was not held yet.
    pub fn hold(&mut self, id: &str) -> bool {
        if self.contains(id) {
            return false;
        }
        self.ids.push(id.to_string());
        true
    }

    /// Lets `id` go (answered, or the document was deleted); true when it was held.
    pub fn release(&mut self, id: &str) -> bool {
        let before = self.ids.len();
        self.ids.retain(|held| held != id);
        self.ids.len() != before
    }

    /// Whether `id` is held.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.iter().any(|held| held == id)
    }

    /// The held documents' ids, first clash first.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Nothing is held.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Lets go of the held documents `changes` removes (deleting one is an answer too); true
    /// when any was held.
    pub fn release_removed(&mut self, changes: &Changes) -> bool {
        let before = self.ids.len();
        self.ids.retain(|id| !changes.removed.contains(id));
        self.ids.len() != before
    }

    /// Splits `changes` into what a save writes now and the held documents' changes, which
    /// stay recorded.
    pub fn split(&self, mut changes: Changes) -> (Changes, Changes) {
        let mut held = Changes::default();
        changes.docs.retain(|id| {
            let keep = !self.contains(id);
            if !keep {
                held.docs.insert(id.clone());
            }
            keep
        });
        (changes, held)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn changes(docs: &[&str], removed: &[&str]) -> Changes {
        Changes {
            docs: docs.iter().map(|s| s.to_string()).collect(),
            removed: removed.iter().map(|s| s.to_string()).collect(),
            index: true,
            ..Changes::default()
        }
    }

    #[test]
    fn a_second_clash_adds_a_row_and_each_is_answered_on_its_own() {
        let mut held = Held::default();
        assert!(held.hold("x"));
        assert!(held.hold("y"), "a second clash is a second row");
        assert!(!held.hold("x"), "a clash again on x is the same row");
        assert_eq!(held.ids(), ["x", "y"]);
        assert!(held.release("y"));
        assert_eq!(held.ids(), ["x"], "answering y leaves x asked");
        assert!(!held.release("y"));
    }

    #[test]
    fn held_documents_stay_recorded_and_are_not_saved() {
        let mut held = Held::default();
        held.hold("x");
        held.hold("gone");
        let all = changes(&["x", "z"], &["gone"]);
        assert!(held.release_removed(&all));
        let (save, kept) = held.split(all);
        assert_eq!(save.docs.iter().collect::<Vec<_>>(), ["z"]);
        assert!(
            save.removed.contains("gone") && save.index,
            "a deletion and the index go"
        );
        assert_eq!(kept.docs.iter().collect::<Vec<_>>(), ["x"]);
        assert_eq!(
            held.ids(),
            ["x"],
            "a deleted document is no longer asked about"
        );
    }

    #[test]
    fn answers_are_read_from_their_names() {
        assert_eq!(Answer::parse("both"), Some(Answer::Both));
        assert_eq!(Answer::parse("mine"), Some(Answer::Mine));
        assert_eq!(Answer::parse("theirs"), Some(Answer::Theirs));
        assert_eq!(Answer::parse("<b>"), None);
        assert_eq!(copy_title("Doc"), "Doc (copy from this tab)");
    }
}

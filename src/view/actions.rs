//! What a control in the markup does, as a value: each control carries one [`Action`] in its
//! `data-act` attribute (a name and numbers only: an index into what the view drew, a span or
//! relation id, a place in one of the schema's lists), and the handler reads the same type
//! back. No id or name from a file ever goes into an attribute: a row or a target is named by
//! its place, and the component keeps what each place stands for.

use crate::core::annotation::relation::RelationId;
use crate::core::annotation::span::SpanId;
use crate::core::schema::{Attribute, Label, RelationKind};
use crate::view::markup::Piece;

/// What a control does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The Workspace tab's rows, by their place in the list of documents drawn.
    OpenDoc(usize),
    RenameDoc(usize),
    /// The rename box of row `n` (Enter or leaving it renames; Esc gives up).
    RenameBox(usize),
    DeleteDoc(usize),
    ConfirmDelete(usize),
    KeepDoc(usize),
    /// The "done" checkbox of row `n`.
    DocDone(usize),
    /// The import dialog's choices.
    ImportReplace,
    ImportBoth,
    ImportVersion,
    ImportCancel,
    /// The export menu's items.
    Export(Export),
    /// The Agreement tab: a pair's cell, a label's bar or row, a version to open (by its place
    /// in the targets the view listed), a download, the chooser's boxes and settings.
    Pair(usize, usize),
    FocusLabel(Label),
    OpenVersion(usize),
    AgreementExport(AgreementExport),
    /// The Agreement tab: list where the annotators disagree on an attribute's value.
    FocusAttribute(Attribute),
    /// The corpus dialog: export in the format of this place in `CorpusFormat::ALL`, or close.
    CorpusExport(usize),
    CorpusCancel,
    ChooseAnnotator(usize),
    ChooseText(usize),
    UnsetIsValue,
    Iou,
    /// The Adjudicate tab's controls.
    Strategy,
    Filter,
    HideNames,
    StartAdjudication,
    /// The Spans tab: an orphaned span by its place; a span to go to; a relation to delete or
    /// note; a kind of relation to begin; an attribute's field.
    PlaceOrphan(usize),
    DropOrphan(usize),
    Jump(SpanId),
    Unlink(RelationId),
    RelationNote(RelationId),
    LinkAs(RelationKind),
    SetAttribute(Attribute),
}

/// What the export menu exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Document,
    Workspace,
    /// Every text, as one dataset (a dialog asks what and how).
    Corpus,
    W3c,
    Doccano,
    Brat,
    LabelStudio,
    Conll,
}

impl Export {
    /// Every item, in the menu's order.
    pub const ALL: [Export; 8] = [
        Export::Document,
        Export::Workspace,
        Export::Corpus,
        Export::W3c,
        Export::Doccano,
        Export::Brat,
        Export::LabelStudio,
        Export::Conll,
    ];
}

/// What the Agreement tab downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreementExport {
    Json,
    Csv,
    Pygamma,
    Matrix,
    /// The table as CSV and a paragraph to paste, for a paper.
    Paper,
}

impl AgreementExport {
    /// Every download, in the tab's order.
    pub const ALL: [AgreementExport; 5] = [
        AgreementExport::Paper,
        AgreementExport::Json,
        AgreementExport::Csv,
        AgreementExport::Pygamma,
        AgreementExport::Matrix,
    ];
}

/// A place in a list, back from a number (`None` past its end).
fn nth<T: Copy>(all: &[T], n: u64) -> Option<T> {
    all.get(usize::try_from(n).ok()?).copied()
}

/// A place in a list, as a number.
fn place<T: PartialEq>(all: &[T], item: &T) -> u64 {
    all.iter().position(|x| x == item).unwrap_or(0) as u64
}

impl Action {
    /// The action's name and numbers, as `data-act` holds them (`open-doc:3`).
    fn parts(self) -> (&'static str, [Option<u64>; 2]) {
        use Action::*;
        let one = |n: u64| [Some(n), None];
        match self {
            OpenDoc(n) => ("open-doc", one(n as u64)),
            RenameDoc(n) => ("rename-doc", one(n as u64)),
            RenameBox(n) => ("rename-box", one(n as u64)),
            DeleteDoc(n) => ("delete-doc", one(n as u64)),
            ConfirmDelete(n) => ("confirm-delete", one(n as u64)),
            KeepDoc(n) => ("keep-doc", one(n as u64)),
            DocDone(n) => ("doc-done", one(n as u64)),
            ImportReplace => ("import-replace", [None, None]),
            ImportBoth => ("import-both", [None, None]),
            ImportVersion => ("import-version", [None, None]),
            ImportCancel => ("import-cancel", [None, None]),
            Export(e) => ("export", one(place(&self::Export::ALL, &e))),
            Pair(a, b) => ("pair", [Some(a as u64), Some(b as u64)]),
            FocusLabel(l) => ("label", one(l.index() as u64)),
            OpenVersion(n) => ("open-version", one(n as u64)),
            AgreementExport(e) => (
                "agreement-export",
                one(place(&self::AgreementExport::ALL, &e)),
            ),
            ChooseAnnotator(n) => ("choose-annotator", one(n as u64)),
            ChooseText(n) => ("choose-text", one(n as u64)),
            UnsetIsValue => ("unset-is-value", [None, None]),
            Iou => ("iou", [None, None]),
            Strategy => ("strategy", [None, None]),
            Filter => ("filter", [None, None]),
            HideNames => ("hide-names", [None, None]),
            StartAdjudication => ("start-adjudication", [None, None]),
            PlaceOrphan(n) => ("place-orphan", one(n as u64)),
            DropOrphan(n) => ("drop-orphan", one(n as u64)),
            Jump(id) => ("jump", one(id.0)),
            Unlink(id) => ("unlink", one(id.0)),
            RelationNote(id) => ("relation-note", one(id.0)),
            LinkAs(kind) => ("link-as", one(place(&RelationKind::ALL, &kind))),
            SetAttribute(attr) => ("attribute", one(place(&Attribute::ALL, &attr))),
            FocusAttribute(attr) => ("focus-attribute", one(place(&Attribute::ALL, &attr))),
            CorpusExport(n) => ("corpus-export", one(n as u64)),
            CorpusCancel => ("corpus-cancel", [None, None]),
        }
    }

    /// The action a `data-act` value names; `None` for anything else.
    pub fn parse(value: &str) -> Option<Action> {
        use Action::*;
        let mut parts = value.split(':');
        let name = parts.next()?;
        let mut number = || -> Option<u64> { parts.next()?.parse().ok() };
        let action = match name {
            "import-replace" => ImportReplace,
            "import-both" => ImportBoth,
            "import-version" => ImportVersion,
            "import-cancel" => ImportCancel,
            "unset-is-value" => UnsetIsValue,
            "iou" => Iou,
            "strategy" => Strategy,
            "filter" => Filter,
            "hide-names" => HideNames,
            "start-adjudication" => StartAdjudication,
            "corpus-cancel" => CorpusCancel,
            "pair" => Pair(number()? as usize, number()? as usize),
            _ => {
                let n = number()?;
                let at = || usize::try_from(n).ok();
                match name {
                    "open-doc" => OpenDoc(at()?),
                    "rename-doc" => RenameDoc(at()?),
                    "rename-box" => RenameBox(at()?),
                    "delete-doc" => DeleteDoc(at()?),
                    "confirm-delete" => ConfirmDelete(at()?),
                    "keep-doc" => KeepDoc(at()?),
                    "doc-done" => DocDone(at()?),
                    "export" => Export(nth(&self::Export::ALL, n)?),
                    "label" => FocusLabel(nth(&Label::ALL, n)?),
                    "open-version" => OpenVersion(at()?),
                    "agreement-export" => AgreementExport(nth(&self::AgreementExport::ALL, n)?),
                    "choose-annotator" => ChooseAnnotator(at()?),
                    "choose-text" => ChooseText(at()?),
                    "place-orphan" => PlaceOrphan(at()?),
                    "drop-orphan" => DropOrphan(at()?),
                    "jump" => Jump(SpanId(n)),
                    "unlink" => Unlink(RelationId(n)),
                    "relation-note" => RelationNote(RelationId(n)),
                    "link-as" => LinkAs(nth(&RelationKind::ALL, n)?),
                    "attribute" => SetAttribute(nth(&Attribute::ALL, n)?),
                    "focus-attribute" => FocusAttribute(nth(&Attribute::ALL, n)?),
                    "corpus-export" => CorpusExport(at()?),
                    _ => return None,
                }
            }
        };
        Some(action)
    }
}

/// An action as markup: ` data-act="…"` (with its leading space), to write inside a tag.
impl Piece for Action {
    fn put(self, out: &mut String) {
        let (name, numbers) = self.parts();
        out.push_str(" data-act=\"");
        out.push_str(name);
        for n in numbers.into_iter().flatten() {
            out.push(':');
            n.put(out);
        }
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_as_itself() {
        use Action::*;
        let mut all = vec![
            OpenDoc(0),
            RenameDoc(3),
            RenameBox(4),
            DeleteDoc(5),
            ConfirmDelete(6),
            KeepDoc(7),
            DocDone(8),
            ImportReplace,
            ImportBoth,
            ImportVersion,
            ImportCancel,
            Pair(2, 0),
            OpenVersion(11),
            ChooseAnnotator(1),
            ChooseText(12),
            UnsetIsValue,
            Iou,
            Strategy,
            Filter,
            HideNames,
            StartAdjudication,
            CorpusExport(3),
            CorpusCancel,
            PlaceOrphan(1),
            DropOrphan(2),
            Jump(SpanId(42)),
            Unlink(RelationId(7)),
            RelationNote(RelationId(8)),
        ];
        all.extend(self::Export::ALL.map(Export));
        all.extend(self::AgreementExport::ALL.map(AgreementExport));
        all.extend(Label::ALL.map(FocusLabel));
        all.extend(RelationKind::ALL.map(LinkAs));
        all.extend(Attribute::ALL.map(SetAttribute));
        all.extend(Attribute::ALL.map(FocusAttribute));
        for action in all {
            let mut out = String::new();
            action.put(&mut out);
            let value = out
                .strip_prefix(" data-act=\"")
                .and_then(|v| v.strip_suffix('"'))
                .unwrap();
            assert!(value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b':'));
            assert_eq!(Action::parse(value), Some(action), "{value}");
        }
    }

    #[test]
    fn anything_else_is_no_action() {
        for value in [
            "",
            "open-doc",
            "open-doc:x",
            "export:99",
            "nonsense:1",
            "label:8",
            "pair:1",
        ] {
            assert_eq!(Action::parse(value), None, "{value}");
        }
    }
}

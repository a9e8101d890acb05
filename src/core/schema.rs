//! The commitment schema (id `commitments`, version 1) as data: labels, hotkeys, attributes,
//! document metadata fields and the guidelines text. The palette, the span editor, the
//! guidelines panel and every file format read it from here, so there is one source of truth.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema's id, written into every exported file.
pub const SCHEMA_ID: &str = "commitments";
/// The schema's version, written into every exported file.
pub const SCHEMA_VERSION: u32 = 1;

/// A span label. Act labels (keys 1-5) carry the act attributes; support labels (6-8) do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Label {
    Commitment,
    Stance,
    Endorsement,
    Tasking,
    Declaration,
    Party,
    Constraint,
    Attribution,
}

/// What the guidelines say of one label.
#[derive(Debug)]
pub struct LabelInfo {
    pub label: Label,
    pub definition: &'static str,
    pub cues: &'static [&'static str],
    pub examples: &'static [&'static str],
}

impl Label {
    /// Every label, in hotkey order.
    pub const ALL: [Label; 8] = [
        Label::Commitment,
        Label::Stance,
        Label::Endorsement,
        Label::Tasking,
        Label::Declaration,
        Label::Party,
        Label::Constraint,
        Label::Attribution,
    ];

    /// The label's name as files write it, e.g. `COMMITMENT`.
    pub fn name(self) -> &'static str {
        match self {
            Label::Commitment => "COMMITMENT",
            Label::Stance => "STANCE",
            Label::Endorsement => "ENDORSEMENT",
            Label::Tasking => "TASKING",
            Label::Declaration => "DECLARATION",
            Label::Party => "PARTY",
            Label::Constraint => "CONSTRAINT",
            Label::Attribution => "ATTRIBUTION",
        }
    }

    /// Parses a label name exactly as [`Label::name`] writes it.
    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|label| label.name() == name)
    }

    /// The hotkey, `'1'` to `'8'`.
    pub fn key(self) -> char {
        char::from(b'1' + self.index() as u8)
    }

    /// The label a hotkey stands for.
    pub fn from_key(key: char) -> Option<Label> {
        let digit = key.to_digit(10)? as usize;
        (1..=Label::ALL.len())
            .contains(&digit)
            .then(|| Label::ALL[digit - 1])
    }

    /// Position in [`Label::ALL`] (the variants are declared in that order; a test checks).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the label marks an act (and so carries the act attributes).
    pub fn is_act(self) -> bool {
        self.index() < 5
    }

    /// The label's short code, drawn where a span starts: two letters, no two labels alike
    /// (COMMITMENT and CONSTRAINT would share an initial), so colour is never the only cue.
    pub fn code(self) -> &'static str {
        match self {
            Label::Commitment => "CM",
            Label::Stance => "ST",
            Label::Endorsement => "EN",
            Label::Tasking => "TK",
            Label::Declaration => "DC",
            Label::Party => "PT",
            Label::Constraint => "CN",
            Label::Attribution => "AT",
        }
    }

    /// The attributes a span of this label may carry, in display order.
    pub fn attributes(self) -> &'static [Attribute] {
        if self.is_act() {
            &Attribute::ACT
        } else if self == Label::Constraint {
            &[Attribute::Kind]
        } else {
            &[]
        }
    }

    /// The guidelines entry of this label.
    pub fn info(self) -> &'static LabelInfo {
        &LABEL_INFO[self.index()]
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

static LABEL_INFO: [LabelInfo; 8] = [
    LabelInfo {
        label: Label::Commitment,
        definition: "A party binds itself to a future action or outcome, or restates an obligation it holds.",
        cues: &["will", "shall", "intend to", "commit to", "pledge", "resolve to", "seek to", "determined to", "continue to", "reaffirm that X applies"],
        examples: &["intend to expand bilateral security cooperation in cyberspace"],
    },
    LabelInfo {
        label: Label::Stance,
        definition: "A declared position (support, opposition, concern, importance) with no action taken on.",
        cues: &["oppose", "reject", "condemn", "express concern", "emphasize the importance of", "underscore the need"],
        examples: &["reiterated their strong opposition to any attempts by the People's Republic of China (PRC) to change the status quo by force or coercion in the East China Sea"],
    },
    LabelInfo {
        label: Label::Endorsement,
        definition: "A party welcomes, praises or backs another party's commitment or action.",
        cues: &["welcome", "commend", "appreciate", "support (another's act)"],
        examples: &["welcomed Japan's commitment"],
    },
    LabelInfo {
        label: Label::Tasking,
        definition: "Leaders direct officials or bodies to act.",
        cues: &["instruct", "direct", "task", "charge"],
        examples: &["instructed their foreign and defense ministers to convene a Security Consultative Committee"],
    },
    LabelInfo {
        label: Label::Declaration,
        definition: "A formal announcement or acceptance that takes effect as it is said.",
        cues: &["declare", "announce", "launch", "establish", "accept (an invitation)"],
        examples: &["accepted an invitation from Prime Minister Ishiba for an official visit to Japan"],
    },
    LabelInfo {
        label: Label::Party,
        definition: "A mention of a committing or affected party.",
        cues: &[],
        examples: &["The two leaders"],
    },
    LabelInfo {
        label: Label::Constraint,
        definition: "A time, scope or condition that qualifies an act. Attribute kind: time, scope, condition, qualifier.",
        cues: &[],
        examples: &["by FY 2027"],
    },
    LabelInfo {
        label: Label::Attribution,
        definition: "A source or hedge through which an act is reported.",
        cues: &[],
        examples: &["according to several Japanese government sources", "is expected to"],
    },
];

/// A closed attribute: the six act attributes, and `kind` for CONSTRAINT spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    Committer,
    Strength,
    Novelty,
    Status,
    Polarity,
    Domain,
    Kind,
}

impl Attribute {
    /// The act attributes, in display order.
    pub const ACT: [Attribute; 6] = [
        Attribute::Committer,
        Attribute::Strength,
        Attribute::Novelty,
        Attribute::Status,
        Attribute::Polarity,
        Attribute::Domain,
    ];

    /// Every attribute.
    pub const ALL: [Attribute; 7] = [
        Attribute::Committer,
        Attribute::Strength,
        Attribute::Novelty,
        Attribute::Status,
        Attribute::Polarity,
        Attribute::Domain,
        Attribute::Kind,
    ];

    /// The attribute's name as files write it.
    pub fn name(self) -> &'static str {
        match self {
            Attribute::Committer => "committer",
            Attribute::Strength => "strength",
            Attribute::Novelty => "novelty",
            Attribute::Status => "status",
            Attribute::Polarity => "polarity",
            Attribute::Domain => "domain",
            Attribute::Kind => "kind",
        }
    }

    /// Parses an attribute name.
    pub fn from_name(name: &str) -> Option<Attribute> {
        Attribute::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The closed set of values. The first is not a default: an unset value is allowed.
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Attribute::Committer => &["joint", "party_a", "party_b", "third_party"],
            Attribute::Strength => &["firm", "intent", "exploratory"],
            Attribute::Novelty => &["new", "reaffirmed", "unclear"],
            Attribute::Status => &["stated", "reported", "anticipated"],
            Attribute::Polarity => &["affirmed", "negated"],
            Attribute::Domain => &[
                "defense",
                "cyber",
                "space",
                "economy",
                "technology",
                "energy",
                "diplomacy",
                "territory",
                "nonproliferation",
                "other",
            ],
            Attribute::Kind => &["time", "scope", "condition", "qualifier"],
        }
    }

    /// The question the attribute answers, shown as help in the editor and guidelines.
    pub fn question(self) -> &'static str {
        match self {
            Attribute::Committer => "Who takes on the act (party A / B are named in the document's metadata)?",
            Attribute::Strength => "\"will / shall / commit\" (firm) vs \"intend / plan / aim\" (intent) vs \"consider / explore / discuss\" (exploratory)",
            Attribute::Novelty => "First made here (new), or restated (reaffirmed)?",
            Attribute::Status => "Said by the party itself (stated), reported by a third party after the fact (reported), or expected before it happens (anticipated)?",
            Attribute::Polarity => "Negated only where the text says the act did not happen.",
            Attribute::Domain => "The policy field.",
            Attribute::Kind => "What sort of qualification: a time, a scope, a condition, or another qualifier?",
        }
    }

    /// Whether `value` is one of this attribute's values.
    pub fn accepts(self, value: &str) -> bool {
        self.values().contains(&value)
    }
}

impl fmt::Display for Attribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The values of the metadata field `source_type`.
pub const SOURCE_TYPES: [&str; 6] = [
    "joint_statement",
    "fact_sheet",
    "readout",
    "transcript",
    "news_report",
    "commentary",
];

/// A relation between two spans, as schema version 1 defines them. Each has a direction
/// (from one span to another) and allows only certain labels at each end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// act -> PARTY: who takes the act on.
    Committer,
    /// act -> ATTRIBUTION: through whom the act is reported.
    Source,
    /// CONSTRAINT -> act: a time, scope or condition that qualifies the act.
    Constrains,
    /// act -> act: an act that embeds another (an ENDORSEMENT of a COMMITMENT).
    Embeds,
}

/// What the guidelines say of one relation kind.
#[derive(Debug)]
pub struct RelationInfo {
    /// The ends it joins, e.g. "act → PARTY".
    pub ends: &'static str,
    pub definition: &'static str,
    pub example: &'static str,
}

impl RelationKind {
    /// Every kind, in the picker's order.
    pub const ALL: [RelationKind; 4] = [
        RelationKind::Committer,
        RelationKind::Source,
        RelationKind::Constrains,
        RelationKind::Embeds,
    ];

    /// The name files write, e.g. `committer`.
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::Committer => "committer",
            RelationKind::Source => "source",
            RelationKind::Constrains => "constrains",
            RelationKind::Embeds => "embeds",
        }
    }

    /// Parses a name exactly as [`RelationKind::name`] writes it.
    pub fn from_name(name: &str) -> Option<RelationKind> {
        RelationKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// The key that picks it in the relation picker, `'1'` to `'4'`.
    pub fn key(self) -> char {
        char::from(b'1' + self as u8)
    }

    /// The kinds a relation begun at a `first` span and ended at a `second` one can be, each
    /// with whether it runs from `first` to `second` (`true`) or back: a relation can be
    /// begun at either end (from an act to the CONSTRAINT that constrains it, say). With
    /// schema version 1 there is at most one kind each way.
    pub fn linking(first: Label, second: Label) -> Vec<(RelationKind, bool)> {
        let mut kinds: Vec<(RelationKind, bool)> = RelationKind::between(first, second)
            .into_iter()
            .map(|kind| (kind, true))
            .collect();
        for kind in RelationKind::between(second, first) {
            if !kinds.contains(&(kind, true)) {
                kinds.push((kind, false));
            }
        }
        kinds
    }

    /// Whether a relation of this kind may run from a `from` span to a `to` span.
    pub fn allows(self, from: Label, to: Label) -> bool {
        match self {
            RelationKind::Committer => from.is_act() && to == Label::Party,
            RelationKind::Source => from.is_act() && to == Label::Attribution,
            RelationKind::Constrains => from == Label::Constraint && to.is_act(),
            RelationKind::Embeds => from.is_act() && to.is_act(),
        }
    }

    /// The kinds allowed from a `from` span to a `to` span, in the picker's order.
    pub fn between(from: Label, to: Label) -> Vec<RelationKind> {
        RelationKind::ALL
            .into_iter()
            .filter(|kind| kind.allows(from, to))
            .collect()
    }

    /// What the guidelines say of it.
    pub fn info(self) -> RelationInfo {
        match self {
            RelationKind::Committer => RelationInfo {
                ends: "act → PARTY",
                definition: "Who takes the act on. Linking an act to a PARTY span whose text names the document's party A or party B sets the act's committer attribute to match when it is not set; when the two disagree, the span editor says so.",
                example: "\"intend to expand bilateral security cooperation\" → \"The two leaders\"",
            },
            RelationKind::Source => RelationInfo {
                ends: "act → ATTRIBUTION",
                definition: "Through whom the act is reported: a source or a hedge.",
                example: "\"include a pledge to ...\" → \"according to several Japanese government sources\"",
            },
            RelationKind::Constrains => RelationInfo {
                ends: "CONSTRAINT → act",
                definition: "A time, scope or condition that qualifies the act.",
                example: "\"by FY 2027\" → \"commitment ... to building capabilities\"",
            },
            RelationKind::Embeds => RelationInfo {
                ends: "act → act",
                definition: "An act that contains another as its object; never in a cycle.",
                example: "\"welcomed Japan's commitment ...\" (ENDORSEMENT) → \"commitment ... to building capabilities\" (COMMITMENT)",
            },
        }
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rules annotators follow, shown in the guidelines panel.
pub const RULES: [&str; 5] = [
    "Extent: the act span runs from its main verb through its object (\"reaffirmed that Article V of the ... Treaty ... applies to the Senkaku Islands\"); the subject is a separate PARTY span.",
    "Nesting is normal: \"welcomed Japan's commitment ... to building capabilities by FY 2027\" is an ENDORSEMENT that contains a COMMITMENT (committer: the other party) that contains a CONSTRAINT. Overlapping and nested spans are supported and shown.",
    "Press reports: in \"the statement is expected to include X, according to government sources\", X gets its act label with status anticipated; \"is expected to\" and \"according to ... sources\" are ATTRIBUTION spans.",
    "\"agreed that there is a need\" is a STANCE; \"agreed to do\" is a COMMITMENT.",
    "\"oppose X\" is a STANCE with polarity affirmed; \"will not deploy X\" is a COMMITMENT (to refrain), polarity affirmed.",
];

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_labels_index_is_its_place_in_all() {
        for (i, label) in Label::ALL.into_iter().enumerate() {
            assert_eq!(label.index(), i);
        }
    }

    #[test]
    fn every_label_has_a_code_of_its_own() {
        let codes: std::collections::HashSet<&str> = Label::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(codes.len(), Label::ALL.len());
        // Not the initials alone: COMMITMENT and CONSTRAINT both start with C.
        assert_ne!(Label::Commitment.code(), Label::Constraint.code());
    }

    #[test]
    fn eight_labels_with_keys_one_to_eight() {
        let keys: String = Label::ALL.iter().map(|l| l.key()).collect();
        assert_eq!(keys, "12345678");
        for label in Label::ALL {
            assert_eq!(Label::from_key(label.key()), Some(label));
            assert_eq!(Label::from_name(label.name()), Some(label));
            assert_eq!(label.info().label, label);
        }
        assert_eq!(Label::from_key('0'), None);
        assert_eq!(Label::from_key('9'), None);
        assert_eq!(Label::from_name("commitment"), None);
    }

    #[test]
    fn act_labels_carry_six_attributes_constraint_carries_kind() {
        for label in Label::ALL {
            let attrs = label.attributes();
            match label {
                Label::Constraint => assert_eq!(attrs, &[Attribute::Kind]),
                Label::Party | Label::Attribution => assert!(attrs.is_empty()),
                _ => assert_eq!(attrs.len(), 6),
            }
        }
    }

    /// The endpoint rules, label pair by label pair, for every kind.
    #[test]
    fn relation_kinds_allow_exactly_the_schemas_label_pairs() {
        use Label::*;
        let acts = [Commitment, Stance, Endorsement, Tasking, Declaration];
        for kind in RelationKind::ALL {
            assert_eq!(RelationKind::from_name(kind.name()), Some(kind));
            for from in Label::ALL {
                for to in Label::ALL {
                    let expected = match kind {
                        RelationKind::Committer => acts.contains(&from) && to == Party,
                        RelationKind::Source => acts.contains(&from) && to == Attribution,
                        RelationKind::Constrains => from == Constraint && acts.contains(&to),
                        RelationKind::Embeds => acts.contains(&from) && acts.contains(&to),
                    };
                    assert_eq!(kind.allows(from, to), expected, "{kind} {from} -> {to}");
                }
            }
        }
        // Between two acts only `embeds`; from an act to a PARTY only `committer`.
        assert_eq!(
            RelationKind::between(Commitment, Stance),
            [RelationKind::Embeds]
        );
        assert_eq!(
            RelationKind::between(Stance, Party),
            [RelationKind::Committer]
        );
        assert!(RelationKind::between(Party, Commitment).is_empty());
        let keys: String = RelationKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(keys, "1234");
        // Begun at either end: from an act to its CONSTRAINT runs back; act to act forward.
        assert_eq!(
            RelationKind::linking(Commitment, Constraint),
            [(RelationKind::Constrains, false)]
        );
        assert_eq!(
            RelationKind::linking(Stance, Commitment),
            [(RelationKind::Embeds, true)]
        );
        assert!(RelationKind::linking(Party, Attribution).is_empty());
    }

    #[test]
    fn attribute_values_are_closed_sets() {
        assert!(Attribute::Committer.accepts("party_a"));
        assert!(!Attribute::Committer.accepts("party_c"));
        assert_eq!(Attribute::Domain.values().len(), 10);
        for attr in Attribute::ALL {
            assert_eq!(Attribute::from_name(attr.name()), Some(attr));
        }
    }
}

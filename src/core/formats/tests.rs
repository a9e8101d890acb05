//! Round trips through every format, golden files in each tool's documented shape, and offsets
//! checked by Python's own `str` indexing.

use super::anchor::{anchor_all, Incoming};
use super::*;
use crate::core::annotation::model::Annotated;
use crate::core::annotation::span::{Span, SpanId};
use crate::core::text::document::Metadata;
use crate::core::text::offsets::tests::tricky_text;
use crate::core::text::offsets::IndexedText;
use crate::core::workspace::DocEntry;
use proptest::prelude::*;
use serde_json::Value;

const TEXT: &str = "😀 Joint Statement\r\n\r\nThe two leaders intend to expand\r\ncooperation in 宇宙 (space) by FY 2027.\tNote: e\u{301}tude.\n";

fn cp(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).unwrap();
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

pub(super) fn sample() -> DocEntry {
    let mut doc = Annotated::new(
        TEXT.into(),
        Metadata {
            title: "Joint Statement".into(),
            party_a: "USA".into(),
            party_b: "JPN".into(),
            ..Metadata::default()
        },
    );
    let (s, e) = cp("intend to expand\r\ncooperation in 宇宙 (space) by FY 2027");
    let act = doc
        .annotate(s, e, Label::Commitment, true, 1_000)
        .unwrap()
        .select
        .unwrap();
    doc.set_attribute(act, Attribute::Committer, Some("joint"), 2_000)
        .unwrap();
    doc.set_attribute(act, Attribute::Domain, Some("space"), 2_000)
        .unwrap();
    doc.set_note(act, "two lines\nand a \\ backslash".into(), 3_000)
        .unwrap();
    let (s, e) = cp("by FY 2027");
    let c = doc
        .annotate(s, e, Label::Constraint, true, 4_000)
        .unwrap()
        .select
        .unwrap();
    doc.set_attribute(c, Attribute::Kind, Some("time"), 5_000)
        .unwrap();
    let (s, e) = cp("The two leaders");
    let party = doc
        .annotate(s, e, Label::Party, true, 6_000)
        .unwrap()
        .select
        .unwrap();
    doc.link(act, party, RelationKind::Committer, 7_000)
        .unwrap();
    doc.link(c, act, RelationKind::Constrains, 7_000).unwrap();
    DocEntry::new("d-fmt".into(), doc, "Ana".into(), 0)
}

/// A relation as formats hold it: kind, and each end's extent and label.
type HeldRelation = (RelationKind, (usize, usize, Label), (usize, usize, Label));

/// A document's relations, by what their ends are.
fn relations_of(doc: &Annotated) -> Vec<HeldRelation> {
    let end = |id| {
        let s = doc.spans().get(id).unwrap();
        (s.start, s.end, s.label)
    };
    let mut out: Vec<HeldRelation> = doc
        .relations()
        .iter()
        .map(|r| (r.kind, end(r.from), end(r.to)))
        .collect();
    out.sort();
    out
}

/// An import's relations, by what their ends are (the ends as the file places them).
fn relations_read(foreign: &Foreign) -> Vec<HeldRelation> {
    let end = |i: usize| {
        let s = &foreign.spans[i];
        (s.start, s.end, s.label)
    };
    let mut out: Vec<HeldRelation> = foreign
        .relations
        .iter()
        .map(|r| (r.kind, end(r.from), end(r.to)))
        .collect();
    out.sort();
    out
}

/// What a format holds of a span: start, end, label, attributes, note.
type Held = (usize, usize, Label, Vec<(Attribute, String)>, String);

/// What a format can hold of a span: extent, label, and (unless `bare`) attributes and note.
fn held(spans: impl Iterator<Item = Held>, bare: bool) -> Vec<Held> {
    let mut out: Vec<_> = spans
        .map(|(s, e, l, a, n)| {
            if bare {
                (s, e, l, Vec::new(), String::new())
            } else {
                (s, e, l, a, n)
            }
        })
        .collect();
    out.sort_by_key(|a| (a.0, std::cmp::Reverse(a.1), a.2));
    out
}

fn of_spans(doc: &Annotated) -> impl Iterator<Item = Held> + '_ {
    doc.spans().iter().map(|s: &Span| {
        (
            s.start,
            s.end,
            s.label,
            s.attrs.clone().into_iter().collect(),
            s.note.clone(),
        )
    })
}

fn of_placed(text: &str, incoming: Vec<Incoming>) -> Vec<Held> {
    let anchored = anchor_all(&IndexedText::new(text.to_string()), incoming);
    assert!(
        anchored.orphaned.is_empty() && anchored.moved.is_empty(),
        "{anchored:?}"
    );
    anchored
        .exact
        .into_iter()
        .map(|(i, s, e)| (s, e, i.label, i.attrs.into_iter().collect(), i.note))
        .collect()
}

/// Exports `entry` to every format and reads each back: the spans the format can hold come back.
fn round_trip_all(entry: &DocEntry) {
    let text = entry.doc.doc().as_str();
    let expected = held(of_spans(&entry.doc), false);

    // W3C: spans only, onto the same text.
    let w3c: Value = serde_json::from_str(&w3c::write(entry, "Ana")).unwrap();
    assert!(w3c::looks_like(&w3c));
    let back = w3c::read(&w3c).unwrap();
    assert_eq!(relations_read(&back), relations_of(&entry.doc), "w3c");
    assert_eq!(
        held(of_placed(text, back.spans).into_iter(), false),
        expected,
        "w3c"
    );

    // doccano: the document with its spans.
    let line = doccano::write(entry);
    assert!(doccano::looks_like(&line));
    let back = doccano::read(&line).unwrap().remove(0);
    assert_eq!(back.text.as_deref(), Some(text));
    assert_eq!(&back.meta, entry.doc.meta());
    assert_eq!(relations_read(&back), relations_of(&entry.doc), "doccano");
    assert_eq!(
        held(of_placed(text, back.spans).into_iter(), false),
        expected,
        "doccano"
    );

    // Label Studio: the task.
    let ls: Value = serde_json::from_str(&labelstudio::write(entry, "Ana")).unwrap();
    assert!(labelstudio::looks_like(&ls));
    let back = labelstudio::read(&ls).unwrap().remove(0);
    assert_eq!(back.text.as_deref(), Some(text));
    assert_eq!(&back.meta, entry.doc.meta());
    assert_eq!(
        relations_read(&back),
        relations_of(&entry.doc),
        "labelstudio"
    );
    assert_eq!(
        held(of_placed(text, back.spans).into_iter(), false),
        expected,
        "labelstudio"
    );

    // brat: .txt and .ann (spans not beginning or ending at a line break).
    let (files, _) = brat::write(entry);
    let back = brat::read(
        std::str::from_utf8(&files[1].bytes).unwrap(),
        Some(std::str::from_utf8(&files[0].bytes).unwrap()),
    )
    .unwrap();
    assert_eq!(back.text.as_deref(), Some(text));
    assert_eq!(relations_read(&back), relations_of(&entry.doc), "brat");
    assert_eq!(
        held(of_placed(text, back.spans).into_iter(), false),
        expected,
        "brat"
    );
    // Also without its text, anchored by quote onto the document.
    let back = brat::read(std::str::from_utf8(&files[1].bytes).unwrap(), None).unwrap();
    let anchored = anchor_all(entry.doc.doc().text(), back.spans);
    assert_eq!(anchored.orphaned.len(), 0);
}

#[test]
fn every_format_round_trips_the_sample() {
    round_trip_all(&sample());
}

#[test]
fn conll_round_trips_token_aligned_spans_in_nesting_columns() {
    let entry = sample();
    let (conll, warnings) = conll::write(&entry);
    assert!(conll::looks_like(&conll));
    assert!(
        warnings.iter().any(|w| w.contains("2 tag columns")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains("attributes and notes")));
    let back = conll::read(&conll, TEXT).unwrap();
    let got = held(of_placed(TEXT, back.spans).into_iter(), true);
    assert_eq!(got, held(of_spans(&entry.doc), true));
    // The plain TOKEN TAG layout is read too, tokens found in the text in order.
    let plain: String = conll
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() >= 4 {
                format!("{}\t{}\n", c[0], c[3..].join("\t"))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let back = conll::read(&plain, TEXT).unwrap();
    assert_eq!(
        held(of_placed(TEXT, back.spans).into_iter(), true),
        held(of_spans(&entry.doc), true)
    );
    let (s, e) = cp("The two leaders");
    assert!(
        conll.contains(&format!("The\t{s}\t{}\tB-PARTY\tO\n", s + 3)),
        "{conll}"
    );
    assert!(e > s);
}

#[test]
fn conll_warns_when_spans_are_widened() {
    let mut doc = Annotated::new("Cooperation will deepen.".into(), Metadata::default());
    doc.annotate(2, 6, Label::Party, false, 0).unwrap();
    let (_, warnings) = conll::write(&DocEntry::new("d".into(), doc, String::new(), 0));
    assert!(warnings
        .iter()
        .any(|w| w.contains("1 span(s) start or end inside a word")));
    // The sample's relations: CoNLL cannot hold them, and the export says so.
    let (_, warnings) = conll::write(&sample());
    assert!(
        warnings
            .iter()
            .any(|w| w
                .contains("CoNLL cannot hold relations: this file leaves out the document's 2")),
        "{warnings:?}"
    );
}

/// Python parses each exported file itself and checks `text[start:end]` against the quotes.
#[test]
fn offsets_agree_with_python_str_indexing() {
    let entry = sample();
    let dir = std::env::temp_dir().join(format!("avow-offsets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("avow.json"), avow::write_document(&entry)).unwrap();
    std::fs::write(dir.join("w3c.json"), w3c::write(&entry, "Ana")).unwrap();
    std::fs::write(dir.join("doccano.jsonl"), doccano::write(&entry)).unwrap();
    std::fs::write(dir.join("ls.json"), labelstudio::write(&entry, "Ana")).unwrap();
    for f in brat::write(&entry).0 {
        let name = if f.name.ends_with(".txt") {
            "brat.txt"
        } else if f.name.ends_with(".ann") {
            "brat.ann"
        } else {
            "annotation.conf"
        };
        std::fs::write(dir.join(name), f.bytes).unwrap();
    }
    std::fs::write(dir.join("conll.tsv"), conll::write(&entry).0).unwrap();
    let script = r#"
import json, sys, os
d = sys.argv[1]
avow = json.load(open(os.path.join(d, 'avow.json'), encoding='utf-8'))
text = avow['document']['text']
assert len(text) == avow['document']['length']
want = sorted((a['start'], a['end'], a['label']) for a in avow['annotations'])
for a in avow['annotations']:
    assert text[a['start']:a['end']] == a['quote'], a
# Each relation as (type, from span, to span), the spans by (start, end, label).
by_id = {a['id']: (a['start'], a['end'], a['label']) for a in avow['annotations']}
want_rel = sorted((r['type'], by_id[r['from']], by_id[r['to']]) for r in avow['relations'])
assert want_rel, 'the sample has relations'
w3c = json.load(open(os.path.join(d, 'w3c.json'), encoding='utf-8'))
got = []
w3c_spans = {}
w3c_links = []
for item in w3c['first']['items']:
    if item['motivation'] == 'linking':
        w3c_links.append(item)
        continue
    sel = {s['type']: s for s in item['target']['selector']}
    p, q = sel['TextPositionSelector'], sel['TextQuoteSelector']
    assert text[p['start']:p['end']] == q['exact']
    assert text[:p['start']].endswith(q['prefix']) and text[p['end']:].startswith(q['suffix'])
    got.append((p['start'], p['end'], [b['value'] for b in item['body'] if b['purpose'] == 'tagging'][0]))
    w3c_spans[item['id']] = got[-1]
assert sorted(got) == want, (got, want)
got_rel = sorted(([b['value'] for b in l['body'] if isinstance(b, dict)][0], w3c_spans[l['target']],
                  w3c_spans[[b for b in l['body'] if isinstance(b, str)][0]]) for l in w3c_links)
assert got_rel == want_rel, (got_rel, want_rel)
line = json.loads(open(os.path.join(d, 'doccano.jsonl'), encoding='utf-8').readline())
assert line['text'] == text
if 'entities' in line:
    ents = {e['id']: (e['start_offset'], e['end_offset'], e['label']) for e in line['entities']}
    assert sorted(ents.values()) == want
    got_rel = sorted((r['type'], ents[r['from_id']], ents[r['to_id']]) for r in line['relations'])
    assert got_rel == want_rel, (got_rel, want_rel)
else:
    assert sorted(tuple(l) for l in line['label']) == want
ls = json.load(open(os.path.join(d, 'ls.json'), encoding='utf-8'))[0]
assert ls['data']['text'] == text
got = []
regions = {}
for r in ls['annotations'][0]['result']:
    if r['type'] == 'labels':
        v = r['value']
        assert text[v['start']:v['end']] == v['text']
        got.append((v['start'], v['end'], v['labels'][0]))
        regions[r['id']] = (v['start'], v['end'], v['labels'][0])
assert sorted(got) == want
got_rel = sorted((r['labels'][0], regions[r['from_id']], regions[r['to_id']])
                 for r in ls['annotations'][0]['result'] if r['type'] == 'relation')
assert got_rel == want_rel, (got_rel, want_rel)
btext = open(os.path.join(d, 'brat.txt'), encoding='utf-8', newline='').read()
assert btext == text
got = []
tlines = {}
rels = []
for l in open(os.path.join(d, 'brat.ann'), encoding='utf-8', newline=''):
    if l.startswith('T'):
        tid, mid, quoted = l.rstrip('\n').split('\t')
        label, offs = mid.split(' ', 1)
        frags = [tuple(map(int, f.split())) for f in offs.split(';')]
        assert ' '.join(btext[s:e] for s, e in frags) == quoted
        got.append((frags[0][0], frags[-1][1], label))
        tlines[tid] = (frags[0][0], frags[-1][1], label)
    elif l.startswith('R'):
        rid, mid = l.rstrip('\n').split('\t')
        rtype, a1, a2 = mid.split(' ')
        assert a1.startswith('Arg1:') and a2.startswith('Arg2:'), l
        rels.append((rtype, tlines[a1[5:]], tlines[a2[5:]]))
assert sorted(got) == want
# Each R line points at the T lines of the spans the relation joins.
assert sorted(rels) == want_rel, (rels, want_rel)
for l in open(os.path.join(d, 'conll.tsv'), encoding='utf-8'):
    if l.strip() and not l.startswith('#'):
        tok, s, e = l.split('\t')[:3]
        assert text[int(s):int(e)] == tok, l
print('ok')
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&dir)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "ok",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Files written by hand from each tool's documentation read as expected.
#[test]
fn golden_files_from_each_tools_documentation() {
    // doccano: the two documented shapes.
    let docs = doccano::read(concat!(
        "{\"text\": \"Terrible customer service.\", \"label\": [[0, 8, \"STANCE\"]]}\n",
        "{\"text\": \"Japan will pay.\", \"entities\": [{\"id\": 1, \"start_offset\": 0, \"end_offset\": 5, \"label\": \"PARTY\"}], \"relations\": []}\n",
    ))
    .unwrap();
    assert_eq!(
        (
            docs[0].spans[0].start,
            docs[0].spans[0].end,
            docs[0].spans[0].label
        ),
        (0, 8, Label::Stance)
    );
    assert_eq!(
        (docs[1].spans[0].end, docs[1].spans[0].label),
        (5, Label::Party)
    );

    // brat: T, A, # and R lines.
    let txt = "Japan\r\nwill pay 😀 soon.";
    let ann = "T1\tPARTY 0 5\tJapan\nT2\tCOMMITMENT 7 15\twill pay\nA1\tstrength T2 firm\n#1\tAnnotatorNotes T2\tsee \\n p. 2\nR1\tcommitter Arg1:T2 Arg2:T1\n";
    let back = brat::read(ann, Some(txt)).unwrap();
    assert_eq!(back.spans.len(), 2);
    assert_eq!(back.spans[1].attrs[&Attribute::Strength], "firm");
    assert_eq!(back.spans[1].note, "see \n p. 2");
    assert_eq!(
        back.relations,
        [ForeignRelation {
            kind: RelationKind::Committer,
            from: 1,
            to: 0
        }]
    );
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    // Offsets counted in UTF-16 or bytes are caught by the quoted text.
    let bad = "T1\tCOMMITMENT 7 16\twill pay\n";
    assert!(brat::read(bad, Some(txt))
        .unwrap_err()
        .to_string()
        .contains("are the offsets in characters"));

    // Label Studio: a task as its export documents it, with a per-region choice.
    let ls: Value = serde_json::from_str(
        r#"[{"id": 7, "data": {"text": "Japan will pay."},
        "annotations": [{"id": 1, "result": [
          {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 6, "end": 14, "text": "will pay", "labels": ["Commitment"]}},
          {"id": "a1", "from_name": "strength", "to_name": "text", "type": "choices",
           "value": {"start": 6, "end": 14, "text": "will pay", "choices": ["firm"]}}]}]}]"#,
    )
    .unwrap();
    let back = labelstudio::read(&ls).unwrap().remove(0);
    assert_eq!(back.text.as_deref(), Some("Japan will pay."));
    assert_eq!(
        (back.spans[0].start, back.spans[0].label),
        (6, Label::Commitment)
    );
    assert_eq!(back.spans[0].attrs[&Attribute::Strength], "firm");

    // W3C: an annotation as the model's examples write it, quote selector only.
    let w3c: Value = serde_json::from_str(r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno1",
        "type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "PARTY"},
        "target": {"source": "http://example.org/page1", "selector": {"type": "TextQuoteSelector", "exact": "Japan", "prefix": "", "suffix": " will"}}}"#).unwrap();
    let back = w3c::read(&w3c).unwrap();
    let placed = anchor_all(&IndexedText::new("Japan will pay.".into()), back.spans);
    assert_eq!(placed.counts(), (0, 1, 0), "found by its quote");
    assert_eq!((placed.moved[0].1, placed.moved[0].2), (0, 5));
}

#[test]
fn foreign_files_are_refused_with_place_and_reason() {
    let refuse = |r: Result<Foreign, FormatError>| r.unwrap_err().to_string();
    assert_eq!(
        doccano::read("{\"text\": \"abc\", \"label\": [[0, 9, \"PARTY\"]]}")
            .unwrap_err()
            .to_string(),
        "line 1: label[0]: 0–9 is not a range inside the text (3 code points)"
    );
    assert!(
        doccano::read("{\"text\": \"abc\", \"label\": [[0, 2, \"PERSON\"]]}")
            .unwrap_err()
            .to_string()
            .contains("\"PERSON\" is not one of COMMITMENT")
    );
    let w3c: Value = serde_json::from_str(r#"[{"type": "Annotation", "body": [{"purpose": "tagging", "value": "PARTY"}, {"purpose": "classifying", "value": "committer=joint"}], "target": {"selector": {"type": "TextPositionSelector", "start": 0, "end": 2}}}]"#).unwrap();
    assert_eq!(
        refuse(w3c::read(&w3c)),
        "[0].body[1].value: PARTY spans have no attribute committer"
    );
    assert!(brat::read("T1\tPARTY 0 x\tab\n", Some("abc"))
        .unwrap_err()
        .to_string()
        .starts_with("line 1:"));
    assert!(conll::read("Japan\t0\t5\tB-PARTY\n", "Korea will")
        .unwrap_err()
        .to_string()
        .contains("not at 0–5"));
}

/// A generated document: its text and spans, no metadata.
/// A document with these spans, for tests of every format.
pub(super) fn generated_entry(id: &str, text: String, spans: Vec<Span>) -> DocEntry {
    DocEntry::new(
        id.into(),
        Annotated::with_spans(text, Metadata::default(), spans),
        String::new(),
        0,
    )
}

fn arbitrary_entry() -> impl Strategy<Value = DocEntry> {
    (
        tricky_text(),
        prop::collection::vec(
            (
                0usize..300,
                1usize..30,
                0usize..8,
                0usize..5,
                "[a-z\\\\\n ]{0,8}",
            ),
            0..8,
        ),
        prop::collection::vec((0usize..8, 0usize..8), 0..6),
    )
        .prop_map(|(text, raw, links)| {
            let indexed = IndexedText::new(text.clone());
            let len = indexed.len_cp();
            let mut spans: Vec<Span> = Vec::new();
            for (i, (start, width, label, pick, note)) in raw.into_iter().enumerate() {
                if len == 0 {
                    break;
                }
                let start = start % len;
                let end = (start + width).min(len);
                // brat fragments cannot begin or end with a line break: keep to what all hold.
                let q = indexed.slice(start, end);
                if start >= end
                    || q.starts_with(brat::is_line_break)
                    || q.ends_with(brat::is_line_break)
                {
                    continue;
                }
                let label = Label::ALL[label];
                let mut attrs = std::collections::BTreeMap::new();
                if let Some(attr) = label.attributes().get(pick) {
                    attrs.insert(*attr, attr.values()[pick % attr.values().len()].to_string());
                }
                if spans
                    .iter()
                    .any(|s| s.start == start && s.end == end && s.label == label)
                {
                    continue;
                }
                spans.push(Span {
                    id: SpanId(i as u64 + 1),
                    start,
                    end,
                    label,
                    attrs,
                    note,
                    created: 0,
                    modified: 0,
                });
            }
            let mut entry = generated_entry("d-p", text, spans);
            // Relations between some of the spans, where the schema allows one.
            let ids: Vec<SpanId> = entry.doc.spans().iter().map(|s| s.id).collect();
            for (a, b) in links {
                if let (Some(&a), Some(&b)) = (ids.get(a), ids.get(b)) {
                    let _ = entry.doc.link_between(a, b, 0);
                }
            }
            entry
        })
}

proptest! {
    #[test]
    fn every_format_round_trips_generated_documents(entry in arbitrary_entry()) {
        round_trip_all(&entry);
    }

    #[test]
    fn zip_round_trips(names in prop::collection::vec("[a-z]{1,8}\\.(txt|ann)", 1..4), body in tricky_text()) {
        let files: Vec<OutFile> = names.iter().map(|n| OutFile::text(n.clone(), body.clone())).collect();
        prop_assert_eq!(zip::read(&zip::write(&files)).unwrap(), files);
    }
}

/// The formats' documentation shows the Label Studio config that matches the export: exactly
/// the one in code.
#[test]
fn the_docs_show_the_label_studio_config_in_use() {
    let formats = include_str!("../../../docs/formats.md");
    assert!(
        formats.contains(&labelstudio::labeling_config()),
        "docs/formats.md's Label Studio config is stale"
    );
}

/// The sample's .ann, written out by hand from brat's standoff documentation (the offsets
/// checked with Python: `t.find('The two leaders')` is 21).
#[test]
fn brat_export_matches_the_hand_written_ann() {
    let expected = concat!(
        "T1\tPARTY 21 36\tThe two leaders\n",
        "T2\tCOMMITMENT 37 53;55 91\tintend to expand cooperation in 宇宙 (space) by FY 2027\n",
        "A1\tcommitter T2 joint\n",
        "A2\tdomain T2 space\n",
        "#1\tAnnotatorNotes T2\ttwo lines\\nand a \\\\ backslash\n",
        "T3\tCONSTRAINT 81 91\tby FY 2027\n",
        "A3\tkind T3 time\n",
        "R1\tcommitter Arg1:T2 Arg2:T1\n",
        "R2\tconstrains Arg1:T3 Arg2:T2\n",
    );
    assert_eq!(brat::write_ann(&sample()), expected);
    let conf = brat::annotation_conf();
    assert!(conf.contains("kind\tArg:CONSTRAINT, Value:time|scope|condition|qualifier\n"));
    assert!(conf.contains("[relations]\ncommitter\tArg1:COMMITMENT|STANCE|ENDORSEMENT|TASKING|DECLARATION, Arg2:PARTY\nsource\tArg1:COMMITMENT|STANCE|ENDORSEMENT|TASKING|DECLARATION, Arg2:ATTRIBUTION\nconstrains\tArg1:CONSTRAINT, Arg2:COMMITMENT|STANCE|ENDORSEMENT|TASKING|DECLARATION\nembeds\tArg1:COMMITMENT|STANCE|ENDORSEMENT|TASKING|DECLARATION, Arg2:COMMITMENT|STANCE|ENDORSEMENT|TASKING|DECLARATION\n"), "{conf}");
}

fn token_aligned_entry() -> impl Strategy<Value = DocEntry> {
    let word = prop_oneof![
        Just("Japan"),
        Just("will"),
        Just("日本"),
        Just("😀"),
        Just("co-operate"),
        Just("."),
        Just(","),
        Just("e\u{301}tude")
    ];
    let gap = prop_oneof![
        Just(" "),
        Just("\r\n"),
        Just("\t"),
        Just("  "),
        Just("\n\n")
    ];
    (
        prop::collection::vec((word, gap), 1..30),
        prop::collection::vec((0usize..30, 1usize..6, 0usize..8), 0..6),
    )
        .prop_map(|(words, raw)| {
            let mut text = String::new();
            let mut tokens = Vec::new();
            for (w, g) in &words {
                let start = text.chars().count();
                text.push_str(w);
                tokens.push((start, text.chars().count()));
                text.push_str(g);
            }
            let mut spans: Vec<Span> = Vec::new();
            for (i, (first, count, label)) in raw.into_iter().enumerate() {
                let first = first % tokens.len();
                let last = (first + count - 1).min(tokens.len() - 1);
                let (start, end) = (tokens[first].0, tokens[last].1);
                let label = Label::ALL[label];
                // One column holds one span per token: spans of equal extent cannot be told apart.
                if spans.iter().any(|s| s.start == start && s.end == end) {
                    continue;
                }
                spans.push(Span::bare(i as u64 + 1, start, end, label));
            }
            generated_entry("d-c", text, spans)
        })
}

proptest! {
    #[test]
    fn conll_round_trips_token_aligned_spans(entry in token_aligned_entry()) {
        let (conll, _) = conll::write(&entry);
        let text = entry.doc.doc().as_str();
        let back = conll::read(&conll, text).unwrap();
        prop_assert_eq!(held(of_placed(text, back.spans).into_iter(), true), held(of_spans(&entry.doc), true));
    }
}

/// The sample's exports, relations included, as reviewed golden files
/// (`tests/fixtures/golden/`): any change to what a format writes shows as a diff there.
/// `AVOW_BLESS=1 cargo test exports_with_relations` writes them anew, to be reviewed before commit.
#[test]
fn exports_with_relations_match_their_golden_files() {
    let entry = sample();
    let (brat_files, _) = brat::write(&entry);
    let text = |f: &OutFile| String::from_utf8(f.bytes.clone()).unwrap();
    let exports = [
        ("sample.doccano.jsonl", doccano::write(&entry)),
        ("sample.labelstudio.json", labelstudio::write(&entry, "Ana")),
        ("sample.w3c.jsonld", w3c::write(&entry, "Ana")),
        ("sample.ann", text(&brat_files[1])),
        ("annotation.conf", text(&brat_files[2])),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden");
    for (name, written) in exports {
        let path = dir.join(name);
        if std::env::var_os("AVOW_BLESS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &written).unwrap();
        }
        let golden = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, golden, "{name} differs from its golden file");
    }
}

/// A relation whose end an import could not place waits for that orphan: placing it gives
/// the relation's ends; one whose end was left out altogether does not wait.
#[test]
fn relations_wait_for_their_orphaned_ends() {
    let relations = [
        ForeignRelation {
            kind: RelationKind::Committer,
            from: 0,
            to: 1,
        },
        ForeignRelation {
            kind: RelationKind::Source,
            from: 0,
            to: 2,
        },
        ForeignRelation {
            kind: RelationKind::Embeds,
            from: 0,
            to: 3,
        },
    ];
    // Source 0 placed as s7, 1 orphaned (key 40), 2 placed as s8, 3 left out.
    let placed = [(0, Some(SpanId(7))), (2, Some(SpanId(8)))];
    let mut pending = pending_links(&relations, &placed, &[(1, 40)]);
    assert_eq!(
        pending,
        [PendingLink {
            kind: RelationKind::Committer,
            from: LinkEnd::Span(SpanId(7)),
            to: LinkEnd::Orphan(40)
        }]
    );
    assert!(pending[0].waits_for(40) && !pending[0].waits_for(41));
    assert_eq!(
        pending[0].place(40, SpanId(9)),
        Some((RelationKind::Committer, SpanId(7), SpanId(9)))
    );
}

//! The storage room's tests: saving, reading back, moving older layouts.

use crate::core::annotation::model::Annotated;
use crate::core::schema::Label;
use crate::core::storage::entry::{self, StoredIndex};
use crate::core::storage::entry::{write_doc_entry, EntryWriter};
use crate::core::storage::keys::{
    self, part_key, DocKeys, DAMAGED_RECORD, INDEX_KEY, LEGACY_V0_KEY,
};
use crate::core::storage::keys::{doc_key, rev_key};
use crate::core::storage::migrate::*;
use crate::core::storage::open::*;
use crate::core::storage::plan::*;
use crate::core::text::document::Metadata;
use crate::core::workspace::{Changes, Workspace};
use crate::core::workspace::{DocEntry, DocStatus};
use std::collections::HashMap;
use std::collections::HashSet;

fn entry(id: &str, text: &str, spans: usize) -> DocEntry {
    let mut doc = Annotated::new(text.into(), Metadata::default());
    for i in 0..spans {
        doc.annotate(i * 4, i * 4 + 3, Label::Party, false, 5)
            .unwrap();
    }
    DocEntry::new(id.into(), doc, "Ana".into(), 5)
}

/// A v1 localStorage as the released Avow writes it: an index, one document stored whole,
/// one in parts with its revision entry.
fn v1_storage() -> Vec<(String, String)> {
    let mut done = entry("d-1", "one two three four five six", 3);
    done.status = DocStatus::Done;
    let parted = entry("d-2", &"abc ".repeat(200), 100);
    let mut out = vec![
        (doc_key("d-1"), write_doc_entry(&done, 4, "t-1")),
        (
            INDEX_KEY.to_string(),
            StoredIndex::new("Ana", vec!["d-1".into(), "d-2".into()], Some("d-2".into())).to_json(),
        ),
    ];
    let parts = EntryWriter::default().write_parts(&parted, 7, "t-1", &HashSet::new());
    for (name, text) in &parts.parts {
        out.push((keys::part_key("d-2", name), text.clone().unwrap()));
    }
    out.push((doc_key("d-2"), parts.manifest()));
    out.push((rev_key("d-2"), "7".into()));
    out
}

#[test]
fn every_v1_entry_is_copied_and_the_index_gains_summaries() {
    let v1 = v1_storage();
    let m = migrate_v1(&v1, 9).unwrap();
    assert_eq!(m.documents, 2);
    assert!(m.damaged.is_empty());
    for (key, value) in &v1 {
        if key != INDEX_KEY {
            assert!(
                m.records.contains(&(key.clone(), value.clone())),
                "{key} copied"
            );
        }
    }
    assert!(
        m.records.contains(&(rev_key("d-1"), "4".into())),
        "a revision entry for all"
    );
    let index: StoredIndex =
        serde_json::from_str(&m.records.iter().find(|(k, _)| k == INDEX_KEY).unwrap().1).unwrap();
    assert_eq!(index.order, vec!["d-1", "d-2"]);
    assert_eq!(index.current.as_deref(), Some("d-2"));
    let (summaries, missing) = summaries_in_order(&index);
    assert!(missing.is_empty());
    assert_eq!(
        summaries
            .iter()
            .map(|s| (s.spans, s.status))
            .collect::<Vec<_>>(),
        vec![(3, DocStatus::Done), (100, DocStatus::InProgress)]
    );
    assert_eq!(summaries[1].chars, 800);
    // And what it writes loads back as the same documents.
    let again = crate::core::storage::legacy::load(&m.records, 10);
    assert_eq!(again.docs.len(), 2);
    assert_eq!(again.docs[1].0.doc.spans().len(), 100);
    assert_eq!(again.docs[1].1, 7);
}

#[test]
fn a_damaged_entry_is_copied_untouched_and_listed() {
    let mut v1 = v1_storage();
    let broken = r#"{"storage":"avow","version":1,"revision":3,"file":{"format"#;
    v1.push((doc_key("d-broken"), broken.into()));
    let m = migrate_v1(&v1, 9).unwrap();
    assert_eq!(m.documents, 2);
    assert!(m.records.contains(&(doc_key("d-broken"), broken.into())));
    assert_eq!(m.damaged.len(), 1);
    let (key, value) = damaged_record(&m.damaged[0]);
    assert!(m.records.contains(&(key, value.clone())));
    let listed = read_damaged_record(&value).unwrap();
    assert_eq!(listed.key, doc_key("d-broken"));
    assert_eq!(listed.raw, broken);
    assert!(m.messages[0].contains("could not be read"));
}

#[test]
fn a_journal_left_in_local_storage_is_not_moved() {
    let journal = vec![("avow:v2:journal:t-1:index".to_string(), "{}".to_string())];
    assert!(migrate_v1(&journal, 1).is_none());
}

#[test]
fn an_empty_storage_has_nothing_to_move_and_v0_is_moved_too() {
    assert!(migrate_v1(&[], 0).is_none());
    let v0 =
        r#"{"annotator":"Old","documents":[{"id":"o","title":"T","text":"abc def","spans":[]}]}"#;
    let m = migrate_v1(&[(LEGACY_V0_KEY.into(), v0.into())], 0).unwrap();
    assert_eq!(m.documents, 1);
    assert!(m.records.iter().all(|(k, _)| k != LEGACY_V0_KEY));
    assert!(m.records.iter().any(|(k, _)| k == &doc_key("o")));
}

#[test]
fn a_save_writes_what_changed_and_checks_each_revision() {
    let mut ws = Workspace::new(
        vec![
            entry("a", &"word ".repeat(2000), 300),
            entry("b", "two words", 0),
        ],
        Some("a"),
        "Ana".into(),
    );
    let mut writer = EntryWriter::default();
    let mut stored: HashMap<String, HashSet<String>> = HashMap::new();
    let mut revisions: HashMap<String, u64> = HashMap::new();
    ws.current_mut().status = DocStatus::Done;
    let changes = ws.take_changes();
    let first = plan_save(&ws, &changes, &mut writer, &stored, &revisions, "t");
    assert_eq!(changes.docs.iter().collect::<Vec<_>>(), vec!["a"]);
    let puts = |plan: &SavePlan| {
        plan.writes
            .iter()
            .filter_map(|w| match w {
                Write::Put(k, v) => Some((k.clone(), v.len())),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let text_part = puts(&first)
        .into_iter()
        .find(|(k, _)| k.starts_with(keys::TEXT_PREFIX))
        .expect("the text is written the first time");
    assert!(text_part.1 > 10_000);
    assert_eq!(first.checks, vec![("a".into(), rev_key("a"), None)]);
    assert_eq!(first.revisions, vec![("a".into(), 1)]);
    assert!(puts(&first).iter().any(|(k, _)| k == INDEX_KEY));
    // Committed: what is stored now.
    for (id, parts) in first.parts.clone() {
        stored.insert(id, parts);
    }
    revisions.extend(first.revisions.iter().cloned());
    // An edit writes a few small parts, never the text again.
    ws.current_mut()
        .doc
        .annotate(2, 4, Label::Party, false, 9)
        .unwrap();
    let changes = ws.take_changes();
    let second = plan_save(&ws, &changes, &mut writer, &stored, &revisions, "t");
    let written = puts(&second);
    assert!(written
        .iter()
        .all(|(k, _)| !k.starts_with(keys::TEXT_PREFIX)));
    assert!(
        written.iter().map(|(_, n)| n).sum::<usize>() < 40_000,
        "{written:?}"
    );
    assert_eq!(second.checks, vec![("a".into(), rev_key("a"), Some(1))]);
    assert!(second
        .writes
        .iter()
        .any(|w| matches!(w, Write::Delete(k) if k.starts_with("avow:v1:part:a:"))));
    // Another tab saved revision 2 meanwhile: a conflict; the stored 1 is none.
    assert_eq!(conflicts(&second.checks, &[Some("2".into())]), vec!["a"]);
    assert!(conflicts(&second.checks, &[Some("1".into())]).is_empty());
    assert!(conflicts(&first.checks, &[None]).is_empty());
    // A removal deletes the entry, its revision and every part; the index follows.
    ws.switch_to("b");
    ws.remove("a");
    let changes = ws.take_changes();
    let third = plan_save(&ws, &changes, &mut writer, &stored, &revisions, "t");
    // The removal is a transaction of its own (it frees room even when the rest does not fit).
    assert!(third.removals.contains(&Write::Delete(doc_key("a"))));
    assert!(third.removals.contains(&Write::Delete(rev_key("a"))));
    assert!(third
        .removals
        .contains(&Write::DeletePrefix("avow:v1:part:a:".into())));
    assert!(!third
        .writes
        .iter()
        .any(|w| matches!(w, Write::Delete(_) | Write::DeletePrefix(_))));
    let index = third.writes.last().unwrap();
    assert!(matches!(index, Write::Put(k, v) if k == INDEX_KEY && !v.contains("\"a\"")));
    // The index written with the removal names "a" no more, and opens on what is left.
    let stored_index = StoredIndex::of(&Workspace::new(
        vec![entry("a", "alpha", 1), entry("b", "beta", 1)],
        Some("a"),
        "Ana".into(),
    ))
    .to_json();
    let gone: std::collections::HashSet<String> = ["a".to_string()].into();
    let edited: StoredIndex =
        serde_json::from_str(&index_without(Some(stored_index), &gone).unwrap()).unwrap();
    assert_eq!(edited.order, ["b"]);
    assert_eq!(edited.current.as_deref(), Some("b"));
    assert!(edited.docs.iter().all(|d| d.id == "b"));
    assert_eq!(index_without(Some("{broken".into()), &gone), None);
    // And what the plans wrote loads back as the workspace.
    let mut kv: std::collections::BTreeMap<String, String> = Default::default();
    for plan in [&first, &second] {
        for w in &plan.writes {
            match w {
                Write::Put(k, v) => {
                    kv.insert(k.clone(), v.clone());
                }
                Write::Delete(k) => {
                    kv.remove(k);
                }
                Write::DeletePrefix(p) => kv.retain(|k, _| !k.starts_with(p.as_str())),
            }
        }
    }
    let snapshot: Vec<(String, String)> = kv.into_iter().collect();
    let loaded = crate::core::storage::legacy::load(&snapshot, 0);
    assert_eq!(loaded.docs.len(), 1);
    assert_eq!(loaded.docs[0].0.doc.spans().len(), 301);
    assert_eq!(loaded.docs[0].0.status, DocStatus::Done);
    assert_eq!(loaded.docs[0].1, 2);
}

#[test]
fn versions_of_a_text_store_it_once_and_it_goes_with_the_last_of_them() {
    let text = "the same text, twice";
    let mut ws = Workspace::new(
        vec![
            entry("a", text, 1),
            entry("b", text, 2),
            entry("c", "another", 0),
        ],
        Some("a"),
        "Ana".into(),
    );
    let records = saved_records(&ws);
    let texts: Vec<&String> = records
        .keys()
        .filter(|k| k.starts_with(keys::TEXT_PREFIX))
        .collect();
    assert_eq!(texts.len(), 2, "one per text: {texts:?}");
    // Each version reads back whole, its text from the shared record.
    let (back, _) = read_with(&records).unwrap();
    assert_eq!(back.current().doc.doc().as_str(), text);
    let mut records = records;
    records.insert(
        INDEX_KEY.into(),
        records[INDEX_KEY].replace("\"current\":\"a\"", "\"current\":\"b\""),
    );
    let (back, _) = read_with(&records).unwrap();
    assert_eq!(
        (
            back.current().id.as_str(),
            back.current().doc.doc().as_str()
        ),
        ("b", text)
    );
    // Removing "a" releases the text; "b" still names it, so it stays.
    let shared = entry::shared_keys(&records[&doc_key("a")]);
    let stored: HashMap<String, HashSet<String>> = ["a", "b", "c"]
        .iter()
        .map(|id| {
            let names = entry::manifest_parts(&records[&doc_key(id)]).unwrap();
            (id.to_string(), names.into_iter().collect())
        })
        .collect();
    ws.switch_to("c");
    ws.remove("a");
    let changes = ws.take_changes();
    let plan = plan_save(
        &ws,
        &changes,
        &mut EntryWriter::default(),
        &stored,
        &HashMap::new(),
        "t",
    );
    assert_eq!(plan.released, shared);
    assert!(!plan
        .writes
        .iter()
        .any(|w| matches!(w, Write::Delete(k) if k == &shared[0])));
    let manifests = |ids: &[&str]| -> Vec<(String, String)> {
        ids.iter()
            .map(|id| (doc_key(id), records[&doc_key(id)].clone()))
            .collect()
    };
    assert!(unreferenced(&plan.released, &manifests(&["b", "c"])).is_empty());
    // Once no stored document names it, it goes.
    assert_eq!(unreferenced(&plan.released, &manifests(&["c"])), shared);
}

#[test]
fn an_entry_stored_with_its_own_copy_of_the_text_reads_and_moves_to_the_shared_one() {
    let mut ws = Workspace::new(vec![entry("a", "older text", 1)], Some("a"), "Ana".into());
    let mut records = saved_records(&ws);
    // As Avow stored it before texts were shared: a part `t` and 16 hex digits, its own.
    let shared = entry::shared_keys(&records[&doc_key("a")]).remove(0);
    let sha = shared.strip_prefix(keys::TEXT_PREFIX).unwrap().to_string();
    let old_name = format!("t{}", &sha[..16]);
    let text = records.remove(&shared).unwrap();
    records.insert(part_key("a", &old_name), text);
    let manifest = records[&doc_key("a")].replace(&format!("T{sha}"), &old_name);
    records.insert(doc_key("a"), manifest.clone());
    let (back, opening) = read_with(&records).unwrap();
    assert_eq!(back.current().doc.doc().as_str(), "older text");
    // Its next save writes the shared text and lets its own copy go.
    ws.current_mut().status = DocStatus::Done;
    let changes = ws.take_changes();
    let plan = plan_save(
        &ws,
        &changes,
        &mut EntryWriter::default(),
        &opening.parts,
        &opening.revisions,
        "t",
    );
    assert!(plan
        .writes
        .iter()
        .any(|w| matches!(w, Write::Put(k, _) if *k == shared)));
    assert!(plan
        .writes
        .contains(&Write::Delete(part_key("a", &old_name))));
    assert!(plan.released.is_empty());
}

/// The records an IndexedDB store holds after saving `workspace`.
fn saved_records(workspace: &Workspace) -> HashMap<String, String> {
    let changes = Changes {
        docs: workspace.order().into_iter().collect(),
        index: true,
        ..Changes::default()
    };
    let plan = plan_save(
        workspace,
        &changes,
        &mut EntryWriter::default(),
        &HashMap::new(),
        &HashMap::new(),
        "t-1",
    );
    let mut records = HashMap::new();
    for write in plan.writes {
        if let Write::Put(k, v) = write {
            records.insert(k, v);
        }
    }
    records
}

fn read_with(records: &HashMap<String, String>) -> Option<(Workspace, Opening)> {
    let prefixed = |prefix: &str| -> Vec<(String, String)> {
        let mut out: Vec<_> = records
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        out.sort();
        out
    };
    let mut opening = Opening::plan(
        records.get(INDEX_KEY).map(String::as_str),
        &prefixed(keys::REV_PREFIX),
        &prefixed(DAMAGED_RECORD),
    )?;
    let mut reads = 0;
    while let Some(id) = opening.next_to_read() {
        reads += 1;
        assert!(reads < 10, "it ends");
        // As `browser::stored` reads them: where this build keeps it, else where an
        // earlier one did; the document's parts and its shared text.
        let keys = match DocKeys::legacy(&id) {
            Some(legacy) if !records.contains_key(&doc_key(&id)) => legacy,
            _ => DocKeys::of(&id),
        };
        let raw = records.get(&keys.doc).cloned();
        let mut parts = prefixed(&keys.parts_prefix);
        for key in raw.as_deref().map(entry::shared_keys).unwrap_or_default() {
            if let Some(text) = records.get(&key) {
                parts.push((key, text.clone()));
            }
        }
        opening.take(&id, &keys, raw, &parts);
    }
    opening.finish()
}

/// Applies a plan's writes to records, as one transaction would.
fn apply(records: &mut HashMap<String, String>, writes: Vec<Write>) {
    for write in writes {
        match write {
            Write::Put(k, v) => {
                records.insert(k, v);
            }
            Write::Delete(k) => {
                records.remove(&k);
            }
            Write::DeletePrefix(p) => records.retain(|k, _| !k.starts_with(&p)),
        }
    }
}

#[test]
fn deleting_a_keeps_a_colon_b_and_an_earlier_builds_keys_move() {
    let ws = Workspace::new(
        vec![entry("a", "alpha text", 1), entry("a:b", "beta text", 2)],
        Some("a"),
        "Ana".into(),
    );
    let mut records = saved_records(&ws);
    // As an earlier build kept `a:b`: under its id as it was.
    let encoded = keys::key_id("a:b").into_owned();
    records = records
        .into_iter()
        .map(|(k, v)| (k.replace(&format!(":{encoded}"), ":a:b"), v))
        .collect();
    assert!(records.contains_key("avow:v1:doc:a:b"));
    assert!(records.keys().any(|k| k.starts_with("avow:v1:part:a:b:")));

    // Read from there, with the records to delete once it is saved anew.
    let mut opened = records.clone();
    let index: StoredIndex = serde_json::from_str(&records[INDEX_KEY]).unwrap();
    let mut bare = index.clone();
    bare.docs.clear();
    opened.insert(INDEX_KEY.to_string(), bare.to_json());
    let (back, opening) = read_with(&opened).unwrap();
    assert_eq!(back.get("a:b").unwrap().doc.spans().len(), 2);
    let (id, leftovers) = &opening.leftovers[0];
    assert_eq!(id, "a:b");
    assert!(leftovers.contains(&"avow:v1:doc:a:b".to_string()));
    assert!(leftovers.contains(&"avow:v1:rev:a:b".to_string()));
    assert!(leftovers.iter().any(|k| k.starts_with("avow:v1:part:a:b:")));
    assert!(
        opening.parts["a:b"].is_empty(),
        "every part is written anew"
    );

    // Read at start whatever else it is (a delete of `a` must not find it under a prefix
    // of `a`'s parts), so the first save moves it: deleting `a` in that same save keeps it.
    assert_eq!(back.current().id, "a");
    let first = Changes {
        docs: ["a:b".to_string()].into_iter().collect(),
        removed: ["a".to_string()].into_iter().collect(),
        index: true,
        ..Changes::default()
    };
    let mut after = back.clone();
    assert!(after.remove("a").is_some());
    let mut plan = plan_save(
        &after,
        &first,
        &mut EntryWriter::default(),
        &opening.parts,
        &opening.revisions,
        "t-1",
    );
    plan.writes
        .extend(leftovers.iter().cloned().map(Write::Delete));
    apply(&mut records, plan.removals);
    apply(&mut records, plan.writes);
    assert!(
        !records
            .keys()
            .any(|k| k.contains(":a:b") || k.ends_with(":a")),
        "nothing left under the old keys, nor of `a`"
    );
    let (back, opening) = read_with(&records).unwrap();
    assert!(opening.leftovers.is_empty());
    assert!(back.contains("a:b"));
}

#[test]
fn opening_reads_the_index_and_the_open_document_only() {
    let ws = Workspace::new(
        vec![
            entry("a", "alpha text", 1),
            entry("b", "beta text", 2),
            entry("c", "gamma", 0),
        ],
        Some("b"),
        "Ana".into(),
    );
    let records = saved_records(&ws);
    let (back, opening) = read_with(&records).unwrap();
    assert_eq!(back.order(), vec!["a", "b", "c"]);
    assert_eq!(back.current().id, "b");
    assert_eq!(back.current().doc.spans().len(), 2);
    assert_eq!(
        back.stored_ids(),
        vec!["a", "c"],
        "the others are summaries"
    );
    assert_eq!(back.summaries()[0].spans, 1);
    assert_eq!(back.annotator(), "Ana");
    assert_eq!(opening.revisions.len(), 3);
    assert!(opening.parts.contains_key("b") && !opening.parts.contains_key("a"));

    // The open one damaged: listed, and the next readable one opens.
    let mut broken = records.clone();
    broken.insert(doc_key("b"), "{broken".into());
    let (back, opening) = read_with(&broken).unwrap();
    assert_eq!(back.current().id, "a");
    assert_eq!(back.order(), vec!["a", "c"]);
    assert_eq!(opening.damaged.len(), 1);
    assert_eq!(opening.damaged[0].raw, "{broken");

    // An index without summaries (as v1 wrote it): each document is read to be listed.
    let mut bare = records.clone();
    let mut index: StoredIndex = serde_json::from_str(&records[INDEX_KEY]).unwrap();
    index.docs.clear();
    bare.insert(INDEX_KEY.to_string(), index.to_json());
    let (back, _) = read_with(&bare).unwrap();
    assert_eq!(back.order(), vec!["a", "b", "c"]);
    assert!(back.stored_ids().is_empty(), "all read");
    assert_eq!(back.current().id, "b");

    // Nothing readable, or no index: nothing to open.
    let mut none = HashMap::new();
    none.insert(INDEX_KEY.to_string(), records[INDEX_KEY].clone());
    assert!(read_with(&none).is_none());
    assert!(read_with(&HashMap::new()).is_none());
}

#[test]
fn a_saved_message_reads_back_and_anything_else_is_ignored() {
    let saved = Saved {
        tab: "t-1".into(),
        docs: vec![("d-1".into(), 3), ("odd id \n with\t\"quotes\"".into(), 12)],
        removed: vec!["gone".into()],
    };
    assert_eq!(Saved::parse(&saved.to_json()), Some(saved));
    assert_eq!(Saved::parse("{\"tab\":\"x\"}"), None);
    assert_eq!(Saved::parse("avow-saved \"t\"\n+x \"a\""), None);
}

#[test]
fn read_back_must_match_exactly() {
    let records = vec![("a".to_string(), "1".to_string()), ("b".into(), "2".into())];
    assert!(verify(&records, &[Some("1".into()), Some("2".into())]).is_ok());
    assert_eq!(
        verify(&records, &[Some("1".into()), None]),
        Err("b is missing".into())
    );
    assert_eq!(
        verify(&records, &[Some("1".into()), Some("3".into())]),
        Err("b reads back differently".into())
    );
    assert!(verify(&records, &[]).is_err());
}

#[test]
fn parts_nothing_names_are_swept_and_those_a_journal_names_stay() {
    let ws = Workspace::new(
        vec![entry("a", "alpha text", 1), entry("b", "beta text", 2)],
        Some("a"),
        "Ana".into(),
    );
    let records = saved_records(&ws);
    let manifests: Vec<(String, String)> = records
        .iter()
        .filter(|(k, _)| k.starts_with(keys::DOC_PREFIX))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut part_keys: Vec<String> = records
        .keys()
        .filter(|k| k.starts_with(keys::PART_PREFIX) || k.starts_with(keys::TEXT_PREFIX))
        .cloned()
        .collect();
    part_keys.sort();
    let named = part_keys.clone();
    let stray = [
        "avow:v1:part:a:g0000000000000001".to_string(),
        "avow:v1:part:b:g0000000000000002".to_string(),
        format!("{}{}", keys::TEXT_PREFIX, "00".repeat(32)),
        // An earlier build's key of a document "x:y": never swept here.
        "avow:v1:part:x:y:g0000000000000003".to_string(),
    ];
    part_keys.extend(stray.iter().cloned());
    let journaled: HashSet<String> = [stray[1].clone()].into();
    let mut swept = orphans(&manifests, &part_keys, &journaled);
    swept.sort();
    assert_eq!(swept, vec![stray[0].clone(), stray[2].clone()]);
    assert!(
        named.iter().all(|k| !swept.contains(k)),
        "what a manifest names stays"
    );
    // The journal's names and its documents are read from the records.
    let journal_keys = vec![
        "avow:v2:journal:t-1:doc:a".to_string(),
        format!("avow:v2:journal:t-2:doc:{}", keys::key_id("x:y")),
        "avow:v2:journal:t-2:index".to_string(),
    ];
    let docs = crate::core::storage::journal::journaled_docs(&journal_keys, "t-1");
    assert_eq!(
        docs,
        HashSet::from(["x:y".to_string()]),
        "another tab's, not this one's"
    );
}

#[test]
fn a_large_import_is_stored_a_hundred_documents_per_save_and_no_index_names_one_not_stored() {
    let mut ws = Workspace::new(vec![entry("a", "the text", 1)], None, "Ana".into());
    let _ = ws.take_changes();
    for i in 0..250 {
        ws.insert_imported(
            entry(&format!("i{i:03}"), &format!("text {i}"), 1),
            format!("x{i}"),
        );
    }
    ws.get_mut("a");
    let mut changes = ws.take_changes();
    let later = defer_imports(&mut changes, |_| false);
    // The edited document and the first hundred imported go now; the rest wait.
    assert_eq!(changes.docs.len(), 1 + IMPORTS_PER_SAVE);
    assert!(changes.docs.contains("a"));
    assert_eq!(later.docs.len(), 250 - IMPORTS_PER_SAVE);
    assert_eq!(later.imported, later.docs);
    let plan = plan_save(
        &ws,
        &changes,
        &mut EntryWriter::default(),
        &HashMap::new(),
        &HashMap::new(),
        "t-1",
    );
    let index = plan
        .writes
        .iter()
        .find_map(|w| match w {
            Write::Put(k, v) if k.as_str() == crate::core::storage::keys::INDEX_KEY => {
                Some(v.clone())
            }
            _ => None,
        })
        .unwrap();
    let index: StoredIndex = serde_json::from_str(&index).unwrap();
    assert_eq!(index.order.len(), 1 + IMPORTS_PER_SAVE);
    assert!(index.order.iter().all(|id| changes.docs.contains(id)));
    // The open document (the last imported) waits: the index opens on one it holds.
    assert!(index
        .current
        .as_ref()
        .is_some_and(|c| index.order.contains(c)));
    // Once stored, they are not put off again; nothing imported is put off below the limit.
    let mut second = later.clone();
    assert!(defer_imports(&mut second, |_| false).docs.len() == 50);
    let mut third = Changes {
        docs: later.docs.iter().take(40).cloned().collect(),
        imported: later.docs.clone(),
        ..Changes::default()
    };
    assert!(defer_imports(&mut third, |_| false).docs.is_empty());
}

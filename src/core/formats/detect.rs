//! Which format a set of loaded files is in, and what each one becomes, decided from names and
//! contents alone (pure: the UI carries out the result). A brat `.txt` goes with its `.ann`; an
//! Avow file is imported as Avow; JSON is tried as W3C Web Annotation, Label Studio, then
//! doccano; CoNLL needs the open document's text; anything else opens as a text document.

use crate::core::formats::{brat, conll, doccano, labelstudio, w3c, Foreign, FormatError};
use crate::core::text::document::{decode_text_file, TextFileError};

/// One file as loaded: its name and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a loaded file becomes.
#[derive(Debug)]
pub enum Detected {
    /// Nothing: brat's annotation.conf, or a brat text read with its `.ann`.
    Skip,
    /// An Avow file (document or workspace), as text, to import.
    Avow(String),
    /// Another tool's file, read: documents or spans for the open document.
    Foreign(Vec<Foreign>),
    /// A CoNLL file, as text: its tokens are placed on the open document's text.
    Conll(String),
    /// Not an annotation format: opened as a text document.
    Text,
    /// Refused, with the message for the user.
    Refused(String),
}

/// A file name without its last extension.
pub fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// A format error as the user reads it: the file, the place, the reason.
pub fn placed(file: &str, e: &FormatError) -> String {
    if e.place.is_empty() {
        format!("{file} {}", e.reason)
    } else {
        format!("{file}: {e}")
    }
}

/// What each of `files` becomes, in order.
pub fn detect(files: &[NamedFile]) -> Vec<Detected> {
    (0..files.len()).map(|at| detect_one(files, at)).collect()
}

/// What `files[at]` becomes (the others are looked at for a brat `.txt` and its `.ann`).
pub fn detect_one(files: &[NamedFile], at: usize) -> Detected {
    let lower = |f: &NamedFile| f.name.to_ascii_lowercase();
    let file = &files[at];
    let name = lower(file);
    if name.ends_with(".conf") {
        return Detected::Skip;
    }
    // A brat .txt goes with its .ann.
    if (name.ends_with(".txt") || name.ends_with(".md"))
        && files
            .iter()
            .any(|f| stem(&f.name) == stem(&file.name) && lower(f).ends_with(".ann"))
    {
        return Detected::Skip;
    }
    let text = match decode_text_file(&file.bytes) {
        Ok(text) => text,
        // An empty .ann is a document with no spans.
        Err(TextFileError::Empty) if name.ends_with(".ann") => String::new(),
        Err(e) => return Detected::Refused(format!("{} {e}", file.name)),
    };
    if name.ends_with(".ann") {
        let companion = files
            .iter()
            .find(|f| stem(&f.name) == stem(&file.name) && lower(f).ends_with(".txt"));
        let txt =
            companion.map(|f| decode_text_file(&f.bytes).map_err(|e| format!("{} {e}", f.name)));
        return match txt.transpose() {
            Err(e) => Detected::Refused(e),
            Ok(txt) => read(
                &file.name,
                brat::read(&text, txt.as_deref()).map(|f| vec![f]),
            ),
        };
    }
    // Avow writes its format first: such a file is read once, by Avow's reader (which refuses
    // it, with the place, if it is broken), not parsed twice.
    if begins_as_avow(&text) {
        return Detected::Avow(text);
    }
    if says_json(&name) || text.trim_start().starts_with(['{', '[']) {
        return json(file, &name, text);
    }
    if conll::looks_like(&text) {
        return Detected::Conll(text);
    }
    Detected::Text
}

/// Whether a file begins as Avow writes its files: an object whose first key is its
/// `format`, `avow` or `avow-workspace`.
fn begins_as_avow(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('{') else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix("\"format\"") else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    let rest = rest.trim_start();
    ["\"avow\"", "\"avow-workspace\""]
        .iter()
        .any(|f| rest.starts_with(f))
}

fn read(name: &str, result: Result<Vec<Foreign>, FormatError>) -> Detected {
    match result {
        Ok(docs) if docs.is_empty() => Detected::Text,
        Ok(docs) => Detected::Foreign(docs),
        Err(e) => Detected::Refused(placed(name, &e)),
    }
}

/// Whether a file's name says it holds JSON (`.json`, `.jsonld`, `.jsonl`).
fn says_json(lower_name: &str) -> bool {
    [".json", ".jsonld", ".jsonl"]
        .iter()
        .any(|ext| lower_name.ends_with(ext))
}

/// Whether text begins as JSON does (an object or a list of values), not merely with a brace
/// or a bracket, as a text may (`[Draft] The two leaders…`, `{ a note }`).
fn looks_like_json(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    let first = chars.next();
    let next = chars.find(|c| !c.is_whitespace());
    match (first, next) {
        (Some('{'), Some('"' | '}')) => true,
        (Some('['), Some(c)) => matches!(c, '{' | '[' | '"' | ']'),
        _ => false,
    }
}

fn json(file: &NamedFile, name: &str, text: String) -> Detected {
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value)
            if value
                .get("format")
                .and_then(|f| f.as_str())
                .is_some_and(|f| f.starts_with("avow")) =>
        {
            Detected::Avow(text)
        }
        Ok(value) if w3c::looks_like(&value) => {
            read(&file.name, w3c::read(&value).map(|f| vec![f]))
        }
        Ok(value) if labelstudio::looks_like(&value) => read(&file.name, labelstudio::read(&value)),
        Ok(_) if doccano::looks_like(&text) => read(&file.name, doccano::read(&text)),
        Ok(value) if !(value.is_object() || value.is_array()) => Detected::Refused(format!(
            "{} is JSON, but holds {} rather than an object or a list: not a file Avow reads.",
            file.name,
            match value {
                serde_json::Value::Null => "null",
                serde_json::Value::Bool(_) => "a true or false",
                serde_json::Value::Number(_) => "a number",
                _ => "a string",
            }
        )),
        Ok(_) => Detected::Refused(format!(
            "{} is JSON, but not Avow, W3C Web Annotation, Label Studio or doccano.",
            file.name
        )),
        Err(_) if doccano::looks_like(&text) => read(&file.name, doccano::read(&text)),
        // Named JSON, or beginning as JSON does: broken JSON (a truncated download), never a
        // text to annotate.
        Err(e) if says_json(name) || looks_like_json(&text) || e.is_eof() => {
            Detected::Refused(format!(
                "{} is not JSON (line {}, column {}: {e}); nothing was imported from it.",
                file.name,
                e.line(),
                e.column()
            ))
        }
        Err(_) => Detected::Text,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> NamedFile {
        NamedFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn fixture(path: &str) -> NamedFile {
        let full = format!("{}/tests/fixtures/peers/{path}", env!("CARGO_MANIFEST_DIR"));
        NamedFile {
            name: path.rsplit('/').next().unwrap_or(path).into(),
            bytes: std::fs::read(full).unwrap(),
        }
    }

    /// Each detection's kind, as a short word.
    fn kinds(files: &[NamedFile]) -> Vec<String> {
        detect(files)
            .iter()
            .map(|d| match d {
                Detected::Skip => "skip".into(),
                Detected::Avow(_) => "avow".into(),
                Detected::Foreign(docs) => format!("foreign {}", docs.len()),
                Detected::Conll(_) => "conll".into(),
                Detected::Text => "text".into(),
                Detected::Refused(why) => format!("refused: {why}"),
            })
            .collect()
    }

    #[test]
    fn each_peer_file_is_read_by_its_own_reader() {
        // The peers' examples use their own labels, so each is refused, and the reason shows
        // which reader read it: brat's line, W3C's body path, doccano's label list.
        let got = kinds(&[
            fixture("brat/100-attribute_annotation.ann"),
            fixture("brat/100-attribute_annotation.txt"),
            fixture("brat/060-relation_annotation.txt"),
            fixture("w3c/anno15.json"),
            fixture("doccano/sequence_labeling.jsonl"),
        ]);
        assert!(
            got[0].starts_with("refused: 100-attribute_annotation.ann: line 1: \"Person\""),
            "{}",
            got[0]
        );
        assert_eq!(got[1], "skip", "the .txt goes with its .ann");
        assert_eq!(got[2], "text", "a .txt without its .ann is a text");
        assert!(got[3].contains("[0].body[0].value"), "{}", got[3]);
        assert!(got[4].contains("line 1: label[0]"), "{}", got[4]);
        let ours = kinds(&[
            file("t.ann", "T1\tPARTY 0 5\tJapan\n"),
            file("t.txt", "Japan will act."),
            file(
                "d.jsonl",
                "{\"text\": \"Japan will act.\", \"label\": [[0, 5, \"PARTY\"]]}\n",
            ),
        ]);
        assert_eq!(ours, vec!["foreign 1", "skip", "foreign 1"]);
    }

    #[test]
    fn avow_conll_text_and_refusals() {
        let got = kinds(&[
            file("a.avow.json", r#"{"format":"avow","version":1}"#),
            file("annotation.conf", "[entities]"),
            file("t.conll", "The\tO\nleaders\tB-PARTY\n"),
            file("notes.txt", "The parties will meet."),
            file("x.json", "{\"not\": \"known\"}"),
            file("broken.json", "{ oops"),
            file("empty.txt", ""),
            file("brace.txt", "{ a text that only starts with a brace"),
        ]);
        assert_eq!(got[..4], ["avow", "skip", "conll", "text"]);
        assert!(
            got[4].starts_with("refused: x.json is JSON, but not Avow"),
            "{}",
            got[4]
        );
        assert!(
            got[5].starts_with("refused: broken.json is not JSON (line 1"),
            "{}",
            got[5]
        );
        assert!(got[6].starts_with("refused: empty.txt"), "{}", got[6]);
        assert_eq!(got[7], "text");
    }

    #[test]
    fn broken_json_is_refused_whatever_its_name_and_a_text_with_a_bracket_is_not() {
        let got = kinds(&[
            file(
                "doc.w3c.jsonld",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"items\": [{\"ty",
            ),
            file("null.json", "null"),
            file("seven.json", "7"),
            file("notes.txt", "{\"text\": \"cut short"),
            file("list.txt", "[{\"text\": 1"),
            file("draft.txt", "[Draft] The two leaders met."),
            file("bracket.txt", "[1] The parties will meet."),
        ]);
        assert!(
            got[0].starts_with("refused: doc.w3c.jsonld is not JSON"),
            "{}",
            got[0]
        );
        assert!(
            got[1].starts_with("refused: null.json is JSON, but holds null"),
            "{}",
            got[1]
        );
        assert!(got[2].contains("holds a number"), "{}", got[2]);
        assert!(
            got[3].starts_with("refused: notes.txt is not JSON"),
            "{}",
            got[3]
        );
        assert!(
            got[4].starts_with("refused: list.txt is not JSON"),
            "{}",
            got[4]
        );
        assert_eq!(got[5], "text");
        assert_eq!(got[6], "text", "a footnote mark is not JSON");
    }

    #[test]
    fn an_empty_ann_is_a_document_with_no_spans() {
        let got = detect(&[file("e.ann", ""), file("e.txt", "Some text.")]);
        match &got[0] {
            Detected::Foreign(docs) => {
                assert_eq!(docs[0].text.as_deref(), Some("Some text."));
                assert!(docs[0].spans.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }
}

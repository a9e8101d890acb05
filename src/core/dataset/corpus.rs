//! A whole corpus in one file, in each format Avow trades in: every text's chosen versions
//! (see [`CorpusVersions`]), named for what they hold. The Hugging Face dataset is
//! [`super`]; the others carry each version as their own format does.

use super::{CorpusOptions, CorpusVersions};
use crate::core::formats::{avow, brat, conll, doccano, labelstudio, w3c, zip, OutFile};
use crate::core::workspace::{slug, DocEntry};
use serde_json::Value;

/// The formats a corpus leaves in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorpusFormat {
    Dataset,
    Doccano,
    Brat,
    LabelStudio,
    W3c,
    Conll,
    Avow,
}

impl CorpusFormat {
    /// Every format, in the dialog's order.
    pub const ALL: [CorpusFormat; 7] = [
        CorpusFormat::Dataset,
        CorpusFormat::Doccano,
        CorpusFormat::Brat,
        CorpusFormat::LabelStudio,
        CorpusFormat::W3c,
        CorpusFormat::Conll,
        CorpusFormat::Avow,
    ];

    /// Its name in test ids and file names.
    pub fn name(self) -> &'static str {
        match self {
            CorpusFormat::Dataset => "dataset",
            CorpusFormat::Doccano => "doccano",
            CorpusFormat::Brat => "brat",
            CorpusFormat::LabelStudio => "labelstudio",
            CorpusFormat::W3c => "w3c",
            CorpusFormat::Conll => "conll",
            CorpusFormat::Avow => "avow",
        }
    }

    /// What the dialog's button says.
    pub fn caption(self) -> &'static str {
        match self {
            CorpusFormat::Dataset => "Hugging Face dataset (.zip)",
            CorpusFormat::Doccano => "doccano (.jsonl)",
            CorpusFormat::Brat => "brat collection (.zip)",
            CorpusFormat::LabelStudio => "Label Studio tasks (.json)",
            CorpusFormat::W3c => "W3C Web Annotation (.zip)",
            CorpusFormat::Conll => "CoNLL (.conll)",
            CorpusFormat::Avow => "Avow workspace (.json)",
        }
    }
}

/// A corpus export: its file name and bytes.
pub struct CorpusFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub mime: &'static str,
}

/// A version's name in a file name: the text's title, then whose version it is.
fn version_base(entry: &DocEntry, t: usize) -> String {
    let title = match slug(&entry.display_title(), 40) {
        s if s.is_empty() => "text".to_string(),
        s => s,
    };
    let who = if entry.doc.gold().is_some() {
        "gold".to_string()
    } else {
        slug(&entry.annotator, 30)
    };
    format!("{:03}-{title}_{who}", t + 1)
}

/// The file name of a corpus export in `format` made on `stamp` (a date).
pub fn file_name(format: CorpusFormat, stamp: &str) -> String {
    let ext = match format {
        CorpusFormat::Dataset => "zip",
        CorpusFormat::Doccano => "jsonl",
        CorpusFormat::Brat | CorpusFormat::W3c => "zip",
        CorpusFormat::LabelStudio | CorpusFormat::Avow => "json",
        CorpusFormat::Conll => "conll",
    };
    let name = format!("avow-corpus-{}_{stamp}.{ext}", format.name());
    if format == CorpusFormat::Dataset {
        name.replace(".zip", "-dataset.zip")
    } else {
        name
    }
}

/// `entries` (the chosen texts) as one file in `format`; `stamp`: the date for its name.
pub fn write(
    entries: &[DocEntry],
    options: &CorpusOptions,
    format: CorpusFormat,
    stamp: &str,
) -> CorpusFile {
    let corpus = CorpusVersions::of(entries, options);
    let name = file_name(format, stamp);
    // Every version, gold first for each text, with the text's place.
    let versions: Vec<(usize, &DocEntry)> = corpus
        .texts
        .iter()
        .enumerate()
        .flat_map(|(t, text)| {
            text.gold
                .iter()
                .chain(&text.annotators)
                .map(move |e| (t, e))
        })
        .collect();
    let who = |e: &DocEntry| -> String {
        if e.doc.gold().is_some() {
            "gold".into()
        } else {
            e.annotator.clone()
        }
    };
    match format {
        CorpusFormat::Dataset => CorpusFile {
            name,
            bytes: zip::write(&super::write(entries, options)),
            mime: "application/zip",
        },
        CorpusFormat::Avow => CorpusFile {
            name,
            bytes: avow::write_workspace("", corpus.entries()).into_bytes(),
            mime: "application/json",
        },
        CorpusFormat::Doccano => {
            // A line per text and version; the version's annotator (or "gold") and the
            // text's SHA-256 ride along, as doccano keeps unknown keys as metadata.
            let mut out = String::new();
            for (_, e) in &versions {
                let line = doccano::write(e);
                let mut value: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
                if let Some(o) = value.as_object_mut() {
                    o.insert("annotator".into(), Value::from(who(e)));
                    o.insert("text_sha256".into(), Value::from(e.text_sha256()));
                }
                out.push_str(&value.to_string());
                out.push('\n');
            }
            CorpusFile {
                name,
                bytes: out.into_bytes(),
                mime: "application/jsonl",
            }
        }
        CorpusFormat::Brat => {
            let mut files = vec![OutFile::text("annotation.conf", brat::annotation_conf())];
            for (t, e) in &versions {
                let base = version_base(e, *t);
                files.push(OutFile::text(
                    format!("{base}.txt"),
                    e.doc.doc().as_str().to_string(),
                ));
                files.push(OutFile::text(format!("{base}.ann"), brat::write_ann(e)));
            }
            CorpusFile {
                name,
                bytes: zip::write(&files),
                mime: "application/zip",
            }
        }
        CorpusFormat::LabelStudio => {
            // A task per text: gold (its ground truth) first, then each annotator's version.
            let tasks: Vec<Value> = corpus
                .texts
                .iter()
                .enumerate()
                .filter_map(|(t, text)| {
                    // The text's own title and metadata: an annotator's version's, where there
                    // is one (gold's title says "(gold)").
                    let first = text.annotators.first().or(text.gold.as_ref())?;
                    let mut annotations: Vec<(String, &crate::core::annotation::model::Annotated)> =
                        Vec::new();
                    if let Some(g) = &text.gold {
                        let by = g
                            .doc
                            .gold()
                            .map_or("gold".to_string(), |r| r.info.adjudicator.clone());
                        annotations.push((by, &g.doc));
                    }
                    for a in &text.annotators {
                        annotations.push((a.annotator.clone(), &a.doc));
                    }
                    let borrowed: Vec<(&str, &crate::core::annotation::model::Annotated)> =
                        annotations.iter().map(|(n, d)| (n.as_str(), *d)).collect();
                    Some(labelstudio::task(
                        first,
                        &borrowed,
                        t + 1,
                        text.gold.is_some(),
                    ))
                })
                .collect();
            CorpusFile {
                name,
                bytes: labelstudio::write_tasks(&tasks).into_bytes(),
                mime: "application/json",
            }
        }
        CorpusFormat::W3c => {
            let files: Vec<OutFile> = versions
                .iter()
                .map(|(t, e)| {
                    OutFile::text(
                        format!("{}.w3c.jsonld", version_base(e, *t)),
                        w3c::write(e, &who(e)),
                    )
                })
                .collect();
            CorpusFile {
                name,
                bytes: zip::write(&files),
                mime: "application/zip",
            }
        }
        CorpusFormat::Conll => {
            // Documents one after another, each opened by -DOCSTART- and its name.
            let mut out = String::new();
            for (t, e) in &versions {
                let (text, _) = conll::write(e);
                out.push_str(&format!("-DOCSTART- {}\n\n", version_base(e, *t)));
                out.push_str(&text);
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
            }
            CorpusFile {
                name,
                bytes: out.into_bytes(),
                mime: "text/plain",
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::dataset::tests::corpus;
    use crate::core::dataset::Versions;

    fn text_of(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// The Avow workspace export reads back with every version, span and relation.
    #[test]
    fn every_corpus_format_holds_every_version_and_the_avow_one_reads_back_whole() {
        let entries = corpus();
        let options = CorpusOptions {
            anonymise: false,
            ..CorpusOptions::default()
        };
        let spans: usize = entries.iter().map(|e| e.doc.spans().len()).sum();
        let relations: usize = entries.iter().map(|e| e.doc.relations().len()).sum();
        let avow_file = write(&entries, &options, CorpusFormat::Avow, "2026-12-07");
        assert_eq!(avow_file.name, "avow-corpus-avow_2026-12-07.json");
        match avow::read(std::str::from_utf8(&avow_file.bytes).unwrap()).unwrap() {
            avow::AvowFile::Workspace {
                entries: documents, ..
            } => {
                assert_eq!(documents.len(), entries.len());
                let back: usize = documents.iter().map(|d| d.doc.spans().len()).sum();
                let links: usize = documents.iter().map(|d| d.doc.relations().len()).sum();
                assert_eq!((back, links), (spans, relations));
                assert_eq!(
                    documents.iter().filter(|d| d.doc.gold().is_some()).count(),
                    2
                );
            }
            _ => panic!("a workspace"),
        }
        // doccano: a line per version, each naming its annotator.
        let doccano = write(&entries, &options, CorpusFormat::Doccano, "d");
        let text = String::from_utf8(doccano.bytes).unwrap();
        assert_eq!(text.lines().count(), entries.len());
        assert!(
            text.contains("\"annotator\":\"chloé\"") && text.contains("\"annotator\":\"gold\"")
        );
        let back: usize = doccano::read(&text)
            .unwrap()
            .iter()
            .map(|f| f.spans.len())
            .sum();
        assert_eq!(back, spans);
        // brat: a .txt and .ann per version, one annotation.conf.
        let brat_zip =
            zip::read(&write(&entries, &options, CorpusFormat::Brat, "d").bytes).unwrap();
        assert_eq!(brat_zip.len(), 1 + 2 * entries.len());
        assert_eq!(
            brat_zip
                .iter()
                .filter(|f| f.name == "annotation.conf")
                .count(),
            1
        );
        // Label Studio: a task per text, an annotation per version, gold the ground truth.
        let ls: Value = serde_json::from_slice(
            &write(&entries, &options, CorpusFormat::LabelStudio, "d").bytes,
        )
        .unwrap();
        let tasks = ls.as_array().unwrap();
        assert_eq!(tasks.len(), 3);
        let annotations: usize = tasks
            .iter()
            .map(|t| t["annotations"].as_array().unwrap().len())
            .sum();
        assert_eq!(annotations, entries.len());
        assert_eq!(
            tasks[0]["annotations"][0]["ground_truth"],
            Value::Bool(true)
        );
        assert_eq!(
            tasks[2]["annotations"][0]["ground_truth"],
            Value::Bool(false)
        );
        // Read back, each task's annotations are versions named by their annotators.
        let versions = labelstudio::read(&ls).unwrap();
        assert_eq!(versions.len(), entries.len());
        let gold = versions
            .iter()
            .filter(|f| f.annotator.as_deref() == Some("gold"))
            .count();
        assert_eq!(gold, 2);
        assert!(versions
            .iter()
            .any(|f| f.annotator.as_deref() == Some("chloé")));
        let lines = doccano::read(&text_of(
            &write(&entries, &options, CorpusFormat::Doccano, "d").bytes,
        ))
        .unwrap();
        assert!(lines.iter().all(|f| f.annotator.is_some()));
        // W3C: a collection per version; CoNLL: a -DOCSTART- per version.
        let w3c_zip = zip::read(&write(&entries, &options, CorpusFormat::W3c, "d").bytes).unwrap();
        assert_eq!(w3c_zip.len(), entries.len());
        let conll_text =
            String::from_utf8(write(&entries, &options, CorpusFormat::Conll, "d").bytes).unwrap();
        assert_eq!(conll_text.matches("-DOCSTART-").count(), entries.len());
        // Gold only: one version per text with gold.
        let only = CorpusOptions {
            versions: Versions::Gold,
            ..options
        };
        let text =
            String::from_utf8(write(&entries, &only, CorpusFormat::Doccano, "d").bytes).unwrap();
        assert_eq!(text.lines().count(), 2);
    }
}

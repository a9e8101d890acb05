//! A document: its text, kept exactly as read, and its metadata.

use crate::core::text::hash::sha256_hex;
use crate::core::text::offsets::IndexedText;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::sync::OnceLock;

/// The document metadata of the commitment schema. Empty strings mean "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metadata {
    pub title: String,
    /// One of [`crate::core::schema::SOURCE_TYPES`], or empty.
    pub source_type: String,
    pub publisher: String,
    /// ISO 8601 date.
    pub date: String,
    /// A name or an ISO 3166 alpha-3 code, e.g. `USA`.
    pub party_a: String,
    pub party_b: String,
    pub url: String,
    pub language: String,
}

/// One metadata field, so that an edit can name the field it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetaField {
    Title,
    SourceType,
    Publisher,
    Date,
    PartyA,
    PartyB,
    Url,
    Language,
}

impl MetaField {
    /// Every field, in form order.
    pub const ALL: [MetaField; 8] = [
        MetaField::Title,
        MetaField::SourceType,
        MetaField::Publisher,
        MetaField::Date,
        MetaField::PartyA,
        MetaField::PartyB,
        MetaField::Url,
        MetaField::Language,
    ];

    /// The field's key, as the schema and files name it.
    pub fn key(self) -> &'static str {
        match self {
            MetaField::Title => "title",
            MetaField::SourceType => "source_type",
            MetaField::Publisher => "publisher",
            MetaField::Date => "date",
            MetaField::PartyA => "party_a",
            MetaField::PartyB => "party_b",
            MetaField::Url => "url",
            MetaField::Language => "language",
        }
    }

    /// A label for the form.
    pub fn caption(self) -> &'static str {
        match self {
            MetaField::Title => "Title",
            MetaField::SourceType => "Source type",
            MetaField::Publisher => "Publisher",
            MetaField::Date => "Date",
            MetaField::PartyA => "Party A",
            MetaField::PartyB => "Party B",
            MetaField::Url => "URL",
            MetaField::Language => "Language",
        }
    }
}

impl Metadata {
    /// The value of one field.
    pub fn get(&self, field: MetaField) -> &str {
        match field {
            MetaField::Title => &self.title,
            MetaField::SourceType => &self.source_type,
            MetaField::Publisher => &self.publisher,
            MetaField::Date => &self.date,
            MetaField::PartyA => &self.party_a,
            MetaField::PartyB => &self.party_b,
            MetaField::Url => &self.url,
            MetaField::Language => &self.language,
        }
    }

    /// Sets one field.
    pub fn set(&mut self, field: MetaField, value: String) {
        let slot = match field {
            MetaField::Title => &mut self.title,
            MetaField::SourceType => &mut self.source_type,
            MetaField::Publisher => &mut self.publisher,
            MetaField::Date => &mut self.date,
            MetaField::PartyA => &mut self.party_a,
            MetaField::PartyB => &mut self.party_b,
            MetaField::Url => &mut self.url,
            MetaField::Language => &mut self.language,
        };
        *slot = value;
    }

    /// How the `committer` value `party_a` / `party_b` reads, with the party's name where set.
    pub fn committer_caption(&self, value: &str) -> String {
        let named = |letter: &str, name: &str| {
            if name.trim().is_empty() {
                format!("party {letter}")
            } else {
                format!("party {letter}: {}", name.trim())
            }
        };
        match value {
            "party_a" => named("A", &self.party_a),
            "party_b" => named("B", &self.party_b),
            "third_party" => "third party".to_string(),
            other => other.to_string(),
        }
    }
}

/// The document's text with its code point index. The text is never trimmed or normalised:
/// every offset refers to it as it is. It never changes either, so its digest and its JSON
/// form are computed once, when first asked for (every autosave writes both).
#[derive(Clone, Debug, Default)]
pub struct Document {
    text: IndexedText,
    sha256: OnceLock<String>,
    json: OnceLock<Box<RawValue>>,
}

/// Two documents are equal when their texts are (whatever has been computed of them).
impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Document {}

impl Document {
    /// A document of this exact text.
    pub fn new(text: String) -> Self {
        Self {
            text: IndexedText::new(text),
            sha256: OnceLock::new(),
            json: OnceLock::new(),
        }
    }

    /// A text whose SHA-256 (lowercase hex) is already known: one Avow stored with it.
    pub fn with_sha256(text: String, sha256: String) -> Self {
        Self {
            text: IndexedText::new(text),
            sha256: OnceLock::from(sha256),
            json: OnceLock::new(),
        }
    }

    /// The SHA-256 of the text's UTF-8 bytes, in lowercase hex.
    pub fn sha256(&self) -> &str {
        self.sha256.get_or_init(|| sha256_hex(self.text.as_str()))
    }

    /// The text as a JSON string literal, ready to be written into a file.
    pub fn json(&self) -> &RawValue {
        self.json.get_or_init(|| {
            let literal = serde_json::to_string(self.text.as_str()).unwrap_or_default();
            RawValue::from_string(literal).unwrap_or_default()
        })
    }

    /// The indexed text.
    pub fn text(&self) -> &IndexedText {
        &self.text
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// Length in code points.
    pub fn len_cp(&self) -> usize {
        self.text.len_cp()
    }

    /// The text between two code point offsets.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.slice(start, end)
    }
}

/// Why a file's bytes cannot be opened as a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextFileError {
    NotUtf8 {
        byte: usize,
    },
    Binary,
    Empty,
    /// UTF-16 without a byte order mark (every other byte NUL), or with one but not valid.
    Utf16,
}

impl std::fmt::Display for TextFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextFileError::NotUtf8 { byte } => write!(
                f,
                "is not UTF-8 text (invalid byte at position {byte}); save it as UTF-8 and open it again"
            ),
            TextFileError::Binary => {
                write!(f, "looks like a binary file, not text (it contains NUL bytes)")
            }
            TextFileError::Empty => write!(f, "is empty"),
            TextFileError::Utf16 => write!(
                f,
                "is UTF-16 text that cannot be read as it is; save it as UTF-8 and open it again"
            ),
        }
    }
}

/// Decodes a text file's bytes exactly: UTF-8, or UTF-16 with its byte order mark (a leading
/// byte order mark is dropped, as it is not part of the text), nothing else changed. Refuses
/// other encodings (UTF-16 without its mark with the advice to save it as UTF-8) and binary
/// files.
pub fn decode_text_file(bytes: &[u8]) -> Result<String, TextFileError> {
    if let Some(text) = decode_utf16_with_bom(bytes) {
        return text;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.is_empty() {
        return Err(TextFileError::Empty);
    }
    if bytes.contains(&0) {
        return Err(if looks_like_utf16(bytes) {
            TextFileError::Utf16
        } else {
            TextFileError::Binary
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(TextFileError::NotUtf8 {
            byte: e.valid_up_to(),
        }),
    }
}

/// UTF-16 text behind its byte order mark (`FF FE` little-endian, `FE FF` big-endian), or
/// `None` when the bytes do not begin with one.
fn decode_utf16_with_bom(bytes: &[u8]) -> Option<Result<String, TextFileError>> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Some(Err(TextFileError::Utf16));
    }
    let units = body.chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let text: Result<String, _> = char::decode_utf16(units).collect();
    Some(match text {
        Ok(text) if text.is_empty() => Err(TextFileError::Empty),
        Ok(text) if text.contains('\0') => Err(TextFileError::Binary),
        Ok(text) => Ok(text),
        Err(_) => Err(TextFileError::Utf16),
    })
}

/// Whether bytes look like UTF-16 text without a byte order mark: most of the bytes at even
/// (or at odd) places are NUL, as ASCII text in UTF-16 is.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return false;
    }
    let nul_at = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    nul_at(0).max(nul_at(1)) * 10 >= pairs * 8
}

/// Longest title made from a text's first line, in characters.
pub const TITLE_CHARS: usize = 80;

/// How many of a text's first lines are looked at for a heading.
const HEADING_SEARCH_LINES: usize = 15;

/// Whether a line reads as a heading: 3 to 12 words, starting with a capital, a digit or a
/// quote, not ending as a sentence or a clause does, and not run on by the next line (which
/// would then start in lower case, as a wrapped paragraph's does). A one-word line such as
/// "President" is a fragment, not a title.
fn heading_like(line: &str, next: Option<&str>) -> bool {
    let words = line.split_whitespace().count();
    let first = line.trim_start().chars().next();
    let starts_well = first.is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '\'')
    });
    let ends_open = line.trim_end().ends_with(['.', ',', ';', ':']);
    let run_on = next.is_some_and(|n| n.trim_start().starts_with(char::is_lowercase));
    (3..=12).contains(&words) && starts_well && !ends_open && !run_on
}

/// A title from a text: its first heading-like line among the first lines (see
/// `heading_like`), else its first line that holds a letter or digit; cleaned (leading bullets,
/// Markdown marks and quotes dropped, whitespace runs as one space, any kind of space trimmed)
/// and cut at a word before [`TITLE_CHARS`]. `None` when no line holds a letter or digit.
pub fn title_from_text(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches(|c: char| matches!(c, '#' | '*' | '>') || c.is_whitespace()))
        .filter(|l| l.chars().any(char::is_alphanumeric))
        .take(HEADING_SEARCH_LINES)
        .collect();
    let heading = (0..lines.len()).find(|&i| heading_like(lines[i], lines.get(i + 1).copied()));
    let line = lines.get(heading.unwrap_or(0))?;
    let cleaned: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = cleaned.trim_start_matches(|c: char| {
        matches!(c, '#' | '*' | '-' | '•' | '>' | '–' | '—' | '|' | '=' | '_') || c.is_whitespace()
    });
    if cleaned.chars().count() <= TITLE_CHARS {
        return Some(cleaned.to_string());
    }
    let cut: String = cleaned.chars().take(TITLE_CHARS).collect();
    let at_word = cut
        .rfind(' ')
        .filter(|&i| i > TITLE_CHARS / 2)
        .unwrap_or(cut.len());
    Some(format!("{}…", cut[..at_word].trim_end()))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_its_mark_is_read_and_without_it_refused_with_advice() {
        let text = "The leaders — “met”.";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_text_file(&le).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_text_file(&be).unwrap(), text);
        let bare: Vec<u8> = "The leaders met."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let refused = decode_text_file(&bare).unwrap_err();
        assert_eq!(refused, TextFileError::Utf16);
        assert!(
            refused.to_string().contains("save it as UTF-8"),
            "{refused}"
        );
        assert_eq!(
            decode_text_file(&[0xFF, 0xFE, 0x41]).unwrap_err(),
            TextFileError::Utf16
        );
    }

    #[test]
    fn titles_are_the_first_heading_like_line_not_a_fragment_or_a_wrapped_sentence() {
        let title = |t: &str| title_from_text(t).unwrap();
        // A one-word fragment, then a wrapped paragraph, then a heading (corpus 003's shape).
        assert_eq!(
            title("President\nDonald J. Trump and Prime Minister Ishiba Shigeru held their first official\nmeeting today.\nU.S.-Japan Cooperation for Peace\nThe two leaders met.\n"),
            "U.S.-Japan Cooperation for Peace"
        );
        // A long line of page furniture and a two-word section name come before the headline.
        assert_eq!(
            title("Icon Facebook Icon LinkedIn Icon Mail Icon Print Icon Twitter Arrow Title Chevron\nInternational relations\n\nJapan, US vow to cooperate in space, cyber domains\n\nBody text.\n"),
            "Japan, US vow to cooperate in space, cyber domains"
        );
        // A first sentence is no heading: with none, the first line as before.
        assert_eq!(
            title("The leaders met today and agreed on many things.\nThey will meet again.\n"),
            "The leaders met today and agreed on many things."
        );
    }

    #[test]
    fn titles_come_from_a_cleaned_first_line() {
        let title = |t: &str| title_from_text(t);
        assert_eq!(
            title("\u{a0}\u{2003}  Joint  Statement\t \r\nBody").as_deref(),
            Some("Joint Statement")
        );
        assert_eq!(
            title("\n\n---\n# United States-Japan Joint Leaders' Statement\n").as_deref(),
            Some("United States-Japan Joint Leaders' Statement")
        );
        assert_eq!(
            title("  • The leaders met.").as_deref(),
            Some("The leaders met.")
        );
        assert_eq!(title(" \n\t\n"), None);
        let long = title(&"word ".repeat(40)).unwrap();
        assert!(
            long.ends_with("word…") && long.chars().count() <= TITLE_CHARS + 1,
            "{long}"
        );
    }

    #[test]
    fn decoding_keeps_crlf_tabs_and_special_spaces() {
        let raw = "a\r\n\tb\u{a0}c\u{2003}d 😀 日本\n";
        assert_eq!(decode_text_file(raw.as_bytes()).unwrap(), raw);
    }

    #[test]
    fn decoding_refuses_latin1_binary_and_empty() {
        assert_eq!(
            decode_text_file(b"caf\xe9"),
            Err(TextFileError::NotUtf8 { byte: 3 })
        );
        assert_eq!(
            decode_text_file(b"PK\x03\x04\x00\x00"),
            Err(TextFileError::Binary)
        );
        assert_eq!(decode_text_file(b""), Err(TextFileError::Empty));
        assert_eq!(decode_text_file(b"\xEF\xBB\xBFhi").unwrap(), "hi");
    }

    #[test]
    fn committer_caption_names_the_parties() {
        let meta = Metadata {
            party_a: "USA".into(),
            ..Metadata::default()
        };
        assert_eq!(meta.committer_caption("party_a"), "party A: USA");
        assert_eq!(meta.committer_caption("party_b"), "party B");
        assert_eq!(meta.committer_caption("joint"), "joint");
    }

    #[test]
    fn every_field_reads_back_what_was_set() {
        let mut meta = Metadata::default();
        for (i, field) in MetaField::ALL.into_iter().enumerate() {
            meta.set(field, format!("v{i}"));
        }
        for (i, field) in MetaField::ALL.into_iter().enumerate() {
            assert_eq!(meta.get(field), format!("v{i}"));
        }
    }
}

//! Every key Avow keeps in the browser's storage, built in this one place.
//!
//! A document's records are found by key and by key prefix (its parts), so no document's keys
//! may be a prefix of another's: a document id goes into a key only as [`key_id`] writes it,
//! which never holds the `:` that ends it there. Ids Avow issues (and every id an import keeps:
//! see [`crate::core::workspace::is_doc_id`]) are written as they are; anything else (an id
//! stored by an earlier build, before imports checked ids) is written in hex behind a `~`.

/// Every key Avow writes starts with this.
pub const PREFIX: &str = "avow:";
/// The index's key.
pub const INDEX_KEY: &str = "avow:v1:index";
/// The prefix of every key of the v1 layout (kept by the IndexedDB store).
pub const PREFIX_V1: &str = "avow:v1:";
/// The prefix of document entries' keys.
pub const DOC_PREFIX: &str = "avow:v1:doc:";
/// The prefix of the parts document entries are stored in.
pub const PART_PREFIX: &str = "avow:v1:part:";
/// The prefix of texts, each stored once for every document (version) that holds it: a
/// part named `T` and the text's SHA-256 is kept under this prefix and the SHA-256.
pub const TEXT_PREFIX: &str = "avow:v1:text:";
/// The prefix of the revision keys.
pub const REV_PREFIX: &str = "avow:v1:rev:";
/// The prefix under which a damaged index is kept before a new one is written.
pub const DAMAGED_PREFIX: &str = "avow:damaged:";
/// Where version 0 (pre-release builds) kept the whole workspace, in one entry.
pub const LEGACY_V0_KEY: &str = "avow.workspace";
/// The storage layout version this code writes.
pub const STORAGE_VERSION: u64 = 1;
/// The prefix of this storage version's own keys.
pub const V2_PREFIX: &str = "avow:v2:";
/// Written once every v1 entry is in IndexedDB and has been read back intact.
pub const MIGRATED_KEY: &str = "avow:v2:migrated";
/// The prefix of the records listing a damaged entry (its key follows).
pub const DAMAGED_RECORD: &str = "avow:v2:damaged:";
/// The prefix of every journal key (`avow:v2:journal:<tab>:doc:<id>` and
/// `avow:v2:journal:<tab>:index`).
pub const JOURNAL_PREFIX: &str = "avow:v2:journal:";

/// A document id as keys hold it: as it is when it has no `:` (which ends an id in a part's
/// key) and does not begin with `~`; else `~` and its UTF-8 bytes in hex. One id, one form,
/// and no form is a prefix of another's followed by `:`.
pub fn key_id(id: &str) -> std::borrow::Cow<'_, str> {
    if !id.contains(':') && !id.starts_with('~') {
        return std::borrow::Cow::Borrowed(id);
    }
    let mut out = String::with_capacity(1 + id.len() * 2);
    out.push('~');
    for byte in id.bytes() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 15)]));
    }
    std::borrow::Cow::Owned(out)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The key of a document's entry.
pub fn doc_key(id: &str) -> String {
    format!("{DOC_PREFIX}{}", key_id(id))
}

/// The key holding a document's revision alone, so that checking it reads a few bytes rather
/// than the whole document.
pub fn rev_key(id: &str) -> String {
    format!("{REV_PREFIX}{}", key_id(id))
}

/// The key of one part of a document's entry (`name` says what it holds and hashes it, so a
/// part that changes gets a new key and the old one stays valid until the manifest moves on).
/// A text's part (named `T` and its SHA-256) is shared by the documents that hold the text.
pub fn part_key(id: &str, name: &str) -> String {
    match shared_text(name) {
        Some(sha) => format!("{TEXT_PREFIX}{sha}"),
        None => format!("{PART_PREFIX}{}:{name}", key_id(id)),
    }
}

/// The prefix of a document's part keys: no other document's part key starts with it.
pub fn parts_prefix(id: &str) -> String {
    format!("{PART_PREFIX}{}:", key_id(id))
}

/// The SHA-256 a part's name names when the part is a shared text.
pub fn shared_text(name: &str) -> Option<&str> {
    name.strip_prefix('T')
}

/// The keys one document's records are kept under: where this build keeps them
/// ([`DocKeys::of`]), or where an earlier build kept a document whose id [`key_id`] now
/// writes in hex ([`DocKeys::legacy`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocKeys {
    /// The entry (a manifest of parts, or the whole entry).
    pub doc: String,
    /// The revision alone.
    pub rev: String,
    /// The prefix of its own parts.
    pub parts_prefix: String,
    /// Kept by an earlier build under the id as it was: read, then written anew under
    /// [`DocKeys::of`] and deleted key by key (its parts prefix may be a prefix of another
    /// such document's parts, so it is never deleted by prefix).
    pub legacy: bool,
}

impl DocKeys {
    /// Where this build keeps document `id`.
    pub fn of(id: &str) -> Self {
        Self {
            doc: doc_key(id),
            rev: rev_key(id),
            parts_prefix: parts_prefix(id),
            legacy: false,
        }
    }

    /// Where an earlier build kept document `id`, when that differs from [`DocKeys::of`].
    pub fn legacy(id: &str) -> Option<Self> {
        (key_id(id) != id).then(|| Self {
            doc: format!("{DOC_PREFIX}{id}"),
            rev: format!("{REV_PREFIX}{id}"),
            parts_prefix: format!("{PART_PREFIX}{id}:"),
            legacy: true,
        })
    }

    /// The key of the part named `name` (a shared text's wherever the document is kept).
    pub fn part(&self, name: &str) -> String {
        match shared_text(name) {
            Some(sha) => format!("{TEXT_PREFIX}{sha}"),
            None => format!("{}{name}", self.parts_prefix),
        }
    }
}

/// The id a key holds after its prefix, as [`key_id`] wrote it (a key of an earlier build
/// holds the id as it was).
pub fn id_of(key_id: &str) -> Option<String> {
    let Some(hex) = key_id.strip_prefix('~') else {
        return Some(key_id.to_string());
    };
    let digit = |b: u8| HEX.iter().position(|h| *h == b);
    let bytes: Option<Vec<u8>> = hex
        .as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => Some((digit(*hi)? as u8) << 4 | digit(*lo)? as u8),
            _ => None,
        })
        .collect();
    String::from_utf8(bytes?).ok()
}

/// The prefix of one tab's journal keys.
pub fn tab_prefix(tab: &str) -> String {
    format!("{JOURNAL_PREFIX}{tab}:")
}

/// Where (in localStorage) each open tab keeps its session marker: written at start and at
/// each journal write, removed when the page is closed. One left by a tab no longer open says
/// that tab ended without closing (a crash, a kill).
pub const SESSION_PREFIX: &str = "avow:v2:session:";

/// The key of a tab's session marker.
pub fn session_key(tab: &str) -> String {
    format!("{SESSION_PREFIX}{tab}")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_avow_issues_are_kept_as_they_are() {
        assert_eq!(doc_key("d-lx2k9-00af"), "avow:v1:doc:d-lx2k9-00af");
        assert_eq!(part_key("sample", "h01"), "avow:v1:part:sample:h01");
        assert_eq!(part_key("x", "Tabc"), "avow:v1:text:abc");
        assert_eq!(DocKeys::legacy("sample"), None);
        assert_eq!(id_of("sample").as_deref(), Some("sample"));
    }

    #[test]
    fn deleting_a_keeps_a_colon_b() {
        // The defect: `a`'s part prefix was a prefix of `a:b`'s parts.
        let a = parts_prefix("a");
        assert!(!part_key("a:b", "h01").starts_with(&a));
        assert_eq!(part_key("a:b", "h01"), "avow:v1:part:~613a62:h01");
        let legacy = DocKeys::legacy("a:b").unwrap();
        assert_eq!(legacy.doc, "avow:v1:doc:a:b");
        assert_eq!(legacy.part("h01"), "avow:v1:part:a:b:h01");
        assert_eq!(DocKeys::of("a:b").part("h01"), part_key("a:b", "h01"));
        assert_eq!(id_of("~613a62").as_deref(), Some("a:b"));
    }

    proptest! {
        #[test]
        fn no_document_keys_are_a_prefix_of_anothers(a in ".{0,12}", b in ".{0,12}", name in "[a-z0-9]{1,6}") {
            prop_assume!(a != b);
            prop_assert_ne!(key_id(&a), key_id(&b));
            prop_assert!(!part_key(&b, &name).starts_with(&parts_prefix(&a)));
            prop_assert!(!key_id(&a).contains(':'));
            prop_assert_eq!(id_of(&key_id(&a)), Some(a.clone()));
        }
    }
}

//! Revision ids as CouchDB writes them, `N-<hash>`: the position in the document's history
//! and a hash. Avow's hash is taken from the content and the revision it follows, so the same
//! edit made twice gets the same id, as CouchDB's own do.

use crate::core::text::hash::sha256_hex;
use serde_json::Value;

/// A revision: its place in the history (1 for the first) and its hash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rev {
    pub pos: u64,
    pub hash: String,
}

impl Rev {
    /// `N-<hash>`, or `None` for anything else.
    pub fn parse(text: &str) -> Option<Rev> {
        let (pos, hash) = text.split_once('-')?;
        let pos: u64 = pos.parse().ok()?;
        (pos > 0 && !hash.is_empty()).then(|| Rev {
            pos,
            hash: hash.to_string(),
        })
    }

    /// The revision after `prev` for `body` (the document without `_id` and `_rev`).
    pub fn next(prev: Option<&Rev>, body: &Value) -> Rev {
        let before = prev.map(Rev::to_string).unwrap_or_default();
        // serde_json's maps are sorted by key: the same content hashes alike.
        let digest = sha256_hex(&format!("{before}\n{body}"));
        Rev {
            pos: prev.map_or(1, |p| p.pos + 1),
            hash: digest[..32].to_string(),
        }
    }
}

impl std::fmt::Display for Rev {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.pos, self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn revisions_count_up_and_hash_their_content() {
        let first = Rev::next(None, &json!({"a": 1}));
        assert_eq!(first.pos, 1);
        assert_eq!(Rev::parse(&first.to_string()), Some(first.clone()));
        let second = Rev::next(Some(&first), &json!({"a": 2}));
        assert_eq!(second.pos, 2);
        assert_eq!(second, Rev::next(Some(&first), &json!({"a": 2})));
        assert_ne!(second, Rev::next(Some(&first), &json!({"a": 3})));
        for bad in ["", "1", "x-abc", "0-abc", "2-"] {
            assert_eq!(Rev::parse(bad), None, "{bad}");
        }
    }
}

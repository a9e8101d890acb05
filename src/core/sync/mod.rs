//! Sync with a server that speaks CouchDB's replication protocol (Apache CouchDB, PouchDB
//! Server), sans IO: the replicator is a state machine that asks for HTTP requests and takes
//! the server's JSON answers ([`replicate`]), over a local database of documents with their
//! revision histories ([`local`]); the app carries the requests out with `fetch` and keeps the
//! local side in IndexedDB. Conflicts are kept as the server keeps them (every leaf), never
//! merged: an annotator's version is never mixed with another's.

pub mod local;
pub mod project;
pub mod replicate;
pub mod rev;

use serde_json::Value;

/// An HTTP method the replicator uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    /// As HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// A request for the server: a path from its root (database, document, query) and a JSON
/// body.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
}

/// The server's answer: its status and its JSON body (`Value::Null` when it sent none).
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub body: Value,
}

/// Why a sync stopped, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// 401: not logged in, or the session ended.
    LoggedOut,
    /// 403: the server refused a write or a read (another's version, a closed database).
    Forbidden(String),
    /// Any other answer the protocol does not expect.
    Server(u16, String),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::LoggedOut => f.write_str(
                "The server asks you to log in again (your session ended, or the name or password is wrong).",
            ),
            SyncError::Forbidden(why) => write!(f, "The server refused: {why}."),
            SyncError::Server(status, why) => {
                write!(f, "The server answered {status}: {why}.")
            }
        }
    }
}

/// The reason a server gives in an error body (`{"error", "reason"}`), or its status alone.
pub fn reason_of(response: &Response) -> String {
    let field = |k: &str| response.body.get(k).and_then(Value::as_str).unwrap_or("");
    match (field("error"), field("reason")) {
        ("", "") => format!("status {}", response.status),
        (e, "") => e.to_string(),
        (_, r) => r.to_string(),
    }
}

/// The error an unexpected answer stands for.
pub fn error_of(response: &Response) -> SyncError {
    match response.status {
        401 => SyncError::LoggedOut,
        403 => SyncError::Forbidden(reason_of(response)),
        status => SyncError::Server(status, reason_of(response)),
    }
}

/// A database name or document id as a path segment (`/` and the like escaped).
pub fn segment(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod server;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

//! A team's project on the server, laid out so that annotation stays blind: a database of the
//! shared texts (the lead writes, everyone reads), one per annotator for their versions (that
//! annotator and the lead read it; only that annotator writes it, as themselves), and one for
//! gold (the lead's). Each database's `_security` says who reads it and a
//! `validate_doc_update` who writes what; [`create`] lists the requests that make it all, so a
//! server admin makes a project from the app without a command line.

use super::{segment, Method, Request};
use serde_json::{json, Value};

/// A project's name: lowercase letters, digits and `-`, beginning with a letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    name: String,
}

impl Project {
    /// The project named `name`, or why that name cannot be one.
    pub fn new(name: &str) -> Result<Project, String> {
        let name = name.trim();
        let ok = name.len() <= 40
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Project {
                name: name.to_string(),
            })
        } else {
            Err(format!(
                "“{name}” cannot name a project: use lowercase letters, digits and “-”, beginning with a letter (at most 40)."
            ))
        }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The database of the shared texts.
    pub fn texts_db(&self) -> String {
        format!("avow-{}-texts", self.name)
    }

    /// The database of gold versions.
    pub fn gold_db(&self) -> String {
        format!("avow-{}-gold", self.name)
    }

    /// The database of `user`'s versions (the name written so that any user name makes a
    /// database name, and no two alike: anything but a lowercase letter or digit as `_xx`).
    pub fn annotator_db(&self, user: &str) -> String {
        let mut out = format!("avow-{}-v-", self.name);
        for b in user.bytes() {
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                out.push(b as char);
            } else {
                out.push_str(&format!("_{b:02x}"));
            }
        }
        out
    }

    /// The role every member of the project has.
    pub fn role(&self) -> String {
        format!("avow-{}", self.name)
    }
}

/// A JavaScript string literal of `text` (JSON's is one).
fn js(text: &str) -> String {
    Value::from(text).to_string()
}

/// Only the lead (or a server admin) writes: the texts and gold.
fn lead_writes(lead: &str, what: &str) -> String {
    format!(
        "function (newDoc, oldDoc, userCtx) {{ if (userCtx.roles.indexOf('_admin') !== -1 || userCtx.name === {lead}) {{ return; }} throw({{forbidden: {why}}}); }}",
        lead = js(lead),
        why = js(&format!("only the lead writes {what}")),
    )
}

/// Only `owner` writes, as themselves (the lead and a server admin too, to resolve).
fn owner_writes(owner: &str, lead: &str) -> String {
    format!(
        "function (newDoc, oldDoc, userCtx) {{ if (userCtx.roles.indexOf('_admin') !== -1 || userCtx.name === {lead}) {{ return; }} if (userCtx.name !== {owner}) {{ throw({{forbidden: {not_yours}}}); }} if (!newDoc._deleted && newDoc.annotator !== {owner}) {{ throw({{forbidden: {named}}}); }} }}",
        lead = js(lead),
        owner = js(owner),
        not_yours = js(&format!("these are {owner}'s versions: only {owner} writes them")),
        named = js(&format!("a version here is {owner}'s and names {owner} as its annotator")),
    )
}

fn put(path: String, body: Value) -> Request {
    Request {
        method: Method::Put,
        path,
        body: Some(body),
    }
}

/// The requests that make a project (run in order, by a server admin): the annotators'
/// accounts (`name`, `password`), the databases, who reads each, and who writes what.
pub fn create(project: &Project, lead: &str, annotators: &[(String, String)]) -> Vec<Request> {
    let role = project.role();
    let names: Vec<&str> = annotators.iter().map(|(n, _)| n.as_str()).collect();
    let mut requests = Vec::new();
    for (name, password) in annotators {
        requests.push(put(
            format!("/_users/{}", segment(&format!("org.couchdb.user:{name}"))),
            json!({"name": name, "password": password, "roles": [role], "type": "user"}),
        ));
    }
    let security = |readers: Vec<&str>| json!({"admins": {"names": [lead], "roles": []}, "members": {"names": readers, "roles": []}});
    let mut database = |db: String, readers: Vec<&str>, validate: String| {
        let db = segment(&db);
        requests.push(put(format!("/{db}"), json!({})));
        requests.push(put(format!("/{db}/_security"), security(readers)));
        requests.push(put(
            format!("/{db}/_design/avow"),
            json!({ "validate_doc_update": validate }),
        ));
    };
    let mut everyone = vec![lead];
    everyone.extend(&names);
    database(
        project.texts_db(),
        everyone,
        lead_writes(lead, "the shared texts"),
    );
    database(project.gold_db(), vec![lead], lead_writes(lead, "gold"));
    for name in &names {
        database(
            project.annotator_db(name),
            vec![lead, name],
            owner_writes(name, lead),
        );
    }
    requests
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_make_database_names_and_bad_ones_are_refused_in_words() {
        let p = Project::new("treaties-2026").unwrap();
        assert_eq!(p.texts_db(), "avow-treaties-2026-texts");
        assert_eq!(p.annotator_db("ana"), "avow-treaties-2026-v-ana");
        assert_eq!(p.annotator_db("Ana B"), "avow-treaties-2026-v-_41na_20_42");
        assert_ne!(p.annotator_db("Ana"), p.annotator_db("ana"));
        for bad in ["", "2026", "Treaties", "a b", "a/b"] {
            assert!(Project::new(bad)
                .unwrap_err()
                .contains("cannot name a project"));
        }
        let requests = create(&p, "lead", &[("ana".into(), "pw".into())]);
        // One account, three databases with their security and validation.
        assert_eq!(requests.len(), 1 + 3 * 3);
    }
}

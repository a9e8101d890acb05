//! The replicator against a real PouchDB Server (started by each test on 127.0.0.1).

use super::local::LocalDb;
use super::replicate::{checkpoint_id, Direction, Next, Replication, Stats};
use super::server::{get, put, Server, ADMIN};
use super::SyncError;
use serde_json::json;

/// Runs a replication to its end against `server`, as `user` (each local database keeps its
/// own checkpoints, named by the address of its `LocalDb`).
fn run(
    server: &Server,
    user: Option<(&str, &str)>,
    local: &mut LocalDb,
    direction: Direction,
    db: &str,
    batch: usize,
) -> Result<Stats, SyncError> {
    let replica = format!("{:p}", local as *const LocalDb);
    let checkpoint = checkpoint_id(direction, &replica);
    let mut replication = Replication::new(direction, db, &checkpoint, batch);
    let mut next = replication.start();
    for _ in 0..100_000 {
        match next {
            Next::Send(request) => {
                let response = server.send(&request, user);
                next = replication.on_response(local, response);
            }
            Next::Done(stats) => return Ok(stats),
            Next::Failed(error) => return Err(error),
        }
    }
    panic!("the replication never ended");
}

fn create(server: &Server, db: &str) {
    assert_eq!(
        server
            .send(&put(&format!("/{db}"), json!({})), Some(ADMIN))
            .status,
        201
    );
}

#[test]
fn push_then_pull_copies_every_revision_and_resumes_from_the_checkpoint() {
    let server = Server::start();
    create(&server, "texts");
    let mut ana = LocalDb::default();
    for i in 0..25 {
        ana.put(
            &format!("doc-{i:02}"),
            json!({"text": format!("text {i} 日本 😀")}),
        );
    }
    let pushed = run(&server, Some(ADMIN), &mut ana, Direction::Push, "texts", 10).unwrap();
    assert_eq!((pushed.docs, pushed.checkpoint.as_str()), (25, "25"));
    let info = server.send(&get("/texts"), Some(ADMIN));
    assert_eq!(info.body["doc_count"], 25);

    let mut ben = LocalDb::default();
    let pulled = run(&server, Some(ADMIN), &mut ben, Direction::Pull, "texts", 10).unwrap();
    assert_eq!(pulled.docs, 25);
    for (id, doc) in ana.docs() {
        assert_eq!(ben.get(id).unwrap().winner(), doc.winner(), "{id}");
    }
    // One edit later, each side copies that one only.
    ana.put("doc-03", json!({"text": "changed"}));
    let again = run(&server, Some(ADMIN), &mut ana, Direction::Push, "texts", 10).unwrap();
    assert_eq!((again.docs, again.checkpoint.as_str()), (1, "26"));
    let again = run(&server, Some(ADMIN), &mut ben, Direction::Pull, "texts", 10).unwrap();
    assert_eq!(again.docs, 1);
    assert_eq!(ben.get("doc-03").unwrap().winner().body["text"], "changed");
    // Nothing new: nothing copied.
    let idle = run(&server, Some(ADMIN), &mut ben, Direction::Pull, "texts", 10).unwrap();
    assert_eq!(idle.docs, 0);
}

#[test]
fn two_offline_edits_make_a_conflict_that_both_sides_keep() {
    let server = Server::start();
    create(&server, "gold");
    let mut laptop = LocalDb::default();
    laptop.put("gold-1", json!({"spans": 1}));
    run(
        &server,
        Some(ADMIN),
        &mut laptop,
        Direction::Push,
        "gold",
        50,
    )
    .unwrap();
    let mut desktop = LocalDb::default();
    run(
        &server,
        Some(ADMIN),
        &mut desktop,
        Direction::Pull,
        "gold",
        50,
    )
    .unwrap();
    // Both edit offline, then sync.
    laptop.put("gold-1", json!({"spans": 2}));
    desktop.put("gold-1", json!({"spans": 3}));
    for db in [&mut laptop, &mut desktop] {
        run(&server, Some(ADMIN), db, Direction::Push, "gold", 50).unwrap();
    }
    for db in [&mut laptop, &mut desktop] {
        run(&server, Some(ADMIN), db, Direction::Pull, "gold", 50).unwrap();
    }
    let (a, b) = (
        laptop.get("gold-1").unwrap(),
        desktop.get("gold-1").unwrap(),
    );
    assert_eq!(a.leaves.len(), 2, "nothing dropped");
    assert_eq!(a.winner().rev, b.winner().rev, "the same winner on both");
    // The server shows the same winner, and the other as its conflict.
    let doc = server.send(&get("/gold/gold-1?conflicts=true"), Some(ADMIN));
    assert_eq!(doc.body["_rev"], a.winner().rev.to_string());
    assert_eq!(doc.body["_conflicts"].as_array().map(Vec::len), Some(1));
    // PouchDB, replicating the same database, finds the same revisions.
    let reference = server.pouchdb_pull("gold");
    let mut leaves: Vec<String> = a.leaves.iter().map(|l| l.rev.to_string()).collect();
    leaves.sort();
    assert_eq!(
        reference["gold-1"],
        json!({"winner": a.winner().rev.to_string(), "leaves": leaves})
    );
}

#[test]
fn what_pouchdb_writes_avow_pulls_alike() {
    let server = Server::start();
    create(&server, "shared");
    // Documents written through the server's own API (new edits, as PouchDB makes them),
    // then edited: Avow's pull and PouchDB's agree on every winner and leaf.
    for i in 0..20 {
        let created = server.send(&put(&format!("/shared/t{i}"), json!({"n": i})), Some(ADMIN));
        assert_eq!(created.status, 201);
        if i % 3 == 0 {
            let rev = created.body["rev"].as_str().unwrap().to_string();
            let edit = put(&format!("/shared/t{i}"), json!({"n": i * 10, "_rev": rev}));
            assert_eq!(server.send(&edit, Some(ADMIN)).status, 201);
        }
    }
    let mut local = LocalDb::default();
    let stats = run(
        &server,
        Some(ADMIN),
        &mut local,
        Direction::Pull,
        "shared",
        7,
    )
    .unwrap();
    assert_eq!(stats.docs, 20);
    let reference = server.pouchdb_pull("shared");
    for (id, doc) in local.docs() {
        assert_eq!(
            reference[id]["winner"],
            doc.winner().rev.to_string(),
            "{id}"
        );
    }
    assert_eq!(reference.as_object().map(|o| o.len()), Some(20));
}

#[test]
fn the_server_refusing_is_said_not_swallowed() {
    let server = Server::start();
    create(&server, "ana");
    // Only ana's own documents: the validation refuses the rest.
    let validate = "function (doc) { if (doc.annotator !== 'ana') { throw({forbidden: 'only ana writes her version'}); } }";
    let design = put(
        "/ana/_design/avow",
        json!({"validate_doc_update": validate}),
    );
    assert_eq!(server.send(&design, Some(ADMIN)).status, 201);
    let mut local = LocalDb::default();
    local.put("v-1", json!({"annotator": "ana"}));
    local.put("v-2", json!({"annotator": "ben"}));
    let stats = run(&server, Some(ADMIN), &mut local, Direction::Push, "ana", 50).unwrap();
    assert_eq!(stats.docs, 1);
    assert_eq!(stats.refused.len(), 1, "{stats:?}");
    assert!(stats.refused[0].1.contains("only ana"), "{stats:?}");
    // A wrong password: logged out, in words.
    let error = run(
        &server,
        Some(("admin", "wrong")),
        &mut local,
        Direction::Pull,
        "ana",
        50,
    )
    .unwrap_err();
    assert_eq!(error, SyncError::LoggedOut);
    assert!(error.to_string().contains("log in again"));
}

#[test]
fn ten_thousand_documents_come_down_in_batches() {
    let server = Server::start();
    create(&server, "big");
    let mut source = LocalDb::default();
    for i in 0..10_000 {
        source.put(&format!("d{i:05}"), json!({"n": i}));
    }
    let pushed = run(
        &server,
        Some(ADMIN),
        &mut source,
        Direction::Push,
        "big",
        1000,
    )
    .unwrap();
    assert_eq!(pushed.docs, 10_000);
    let mut copy = LocalDb::default();
    let pulled = run(
        &server,
        Some(ADMIN),
        &mut copy,
        Direction::Pull,
        "big",
        1000,
    )
    .unwrap();
    assert_eq!(pulled.docs, 10_000);
    assert_eq!(copy.docs().count(), 10_000);
}

#[test]
fn a_project_keeps_annotation_blind_and_each_version_its_annotators() {
    use super::project::{create, Project};
    let server = Server::start();
    let project = Project::new("treaties").unwrap();
    let team = [
        ("ana".to_string(), "pw-a".to_string()),
        ("ben".to_string(), "pw-b".to_string()),
    ];
    for request in create(&project, ADMIN.0, &team) {
        let answer = server.send(&request, Some(ADMIN));
        assert!(answer.status < 300, "{request:?}: {answer:?}");
    }
    let ana = Some(("ana", "pw-a"));
    let ben = Some(("ben", "pw-b"));
    let (ana_db, ben_db) = (project.annotator_db("ana"), project.annotator_db("ben"));
    // The lead shares a text; both read it; neither writes it.
    let mut lead = LocalDb::default();
    lead.put("text-1", json!({"text": "The two leaders met."}));
    run(
        &server,
        Some(ADMIN),
        &mut lead,
        Direction::Push,
        &project.texts_db(),
        50,
    )
    .unwrap();
    let mut ana_texts = LocalDb::default();
    let pulled = run(
        &server,
        ana,
        &mut ana_texts,
        Direction::Pull,
        &project.texts_db(),
        50,
    )
    .unwrap();
    assert_eq!(pulled.docs, 1);
    ana_texts.put("text-1", json!({"text": "changed"}));
    let refused = run(
        &server,
        ana,
        &mut ana_texts,
        Direction::Push,
        &project.texts_db(),
        50,
    )
    .unwrap();
    assert_eq!(refused.docs, 0);
    assert!(
        refused.refused[0].1.contains("only the lead"),
        "{refused:?}"
    );
    // Ana writes her version as herself; not as ben, and not in ben's database.
    let mut mine = LocalDb::default();
    mine.put("v-text-1", json!({"annotator": "ana", "spans": 3}));
    mine.put("v-forged", json!({"annotator": "ben", "spans": 0}));
    let pushed = run(&server, ana, &mut mine, Direction::Push, &ana_db, 50).unwrap();
    assert_eq!(pushed.docs, 1, "{pushed:?}");
    assert!(pushed.refused[0].1.contains("names ana"), "{pushed:?}");
    let mut theirs = LocalDb::default();
    theirs.put("v-text-1", json!({"annotator": "ana"}));
    assert!(run(&server, ana, &mut theirs, Direction::Push, &ben_db, 50).is_err());
    // Blind: ben cannot read ana's versions; the lead reads both.
    assert!(run(
        &server,
        ben,
        &mut LocalDb::default(),
        Direction::Pull,
        &ana_db,
        50
    )
    .is_err());
    let mut watching = LocalDb::default();
    let seen = run(
        &server,
        Some(ADMIN),
        &mut watching,
        Direction::Pull,
        &ana_db,
        50,
    )
    .unwrap();
    assert_eq!(seen.docs, 1);
    assert_eq!(watching.get("v-text-1").unwrap().winner().body["spans"], 3);
}

//! Reading and writing Avow's records in IndexedDB as `core::storage` plans them: a document
//! (where this build keeps it, else where an earlier build did), the workspace at start, and the
//! one-time move of the v1 localStorage entries.

use crate::browser::idb::{Batch, Db, DbError};
use crate::core::storage::entry::{shared_keys, Damaged};
use crate::core::storage::keys::{DocKeys, DAMAGED_RECORD, INDEX_KEY, MIGRATED_KEY, REV_PREFIX};
use crate::core::storage::migrate::{migrate_v1, verify};
use crate::core::storage::open::{document_from_records, Opening, Read};
use crate::core::storage::plan::Write;
use crate::core::workspace::Workspace;

/// A document's records read in one transaction: `Ok(None)` when it is not stored, `Err`
/// (the entry kept as it is) when it cannot be read.
pub async fn read_document(db: &Db, id: &str) -> Result<Option<Read>, Damaged> {
    let (keys, raw, parts) = read_records(db, id).await.map_err(|e| Damaged {
        key: DocKeys::of(id).doc,
        raw: String::new(),
        reason: e.to_string(),
    })?;
    document_from_records(&keys, raw, &parts)
}

/// A document's records, in one transaction: where this build keeps it, else where an
/// earlier build did (see `DocKeys::legacy`).
async fn read_records(
    db: &Db,
    id: &str,
) -> Result<(DocKeys, Option<String>, Vec<(String, String)>), DbError> {
    let keys = DocKeys::of(id);
    let (raw, parts) = db
        .get_with_prefix(&keys.doc, &keys.parts_prefix, shared_keys)
        .await?;
    if raw.is_none() {
        if let Some(legacy) = DocKeys::legacy(id) {
            let (raw, parts) = db
                .get_with_prefix(&legacy.doc, &legacy.parts_prefix, shared_keys)
                .await?;
            if raw.is_some() {
                return Ok((legacy, raw, parts));
            }
        }
    }
    Ok((keys, raw, parts))
}

/// Moves the v1 localStorage entries into IndexedDB, once: written in one transaction, read
/// back and compared, and only then marked migrated. The old entries stay. Gives what to
/// tell the user.
pub async fn migrate(
    db: &Db,
    snapshot: &[(String, String)],
    now: i64,
) -> Result<Vec<String>, String> {
    if db
        .get(MIGRATED_KEY)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(Vec::new());
    }
    let mut messages = Vec::new();
    if let Some(migration) = migrate_v1(snapshot, now) {
        let writes: Vec<Write> = migration
            .records
            .iter()
            .map(|(k, v)| Write::Put(k.clone(), v.clone()))
            .collect();
        db.write(Batch::from(writes))
            .await
            .map_err(|e| e.to_string())?;
        let keys: Vec<String> = migration.records.iter().map(|(k, _)| k.clone()).collect();
        let back = db.get_many(&keys).await.map_err(|e| e.to_string())?;
        verify(&migration.records, &back)?;
        messages = migration.messages;
    }
    let mut done = Batch::default();
    done.put(MIGRATED_KEY, now.to_string());
    db.write(done).await.map_err(|e| e.to_string())?;
    Ok(messages)
}

/// Reads the workspace (see `core::storage::open::Opening`): the index with every summary, the
/// revisions and the damaged entries' listings, then the open document alone (the first
/// readable one if it is not). `None` when nothing is stored.
pub async fn open_workspace(db: &Db) -> Result<Option<(Workspace, Opening)>, DbError> {
    let index = db.get(INDEX_KEY).await?;
    let revisions = db.get_prefix(REV_PREFIX).await?;
    let damaged = db.get_prefix(DAMAGED_RECORD).await?;
    let Some(mut opening) = Opening::plan(index.as_deref(), &revisions, &damaged) else {
        return Ok(None);
    };
    while let Some(id) = opening.next_to_read() {
        let (keys, raw, parts) = read_records(db, &id).await?;
        opening.take(&id, &keys, raw, &parts);
    }
    Ok(opening.finish())
}

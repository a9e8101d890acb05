//! The IndexedDB backend in Chromium: records written in one transaction read back exactly,
//! by key and by prefix; deletes by prefix; two connections see each other's writes, and a
//! checked write reads what the other connection committed before it decides.
#![cfg(target_arch = "wasm32")]

use avow::browser::idb::{delete_database, Batch, Db};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh database of its own for each test.
async fn fresh(name: &str) -> Db {
    let _ = delete_database(name).await;
    Db::open_named(name).await.expect("IndexedDB opens")
}

#[wasm_bindgen_test]
async fn a_batch_reads_back_by_key_and_by_prefix() {
    let db = fresh("avow-test-batch").await;
    let big = "x".repeat(3_000_000);
    let mut batch = Batch::default();
    batch.put("avow:v1:doc:a", "{\"a\":1}");
    batch.put("avow:v1:part:a:h1", big.clone());
    batch.put("avow:v1:part:a:t1", "\"text ☃ 𝄞\"");
    batch.put("avow:v1:part:b:h1", "other");
    db.write(batch).await.unwrap();
    assert_eq!(
        db.get("avow:v1:doc:a").await.unwrap().as_deref(),
        Some("{\"a\":1}")
    );
    assert_eq!(db.get("avow:v1:doc:zz").await.unwrap(), None);
    let parts = db.get_prefix("avow:v1:part:a:").await.unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0], ("avow:v1:part:a:h1".to_string(), big));
    assert_eq!(parts[1].1, "\"text ☃ 𝄞\"");
    let many = db
        .get_many(&["avow:v1:doc:a".into(), "nope".into()])
        .await
        .unwrap();
    assert_eq!(many, vec![Some("{\"a\":1}".to_string()), None]);

    let mut removal = Batch::from(vec![avow::core::storage::plan::Write::DeletePrefix(
        "avow:v1:part:a:".into(),
    )]);
    removal.delete("avow:v1:doc:a");
    db.write(removal).await.unwrap();
    assert!(db.get_prefix("avow:v1:part:a:").await.unwrap().is_empty());
    assert_eq!(
        db.get_prefix("avow:v1:part:").await.unwrap().len(),
        1,
        "b's part stays"
    );
    assert_eq!(db.get("avow:v1:doc:a").await.unwrap(), None);
    db.close();
}

#[wasm_bindgen_test]
async fn two_connections_see_each_others_writes_and_a_checked_write_reads_first() {
    let first = fresh("avow-test-two").await;
    let second = Db::open_named("avow-test-two").await.unwrap();
    let mut batch = Batch::default();
    batch.put("avow:v1:rev:a", "1");
    first.write(batch).await.unwrap();
    assert_eq!(
        second.get("avow:v1:rev:a").await.unwrap().as_deref(),
        Some("1")
    );

    // The second connection saves revision 2; the first, still at 1, must see that.
    let mut newer = Batch::default();
    newer.put("avow:v1:rev:a", "2");
    second.write(newer).await.unwrap();
    let mut stale = Batch::default();
    stale.put("avow:v1:rev:a", "2");
    stale.put("avow:v1:doc:a", "mine");
    let wrote = first
        .write_checked(stale, vec!["avow:v1:rev:a".into()], |read| {
            read[0].as_deref() == Some("1")
        })
        .await
        .unwrap();
    assert!(!wrote, "the stored revision moved on: nothing is written");
    assert_eq!(first.get("avow:v1:doc:a").await.unwrap(), None);

    let mut fresh_write = Batch::default();
    fresh_write.put("avow:v1:rev:a", "3");
    fresh_write.put("avow:v1:doc:a", "mine");
    let wrote = first
        .write_checked(fresh_write, vec!["avow:v1:rev:a".into()], |read| {
            read[0].as_deref() == Some("2")
        })
        .await
        .unwrap();
    assert!(wrote);
    assert_eq!(
        second.get("avow:v1:doc:a").await.unwrap().as_deref(),
        Some("mine")
    );
    first.close();
    second.close();
}

/// Makes the browser refuse the `n`th put from now with a quota error, as a full disk does
/// (the real quota cannot be lowered from inside a page; the end-to-end test lowers it
/// through the DevTools protocol); `restore` puts the browser's own put back.
fn refuse_put_after(n: u32) {
    let patch = js_sys::Function::new_with_args(
        "n",
        "const put = IDBObjectStore.prototype.put; window.__avowPut = put; let left = n;
         IDBObjectStore.prototype.put = function (...args) {
           if (left-- <= 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
           return put.apply(this, args);
         };",
    );
    patch
        .call1(&wasm_bindgen::JsValue::NULL, &n.into())
        .unwrap();
}

fn restore_put() {
    js_sys::Function::new_no_args("IDBObjectStore.prototype.put = window.__avowPut;")
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_quota_error_is_full_and_leaves_nothing_of_the_batch() {
    use avow::browser::idb::DbError;
    let db = fresh("avow-test-quota").await;
    let mut old = Batch::default();
    old.put("avow:v1:doc:a", "old");
    db.write(old).await.unwrap();

    refuse_put_after(2);
    let mut batch = Batch::default();
    batch.put("avow:v1:part:a:1", "new part");
    batch.put("avow:v1:doc:a", "new");
    batch.put("avow:v1:rev:a", "2");
    let result = db.write(batch).await;
    restore_put();
    assert_eq!(result, Err(DbError::Full));
    // One transaction: the puts made before the refusal are undone too.
    assert_eq!(
        db.get("avow:v1:doc:a").await.unwrap().as_deref(),
        Some("old")
    );
    assert_eq!(db.get("avow:v1:part:a:1").await.unwrap(), None);

    // With room again the same write goes through.
    let mut again = Batch::default();
    again.put("avow:v1:doc:a", "new");
    db.write(again).await.unwrap();
    assert_eq!(
        db.get("avow:v1:doc:a").await.unwrap().as_deref(),
        Some("new")
    );
    db.close();
}

#[wasm_bindgen_test]
async fn a_document_reads_with_its_shared_text_and_a_text_goes_only_when_unnamed() {
    let db = fresh("avow-test-shared").await;
    let manifest = "{\"storage\":\"avow\",\"version\":1,\"parts\":[\"h1\",\"Tabc\",\"g1\"]}";
    let mut batch = Batch::default();
    batch.put("avow:v1:doc:a", manifest);
    batch.put("avow:v1:doc:b", manifest);
    batch.put("avow:v1:part:a:h1", "head");
    batch.put("avow:v1:text:abc", "\"the text\"");
    batch.put("avow:v1:text:old", "\"no one's\"");
    db.write(batch).await.unwrap();
    // One transaction gives the manifest, the document's parts and the text it names.
    let (raw, parts) = db
        .get_with_prefix(
            "avow:v1:doc:a",
            "avow:v1:part:a:",
            avow::core::storage::entry::shared_keys,
        )
        .await
        .unwrap();
    assert_eq!(raw.as_deref(), Some(manifest));
    assert_eq!(
        parts,
        vec![
            ("avow:v1:part:a:h1".to_string(), "head".to_string()),
            ("avow:v1:text:abc".to_string(), "\"the text\"".to_string()),
        ]
    );
    // Both texts released: the one the manifests still name stays.
    let released = vec![
        "avow:v1:text:abc".to_string(),
        "avow:v1:text:old".to_string(),
    ];
    let gone = db
        .delete_picked("avow:v1:doc:", |manifests| {
            avow::core::storage::plan::unreferenced(&released, manifests)
        })
        .await
        .unwrap();
    assert_eq!(gone, 1);
    assert!(db.get("avow:v1:text:abc").await.unwrap().is_some());
    assert_eq!(db.get("avow:v1:text:old").await.unwrap(), None);
    db.close();
}

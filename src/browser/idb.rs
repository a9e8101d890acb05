//! IndexedDB through web-sys, as Avow uses it: one object store of string keys and string
//! values (the same keys the localStorage layout had), read by key or by key prefix, and
//! written in batches, each batch one transaction: a tab closed mid-save leaves the old
//! version or the new one, never a mix.

use js_sys::{Array, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbObjectStore, IdbRequest, IdbTransactionMode};

/// The database's name and its single object store's.
pub const DB_NAME: &str = "avow";
const STORE: &str = "kv";
const DB_VERSION: u32 = 1;

/// Why a read or a write failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbError {
    /// The browser's quota for this site is used up.
    Full,
    /// The connection ended (see [`Lost`]).
    Gone(Lost),
    /// IndexedDB is unavailable (some private modes) or failed otherwise.
    Other(String),
}

impl DbError {
    fn from_js(error: &JsValue) -> Self {
        let field = |name: &str| {
            js_sys::Reflect::get(error, &name.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let name = field("name");
        if name == "QuotaExceededError" {
            DbError::Full
        } else if name.is_empty() {
            DbError::Other(error.as_string().unwrap_or_else(|| "unknown error".into()))
        } else {
            DbError::Other(format!("{name}: {}", field("message")))
        }
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Full => write!(f, "storage is full"),
            DbError::Gone(Lost::Upgraded) => {
                write!(
                    f,
                    "a newer version of Avow in another tab took over the database"
                )
            }
            DbError::Gone(_) => write!(f, "this browser's storage for Avow was cleared"),
            DbError::Other(why) => write!(f, "{why}"),
        }
    }
}

/// A batch of writes: puts and deletes, done in one transaction, in order.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    ops: Vec<Op>,
}

use crate::core::storage::plan::Write as Op;

impl From<Vec<Op>> for Batch {
    /// The writes a save plans (`core::storage::plan::plan_save`).
    fn from(ops: Vec<Op>) -> Self {
        Self { ops }
    }
}

impl Batch {
    /// Stores `value` under `key`.
    pub fn put(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.ops.push(Op::Put(key.into(), value.into()));
    }

    /// Removes `key`.
    pub fn delete(&mut self, key: impl Into<String>) {
        self.ops.push(Op::Delete(key.into()));
    }

    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// The key range of every key starting with `prefix`.
fn prefix_range(prefix: &str) -> Result<IdbKeyRange, DbError> {
    // Keys are compared by UTF-16 code unit; U+FFFF sorts after every other unit.
    let upper = format!("{prefix}\u{ffff}");
    IdbKeyRange::bound_with_lower_open_and_upper_open(&prefix.into(), &upper.into(), false, true)
        .map_err(|e| DbError::from_js(&e))
}

/// A request's result, once it succeeds.
async fn request(request: IdbRequest) -> Result<JsValue, DbError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::from_str("request failed"), JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| DbError::from_js(&e))
}

/// A handler that rejects with the transaction's error (`fallback` when it has none).
fn reject_with_error(
    transaction: &web_sys::IdbTransaction,
    reject: &js_sys::Function,
    fallback: &'static str,
) -> JsValue {
    let (transaction, reject) = (transaction.clone(), reject.clone());
    Closure::once_into_js(move || {
        let error = transaction
            .error()
            .map_or(JsValue::from_str(fallback), JsValue::from);
        let _ = reject.call1(&JsValue::NULL, &error);
    })
}

/// Why an open connection ended without the page asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lost {
    /// The database was deleted (site data cleared, or deleted from another tab or the
    /// browser's tools).
    Deleted,
    /// A newer version of Avow in another tab upgrades it.
    Upgraded,
    /// The browser closed the connection (its storage was cleared or failed).
    Closed,
}

type LostHook = Rc<RefCell<Option<Box<dyn Fn(Lost)>>>>;

/// An open connection.
#[derive(Clone)]
pub struct Db {
    db: IdbDatabase,
    /// Set when the connection ended without the page asking (see [`Lost`]).
    closed: Rc<RefCell<Option<Lost>>>,
    /// Told at once when that happens.
    on_lost: LostHook,
}

impl Db {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<Db, DbError> {
        Self::open_named(DB_NAME).await
    }

    /// Opens a database of this name (tests use their own).
    pub async fn open_named(name: &str) -> Result<Db, DbError> {
        let db = Self::open_version(name, DB_VERSION).await?;
        if db.db.object_store_names().contains(STORE) {
            return Ok(db);
        }
        // A database of this name without the store (made by something else): a version
        // more creates it.
        let version = db.db.version() as u32 + 1;
        db.close();
        Self::open_version(name, version).await
    }

    async fn open_version(name: &str, version: u32) -> Result<Db, DbError> {
        let factory = web_sys::window()
            .ok_or_else(|| DbError::Other("no window".into()))?
            .indexed_db()
            .map_err(|e| DbError::from_js(&e))?
            .ok_or_else(|| DbError::Other("IndexedDB is not available".into()))?;
        let open = factory
            .open_with_u32(name, version)
            .map_err(|e| DbError::from_js(&e))?;
        let upgrading = open.clone();
        let on_upgrade = Closure::once_into_js(move || {
            if let Ok(db) = upgrading.result() {
                let db: IdbDatabase = db.unchecked_into();
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        });
        open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let db: IdbDatabase = request(open.into()).await?.unchecked_into();
        let closed = Rc::new(RefCell::new(None));
        let on_lost: LostHook = Rc::new(RefCell::new(None));
        let lose = {
            let (closed, on_lost) = (closed.clone(), on_lost.clone());
            move |why: Lost| {
                if closed.borrow().is_some() {
                    return;
                }
                *closed.borrow_mut() = Some(why);
                if let Some(hook) = on_lost.borrow().as_ref() {
                    hook(why);
                }
            }
        };
        // Another connection deletes or upgrades the database: this one gives way at once.
        let closing = db.clone();
        let on_version_change = {
            let lose = lose.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let upgrade = js_sys::Reflect::get(&event, &"newVersion".into())
                    .is_ok_and(|v| !v.is_null() && !v.is_undefined());
                closing.close();
                lose(if upgrade {
                    Lost::Upgraded
                } else {
                    Lost::Deleted
                });
            })
        };
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        on_version_change.forget();
        // The browser closed it (its storage was cleared): fired only when not asked for.
        let on_close = Closure::<dyn FnMut()>::new(move || lose(Lost::Closed));
        db.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();
        Ok(Db {
            db,
            closed,
            on_lost,
        })
    }

    /// Calls `hook` once if the connection ends without the page asking (see [`Lost`]).
    pub fn on_lost(&self, hook: impl Fn(Lost) + 'static) {
        *self.on_lost.borrow_mut() = Some(Box::new(hook));
    }

    /// Why the connection ended, if it did without the page asking.
    pub fn lost(&self) -> Option<Lost> {
        *self.closed.borrow()
    }

    fn store(&self, mode: IdbTransactionMode) -> Result<IdbObjectStore, DbError> {
        if let Some(why) = *self.closed.borrow() {
            return Err(DbError::Gone(why));
        }
        self.db
            .transaction_with_str_and_mode(STORE, mode)
            .and_then(|t| t.object_store(STORE))
            .map_err(|e| DbError::from_js(&e))
    }

    /// The value stored under `key`.
    pub async fn get(&self, key: &str) -> Result<Option<String>, DbError> {
        let store = self.store(IdbTransactionMode::Readonly)?;
        let value = request(store.get(&key.into()).map_err(|e| DbError::from_js(&e))?).await?;
        Ok(value.as_string())
    }

    /// Several values, read in one transaction (so they agree with each other).
    pub async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<String>>, DbError> {
        let store = self.store(IdbTransactionMode::Readonly)?;
        let requests: Vec<IdbRequest> = keys
            .iter()
            .map(|key| store.get(&key.into()).map_err(|e| DbError::from_js(&e)))
            .collect::<Result<_, _>>()?;
        let mut values = Vec::with_capacity(keys.len());
        for r in requests {
            values.push(request(r).await?.as_string());
        }
        Ok(values)
    }

    /// Every `(key, value)` whose key starts with `prefix`, in key order.
    pub async fn get_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>, DbError> {
        let store = self.store(IdbTransactionMode::Readonly)?;
        prefix_records(&store, prefix)?.await
    }

    /// The value under `key`, every record under `prefix`, and the records `shared` names
    /// in the value, read in one transaction (a document's manifest, its own parts and the
    /// text it shares with its other versions agree with each other).
    pub async fn get_with_prefix(
        &self,
        key: &str,
        prefix: &str,
        shared: impl Fn(&str) -> Vec<String>,
    ) -> Result<(Option<String>, Vec<(String, String)>), DbError> {
        let store = self.store(IdbTransactionMode::Readonly)?;
        let value = store.get(&key.into()).map_err(|e| DbError::from_js(&e))?;
        let records = prefix_records(&store, prefix)?;
        let value = request(value).await?.as_string();
        // Asked for as the value arrives, while the transaction is still active.
        let keys = value.as_deref().map(shared).unwrap_or_default();
        let requests: Vec<IdbRequest> = keys
            .iter()
            .map(|key| store.get(&key.into()).map_err(|e| DbError::from_js(&e)))
            .collect::<Result<_, _>>()?;
        let mut records = records.await?;
        for (key, r) in keys.into_iter().zip(requests) {
            if let Some(text) = request(r).await?.as_string() {
                records.push((key, text));
            }
        }
        Ok((value, records))
    }

    /// Reads every record under `prefix` and deletes the keys `pick` makes of them, in one
    /// transaction, so that no other tab's save can come between. Returns how many went.
    pub async fn delete_picked(
        &self,
        prefix: &str,
        pick: impl FnOnce(&[(String, String)]) -> Vec<String>,
    ) -> Result<usize, DbError> {
        self.delete_picked_keys(prefix, &[], |records, _| pick(records))
            .await
    }

    /// Reads every record under `values_under` and every key under each of `keys_under`, and
    /// deletes the keys `pick` makes of them, in one transaction (no other tab's save can come
    /// between). Returns how many went.
    pub async fn delete_picked_keys(
        &self,
        values_under: &str,
        keys_under: &[&str],
        pick: impl FnOnce(&[(String, String)], &[String]) -> Vec<String>,
    ) -> Result<usize, DbError> {
        let store = self.store(IdbTransactionMode::Readwrite)?;
        let finished = finished(&store.transaction());
        let records = prefix_records(&store, values_under)?;
        let mut key_requests = Vec::new();
        for prefix in keys_under {
            let range = prefix_range(prefix)?;
            key_requests.push(
                store
                    .get_all_keys_with_key(&range)
                    .map_err(|e| DbError::from_js(&e))?,
            );
        }
        let records = records.await?;
        let mut keys = Vec::new();
        for r in key_requests {
            let found: Array = request(r).await?.unchecked_into();
            keys.extend(found.iter().filter_map(|k| k.as_string()));
        }
        let gone = pick(&records, &keys);
        for key in &gone {
            store
                .delete(&key.into())
                .map_err(|e| DbError::from_js(&e))?;
        }
        JsFuture::from(finished)
            .await
            .map_err(|e| DbError::from_js(&e))?;
        Ok(gone.len())
    }

    /// Writes a batch in one transaction; done when the transaction has committed.
    pub async fn write(&self, batch: Batch) -> Result<(), DbError> {
        self.write_checked(batch, Vec::new(), |_| true)
            .await
            .map(|_| ())
    }

    /// Reads `checks` and then, in the same transaction, writes the batch `decide` makes of
    /// what was read (`decide` gets the values and says whether to write at all). So a
    /// revision read and the write that depends on it cannot be split by another tab's save.
    /// Returns whether it wrote.
    pub async fn write_checked(
        &self,
        batch: Batch,
        checks: Vec<String>,
        decide: impl FnOnce(&[Option<String>]) -> bool,
    ) -> Result<bool, DbError> {
        let store = self.store(IdbTransactionMode::Readwrite)?;
        let transaction = store.transaction();
        let finished = finished(&transaction);
        let mut read = Vec::with_capacity(checks.len());
        if !checks.is_empty() {
            let requests: Vec<IdbRequest> = checks
                .iter()
                .map(|key| store.get(&key.into()).map_err(|e| DbError::from_js(&e)))
                .collect::<Result<_, _>>()?;
            // The transaction stays active while its requests' results are handled: the
            // futures below resume in the same microtask checkpoint as the success event.
            for r in requests {
                read.push(request(r).await?.as_string());
            }
        }
        let write = decide(&read);
        let putting = crate::browser::timing::now();
        if write {
            apply(&store, &transaction, batch.ops)?;
        }
        crate::browser::timing::measure("avow-save-put", putting);
        JsFuture::from(finished)
            .await
            .map_err(|e| DbError::from_js(&e))?;
        Ok(write)
    }

    /// Reads `key` and then, in the same transaction, writes the batch and what `edit` makes
    /// of the value read (`None`: left as it is). Done when it has committed.
    pub async fn write_editing(
        &self,
        mut batch: Batch,
        key: &str,
        edit: impl FnOnce(Option<String>) -> Option<String>,
    ) -> Result<(), DbError> {
        let store = self.store(IdbTransactionMode::Readwrite)?;
        let transaction = store.transaction();
        let finished = finished(&transaction);
        let read = request(store.get(&key.into()).map_err(|e| DbError::from_js(&e))?)
            .await?
            .as_string();
        if let Some(value) = edit(read) {
            batch.put(key, value);
        }
        apply(&store, &transaction, batch.ops)?;
        JsFuture::from(finished)
            .await
            .map_err(|e| DbError::from_js(&e))?;
        Ok(())
    }

    /// Closes the connection (tests).
    pub fn close(&self) {
        self.db.close();
    }
}

/// Asks for each write in `store`'s transaction, in order (the transaction is aborted at the
/// first refused).
fn apply(
    store: &IdbObjectStore,
    transaction: &web_sys::IdbTransaction,
    ops: Vec<Op>,
) -> Result<(), DbError> {
    for op in ops {
        let done = match op {
            Op::Put(key, value) => store.put_with_key(&value.into(), &key.into()).map(drop),
            Op::Delete(key) => store.delete(&key.into()).map(drop),
            Op::DeletePrefix(prefix) => store.delete(&prefix_range(&prefix)?.into()).map(drop),
        };
        if let Err(error) = done {
            let _ = transaction.abort();
            return Err(DbError::from_js(&error));
        }
    }
    Ok(())
}

/// Settles when `transaction` has committed (fails when it fails or is aborted).
fn finished(transaction: &web_sys::IdbTransaction) -> Promise {
    Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = reject_with_error(transaction, &reject, "transaction failed");
        let on_abort = reject_with_error(transaction, &reject, "AbortError");
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.unchecked_ref()));
        transaction.set_onabort(Some(on_abort.unchecked_ref()));
    })
}

/// Asks for every `(key, value)` under `prefix` in the store's transaction; the future gives
/// them in key order.
fn prefix_records(
    store: &IdbObjectStore,
    prefix: &str,
) -> Result<impl std::future::Future<Output = Result<Vec<(String, String)>, DbError>>, DbError> {
    let range = prefix_range(prefix)?;
    let keys = store
        .get_all_keys_with_key(&range)
        .map_err(|e| DbError::from_js(&e))?;
    let values = store
        .get_all_with_key(&range)
        .map_err(|e| DbError::from_js(&e))?;
    Ok(async move {
        let keys: Array = request(keys).await?.unchecked_into();
        let values: Array = request(values).await?.unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    })
}

/// Deletes a database (tests).
pub async fn delete_database(name: &str) -> Result<(), DbError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| DbError::Other("IndexedDB is not available".into()))?;
    let r = factory
        .delete_database(name)
        .map_err(|e| DbError::from_js(&e))?;
    request(r.into()).await.map(drop)
}

//! Glue to the page's APIs: files in and out, IndexedDB and local storage, the service worker,
//! quota, timing and the crash screen. It depends on the core alone; the components call it.

pub mod crash;
pub mod download;
pub mod events;
pub mod files;
pub mod idb;
pub mod locks;
pub mod offline;
pub mod quota;
pub mod storage;
pub mod stored;
pub mod timing;

//! Glue to the page: the DOM selection as code points, files in and out, local storage. Kept
//! apart from the core (no DOM types there) and from the components (which only call these).

pub mod crash;
pub mod download;
pub mod events;
pub mod files;
pub mod idb;
pub mod offline;
pub mod quota;
pub mod rows;
pub mod selection;
pub mod storage;
pub mod timing;

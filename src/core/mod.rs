//! The domain: schema, texts, annotations, agreement, adjudication, formats and storage, as
//! pure Rust with no DOM or Leptos types, tested natively with `cargo test`.

pub mod adjudication;
pub mod agreement;
pub mod annotation;
pub mod dataset;
pub mod formats;
pub mod schema;
pub mod sort;
pub mod storage;
pub mod sync;
pub mod text;
pub mod time;
pub mod workspace;

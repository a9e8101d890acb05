//! Adjudication: annotators' versions of a text aligned into units on a board, each decided
//! into the gold version (whose record is `annotation::gold`).

pub mod board;

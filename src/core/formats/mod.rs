//! File formats: Avow's own, and (later) those of the tools Avow trades files with.

pub mod avow;

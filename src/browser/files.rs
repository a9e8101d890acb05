//! Files in: reading a picked or dropped file's bytes exactly.

use web_sys::File;

/// A file's name and raw bytes (the core's type: format detection reads it).
pub use crate::core::formats::detect::NamedFile as LoadedFile;

/// Reads a file's bytes (no decoding: the core decides whether they are text).
pub async fn read_file(file: File) -> Result<LoadedFile, String> {
    let name = file.name();
    let blob = gloo::file::Blob::from(file);
    gloo_file::futures::read_as_bytes(&blob)
        .await
        .map(|bytes| LoadedFile {
            name: name.clone(),
            bytes,
        })
        .map_err(|e| format!("{name}: could not be read ({e})"))
}

/// The files of a file list (from an `<input type=file>` or a drop).
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

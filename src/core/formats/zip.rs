//! ZIP archives, for brat folders and for downloading several files as one. Entries are written
//! deflated (stored when deflate does not make them smaller) and read stored or deflated, as every
//! zip tool writes them. Reading goes by the central directory, so entries written with data
//! descriptors (flag bit 3, sizes after the data) read like any other. It refuses, with the entry
//! and the reason: a truncated or damaged archive, an entry whose CRC-32 does not match, an
//! encrypted entry or another compression method, names that climb out of the folder (`..`) or
//! are absolute, and sizes past the caps below (declared or real), so a zip bomb is refused
//! before it fills memory.

use super::deflate::Compressor;
use super::inflate::{InflateError, Inflater};
use super::{fail, FormatError, OutFile};

/// The CRC-32 table (IEEE 802.3, reflected), built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

#[cfg(all(test, not(target_arch = "wasm32")))]
fn crc32(bytes: &[u8]) -> u32 {
    !crc32_update(0xFFFF_FFFF, bytes)
}

/// A CRC-32 under way (before its final inversion) carried over `bytes`.
fn crc32_update(mut crc: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        crc = (crc >> 8) ^ CRC_TABLE[((crc ^ u32::from(b)) & 0xFF) as usize];
    }
    crc
}

/// DOS date and time of 1980-01-01 00:00 (entries carry no real time).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// General purpose flags: encrypted, sizes in a data descriptor, UTF-8 name.
const FLAG_ENCRYPTED: u16 = 0x0001;
const FLAG_UTF8: u16 = 0x0800;

/// The files as one ZIP archive, each entry deflated unless that makes it no smaller.
pub fn write(files: &[OutFile]) -> Vec<u8> {
    let mut zip = Writer::default();
    for file in files {
        zip.add(file);
    }
    zip.finish()
}

/// A ZIP archive written a file at a time, so a long export can give the page a turn between
/// files.
#[derive(Default)]
pub struct Writer {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

/// A file being compressed for a [`Writer`] a slice at a time.
pub struct Adding {
    compressor: Compressor,
    crc: u32,
}

impl Adding {
    /// The compression of `file`, not begun.
    pub fn new(file: &OutFile) -> Adding {
        Adding {
            compressor: Compressor::new(&file.bytes),
            crc: 0xFFFF_FFFF,
        }
    }

    /// Compresses about `budget` more bytes of `file`; true once all of it is.
    pub fn step(&mut self, file: &OutFile, budget: usize) -> bool {
        let from = self.compressor.position();
        let done = self.compressor.step(&file.bytes, budget);
        self.crc = crc32_update(self.crc, &file.bytes[from..self.compressor.position()]);
        done
    }

    /// How many of the file's bytes are compressed.
    pub fn position(&self) -> usize {
        self.compressor.position()
    }
}

impl Writer {
    /// Adds a file, deflated unless that makes it no smaller.
    pub fn add(&mut self, file: &OutFile) {
        let mut adding = Adding::new(file);
        while !adding.step(file, usize::MAX) {}
        self.add_compressed(file, adding);
    }

    /// Adds a file whose compression is done.
    pub fn add_compressed(&mut self, file: &OutFile, adding: Adding) {
        let offset = self.out.len() as u32;
        let crc = !adding.crc;
        let deflated = adding.compressor.finish();
        let (method, data) = if deflated.len() < file.bytes.len() {
            (DEFLATED, deflated.as_slice())
        } else {
            (STORED, file.bytes.as_slice())
        };
        let name = file.name.as_bytes();
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(signature.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(FLAG_UTF8.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend(DOS_TIME.to_le_bytes());
            h.extend(DOS_DATE.to_le_bytes());
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((file.bytes.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name);
            h
        };
        self.out.extend(header(LOCAL, false));
        self.out.extend(data);
        self.central.extend(header(CENTRAL, true));
        self.count += 1;
    }

    /// The archive: the files added, then the central directory.
    pub fn finish(self) -> Vec<u8> {
        let Writer {
            mut out,
            central,
            count,
        } = self;
        let central_offset = out.len() as u32;
        let central_size = central.len() as u32;
        out.extend(central);
        out.extend(END.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend(count.to_le_bytes());
        out.extend(count.to_le_bytes());
        out.extend(central_size.to_le_bytes());
        out.extend(central_offset.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }
}

/// Whether bytes start like a ZIP archive.
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// How much an archive may unpack to: per entry and in all. A 10 M code point text is at most
/// 40 MB of UTF-8; anything near these is a zip bomb or not a brat folder.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub entry: usize,
    pub total: usize,
    pub entries: usize,
}

/// The limits the app reads archives with.
pub const LIMITS: Limits = Limits {
    entry: 256 << 20,
    total: 512 << 20,
    entries: 10_000,
};

/// The files of a ZIP archive (directories left out), every entry checked.
pub fn read(bytes: &[u8]) -> Result<Vec<OutFile>, FormatError> {
    read_with(bytes, LIMITS)
}

fn u16_at(bytes: &[u8], i: usize) -> Option<u16> {
    bytes
        .get(i..i.checked_add(2)?)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], i: usize) -> Option<u32> {
    bytes
        .get(i..i.checked_add(4)?)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

const DAMAGED: &str =
    "is not a whole ZIP archive (it is cut short or damaged: its central directory is missing)";

/// [`read`] with other limits (tests use small ones).
pub fn read_with(bytes: &[u8], limits: Limits) -> Result<Vec<OutFile>, FormatError> {
    list_with(bytes, limits)?
        .iter()
        .map(|entry| {
            Ok(OutFile {
                name: entry.name.clone(),
                bytes: entry.unpack(bytes)?,
            })
        })
        .collect()
}

/// A file in a ZIP archive as its central directory lists it, checked but not unpacked yet
/// ([`Entry::unpack`]), so that a large archive can be read a file at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    method: u16,
    crc: u32,
    packed: usize,
    size: usize,
    local: usize,
}

/// The files of a ZIP archive (directories left out), listed with [`LIMITS`].
pub fn list(bytes: &[u8]) -> Result<Vec<Entry>, FormatError> {
    list_with(bytes, LIMITS)
}

/// [`list`] with other limits.
pub fn list_with(bytes: &[u8], limits: Limits) -> Result<Vec<Entry>, FormatError> {
    // The end record is in the last 22 + 65,535 (comment) bytes; the last one found wins.
    let lowest = bytes.len().saturating_sub(22 + 0xFFFF);
    let end = (lowest..=bytes.len().saturating_sub(22)).rev().find(|&i| {
        u32_at(bytes, i) == Some(END)
            && u16_at(bytes, i + 20).is_some_and(|c| i + 22 + usize::from(c) == bytes.len())
    });
    let Some(end) = end else {
        return fail("", DAMAGED);
    };
    let (Some(count), Some(dir_size), Some(dir_offset)) = (
        u16_at(bytes, end + 10),
        u32_at(bytes, end + 12),
        u32_at(bytes, end + 16),
    ) else {
        return fail("", DAMAGED);
    };
    if count == 0xFFFF || dir_offset == 0xFFFF_FFFF {
        return fail(
            "",
            "is a ZIP64 archive (over 4 GB or 65,535 files), which Avow does not read",
        );
    }
    let (dir_offset, dir_size, count) =
        (dir_offset as usize, dir_size as usize, usize::from(count));
    if dir_offset.checked_add(dir_size).is_none_or(|e| e > end) {
        return fail("", DAMAGED);
    }
    if count > limits.entries {
        return fail(
            "",
            format!(
                "has {count} entries; Avow reads archives of at most {}",
                limits.entries
            ),
        );
    }
    let mut entries = Vec::new();
    let mut total = 0usize;
    let mut at = dir_offset;
    for _ in 0..count {
        let field = |offset: usize| u16_at(bytes, at + offset);
        let word = |offset: usize| u32_at(bytes, at + offset);
        if word(0) != Some(CENTRAL) {
            return fail("", DAMAGED);
        }
        let (
            Some(flags),
            Some(method),
            Some(crc),
            Some(packed),
            Some(size),
            Some(name_len),
            Some(extra_len),
            Some(comment_len),
            Some(local),
        ) = (
            field(8),
            field(10),
            word(16),
            word(20),
            word(24),
            field(28),
            field(30),
            field(32),
            word(42),
        )
        else {
            return fail("", DAMAGED);
        };
        let name_start = at + 46;
        let Some(raw_name) = bytes.get(name_start..name_start + usize::from(name_len)) else {
            return fail("", DAMAGED);
        };
        let name = entry_name(raw_name, flags)?;
        at = name_start + usize::from(name_len) + usize::from(extra_len) + usize::from(comment_len);
        check_name(&name)?;
        if name.ends_with('/') || is_folder_litter(&name) {
            continue;
        }
        if flags & FLAG_ENCRYPTED != 0 {
            return fail(name, "is encrypted in the ZIP archive: Avow cannot read it");
        }
        let (packed, size, local) = (packed as usize, size as usize, local as usize);
        if size > limits.entry || total.saturating_add(size) > limits.total {
            return fail(
                name,
                format!(
                    "would unpack to {size} bytes, past what Avow reads from one archive ({} per file, {} in all)",
                    limits.entry, limits.total
                ),
            );
        }
        total += size;
        entries.push(Entry {
            name,
            method,
            crc,
            packed,
            size,
            local,
        });
    }
    if entries.is_empty() {
        return fail("", "has no files");
    }
    Ok(entries)
}

impl Entry {
    /// The file's bytes, unpacked from `bytes` (the archive it was listed from) and checked
    /// against the size and CRC-32 the archive declares.
    pub fn unpack(&self, bytes: &[u8]) -> Result<Vec<u8>, FormatError> {
        let mut unpacker = self.unpacker(bytes)?;
        loop {
            if let Some(content) = unpacker.step(bytes, usize::MAX)? {
                return Ok(content);
            }
        }
    }

    /// Its unpacking, to do a slice at a time ([`Unpacker::step`]).
    pub fn unpacker(&self, bytes: &[u8]) -> Result<Unpacker, FormatError> {
        let name = || self.name.clone();
        // The data starts after the local header's own name and extra field.
        let (Some(LOCAL), Some(local_name), Some(local_extra)) = (
            u32_at(bytes, self.local),
            u16_at(bytes, self.local + 26),
            u16_at(bytes, self.local + 28),
        ) else {
            return fail(
                name(),
                "is cut short in the ZIP archive (its local header is missing)",
            );
        };
        let start = self.local + 30 + usize::from(local_name) + usize::from(local_extra);
        let end = start.saturating_add(self.packed);
        if end > bytes.len() {
            return fail(name(), "is cut short in the ZIP archive");
        }
        match self.method {
            STORED if self.packed == self.size => {}
            STORED => return fail(name(), "is damaged in the ZIP archive (its sizes disagree)"),
            DEFLATED => {}
            other => {
                return fail(
                    name(),
                    format!("is compressed with method {other}; Avow reads stored and deflated entries: unzip the archive and import its files"),
                )
            }
        }
        Ok(Unpacker {
            entry: self.clone(),
            data: start..end,
            inflater: Inflater::default(),
            stored: Vec::new(),
            crc: 0xFFFF_FFFF,
            checked: 0,
        })
    }
}

/// A file of a ZIP archive being unpacked.
#[derive(Debug)]
pub struct Unpacker {
    entry: Entry,
    /// Where its packed bytes are in the archive.
    data: std::ops::Range<usize>,
    inflater: Inflater,
    /// A stored file's bytes copied so far.
    stored: Vec<u8>,
    /// The CRC-32 of the bytes out so far (`checked` of them), carried as they come.
    crc: u32,
    checked: usize,
}

impl Unpacker {
    /// Unpacks about `budget` more bytes of it from `bytes` (the archive); its content, checked,
    /// once it is all out.
    pub fn step(&mut self, bytes: &[u8], budget: usize) -> Result<Option<Vec<u8>>, FormatError> {
        let Entry {
            name,
            method,
            crc,
            size,
            ..
        } = &self.entry;
        let size = *size;
        let data = &bytes[self.data.clone()];
        let done = if *method == STORED {
            let from = self.stored.len();
            let to = from.saturating_add(budget).min(data.len());
            self.stored.extend_from_slice(&data[from..to]);
            to == data.len()
        } else {
            match self.inflater.step(data, size, budget) {
                Ok(done) => done,
                Err(InflateError::TooLong) => {
                    return fail(
                        name.clone(),
                        format!("unpacks to more than the {size} bytes the archive declares"),
                    )
                }
                Err(_) => {
                    return fail(
                        name.clone(),
                        "is damaged in the ZIP archive (it does not inflate)",
                    )
                }
            }
        };
        let out = if *method == STORED {
            &self.stored[..]
        } else {
            self.inflater.out()
        };
        self.crc = crc32_update(self.crc, &out[self.checked..]);
        self.checked = out.len();
        if !done {
            return Ok(None);
        }
        let content = if *method == STORED {
            std::mem::take(&mut self.stored)
        } else {
            std::mem::take(&mut self.inflater).finish()
        };
        if content.len() != size {
            return fail(
                name.clone(),
                format!(
                    "unpacks to {} bytes, not the {size} the archive declares",
                    content.len()
                ),
            );
        }
        if !self.crc != *crc {
            return fail(
                name.clone(),
                "is damaged in the ZIP archive (its CRC-32 does not match its content)",
            );
        }
        Ok(Some(content))
    }

    /// How many bytes are out, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.checked, self.entry.size)
    }
}

/// An entry's name: UTF-8 when flagged so or when it is valid UTF-8 (many tools write UTF-8
/// without the flag), else code page 437 as the ZIP specification says.
fn entry_name(raw: &[u8], flags: u16) -> Result<String, FormatError> {
    match std::str::from_utf8(raw) {
        Ok(name) => Ok(name.replace('\\', "/")),
        Err(_) if flags & FLAG_UTF8 != 0 => fail(
            String::from_utf8_lossy(raw).to_string(),
            "has a name that is not UTF-8, though the archive says it is",
        ),
        Err(_) => Ok(raw
            .iter()
            .map(|&b| match b {
                0..=0x7F => char::from(b),
                _ => CP437_HIGH
                    .chars()
                    .nth(usize::from(b - 0x80))
                    .unwrap_or('\u{FFFD}'),
            })
            .collect::<String>()
            .replace('\\', "/")),
    }
}

/// Code page 437's characters 0x80-0xFF.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";

/// What macOS's Finder adds to every archive it makes (resource forks, folder settings): not
/// the user's files, and not text.
fn is_folder_litter(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/") || file.starts_with("._") || file == ".DS_Store"
}

/// Refuses a name that is absolute or climbs out of the archive's folder.
fn check_name(name: &str) -> Result<(), FormatError> {
    let absolute =
        name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') || name.contains('\0');
    if absolute || name.split('/').any(|part| part == "..") {
        return fail(
            name,
            "is an absolute name or climbs out of the archive's folder (..): refused",
        );
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_text() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(CP437_HIGH.chars().count(), 128);
    }

    /// Runs Python with a script; its standard output as bytes.
    fn python(script: &str, args: &[&std::path::Path]) -> Vec<u8> {
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("avow-zip-{}-{name}", std::process::id()))
    }

    #[test]
    fn round_trips_deflated_and_python_reads_it() {
        let files = vec![
            OutFile::text("a.txt", "A\r\nb 😀 ".repeat(50)),
            OutFile::text("dir/a.ann", "T1\tPARTY 0 1\tA\n".into()),
            OutFile::text("é.txt", "x".into()),
        ];
        let zipped = write(&files);
        assert!(looks_like(&zipped));
        assert_eq!(read(&zipped).unwrap(), files);
        let path = temp("ours.zip");
        std::fs::write(&path, &zipped).unwrap();
        let listed = python(
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(','.join(f'{i.filename}:{i.compress_type}' for i in z.infolist()))",
            &[&path],
        );
        std::fs::remove_file(&path).ok();
        assert_eq!(
            String::from_utf8_lossy(&listed).trim(),
            "a.txt:8,dir/a.ann:0,é.txt:0"
        );
    }

    #[test]
    fn reads_what_python_writes_deflated_with_data_descriptors_and_utf8_names() {
        // Written to a pipe, which cannot seek: zipfile then puts sizes in data descriptors.
        let zipped = python(
            "import sys, zipfile\nz = zipfile.ZipFile(sys.stdout.buffer, 'w', zipfile.ZIP_DEFLATED)\nz.writestr('brat/東京.txt', 'The leaders met.\\r\\n' * 40)\nz.writestr('brat/東京.ann', 'T1\\tPARTY 4 11\\tleaders\\n')\nz.writestr('brat/', '')\nz.writestr('__MACOSX/brat/._a.txt', b'\\x00\\x05')\nz.writestr('brat/.DS_Store', b'\\x00')\nz.close()",
            &[],
        );
        assert_ne!(
            u16_at(&zipped, 6).unwrap() & 0x0008,
            0,
            "a data descriptor is used"
        );
        let files = read(&zipped).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["brat/東京.txt", "brat/東京.ann"]);
        assert_eq!(files[0].bytes, "The leaders met.\r\n".repeat(40).as_bytes());
    }

    #[test]
    fn a_corrupted_entry_is_refused_by_its_crc() {
        let mut zipped = write(&[OutFile::text("a.txt", "short".into())]);
        let at = zipped.windows(5).position(|w| w == b"short").unwrap();
        zipped[at] = b'S';
        let err = read(&zipped).unwrap_err();
        assert_eq!(err.place, "a.txt");
        assert!(err.reason.contains("CRC-32"), "{err}");
    }

    #[test]
    fn every_truncation_is_refused() {
        let zipped = write(&[
            OutFile::text("a.txt", "The leaders met. ".repeat(20)),
            OutFile::text("a.ann", "T1\tPARTY 4 11\tleaders\n".into()),
        ]);
        for cut in 0..zipped.len() {
            assert!(
                read(&zipped[..cut]).is_err(),
                "accepted {cut} of {} bytes",
                zipped.len()
            );
        }
    }

    #[test]
    fn sizes_past_the_caps_are_refused_declared_or_real() {
        let zipped = write(&[OutFile::text("a.txt", "0".repeat(10_000))]);
        let small = Limits {
            entry: 1_000,
            total: 1_000,
            entries: 10,
        };
        let err = read_with(&zipped, small).unwrap_err();
        assert!(err.reason.contains("would unpack to 10000 bytes"), "{err}");
        // A declared size smaller than the real one: inflating stops at the declared size.
        let mut lying = zipped.clone();
        for signature in [LOCAL, CENTRAL] {
            let at = lying
                .windows(4)
                .position(|w| w == signature.to_le_bytes())
                .unwrap();
            let offset = if signature == LOCAL { 22 } else { 24 };
            lying[at + offset..at + offset + 4].copy_from_slice(&100u32.to_le_bytes());
        }
        let err = read(&lying).unwrap_err();
        assert!(err.reason.contains("more than the 100 bytes"), "{err}");
    }

    #[test]
    fn names_that_climb_out_or_are_absolute_are_refused() {
        for name in [
            "../evil.txt",
            "a/../../evil.txt",
            "/etc/passwd",
            "C:/x.txt",
            "..\\x.txt",
        ] {
            let err = read(&write(&[OutFile::text(name, "x".into())])).unwrap_err();
            assert!(err.reason.contains("climbs out"), "{name}: {err}");
        }
        assert!(read(&write(&[OutFile::text("a..b.txt", "x".into())])).is_ok());
    }

    #[test]
    fn a_name_in_code_page_437_is_read() {
        let mut zipped = write(&[OutFile::text("\u{e9}.txt", "x".into())]);
        // Rewrite the name as CP437's é (0x82), unflagged, in both headers.
        for signature in [LOCAL, CENTRAL] {
            let at = zipped
                .windows(4)
                .position(|w| w == signature.to_le_bytes())
                .unwrap();
            let (flags, name_len, name) = if signature == LOCAL {
                (at + 6, at + 26, at + 30)
            } else {
                (at + 8, at + 28, at + 46)
            };
            zipped[flags..flags + 2].copy_from_slice(&0u16.to_le_bytes());
            assert_eq!(u16_at(&zipped, name_len), Some(6));
            zipped.splice(name..name + 2, [0x82u8, b'_']);
        }
        let files = read(&zipped).unwrap();
        assert_eq!(files[0].name, "é_.txt");
    }

    #[test]
    fn a_large_file_unpacks_a_slice_at_a_time_and_is_still_checked() {
        let text: String = (0..40_000).map(|i| format!("{i} ")).collect();
        let archive = write(&[OutFile::text("big.txt", text.clone())]);
        let entries = list(&archive).unwrap();
        let mut unpacker = entries[0].unpacker(&archive).unwrap();
        let mut steps = 0;
        let content = loop {
            steps += 1;
            if let Some(content) = unpacker.step(&archive, 4096).unwrap() {
                break content;
            }
        };
        assert_eq!(content, text.as_bytes());
        assert!(steps > 3, "{steps} steps: Avow writes blocks of 64 KB");
        // The CRC carried along the slices still catches a changed byte.
        let mut damaged = archive.clone();
        let (at, _) = damaged
            .windows(4)
            .enumerate()
            .find(|(_, w)| w == &CENTRAL.to_le_bytes())
            .unwrap();
        damaged[at - 40] ^= 0x01;
        assert!(entries[0].unpack(&damaged).is_err());
    }
}

//! A minimal ZIP archive: files stored without compression (every unzip tool reads them), for
//! downloading several files as one. Reading takes back stored entries; compressed entries are
//! refused with a message (unzip them and import the files themselves).

use super::{fail, FormatError, OutFile};

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (!(crc & 1)).wrapping_add(1);
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// DOS date and time of 1980-01-01 00:00 (entries carry no real time).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

/// The files as one stored ZIP archive.
pub fn write(files: &[OutFile]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for file in files {
        let offset = out.len() as u32;
        let crc = crc32(&file.bytes);
        let size = file.bytes.len() as u32;
        let name = file.name.as_bytes();
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(signature.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend(0u16.to_le_bytes()); // stored
            h.extend(DOS_TIME.to_le_bytes());
            h.extend(DOS_DATE.to_le_bytes());
            h.extend(crc.to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend(size.to_le_bytes());
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
        out.extend(header(0x0403_4b50, false));
        out.extend(&file.bytes);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend(central_size.to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Whether bytes start like a ZIP archive.
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The stored files of a ZIP archive.
pub fn read(bytes: &[u8]) -> Result<Vec<OutFile>, FormatError> {
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut files = Vec::new();
    let mut at = 0;
    while u32_at(at) == Some(0x0403_4b50) {
        let (Some(flags), Some(method), Some(size), Some(name_len), Some(extra_len)) = (
            u16_at(at + 6),
            u16_at(at + 8),
            u32_at(at + 18),
            u16_at(at + 26),
            u16_at(at + 28),
        ) else {
            return fail("", "is a damaged ZIP archive");
        };
        let name_start = at + 30;
        let data_start = name_start + name_len as usize + extra_len as usize;
        let name = String::from_utf8_lossy(
            bytes
                .get(name_start..name_start + name_len as usize)
                .unwrap_or_default(),
        )
        .to_string();
        if method != 0 || flags & 0x0008 != 0 {
            return fail(
                name,
                "is compressed inside the ZIP: unzip the archive and import its files",
            );
        }
        let Some(data) = bytes.get(data_start..data_start + size as usize) else {
            return fail(name, "is cut short in the ZIP archive");
        };
        if !name.ends_with('/') {
            files.push(OutFile {
                name,
                bytes: data.to_vec(),
            });
        }
        at = data_start + size as usize;
    }
    if files.is_empty() {
        return fail("", "has no files");
    }
    Ok(files)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_text() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn round_trips_and_unzip_reads_it() {
        let files = vec![
            OutFile::text("a.txt", "A\r\nb 😀".into()),
            OutFile::text("dir/a.ann", "T1\tPARTY 0 1\tA\n".into()),
        ];
        let zipped = write(&files);
        assert!(looks_like(&zipped));
        assert_eq!(read(&zipped).unwrap(), files);
        // Python's zipfile reads it too (as unzip does).
        let path = std::env::temp_dir().join(format!("avow-zip-{}.zip", std::process::id()));
        std::fs::write(&path, &zipped).unwrap();
        let out = std::process::Command::new("python3")
            .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(','.join(z.namelist()))"])
            .arg(&path)
            .output()
            .unwrap();
        std::fs::remove_file(&path).ok();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "a.txt,dir/a.ann",
            "{out:?}"
        );
    }
}

//! A small DEFLATE decoder (RFC 1951) for the ZIP files Avow reads: stored, fixed and dynamic
//! Huffman blocks, decoded a bit at a time through canonical code counts (as zlib's `puff`
//! does). About a third of the code miniz_oxide's inflater added to the app; the tests check
//! it against miniz_oxide's compressor and Avow's own encoder.

use super::deflate::{DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA};

/// Why an entry does not inflate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// Not valid DEFLATE data (or cut short).
    Damaged,
    /// It unpacks to more than the limit.
    TooLong,
}

/// The compressed bits, least significant first.
struct Bits<'a> {
    data: &'a [u8],
    at: usize,
    buffer: u32,
    count: u32,
}

impl Bits<'_> {
    /// The next `n` bits (at most 16).
    fn take(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.count < n {
            let byte = *self.data.get(self.at).ok_or(InflateError::Damaged)?;
            self.at += 1;
            self.buffer |= u32::from(byte) << self.count;
            self.count += 8;
        }
        let value = self.buffer & ((1u32 << n) - 1);
        self.buffer >>= n;
        self.count -= n;
        Ok(value)
    }
}

/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct Code {
    count: [u16; 16],
    symbols: Vec<u16>,
}

impl Code {
    /// The code of these lengths (0: the symbol is unused), and how many codes are left
    /// unused (0: complete); refused when over-subscribed.
    fn new(lengths: &[u8]) -> Result<(Code, i32), InflateError> {
        let mut count = [0u16; 16];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        let mut left: i32 = 1;
        for &c in &count[1..] {
            left = (left << 1) - i32::from(c);
            if left < 0 {
                return Err(InflateError::Damaged);
            }
        }
        let mut offsets = [0u16; 16];
        for len in 1..15 {
            offsets[len + 1] = offsets[len] + count[len];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (symbol, &l) in lengths.iter().enumerate() {
            if l != 0 {
                let slot = &mut offsets[usize::from(l)];
                symbols[usize::from(*slot)] = symbol as u16;
                *slot += 1;
            }
        }
        Ok((Code { count, symbols }, left))
    }

    /// The next symbol from `bits`.
    fn decode(&self, bits: &mut Bits) -> Result<u16, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in &self.count[1..] {
            code |= bits.take(1)? as i32;
            let count = i32::from(count);
            if code - count < first {
                let at = (index + code - first) as usize;
                return self.symbols.get(at).copied().ok_or(InflateError::Damaged);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Damaged)
    }
}

/// The order in which a dynamic block lists its code length code's lengths.
const ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Inflates `data` (raw DEFLATE, as a ZIP entry holds it) into at most `limit` bytes.
pub fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut inflater = Inflater::default();
    while !inflater.step(data, limit, usize::MAX)? {}
    Ok(inflater.finish())
}

/// An inflation a few blocks at a time, so that a large file unpacks in slices.
#[derive(Debug, Default)]
pub struct Inflater {
    /// Where the bits stand: the next byte, and the bits read ahead of it.
    at: usize,
    buffer: u32,
    count: u32,
    out: Vec<u8>,
}

impl Inflater {
    /// Inflates whole blocks of `data` until `budget` more bytes are out (at least one block)
    /// or the last block is done; true once it is.
    pub fn step(&mut self, data: &[u8], limit: usize, budget: usize) -> Result<bool, InflateError> {
        let mut bits = Bits {
            data,
            at: self.at,
            buffer: self.buffer,
            count: self.count,
        };
        let until = self.out.len().saturating_add(budget);
        let mut last = false;
        while !last && self.out.len() < until {
            last = block(&mut bits, data, &mut self.out, limit)?;
        }
        (self.at, self.buffer, self.count) = (bits.at, bits.buffer, bits.count);
        Ok(last)
    }

    /// The bytes out so far.
    pub fn out(&self) -> &[u8] {
        &self.out
    }

    /// The bytes inflated.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// Inflates one block onto `out`; true when it was the last.
fn block(
    bits: &mut Bits,
    data: &[u8],
    out: &mut Vec<u8>,
    limit: usize,
) -> Result<bool, InflateError> {
    let last = bits.take(1)? == 1;
    match bits.take(2)? {
        0 => {
            // Stored: from the next byte boundary, a length, its complement, the bytes.
            bits.buffer = 0;
            bits.count = 0;
            let header = data
                .get(bits.at..bits.at + 4)
                .ok_or(InflateError::Damaged)?;
            let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
            let check = u16::from_le_bytes([header[2], header[3]]);
            if check != !(len as u16) {
                return Err(InflateError::Damaged);
            }
            bits.at += 4;
            let bytes = data
                .get(bits.at..bits.at + len)
                .ok_or(InflateError::Damaged)?;
            if out.len() + len > limit {
                return Err(InflateError::TooLong);
            }
            out.extend_from_slice(bytes);
            bits.at += len;
        }
        1 => {
            let mut lengths = [0u8; 288 + 30];
            for (i, l) in lengths.iter_mut().enumerate() {
                *l = match i {
                    0..=143 => 8,
                    144..=255 => 9,
                    256..=279 => 7,
                    280..=287 => 8,
                    _ => 5,
                };
            }
            let (literals, _) = Code::new(&lengths[..288])?;
            let (distances, _) = Code::new(&lengths[288..])?;
            codes(bits, out, &literals, &distances, limit)?;
        }
        2 => {
            let (literals, distances) = dynamic(bits)?;
            codes(bits, out, &literals, &distances, limit)?;
        }
        _ => return Err(InflateError::Damaged),
    }
    Ok(last)
}

fn dynamic(bits: &mut Bits) -> Result<(Code, Code), InflateError> {
    let literals = bits.take(5)? as usize + 257;
    let distances = bits.take(5)? as usize + 1;
    let code_lengths = bits.take(4)? as usize + 4;
    if literals > 286 || distances > 30 {
        return Err(InflateError::Damaged);
    }
    let mut lengths = [0u8; 320];
    for &at in &ORDER[..code_lengths] {
        lengths[at] = bits.take(3)? as u8;
    }
    let (lengths_code, left) = Code::new(&lengths[..19])?;
    if left != 0 {
        return Err(InflateError::Damaged);
    }
    let total = literals + distances;
    let mut index = 0;
    while index < total {
        let symbol = lengths_code.decode(bits)?;
        if symbol < 16 {
            lengths[index] = symbol as u8;
            index += 1;
            continue;
        }
        let (value, repeat) = match symbol {
            16 if index > 0 => (lengths[index - 1], 3 + bits.take(2)?),
            17 => (0, 3 + bits.take(3)?),
            18 => (0, 11 + bits.take(7)?),
            _ => return Err(InflateError::Damaged),
        };
        let end = index + repeat as usize;
        if end > total {
            return Err(InflateError::Damaged);
        }
        lengths[index..end].fill(value);
        index = end;
    }
    if lengths[256] == 0 {
        return Err(InflateError::Damaged);
    }
    // An incomplete code is allowed only for a single code (of one bit).
    let build = |lengths: &[u8]| -> Result<Code, InflateError> {
        let (code, left) = Code::new(lengths)?;
        let used = lengths.len() - usize::from(code.count[0]);
        if left > 0 && used != 1 {
            return Err(InflateError::Damaged);
        }
        Ok(code)
    };
    Ok((
        build(&lengths[..literals])?,
        build(&lengths[literals..total])?,
    ))
}

/// A block's symbols, until its end.
fn codes(
    bits: &mut Bits,
    out: &mut Vec<u8>,
    literals: &Code,
    distances: &Code,
    limit: usize,
) -> Result<(), InflateError> {
    loop {
        let symbol = usize::from(literals.decode(bits)?);
        if symbol == 256 {
            return Ok(());
        }
        if out.len() >= limit {
            return Err(InflateError::TooLong);
        }
        if symbol < 256 {
            out.push(symbol as u8);
            continue;
        }
        let at = symbol - 257;
        if at >= 29 {
            return Err(InflateError::Damaged);
        }
        let length =
            usize::from(LENGTH_BASE[at]) + bits.take(u32::from(LENGTH_EXTRA[at]))? as usize;
        let d = usize::from(distances.decode(bits)?);
        if d >= 30 {
            return Err(InflateError::Damaged);
        }
        let distance = usize::from(DIST_BASE[d]) + bits.take(u32::from(DIST_EXTRA[d]))? as usize;
        if distance > out.len() {
            return Err(InflateError::Damaged);
        }
        if out.len() + length > limit {
            return Err(InflateError::TooLong);
        }
        // Byte by byte: the copy may overlap what it writes.
        let from = out.len() - distance;
        for k in 0..length {
            out.push(out[from + k]);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use miniz_oxide::deflate::compress_to_vec;
    use proptest::prelude::*;

    fn inflates_back(data: &[u8]) {
        for level in [0, 1, 6, 9] {
            let packed = compress_to_vec(data, level);
            assert_eq!(
                inflate(&packed, data.len()).as_deref(),
                Ok(data),
                "level {level}"
            );
        }
        let own = super::super::deflate::compress(data);
        assert_eq!(
            inflate(&own, data.len()).as_deref(),
            Ok(data),
            "Avow's encoder"
        );
    }

    #[test]
    fn stored_fixed_and_dynamic_blocks_inflate() {
        inflates_back(b"");
        inflates_back(b"a");
        inflates_back(&[0u8; 100_000]);
        let text = "The two leaders affirmed their determination … 🇯🇵 𝒰𝒮\n".repeat(3000);
        inflates_back(text.as_bytes());
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        inflates_back(&bytes);
    }

    #[test]
    fn more_than_the_limit_or_damaged_data_is_refused() {
        let packed = compress_to_vec(&[7u8; 1000], 6);
        assert_eq!(inflate(&packed, 999), Err(InflateError::TooLong));
        assert_eq!(
            inflate(&packed[..packed.len() / 2], 1000),
            Err(InflateError::Damaged)
        );
        assert_eq!(inflate(&[0xff, 0xff], 10), Err(InflateError::Damaged));
    }

    proptest! {
        #[test]
        fn any_bytes_inflate_back(data in proptest::collection::vec(0u8..6, 0..6000)) {
            inflates_back(&data);
        }

        /// Damaged data never panics: it inflates to something or is refused.
        #[test]
        fn any_damage_is_refused_or_inflated_never_a_panic(
            data in proptest::collection::vec(any::<u8>(), 0..400),
            flips in proptest::collection::vec((0usize..400, any::<u8>()), 0..6),
        ) {
            let mut packed = compress_to_vec(&data, 6);
            for (at, x) in flips {
                let len = packed.len().max(1);
                if let Some(b) = packed.get_mut(at % len) {
                    *b ^= x;
                }
            }
            let _ = inflate(&packed, 10_000);
        }
    }
}

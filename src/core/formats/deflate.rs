//! A small DEFLATE encoder (RFC 1951) for the ZIP files Avow writes: greedy LZ77 matches found
//! through a hash of the next three bytes, written in blocks with the fixed Huffman codes.
//! A statement shrinks to about half (zlib's level 6: 0.4), a corpus with much in common far
//! more, for about a tenth of the code miniz_oxide's compressor adds to the app (`inflate` reads;
//! miniz_oxide's inflater checks this encoder in the tests).

/// Where matches are looked for: the last 32 KB (DEFLATE's window).
const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;
/// How many earlier places with the same hash are tried for the longest match.
const CHAIN: usize = 32;

/// The first length of each length code (257..=285) and its extra bits.
pub(super) const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
pub(super) const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// The first distance of each distance code (0..=29) and its extra bits.
pub(super) const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
pub(super) const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Bits written least significant first, as DEFLATE packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u32, bits: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += bits;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code: its bits go most significant first.
    fn code(&mut self, code: u32, bits: u32) {
        self.put(code.reverse_bits() >> (32 - bits), bits);
    }

    /// A literal/length symbol in the fixed code (RFC 1951, 3.2.6).
    fn symbol(&mut self, symbol: u32) {
        match symbol {
            0..=143 => self.code(0x30 + symbol, 8),
            144..=255 => self.code(0x190 + symbol - 144, 9),
            256..=279 => self.code(symbol - 256, 7),
            _ => self.code(0xc0 + symbol - 280, 8),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The index of the last entry of `table` not above `value`.
fn bucket(table: &[u16], value: usize) -> usize {
    table
        .iter()
        .rposition(|&b| usize::from(b) <= value)
        .unwrap_or(0)
}

fn hash(bytes: &[u8]) -> usize {
    let v = u32::from(bytes[0]) | u32::from(bytes[1]) << 8 | u32::from(bytes[2]) << 16;
    (v.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
}

/// How much input each block holds: a reader can unpack a large file a block at a time
/// (matches still reach back across blocks, so nothing is lost).
const BLOCK_INPUT: usize = 64 * 1024;

/// `data` compressed as a raw DEFLATE stream (no zlib header), in fixed-code blocks of
/// [`BLOCK_INPUT`] bytes.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut compressor = Compressor::new(data);
    while !compressor.step(data, usize::MAX) {}
    compressor.finish()
}

/// A compression a slice at a time (the same `data` at every step), so that a large file
/// compresses without holding the page.
pub struct Compressor {
    bits: Bits,
    /// Where each hash of three bytes was seen last, and before that at each position (a
    /// chain through the window; +1, so that 0 is none).
    last: Vec<u32>,
    prev: Vec<u32>,
    /// The next byte to compress, and where the block under way ends.
    i: usize,
    boundary: usize,
    done: bool,
}

impl Compressor {
    /// A compression of `data`, nothing compressed yet.
    pub fn new(data: &[u8]) -> Compressor {
        let mut bits = Bits {
            out: Vec::with_capacity(data.len() / 2 + 16),
            acc: 0,
            count: 0,
        };
        bits.put(u32::from(data.len() <= BLOCK_INPUT), 1); // the final block?
        bits.put(1, 2); // fixed Huffman codes
        Compressor {
            bits,
            last: vec![0u32; 1 << HASH_BITS],
            prev: vec![0u32; WINDOW],
            i: 0,
            boundary: BLOCK_INPUT,
            done: false,
        }
    }

    /// How many bytes of the data are compressed.
    pub fn position(&self) -> usize {
        self.i
    }

    /// Compresses about `budget` more bytes of `data`; true once all of it is.
    pub fn step(&mut self, data: &[u8], budget: usize) -> bool {
        if self.done {
            return true;
        }
        let Compressor {
            bits,
            last,
            prev,
            i,
            boundary,
            ..
        } = self;
        let remember = |last: &mut Vec<u32>, prev: &mut Vec<u32>, j: usize| {
            let h = hash(&data[j..]);
            prev[j % WINDOW] = last[h];
            last[h] = j as u32 + 1;
        };
        let until = i.saturating_add(budget);
        while *i < data.len() && *i < until {
            if *i >= *boundary {
                // The end of this block, and the next one's header.
                bits.symbol(256);
                *boundary = *i + BLOCK_INPUT;
                bits.put(u32::from(data.len() <= *boundary), 1);
                bits.put(1, 2);
            }
            let mut length = 0;
            let mut distance = 0;
            if *i + MIN_MATCH <= data.len() {
                let most = MAX_MATCH.min(data.len() - *i);
                let mut candidate = last[hash(&data[*i..])] as usize;
                for _ in 0..CHAIN {
                    if candidate == 0 || *i - (candidate - 1) > WINDOW {
                        break;
                    }
                    let from = candidate - 1;
                    let found = data[from..from + most]
                        .iter()
                        .zip(&data[*i..*i + most])
                        .take_while(|(a, b)| a == b)
                        .count();
                    if found > length {
                        length = found;
                        distance = *i - from;
                        if found == most {
                            break;
                        }
                    }
                    candidate = prev[from % WINDOW] as usize;
                }
                remember(last, prev, *i);
            }
            if length >= MIN_MATCH {
                let code = bucket(&LENGTH_BASE, length);
                bits.symbol(257 + code as u32);
                bits.put(
                    (length - usize::from(LENGTH_BASE[code])) as u32,
                    u32::from(LENGTH_EXTRA[code]),
                );
                let code = bucket(&DIST_BASE, distance);
                bits.code(code as u32, 5);
                bits.put(
                    (distance - usize::from(DIST_BASE[code])) as u32,
                    u32::from(DIST_EXTRA[code]),
                );
                // The positions inside the match are remembered too, so later text finds them.
                for j in *i + 1..(*i + length).min(data.len().saturating_sub(MIN_MATCH - 1)) {
                    remember(last, prev, j);
                }
                *i += length;
            } else {
                bits.symbol(u32::from(data[*i]));
                *i += 1;
            }
        }
        if *i >= data.len() {
            bits.symbol(256);
            self.done = true;
        }
        self.done
    }

    /// The compressed stream.
    pub fn finish(self) -> Vec<u8> {
        self.bits.finish()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use miniz_oxide::inflate::decompress_to_vec;
    use proptest::prelude::*;

    fn round_trip(data: &[u8]) {
        let packed = compress(data);
        assert_eq!(decompress_to_vec(&packed).expect("inflates"), data);
    }

    #[test]
    fn empty_short_long_and_repetitive_inputs_inflate_back() {
        round_trip(b"");
        round_trip(b"a");
        round_trip(b"abcabcabcabcabcabcabc");
        round_trip(&[0u8; 100_000]);
        round_trip(&[255u8; 300]);
        let text = "The two leaders affirmed their determination … 🇯🇵 𝒰𝒮\n".repeat(2000);
        round_trip(text.as_bytes());
        let bytes: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
        round_trip(&bytes);
    }

    #[test]
    fn text_shrinks_a_corpus_to_a_fifth() {
        // One statement: the fixed codes spend 8 bits on a letter, so about 0.55 (zlib: 0.39).
        let sample =
            include_str!("../../../public/samples/us-japan-joint-leaders-statement-2025.txt");
        let packed = compress(sample.as_bytes());
        assert!(
            packed.len() * 10 < sample.len() * 6,
            "{} of {}",
            packed.len(),
            sample.len()
        );
        // Many documents with much in common, as a corpus is: far smaller.
        let corpus = format!("{sample}\n{}\n{sample}", sample.to_uppercase()).repeat(20);
        let packed = compress(corpus.as_bytes());
        assert!(
            packed.len() * 5 < corpus.len(),
            "{} of {}",
            packed.len(),
            corpus.len()
        );
    }

    proptest! {
        #[test]
        fn any_bytes_inflate_back(data in proptest::collection::vec(0u8..4, 0..5000)) {
            round_trip(&data);
        }

        #[test]
        fn any_text_inflates_back(text in "[a-c ]{0,3000}") {
            round_trip(text.as_bytes());
        }
    }
}

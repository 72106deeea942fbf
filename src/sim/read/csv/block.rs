//! Classifying CSV input 64 bytes at a time: one bit per byte for newlines, separators,
//! quotes and bytes outside ASCII, made with vector compares (the `wide` crate: SSE2 on
//! x86-64, portable code elsewhere), so that lines are found and split from bits rather than
//! bytes.

use wide::u8x16;

/// Bytes classified at once: one bit each in a `u64`.
pub(in crate::sim::read) const BLOCK: usize = 64;

/// The newlines, separators, quotes and non-ASCII bytes of the 64 bytes of the buffer from
/// `at`: bit `i` is byte `at + i`. Bytes past the data read so far are none of them.
#[derive(Debug, Clone, Copy)]
pub(in crate::sim::read) struct Block {
    pub at: usize,
    pub newline: u64,
    pub separator: u64,
    pub quote: u64,
    /// Bytes of 0x80 and above: a line without any is ASCII, so UTF-8 without a check.
    pub high: u64,
}

impl Block {
    /// No block: the next look classifies again.
    pub const NONE: Block = Block { at: usize::MAX, newline: 0, separator: 0, quote: 0, high: 0 };

    /// Classifies the block of `data` starting at `at`.
    #[inline(always)]
    pub fn classify(data: &[u8], at: usize, delimiter: u8) -> Block {
        let rest = data.get(at..).unwrap_or_default();
        match rest.first_chunk::<BLOCK>() {
            Some(full) => Block::of(full, at, delimiter),
            None => {
                // The end of the data read so far: the bytes after it count as none.
                let mut padded = [0u8; BLOCK];
                if let Some(to) = padded.get_mut(..rest.len()) {
                    to.copy_from_slice(rest);
                }
                Block::of(&padded, at, delimiter)
            }
        }
    }

    /// Classifies 64 bytes that lie at `at` in the buffer.
    #[inline(always)]
    fn of(bytes: &[u8; BLOCK], at: usize, delimiter: u8) -> Block {
        let (newline, separator, quote) = (u8x16::splat(b'\n'), u8x16::splat(delimiter), u8x16::splat(b'"'));
        let mut block = Block { at, newline: 0, separator: 0, quote: 0, high: 0 };
        for (i, part) in bytes.chunks_exact(16).enumerate() {
            let v = u8x16::new(<[u8; 16]>::try_from(part).unwrap_or_default());
            let shift = 16 * i;
            block.newline |= u64::from(v.simd_eq(newline).to_bitmask()) << shift;
            block.separator |= u64::from(v.simd_eq(separator).to_bitmask()) << shift;
            block.quote |= u64::from(v.simd_eq(quote).to_bitmask()) << shift;
            block.high |= u64::from(v.to_bitmask()) << shift;
        }
        block
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(mask: u64) -> Vec<u32> {
        (0..64).filter(|i| mask >> i & 1 == 1).collect()
    }

    #[test]
    fn each_byte_sets_the_bit_of_its_kind_at_its_place() {
        let mut data = vec![b'x'; 100];
        for (at, byte) in [(28, b','), (34, b'\n'), (63, b'"'), (91, b';'), (40, 0xC3), (41, 0xA9)] {
            if let Some(b) = data.get_mut(at) {
                *b = byte;
            }
        }
        // The block at 28: bit i is byte 28 + i.
        let block = Block::classify(&data, 28, b',');
        assert_eq!((bits(block.separator), bits(block.newline), bits(block.quote)), (vec![0], vec![6], vec![35]));
        assert_eq!(bits(block.high), vec![12, 13]);
        assert_eq!(bits(Block::classify(&data, 28, b';').separator), vec![63]);
        // Data read so far ends at 80: the ';' at 91 is not there yet.
        let short = data.get(..80).unwrap_or_default();
        assert_eq!(bits(Block::classify(short, 28, b';').separator), Vec::<u32>::new());
    }
}

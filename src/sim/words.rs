//! Byte strings as machine words. Trace rows repeat a handful of names (activities, actors,
//! attribute values) and case ids millions of times; as a length and two words they are
//! compared and hashed without a byte loop or a call to `memcmp`.

/// A byte string's length and two words read from its first and last bytes (overlapping when
/// it is shorter than 16). Up to [`Words::WHOLE`] bytes the words cover every byte, so equal
/// `Words` are equal strings; for longer strings equal `Words` only say they may be equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Words {
    words: [u64; 2],
    len: usize,
}

impl Words {
    /// The longest string its words cover whole.
    pub const WHOLE: usize = 16;

    /// The words of `bytes`.
    #[inline]
    pub fn of(bytes: &[u8]) -> Words {
        let words = if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            [u64::from_le_bytes(*first), u64::from_le_bytes(*last)]
        } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            [u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32, 0]
        } else {
            [bytes.iter().rev().fold(0u64, |word, b| word << 8 | u64::from(*b)), 0]
        };
        Words { words, len: bytes.len() }
    }

    /// Whether the words cover the whole string: equal words are then equal strings.
    #[inline]
    pub fn whole(self) -> bool {
        self.len <= Self::WHOLE
    }

    /// A hash of the words (of the whole string when [`Words::whole`]) in which every input
    /// bit moves every output bit, so that any part of it may serve as a table position:
    /// case ids such as `C000123` differ only in a few bytes.
    #[inline]
    pub fn hash(self) -> u64 {
        let [a, b] = self.words;
        // Multiplication only carries bits upwards; the shifts fold the high half down, so
        // the low bits depend on every byte too.
        let m = (a ^ (self.len as u64).rotate_right(16)).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b;
        let m = (m ^ (m >> 32)).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        m ^ (m >> 29)
    }
}

/// Whether `a` and `b`, with words `wa` and `wb`, are the same string: the words decide,
/// and only strings longer than [`Words::WHOLE`] with equal words are compared byte by byte.
#[inline]
pub fn same(a: &[u8], wa: Words, b: &[u8], wb: Words) -> bool {
    wa == wb && (wa.whole() || same_middle(a, b))
}

/// Whether two strings of the same length and the same first and last eight bytes are equal:
/// the bytes from the ninth on compared eight at a time (the last eight are known equal, so
/// the few left over after the last whole eight need no look).
fn same_middle(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (a.get(8..).unwrap_or_default(), b.get(8..).unwrap_or_default());
    a.chunks_exact(8).zip(b.chunks_exact(8)).all(|(x, y)| x.first_chunk::<8>() == y.first_chunk::<8>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn equal_words(x: &[u8], y: &[u8]) -> bool {
        Words::of(x) == Words::of(y)
    }

    #[test]
    fn words_of_short_strings_are_equal_exactly_when_the_strings_are() {
        let names: [&[u8]; 16] = [
            b"",
            b"a",
            b"ab",
            b"ba",
            b"abc",
            b"abcd",
            b"abcde",
            b"bcde",
            b"abcdefg",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefghijklmnop",
            b"abcdefghijklmnoq",
            b"a\0",
            b"\0a",
            b"\0",
        ];
        for x in names {
            for y in names {
                assert_eq!(equal_words(x, y), x == y, "{x:?} {y:?}");
            }
        }
    }

    #[test]
    fn long_strings_with_equal_words_are_told_apart_by_their_bytes() {
        let (x, y) = (b"abcdefgh-1-ijklmnop", b"abcdefgh-2-ijklmnop");
        assert!(equal_words(x, y));
        assert!(!same(x, Words::of(x), y, Words::of(y)));
        assert!(same(x, Words::of(x), x, Words::of(x)));
    }

    #[test]
    fn hashes_of_ids_that_differ_in_a_few_bytes_spread_over_the_low_bits() {
        let homes: std::collections::HashSet<u64> =
            (0..25_000).map(|i| Words::of(format!("C{i:06}").as_bytes()).hash() & 0xffff).collect();
        // 25,000 ids in 65,536 places: a good hash fills about 20,000 of them.
        assert!(homes.len() > 18_000, "{}", homes.len());
    }

    proptest::proptest! {
        #[test]
        fn same_agrees_with_byte_equality(
            x in proptest::collection::vec(proptest::sample::select(b"ab\0".to_vec()), 0..=24),
            y in proptest::collection::vec(proptest::sample::select(b"ab\0".to_vec()), 0..=24),
        ) {
            proptest::prop_assert_eq!(same(&x, Words::of(&x), &y, Words::of(&y)), x == y);
            if x.len() <= Words::WHOLE {
                proptest::prop_assert_eq!(equal_words(&x, &y), x == y);
            }
        }
    }
}

//! Line numbers for XES: quick-xml counts bytes, people count lines.

use std::collections::VecDeque;
use std::io::{BufRead, Read};

/// A reader that remembers where its newlines were, so events get line numbers.
pub(super) struct Lines<R> {
    inner: R,
    consumed: u64,
    newlines: VecDeque<u64>,
    /// Newlines before the last position asked for.
    counted: u64,
}

impl<R: BufRead> Lines<R> {
    pub(super) fn new(inner: R) -> Self {
        Lines { inner, consumed: 0, newlines: VecDeque::new(), counted: 0 }
    }

    /// The 1-based line of byte `position` (positions asked for never go down).
    #[inline]
    pub(super) fn line_at(&mut self, position: u64) -> u64 {
        while self.newlines.front().is_some_and(|n| *n < position) {
            self.newlines.pop_front();
            self.counted += 1;
        }
        self.counted + 1
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            if let (Some(to), Some(from)) = (out.get_mut(..n), available.get(..n)) {
                to.copy_from_slice(from);
            }
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buffer) = self.inner.fill_buf() {
            let taken = buffer.get(..amount).unwrap_or(buffer);
            for (i, _) in taken.iter().enumerate().filter(|(_, b)| **b == b'\n') {
                self.newlines.push_back(self.consumed + i as u64);
            }
        }
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

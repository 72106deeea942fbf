//! Line numbers for XES: quick-xml counts bytes, people count lines.

use super::super::csv::block::{Block, BLOCK};
use std::collections::VecDeque;
use std::io::{BufRead, Read};

/// A reader that remembers where its newlines were, so events get line numbers.
///
/// It has its own large buffer, so that quick-xml's many small reads (some 15 an event) are
/// served in line rather than through the inner reader's virtual calls. Newlines are found once
/// per refill, 64 bytes at a time with the CSV reader's vector compares, and kept as one bit
/// mask per 64 bytes: XES has a newline every 40 bytes or so, and finding them byte by byte in
/// each `consume` cost about 1,600 instructions an event.
pub(super) struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    /// The unread part of `buf`.
    pos: usize,
    filled: usize,
    /// Bytes consumed from the start of the input.
    consumed: u64,
    /// The chunks with newlines, from the one holding the last position asked for.
    chunks: VecDeque<Chunk>,
    /// Newlines in the chunks let go of.
    counted: u64,
}

impl<R: Read> Lines<R> {
    pub(super) fn new(inner: R) -> Self {
        Lines { inner, buf: vec![0; 1 << 18], pos: 0, filled: 0, consumed: 0, chunks: VecDeque::new(), counted: 0 }
    }

    /// The 1-based line of byte `position` (positions asked for never go down).
    #[inline]
    pub(super) fn line_at(&mut self, position: u64) -> u64 {
        while let Some(chunk) = self.chunks.front() {
            let Some(offset) = position.checked_sub(chunk.at) else { break };
            if offset < chunk.len {
                // Only the newlines before `position`.
                let before = chunk.newlines & ((1u64 << offset) - 1);
                return self.counted + u64::from(before.count_ones()) + 1;
            }
            self.counted += u64::from(chunk.newlines.count_ones());
            self.chunks.pop_front();
        }
        self.counted + 1
    }
}

/// Up to 64 bytes of the input (fewer at the end of a read), with a bit per newline.
struct Chunk {
    /// The first byte's position in the input.
    at: u64,
    len: u64,
    newlines: u64,
}

impl<R: Read> Read for Lines<R> {
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

impl<R: Read> BufRead for Lines<R> {
    #[inline]
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos >= self.filled {
            self.refill()?;
        }
        Ok(self.buf.get(self.pos..self.filled).unwrap_or_default())
    }

    #[inline]
    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.filled - self.pos);
        self.pos += amount;
        self.consumed += amount as u64;
    }
}

impl<R: Read> Lines<R> {
    /// Reads the next part of the input into the (empty) buffer and notes its newlines.
    #[inline(never)]
    fn refill(&mut self) -> std::io::Result<()> {
        let n = loop {
            match self.inner.read(&mut self.buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        (self.pos, self.filled) = (0, n);
        let mut at = self.consumed;
        for chunk in self.buf.get(..n).unwrap_or_default().chunks(BLOCK) {
            // The CSV reader's classifier; only its newline bits are used here.
            let (newlines, len) = (Block::classify(chunk, 0, b',').newline, chunk.len() as u64);
            if newlines != 0 {
                self.chunks.push_back(Chunk { at, len, newlines });
            }
            at += len;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives at most 7 bytes a read, so that refills start anywhere.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(out.len()).min(7);
            let (head, rest) = self.0.split_at(n);
            if let Some(to) = out.get_mut(..n) {
                to.copy_from_slice(head);
            }
            self.0 = rest;
            Ok(n)
        }
    }

    #[test]
    fn lines_are_counted_across_chunks_and_small_inner_buffers() {
        // Lines of 0 to 96 bytes, read 7 bytes at a time so that chunks start anywhere.
        let mut text = Vec::new();
        let mut starts = Vec::new();
        for n in 1..100usize {
            starts.push(text.len() as u64);
            text.extend(std::iter::repeat_n(b'x', n % 97));
            text.push(b'\n');
        }
        let mut lines = Lines::new(Trickle(text.as_slice()));
        let mut expected = starts.iter().enumerate().peekable();
        loop {
            let n = lines.fill_buf().map(|b| b.len()).unwrap_or(0);
            if n == 0 {
                break;
            }
            lines.consume(n.min(5));
            // Ask for every line start already read past, in order.
            while let Some((i, start)) = expected.next_if(|(_, s)| **s < lines.consumed) {
                assert_eq!(lines.line_at(*start), i as u64 + 1, "line starting at byte {start}");
            }
        }
        assert!(expected.next().is_none());
    }
}

//! Byte spans into a `.sop` source.

use serde::Serialize;

/// A half-open byte range `start..end` into the source text.
///
/// Spans never take part in equality: two nodes that differ only in where they were written
/// mean the same thing, which is what tests of `fmt` and lowering compare.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Eq for Span {}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.len()).into()
    }
}

/// Where each line starts, to turn many offsets into lines quickly.
#[derive(Debug, Clone)]
pub struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    /// Indexes the line starts of `source`.
    pub fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { source, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self.source.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Where the line holding byte `offset` starts, and where it ends (at its newline, or the end
/// of the source).
pub fn line_bounds(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let start = source.get(..offset).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1);
    let end = source.get(offset..).and_then(|rest| rest.find('\n')).map_or(source.len(), |i| offset + i);
    (start, end)
}

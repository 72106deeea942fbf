//! Where a block that is never closed was meant to end.
//!
//! The parser closes such a block at the end of the file, so every later item lands inside it
//! and each would be reported as misplaced. Items can only nest one way (a `step` never holds
//! a `step`), so the first top-level item inside the block shows where its `}` was left out:
//! it and everything after it are moved back to the top of the file.

use super::build::only_at_top;
use super::cst::{Cst, Line};
use crate::span::Span;

/// Moves the top-level items found inside the unclosed blocks opened at `openers` back to the
/// top. Returns, for each block so ended, its opening brace and the keyword it ends before.
pub fn end_unclosed_blocks(cst: &mut Cst, openers: &[usize]) -> Vec<(usize, Span)> {
    let mut ended = Vec::new();
    let mut i = 0;
    while let Some(line) = cst.lines.get_mut(i) {
        i += 1;
        let Line::Node(node) = line else { continue };
        let Some(block) = node.block.as_mut() else { continue };
        if !openers.contains(&block.span.start) {
            continue;
        }
        let top = block.lines.iter().position(|l| matches!(l, Line::Node(n) if only_at_top(&n.keyword.text)));
        let Some(at) = top else { continue };
        let moved: Vec<Line> = block.lines.split_off(at);
        while matches!(block.lines.last(), Some(Line::Blank)) {
            block.lines.pop();
        }
        let end = block.lines.iter().rev().find_map(line_end).unwrap_or(block.span.start + 1);
        block.span.end = end;
        node.span.end = end;
        if let Some(Line::Node(first)) = moved.first() {
            ended.push((block.span.start, first.keyword.span));
        }
        cst.lines.splice(i..i, moved);
    }
    ended
}

fn line_end(line: &Line) -> Option<usize> {
    match line {
        Line::Blank => None,
        Line::Comment(c) => Some(c.span.end),
        Line::Node(n) => Some(n.comment.as_ref().map_or(n.span.end, |c| c.span.end)),
    }
}

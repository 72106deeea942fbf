//! Where a block that is never closed was meant to end.
//!
//! The parser closes such a block at the end of the file, so every later item lands inside it
//! and each would be reported as misplaced. Items can only nest one way (a `step` never holds
//! a `step`), so the first top-level item inside the block shows where its `}` was left out:
//! it and everything after it are moved back to the top of the file.

use super::build::only_at_top;
use super::build_identity::SIGNATORY;
use super::cst::{Block, Cst, Line};
use crate::span::{line_col, Span};

/// A block that was taken to end early: the brace the count left open, the brace of the
/// block that really lacks its `}` (an inner one, or the same), and what the block ends before.
pub struct Ended {
    pub counted: usize,
    pub opener: usize,
    pub before: Span,
}

/// Moves the top-level items found inside the unclosed blocks opened at `openers` back to the
/// top, and the lines of an inner block that lacks its `}` back to the outer block.
pub fn end_unclosed_blocks(cst: &mut Cst, openers: &[usize], source: &str) -> Vec<Ended> {
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
        trim_blank_end(block);
        let Some(Line::Node(first)) = moved.first() else { continue };
        let mut end = ended_at(block);
        let mut found = Ended { counted: block.span.start, opener: block.span.start, before: first.keyword.span };
        if let Some((inner, before, close)) = inner_block_left_open(block, source) {
            (found.opener, found.before, end) = (inner, before, close);
        }
        block.span.end = end;
        node.span.end = end;
        ended.push(found);
        cst.lines.splice(i..i, moved);
    }
    ended
}

/// When `block` ends with an inner block whose `}` is written further left than its keyword,
/// that `}` closes `block`, and the inner block is the one that lacks its `}`: ends it before its
/// first line that does not belong in it (or at that `}`), moving those lines out. Returns the
/// inner block's brace, what it ends before, and where `block` ends.
fn inner_block_left_open(block: &mut Block, source: &str) -> Option<(usize, Span, usize)> {
    let lines = &mut block.lines;
    let last = lines.iter().rposition(|l| !matches!(l, Line::Blank | Line::Comment(_)))?;
    if last + 1 != lines.len() {
        return None;
    }
    let Some(Line::Node(inner)) = lines.get_mut(last) else { return None };
    let close = inner.block.as_ref()?.span.end.checked_sub(1)?;
    if source.get(close..=close) != Some("}") || line_col(source, close).1 >= line_col(source, inner.span.start).1 {
        return None;
    }
    let allowed = belongs_in(&inner.keyword.text)?;
    let inner_block = inner.block.as_mut()?;
    let opener = inner_block.span.start;
    let stray = inner_block
        .lines
        .iter()
        .position(|l| matches!(l, Line::Node(n) if !allowed.contains(&n.keyword.text.as_str())));
    let moved = stray.map(|at| inner_block.lines.split_off(at)).unwrap_or_default();
    trim_blank_end(inner_block);
    let before = match moved.first() {
        Some(Line::Node(n)) => n.keyword.span,
        _ => Span::new(close, close + 1),
    };
    let end = ended_at(inner_block);
    inner_block.span.end = end;
    inner.span.end = end;
    lines.extend(moved);
    Some((opener, before, close + 1))
}

/// The keywords of a block nested in another block, for the only one the language has.
fn belongs_in(keyword: &str) -> Option<&'static [&'static str]> {
    (keyword == "disahkan_oleh").then_some(SIGNATORY)
}

fn trim_blank_end(block: &mut Block) {
    while matches!(block.lines.last(), Some(Line::Blank)) {
        block.lines.pop();
    }
}

/// Where a block ends once its lines are cut: after its last line.
fn ended_at(block: &Block) -> usize {
    block.lines.iter().rev().find_map(line_end).unwrap_or(block.span.start + 1)
}

fn line_end(line: &Line) -> Option<usize> {
    match line {
        Line::Blank => None,
        Line::Comment(c) => Some(c.span.end),
        Line::Node(n) => Some(n.comment.as_ref().map_or(n.span.end, |c| c.span.end)),
    }
}

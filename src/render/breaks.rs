//! Where the flowchart's pages break: rows fill a page while they fit, a row taller than a page
//! is split between pages by its lines of text, and every arrow whose ends fall on different
//! pages gets a pair of off-page connectors (with a band for them on both pages).

use std::collections::BTreeMap;
use std::ops::Range;

use super::flow::{Flow, Goal};
use super::font;
use super::page::{Connector, Page};
use super::style::*;

/// What pagination needs to know of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// The height of the whole row.
    pub h: f32,
    /// The lines of text of its tallest cell.
    pub lines: usize,
    /// The least height of the part that holds the symbol (with room for its arrows).
    pub min: f32,
}

/// A row on a page: the whole row, or the part of a split row that fits on that page.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub node: usize,
    pub h: f32,
    /// The lines of each cell's text drawn in this piece.
    pub lines: Range<usize>,
    /// Whether the piece holds the symbol: the whole row, or the first part of a split one.
    pub first: bool,
}

/// One page break crossed by an arrow whose ends are on different pages, with the letter its
/// two connectors share: the one leaving `from_page` and the one arriving on `to_page`.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    pub edge: usize,
    /// Names the pair, in the order of the edges: [`letter_in_reading_order`] gives the letter
    /// printed, once the connectors have their places.
    pub label: String,
    pub from_page: usize,
    pub to_page: usize,
    /// Whether the arrow ends at its target symbol on `to_page` (else it goes on down: the page
    /// is one the arrow passes over).
    pub to_symbol: bool,
}

/// The pages of the flowchart: the pieces of rows on each, the page of each node's symbol and
/// the arrows that cross pages.
#[derive(Debug, Clone, Default)]
pub struct Breaks {
    pub pages: Vec<Vec<Piece>>,
    pub page_of: Vec<usize>,
    pub crossings: Vec<Crossing>,
}

/// Splits the rows into pages of `room` points, leaving room for connector bands only on the
/// pages that need them: starts with none, adds what each split turns out to need, and falls
/// back to a band at both ends of every page if that does not settle.
pub fn paginate(flow: &Flow, sizes: &[Size], room: f32) -> Breaks {
    let mut reserve: Vec<(bool, bool)> = Vec::new();
    for attempt in 0..6 {
        let full = attempt == 5;
        let pages = fill(sizes, |p| {
            let (top, bottom) = if full { (true, true) } else { reserve.get(p).copied().unwrap_or((false, false)) };
            room - STRIP * (f32::from(u8::from(top)) + f32::from(u8::from(bottom)))
        });
        let mut page_of = vec![0usize; flow.nodes.len()];
        let mut last_of = vec![0usize; flow.nodes.len()];
        for (p, pieces) in pages.iter().enumerate() {
            for piece in pieces {
                // A split row's arrows start and end at its symbol, in its first part.
                if let Some(slot) = page_of.get_mut(piece.node).filter(|_| piece.first) {
                    *slot = p;
                }
                if let Some(slot) = last_of.get_mut(piece.node) {
                    *slot = p;
                }
            }
        }
        let crossings = crossings(flow, &page_of, &last_of);
        let need: Vec<(bool, bool)> = (0..pages.len())
            .map(|p| (crossings.iter().any(|c| c.to_page == p), crossings.iter().any(|c| c.from_page == p)))
            .collect();
        let fits = full
            || need.iter().enumerate().all(|(p, &(t, b))| {
                let (rt, rb) = reserve.get(p).copied().unwrap_or((false, false));
                (!t || rt) && (!b || rb)
            });
        if fits {
            return Breaks { pages, page_of, crossings };
        }
        reserve.resize(need.len().max(reserve.len()), (false, false));
        for (slot, (t, b)) in reserve.iter_mut().zip(need) {
            slot.0 |= t;
            slot.1 |= b;
        }
    }
    Breaks::default()
}

/// The height of a piece holding `lines` lines of text.
pub fn text_height(lines: usize) -> f32 {
    font::height(lines, TEXT) + 2.0 * PAD
}

/// How many of the `left` lines of a split row the part in `free` points takes when they do not
/// all fit: at least one, so pagination ends, and at least one left for the next page.
pub fn lines_in(free: f32, left: usize) -> usize {
    let fit = ((free - 2.0 * PAD) / font::height(1, TEXT)).floor().max(1.0) as usize;
    let take = fit.min(left.saturating_sub(1)).max(1);
    // A single line alone at the top of the next page reads as a row of its own: keep two there
    // when this part can spare one.
    if left.saturating_sub(take) == 1 && take > 2 {
        take - 1
    } else {
        take
    }
}

/// Fills pages with rows: page `p` takes rows while they fit in `room(p)`. A row that fits on a
/// page of its own starts a new page; a taller one (which would run off any page) starts where
/// it is when its symbol fits there, takes the rest of each page and goes on, with the lines of
/// text it has left, at the top of the next.
fn fill(sizes: &[Size], room: impl Fn(usize) -> f32) -> Vec<Vec<Piece>> {
    let mut pages: Vec<Vec<Piece>> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut used = 0.0;
    for (node, size) in sizes.iter().enumerate() {
        let fresh = room(pages.len() + usize::from(!current.is_empty()));
        // A row of a single line cannot be split, nor one on pages too small even for the part
        // holding its symbol (a header taller than the page): it keeps a page of its own.
        let split = size.lines >= 2 && size.h > fresh && fresh >= size.min.max(text_height(2));
        let free = room(pages.len()) - used;
        if !current.is_empty() && size.h > free && (!split || free < size.min.max(text_height(1))) {
            pages.push(std::mem::take(&mut current));
            used = 0.0;
        }
        if !split {
            current.push(Piece { node, h: size.h, lines: 0..size.lines, first: true });
            used += size.h;
            continue;
        }
        let mut from = 0;
        loop {
            let free = room(pages.len()) - used;
            let min = if from == 0 { size.min } else { 0.0 };
            let left = size.lines.saturating_sub(from);
            let rest = text_height(left).max(min);
            if rest <= free || left <= 1 {
                current.push(Piece { node, h: rest, lines: from..size.lines, first: from == 0 });
                used += rest;
                break;
            }
            let take = lines_in(free, left);
            // The part takes the rest of the page, so the table reaches the bottom margin.
            let h = free.max(text_height(take)).max(min);
            current.push(Piece { node, h, lines: from..from + take, first: from == 0 });
            pages.push(std::mem::take(&mut current));
            used = 0.0;
            from += take;
        }
    }
    if !current.is_empty() {
        pages.push(current);
    }
    pages
}

/// The page breaks crossed by the edges whose ends are on different pages, each with its
/// connector label. An arrow out of a row split between pages leaves its symbol in the row's
/// first part and goes down through the rest of the row, so it crosses every break the row
/// spans: it gets a pair of connectors at each and is drawn over the pages in between, and a
/// reader can follow it page by page. From the row's last page (or any other row's page) an
/// arrow jumps to its target's page, as the format's connectors do: one pair.
fn crossings(flow: &Flow, page_of: &[usize], last_of: &[usize]) -> Vec<Crossing> {
    let mut crossings = Vec::new();
    for (i, edge) in flow.edges.iter().enumerate() {
        let Goal::Node(to) = edge.to else { continue };
        let (Some(&a), Some(&b)) = (page_of.get(edge.from), page_of.get(to)) else { continue };
        if a == b {
            continue;
        }
        let z = last_of.get(edge.from).copied().unwrap_or(a);
        let mut stops: Vec<usize> = if b > a { (a..=z.min(b)).collect() } else { vec![a] };
        if stops.last() != Some(&b) {
            stops.push(b);
        }
        for leg in stops.windows(2) {
            let [from_page, to_page] = *leg else { continue };
            crossings.push(Crossing {
                edge: i,
                label: letter(crossings.len()),
                from_page,
                to_page,
                to_symbol: to_page == b,
            });
        }
    }
    crossings
}

/// Gives the connectors their letters in reading order, once their places are known: page by
/// page, the band at the top before the one at the bottom, left to right in each. A pair takes
/// the next letter where the reader first meets one of its connectors, so the letters on that
/// page read A, B, C…; its other connector keeps the same letter wherever untangling put it.
/// The letters given by [`paginate`] are only names here, one per pair.
pub fn letter_in_reading_order(pages: &mut [Page]) {
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for page in pages.iter() {
        let mut met: Vec<&Connector> = page.connectors.iter().collect();
        met.sort_by(|a, b| a.outgoing.cmp(&b.outgoing).then(a.rect.x.total_cmp(&b.rect.x)));
        for c in met {
            let next = letter(renamed.len());
            renamed.entry(c.label.clone()).or_insert(next);
        }
    }
    for c in pages.iter_mut().flat_map(|p| p.connectors.iter_mut()) {
        if let Some(new) = renamed.get(&c.label) {
            c.label = new.clone();
        }
    }
}

/// Connector labels: A, B, … Z, AA, AB, …
fn letter(n: usize) -> String {
    let mut n = n;
    let mut s = Vec::new();
    loop {
        s.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.iter().rev().collect()
}

//! The flowchart table: columns, the two header rows, row heights and the cells of a row.

use std::ops::Range;

use super::breaks::{text_height, Size};
use super::flow::{Flow, Node};
use super::font::{self, Metrics};
use super::geom::Rect;
use super::page::{Anchor, Page};
use super::style::*;
use super::text::Labels;

/// A column's left edge and width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Col {
    pub x: f32,
    pub w: f32,
}

impl Col {
    /// The right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
}

/// The columns of the table, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub no: Col,
    pub uraian: Col,
    pub lanes: Vec<Col>,
    pub kelengkapan: Col,
    pub waktu: Col,
    pub output: Col,
    pub keterangan: Col,
}

impl Columns {
    /// Splits the width between the columns: actor columns share about 45 % of it within
    /// [`LANE_MIN`]..[`LANE_MAX`]; the text columns share the rest by fixed weights.
    pub fn new(x: f32, width: f32, lanes: usize) -> Columns {
        let n = lanes.max(1) as f32;
        let mut lane_w = (width * 0.45 / n).clamp(LANE_MIN, LANE_MAX);
        if width - NO_W - n * lane_w < TEXT_MIN {
            lane_w = ((width - NO_W - TEXT_MIN) / n).max(12.0);
        }
        let rest = (width - NO_W - n * lane_w).max(0.0);
        let weights = [3.0, 1.5, 1.2, 1.5, 1.5];
        let total: f32 = weights.iter().sum();
        let [w_uraian, w_kel, w_waktu, w_output, w_ket] = weights.map(|w| rest * w / total);
        let no = Col { x, w: NO_W };
        let uraian = Col { x: no.right(), w: w_uraian };
        let mut lanes_v = Vec::with_capacity(lanes);
        let mut at = uraian.right();
        for _ in 0..lanes.max(1) {
            lanes_v.push(Col { x: at, w: lane_w });
            at += lane_w;
        }
        let kelengkapan = Col { x: at, w: w_kel };
        let waktu = Col { x: kelengkapan.right(), w: w_waktu };
        let output = Col { x: waktu.right(), w: w_output };
        let keterangan = Col { x: output.right(), w: w_ket };
        Columns { no, uraian, lanes: lanes_v, kelengkapan, waktu, output, keterangan }
    }

    /// How many actor columns of at least [`LANE_MIN`] fit beside the text columns in a table
    /// `width` wide.
    pub fn max_lanes(width: f32) -> usize {
        ((width - NO_W - TEXT_MIN) / LANE_MIN).floor().max(0.0) as usize
    }

    /// Widens each actor column that is too narrow for the longest word of its title at the
    /// smallest header size (5 pt), taking the room from the text columns in proportion, so a
    /// header never splits a word; the text columns keep [`TEXT_MIN`] between them, and when
    /// that leaves too little room, each column gets its share of what there is.
    pub fn fit_header_words(&self, metrics: &Metrics, titles: &[String]) -> Columns {
        let need = |title: &str| {
            let word = words(title).map(|w| metrics.width(w, HEAD_MIN, true)).fold(0.0, f32::max);
            word + 2.0 * PAD + 0.5
        };
        let widths: Vec<f32> =
            self.lanes.iter().enumerate().map(|(i, c)| c.w.max(titles.get(i).map_or(0.0, |t| need(t)))).collect();
        let mut extra: f32 = widths.iter().zip(&self.lanes).map(|(w, c)| w - c.w).sum();
        if extra <= 0.0 {
            return self.clone();
        }
        let text = [self.uraian, self.kelengkapan, self.waktu, self.output, self.keterangan];
        let rest: f32 = text.iter().map(|c| c.w).sum();
        let available = (rest - TEXT_MIN).max(0.0);
        let widths: Vec<f32> = if extra > available {
            let share = available / extra;
            extra = available;
            widths.iter().zip(&self.lanes).map(|(w, c)| c.w + (w - c.w) * share).collect()
        } else {
            widths
        };
        let scale = ((rest - extra) / rest.max(1.0)).max(0.0);
        let mut at = self.no.right();
        let mut next = |w: f32| {
            let col = Col { x: at, w };
            at += w;
            col
        };
        let uraian = next(self.uraian.w * scale);
        let lanes = widths.iter().map(|&w| next(w)).collect();
        let kelengkapan = next(self.kelengkapan.w * scale);
        let waktu = next(self.waktu.w * scale);
        let output = next(self.output.w * scale);
        let keterangan = next(self.keterangan.w * scale);
        Columns { no: self.no, uraian, lanes, kelengkapan, waktu, output, keterangan }
    }

    /// The span of the actor columns.
    pub fn lanes_span(&self) -> Col {
        let x = self.lanes.first().map_or(self.uraian.right(), |c| c.x);
        let right = self.lanes.last().map_or(x, Col::right);
        Col { x, w: right - x }
    }

    /// The text columns of a row with what they hold, left to right.
    fn text_cells<'n>(&self, node: &'n Node) -> [(Col, &'n str, Anchor); 6] {
        [
            (self.no, node.number.as_str(), Anchor::Middle),
            (self.uraian, node.text.as_str(), Anchor::Start),
            (self.kelengkapan, node.kelengkapan.as_str(), Anchor::Start),
            (self.waktu, node.waktu.as_str(), Anchor::Start),
            (self.output, node.output.as_str(), Anchor::Start),
            (self.keterangan, node.keterangan.as_str(), Anchor::Start),
        ]
    }
}

/// Wrapped lines of a cell's text.
fn lines(metrics: &Metrics, text: &str, col: Col, size: f32, bold: bool) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    metrics.wrap(text, size, bold, (col.w - 2.0 * PAD).max(4.0))
}

/// The full titles of the actors whose header is cut, printed under the table of every page.
#[derive(Debug, Clone, PartialEq)]
pub struct TitlesNote {
    /// The lead, in bold above the titles.
    lead: String,
    /// The lines of the titles, each title from a new line.
    lines: Vec<String>,
    size: f32,
    /// Its height, with the space above it.
    pub h: f32,
}

/// The space between the table and the note of full titles.
const NOTE_GAP: f32 = 3.0;
/// The share of the table's room on a page the note of full titles may take at most.
const NOTE_SHARE: f32 = 0.25;

/// A header cell's lines and text size: the largest size (down to 5 pt) at which no word of
/// the title has to be split across lines. A title taller than `most` points even then is cut
/// with an ellipsis: the header repeats on every page and must leave room for the rows.
fn head_lines(metrics: &Metrics, text: &str, col: Col, most: f32) -> (Vec<String>, f32) {
    let (wrapped, size, _) = head_cut(metrics, text, col, most);
    (wrapped, size)
}

/// [`head_lines`], and whether the title was cut.
fn head_cut(metrics: &Metrics, text: &str, col: Col, most: f32) -> (Vec<String>, f32, bool) {
    let room = (col.w - 2.0 * PAD).max(4.0);
    let size = [HEAD, 6.5, 6.0, 5.5, HEAD_MIN]
        .into_iter()
        .find(|&size| words(text).all(|w| metrics.width(w, size, true) <= room))
        .unwrap_or(HEAD_MIN);
    let mut wrapped = lines(metrics, text, col, size, true);
    let fit = (most / font::height(1, size)).floor().max(1.0) as usize;
    let cut = wrapped.len() > fit;
    metrics.truncate(&mut wrapped, fit, size, true, room);
    (wrapped, size, cut)
}

/// The note of the full titles of the actors whose header is cut, in a table with `room`
/// points on a page; none when no title is cut. It is set smaller (down to 5 pt) to take at
/// most a quarter of the room, and only a title too long even then is cut there too.
pub fn titles_note(metrics: &Metrics, cols: &Columns, flow: &Flow, labels: &Labels, room: f32) -> Option<TitlesNote> {
    let most = head_room(room);
    let cut: Vec<&String> =
        flow.lanes.iter().zip(&cols.lanes).filter(|(t, c)| head_cut(metrics, t, **c, most).2).map(|(t, _)| t).collect();
    if cut.is_empty() {
        return None;
    }
    let width = cols.keterangan.right() - cols.no.x;
    let wrap = |size: f32| -> Vec<String> { cut.iter().flat_map(|t| metrics.wrap(t, size, false, width)).collect() };
    let cap = room * NOTE_SHARE;
    let height = |lines: usize, size: f32| NOTE_GAP + font::height(lines + 1, size);
    let size =
        [TEXT, 6.0, HEAD_MIN].into_iter().find(|&size| height(wrap(size).len(), size) <= cap).unwrap_or(HEAD_MIN);
    let mut lines = wrap(size);
    let fit = ((cap - NOTE_GAP) / font::height(1, size)).floor().max(2.0) as usize - 1;
    metrics.truncate(&mut lines, fit, size, false, width);
    Some(TitlesNote { lead: labels.get("full_titles"), h: height(lines.len(), size), lines, size })
}

/// Draws the note of full titles under the table, whose bottom is at `y`.
pub fn draw_titles_note(page: &mut Page, cols: &Columns, note: &TitlesNote, y: f32) {
    let top = y + NOTE_GAP;
    page.text_lines(cols.no.x, top, std::slice::from_ref(&note.lead), note.size, true, Anchor::Start);
    page.text_lines(cols.no.x, top + font::height(1, note.size), &note.lines, note.size, false, Anchor::Start);
}

/// The share of the table's room on a page the two header rows may take at most.
const HEADER_SHARE: f32 = 0.4;

/// The height the text of a second-row header cell may take in a table of `room` points.
fn head_room(room: f32) -> f32 {
    room * HEADER_SHARE - font::height(1, HEAD) - 4.0 * PAD
}

/// The smallest size of a header's text.
const HEAD_MIN: f32 = 5.0;

/// The words of a header, which may break after a slash as the wrapping does.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().flat_map(|w| w.split_inclusive('/'))
}

/// The height of the two header rows of a table with `room` points on a page.
pub fn header_height(metrics: &Metrics, cols: &Columns, flow: &Flow, labels: &Labels, room: f32) -> f32 {
    let most = head_room(room);
    let first = font::height(1, HEAD) + 2.0 * PAD;
    let lane_lines = flow
        .lanes
        .iter()
        .zip(&cols.lanes)
        .map(|(title, col)| {
            let (lines, size) = head_lines(metrics, title, *col, most);
            font::height(lines.len(), size)
        })
        .chain(["kelengkapan", "waktu", "output"].iter().zip([cols.kelengkapan, cols.waktu, cols.output]).map(
            |(key, col)| {
                let (lines, size) = head_lines(metrics, &labels.get(key), col, most);
                font::height(lines.len(), size)
            },
        ))
        .fold(font::height(2, HEAD), f32::max);
    first + lane_lines + 2.0 * PAD
}

/// Draws the two header rows of a table with `room` points on a page, their top at `y`.
pub fn draw_header(
    page: &mut Page,
    metrics: &Metrics,
    cols: &Columns,
    flow: &Flow,
    labels: &Labels,
    (y, room): (f32, f32),
) {
    let total = header_height(metrics, cols, flow, labels, room);
    let most = head_room(room);
    let first = font::height(1, HEAD) + 2.0 * PAD;
    let second = total - first;
    let cell = |page: &mut Page, col: Col, top: f32, h: f32, text: &str| {
        page.frame(Rect::new(col.x, top, col.w, h), true);
        let (wrapped, size) = head_lines(metrics, text, col, most);
        let text_top = top + (h - font::height(wrapped.len(), size)) / 2.0;
        page.text_lines(col.x + col.w / 2.0, text_top, &wrapped, size, true, Anchor::Middle);
    };
    cell(page, cols.no, y, total, &labels.get("no"));
    cell(page, cols.uraian, y, total, &labels.get("uraian"));
    cell(page, cols.lanes_span(), y, first, &labels.get("pelaksana"));
    for (col, title) in cols.lanes.iter().zip(&flow.lanes) {
        cell(page, *col, y + first, second, title);
    }
    let mutu = Col { x: cols.kelengkapan.x, w: cols.output.right() - cols.kelengkapan.x };
    cell(page, mutu, y, first, &labels.get("mutu_baku"));
    cell(page, cols.kelengkapan, y + first, second, &labels.get("kelengkapan"));
    cell(page, cols.waktu, y + first, second, &labels.get("waktu"));
    cell(page, cols.output, y + first, second, &labels.get("output"));
    cell(page, cols.keterangan, y, total, &labels.get("keterangan"));
}

/// The size of a node's row: its tallest cell, and at least room for its symbol and the arrows
/// around it.
pub fn row_size(metrics: &Metrics, cols: &Columns, node: &Node) -> Size {
    let lines = cols
        .text_cells(node)
        .iter()
        .map(|(col, text, _)| lines(metrics, text, *col, TEXT, false).len())
        .fold(0, usize::max);
    let min = super::symbols::height(node.shape) + 2.0 * ROW_GAP;
    Size { h: text_height(lines).max(min), lines, min }
}

/// Draws the cells of a row, or of the piece of a split row on this page: frames, and the
/// lines of each cell's text in `shown`. The symbol is drawn by [`super::symbols`].
pub fn draw_row(page: &mut Page, metrics: &Metrics, cols: &Columns, node: &Node, shown: Range<usize>, y: f32, h: f32) {
    for (col, text, anchor) in cols.text_cells(node) {
        page.frame(Rect::new(col.x, y, col.w, h), false);
        let wrapped = lines(metrics, text, col, TEXT, false);
        let part = wrapped.get(shown.start.min(wrapped.len())..shown.end.min(wrapped.len())).unwrap_or_default();
        let x = match anchor {
            Anchor::Middle => col.x + col.w / 2.0,
            _ => col.x + PAD,
        };
        page.text_lines(x, y + PAD, part, TEXT, false, anchor);
    }
    empty_lanes(page, cols, y, h);
}

/// Draws a row without text (a band of off-page connectors).
pub fn draw_blank_row(page: &mut Page, cols: &Columns, y: f32, h: f32) {
    for col in [cols.no, cols.uraian, cols.kelengkapan, cols.waktu, cols.output, cols.keterangan] {
        page.frame(Rect::new(col.x, y, col.w, h), false);
    }
    empty_lanes(page, cols, y, h);
}

fn empty_lanes(page: &mut Page, cols: &Columns, y: f32, h: f32) {
    for col in &cols.lanes {
        page.frame(Rect::new(col.x, y, col.w, h), false);
    }
}

//! What follows the flowchart: the periodic duties (*Tugas Berkala*) as a table of their own,
//! the texts of arrows whose label did not fit beside them, and the legend of symbols. Each part
//! continues on a new page when it does not fit; the duties' header repeats there.

use super::breaks::{lines_in, text_height};
use super::font::{self, Metrics};
use super::geom::{Point, Rect};
use super::page::{Anchor, Page, PageKind, Sample, Shape};
use super::style::*;
use super::table::Col;
use super::text::Labels;
use crate::model::Model;

/// The space between the table and what follows it.
const GAP: f32 = 10.0;
/// The least space above the legend, when it closes the gap to stay on the page.
const LEGEND_GAP: f32 = 3.0;

/// Where the next part goes: the page being filled and the pages before it.
struct Cursor<'a> {
    pages: &'a mut Vec<Page>,
    current: Page,
    y: f32,
    bottom: f32,
    /// The space left under the part drawn last, which the legend may close to stay on the page.
    gap: f32,
}

impl Cursor<'_> {
    /// Makes room for `h` points: a new page when the current one is full.
    fn room(&mut self, h: f32) {
        if self.y + h > self.bottom {
            self.next_page();
        }
    }

    fn next_page(&mut self) {
        let full = std::mem::replace(&mut self.current, Page { kind: PageKind::Flow, ..Page::default() });
        self.pages.push(full);
        self.y = MARGIN + TITLE_H;
        self.gap = 0.0;
    }

    fn page(&mut self) -> &mut Page {
        &mut self.current
    }
}

/// Adds the parts after the table, starting at `y` on the last page.
pub fn build(
    pages: &mut Vec<Page>,
    model: &Model,
    footnotes: &[(String, String)],
    metrics: &Metrics,
    labels: &Labels,
    (width, height): (f32, f32),
    y: f32,
) {
    let current = pages.pop().unwrap_or(Page { kind: PageKind::Flow, ..Page::default() });
    let mut cur = Cursor { pages, current, y: y + GAP, bottom: height - MARGIN - FOOTER_H, gap: GAP };
    let w = width - 2.0 * MARGIN;
    periodic(&mut cur, model, metrics, labels, w);
    notes(&mut cur, footnotes, metrics, labels, w);
    legend(&mut cur, labels, metrics, width);
    let Cursor { pages, current, .. } = cur;
    pages.push(current);
}

/// The full texts of labels replaced by markers (*Catatan pada garis*). The block moves to a
/// new page whole when it fits one; a taller one goes on over the next pages a note at a time,
/// its title repeated.
fn notes(cur: &mut Cursor<'_>, footnotes: &[(String, String)], metrics: &Metrics, labels: &Labels, w: f32) {
    if footnotes.is_empty() {
        return;
    }
    let lines: Vec<(String, Vec<String>)> =
        footnotes.iter().map(|(marker, text)| (marker.clone(), metrics.wrap(text, TEXT, false, w - 30.0))).collect();
    let title_h = font::height(1, TEXT) + 2.0;
    let total: usize = lines.iter().map(|(_, l)| l.len()).sum();
    let block = font::height(total + 1, TEXT) + 6.0;
    let first = lines.first().map_or(0, |(_, l)| l.len());
    let page_room = cur.bottom - (MARGIN + TITLE_H);
    cur.room(if block > page_room { title_h + font::height(first, TEXT) } else { block });
    let title = labels.get("notes");
    let heading = |cur: &mut Cursor<'_>| {
        let y = cur.y;
        cur.page().text_lines(MARGIN, y, std::slice::from_ref(&title), TEXT, true, Anchor::Start);
        cur.y += title_h;
    };
    heading(cur);
    let line = font::height(1, TEXT);
    for (marker, text) in lines {
        let mut from = 0;
        // A note that fits a page moves to the next page whole; a taller one fills each page
        // and goes on at the top of the next, under the title repeated.
        while from < text.len() {
            let left = text.len() - from;
            let tall = font::height(left, TEXT) > page_room - title_h;
            let before = cur.pages.len();
            cur.room(font::height(if tall { left.min(2) } else { left }, TEXT));
            if cur.pages.len() != before {
                heading(cur);
            }
            let take = (((cur.bottom - cur.y) / line).floor().max(1.0) as usize).min(left);
            let part = text.get(from..from + take).unwrap_or_default();
            let (y, page) = (cur.y, cur.page());
            if from == 0 {
                page.text_lines(MARGIN, y, std::slice::from_ref(&marker), TEXT, false, Anchor::Start);
            }
            page.text_lines(MARGIN + 24.0, y, part, TEXT, false, Anchor::Start);
            cur.y += font::height(take, TEXT);
            from += take;
            if from < text.len() {
                cur.next_page();
                heading(cur);
            }
        }
    }
    cur.y += 8.0;
    cur.gap = 8.0;
}

/// The duties table: No, Uraian Kegiatan, Pelaksana, Frekuensi, Output, Keterangan.
fn periodic(cur: &mut Cursor<'_>, model: &Model, metrics: &Metrics, labels: &Labels, w: f32) {
    if model.periodic.is_empty() {
        return;
    }
    let fractions = [0.0, 0.36, 0.2, 0.12, 0.16, 0.16];
    let mut cols = Vec::new();
    let mut x = MARGIN;
    for (i, f) in fractions.iter().enumerate() {
        let cw = if i == 0 { NO_W } else { (w - NO_W) * f };
        cols.push(Col { x, w: cw });
        x += cw;
    }
    let heads = ["no", "uraian", "pelaksana", "frekuensi", "output", "keterangan"].map(|k| labels.get(k));
    let rows: Vec<[String; 6]> = model
        .periodic
        .iter()
        .enumerate()
        .map(|(i, duty)| {
            let actors: Vec<&str> =
                duty.actors.iter().filter_map(|&a| model.actors.get(a)).map(|a| a.title.as_str()).collect();
            let freq = duty.waktu.clone().unwrap_or_else(|| labels.every(duty.every));
            [
                (i + 1).to_string(),
                duty.text.clone(),
                actors.join(", "),
                freq,
                duty.output.clone().unwrap_or_default(),
                duty.keterangan.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let wrap = |cells: &[String; 6], bold: bool| -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&cols)
            .map(|(t, c)| if t.is_empty() { Vec::new() } else { metrics.wrap(t, TEXT, bold, c.w - 2.0 * PAD) })
            .collect()
    };
    let head_lines = wrap(&heads, true);
    let head_h = font::height(head_lines.iter().map(Vec::len).max().unwrap_or(1), TEXT) + 2.0 * PAD;
    let caption_h = font::height(1, TEXT) + 4.0;
    // The room under the caption and the header on a page of its own.
    let page_room = cur.bottom - (MARGIN + TITLE_H) - caption_h - head_h;
    let mut need_header = true;
    for row in &rows {
        let lines = wrap(row, false);
        let total = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut from = 0;
        // A duty taller than a page is split as the flowchart's rows are: it starts where it is
        // when two of its lines fit, and goes on at the top of the next page, header repeated.
        while from < total {
            let left = total - from;
            let whole = text_height(left);
            let least = if left >= 2 && whole > page_room { text_height(2) } else { whole };
            let before = cur.pages.len();
            cur.room(least + if need_header { head_h + caption_h } else { 0.0 });
            if cur.pages.len() != before || need_header {
                let title = labels.get("periodic");
                let y = cur.y;
                cur.page().text_lines(MARGIN, y, &[title], TEXT, true, Anchor::Start);
                cur.y += caption_h;
                let y = cur.y;
                draw_cells(cur.page(), &cols, &head_lines, y, head_h, true);
                cur.y += head_h;
                need_header = false;
            }
            let free = cur.bottom - cur.y;
            let take = if whole <= free { left } else { lines_in(free, left) };
            let h = if take == left { whole } else { free.max(text_height(take)) };
            let part: Vec<Vec<String>> = lines
                .iter()
                .map(|l| l.get(from.min(l.len())..(from + take).min(l.len())).unwrap_or_default().to_vec())
                .collect();
            let y = cur.y;
            draw_cells(cur.page(), &cols, &part, y, h, false);
            cur.y += h;
            from += take;
            if from < total {
                cur.next_page();
                need_header = true;
            }
        }
    }
    cur.y += 8.0;
    cur.gap = 8.0;
}

fn draw_cells(page: &mut Page, cols: &[Col], lines: &[Vec<String>], y: f32, h: f32, head: bool) {
    for (i, (col, text)) in cols.iter().zip(lines).enumerate() {
        page.frame(Rect::new(col.x, y, col.w, h), head);
        if head || i == 0 {
            page.text_lines(col.x + col.w / 2.0, y + PAD, text, TEXT, head, Anchor::Middle);
        } else {
            page.text_lines(col.x + PAD, y + PAD, text, TEXT, false, Anchor::Start);
        }
    }
}

/// The legend: its title and each symbol with what it means, in as few lines as the width
/// allows (the page number keeps its corner). It may use the footer band beside the page
/// number, and close the gap above it, so that it seldom needs a page of its own.
fn legend(cur: &mut Cursor<'_>, labels: &Labels, metrics: &Metrics, width: f32) {
    const LINE_H: f32 = 18.0;
    let title = format!("{}:", labels.get("legend"));
    let items: Vec<(String, usize)> =
        ["legend_terminator", "legend_process", "legend_decision", "legend_connector", "legend_timer"]
            .iter()
            .enumerate()
            .map(|(kind, key)| (labels.get(key), kind))
            .collect();
    let start = MARGIN + metrics.width(&title, TEXT, true) + 12.0;
    let right = width - MARGIN - 80.0;
    let mut placed: Vec<(f32, usize, String, usize)> = Vec::new();
    let (mut x, mut line) = (start, 0usize);
    for (text, kind) in items {
        let w = 34.0 + metrics.width(&text, TEXT, false);
        if x + w > right && x > start {
            x = start;
            line += 1;
        }
        placed.push((x, line, text, kind));
        x += w + 18.0;
    }
    let h = (line + 1) as f32 * LINE_H;
    let footer_bottom = cur.bottom + FOOTER_H;
    // Rather than take a page of its own, the legend moves up into the gap above it.
    let close = (cur.gap - LEGEND_GAP).max(0.0);
    if cur.y + h > footer_bottom && cur.y - close + h <= footer_bottom {
        cur.y -= close;
    }
    if cur.y + h > footer_bottom {
        cur.room(h);
    }
    let top = cur.y;
    cur.page().text_lines(MARGIN, top + 8.0 - TEXT * 0.6, &[title], TEXT, true, Anchor::Start);
    for (x, line, text, kind) in placed {
        let row = top + line as f32 * LINE_H;
        let sample = match kind {
            0 => Sample::Shape(Shape::Terminator, Rect::new(x, row + 2.0, 28.0, 12.0)),
            1 => Sample::Shape(Shape::Process, Rect::new(x, row + 2.0, 28.0, 12.0)),
            2 => Sample::Shape(Shape::Decision, Rect::new(x + 4.0, row, 20.0, 16.0)),
            3 => Sample::Connector(Rect::new(x + 7.0, row + 1.0, 14.0, 14.0)),
            _ => Sample::Dashed(Point::new(x, row + 8.0), Point::new(x + 28.0, row + 8.0)),
        };
        let page = cur.page();
        page.samples.push(sample);
        page.text_lines(x + 34.0, row + 8.0 - TEXT * 0.6, &[text], TEXT, false, Anchor::Start);
    }
    cur.y = top + h;
}

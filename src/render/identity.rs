//! The identity page of the SOP-AP format: the header table (logo, instansi, nomor, dates,
//! *disahkan oleh*, nama SOP) and the six fields below it in two columns. Blank fields are
//! blank cells. The text shrinks until the page fits; an identity too long even at the smallest
//! size goes on over the next pages.

use super::font::{self, Metrics};
use super::geom::Rect;
use super::page::{Anchor, Frame, Page, PageKind, Text};
use super::style::{MARGIN, PAD};
use super::text::Labels;
use crate::model::{is_blank, Field, Identity, Model};

/// Sizes tried, largest first.
const SIZES: [f32; 5] = [9.0, 8.0, 7.0, 6.0, 5.0];
/// Side of the logo box.
const LOGO: f32 = 56.0;

/// The lines of one list entry of two or more lines, which a page's end should not cut.
#[derive(Debug, Clone, Copy)]
struct Entry {
    top: f32,
    line: f32,
    lines: usize,
    /// The cell it is in.
    cell: Rect,
}

impl Entry {
    fn height(&self) -> f32 {
        self.lines as f32 * self.line
    }

    /// How many of its lines lie above and below `y`, when `y` cuts through it.
    fn cut_at(&self, y: f32) -> Option<(usize, usize)> {
        let bottom = self.top + self.height();
        let above = ((y - self.top) / self.line).round() as usize;
        (y > self.top + 0.01 && y < bottom - 0.01).then(|| (above, self.lines.saturating_sub(above)))
    }
}

/// Lays out the identity page, or pages when it does not fit one even at the smallest size.
pub fn build(model: &Model, metrics: &Metrics, labels: &Labels, width: f32, height: f32, logo: bool) -> Vec<Page> {
    let empty = Identity::default();
    let identity = model.identity.as_ref().unwrap_or(&empty);
    let room = height - 2.0 * MARGIN - super::style::FOOTER_H;
    let (mut last, mut entries) = (Page::default(), Vec::new());
    for size in SIZES {
        let mut page = Page { kind: PageKind::Identity, ..Page::default() };
        entries.clear();
        let used = draw(&mut page, &mut entries, model, identity, metrics, labels, width, size, logo);
        if used <= room {
            return vec![page];
        }
        last = page;
    }
    // Smaller than 5 pt cannot be read: the document takes another page instead, as a table
    // row taller than a page does.
    slice(&last, &entries, room)
}

/// Cuts a page drawn taller than `room` into pages of `room` points under the top margin. Each
/// cut falls between lines of text, at a cell's edge when one lies in the lower half of the
/// page, never right under a heading; a cell across a cut is drawn in part on both pages, so
/// the tables stay closed, and the headings over it are repeated on the next page. As
/// typesetters do, a cut keeps the lines of each list entry together (the entry moves to the
/// next page whole) when it can do so in the lower half of the page, and else never leaves
/// one of them alone on either page: where no line's end in one column falls between entries
/// in the other, the entries the cut would leave a line of alone move to the next page whole,
/// with blank room above them in their cell.
fn slice(tall: &Page, entries: &[Entry], room: f32) -> Vec<Page> {
    let (mut tall, mut entries) = (tall.clone(), entries.to_vec());
    let mut pages = Vec::new();
    let (mut start, mut heads) = (MARGIN, Vec::new());
    loop {
        let mut heads_h = heads.iter().map(|f: &Frame| f.rect.h).fold(0.0, f32::max);
        // Headings are one line tall; were they ever half a page, repeating them would leave
        // too little room to get on.
        if heads_h > room / 2.0 {
            heads.clear();
            heads_h = 0.0;
        }
        let end = tall.boxes.iter().map(|b| b.rect.bottom()).chain(spans(&tall).map(|s| s.1)).fold(MARGIN, f32::max);
        if end <= start + room - heads_h {
            pages.push(window(&tall, (start, end.max(start)), &heads));
            return pages;
        }
        let (cut, through_entries) = find_cut(&tall, &entries, start, room, heads_h);
        if through_entries {
            move_whole(&mut tall, &mut entries, cut, start, room - heads_h);
        }
        pages.push(window(&tall, (start, cut), &heads));
        // The shaded headings right above a cell the cut goes through.
        let cells = tall
            .boxes
            .iter()
            .filter(|b| !b.shaded && !b.thick && b.rect.y < cut - 0.01 && b.rect.bottom() > cut + 0.01);
        let tops: Vec<f32> = cells.map(|b| b.rect.y).collect();
        heads = tall
            .boxes
            .iter()
            .filter(|b| b.shaded && tops.iter().any(|&t| (b.rect.bottom() - t).abs() < 0.01))
            .copied()
            .collect();
        start = cut;
    }
}

/// The line box of each text line (as `Page::text_lines` sets them, one under the other).
fn spans(tall: &Page) -> impl Iterator<Item = (f32, f32)> + '_ {
    tall.texts.iter().map(|t| (t.y - t.size * 0.93, t.y + t.size * (font::LINE - 0.93)))
}

/// Where the page from `start` ends, and whether only a cut through list entries was left (the
/// last resort, when every line's end in one column falls inside an entry in the other).
fn find_cut(tall: &Page, entries: &[Entry], start: f32, room: f32, heads_h: f32) -> (f32, bool) {
    let spans: Vec<(f32, f32)> = spans(tall).collect();
    let off = |y: f32, (top, bottom): (f32, f32)| y <= top + 0.01 || y >= bottom - 0.01;
    // A heading stays whole and with what it heads.
    let heading = |y: f32| tall.boxes.iter().any(|b| b.shaded && b.rect.y < y - 0.01 && b.rect.bottom() > y - 0.01);
    let clear = |y: f32| spans.iter().all(|&span| off(y, span)) && !heading(y);
    let paired = |y: f32| clear(y) && entries.iter().filter_map(|e| e.cut_at(y)).all(|(a, b)| a >= 2 && b >= 2);
    let edges: Vec<f32> = tall.boxes.iter().flat_map(|b| [b.rect.y, b.rect.bottom()]).collect();
    let gaps: Vec<f32> = spans.iter().map(|s| s.1).collect();
    let limit = start + room - heads_h;
    // An entry taller than a page is cut wherever it must be: moving it would not keep it whole.
    let whole = |y: f32| clear(y) && entries.iter().all(|e| e.cut_at(y).is_none() || e.height() > room - heads_h);
    let lowest = |ys: &[f32], above: f32, fits: &dyn Fn(f32) -> bool| {
        ys.iter().copied().filter(|&y| y > above && y <= limit && fits(y)).reduce(f32::max)
    };
    let lower_half = start + room / 2.0;
    let cut = lowest(&edges, lower_half, &whole)
        .or_else(|| lowest(&gaps, lower_half, &whole))
        .or_else(|| lowest(&gaps, start, &paired));
    match cut {
        Some(cut) => (cut, false),
        None => lowest(&gaps, start, &clear).map_or((limit, false), |cut| (cut, true)),
    }
}

/// Moves to the next page whole each entry that fits on a page and that `cut` would leave a
/// line of alone, by blank room above it in its cell; not one that opens the page already.
fn move_whole(tall: &mut Page, entries: &mut [Entry], cut: f32, start: f32, page_room: f32) {
    for k in 0..entries.len() {
        let Some(e) = entries.get(k).copied() else { continue };
        let lonely = e.cut_at(cut).is_some_and(|(above, below)| above < 2 || below < 2);
        if lonely && e.height() <= page_room && e.top > start + 0.01 {
            make_room(tall, entries, e, cut - e.top);
        }
    }
}

/// Pushes the lines of `e`'s cell from `e` on down by `d`, and what lies under the cell's row
/// down as far as the cell must grow for them (the cell beside it grows with it).
fn make_room(tall: &mut Page, entries: &mut [Entry], e: Entry, d: f32) {
    let cell = e.cell;
    let line_top = |t: &Text| t.y - t.size * 0.93;
    let in_cell = |t: &Text| t.x >= cell.x && t.x < cell.right() && line_top(t) > cell.y && line_top(t) < cell.bottom();
    let content = tall.texts.iter().filter(|t| in_cell(t)).map(|t| t.y + t.size * (font::LINE - 0.93));
    let grow = (content.fold(cell.y, f32::max) + d + PAD - cell.bottom()).max(0.0);
    // Which lines and entries move down in the cell, chosen before anything moves.
    let pushed: Vec<bool> = tall.texts.iter().map(|t| in_cell(t) && line_top(t) >= e.top - 0.01).collect();
    let pushed_entries: Vec<bool> = entries.iter().map(|o| o.cell == cell && o.top >= e.top - 0.01).collect();
    let row_end = cell.bottom();
    // What straddles the row's end grows (the row's cells, the outer frame); what is below moves.
    let shift = |r: &mut Rect| {
        if r.y >= row_end - 0.01 {
            r.y += grow;
        } else if r.bottom() > row_end - 0.01 {
            r.h += grow;
        }
    };
    tall.boxes.iter_mut().for_each(|b| shift(&mut b.rect));
    for (t, &pushed) in tall.texts.iter_mut().zip(&pushed) {
        if pushed {
            t.y += d;
        } else if line_top(t) >= row_end - 0.01 {
            t.y += grow;
        }
    }
    for (o, &pushed) in entries.iter_mut().zip(&pushed_entries) {
        if pushed {
            o.top += d;
        } else if o.top >= row_end - 0.01 {
            o.top += grow;
        }
        shift(&mut o.cell);
    }
}

/// The part of `tall` between `top` and `bottom`, moved up to start at the top margin, under
/// the repeated `heads` (and their text).
fn window(tall: &Page, (top, bottom): (f32, f32), heads: &[Frame]) -> Page {
    let mut page = Page { kind: PageKind::Identity, ..Page::default() };
    let mut heads_h = 0.0;
    for head in heads {
        let shift = MARGIN - head.rect.y;
        page.boxes.push(Frame { rect: Rect { y: MARGIN, ..head.rect }, ..*head });
        let inside = tall.texts.iter().filter(|t| t.y > head.rect.y && t.y < head.rect.bottom());
        page.texts.extend(inside.map(|t| Text { y: t.y + shift, ..t.clone() }));
        heads_h = f32::max(heads_h, head.rect.h);
    }
    let shift = MARGIN + heads_h - top;
    for frame in &tall.boxes {
        let (y0, y1) = (frame.rect.y.max(top) + shift, frame.rect.bottom().min(bottom) + shift);
        // The outer frame goes on around the repeated headings too.
        let y0 = if frame.thick && frame.rect.y < top { MARGIN } else { y0 };
        if y1 - y0 > 0.01 {
            page.boxes.push(Frame { rect: Rect::new(frame.rect.x, y0, frame.rect.w, y1 - y0), ..*frame });
        }
    }
    let inside = tall.texts.iter().filter(|t| t.y >= top && t.y < bottom);
    page.texts.extend(inside.map(|t| Text { y: t.y + shift, ..t.clone() }));
    page
}

fn field(f: &Option<Field>) -> String {
    f.as_ref().filter(|f| !f.is_blank()).map(|f| f.text.clone()).unwrap_or_default()
}

/// A *disahkan oleh* part: blank when left out or written as `-`.
fn part(text: &Option<String>) -> String {
    text.as_deref().filter(|t| !is_blank(t)).map(str::trim).unwrap_or_default().to_string()
}

/// Draws everything at text size `size`; returns the height used.
#[allow(clippy::too_many_arguments)]
fn draw(
    page: &mut Page,
    entries: &mut Vec<Entry>,
    model: &Model,
    id: &Identity,
    metrics: &Metrics,
    labels: &Labels,
    width: f32,
    size: f32,
    logo: bool,
) -> f32 {
    let x0 = MARGIN;
    let w = width - 2.0 * MARGIN;
    let left_w = w * 0.42;
    let right_x = x0 + left_w;
    let key_w = w * 0.17;
    let val_x = right_x + key_w;
    let val_w = x0 + w - val_x;
    let line = font::height(1, size);
    let mut y = MARGIN;
    // Right half: one row per field.
    let mut rows: Vec<(String, Vec<(String, bool)>)> = vec![
        (labels.get("nomor"), vec![(field(&id.nomor), false)]),
        (labels.get("tanggal_pembuatan"), vec![(field(&id.tanggal_pembuatan), false)]),
        (labels.get("tanggal_revisi"), vec![(field(&id.tanggal_revisi), false)]),
        (labels.get("tanggal_efektif"), vec![(field(&id.tanggal_efektif), false)]),
    ];
    if id.tanggal_pengesahan.as_ref().is_some_and(|f| !f.is_blank()) {
        rows.push((labels.get("tanggal_pengesahan"), vec![(field(&id.tanggal_pengesahan), false)]));
    }
    let sig = id.disahkan_oleh.clone().unwrap_or_default();
    let mut signed = vec![(part(&sig.jabatan), true), (String::new(), false), (String::new(), false)];
    signed.push((part(&sig.nama), true));
    signed.push((part(&sig.pangkat), false));
    let nip = part(&sig.nip);
    if !nip.is_empty() {
        signed.push((format!("{} {nip}", labels.get("nip")), false));
    }
    rows.push((labels.get("disahkan_oleh"), signed));
    rows.push((labels.get("nama_sop"), vec![(model.name.clone(), true)]));
    let top = y;
    for (key, values) in &rows {
        let key_lines = metrics.wrap(key, size, false, key_w - 2.0 * PAD);
        let mut value_lines: Vec<(String, bool)> = Vec::new();
        for (text, bold) in values {
            if text.is_empty() {
                value_lines.push((String::new(), false));
            } else {
                value_lines.extend(metrics.wrap(text, size, *bold, val_w - 2.0 * PAD).into_iter().map(|l| (l, *bold)));
            }
        }
        let h = font::height(key_lines.len().max(value_lines.len()), size) + 2.0 * PAD;
        page.frame(Rect::new(right_x, y, key_w, h), false);
        page.frame(Rect::new(val_x, y, val_w, h), false);
        page.text_lines(right_x + PAD, y + PAD, &key_lines, size, false, Anchor::Start);
        for (i, (text, bold)) in value_lines.iter().enumerate() {
            let top_i = y + PAD + i as f32 * line;
            page.text_lines(val_x + PAD, top_i, std::slice::from_ref(text), size, *bold, Anchor::Start);
        }
        y += h;
    }
    // Left half: logo box and the instansi lines, centred.
    let block_h = y - top;
    page.frame(Rect::new(x0, top, left_w, block_h), false);
    let (text_x, text_w) = if logo {
        let side = LOGO.min(block_h - 2.0 * PAD).max(0.0);
        let logo_rect = Rect::new(x0 + 2.0 * PAD, top + (block_h - side) / 2.0, side, side);
        page.frame(logo_rect, false);
        let label = labels.get("logo");
        page.text_lines(
            logo_rect.center().x,
            logo_rect.center().y - line / 2.0,
            &[label],
            size * 0.8,
            false,
            Anchor::Middle,
        );
        (logo_rect.right() + PAD, left_w - side - 4.0 * PAD)
    } else {
        (x0 + PAD, left_w - 2.0 * PAD)
    };
    let head = size + 1.0;
    let instansi: Vec<String> = id.instansi.iter().flat_map(|i| metrics.wrap(i, head, true, text_w - PAD)).collect();
    let text_top = top + (block_h - font::height(instansi.len(), head)) / 2.0;
    page.text_lines(text_x + text_w / 2.0, text_top, &instansi, head, true, Anchor::Middle);
    // Below: three pairs of list fields.
    let dasar: Vec<String> = id.dasar_hukum.iter().filter(|f| !f.is_blank()).map(|f| f.text.clone()).collect();
    // A list field written as `-` is a blank cell, as in the originals.
    let items = |list: &[String]| list.iter().filter(|t| !is_blank(t)).cloned().collect::<Vec<_>>();
    let pairs = [
        (("dasar_hukum", dasar), ("kualifikasi", items(&id.kualifikasi))),
        (("keterkaitan", items(&id.keterkaitan)), ("peralatan", items(&id.peralatan))),
        (("peringatan", items(&id.peringatan)), ("pencatatan", items(&id.pencatatan))),
    ];
    let half = w / 2.0;
    for ((lk, litems), (rk, ritems)) in pairs {
        let head_h = line + 2.0 * PAD;
        for (i, key) in [lk, rk].iter().enumerate() {
            let x = x0 + i as f32 * half;
            page.frame(Rect::new(x, y, half, head_h), true);
            page.text_lines(x + PAD, y + PAD, &[labels.get(key).to_uppercase()], size, true, Anchor::Start);
        }
        y += head_h;
        let left = list(metrics, &litems, size, half - 2.0 * PAD);
        let right = list(metrics, &ritems, size, half - 2.0 * PAD);
        let indents = [litems.len() > 1, ritems.len() > 1].map(|numbered| if numbered { size * 1.6 } else { 0.0 });
        let count = |entries: &[Vec<(String, String)>]| entries.iter().map(Vec::len).sum::<usize>();
        let h = font::height(count(&left).max(count(&right)).max(1), size) + 2.0 * PAD;
        for (i, items) in [left, right].iter().enumerate() {
            let x = x0 + i as f32 * half;
            page.frame(Rect::new(x, y, half, h), false);
            let mut k0 = 0;
            for entry in items {
                if entry.len() >= 2 {
                    let cell = Rect::new(x, y, half, h);
                    entries.push(Entry { top: y + PAD + k0 as f32 * line, line, lines: entry.len(), cell });
                }
                k0 += entry.len();
            }
            for (k, (prefix, text)) in items.iter().flatten().enumerate() {
                let top_k = y + PAD + k as f32 * line;
                if !prefix.is_empty() {
                    page.text_lines(x + PAD, top_k, std::slice::from_ref(prefix), size, false, Anchor::Start);
                }
                let indent = indents.get(i).copied().unwrap_or(0.0);
                page.text_lines(x + PAD + indent, top_k, std::slice::from_ref(text), size, false, Anchor::Start);
            }
        }
        y += h;
    }
    page.boxes.push(Frame { rect: Rect::new(x0, top, w, y - top), shaded: false, thick: true });
    y - top
}

/// A list as the (number or blank, line) pairs of each item: numbered with a hanging indent
/// when it has more than one item.
fn list(metrics: &Metrics, items: &[String], size: f32, width: f32) -> Vec<Vec<(String, String)>> {
    let numbered = items.len() > 1;
    let indent = if numbered { size * 1.6 } else { 0.0 };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let lines = metrics.wrap(item, size, false, width - indent);
        let prefix = |k: usize| if k == 0 && numbered { format!("{}.", i + 1) } else { String::new() };
        out.push(lines.into_iter().enumerate().map(|(k, line)| (prefix(k), line)).collect());
    }
    out
}

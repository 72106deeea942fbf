//! Content taller than a page that is not a table row: a header whose actor title alone would
//! fill the page, and a single note on an arrow (*Catatan pada garis*) longer than a page. Each
//! is cut or goes on over the next pages so that nothing is drawn outside its page, and a cut
//! actor title is printed in full under the table.
#![allow(clippy::panic, clippy::indexing_slicing)]

mod common;

use sop::render::{self, Layout, Options, Paper, Rect};

/// The page margin, and the bottom margin with the page-number band below the table.
const MARGIN: f32 = 28.35;
const BELOW_TABLE: f32 = 28.35 + 14.0;

fn papers() -> [Options; 3] {
    [
        Options::default(),
        Options { portrait: true, ..Options::default() },
        Options { paper: Paper::F4, ..Options::default() },
    ]
}

/// The layouts of `source` on each paper, named by their options, each checked to stay on its
/// pages.
fn layouts_within_pages(source: &str) -> Vec<(String, Layout)> {
    let model = common::model_of(source);
    papers()
        .into_iter()
        .map(|options| {
            let name = format!("{options:?}");
            let layout = render::layout(&model, &options);
            assert_all_within_pages(&name, &layout);
            (name, layout)
        })
        .collect()
}

/// Every frame, row, symbol, connector, arrow point and label above the page-number band, and
/// every text above the bottom margin, inside the page's width.
fn assert_all_within_pages(name: &str, layout: &Layout) {
    let bottom = layout.height - BELOW_TABLE;
    for page in &layout.pages {
        let n = page.number;
        let inside = |r: &Rect, bottom: f32| {
            r.x >= -0.01 && r.y >= -0.01 && r.right() <= layout.width + 0.01 && r.bottom() <= bottom + 0.01
        };
        let mut rects: Vec<(&str, Rect)> = page.boxes.iter().map(|b| ("a cell", b.rect)).collect();
        rects.extend(page.rows.iter().map(|r| ("a row", Rect::new(0.0, r.y, 1.0, r.h))));
        rects.extend(page.symbols.iter().flat_map(|s| s.parts.iter().map(|p| ("a symbol", *p))));
        rects.extend(page.connectors.iter().map(|c| ("a connector", c.rect)));
        rects.extend(page.labels.iter().map(|l| ("a label", l.rect)));
        rects.extend(
            page.routes.iter().flat_map(|r| r.points.iter().map(|p| ("an arrow", Rect::new(p.x, p.y, 0.0, 0.0)))),
        );
        for (what, r) in rects {
            assert!(inside(&r, bottom), "{name}, page {n}: {what} {r:?} runs off the page");
        }
        for text in &page.texts {
            let at = Rect::new(text.x, text.y - text.size * 0.93, 0.0, text.size);
            assert!(inside(&at, layout.height - MARGIN), "{name}, page {n}: '{}' runs off the page", text.text);
        }
    }
}

#[test]
fn an_actor_title_too_tall_for_the_header_is_cut_and_the_table_fits_under_it() {
    // An actor title so long that the header alone would fill the page.
    let title = ["Pejabat"; 600].join(" ");
    let kelengkapan: String = (1..=60).map(|i| format!("  kelengkapan \"Syarat {i:02}\"\n")).collect();
    let source = format!(
        "sop \"X\"\nactor a \"{title}\"\nactor b \"B\"\nstep s1 1 \"Satu\" {{\n  by a\n{kelengkapan}}}\n\
         step s2 2 \"Dua\" {{\n  by b\n}}\n"
    );
    for (name, layout) in layouts_within_pages(&source) {
        let flow = &layout.pages[1..];
        // The title is cut, with an ellipsis, the same on every page.
        for page in flow.iter().filter(|p| !p.rows.is_empty()) {
            assert!(page.texts.iter().any(|t| t.bold && t.text.ends_with('…')), "{name}: the title is not cut");
        }
        // The header leaves room for the rows: each line of step 1 once, in order.
        let seen: Vec<&str> = flow
            .iter()
            .flat_map(|p| &p.texts)
            .filter(|t| t.text.starts_with("Syarat "))
            .map(|t| t.text.as_str())
            .collect();
        let expected: Vec<String> = (1..=60).map(|i| format!("Syarat {i:02}")).collect();
        assert_eq!(seen, expected, "{name}: a line of step 1 is lost, repeated or out of order");
        assert!(layout.pages.len() <= 6, "{name}: {} pages for two rows", layout.pages.len());
    }
}

#[test]
fn an_actor_title_cut_in_the_header_is_printed_in_full_under_the_table_of_each_page() {
    // 250 numbered words: more than the header holds at 5 pt on any paper, but few enough for
    // a note across the table's width. Step 1 is tall enough to fill more than one page.
    let words: Vec<String> = (1..=250).map(|i| format!("Pejabat{i:03}")).collect();
    let kelengkapan: String = (1..=90).map(|i| format!("  kelengkapan \"Syarat {i:02}\"\n")).collect();
    let source = format!(
        "sop \"X\"\nactor a \"{}\"\nactor b \"Bendahara Pengeluaran\"\nstep s1 1 \"Satu\" {{\n  by a\n{kelengkapan}}}\n\
         step s2 2 \"Dua\" {{\n  by b\n}}\n",
        words.join(" ")
    );
    for (name, layout) in layouts_within_pages(&source) {
        let tables: Vec<_> = layout.pages.iter().filter(|p| !p.rows.is_empty()).collect();
        assert!(tables.len() >= 2, "{name}: the table fits on one page");
        for page in tables {
            let n = page.number;
            assert!(page.texts.iter().any(|t| t.bold && t.text.ends_with('…')), "{name}, page {n}: title not cut");
            // The note: the full title, once, below the last row; the other title is not in it.
            let below = page.rows.iter().map(|r| r.y + r.h).fold(0.0, f32::max);
            let note: Vec<&render::Text> = page.texts.iter().filter(|t| t.y > below).collect();
            let lead = note.iter().any(|t| t.bold && t.text == "Judul lengkap Pelaksana");
            assert!(lead, "{name}, page {n}: no note of the full titles under the table");
            let lines = note.iter().filter(|t| !t.bold && t.text.starts_with("Pejabat"));
            let text: Vec<&str> = lines.flat_map(|t| t.text.split(' ')).collect();
            assert_eq!(text, words, "{name}, page {n}: the full title is not under the table");
        }
    }
    // A title that fits its header is not repeated under the table.
    for (name, layout) in layouts_within_pages(&source.replace(&words.join(" "), "Petugas Loket")) {
        let lead = layout.pages.iter().flat_map(|p| &p.texts).any(|t| t.text == "Judul lengkap Pelaksana");
        assert!(!lead, "{name}: a note of full titles though no title is cut");
    }
}

#[test]
fn a_single_note_on_an_arrow_longer_than_a_page_goes_on_over_the_next_pages() {
    // A branch label of 3,000 numbered words: far too long to stand beside its arrow, so it is
    // printed under *Catatan pada garis*, where it fills more than a page.
    let words: Vec<String> = (1..=3000).map(|i| format!("k{i:04}")).collect();
    let source = format!(
        "sop \"Catatan\"\nactor a \"Petugas\"\ndecision s1 1 \"Memeriksa\" {{\n  by a\n  option -> s2 \"{}\"\n  \
         option -> end \"Tolak\"\n}}\nstep s2 2 \"Menyerahkan\" {{\n  by a\n}}\n",
        words.join(" ")
    );
    for (name, layout) in layouts_within_pages(&source) {
        let mut seen = Vec::new();
        let mut pages = Vec::new();
        for page in &layout.pages {
            let here: Vec<&str> = page
                .texts
                .iter()
                .filter(|t| t.text.starts_with('k') && (t.x - (MARGIN + 24.0)).abs() < 0.01)
                .flat_map(|t| t.text.split(' '))
                .collect();
            if here.is_empty() {
                continue;
            }
            pages.push(page.number);
            let title = page.texts.iter().any(|t| t.bold && t.text == "Catatan pada garis");
            assert!(title, "{name}, page {}: the note goes on without its title", page.number);
            seen.extend(here);
        }
        assert!(pages.len() >= 2, "{name}: the note fits on one page: {pages:?}");
        assert!(pages.windows(2).all(|w| w[1] == w[0] + 1), "{name}: the note skips a page: {pages:?}");
        assert_eq!(seen, words, "{name}: a word of the note is lost, repeated or out of order");
    }
}

#[test]
fn a_single_keterangan_longer_than_a_page_is_split_with_its_row() {
    let words: Vec<String> = (1..=2500).map(|i| format!("c{i:04}")).collect();
    let source = format!(
        "sop \"Keterangan\"\nactor a \"Petugas\"\nstep s1 1 \"Menerima\" {{\n  by a\n  keterangan \"{}\"\n}}\n\
         step s2 2 \"Menyerahkan\" {{\n  by a\n}}\n",
        words.join(" ")
    );
    for (name, layout) in layouts_within_pages(&source) {
        let seen: Vec<&str> = layout
            .pages
            .iter()
            .flat_map(|p| &p.texts)
            .filter(|t| t.text.starts_with('c'))
            .flat_map(|t| t.text.split(' '))
            .collect();
        assert_eq!(seen, words, "{name}: a word of the keterangan is lost, repeated or out of order");
    }
}

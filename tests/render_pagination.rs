//! Page breaks of the flowchart table: nothing runs off a page, and a row taller than a page is
//! split between pages with its symbol, arrows and off-page connectors in its first part (and a
//! periodic duty taller than a page likewise, with the duties' header repeated).
#![allow(clippy::panic, clippy::indexing_slicing)]

mod common;

use sop::model::Model;
use sop::render::{self, Layout, Options, Paper, Rect};

/// The bottom margin and the page-number band below the table (docs/render.md).
const BELOW_TABLE: f32 = 28.35 + 14.0;

fn read(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn papers() -> [Options; 3] {
    [
        Options::default(),
        Options { portrait: true, ..Options::default() },
        Options { paper: Paper::F4, ..Options::default() },
    ]
}

/// `tests/sops/tall_rows.sop` on A4 landscape, A4 portrait and F4.
fn tall_rows() -> Vec<(String, Layout)> {
    let model = common::model_of(&read("tests/sops/tall_rows.sop"));
    papers().into_iter().map(|o| (format!("tall_rows {o:?}"), render::layout(&model, &o))).collect()
}

/// One step whose row is `lines` lines of kelengkapan tall, between two short ones.
fn one_tall_step(lines: usize) -> Model {
    let kelengkapan: String = (1..=lines).map(|i| format!("  kelengkapan \"Syarat {i:04}\"\n")).collect();
    common::model_of(&format!(
        "sop \"Berkas\"\nactor a \"Petugas\"\nstep s1 1 \"Menerima berkas\" {{\n  by a\n}}\n\
         step s2 2 \"Memeriksa berkas\" {{\n  by a\n{kelengkapan}}}\nstep s3 3 \"Menyerahkan hasil\" {{\n  by a\n}}\n"
    ))
}

/// The index of the node of step `id`.
fn node(layout: &Layout, id: &str) -> usize {
    layout.flow.nodes.iter().position(|n| n.id == id).unwrap_or_else(|| panic!("no node '{id}'"))
}

/// The pages holding a part of `node`'s row, in order, with whether the part is a continuation.
fn parts(layout: &Layout, node: usize) -> Vec<(usize, bool)> {
    let rows = layout.pages.iter().enumerate().flat_map(|(p, page)| page.rows.iter().map(move |r| (p, r)));
    rows.filter(|(_, r)| r.node == node).map(|(p, r)| (p, r.continued)).collect()
}

fn assert_within(name: &str, page: usize, what: &str, r: &Rect, (width, bottom): (f32, f32)) {
    let inside = r.x >= -0.01 && r.y >= -0.01 && r.right() <= width + 0.01 && r.bottom() <= bottom + 0.01;
    assert!(inside, "{name}, page {page}: {what} {r:?} runs off the page (bottom {bottom})");
}

#[test]
fn every_element_lies_within_its_page_even_with_rows_taller_than_a_page() {
    let mut all = tall_rows();
    for seed in ["kubu_raya", "rembang", "brebes", "muara_enim"] {
        let model = common::model_of(&read(&format!("sops/{seed}.sop")));
        all.extend(papers().into_iter().map(|o| (format!("{seed} {o:?}"), render::layout(&model, &o))));
    }
    all.push(("one step of 400 lines".to_string(), render::layout(&one_tall_step(400), &Options::default())));
    for (name, layout) in all {
        let table = (layout.width, layout.height - BELOW_TABLE);
        for page in &layout.pages {
            let n = page.number;
            for frame in &page.boxes {
                assert_within(&name, n, "a cell", &frame.rect, table);
            }
            for row in &page.rows {
                assert_within(&name, n, "a row", &Rect::new(0.0, row.y, 1.0, row.h), table);
            }
            for part in page.symbols.iter().flat_map(|s| &s.parts) {
                assert_within(&name, n, "a symbol", part, table);
            }
            for connector in &page.connectors {
                assert_within(&name, n, "a connector", &connector.rect, table);
            }
            for point in page.routes.iter().flat_map(|r| &r.points) {
                assert_within(&name, n, "an arrow", &Rect::new(point.x, point.y, 0.0, 0.0), table);
            }
            for label in &page.labels {
                assert_within(&name, n, "a label", &label.rect, table);
            }
            // Text may use the page-number band (the legend does), not the margin under it.
            for text in &page.texts {
                let at = Rect::new(text.x, text.y, 0.0, 0.0);
                assert_within(&name, n, "a text", &at, (layout.width, layout.height - 28.35));
            }
        }
    }
}

#[test]
fn a_row_taller_than_a_page_goes_on_over_the_next_pages_with_its_symbol_in_its_first_part() {
    for (name, layout) in tall_rows() {
        let periksa = node(&layout, "periksa");
        let parts = parts(&layout, periksa);
        assert!(parts.len() >= 2, "{name}: the tall row of step 2 is not split: {parts:?}");
        let first = parts[0].0;
        for (k, &(page, continued)) in parts.iter().enumerate() {
            assert_eq!(page, first + k, "{name}: the parts of step 2 are not on consecutive pages");
            assert_eq!(continued, k > 0, "{name}: only the parts after the first are continuations");
        }
        // It starts under step 1 rather than leave the rest of that page empty.
        assert_eq!(parts_page(&layout, node(&layout, "ajukan")), first, "{name}: step 2 does not start under step 1");
        let symbols: Vec<usize> =
            (0..layout.pages.len()).filter(|&p| layout.pages[p].symbols.iter().any(|s| s.node == periksa)).collect();
        assert_eq!(symbols, vec![first], "{name}: step 2's symbol is not in its first part only");
        for &(page, _) in &parts[1..] {
            // A continuation opens the page's table, right under the header (or the connector band).
            assert_eq!(layout.pages[page].rows[0].node, periksa, "{name}: a continuation does not open its page");
        }
    }
}

fn parts_page(layout: &Layout, node: usize) -> usize {
    parts(layout, node).first().map_or_else(|| panic!("no row of node {node}"), |p| p.0)
}

#[test]
fn a_split_rows_arrows_leave_and_enter_its_first_part_by_off_page_connectors() {
    for (name, layout) in tall_rows() {
        let (periksa, putuskan) = (node(&layout, "periksa"), node(&layout, "putuskan"));
        let first = parts_page(&layout, periksa);
        let edges = layout.flow.edges.iter().enumerate();
        let out = edges.clone().find(|(_, e)| e.from == periksa).map(|(i, _)| i).unwrap_or_else(|| panic!("no edge"));
        let back = edges.clone().find(|(_, e)| e.from == putuskan && e.to == render::Goal::Node(periksa));
        let Some((back, _)) = back else { panic!("{name}: no loop back to step 2") };
        let page = &layout.pages[first];
        let symbol = page.symbols.iter().find(|s| s.node == periksa).unwrap_or_else(|| panic!("no symbol"));
        let touches = |r: &Rect, p: render::Point| {
            p.x >= r.x - 0.5 && p.x <= r.right() + 0.5 && p.y >= r.y - 0.5 && p.y <= r.bottom() + 0.5
        };
        for (edge, outgoing) in [(out, true), (back, false)] {
            let Some(connector) = page.connectors.iter().find(|c| c.edge == edge && c.outgoing == outgoing) else {
                panic!("{name}: edge {edge} has no connector on the page of step 2's symbol")
            };
            let Some(route) = page.routes.iter().find(|r| r.edge == edge) else { panic!("{name}: no arrow {edge}") };
            let (Some(&start), Some(&end)) = (route.points.first(), route.points.last()) else { panic!("empty arrow") };
            let (at_symbol, at_connector) = if outgoing { (start, end) } else { (end, start) };
            assert!(symbol.parts.iter().any(|r| touches(r, at_symbol)), "{name}: arrow {edge} misses the symbol");
            assert!(touches(&connector.rect, at_connector), "{name}: arrow {edge} misses its connector");
            let other =
                layout.pages.iter().flat_map(|p| &p.connectors).find(|c| c.edge == edge && c.outgoing != outgoing);
            let Some(other) = other else { panic!("{name}: edge {edge} has one connector only") };
            assert_eq!(other.label, connector.label, "{name}: the connectors of edge {edge} differ");
        }
    }
}

#[test]
fn each_line_of_a_split_row_is_drawn_once_in_its_row_and_in_order() {
    let mut all = tall_rows();
    all.push(("one step of 400 lines".to_string(), render::layout(&one_tall_step(400), &Options::default())));
    for (name, layout) in all {
        for (prefix, count) in [("Syarat ", if name.starts_with("one") { 400 } else { 90 }), ("Catatan ", 70)] {
            let mut seen = Vec::new();
            for page in &layout.pages {
                for text in page.texts.iter().filter(|t| t.text.starts_with(prefix)) {
                    let in_row = page.rows.iter().any(|r| text.y > r.y && text.y < r.y + r.h);
                    assert!(in_row, "{name}, page {}: '{}' lies outside every row", page.number, text.text);
                    seen.push(text.text.clone());
                }
            }
            if seen.is_empty() && prefix == "Catatan " {
                continue;
            }
            let width = if count > 99 { 4 } else { 2 };
            let expected: Vec<String> = (1..=count).map(|i| format!("{prefix}{i:0width$}")).collect();
            assert_eq!(seen, expected, "{name}: the lines of a split row are lost, repeated or out of order");
        }
    }
}

#[test]
fn a_row_that_fits_on_a_page_of_its_own_is_moved_whole_not_split() {
    // Decision 3 of tall_rows is taller than a landscape page but not than a portrait one.
    for (name, layout) in tall_rows() {
        let parts = parts(&layout, node(&layout, "putuskan"));
        let portrait = layout.height > layout.width;
        assert_eq!(parts.len() == 1, portrait, "{name}: decision 3 is in {} part(s)", parts.len());
    }
    for seed in ["kubu_raya", "rembang", "brebes", "muara_enim"] {
        let model = common::model_of(&read(&format!("sops/{seed}.sop")));
        for options in papers() {
            let layout = render::layout(&model, &options);
            let split = layout.pages.iter().flat_map(|p| &p.rows).any(|r| r.continued);
            assert!(!split, "{seed} {options:?}: a row that fits on a page is split");
        }
    }
}

#[test]
fn a_row_many_pages_tall_is_split_over_all_of_them_and_lays_out_twice_the_same() {
    let model = one_tall_step(1500);
    let layout = render::layout(&model, &Options::default());
    let parts = parts(&layout, node(&layout, "s2"));
    assert!(parts.len() > 20, "1500 lines fit on {} pages", parts.len());
    assert_eq!(parts.iter().filter(|(_, continued)| !continued).count(), 1, "one first part");
    // The arrow to step 3 goes down through the whole row: every page of the row shows it, with
    // a pair of connectors at each break, the one leaving a page and the one arriving on the next
    // with the same letter.
    let (first, last) = (parts[0].0, parts[parts.len() - 1].0);
    let to_s3 = layout.pages.iter().position(|p| p.rows.iter().any(|r| r.node == node(&layout, "s3")));
    let to_s3 = to_s3.unwrap_or_else(|| panic!("no row of step 3"));
    assert!(to_s3 == last || to_s3 == last + 1, "step 3 is not right after step 2");
    for p in first..to_s3 {
        let out: Vec<&str> =
            layout.pages[p].connectors.iter().filter(|c| c.outgoing).map(|c| c.label.as_str()).collect();
        let next: Vec<&str> =
            layout.pages[p + 1].connectors.iter().filter(|c| !c.outgoing).map(|c| c.label.as_str()).collect();
        assert_eq!(out.len(), 1, "page {}: the arrow does not leave it by one connector", p + 1);
        assert_eq!(out, next, "pages {} and {}: the connectors of a break differ", p + 1, p + 2);
        if p > first {
            let route = layout.pages[p].routes.iter().any(|r| r.arrow);
            assert!(route, "page {}: no arrow from the arriving connector to the leaving one", p + 1);
        }
    }
    let count = layout.pages.iter().map(|p| p.connectors.len()).sum::<usize>();
    assert_eq!(count, 2 * (to_s3 - first), "connectors off the arrow's way");
    let again = render::layout(&one_tall_step(1500), &Options::default());
    assert_eq!(render::svg(&layout), render::svg(&again), "the same input gives other bytes");
}

#[test]
fn a_periodic_duty_taller_than_a_page_goes_on_over_the_next_page_under_its_header_repeated() {
    for (name, layout) in tall_rows() {
        let mut pages = Vec::new();
        let mut seen = Vec::new();
        for page in &layout.pages {
            let here: Vec<String> =
                page.texts.iter().filter(|t| t.text.starts_with("Laporan ")).map(|t| t.text.clone()).collect();
            if !here.is_empty() {
                pages.push(page.number);
                let captions = page.texts.iter().filter(|t| t.text == "Tugas Berkala" && t.bold).count();
                assert_eq!(captions, 1, "{name}, page {}: the duties' table has no caption", page.number);
            }
            seen.extend(here);
        }
        assert!(pages.len() >= 2, "{name}: the tall duty is not split: pages {pages:?}");
        assert!(pages.windows(2).all(|w| w[1] == w[0] + 1), "{name}: the duty's parts skip a page: {pages:?}");
        let expected: Vec<String> = (1..=100).map(|i| format!("Laporan {i:03}")).collect();
        assert_eq!(seen, expected, "{name}: the duty's lines are lost, repeated or out of order");
    }
}

#[test]
fn notes_on_arrows_longer_than_a_page_go_on_over_the_next_pages_within_them() {
    // Thirty decisions whose branch labels are far too long to stand beside their arrows: their
    // texts, under *Catatan pada garis*, fill more than a page.
    let long = ["bila berkas belum lengkap dan pemohon belum melengkapi persyaratan"; 12].join(" ");
    let mut source = String::from("sop \"Catatan\"\nactor a \"Petugas\"\nactor b \"Kepala\"\n");
    for i in 1..=30 {
        let next = if i < 30 { format!("s{}", i + 1) } else { "end".to_string() };
        let by = if i % 2 == 1 { "a" } else { "b" };
        source.push_str(&format!(
            "decision s{i} {i} \"Memeriksa tahap {i}\" {{\n  by {by}\n  option -> {next} \"Lanjut {i}: {long}\"\n  \
             option -> s1 \"Ulang {i}: {long}\"\n}}\n"
        ));
    }
    let layout = render::layout(&common::model_of(&source), &Options::default());
    let bottom = layout.height - 28.35 - 14.0;
    let mut markers = Vec::new();
    let mut pages = Vec::new();
    for page in &layout.pages {
        // The notes' markers stand at the left margin, alone on their line.
        let here: Vec<&render::Text> = page
            .texts
            .iter()
            .filter(|t| t.text.starts_with('(') && t.text.ends_with(')') && (t.x - 28.35).abs() < 0.01)
            .collect();
        if here.is_empty() {
            continue;
        }
        pages.push(page.number);
        assert!(page.texts.iter().any(|t| t.bold && t.text == "Catatan pada garis"), "page {}: no title", page.number);
        let notes = page.texts.iter().filter(|t| t.anchor == render::Anchor::Start && t.x > 28.35 + 20.0);
        for text in notes.filter(|t| here.iter().any(|m| m.y <= t.y)) {
            assert!(text.y <= bottom + 0.01, "page {}: a note runs into the page number band", page.number);
        }
        markers.extend(here.iter().map(|t| t.text.clone()));
    }
    assert!(pages.len() >= 2, "the notes fit on one page: {pages:?}");
    let expected: Vec<String> = (1..=markers.len()).map(|i| format!("({i})")).collect();
    assert!(markers.len() >= 30, "only {} notes", markers.len());
    assert_eq!(markers, expected, "a note is lost, repeated or out of order");
}

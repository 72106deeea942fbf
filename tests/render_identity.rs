//! The identity page: it shrinks its text until it fits, and an identity too long even at the
//! smallest size goes on over the next pages, every line once, nothing off the page.
#![allow(clippy::panic, clippy::indexing_slicing)]

mod common;

use sop::render::{self, Layout, Options, PageKind, Paper, Rect};

/// The top, left and right margins, and the bottom margin with the page-number band.
const MARGIN: f32 = 28.35;
const BELOW: f32 = 28.35 + 14.0;

/// An SOP whose identity has `n` long entries of dasar hukum and of peralatan.
fn long_identity(n: usize) -> String {
    identity_of(n, 1)
}

/// An SOP whose identity has `n` entries of dasar hukum, the `i`-th of them the long text
/// repeated up to `most` times (`i` mod `most`, plus one), and `n` short peralatan.
fn identity_of(n: usize, most: usize) -> String {
    let mut identity = String::from(
        "identity {\n  instansi \"PEMERINTAH KABUPATEN CONTOH\"\n  nomor \"1/2024\"\n  \
         tanggal_pembuatan \"1 Januari 2024\"\n  tanggal_revisi \"-\"\n  tanggal_efektif \"2 Januari 2024\"\n  \
         disahkan_oleh {\n    jabatan \"KEPALA DINAS\"\n    nama \"Budi\"\n    nip \"1\"\n  }\n",
    );
    let text = "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi tentang Pedoman \
                Penyusunan Standar Operasional Prosedur";
    for i in 1..=n {
        let long = vec![text; i % most + 1].join(" ");
        identity.push_str(&format!("  dasar_hukum \"Dasar {i:03} {long}\"\n  peralatan \"Alat {i:03}\"\n"));
    }
    identity.push('}');
    format!(
        "sop \"Contoh\"\n{identity}\nactor a \"Petugas\"\nstep s1 1 \"Menerima\" {{\n  by a\n}}\n\
         step s2 2 \"Menyerahkan\" {{\n  by a\n}}\n"
    )
}

fn layouts(source: &str) -> Vec<(String, Layout)> {
    let model = common::model_of(source);
    [
        Options::default(),
        Options { portrait: true, ..Options::default() },
        Options { paper: Paper::F4, ..Options::default() },
    ]
    .into_iter()
    .map(|o| (format!("{o:?}"), render::layout(&model, &o)))
    .collect()
}

fn within(layout: &Layout, r: &Rect) -> bool {
    let e = 0.01;
    r.x >= MARGIN - e
        && r.y >= MARGIN - e
        && r.right() <= layout.width - MARGIN + e
        && r.bottom() <= layout.height - BELOW + e
}

#[test]
fn an_identity_too_long_for_a_page_at_5_pt_goes_on_over_the_next_page_within_it() {
    for (n, (name, layout)) in
        [60, 150].into_iter().flat_map(|n| layouts(&long_identity(n)).into_iter().map(move |l| (n, l)))
    {
        let identity: Vec<_> = layout.pages.iter().take_while(|p| p.kind == PageKind::Identity).collect();
        assert!(identity.len() >= 2, "{name}: the long identity is on {} page(s)", identity.len());
        for page in &identity {
            for frame in &page.boxes {
                assert!(within(&layout, &frame.rect), "{name}, page {}: a cell {:?} runs off", page.number, frame.rect);
            }
            for text in &page.texts {
                // Text may stand in the page-number band (the page number does), not below it.
                let at = Rect::new(text.x, text.y - text.size * 0.7, 0.0, text.size * 0.7);
                let inside = at.y >= MARGIN - 0.01 && text.y <= layout.height - MARGIN + 0.01;
                assert!(inside, "{name}, page {}: '{}' runs off the page", page.number, text.text);
                if text.text != format!("Halaman {} dari {}", page.number, layout.pages.len()) {
                    assert!(text.y <= layout.height - BELOW, "{name}: '{}' in the page-number band", text.text);
                }
                // Every line lies inside a cell of its page, not across a cut.
                let cell = page.boxes.iter().any(|b| b.rect.y <= at.y && text.y <= b.rect.bottom() + 0.01);
                assert!(cell || text.text.starts_with("Halaman"), "{name}: '{}' lies in no cell", text.text);
            }
        }
        // A list cut between pages has its heading repeated over the rest.
        for page in identity.iter().filter(|p| p.texts.iter().any(|t| t.text.starts_with("Dasar "))) {
            let heading = page.texts.iter().any(|t| t.bold && t.text == "DASAR HUKUM");
            assert!(heading, "{name}, page {}: dasar hukum goes on without its heading", page.number);
        }
        // Each entry once, in order, across the pages.
        for prefix in ["Dasar ", "Alat "] {
            let seen: Vec<String> = identity
                .iter()
                .flat_map(|p| &p.texts)
                .filter(|t| t.text.starts_with(prefix))
                .map(|t| t.text.split(' ').take(2).collect::<Vec<_>>().join(" "))
                .collect();
            let expected: Vec<String> = (1..=n).map(|i| format!("{prefix}{i:03}")).collect();
            assert_eq!(seen, expected, "{name}: an entry is lost, repeated or out of order");
        }
        // The flowchart starts on the page after; its first page is not marked as continued.
        let first_flow = &layout.pages[identity.len()];
        assert_eq!(first_flow.kind, PageKind::Flow, "{name}: no flowchart after the identity");
        assert!(!first_flow.texts.iter().any(|t| t.text.contains("lanjutan")), "{name}: first flow page continued");
        assert_eq!(first_flow.number, identity.len() + 1, "{name}: page numbers");
    }
}

#[test]
fn an_identity_that_fits_at_a_smaller_size_stays_on_one_page() {
    for (name, layout) in layouts(&long_identity(8)) {
        let identity = layout.pages.iter().filter(|p| p.kind == PageKind::Identity).count();
        assert_eq!(identity, 1, "{name}: a short identity takes {identity} pages");
    }
}

#[test]
fn a_wrapped_list_entry_moves_to_the_next_page_whole() {
    // An entry of a few lines cut by the page's end moves to the next page whole, as
    // typesetters keep the lines of a paragraph together: no line of it is left alone on
    // either page (before, the last line of an entry could open the next page by itself).
    let mut split = 0;
    for (n, most) in [(60, 3), (150, 3), (90, 4)] {
        for (name, layout) in layouts(&identity_of(n, most)) {
            let identity: Vec<_> = layout.pages.iter().take_while(|p| p.kind == PageKind::Identity).collect();
            let first = identity.iter().flat_map(|p| &p.texts).find(|t| t.text.starts_with("Dasar "));
            let Some(x) = first.map(|t| t.x) else { panic!("{name}: no dasar hukum") };
            // The page of each line of each entry, in reading order.
            let mut entries: Vec<Vec<usize>> = Vec::new();
            for (p, page) in identity.iter().enumerate() {
                for text in page.texts.iter().filter(|t| (t.x - x).abs() < 0.01 && !t.bold) {
                    match entries.last_mut() {
                        Some(entry) if !text.text.starts_with("Dasar ") => entry.push(p),
                        _ => entries.push(vec![p]),
                    }
                }
            }
            assert_eq!(entries.len(), n, "{name}: entries");
            assert!(entries.iter().any(|e| e.len() >= 3), "{name}: the entries no longer wrap");
            for (i, pages) in entries.iter().enumerate() {
                assert!(pages.iter().all(|&p| p == pages[0]), "{name}: entry {} is cut: pages {pages:?}", i + 1);
            }
            split += usize::from(identity.len() >= 2);
        }
    }
    assert!(split >= 6, "the identities no longer go on over a second page");
}

/// An SOP whose *Dasar Hukum* has `n` entries of two lines and whose *Kualifikasi Pelaksana*
/// beside it has one of one line, then `n` of two: every line's end in the one column falls
/// inside an entry of the other, so no cut across the page passes between entries in both.
fn interleaved_lists(n: usize) -> String {
    let text = "peraturan menteri pendayagunaan aparatur negara reformasi birokrasi pedoman";
    let two = [text; 3].join(" ");
    let mut lists = String::from("  kualifikasi \"Kual000\"\n");
    for i in 1..=n {
        lists.push_str(&format!("  dasar_hukum \"Dasar{i:03} {two}\"\n  kualifikasi \"Kual{i:03} {two}\"\n"));
    }
    long_identity(0).replacen("identity {\n", &format!("identity {{\n{lists}"), 1)
}

#[test]
fn a_two_line_entry_moves_whole_even_where_no_cut_passes_between_entries_of_both_columns() {
    // The last resort of the cut, a line's end inside entries, moves them whole to the next
    // page (blank room above them in their cell) rather than leave a line of one alone.
    let mut two_lines = 0;
    for (name, layout) in layouts(&interleaved_lists(150)) {
        let identity: Vec<_> = layout.pages.iter().take_while(|p| p.kind == PageKind::Identity).collect();
        assert!(identity.len() >= 2, "{name}: the lists fit on one page");
        for prefix in ["Dasar", "Kual"] {
            let first = identity.iter().flat_map(|p| &p.texts).find(|t| t.text.starts_with(prefix));
            let Some(x) = first.map(|t| t.x) else { panic!("{name}: no {prefix}") };
            let mut entries: Vec<(String, Vec<usize>)> = Vec::new();
            for (p, page) in identity.iter().enumerate() {
                for text in page.texts.iter().filter(|t| (t.x - x).abs() < 0.01 && !t.bold) {
                    match entries.last_mut() {
                        Some((_, pages)) if !text.text.starts_with(prefix) => pages.push(p),
                        _ => entries.push((text.text.clone(), vec![p])),
                    }
                }
            }
            let expected = if prefix == "Dasar" { 150 } else { 151 };
            assert_eq!(entries.len(), expected, "{name}: {prefix} entries lost or repeated");
            for (first_line, pages) in &entries {
                two_lines += usize::from(pages.len() == 2);
                assert!(pages.iter().all(|&p| p == pages[0]), "{name}: '{first_line}' is cut: pages {pages:?}");
            }
        }
    }
    assert!(two_lines > 0, "the entries are no longer of two lines");
}

#[test]
fn an_entry_taller_than_a_page_is_cut_but_leaves_no_line_alone() {
    // Such an entry cannot move whole; it is cut where the page ends, but never so that one of
    // its lines stands alone at the top or bottom of a page.
    let text = "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi tentang Pedoman \
                Penyusunan Standar Operasional Prosedur";
    let source = long_identity(3).replacen("Dasar 002", &format!("Dasar 002 {}", vec![text; 400].join(" ")), 1);
    for (name, layout) in layouts(&source) {
        let identity: Vec<_> = layout.pages.iter().take_while(|p| p.kind == PageKind::Identity).collect();
        assert!(identity.len() >= 3, "{name}: the entry fits on {} pages", identity.len());
        let first = identity.iter().flat_map(|p| &p.texts).find(|t| t.text.starts_with("Dasar 002"));
        let Some(x) = first.map(|t| t.x) else { panic!("{name}: no dasar hukum") };
        let mut lines_per_page = Vec::new();
        let mut inside = false;
        for page in &identity {
            let mut here = 0;
            for text in page.texts.iter().filter(|t| (t.x - x).abs() < 0.01 && !t.bold) {
                inside = text.text.starts_with("Dasar 002") || (inside && !text.text.starts_with("Dasar "));
                here += usize::from(inside);
            }
            lines_per_page.push(here);
        }
        assert!(lines_per_page.iter().all(|&n| n != 1), "{name}: a line alone: {lines_per_page:?}");
    }
}

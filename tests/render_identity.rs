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
    let mut identity = String::from(
        "identity {\n  instansi \"PEMERINTAH KABUPATEN CONTOH\"\n  nomor \"1/2024\"\n  \
         tanggal_pembuatan \"1 Januari 2024\"\n  tanggal_revisi \"-\"\n  tanggal_efektif \"2 Januari 2024\"\n  \
         disahkan_oleh {\n    jabatan \"KEPALA DINAS\"\n    nama \"Budi\"\n    nip \"1\"\n  }\n",
    );
    for i in 1..=n {
        identity.push_str(&format!(
            "  dasar_hukum \"Dasar {i:03} Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi \
             tentang Pedoman Penyusunan Standar Operasional Prosedur\"\n  peralatan \"Alat {i:03}\"\n"
        ));
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

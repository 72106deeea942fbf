//! Every string from the SOP is escaped for its target: a title, actor, step or label holding
//! `<`, `&`, `"`, `'`, `}`, `\` or a line break gives valid SVG, DOT and PDF that show it as written;
//! and no input, even one with errors, makes the layout panic.
#![allow(clippy::panic)]

mod common;

use sop::render::{self, Options};

const NASTY: &str = r#"sop "Aduan <b> & \"kutip\" 'x' } {a\\b}\nbaris dua"

actor admin "Admin <Kab> & \"Co\" }"
actor opd "OPD\nbaris dua"

step terima 1 "Menerima <aduan> & \"cek\" } \\ akhir" {
  by admin
  output "Hasil <ok> & }"
  keterangan "Keterangan \"ket\" <x>"
}

decision cek 2 "Lengkap? <y/n> & }" {
  by opd
  option -> terima "Tidak <kurang> & \"}\""
  option -> selesai "Ya & }"
}

step selesai 3 "Selesai </text> ]]> &amp;" {
  by admin
}
"#;

fn layout() -> render::Layout {
    let checked = common::check(NASTY);
    let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let Some(model) = checked.model else { panic!("no model") };
    render::layout(&model, &Options::default())
}

#[test]
fn svg_of_special_characters_is_well_formed_and_escaped() {
    let pages = render::svg(&layout());
    let options = resvg::usvg::Options::default();
    for page in &pages {
        if let Err(error) = resvg::usvg::Tree::from_str(page, &options) {
            panic!("page does not parse: {error}\n{page}");
        }
    }
    let all = pages.join("\n");
    assert!(all.contains("Aduan &lt;b&gt; &amp; &quot;kutip&quot; &apos;x&apos; } {a\\b}"));
    assert!(all.contains("Selesai &lt;/text&gt; ]]&gt; &amp;amp;"));
    assert!(!all.contains("<b>") && !all.contains("<Kab>"));
}

#[test]
fn dot_of_special_characters_parses_and_keeps_the_text() {
    let dot = render::dot(&layout());
    if let Err(error) = graphviz_rust::parse(&dot) {
        panic!("DOT does not parse: {error}\n{dot}");
    }
    assert!(dot.contains(r#"label="Aduan <b> & \"kutip\" 'x' } {a\\b}\nbaris dua""#), "{dot}");
    assert!(dot.contains(r#"\"}\""#), "{dot}");
}

#[test]
fn graphviz_accepts_the_dot_of_special_characters_when_installed() {
    match render::graphviz(&render::dot(&layout()), "svg") {
        Ok(svg) => assert!(String::from_utf8_lossy(&svg).contains("&lt;b&gt;")),
        Err(render::EngineError::Missing) => eprintln!("Graphviz not installed; skipped"),
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn pdf_and_png_of_special_characters_are_made() {
    let layout = layout();
    let pdf = render::pdf(&layout).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    let pngs = render::png(&layout, 30.0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pngs.len(), layout.pages.len());
}

#[test]
fn layout_never_panics_on_the_corpus_or_on_models_with_errors() {
    let mut sources: Vec<String> = common::corpus().into_iter().map(|(_, text)| text).collect();
    sources.extend(
        [
            "sop \"X\"\nstep a 1 \"A\" {\n  by nobody\n  next nowhere\n}\n",
            "sop \"X\"\nactor a \"A\"\ndecision d 1 \"D?\" {\n  by a\n  option -> missing \"Ya\"\n  option -> end \"Tidak\"\n}\n",
            "sop \"X\"\nactor a \"A\"\ntimer t {\n  from nowhere\n  then end\n}\n",
            "sop \"Kosong\"\n",
            "sop \"X\"\nactor a \"A\"\nactor b \"B\"\nstep s 1 \"S\" {\n  by b a b\n  next s\n}\n",
        ]
        .map(String::from),
    );
    for source in sources {
        let Some(model) = common::check(&source).model else { continue };
        for options in [Options::default(), Options { portrait: true, lang: render::Lang::En, ..Options::default() }] {
            let layout = render::layout(&model, &options);
            assert!(!layout.pages.is_empty());
            assert_eq!(render::svg(&layout).len(), layout.pages.len());
            assert!(render::dot(&layout).starts_with("digraph"));
        }
    }
}

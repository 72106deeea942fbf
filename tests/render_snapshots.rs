//! The render of each seed SOP, snapshotted: every SVG page and the DOT text. A change in the
//! layout shows up as a reviewable diff.
#![allow(clippy::panic)]

mod common;

use sop::render::{self, Options};

fn layout(name: &str) -> render::Layout {
    let path = format!("{}/sops/{name}.sop", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let checked = common::check(&source);
    let Some(model) = checked.model else { panic!("{name} has no model") };
    assert!(!checked.diagnostics.iter().any(|d| d.is_error()), "{name} has errors");
    render::layout(&model, &Options::default())
}

fn svg_pages(name: &str) -> String {
    render::svg(&layout(name)).join("\n<!-- next page -->\n")
}

#[test]
fn svg_of_kubu_raya() {
    insta::assert_snapshot!(svg_pages("kubu_raya"));
}

#[test]
fn svg_of_rembang() {
    insta::assert_snapshot!(svg_pages("rembang"));
}

#[test]
fn svg_of_brebes() {
    insta::assert_snapshot!(svg_pages("brebes"));
}

#[test]
fn svg_of_muara_enim() {
    insta::assert_snapshot!(svg_pages("muara_enim"));
}

#[test]
fn dot_of_kubu_raya() {
    insta::assert_snapshot!(render::dot(&layout("kubu_raya")));
}

#[test]
fn dot_of_rembang() {
    insta::assert_snapshot!(render::dot(&layout("rembang")));
}

#[test]
fn dot_of_brebes() {
    insta::assert_snapshot!(render::dot(&layout("brebes")));
}

#[test]
fn dot_of_muara_enim() {
    insta::assert_snapshot!(render::dot(&layout("muara_enim")));
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    for name in ["kubu_raya", "muara_enim"] {
        assert_eq!(svg_pages(name), svg_pages(name), "{name}: SVG differs between runs");
        let (a, b) = (render::pdf(&layout(name)), render::pdf(&layout(name)));
        assert_eq!(a, b, "{name}: PDF differs between runs");
    }
}

#[test]
fn english_headers_replace_the_indonesian_ones() {
    let path = format!("{}/sops/brebes.sop", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let Some(model) = common::check(&source).model else { panic!("no model") };
    let options = Options { lang: render::Lang::En, ..Options::default() };
    let svg = render::svg(&render::layout(&model, &options)).join("\n");
    assert!(svg.contains(">Activity<") && svg.contains(">Performed by<") && svg.contains("Page 1 of"));
    assert!(!svg.contains(">Uraian Kegiatan<"));
}

#[test]
fn f4_portrait_pages_have_the_folio_size() {
    let options = Options { paper: render::Paper::F4, portrait: true, ..Options::default() };
    let (w, h) = options.page_size();
    assert!((w / 72.0 * 25.4 - 215.0).abs() < 0.01 && (h / 72.0 * 25.4 - 330.0).abs() < 0.01);
    let svg = render::svg(&layout_with("rembang", &options));
    assert!(svg.iter().all(|page| page.contains(r#"width="215.00mm" height="330.00mm""#)));
}

fn layout_with(name: &str, options: &Options) -> render::Layout {
    let path = format!("{}/sops/{name}.sop", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let Some(model) = common::check(&source).model else { panic!("no model") };
    render::layout(&model, options)
}

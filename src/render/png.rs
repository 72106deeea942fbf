//! The PNG backend: each page's SVG rasterised by resvg with the bundled font only.

use super::page::Layout;
use resvg::{tiny_skia, usvg};
use std::sync::Arc;

/// Why a page could not be rasterised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PngError(pub String);

impl std::fmt::Display for PngError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot draw the PNG: {}", self.0)
    }
}

impl std::error::Error for PngError {}

/// usvg options whose font database holds exactly the bundled faces, so the output does not
/// depend on the fonts installed on the machine.
pub fn usvg_options() -> usvg::Options<'static> {
    options_with(&[super::font::REGULAR, super::font::BOLD])
}

/// Like [`usvg_options`] with the regular face only (the PDF draws bold as outlined regular).
pub fn usvg_options_regular() -> usvg::Options<'static> {
    options_with(&[super::font::REGULAR])
}

fn options_with(faces: &[&[u8]]) -> usvg::Options<'static> {
    let mut db = usvg::fontdb::Database::new();
    for face in faces {
        db.load_font_data(face.to_vec());
    }
    db.set_sans_serif_family(super::font::FAMILY);
    let mut options = usvg::Options { font_family: super::font::FAMILY.to_string(), ..usvg::Options::default() };
    options.fontdb = Arc::new(db);
    options
}

/// Draws every page as a PNG at `dpi` dots per inch.
pub fn png(layout: &Layout, dpi: f32) -> Result<Vec<Vec<u8>>, PngError> {
    let options = usvg_options();
    super::svg::svg(layout).iter().map(|page| raster(page, &options, dpi)).collect()
}

fn raster(svg: &str, options: &usvg::Options<'_>, dpi: f32) -> Result<Vec<u8>, PngError> {
    let tree = usvg::Tree::from_str(svg, options).map_err(|e| PngError(e.to_string()))?;
    // usvg sizes the page at 96 user units per inch.
    let scale = dpi / 96.0;
    let size = tree.size();
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1)).ok_or_else(|| PngError(format!("{w}×{h} pixels")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| PngError(e.to_string()))
}

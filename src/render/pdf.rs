//! The PDF backend: each page's SVG converted by svg2pdf, one PDF page per layout page, with the
//! bundled font embedded (subset).

use super::page::Layout;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
use std::collections::BTreeMap;

/// Why the PDF could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot make the PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// Draws the whole layout as one PDF document.
pub fn pdf(layout: &Layout) -> Result<Vec<u8>, PdfError> {
    let options = super::png::usvg_options_regular();
    let pages = super::svg::pages(layout, true);
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_id = alloc.bump();
    let info = alloc.bump();
    let page_ids: Vec<Ref> = pages.iter().map(|_| alloc.bump()).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id).kids(page_ids.iter().copied()).count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    pdf.document_info(info).title(pdf_writer::TextStr(&layout.title)).producer(pdf_writer::TextStr("sop render"));
    let (w, h) = (layout.width, layout.height);
    for (svg, page_id) in pages.iter().zip(&page_ids) {
        let tree = svg2pdf::usvg::Tree::from_str(svg, &options).map_err(|e| PdfError(e.to_string()))?;
        let (chunk, svg_ref) =
            svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default()).map_err(|e| PdfError(e.to_string()))?;
        let mut map = BTreeMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_id = map.get(&svg_ref).copied().ok_or_else(|| PdfError("lost the page drawing".into()))?;
        let content_id = alloc.bump();
        let name = Name(b"S1");
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(name, svg_id);
        page.finish();
        let mut content = Content::new();
        content.save_state().transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name).restore_state();
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
    }
    Ok(pdf.finish())
}

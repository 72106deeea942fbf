//! Stage `render`: the SOP-AP document (Permenpan RB 35/2012) of a model. [`layout`] computes
//! every position once (pages, table, symbols, arrows, connectors, identity page); the backends
//! [`svg`], [`pdf`], [`png`] and [`dot`] only draw it. See `docs/render.md`.

mod breaks;
mod dot;
mod engine;
mod flow;
mod font;
mod geom;
mod identity;
mod page;
mod pages;
mod pdf;
mod place;
mod png;
mod route;
mod style;
mod svg;
mod symbols;
mod table;
mod tail;
mod text;
mod untangle;

pub use dot::dot;
pub use engine::{graphviz, EngineError};
pub use flow::{Edge, EdgeKind, Flow, Goal, Node};
pub use geom::{Point, Rect};
pub use page::{
    Anchor, Connector, Frame, Label, Lane, Layout, Page, PageKind, Route, Row, Sample, Shape, Symbol, Text,
};
pub use pdf::{pdf, PdfError};
pub use png::{png, PngError};
pub use svg::svg;
pub use text::Labels;

use crate::model::Model;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// 297 × 210 mm.
    #[default]
    A4,
    /// Folio, 330 × 215 mm.
    F4,
}

/// Language of the fixed wordings (headers, legend, page numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

/// How to lay the document out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub paper: Paper,
    /// Portrait instead of the default landscape.
    pub portrait: bool,
    pub lang: Lang,
    /// Draw a blank box for the office's logo on the identity page.
    pub logo: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { paper: Paper::A4, portrait: false, lang: Lang::Id, logo: true }
    }
}

const MM: f32 = 72.0 / 25.4;

impl Options {
    /// Page width and height in points.
    pub fn page_size(&self) -> (f32, f32) {
        let (long, short) = match self.paper {
            Paper::A4 => (297.0 * MM, 210.0 * MM),
            Paper::F4 => (330.0 * MM, 215.0 * MM),
        };
        if self.portrait {
            (short, long)
        } else {
            (long, short)
        }
    }
}

/// Whether the flowchart's actor columns fit the page `options` give, each at least
/// [`style::LANE_MIN`] wide beside the text columns; if not, what to do instead, in words.
pub fn fits(model: &Model, options: &Options) -> Result<(), String> {
    let lanes = flow::build(model, &text::Labels::bundled(options.lang)).lanes.len();
    let room = |o: &Options| table::Columns::max_lanes(o.page_size().0 - 2.0 * style::MARGIN);
    if lanes <= room(options) {
        return Ok(());
    }
    let page = |o: &Options| {
        let paper = if o.paper == Paper::F4 { "F4" } else { "A4" };
        format!("{paper} {}", if o.portrait { "portrait" } else { "landscape" })
    };
    // The nearest change first: the same paper in landscape, then F4 in landscape.
    let others = [(options.paper, "without --portrait"), (Paper::F4, "--paper f4, without --portrait")];
    let roomier = others
        .into_iter()
        .map(|(paper, flags)| (Options { paper, portrait: false, ..*options }, flags))
        .find(|(o, _)| (o.paper, o.portrait) != (options.paper, options.portrait) && room(o) >= lanes);
    let advice = match roomier {
        Some((o, flags)) => format!("render on {} instead ({flags})", page(&o)),
        None => {
            "no paper size has more; merge actors that act together into one Pelaksana, or split the SOP".to_string()
        }
    };
    Err(format!(
        "the flowchart has {lanes} actor columns, and a table on {} has room for {}; {advice}",
        page(options),
        room(options)
    ))
}

/// What DOT needs of a layout: the flow and the title, without pages. DOT has no pages, and
/// laying pages out costs a long SOP far more than building its flow.
pub fn flow_only(model: &Model, options: &Options) -> Layout {
    let (width, height) = options.page_size();
    let flow = flow::build(model, &text::Labels::bundled(options.lang));
    Layout { title: model.name.clone(), width, height, pages: Vec::new(), flow }
}

/// Lays out the whole document: the identity page, the flowchart pages, the periodic duties
/// and the legend, with the SOP name and page numbers on every page.
pub fn layout(model: &Model, options: &Options) -> Layout {
    let labels = text::Labels::bundled(options.lang);
    let metrics = font::Metrics::bundled();
    let (width, height) = options.page_size();
    let flow = flow::build(model, &labels);
    let mut pages = identity::build(model, &metrics, &labels, width, height, options.logo);
    let first_flow = pages.len();
    let built = pages::build(&flow, &metrics, &labels, width, height);
    let mut flow_pages = built.pages;
    tail::build(&mut flow_pages, model, &built.footnotes, &metrics, &labels, (width, height), built.end_y);
    pages.extend(flow_pages);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.number = i + 1;
        decorate(page, model, &metrics, &labels, (width, height), (total, i > first_flow));
    }
    Layout { title: model.name.clone(), width, height, pages, flow }
}

/// The SOP name above the table of a flowchart page (with *(lanjutan)* from the second one on),
/// and the page number below every page.
fn decorate(
    page: &mut Page,
    model: &Model,
    metrics: &font::Metrics,
    labels: &text::Labels,
    (width, height): (f32, f32),
    (total, continued): (usize, bool),
) {
    if page.kind == PageKind::Flow {
        let w = width - 2.0 * style::MARGIN;
        let mut title = model.name.clone();
        if continued {
            title.push(' ');
            title.push_str(&labels.get("continued"));
        }
        // The title has room for two lines: a longer name is set smaller, and only a name too
        // long even then is cut, with an ellipsis.
        let mut size = style::TITLE;
        let mut lines = metrics.wrap(&title, size, true, w);
        while lines.len() > 2 && size > style::TITLE * 0.6 {
            size -= 0.5;
            lines = metrics.wrap(&title, size, true, w);
        }
        metrics.truncate(&mut lines, 2, size, true, w);
        page.text_lines(width / 2.0, style::MARGIN, &lines, size, true, Anchor::Middle);
    }
    let footer = labels.page(page.number, total);
    let y = height - style::MARGIN - style::FOOTER * 0.5;
    page.texts.push(Text {
        x: width - style::MARGIN,
        y,
        size: style::FOOTER,
        bold: false,
        anchor: Anchor::End,
        text: footer,
    });
}

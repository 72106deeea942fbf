//! The SVG backend: one self-contained SVG document per page, text as `<text>` in the bundled
//! font's family (the PDF and PNG backends render it with the bundled font files).

use super::font::FAMILY;
use super::geom::{num, Point, Rect};
use super::page::{Anchor, Layout, Page, Sample, Shape, Text};
use super::style::{HEAD_L, HEAD_W};
use std::fmt::Write as _;

const MM: f32 = 72.0 / 25.4;
const STROKE: &str = "#000000";

/// Draws every page of a layout; one SVG document per page.
pub fn svg(layout: &Layout) -> Vec<String> {
    pages(layout, false)
}

/// The pages; with `faux_bold`, bold text is the regular face with a thin outline, so that a
/// page uses one font face only (the PDF backend needs that to be byte-identical: svg2pdf
/// writes the fonts of a page in hash-map order).
pub(super) fn pages(layout: &Layout, faux_bold: bool) -> Vec<String> {
    layout.pages.iter().map(|page| draw_page(layout, page, faux_bold)).collect()
}

/// Escapes text for XML content and attribute values; control characters XML cannot carry
/// become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn draw_page(layout: &Layout, page: &Page, faux_bold: bool) -> String {
    let mut s = String::new();
    let (w, h) = (layout.width, layout.height);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{}mm" height="{}mm" viewBox="0 0 {} {}" font-family="{FAMILY}, Arial, Helvetica, sans-serif">"#,
        num(w / MM),
        num(h / MM),
        num(w),
        num(h)
    );
    let _ = writeln!(s, "<title>{} ({})</title>", escape(&layout.title), page.number);
    let _ = writeln!(s, r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##, num(w), num(h));
    s.push_str(&format!(r#"<g fill="none" stroke="{STROKE}" stroke-width="0.5">"#));
    s.push('\n');
    for frame in &page.boxes {
        let fill = if frame.shaded { r##" fill="#e8e8e8""## } else { "" };
        let width = if frame.thick { r#" stroke-width="1.2""# } else { "" };
        let _ = writeln!(s, "{}", rect_tag(&frame.rect, &format!("{fill}{width}")));
    }
    s.push_str("</g>\n<g fill=\"#000000\">\n");
    for text in &page.texts {
        text_tag(&mut s, text, faux_bold);
    }
    s.push_str("</g>\n");
    let _ = writeln!(s, r#"<g fill="none" stroke="{STROKE}" stroke-width="1">"#);
    for route in &page.routes {
        let mut points = route.points.clone();
        let head = if route.arrow { arrowhead(&mut points) } else { None };
        let dash = if route.dashed { r#" stroke-dasharray="3 2""# } else { "" };
        let _ = writeln!(s, r#"<polyline points="{}"{dash}/>"#, points_attr(&points));
        if let Some(head) = head {
            let _ = writeln!(s, r#"<polygon points="{}" fill="{STROKE}" stroke="none"/>"#, points_attr(&head));
        }
    }
    for symbol in &page.symbols {
        for (a, b) in &symbol.joins {
            let _ = writeln!(s, r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#, num(a.x), num(a.y), num(b.x), num(b.y));
        }
        for part in &symbol.parts {
            shape_tag(&mut s, symbol.shape, part);
        }
    }
    for connector in &page.connectors {
        let _ = writeln!(s, r##"<polygon points="{}" fill="#ffffff"/>"##, points_attr(&pentagon(&connector.rect)));
    }
    for sample in &page.samples {
        match sample {
            Sample::Shape(shape, rect) => shape_tag(&mut s, *shape, rect),
            Sample::Connector(rect) => {
                let _ = writeln!(s, r##"<polygon points="{}" fill="#ffffff"/>"##, points_attr(&pentagon(rect)));
            }
            Sample::Dashed(a, b) => {
                let mut points = vec![*a, *b];
                let head = arrowhead(&mut points);
                let _ = writeln!(s, r#"<polyline points="{}" stroke-dasharray="3 2"/>"#, points_attr(&points));
                if let Some(head) = head {
                    let _ = writeln!(s, r#"<polygon points="{}" fill="{STROKE}" stroke="none"/>"#, points_attr(&head));
                }
            }
        }
    }
    s.push_str("</g>\n<g fill=\"#000000\">\n");
    for connector in &page.connectors {
        let c = connector.rect;
        let text = Text {
            x: c.center().x,
            y: c.y + c.h * 0.55,
            size: 6.5,
            bold: true,
            anchor: Anchor::Middle,
            text: connector.label.clone(),
        };
        text_tag(&mut s, &text, faux_bold);
    }
    for label in &page.labels {
        let _ = writeln!(s, r##"{}"##, rect_tag(&label.rect, r##" fill="#ffffff" stroke="none""##));
        for text in &label.lines {
            text_tag(&mut s, text, faux_bold);
        }
    }
    s.push_str("</g>\n</svg>\n");
    s
}

fn rect_tag(r: &Rect, extra: &str) -> String {
    format!(r#"<rect x="{}" y="{}" width="{}" height="{}"{extra}/>"#, num(r.x), num(r.y), num(r.w), num(r.h))
}

fn text_tag(s: &mut String, t: &Text, faux_bold: bool) {
    let anchor = match t.anchor {
        Anchor::Start => "",
        Anchor::Middle => r#" text-anchor="middle""#,
        Anchor::End => r#" text-anchor="end""#,
    };
    let weight = match (t.bold, faux_bold) {
        (false, _) => "",
        (true, false) => r#" font-weight="bold""#,
        (true, true) => "faux",
    };
    let outline;
    let weight = if weight == "faux" {
        outline = format!(r##" stroke="#000000" stroke-width="{}""##, num(t.size * 0.022));
        outline.as_str()
    } else {
        weight
    };
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" font-size="{}"{weight}{anchor}>{}</text>"#,
        num(t.x),
        num(t.y),
        num(t.size),
        escape(&t.text)
    );
}

fn shape_tag(s: &mut String, shape: Shape, r: &Rect) {
    let fill = r##" fill="#ffffff""##;
    match shape {
        Shape::Process => {
            let _ = writeln!(s, "{}", rect_tag(r, fill));
        }
        Shape::Terminator => {
            let radius = num((r.h / 2.0).min(r.w / 2.0));
            let _ = writeln!(s, "{}", rect_tag(r, &format!(r#" rx="{radius}" ry="{radius}"{fill}"#)));
        }
        Shape::Decision => {
            let c = r.center();
            let points =
                [Point::new(c.x, r.y), Point::new(r.right(), c.y), Point::new(c.x, r.bottom()), Point::new(r.x, c.y)];
            let _ = writeln!(s, r#"<polygon points="{}"{fill}/>"#, points_attr(&points));
        }
    }
}

/// An off-page connector: a pentagon pointing down.
fn pentagon(r: &Rect) -> [Point; 5] {
    let shoulder = r.y + r.h * 0.6;
    [
        Point::new(r.x, r.y),
        Point::new(r.right(), r.y),
        Point::new(r.right(), shoulder),
        Point::new(r.center().x, r.bottom()),
        Point::new(r.x, shoulder),
    ]
}

/// Shortens the last segment by the arrowhead and returns the head's triangle.
fn arrowhead(points: &mut [Point]) -> Option<[Point; 3]> {
    let n = points.len();
    let tip = *points.get(n.checked_sub(1)?)?;
    let prev = *points.get(n.checked_sub(2)?)?;
    let (dx, dy) = (tip.x - prev.x, tip.y - prev.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 0.01 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let l = HEAD_L.min(len);
    let base = Point::new(tip.x - ux * l, tip.y - uy * l);
    if let Some(last) = points.last_mut() {
        *last = base;
    }
    Some([
        tip,
        Point::new(base.x - uy * HEAD_W, base.y + ux * HEAD_W),
        Point::new(base.x + uy * HEAD_W, base.y - ux * HEAD_W),
    ])
}

fn points_attr(points: &[Point]) -> String {
    points.iter().map(|p| format!("{},{}", num(p.x), num(p.y))).collect::<Vec<_>>().join(" ")
}

//! Geometry of the arrows: orthogonal and attached to their ends, clear of symbols, connectors,
//! column borders and each other, with whole arrowheads.
#![allow(clippy::panic, clippy::indexing_slicing)]

mod common;

use sop::render::{self, Goal, Options, Rect, Shape};

#[test]
fn arrows_are_orthogonal_and_touch_their_ends() {
    let mut all = common::layouts::layouts();
    all.extend(common::layouts::fixture_layouts("wide_decision"));
    for (name, _, layout) in all {
        for page in &layout.pages {
            // A diamond is touched on its outline, not anywhere on its bounding box.
            let diamonds: Vec<Rect> = page
                .symbols
                .iter()
                .filter(|s| s.shape == Shape::Decision)
                .flat_map(|s| s.parts.iter().copied())
                .collect();
            for route in &page.routes {
                assert!(route.points.len() >= 2, "{name}: short route");
                for w in route.points.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    assert!((a.x - b.x).abs() < 0.01 || (a.y - b.y).abs() < 0.01, "{name}: diagonal segment");
                }
                let ends: Vec<Rect> = page
                    .symbols
                    .iter()
                    .flat_map(|s| s.parts.iter().copied())
                    .chain(page.connectors.iter().map(|c| c.rect))
                    .collect();
                for p in [route.points[0], route.points[route.points.len() - 1]] {
                    let touches = ends.iter().any(|r| {
                        let in_box = r.inflate(0.6).contains(&Rect::new(p.x, p.y, 0.0, 0.0));
                        if !diamonds.contains(r) {
                            return in_box;
                        }
                        // Distance to the outline, in points (approximately, along the normal).
                        let c = r.center();
                        let (a, b) = (r.w / 2.0, r.h / 2.0);
                        let f = (p.x - c.x).abs() / a + (p.y - c.y).abs() / b;
                        in_box && ((f - 1.0) * a * b / (a * a + b * b).sqrt()).abs() < 0.6
                    });
                    assert!(touches, "{name}: an end of edge {} touches nothing", route.edge);
                }
            }
        }
    }
}

#[test]
fn arrows_do_not_cross_symbols_of_the_seeds() {
    for name in common::layouts::SEEDS {
        let layout = render::layout(&common::layouts::seed(name), &Options::default());
        for page in &layout.pages {
            for route in &page.routes {
                let edge = &layout.flow.edges[route.edge];
                let own = |node: usize| node == edge.from || Goal::Node(node) == edge.to;
                for symbol in page.symbols.iter().filter(|s| !own(s.node)) {
                    for part in &symbol.parts {
                        for w in route.points.windows(2) {
                            let hit = part.inflate(-0.5).contains(&Rect::new(
                                w[0].x.min(w[1].x),
                                w[0].y.min(w[1].y),
                                0.0,
                                0.0,
                            )) || crosses(part, w[0], w[1]);
                            assert!(!hit, "{name}: edge {} crosses the symbol of node {}", route.edge, symbol.node);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn arrows_into_or_out_of_connectors_side_by_side_do_not_cross() {
    // Connectors stand side by side in the bands at the bottom and top of a page. Whatever
    // symbols their arrows come from or go to (a decision's branches, steps one above the
    // other, timers to the same step), no arrow into a bottom connector crosses another, and
    // none out of a top connector does (rembang and branches_across_pages on F4, the generated
    // SOP's last page, before).
    let mut all = common::layouts::layouts();
    all.extend(common::layouts::fixture_layouts("branches_across_pages"));
    all.extend(common::layouts::fixture_layouts("wide_decision"));
    for (name, _, layout) in all {
        for page in &layout.pages {
            for outgoing in [true, false] {
                let band: Vec<&render::Route> = page
                    .routes
                    .iter()
                    .filter(|r| page.connectors.iter().any(|c| c.outgoing == outgoing && c.edge == r.edge))
                    .collect();
                for (k, a) in band.iter().enumerate() {
                    for b in band.iter().skip(k + 1) {
                        assert!(
                            !routes_cross(a, b),
                            "{name}, page {}: edges {} and {} cross",
                            page.number,
                            a.edge,
                            b.edge
                        );
                    }
                }
            }
        }
    }
}

/// Whether a vertical segment of one route crosses a horizontal segment of the other.
fn routes_cross(a: &render::Route, b: &render::Route) -> bool {
    let vertical = |w: &[render::Point]| (w[0].x - w[1].x).abs() < 0.01;
    let cut = |v: &[render::Point], h: &[render::Point]| {
        vertical(v)
            && (h[0].y - h[1].y).abs() < 0.01
            && crosses(&Rect::new(v[0].x, v[0].y.min(v[1].y), 0.0, (v[0].y - v[1].y).abs()), h[0], h[1])
    };
    a.points.windows(2).any(|u| b.points.windows(2).any(|v| cut(u, v) || cut(v, u)))
}

#[test]
fn every_arrowhead_has_its_full_length() {
    // The head is drawn over the arrow's last segment: a segment shorter than the head (4.5 pt)
    // would give a stub of a head.
    let mut all = common::layouts::layouts();
    all.extend(common::layouts::fixture_layouts("branches_across_pages"));
    all.extend(common::layouts::fixture_layouts("wide_decision"));
    for (name, _, layout) in all {
        for page in &layout.pages {
            for route in page.routes.iter().filter(|r| r.arrow) {
                let n = route.points.len();
                let (a, b) = (route.points[n - 2], route.points[n - 1]);
                let last = (a.x - b.x).abs() + (a.y - b.y).abs();
                assert!(last >= 4.5 - 0.01, "{name}, page {}: edge {} ends in {last} pt", page.number, route.edge);
            }
        }
    }
}

#[test]
fn arrowheads_entering_one_side_of_a_symbol_stand_apart() {
    // An arrowhead is 4 pt wide (docs/render.md): heads into one side at least 6 pt apart leave
    // a gap between them, so each arrow can be told from the next (the three timers into the
    // last step of the generated SOP among them).
    let mut all = common::layouts::layouts();
    all.extend(common::layouts::fixture_layouts("branches_across_pages"));
    all.extend(common::layouts::fixture_layouts("wide_decision"));
    for (name, _, layout) in all {
        for page in &layout.pages {
            for part in page.symbols.iter().flat_map(|s| &s.parts) {
                let mut heads: Vec<(bool, f32, usize)> = Vec::new();
                for route in page.routes.iter().filter(|r| r.arrow) {
                    let n = route.points.len();
                    let (a, b) = (route.points[n - 2], route.points[n - 1]);
                    let into = part.inflate(0.6).contains(&Rect::new(b.x, b.y, 0.0, 0.0));
                    if into && (a.y - b.y).abs() < 0.01 {
                        heads.push((a.x < b.x, b.y, route.edge));
                    }
                }
                for (k, &(side, y, edge)) in heads.iter().enumerate() {
                    for &(other_side, other_y, other) in heads.iter().skip(k + 1) {
                        let apart = (y - other_y).abs();
                        assert!(
                            side != other_side || apart >= 6.0 - 0.01,
                            "{name}, page {}: edges {edge} and {other} enter a symbol {apart} pt apart",
                            page.number
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn arrows_do_not_run_along_column_borders() {
    // A step across two columns has its middle on their border: arrows attach in the middle of
    // one of its columns instead, where they can be seen.
    for (name, _, layout) in common::layouts::layouts() {
        for page in &layout.pages {
            let borders: Vec<f32> = page.lanes.iter().flat_map(|l| [l.x, l.x + l.w]).collect();
            for route in &page.routes {
                for w in route.points.windows(2) {
                    let vertical = (w[0].x - w[1].x).abs() < 0.01 && (w[0].y - w[1].y).abs() > 3.0;
                    let on_border = borders.iter().any(|b| (b - w[0].x).abs() < 1.0);
                    assert!(
                        !(vertical && on_border),
                        "{name}, page {}: edge {} runs along a column border",
                        page.number,
                        route.edge
                    );
                }
            }
        }
    }
}

#[test]
fn arrows_pass_no_other_connector_and_do_not_run_along_each_other() {
    let path = format!("{}/tests/sops/branches_across_pages.sop", env!("CARGO_MANIFEST_DIR"));
    let model = common::model_of(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    let mut all = common::layouts::layouts();
    for options in [Options::default(), Options { paper: render::Paper::F4, ..Options::default() }] {
        let layout = render::layout(&model, &options);
        let outgoing = layout.pages.iter().flat_map(|p| &p.connectors).filter(|c| c.outgoing).count();
        assert!(outgoing >= 3, "the three branches no longer cross a page break: {outgoing} connectors");
        all.push((format!("branches_across_pages {options:?}"), model.clone(), layout));
    }
    for (name, _, layout) in all {
        for page in &layout.pages {
            for route in &page.routes {
                for connector in page.connectors.iter().filter(|c| c.edge != route.edge) {
                    // An outgoing connector is entered from the top: its arrowhead (4.5 pt long,
                    // 4 pt wide) stands on it, and another arrow must not cut through that either.
                    let r = connector.rect;
                    let head = Rect::new(r.x + r.w / 2.0 - 2.0, r.y - 4.5, 4.0, 4.5);
                    for w in route.points.windows(2) {
                        assert!(
                            !crosses(&connector.rect, w[0], w[1]),
                            "{name}, page {}: edge {} passes through connector {}",
                            page.number,
                            route.edge,
                            connector.label
                        );
                        assert!(
                            !(connector.outgoing && crosses(&head, w[0], w[1])),
                            "{name}, page {}: edge {} passes through the arrowhead on connector {}",
                            page.number,
                            route.edge,
                            connector.label
                        );
                    }
                }
                // Arrows may merge into the top of the step they go to, and nowhere else.
                let to = layout.flow.edges[route.edge].to;
                for other in page.routes.iter().filter(|r| r.edge > route.edge && layout.flow.edges[r.edge].to != to) {
                    for a in route.points.windows(2) {
                        for b in other.points.windows(2) {
                            assert!(
                                !runs_along(a[0], a[1], b[0], b[1]),
                                "{name}, page {}: edges {} and {} run along each other",
                                page.number,
                                route.edge,
                                other.edge
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Whether two segments lie on one line and share more than a couple of points of it.
fn runs_along(a0: render::Point, a1: render::Point, b0: render::Point, b1: render::Point) -> bool {
    let shared = |p0: f32, p1: f32, q0: f32, q1: f32| p0.max(p1).min(q0.max(q1)) - p0.min(p1).max(q0.min(q1)) > 2.0;
    let vertical = |p: render::Point, q: render::Point| (p.x - q.x).abs() < 0.01;
    match (vertical(a0, a1), vertical(b0, b1)) {
        (true, true) => (a0.x - b0.x).abs() < 1.0 && shared(a0.y, a1.y, b0.y, b1.y),
        (false, false) => (a0.y - b0.y).abs() < 1.0 && shared(a0.x, a1.x, b0.x, b1.x),
        _ => false,
    }
}

fn crosses(r: &Rect, a: render::Point, b: render::Point) -> bool {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x1 > r.x + 0.5 && x0 < r.right() - 0.5 && y1 > r.y + 0.5 && y0 < r.bottom() - 0.5
}

#[test]
fn a_self_loop_does_not_run_along_the_arrow_coming_into_its_step() {
    // In wide_decision.sop, s1 comes down from the next column and steps sideways just above
    // the decision s2, which loops to itself into its own top.
    let mut all = common::layouts::layouts();
    all.extend(common::layouts::fixture_layouts("wide_decision"));
    for (name, _, layout) in all {
        for page in &layout.pages {
            let loops = page.routes.iter().filter(|r| {
                let edge = &layout.flow.edges[r.edge];
                edge.to == Goal::Node(edge.from)
            });
            for route in loops {
                for other in page.routes.iter().filter(|o| o.edge != route.edge) {
                    for a in route.points.windows(2).filter(|w| (w[0].y - w[1].y).abs() < 0.01) {
                        for b in other.points.windows(2).filter(|w| (w[0].y - w[1].y).abs() < 0.01) {
                            let shared =
                                a[0].x.max(a[1].x).min(b[0].x.max(b[1].x)) - a[0].x.min(a[1].x).max(b[0].x.min(b[1].x));
                            assert!(
                                !((a[0].y - b[0].y).abs() < 1.5 && shared > 2.0),
                                "{name}, page {}: the self-loop of edge {} runs along edge {}",
                                page.number,
                                route.edge,
                                other.edge
                            );
                        }
                    }
                }
            }
        }
    }
}

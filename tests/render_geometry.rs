//! Geometry of the computed layout: symbols in their actor's column and row, nothing overlaps,
//! every edge of the model drawn, every page break crossed by a flow marked by a pair of
//! connectors joined by arrows, labels by their arrows. The arrows' own routing is checked in
//! `render_arrows.rs`.
#![allow(clippy::panic, clippy::indexing_slicing)]

mod common;

use common::generated::generated_sop as generated;
use petgraph::visit::EdgeRef;
use sop::model::{FlowEdge, FlowNode, Target};
use sop::render::{self, EdgeKind, Goal, Options, PageKind, Rect, Shape};

#[test]
fn each_steps_symbol_lies_in_its_actors_columns_and_its_row() {
    for (name, model, layout) in common::layouts::layouts() {
        let mut seen = vec![false; model.steps.len()];
        for page in layout.pages.iter().filter(|p| p.kind == PageKind::Flow) {
            for symbol in &page.symbols {
                let row = page.rows.iter().find(|r| r.node == symbol.node).unwrap_or_else(|| panic!("{name}: no row"));
                let node = &layout.flow.nodes[symbol.node];
                for part in &symbol.parts {
                    assert!(
                        part.y >= row.y && part.bottom() <= row.y + row.h,
                        "{name}: symbol of '{}' leaves its row",
                        node.id
                    );
                    let inside = node.lanes.iter().any(|&first| {
                        node.lanes.iter().filter(|&&last| last >= first).any(|&last| {
                            let (a, b) = (&page.lanes[first], &page.lanes[last]);
                            part.x >= a.x && part.right() <= b.x + b.w
                        })
                    });
                    assert!(inside, "{name}: a part of '{}' is outside its columns", node.id);
                }
                if let Some(step) = symbol.step {
                    seen[step] = true;
                    for &actor in &model.steps[step].actors {
                        let lane =
                            page.lanes.iter().find(|l| l.actor == actor).unwrap_or_else(|| panic!("{name}: lane"));
                        let covered = symbol.parts.iter().any(|p| p.x < lane.x + lane.w && p.right() > lane.x);
                        assert!(covered, "{name}: step '{}' is not drawn in the column of actor {actor}", node.id);
                    }
                }
            }
        }
        assert!(seen.iter().all(|s| *s), "{name}: a step has no symbol");
    }
}

#[test]
fn no_two_symbols_connectors_or_labels_overlap() {
    for (name, _, layout) in common::layouts::layouts() {
        for page in &layout.pages {
            // (what, box, drawn as a diamond inside the box)
            let mut items: Vec<(String, Rect, bool)> = Vec::new();
            for s in &page.symbols {
                let diamond = s.shape == Shape::Decision;
                items.extend(s.parts.iter().map(|r| (format!("symbol {}", s.node), *r, diamond)));
            }
            items.extend(page.connectors.iter().map(|c| (format!("connector {}", c.label), c.rect, false)));
            items.extend(page.labels.iter().map(|l| (format!("label of edge {}", l.edge), l.rect, false)));
            for (i, (a, ra, da)) in items.iter().enumerate() {
                for (b, rb, db) in items.iter().skip(i + 1) {
                    // A label may use the empty corners of a diamond's box, not the diamond.
                    let hit = match (da, db) {
                        (true, false) if b.starts_with("label") => diamond_overlaps(ra, rb),
                        (false, true) if a.starts_with("label") => diamond_overlaps(rb, ra),
                        _ => ra.overlaps(rb),
                    };
                    assert!(!hit, "{name}, page {}: {a} overlaps {b}", page.number);
                }
            }
        }
    }
}

/// Whether `rect` overlaps the diamond inscribed in `bounds`: the point of the rectangle
/// nearest the diamond's centre lies inside the diamond.
fn diamond_overlaps(bounds: &Rect, rect: &Rect) -> bool {
    let c = bounds.center();
    let dx = (rect.x - c.x).max(c.x - rect.right()).max(0.0);
    let dy = (rect.y - c.y).max(c.y - rect.bottom()).max(0.0);
    bounds.overlaps(rect) && dx / (bounds.w / 2.0) + dy / (bounds.h / 2.0) < 1.0 - 0.01
}

#[test]
fn every_edge_of_the_model_is_drawn() {
    for (name, model, layout) in common::layouts::layouts() {
        for e in model.graph.edge_references() {
            let Some(FlowNode::Step(from)) = model.graph.node_weight(e.source()).copied() else { continue };
            let target = match model.graph.node_weight(e.target()) {
                Some(FlowNode::Step(j)) => Target::Step(*j),
                _ => Target::End,
            };
            let kind = match *e.weight() {
                FlowEdge::Next => EdgeKind::Next,
                FlowEdge::Branch(n) => EdgeKind::Branch(n),
                FlowEdge::Timer(n) => EdgeKind::Timer { index: n, escalation: model.timers[n].escalation },
            };
            let found =
                layout.flow.edges.iter().enumerate().find(|(_, d)| {
                    layout.flow.nodes[d.from].step == Some(from) && d.target == target && d.kind == kind
                });
            let Some((index, edge)) = found else { panic!("{name}: edge {from} -> {target:?} ({kind:?}) missing") };
            match edge.to {
                Goal::Terminator => {
                    assert_eq!(target, Target::End, "{name}");
                    assert_eq!(
                        layout.flow.nodes[edge.from].shape,
                        Shape::Terminator,
                        "{name}: end step not a terminator"
                    );
                }
                Goal::Node(to) => {
                    let routes: Vec<_> =
                        layout.pages.iter().flat_map(|p| &p.routes).filter(|r| r.edge == index).collect();
                    assert!(!routes.is_empty(), "{name}: edge {index} has no arrow");
                    assert!(
                        routes.iter().all(|r| r.dashed == matches!(kind, EdgeKind::Timer { .. })),
                        "{name}: dashes"
                    );
                    if let Some(label) = &edge.label {
                        let labelled = layout.pages.iter().flat_map(|p| &p.labels).any(|l| l.edge == index);
                        assert!(labelled || label.trim().is_empty(), "{name}: edge {index} has no label");
                    }
                    let _ = to;
                }
            }
        }
    }
}

#[test]
fn every_page_break_crossed_by_a_flow_has_a_matching_pair_of_connectors() {
    for (name, _, layout) in common::layouts::layouts() {
        // The pages of a node's row: the first holds its symbol; a split row goes on over the rest.
        let pages_of = |node: usize| {
            let pages: Vec<usize> =
                (0..layout.pages.len()).filter(|&p| layout.pages[p].rows.iter().any(|r| r.node == node)).collect();
            assert!(!pages.is_empty(), "{name}: no row of node {node}");
            pages
        };
        for (i, edge) in layout.flow.edges.iter().enumerate() {
            let Goal::Node(to) = edge.to else { continue };
            let (from_pages, b) = (pages_of(edge.from), pages_of(to)[0]);
            let (a, z) = (from_pages[0], from_pages[from_pages.len() - 1]);
            let on = |p: usize, outgoing: bool| -> Vec<&render::Connector> {
                layout.pages[p].connectors.iter().filter(|c| c.edge == i && c.outgoing == outgoing).collect()
            };
            let total = layout.pages.iter().flat_map(|p| &p.connectors).filter(|c| c.edge == i).count();
            if a == b {
                assert_eq!(total, 0, "{name}: connector on an edge within a page");
                continue;
            }
            // Follow the arrow from page to page by its connectors' letters.
            let (mut page, mut visited, mut used) = (a, vec![a], 0);
            while page != b {
                let outs = on(page, true);
                assert_eq!(outs.len(), 1, "{name}: edge {i} leaves page {page} without one connector");
                let ins: Vec<usize> = (0..layout.pages.len())
                    .filter(|&q| on(q, false).iter().any(|c| c.label == outs[0].label))
                    .collect();
                assert_eq!(ins.len(), 1, "{name}: connector {} of edge {i} arrives on no page or many", outs[0].label);
                page = ins[0];
                used += 2;
                assert!(visited.len() <= layout.pages.len(), "{name}: the connectors of edge {i} go round");
                visited.push(page);
            }
            assert_eq!(used, total, "{name}: edge {i} has connectors off its way");
            // Down a split row, the arrow crosses every page of the row: each break has its pair.
            let down: Vec<usize> = if b > a { (a..=z.min(b)).collect() } else { vec![a] };
            let crossed = visited.get(..down.len());
            assert_eq!(crossed, Some(&down[..]), "{name}: edge {i} skips a page its line crosses: {visited:?}");
        }
        for page in &layout.pages {
            let mut labels: Vec<(&str, bool)> =
                page.connectors.iter().map(|c| (c.label.as_str(), c.outgoing)).collect();
            labels.sort_unstable();
            let before = labels.len();
            labels.dedup();
            assert_eq!(before, labels.len(), "{name}: a connector label repeats on page {}", page.number);
        }
    }
}

/// The connector letters of A, B, … Z, AA, …: the `n`th.
fn letter(n: usize) -> String {
    if n < 26 {
        char::from(b'A' + n as u8).to_string()
    } else {
        format!("{}{}", letter(n / 26 - 1), letter(n % 26))
    }
}

#[test]
fn connector_letters_follow_reading_order_where_each_pair_is_first_met() {
    let mut all = common::layouts::layouts();
    all.extend(common::layouts::fixture_layouts("branches_across_pages"));
    all.extend(common::layouts::fixture_layouts("wide_decision"));
    for (name, _, layout) in all {
        // Page by page, the band at the top before the one at the bottom, left to right.
        let mut met: Vec<String> = Vec::new();
        for page in &layout.pages {
            let mut row: Vec<&render::Connector> = page.connectors.iter().collect();
            row.sort_by(|a, b| a.outgoing.cmp(&b.outgoing).then(a.rect.x.total_cmp(&b.rect.x)));
            for c in row {
                if !met.contains(&c.label) {
                    met.push(c.label.clone());
                }
            }
        }
        let expected: Vec<String> = (0..met.len()).map(letter).collect();
        assert_eq!(met, expected, "{name}: the connector letters are met out of order");
    }
}

#[test]
fn every_connector_is_joined_by_an_arrow_to_its_symbol() {
    let touches = |r: &Rect, p: render::Point| r.inflate(0.6).contains(&Rect::new(p.x, p.y, 0.0, 0.0));
    for (name, _, layout) in common::layouts::layouts() {
        for page in &layout.pages {
            for c in &page.connectors {
                let edge = &layout.flow.edges[c.edge];
                let Goal::Node(to) = edge.to else { panic!("{name}: connector {} on an edge to nothing", c.label) };
                let node = if c.outgoing { edge.from } else { to };
                // On a page the arrow passes over (down a split row), the other end is the
                // connector by which it goes on.
                let other: Vec<Rect> = match page.symbols.iter().find(|s| s.node == node) {
                    Some(symbol) => symbol.parts.clone(),
                    None => page
                        .connectors
                        .iter()
                        .filter(|o| o.edge == c.edge && o.outgoing != c.outgoing)
                        .map(|o| o.rect)
                        .collect(),
                };
                assert!(!other.is_empty(), "{name}: connector {}: its symbol is elsewhere", c.label);
                let joined = page.routes.iter().filter(|r| r.edge == c.edge).any(|r| {
                    let (first, last) = (r.points[0], r.points[r.points.len() - 1]);
                    let (at_connector, at_other) = if c.outgoing { (last, first) } else { (first, last) };
                    let length: f32 =
                        r.points.windows(2).map(|w| (w[0].x - w[1].x).abs() + (w[0].y - w[1].y).abs()).sum();
                    length > 2.0 && touches(&c.rect, at_connector) && other.iter().any(|p| touches(p, at_other))
                });
                let way = if c.outgoing { "from its source" } else { "to its target" };
                assert!(joined, "{name}, page {}: connector {} has no arrow {way}", page.number, c.label);
            }
        }
    }
}

#[test]
fn first_step_and_end_steps_are_terminators_and_decisions_diamonds() {
    let layout = render::layout(&common::layouts::seed("kubu_raya"), &Options::default());
    let shape = |id: &str| layout.flow.nodes.iter().find(|n| n.id == id).map(|n| n.shape);
    assert_eq!(shape("paparkan"), Some(Shape::Terminator));
    assert_eq!(shape("tutup"), Some(Shape::Terminator));
    assert_eq!(shape("periksa"), Some(Shape::Decision));
    assert_eq!(shape("distribusi"), Some(Shape::Process));
}

#[test]
fn a_branch_to_the_end_gets_a_selesai_row() {
    let layout = render::layout(&common::layouts::seed("rembang"), &Options::default());
    let last = layout.flow.nodes.last().unwrap_or_else(|| panic!("no nodes"));
    assert_eq!((last.step, last.text.as_str(), last.shape), (None, "Selesai", Shape::Terminator));
}

#[test]
fn a_500_step_sop_lays_out_on_many_pages_with_connectors() {
    let model = common::model_of(&generated(500));
    let layout = render::layout(&model, &Options::default());
    assert!(layout.pages.len() > 20);
    assert!(layout.pages.iter().any(|p| !p.connectors.is_empty()));
    assert_eq!(
        layout.pages.iter().flat_map(|p| &p.rows).filter(|r| layout.flow.nodes[r.node].step.is_some()).count(),
        501
    );
}

#[test]
fn labels_sit_near_the_start_of_their_arrow_or_give_way_to_a_marker() {
    // A label that fits only far away (rembang's decision 6 in portrait) is a marker there.
    let path = format!("{}/tests/sops/branches_across_pages.sop", env!("CARGO_MANIFEST_DIR"));
    let crowded = common::model_of(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    let mut all = common::layouts::layouts();
    for paper in [render::Paper::A4, render::Paper::F4] {
        let layout = render::layout(&crowded, &Options { paper, ..Options::default() });
        all.push((format!("branches_across_pages {paper:?}"), crowded.clone(), layout));
    }
    for (name, _, layout) in all {
        for page in &layout.pages {
            for label in &page.labels {
                let route = page.routes.iter().find(|r| r.edge == label.edge);
                let Some(route) = route else { panic!("{name}: label of edge {} without its arrow", label.edge) };
                let (p, r) = (route.points[0], label.rect);
                let dx = (r.x - p.x).max(p.x - r.right()).max(0.0);
                let dy = (r.y - p.y).max(p.y - r.bottom()).max(0.0);
                let distance = (dx * dx + dy * dy).sqrt();
                let text: Vec<&str> = label.lines.iter().map(|t| t.text.as_str()).collect();
                assert!(
                    distance <= 30.0,
                    "{name}, page {}: label {text:?} is {distance:.0} pt from its arrow's start",
                    page.number
                );
            }
        }
    }
}

#[test]
fn the_legend_closes_the_gap_above_it_rather_than_take_a_page_of_its_own() {
    // On A4 landscape the table of this example ends just too low for the legend to fit under
    // it with the usual 10 pt gap, but it fits beside the page number with a smaller one.
    let path = format!("{}/examples/decision_loop.sop", env!("CARGO_MANIFEST_DIR"));
    let model = common::model_of(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    let layout = render::layout(&model, &Options::default());
    let Some(page) = layout.pages.iter().find(|p| !p.samples.is_empty()) else { panic!("no legend") };
    assert!(!page.rows.is_empty(), "the legend takes page {} of its own", page.number);
    let table_end = page.rows.iter().map(|r| r.y + r.h).fold(0.0, f32::max);
    for sample in &page.samples {
        let top = match sample {
            render::Sample::Shape(_, r) | render::Sample::Connector(r) => r.y,
            render::Sample::Dashed(a, b) => a.y.min(b.y),
        };
        assert!(top >= table_end + 1.0, "the legend overlaps the table: {top} < {table_end}");
    }
}

#[test]
fn actor_headers_split_no_word_even_with_many_actors_in_portrait() {
    // Eight actors on A4 portrait leave each column too narrow for "Perencanaan" even at 5 pt.
    let mut all = common::layouts::fixture_layouts("eight_actors");
    all.extend(common::layouts::layouts());
    for (name, model, layout) in all {
        for page in layout.pages.iter().filter(|p| p.kind == PageKind::Flow) {
            let Some(body) = page.rows.first().map(|r| r.y) else { continue };
            for lane in &page.lanes {
                let title = &model.actors[lane.actor].title;
                // A word may break after a slash, as the wrapping does.
                let words: Vec<&str> = title.split_whitespace().flat_map(|w| w.split_inclusive('/')).collect();
                let middle = lane.x + lane.w / 2.0;
                // The lane's own header cell: shaded, as wide as the lane, above the body.
                let Some(cell) =
                    page.boxes.iter().map(|f| f.rect).find(|r| {
                        (r.x - lane.x).abs() < 0.01 && (r.w - lane.w).abs() < 0.01 && r.bottom() <= body + 0.01
                    })
                else {
                    panic!("{name}: no header cell for '{title}'")
                };
                let lines = page
                    .texts
                    .iter()
                    .filter(|t| t.bold && t.y > cell.y && t.y < cell.bottom() && (t.x - middle).abs() < 0.01);
                for line in lines {
                    for word in line.text.split_whitespace().flat_map(|w| w.split_inclusive('/')) {
                        assert!(words.contains(&word), "{name}: header '{title}' is split at '{word}'");
                    }
                }
            }
        }
    }
}

//! The DOT backend: the flow as Graphviz swimlanes, built as a graphviz-rust AST. One cluster
//! per actor, held in declared order by a scaffold of invisible points, nodes kept in step
//! order by an invisible chain, decisions as diamonds, branch labels on their edges, timers and
//! escalations dashed.

use super::flow::{EdgeKind, Goal};
use super::font::FAMILY;
use super::page::{Layout, Shape};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

/// Characters per line in node labels (Graphviz measures text itself).
const WRAP: usize = 32;

/// The DOT text of a layout's flow.
pub fn dot(layout: &Layout) -> String {
    graph(layout).print(&mut PrinterContext::default())
}

/// Quotes and escapes a string for DOT: backslashes and quotes escaped, line breaks as `\n`.
pub fn quote(text: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

fn plain(text: &str) -> Id {
    Id::Plain(text.to_string())
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(plain(key), value)
}

fn node_id(i: usize) -> NodeId {
    NodeId(plain(&format!("n{i}")), None)
}

fn graph(layout: &Layout) -> Graph {
    let flow = &layout.flow;
    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", plain("TB")),
            attr("newrank", plain("true")),
            attr("forcelabels", plain("true")),
            attr("label", quote(&layout.title)),
            attr("labelloc", plain("t")),
            attr("fontname", quote(FAMILY)),
            attr("nodesep", plain("0.3")),
            attr("ranksep", plain("0.3")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", quote(FAMILY)),
            attr("fontsize", plain("10")),
            attr("shape", plain("box")),
            attr("style", plain("filled")),
            attr("fillcolor", plain("white")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("fontname", quote(FAMILY)), attr("fontsize", plain("9"))])),
    ];
    stmts.extend(scaffold_before(flow.lanes.len()));
    for (lane, title) in flow.lanes.iter().enumerate() {
        let mut sub = vec![
            Stmt::Attribute(attr("label", quote(title))),
            Stmt::Attribute(attr("style", plain("filled"))),
            Stmt::Attribute(attr("fillcolor", quote("#f4f4f4"))),
        ];
        for (i, node) in flow.nodes.iter().enumerate().filter(|(_, n)| n.lanes.first() == Some(&lane)) {
            let mut label = if node.number.is_empty() { String::new() } else { format!("{}. ", node.number) };
            label.push_str(&node.text);
            let mut text = wrap(&label);
            let others: Vec<&str> =
                node.lanes.iter().skip(1).filter_map(|&l| flow.lanes.get(l)).map(String::as_str).collect();
            if !others.is_empty() {
                text.push_str(&format!("\n[+ {}]", others.join(", ")));
            }
            let mut attributes = vec![attr("label", quote(&text))];
            match node.shape {
                Shape::Process => {}
                Shape::Terminator => attributes.push(attr("style", quote("rounded,filled"))),
                Shape::Decision => attributes.push(attr("shape", plain("diamond"))),
            }
            sub.push(Stmt::Node(Node::new(node_id(i), attributes)));
        }
        for end in ["head", "foot"] {
            sub.push(Stmt::Node(Node::new(anchor_id(lane, end), anchor_attributes(lane))));
        }
        stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("cluster_{lane}")), stmts: sub }));
    }
    stmts.extend(scaffold_after(flow.lanes.len(), flow.nodes.len()));
    for i in 1..flow.nodes.len() {
        stmts.push(invisible(node_id(i - 1), node_id(i)));
    }
    // Pairs of nodes whose arrow already has a `label`.
    let mut labelled: Vec<(usize, usize)> = Vec::new();
    for edge in &flow.edges {
        let Goal::Node(to) = edge.to else { continue };
        let mut attributes = Vec::new();
        if let Some(label) = edge.label.as_ref().filter(|l| !l.trim().is_empty()) {
            // Only the first arrow to the next row gets a `label`, which Graphviz gives a rank
            // of its own between the two rows. Any other arrow would have its label put in a
            // rank that holds other steps (over them), or in the same place as the first
            // one's; an `xlabel` is placed after the layout, beside the arrow, clear of nodes.
            let next = to == edge.from + 1 || to == edge.from;
            let key = if next && !labelled.contains(&(edge.from, to)) { "label" } else { "xlabel" };
            if key == "label" {
                labelled.push((edge.from, to));
            }
            attributes.push(attr(key, quote(&wrap(label))));
        }
        if edge.dashed {
            attributes.push(attr("style", plain("dashed")));
        }
        if let EdgeKind::Timer { escalation: true, .. } = edge.kind {
            attributes.push(attr("color", quote("#b00000")));
        }
        if to <= edge.from {
            attributes.push(attr("constraint", plain("false")));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(edge.from)), Vertex::N(node_id(to))),
            attributes,
        }));
    }
    Graph::DiGraph { id: plain("sop"), strict: false, stmts }
}

fn anchor_id(lane: usize, end: &str) -> NodeId {
    NodeId(plain(&format!("lane{lane}_{end}")), None)
}

/// An invisible point in a lane's `group`: Graphviz makes crossing an edge between two nodes of
/// one group very costly, which is what holds the lanes in order.
fn anchor_attributes(lane: usize) -> Vec<Attribute> {
    vec![
        attr("group", plain(&format!("lane{lane}"))),
        attr("style", plain("invis")),
        attr("shape", plain("point")),
        attr("label", quote("")),
    ]
}

fn point(id: &str) -> Stmt {
    let attributes = vec![attr("style", plain("invis")), attr("shape", plain("point")), attr("label", quote(""))];
    Stmt::Node(Node::new(NodeId(plain(id), None), attributes))
}

/// The scaffold that keeps the lanes (clusters) in declared order, left to right, and
/// stretched from a common top to a common bottom. Graphviz orders clusters by the order in
/// which its first placement reaches them, then swaps them to save crossings. So: one root
/// with an edge to a point above each lane (`laneN_top`, outside the clusters, on one rank,
/// chained left to right), from which an edge goes into the lane's first point
/// (`laneN_head`); the same mirrored below (`laneN_foot` → `laneN_bottom` → one sink). The
/// root (and the sink, for the pass that starts from the bottom) reaches the lanes in declared
/// order, and the `group` of each top/head and foot/bottom pair makes any swap of two lanes
/// cross two such edges, which costs more than any crossing it could save.
fn scaffold_before(lanes: usize) -> Vec<Stmt> {
    let mut stmts = vec![point("lanes_root")];
    stmts.extend((0..lanes).map(|lane| invisible(NodeId(plain("lanes_root"), None), anchor_id(lane, "top"))));
    for end in ["top", "bottom"] {
        let mut same = vec![Stmt::Attribute(attr("rank", plain("same")))];
        same.extend((0..lanes).map(|lane| Stmt::Node(Node::new(anchor_id(lane, end), anchor_attributes(lane)))));
        stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("{end}s")), stmts: same }));
        for lane in 1..lanes {
            stmts.push(invisible(anchor_id(lane - 1, end), anchor_id(lane, end)));
        }
    }
    stmts.push(point("lanes_sink"));
    stmts.extend((0..lanes).map(|lane| invisible(anchor_id(lane, "bottom"), NodeId(plain("lanes_sink"), None))));
    stmts
}

/// The edges that tie each lane's head and foot to the scaffold and to the first and last
/// rows, so that every lane spans the whole flow.
fn scaffold_after(lanes: usize, nodes: usize) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    for lane in 0..lanes {
        stmts.push(invisible(anchor_id(lane, "top"), anchor_id(lane, "head")));
        stmts.push(invisible(anchor_id(lane, "foot"), anchor_id(lane, "bottom")));
        match nodes.checked_sub(1) {
            Some(last) => {
                stmts.push(invisible(anchor_id(lane, "head"), node_id(0)));
                stmts.push(invisible(node_id(last), anchor_id(lane, "foot")));
            }
            None => stmts.push(invisible(anchor_id(lane, "head"), anchor_id(lane, "foot"))),
        }
    }
    stmts
}

/// An edge that only orders nodes.
fn invisible(from: NodeId, to: NodeId) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(from), Vertex::N(to)),
        attributes: vec![attr("style", plain("invis"))],
    })
}

/// Breaks text into lines of about [`WRAP`] characters at spaces.
fn wrap(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

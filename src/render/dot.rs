//! The DOT backend: the flow as Graphviz swimlanes, built as a graphviz-rust AST. One cluster
//! per actor in declared order, nodes kept in step order by an invisible chain, decisions as
//! diamonds, branch labels on their edges, timers and escalations dashed.

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
    // Every lane runs from a common top rank to a common bottom rank, so the clusters stand
    // side by side as swimlanes. Declared here, before the clusters, so that Graphviz starts
    // from the declared order (it may still swap lanes to save crossings).
    for end in ["top", "bottom"] {
        let mut same = vec![Stmt::Attribute(attr("rank", plain("same")))];
        same.extend((0..flow.lanes.len()).map(|lane| Stmt::Node(Node::new(anchor_id(lane, end), Vec::new()))));
        stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("{end}s")), stmts: same }));
        for lane in 1..flow.lanes.len() {
            stmts.push(invisible(anchor_id(lane - 1, end), anchor_id(lane, end)));
        }
    }
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
        for end in ["top", "bottom"] {
            sub.push(Stmt::Node(Node::new(
                anchor_id(lane, end),
                vec![attr("style", plain("invis")), attr("shape", plain("point")), attr("label", quote(""))],
            )));
        }
        stmts.push(Stmt::Subgraph(Subgraph { id: plain(&format!("cluster_{lane}")), stmts: sub }));
    }
    if let (Some(_), Some(last)) = (flow.nodes.first(), flow.nodes.len().checked_sub(1)) {
        for lane in 0..flow.lanes.len() {
            stmts.push(invisible(anchor_id(lane, "top"), node_id(0)));
            stmts.push(invisible(node_id(last), anchor_id(lane, "bottom")));
        }
    }
    for i in 1..flow.nodes.len() {
        stmts.push(invisible(node_id(i - 1), node_id(i)));
    }
    for edge in &flow.edges {
        let Goal::Node(to) = edge.to else { continue };
        let mut attributes = Vec::new();
        if let Some(label) = edge.label.as_ref().filter(|l| !l.trim().is_empty()) {
            attributes.push(attr("label", quote(&wrap(label))));
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

//! CST → canonical text: two-space indentation, one space between arguments, at most one
//! blank line in a row, comments kept where they were.

use super::cst::{ArgKind, Cst, Line, Node};

const INDENT: &str = "  ";

/// Prints a CST canonically. Printing the parse of the output gives the same output.
pub fn print(cst: &Cst) -> String {
    let mut out = String::new();
    print_lines(&cst.lines, 0, &mut out);
    out
}

fn print_lines(lines: &[Line], depth: usize, out: &mut String) {
    let mut previous_blank = true; // no blank line at the start of a file or block
    let last_content = lines.iter().rposition(|l| !matches!(l, Line::Blank));
    for (index, line) in lines.iter().enumerate() {
        if last_content.is_none_or(|last| index > last) {
            break;
        }
        match line {
            Line::Blank => {
                if !previous_blank {
                    out.push('\n');
                }
                previous_blank = true;
                continue;
            }
            Line::Comment(comment) => {
                push_indent(depth, out);
                out.push_str(&comment.text);
                out.push('\n');
            }
            Line::Node(node) => print_node(node, depth, out),
        }
        previous_blank = false;
    }
}

fn print_node(node: &Node, depth: usize, out: &mut String) {
    push_indent(depth, out);
    out.push_str(&node.keyword.text);
    for arg in &node.args {
        out.push(' ');
        match &arg.kind {
            ArgKind::Text(text) => push_quoted(text, out),
            ArgKind::Number(s) | ArgKind::Word(s) | ArgKind::Op(s) => out.push_str(s),
            ArgKind::Arrow => out.push_str("->"),
            ArgKind::Blank => out.push('-'),
        }
    }
    if let Some(block) = &node.block {
        out.push_str(" {");
        if let Some(comment) = &block.comment {
            out.push(' ');
            out.push_str(&comment.text);
        }
        out.push('\n');
        print_lines(&block.lines, depth + 1, out);
        push_indent(depth, out);
        out.push('}');
    }
    if let Some(comment) = &node.comment {
        out.push(' ');
        out.push_str(&comment.text);
    }
    out.push('\n');
}

fn push_indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// Writes text in double quotes with the language's escapes.
pub fn push_quoted(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

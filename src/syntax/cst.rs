//! The concrete syntax tree: every line of the file as written, comments and blank lines
//! included, so `fmt` can reprint it. Keywords are not interpreted yet.

use crate::span::Span;

/// A whole file: its top-level lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cst {
    pub lines: Vec<Line>,
}

/// One line of a file or block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// An empty line the author left between statements.
    Blank,
    Comment(Comment),
    Node(Node),
}

/// A `//` or `#` comment, text included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// A statement: keyword, arguments, optional block, optional comment at the end of its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub keyword: Word,
    pub args: Vec<Arg>,
    pub block: Option<Block>,
    pub comment: Option<Comment>,
    pub span: Span,
}

/// A bare word (keyword or id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

/// `{ ... }` after a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// A comment right after the opening brace.
    pub comment: Option<Comment>,
    pub lines: Vec<Line>,
    pub span: Span,
}

/// One argument of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub kind: ArgKind,
    pub span: Span,
}

/// What an argument is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgKind {
    /// Quoted text, unescaped.
    Text(String),
    /// Digits, possibly dotted (`3`, `1.2`).
    Number(String),
    Word(String),
    /// `->`
    Arrow,
    /// `==` or `!=`
    Op(String),
    /// `-`, a blank value
    Blank,
}

impl Node {
    /// The child nodes of this node's block (none without a block).
    pub fn children(&self) -> impl Iterator<Item = &Node> {
        self.block.iter().flat_map(|b| b.lines.iter()).filter_map(|line| match line {
            Line::Node(node) => Some(node),
            _ => None,
        })
    }
}

impl Cst {
    /// The top-level nodes.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.lines.iter().filter_map(|line| match line {
            Line::Node(node) => Some(node),
            _ => None,
        })
    }
}

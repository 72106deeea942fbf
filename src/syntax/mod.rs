//! Stage 1, `syntax`: source text → CST (for `fmt`) → typed AST with spans.

pub mod args;
mod args_mistakes;
pub mod ast;
mod braces;
pub mod build;
mod build_attribute;
mod build_identity;
mod clauses;
pub mod cst;
mod duration_help;
pub mod format;
mod order;
pub mod parse;
mod recover;
pub mod synonyms;

use crate::diagnostic::Diagnostic;
pub use ast::Ast;
pub use cst::Cst;

/// Parses a `.sop` source into its AST, with every syntax problem found.
///
/// The AST is built even when there are syntax errors (from the lines that could be read), so
/// later stages can still report their own problems; it is `None` only when nothing could be read.
pub fn parse(source: &str) -> (Option<Ast>, Vec<Diagnostic>) {
    let (cst, mut diagnostics) = parse::parse_cst(source);
    let mut built = Vec::new();
    let ast = cst.map(|cst| build::build(&cst, &mut built));
    // A line with a syntax error was read only in part; what the builder says about it would
    // repeat the syntax error in other words.
    if !diagnostics.is_empty() {
        let lines = crate::span::LineIndex::new(source);
        let broken: Vec<usize> = diagnostics.iter().map(|d| lines.line_col(d.span.start).0).collect();
        built.retain(|d| !broken.contains(&lines.line_col(d.span.start).0));
    }
    diagnostics.extend(built);
    (ast, diagnostics)
}

/// Formats a source canonically, keeping comments. Refuses a source with syntax errors.
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    let (cst, diagnostics) = parse::parse_cst(source);
    match cst {
        Some(cst) if diagnostics.is_empty() => Ok(format::print(&cst)),
        _ => Err(diagnostics),
    }
}

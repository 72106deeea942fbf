//! An attribute's declaration (`attribute ID "Title" bool`, or a block of `values` lines) → its
//! AST node, with the mistakes in its values.

use super::args::Args;
use super::ast::*;
use super::build::Builder;
use super::cst::Node;
use crate::check::rules;
use crate::diagnostic::{did_you_mean, Diagnostic};

pub(super) const ATTRIBUTE: &[&str] = &["values"];

impl Builder<'_> {
    pub(super) fn attribute(&mut self, node: &Node) -> Option<AttributeDecl> {
        let mut args = Args::new(node, self.diagnostics);
        let id = args.declared_id("the attribute's id");
        let title = args.optional_text();
        let bool_span = args.peek().filter(|_| args.peek_word("bool")).map(|a| a.span);
        let is_bool = args.eat_word("bool");
        args.finish();
        let mut values: Vec<Text> = Vec::new();
        self.children(node, |b, child| match child.keyword.text.as_str() {
            "values" => b.values_line(child, &mut values),
            keyword => {
                b.unknown_keyword(child, ATTRIBUTE, "in an attribute");
                // A misspelt values line (its S102 has the did-you-mean): its values still
                // declare the attribute, so the guards on it do not report it unknown.
                if did_you_mean(keyword, ["values"]).is_some() {
                    b.values_line(child, &mut values);
                }
            }
        });
        if let (Some(span), Some(first)) = (bool_span.filter(|_| is_bool), values.first()) {
            self.diagnostics.push(
                Diagnostic::new(
                    rules::INVALID_ARGUMENT,
                    span,
                    "an attribute is either 'bool' or has 'values', not both",
                )
                .with_label("bool")
                .with_related(first.span, "values given here")
                .with_help("remove 'bool' to keep the values, or remove the values"),
            );
        }
        // With both, the values are kept: they are what the guards most likely compare with.
        let domain = match (is_bool, values.is_empty()) {
            (_, false) => DomainDecl::Values(values),
            (true, true) => DomainDecl::Bool,
            (false, true) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        rules::INVALID_ARGUMENT,
                        node.keyword.span,
                        "an attribute needs its possible values",
                    )
                    .with_label("no values")
                    .with_help("add a block with 'values \"a\" \"b\"', or write 'bool' after the title"),
                );
                return None;
            }
        };
        Some(AttributeDecl { id: id?, title, domain, span: node.span })
    }

    /// Reads the values of a `values` line into `values`.
    fn values_line(&mut self, child: &Node, values: &mut Vec<Text>) {
        self.no_block(child);
        let mut args = Args::new(child, self.diagnostics);
        let mut line = args.value_list("the values", &[]);
        // A values line copied twice is one mistake: the whole line is the repeat.
        let repeats = |t: &Text| values.iter().any(|v| v.value == t.value);
        if line.len() > 1 && line.iter().all(repeats) {
            let first = line.first().and_then(|t| values.iter().find(|v| v.value == t.value)).map(|v| v.span);
            let mut d =
                Diagnostic::new(rules::INVALID_ARGUMENT, child.span, "this 'values' line lists the values again")
                    .with_label("listed again")
                    .with_help("remove this line");
            if let Some(first) = first {
                d = d.with_related(first, "first listed here");
            }
            args.diagnostics.push(d);
            line.clear();
        }
        for text in line {
            // A value listed twice would be one case counted twice by the coverage rules.
            match values.iter().find(|v| v.value == text.value).map(|v| v.span) {
                Some(first) => args.diagnostics.push(
                    Diagnostic::new(
                        rules::INVALID_ARGUMENT,
                        text.span,
                        format!("the value '{}' is listed twice", text.value),
                    )
                    .with_label("listed again")
                    .with_related(first, "first listed here")
                    .with_help("list each value once"),
                ),
                None => values.push(text),
            }
        }
        args.finish();
    }
}

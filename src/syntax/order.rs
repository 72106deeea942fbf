//! Item headers written in the wrong order (`step 1 lapor "..."`, `actor "Pelapor" pelapor`),
//! read as meant with one error, so the item is still declared and nothing that refers to it
//! reports it unknown.

use super::cst::{Arg, ArgKind, Node};
use super::format::push_quoted;
use crate::check::rules;
use crate::diagnostic::Diagnostic;
use std::borrow::Cow;

/// `node` with its header arguments in the order id, number, text, when they are exactly one
/// id, at most one number (if `number` may be given) and at most one text, in another order.
pub fn in_order<'n>(node: &'n Node, number: bool, diagnostics: &mut Vec<Diagnostic>) -> Cow<'n, Node> {
    let rank = |arg: &Arg| match arg.kind {
        ArgKind::Word(_) => Some(0),
        ArgKind::Number(_) if number => Some(1),
        ArgKind::Text(_) => Some(2),
        _ => None,
    };
    let Some(mut ranks) = node.args.iter().map(rank).collect::<Option<Vec<u8>>>() else { return Cow::Borrowed(node) };
    let in_order = ranks.windows(2).all(|w| w.first() < w.get(1));
    ranks.sort_unstable();
    ranks.dedup();
    if in_order || ranks.len() != node.args.len() || ranks.first() != Some(&0) {
        return Cow::Borrowed(node);
    }
    let mut sorted = node.clone();
    sorted.args.sort_by_key(|a| rank(a).unwrap_or(u8::MAX));
    let (Some(first), Some(last)) = (node.args.first(), node.args.last()) else { return Cow::Borrowed(node) };
    let (parts, order) = if number { ("id, number and text", "id, number, text") } else { ("id and text", "id, text") };
    diagnostics.push(
        Diagnostic::new(
            rules::INVALID_ARGUMENT,
            first.span.to(last.span),
            format!("the {parts} of '{}' are in the wrong order", node.keyword.text),
        )
        .with_label(format!("read as {order}"))
        .with_help(format!("write: {}", header(&sorted))),
    );
    Cow::Owned(sorted)
}

/// The header as it should be written, a long text cut short.
fn header(node: &Node) -> String {
    let mut out = node.keyword.text.clone();
    for arg in &node.args {
        out.push(' ');
        match &arg.kind {
            ArgKind::Text(text) if text.chars().count() > 60 => {
                push_quoted(&format!("{}…", text.chars().take(60).collect::<String>()), &mut out)
            }
            ArgKind::Text(text) => push_quoted(text, &mut out),
            ArgKind::Word(w) | ArgKind::Number(w) => out.push_str(w),
            _ => {}
        }
    }
    out
}

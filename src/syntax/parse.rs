//! Text → CST with pest, reporting every syntax error in words.
//!
//! pest stops at the first error. To report all of them in one run, the parser blanks the
//! rest of the offending line (keeping byte offsets) and parses again, a bounded number of times.

use super::braces::{brace_problems, say_where_the_block_ends};
use super::cst::{Arg, ArgKind, Block, Comment, Cst, Line, Node, Word};
use super::recover::end_unclosed_blocks;
use crate::check::rules;
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/sop.pest"]
struct Grammar;

/// After this many syntax errors, the rest are summarised in one.
const MAX_ERRORS: usize = 20;

/// Parses `source` into a CST. With syntax errors, returns the CST of the text with the bad
/// parts blanked out (so later stages can still report their own problems) and the errors.
pub fn parse_cst(source: &str) -> (Option<Cst>, Vec<Diagnostic>) {
    let braces = brace_problems(source);
    if braces.too_deep {
        return (None, braces.diagnostics);
    }
    let mut diagnostics = braces.diagnostics;
    // Parse a repaired copy: stray '}' blanked, unclosed blocks closed at the end, so one
    // brace mistake does not hide every other problem in the file.
    let mut text = source.to_string();
    for &at in &braces.stray_closers {
        text.replace_range(at..at + 1, " ");
    }
    for _ in &braces.unclosed {
        text.push_str("\n}");
    }
    // A block whose header lacks its '{': its lines are blanked (line breaks kept), so the
    // header stands alone and the one error says what is missing.
    for &(from, to) in &braces.headless {
        // Byte by byte, so the spans of the rest of the file stay where they were.
        let blank: String =
            text.get(from..to).unwrap_or_default().bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }).collect();
        text.replace_range(from..to, &blank);
    }
    // Where the last error was: reading stops there when there are too many.
    let mut last = 0;
    for _ in 0..MAX_ERRORS {
        match Grammar::parse(Rule::file, &text) {
            Ok(mut pairs) => {
                let mut cst = pairs.next().map(|file| build_file(file, source.len()));
                if let Some(cst) = cst.as_mut() {
                    for ended in end_unclosed_blocks(cst, &braces.unclosed, source) {
                        say_where_the_block_ends(&mut diagnostics, source, &ended);
                    }
                }
                return (cst, dedup(diagnostics));
            }
            Err(error) => {
                let pos = match error.location {
                    pest::error::InputLocation::Pos(p) => p,
                    pest::error::InputLocation::Span((p, _)) => p,
                };
                last = pos.min(source.len());
                let at_end = text.get(pos..).is_some_and(|rest| rest.trim().is_empty());
                let explained = diagnostics.iter().any(|d| d.span.start == pos) || (at_end && !diagnostics.is_empty());
                if !explained {
                    let (line_start, _) = crate::span::line_bounds(&text, pos);
                    let starts_line = text.get(line_start..pos).is_some_and(|lead| lead.trim().is_empty());
                    diagnostics.push(match starts_line && text.get(pos..).is_some_and(|r| r.starts_with('{')) {
                        true => brace_on_its_own_line(pos),
                        false => describe(&text, pos, &error),
                    });
                }
                if !blank_from(&mut text, pos) {
                    return (None, dedup(diagnostics));
                }
            }
        }
    }
    // Nothing past the place reading stopped: the brace count went over the whole file, but
    // what it found there is not read either.
    diagnostics.retain(|d| d.span.start <= last);
    diagnostics.push(
        Diagnostic::new(
            rules::SYNTAX_ERROR,
            Span::new(last, last),
            format!("too many syntax errors ({MAX_ERRORS}); stopped reading the file here"),
        )
        .with_label("reading stopped here")
        .with_help("fix the errors above and check again"),
    );
    (None, dedup(diagnostics))
}

fn dedup(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    diagnostics.dedup_by(|a, b| a.span.start == b.span.start && a.message == b.message);
    diagnostics
}

/// Replaces the text from `pos` to the end of its line with spaces, keeping a block's braces
/// at the end or start of the line so the blocks around still balance. Returns false when
/// nothing could be blanked (the error is at the end of the file).
fn blank_from(text: &mut String, pos: usize) -> bool {
    let (_, line_end) = crate::span::line_bounds(text, pos);
    let Some(segment) = text.get(pos..line_end) else { return false };
    if segment.trim().is_empty() {
        return false;
    }
    let keep_open = segment.trim_end().ends_with('{');
    // Multi-byte characters become as many spaces as they had bytes, so offsets stay put.
    let mut replacement: String = segment.chars().flat_map(|c| std::iter::repeat_n(' ', c.len_utf8())).collect();
    if keep_open {
        replacement.pop();
        replacement.push('{');
    }
    if segment.starts_with('}') {
        replacement.replace_range(0..1, "}");
    }
    if replacement == segment {
        // Nothing left to blank (a line that is only a brace): parsing again would stop here.
        return false;
    }
    text.replace_range(pos..line_end, &replacement);
    true
}

/// A `{` where a line should start: the block's opening brace written on a line of its own.
fn brace_on_its_own_line(pos: usize) -> Diagnostic {
    Diagnostic::new(rules::SYNTAX_ERROR, Span::new(pos, pos + 1), "a '{' cannot start a line")
        .with_label("this brace opens a block")
        .with_help("put '{' at the end of the line that names the step, decision or block")
}

/// Turns a pest error into a message in words.
fn describe(text: &str, pos: usize, error: &pest::error::Error<Rule>) -> Diagnostic {
    let rest = text.get(pos..).unwrap_or("");
    let found = rest.chars().next();
    let line_rest = rest.split('\n').next().unwrap_or("");
    let width = found.map_or(0, char::len_utf8);
    let span = Span::new(pos, pos + width);
    let expected_keyword = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().any(|r| matches!(r, Rule::node | Rule::keyword))
        }
        pest::error::ErrorVariant::CustomError { .. } => false,
    };
    let found_words = match found {
        None => "the end of the file".to_string(),
        Some('\n') | Some('\r') => "the end of the line".to_string(),
        Some(c) if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        Some(c) if let Some(name) = invisible(c) => format!("{name} (U+{:04X})", u32::from(c)),
        Some(c) => format!("'{c}'"),
    };
    if let Some(c) = found.filter(|c| invisible(*c).is_some()) {
        return Diagnostic::new(rules::SYNTAX_ERROR, span, format!("{found_words} is not expected here"))
            .with_label("invisible character here")
            .with_help(if c.is_whitespace() {
                "replace it with a plain space; such characters come with text copied from a PDF or a word processor"
            } else {
                "delete it; such characters come with text copied from a PDF or a word processor"
            });
    }
    let quoted = (found == Some('"')).then(|| quoted_text(line_rest));
    if quoted == Some(Quoted::Unclosed) {
        let end = pos + line_rest.trim_end_matches('\r').len();
        return Diagnostic::new(rules::SYNTAX_ERROR, Span::new(pos, end), "text is not closed")
            .with_label("this text has no closing '\"'")
            .with_help("end the text with '\"' on the same line; write \\\" for a quote inside it");
    }
    if let Some(Quoted::BadEscape(at)) = quoted {
        let start = pos + at;
        let width = line_rest.get(at + 1..).and_then(|r| r.chars().next()).map_or(1, |c| 1 + c.len_utf8());
        return Diagnostic::new(rules::SYNTAX_ERROR, Span::new(start, start + width), "unknown escape in text")
            .with_label("a backslash starts an escape")
            .with_help("write \\\\ for a backslash; the escapes are \\\", \\\\, \\n and \\t");
    }
    if let Some(c @ (',' | ':')) = found {
        let help = match c {
            ',' => "separate ids and texts with spaces: 'by admin pelapor', 'values \"a\" \"b\"'",
            _ => "write a space after the keyword, not ':'",
        };
        return Diagnostic::new(rules::SYNTAX_ERROR, span, format!("{found_words} is not expected here"))
            .with_label("not part of a .sop line")
            .with_help(help);
    }
    if matches!(found, Some('(' | ')')) {
        // Originals write amounts twice, `3 (tiga) hari kerja`; brackets elsewhere belong in text.
        let (line_start, _) = crate::span::line_bounds(text, pos);
        let lead = text.get(line_start..pos).unwrap_or_default().trim_end();
        let after_amount = lead.ends_with(|c: char| c.is_ascii_digit());
        return Diagnostic::new(rules::SYNTAX_ERROR, span, format!("{found_words} is not expected here"))
            .with_label("brackets are not part of a .sop line")
            .with_help(match after_amount {
                true => "write the amount once, in digits: '3 hari kerja'",
                false => "put the text, brackets included, in double quotes: \"...\"",
            });
    }
    if found == Some('\\') {
        return Diagnostic::new(rules::SYNTAX_ERROR, span, "a backslash is only allowed inside quoted text")
            .with_label("unexpected backslash");
    }
    if expected_keyword {
        Diagnostic::new(
            rules::SYNTAX_ERROR,
            span,
            format!("expected a keyword such as 'step', 'actor' or 'decision', found {found_words}"),
        )
        .with_label("a line must start with a keyword")
        .with_help("start the line with a keyword, or make it a comment with '//'")
    } else {
        Diagnostic::new(rules::SYNTAX_ERROR, span, format!("{found_words} is not expected here"))
            .with_label("not allowed here")
            .with_help(
                "after a keyword come quoted text, ids, numbers, '->', '==' or '!=', then '{' or the end of the line",
            )
    }
}

/// The name of a character that shows as a space or as nothing; the grammar takes only plain
/// spaces, tabs, no-break spaces and the byte-order mark between words.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "an invisible zero-width space",
        '\u{200C}' => "an invisible zero-width non-joiner",
        '\u{200D}' => "an invisible zero-width joiner",
        '\u{2060}' => "an invisible word joiner",
        '\u{00AD}' => "an invisible soft hyphen",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        c if c.is_whitespace() && !c.is_ascii() => "a space that is not a plain space",
        _ => return None,
    })
}

/// What a line starting at an opening quote holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoted {
    Closed,
    /// No closing quote on the line.
    Unclosed,
    /// Closed, but a backslash at this offset starts an escape the grammar does not know.
    BadEscape(usize),
}

fn quoted_text(line: &str) -> Quoted {
    let mut bad = None;
    let mut chars = line.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return bad.map_or(Quoted::Closed, Quoted::BadEscape),
            '\\' => match chars.next() {
                Some((_, '"' | '\\' | 'n' | 't')) => {}
                Some(_) => bad = bad.or(Some(i)),
                None => break,
            },
            _ => {}
        }
    }
    Quoted::Unclosed
}

/// The pair's span, clamped to the source: braces added to close unclosed blocks lie past it.
fn span_of(pair: &Pair<'_, Rule>, limit: usize) -> Span {
    let s = pair.as_span();
    Span::new(s.start().min(limit), s.end().min(limit))
}

fn build_file(file: Pair<'_, Rule>, limit: usize) -> Cst {
    Cst { lines: build_lines(file.into_inner(), limit, false) }
}

fn build_lines<'a>(pairs: impl Iterator<Item = Pair<'a, Rule>>, limit: usize, in_block: bool) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    // The newline right after `{` (or after the previous statement) is not a blank line.
    let mut at_line_start = !in_block;
    for pair in pairs {
        match pair.as_rule() {
            Rule::blank => {
                if at_line_start {
                    lines.push(Line::Blank);
                }
                at_line_start = true;
            }
            Rule::comment_line => {
                if let Some(comment) = pair.into_inner().next() {
                    lines.push(Line::Comment(build_comment(comment, limit)));
                }
                at_line_start = true;
            }
            Rule::node => {
                // After `node;` the newline ends the node's line; it is not a blank line.
                let span = pair.as_span();
                let rest = span.get_input().get(span.end()..).unwrap_or_default();
                let ends_with_semicolon = rest.trim_start_matches([' ', '\t']).starts_with(';');
                lines.push(Line::Node(build_node(pair, limit)));
                at_line_start = !ends_with_semicolon;
            }
            Rule::comment => {
                // A comment at the end of a node's line belongs to that node.
                if let Some(Line::Node(node)) = lines.last_mut() {
                    node.comment = Some(build_comment(pair, limit));
                } else {
                    lines.push(Line::Comment(build_comment(pair, limit)));
                }
            }
            _ => {}
        }
    }
    lines
}

fn build_comment(pair: Pair<'_, Rule>, limit: usize) -> Comment {
    Comment { span: span_of(&pair, limit), text: pair.as_str().trim_end().to_string() }
}

fn build_node(pair: Pair<'_, Rule>, limit: usize) -> Node {
    let span = span_of(&pair, limit);
    let mut keyword = Word { text: String::new(), span };
    let mut args = Vec::new();
    let mut block = None;
    for part in pair.into_inner() {
        let part_span = span_of(&part, limit);
        match part.as_rule() {
            Rule::keyword => keyword = Word { text: part.as_str().to_string(), span: part_span },
            Rule::block => block = Some(build_block(part, limit)),
            Rule::string => args.push(Arg { kind: ArgKind::Text(unescape(part.as_str())), span: part_span }),
            Rule::number => args.push(Arg { kind: ArgKind::Number(part.as_str().to_string()), span: part_span }),
            Rule::word => args.push(Arg { kind: ArgKind::Word(part.as_str().to_string()), span: part_span }),
            Rule::arrow => args.push(Arg { kind: ArgKind::Arrow, span: part_span }),
            Rule::op => args.push(Arg { kind: ArgKind::Op(part.as_str().to_string()), span: part_span }),
            Rule::blank_value => args.push(Arg { kind: ArgKind::Blank, span: part_span }),
            _ => {}
        }
    }
    Node { keyword, args, block, comment: None, span }
}

fn build_block(pair: Pair<'_, Rule>, limit: usize) -> Block {
    let span = span_of(&pair, limit);
    let mut inner = pair.into_inner().peekable();
    let comment = match inner.peek().map(Pair::as_rule) {
        Some(Rule::comment) => inner.next().map(|c| build_comment(c, limit)),
        _ => None,
    };
    let mut lines = build_lines(inner, limit, true);
    while matches!(lines.last(), Some(Line::Blank)) {
        lines.pop();
    }
    while matches!(lines.first(), Some(Line::Blank)) {
        lines.remove(0);
    }
    Block { comment, lines, span }
}

/// Removes the quotes and resolves `\"`, `\\`, `\n`, `\t`.
fn unescape(quoted: &str) -> String {
    let inner = quoted.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(quoted);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

//! Counting braces before parsing: unbalanced, too deep, or a `}` written too early, so one
//! brace mistake is one error and the parser can read the rest of the file.

use super::recover::Ended;
use crate::check::rules;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// Deeper blocks than this are refused before parsing: the language needs two levels, and
/// pest's recursive descent would otherwise exhaust the stack on hostile input.
pub(super) const MAX_DEPTH: usize = 16;

/// What the brace count found.
pub(super) struct Braces {
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) too_deep: bool,
    /// Braces that open or close nothing (a stray `}`, the second of `{{`), blanked before parsing.
    pub(super) stray_closers: Vec<usize>,
    /// The opening braces of blocks that are never closed.
    pub(super) unclosed: Vec<usize>,
    /// The lines of a block whose header lacks its `{` (from the header's end through the
    /// `}`): blanked before parsing, so the mistake is one error, not one per line.
    pub(super) headless: Vec<(usize, usize)>,
}

/// Finds unbalanced and too deeply nested braces outside text and comments.
pub(super) fn brace_problems(source: &str) -> Braces {
    let mut open: Vec<usize> = Vec::new();
    let mut problems = Vec::new();
    let mut stray_closers = Vec::new();
    let mut headless = Vec::new();
    let mut in_text = false;
    let mut in_comment = false;
    let mut escaped = false;
    let mut prev = '\0';
    // The last non-blank character of the line, to recover a block opened at the end of an
    // unterminated text (`step a 1 "Uraian {`): the author meant that brace as a brace.
    let mut last_visible = (0, '\0');
    // The '}' that last closed a top-level block, to tell a brace written too early from a stray.
    let mut last_top_close: Option<usize> = None;
    for (i, c) in source.char_indices() {
        if c == '\n' && in_text && last_visible.1 == '{' {
            open.push(last_visible.0);
        }
        let prev_visible = last_visible.1;
        if !c.is_whitespace() {
            last_visible = (i, c);
        }
        if c == '\n' {
            in_text = false;
            in_comment = false;
        } else if in_comment {
        } else if in_text {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_text = false;
            }
        } else if c == '"' {
            in_text = true;
        } else if c == '#' || (c == '/' && prev == '/') {
            in_comment = true;
        } else if c == '{' && prev_visible == '{' && ends_line(source.get(i + 1..).unwrap_or_default()) {
            // `{{` at the end of a line: one brace typed twice, not a block inside a block.
            stray_closers.push(i);
            problems.push(
                Diagnostic::new(rules::SYNTAX_ERROR, Span::new(i, i + 1), "this '{' is written twice")
                    .with_label("one '{' too many")
                    .with_help("remove it: one '{' opens the block"),
            );
        } else if c == '{' {
            open.push(i);
            if open.len() > MAX_DEPTH {
                problems.push(
                    Diagnostic::new(
                        rules::SYNTAX_ERROR,
                        Span::new(i, i + 1),
                        format!("blocks are nested more than {MAX_DEPTH} deep"),
                    )
                    .with_label("too deep")
                    .with_help("a .sop file needs at most two levels: an item and its block"),
                );
                return Braces {
                    diagnostics: problems,
                    too_deep: true,
                    stray_closers,
                    unclosed: Vec::new(),
                    headless: Vec::new(),
                };
            }
        } else if c == '}' && open.pop().is_none() {
            match last_top_close.filter(|&early| only_block_lines(source.get(early + 1..i).unwrap_or_default())) {
                // The lines between belong in a block (`output` at the top of the file): the
                // earlier '}' ended it too soon, and this one is its real end.
                Some(early) => {
                    stray_closers.push(early);
                    problems.push(
                        Diagnostic::new(
                            rules::SYNTAX_ERROR,
                            Span::new(early, early + 1),
                            "this '}' ends its block too early",
                        )
                        .with_label("the block ends here")
                        .with_related(Span::new(i, i + 1), "but the lines up to this '}' belong in it")
                        .with_help("remove this '}'"),
                    );
                }
                None => match header_without_brace(source, i) {
                    // `step t 2 "T"` and block lines up to this '}': the '{' was left out.
                    Some((keyword, header_end)) => {
                        headless.push((header_end, i + 1));
                        problems.push(
                            Diagnostic::new(
                                rules::SYNTAX_ERROR,
                                Span::new(header_end, header_end),
                                format!("this '{keyword}' line has no '{{' to open its block"),
                            )
                            .with_label("'{' missing here")
                            .with_related(Span::new(i, i + 1), "the block's lines end with this '}'")
                            .with_help("add ' {' after the header, before any comment on the line"),
                        );
                    }
                    None => {
                        stray_closers.push(i);
                        problems.push(
                            Diagnostic::new(rules::SYNTAX_ERROR, Span::new(i, i + 1), "this '}' closes no block")
                                .with_label("no matching '{'")
                                .with_help("remove it, or add the '{' it was meant to close"),
                        );
                    }
                },
            }
            last_top_close = Some(i);
        } else if c == '}' && open.is_empty() {
            last_top_close = Some(i);
        }
        prev = c;
    }
    for &start in &open {
        problems.push(
            Diagnostic::new(rules::SYNTAX_ERROR, Span::new(start, start + 1), unclosed_message(source, start))
                .with_label("opened here")
                .with_help("add a '}' on its own line where the block ends"),
        );
    }
    Braces { diagnostics: problems, too_deep: false, stray_closers, unclosed: open, headless }
}

/// Items whose header opens a block.
const BLOCK_ITEMS: &[&str] = &["identity", "actor", "attribute", "step", "decision", "timer", "escalation", "periodic"];

/// For a `}` at `closer` that closes nothing: the keyword and the line end of the nearest item
/// header above it written without `{`, when only block lines come between.
fn header_without_brace(source: &str, closer: usize) -> Option<(&str, usize)> {
    let before = source.get(..closer)?;
    let mut end = before.rfind('\n')?;
    loop {
        let start = before.get(..end)?.rfind('\n').map_or(0, |n| n + 1);
        let line = before.get(start..end)?.trim();
        let word = line.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default();
        if BLOCK_ITEMS.contains(&word) {
            let header_end = start + code_len(before.get(start..end)?);
            let has_lines = only_block_lines(before.get(header_end..closer)?);
            let opens = before.get(start..header_end)?.ends_with('{');
            return (!opens && has_lines).then_some((word, header_end));
        }
        if super::build::only_at_top(word) || line.starts_with('}') || start == 0 {
            return None;
        }
        end = start - 1;
    }
}

/// "this 'step' block is never closed", for the `{` at `brace`.
fn unclosed_message(source: &str, brace: usize) -> String {
    match block_keyword(source, brace) {
        Some(keyword) => format!("this '{keyword}' block is never closed"),
        None => "this block is never closed".to_string(),
    }
}

/// The keyword of the line whose `{` is at `brace` (`step`, `disahkan_oleh`), to name the block.
fn block_keyword(source: &str, brace: usize) -> Option<&str> {
    let line = source.get(..brace)?.rsplit('\n').next()?;
    let word = line.split_whitespace().next()?;
    word.chars().all(|c| c.is_alphanumeric() || c == '_').then_some(word)
}

/// Whether only spaces, or a comment, come before the end of the line that `rest` starts on.
fn ends_line(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or_default().trim();
    line.is_empty() || line.starts_with("//") || line.starts_with('#')
}

/// Whether `text` has lines and each starts with a keyword that can only stand in a block.
fn only_block_lines(text: &str) -> bool {
    let mut lines = text
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with('#'))
        .peekable();
    let first_word =
        |line: &str| line.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default().to_string();
    lines.peek().is_some() && lines.all(|l| !super::build::only_at_top(&first_word(l)) && !first_word(l).is_empty())
}

/// The block was taken to end before the keyword (or `}`) at `ended.before`: the message points
/// at the block that lacks its `}`, shows that line and asks for the brace there.
pub(super) fn say_where_the_block_ends(diagnostics: &mut [Diagnostic], source: &str, ended: &Ended) {
    let counted = ended.counted;
    let Some(d) = diagnostics.iter_mut().find(|d| d.span.start == counted && d.rule.code == rules::SYNTAX_ERROR.code)
    else {
        return;
    };
    let before = ended.before;
    let keyword = source.get(before.start..before.end).unwrap_or_default();
    let (line, _) = crate::span::line_col(source, before.start);
    d.span = Span::new(ended.opener, ended.opener + 1);
    d.message = unclosed_message(source, ended.opener);
    d.related.push((before, format!("so the block is taken to end before this '{keyword}'")));
    d.help = Some(format!("add a '}}' on its own line before line {line}, where the block ends"));
}

/// The length of a line without its trailing comment and spaces (`//` or `#` outside text).
fn code_len(line: &str) -> usize {
    let (mut in_text, mut escaped) = (false, false);
    let mut prev = '\0';
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_text => escaped = true,
            '"' => in_text = !in_text,
            '#' if !in_text => {
                end = i;
                break;
            }
            '/' if !in_text && prev == '/' => {
                end = i - 1;
                break;
            }
            _ => {}
        }
        prev = c;
    }
    line.get(..end).unwrap_or(line).trim_end().len()
}

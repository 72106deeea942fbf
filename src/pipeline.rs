//! Runs the stages in order on one source and gathers every diagnostic.

use crate::check::{self, rules, Profile};
use crate::diagnostic::Diagnostic;
use crate::model::{self, Model};
use crate::span::Span;
use crate::syntax::{self, Ast};

/// What checking one source produced: the stages' outputs as far as they got, and every
/// diagnostic, sorted by position.
#[derive(Debug)]
pub struct Checked {
    pub ast: Option<Ast>,
    pub model: Option<Model>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses, lowers and checks a source. Lint rules run only on a model built from a file
/// without syntax errors, so a typo is not also reported as a flow problem.
pub fn check_source(source: &str, profile: &Profile) -> Checked {
    let (ast, mut diagnostics) = syntax::parse(source);
    let syntax_ok = diagnostics.iter().all(|d| !d.is_error());
    let model = ast.as_ref().map(|ast| {
        let (model, lowering) = model::lower(ast);
        let declared_on_bad_lines = |d: &Diagnostic| declared_where_reading_failed(source, &diagnostics, d);
        let lowering: Vec<Diagnostic> = lowering.into_iter().filter(|d| !declared_on_bad_lines(d)).collect();
        diagnostics.extend(lowering);
        model
    });
    if let Some(model) = &model {
        if syntax_ok {
            diagnostics.extend(check::run(model, profile));
        }
        diagnostics = check::apply_allows(model, diagnostics, syntax_ok);
    }
    diagnostics.sort_by(|a, b| (a.span.start, a.rule.code, &a.message).cmp(&(b.span.start, b.rule.code, &b.message)));
    Checked { ast, model, diagnostics }
}

/// Whether `d` is an unknown actor, step or attribute declared on a line that could not be
/// read: a line whose first word is (close to) a declaring keyword and whose second is the name,
/// most likely with a misspelt keyword (`stpe tl 4 ...`), which the syntax error already reports.
fn declared_where_reading_failed(source: &str, syntax: &[Diagnostic], d: &Diagnostic) -> bool {
    const DECLARING: [&str; 4] = ["actor", "attribute", "step", "decision"];
    if ![rules::UNKNOWN_ACTOR, rules::UNKNOWN_STEP, rules::UNKNOWN_ATTRIBUTE].contains(&d.rule) {
        return false;
    }
    let Some(name) = source.get(d.span.start..d.span.end) else { return false };
    syntax.iter().filter(|s| s.is_error()).any(|s| {
        let (start, end) = crate::span::line_bounds(source, s.span.start);
        let mut words = source.get(start..end).unwrap_or_default().split_whitespace();
        let (Some(keyword), Some(id)) = (words.next(), words.next()) else { return false };
        let declaring = crate::diagnostic::did_you_mean(keyword, DECLARING).is_some()
            || crate::syntax::synonyms::keyword_for(keyword, &DECLARING).is_some();
        id == name && declaring
    })
}

/// Old Mac files end lines with a lone CR, which the grammar reads as a line end but line
/// numbers (ours and miette's) do not: it becomes LF, byte for byte, so spans stay valid.
fn lone_cr_as_newline(source: &str) -> String {
    if !source.contains('\r') {
        return source.to_string();
    }
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out
}

/// Like [`check_source`] for raw file contents: bytes that are not UTF-8 are an error. The
/// source returned is the one the diagnostics' spans point into.
pub fn check_bytes(bytes: &[u8], profile: &Profile) -> (String, Checked) {
    match decode(bytes) {
        Ok(source) => {
            let checked = check_source(&source, profile);
            (source, checked)
        }
        Err(bad) => (bad.shown, Checked { ast: None, model: None, diagnostics: vec![bad.diagnostic] }),
    }
}

/// File contents that are not UTF-8.
#[derive(Debug, Clone)]
pub struct NotUtf8 {
    /// The text to show, each bad byte as U+FFFD.
    pub shown: String,
    /// The error, pointing at the first bad byte in `shown`.
    pub diagnostic: Diagnostic,
}

/// The text of a `.sop` file's bytes (a lone CR read as a line break), or what to show when
/// they are not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<String, Box<NotUtf8>> {
    match std::str::from_utf8(bytes) {
        Ok(source) => Ok(lone_cr_as_newline(source)),
        Err(error) => {
            let offset = error.valid_up_to();
            // The text before the first bad byte is the same bytes, so the span covers that
            // first replacement character (3 bytes).
            let shown = String::from_utf8_lossy(bytes).into_owned();
            let bad = shown.get(offset..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
            let diagnostic =
                Diagnostic::new(rules::SYNTAX_ERROR, Span::new(offset, offset + bad), "the file is not UTF-8 text")
                    .with_label("first byte that is not UTF-8")
                    .with_help("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)");
            Err(Box::new(NotUtf8 { shown, diagnostic }))
        }
    }
}

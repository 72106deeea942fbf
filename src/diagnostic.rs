//! Diagnostics: what every stage reports, and how they are shown to people and tools.

use crate::check::rules::{Rule, Severity};
use crate::span::{LineIndex, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceSpan, SpanContents,
};
use serde::Serialize;
use std::fmt;

/// One finding about a `.sop` file, located by a byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub message: String,
    pub span: Span,
    /// What is wrong at `span`, shown under the snippet.
    pub label: Option<String>,
    /// How to fix it; never a repetition of the message.
    pub help: Option<String>,
    /// Other places that explain this one ("first defined here").
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    /// A diagnostic for `rule` at `span`.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { rule, message: message.into(), span, label: None, help: None, related: Vec::new() }
    }

    /// Adds the label shown on the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line when there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Adds a secondary labelled span.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// The rule's default severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// A diagnostic tied to its source, ready for miette's renderer.
struct Located<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a CharColumns<'a>,
}

/// A named source whose columns count characters, as `--format json` and editors do (miette's
/// own count bytes, so a line with `é` before the span would disagree by one).
struct CharColumns<'a> {
    name: &'a str,
    text: &'a str,
}

impl miette::SourceCode for CharColumns<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self.text.read_span(span, context_lines_before, context_lines_after)?;
        let column = match context_lines_before {
            // The span's own line: the header's line:column.
            0 => {
                let (line_start, _) = crate::span::line_bounds(self.text, span.offset());
                self.text.get(line_start..span.offset()).map_or(contents.column(), |lead| lead.chars().count())
            }
            _ => contents.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

impl fmt::Debug for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Located<'_> {}

impl miette::Diagnostic for Located<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let rule = self.diagnostic.rule;
        Some(Box::new(format!("{}({})", rule.code, rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(d.label.clone(), d.span);
        let related = d.related.iter().map(|(span, label)| LabeledSpan::new_with_span(Some(label.clone()), *span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// At most this many diagnostics of one file are drawn for people; the rest are counted.
pub const MAX_RENDERED: usize = 200;

/// Renders diagnostics for people: source snippet, labelled spans, code and help, without
/// colour (so output is stable in files and tests). Past [`MAX_RENDERED`], says how many more.
pub fn render_human(diagnostics: &[Diagnostic], file_name: &str, source: &str) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let named = CharColumns { name: file_name, text: source };
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(MAX_RENDERED) {
        let located = Located { diagnostic, source: &named };
        if handler.render_report(&mut out, &located).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.rule.code, diagnostic.message));
        }
        out.push('\n');
    }
    if let Some(more) = diagnostics.len().checked_sub(MAX_RENDERED).filter(|&n| n > 0) {
        out.push_str(&format!("{file_name}: {more} more problems not shown (use --format json to see all)\n\n"));
    }
    out
}

/// A diagnostic flattened for `--format json`.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub length: usize,
    pub label: Option<String>,
    pub help: Option<String>,
    /// The other places the text output labels ("first declared here"), so tools see them too.
    pub related: Vec<JsonRelated>,
}

/// A secondary labelled place of a [`JsonDiagnostic`].
#[derive(Debug, Clone, Serialize)]
pub struct JsonRelated {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub length: usize,
    pub label: String,
}

impl JsonDiagnostic {
    /// Flattens `diagnostic`, computing its line and column in `source`.
    pub fn new(diagnostic: &Diagnostic, file: &str, lines: &LineIndex<'_>) -> Self {
        let (line, column) = lines.line_col(diagnostic.span.start);
        JsonDiagnostic {
            code: diagnostic.rule.code,
            name: diagnostic.rule.name,
            severity: diagnostic.severity(),
            message: diagnostic.message.clone(),
            file: file.to_string(),
            line,
            column,
            offset: diagnostic.span.start,
            length: diagnostic.span.len(),
            label: diagnostic.label.clone(),
            help: diagnostic.help.clone(),
            related: diagnostic
                .related
                .iter()
                .map(|(span, label)| {
                    let (line, column) = lines.line_col(span.start);
                    JsonRelated { line, column, offset: span.start, length: span.len(), label: label.clone() }
                })
                .collect(),
        }
    }
}

/// The closest name to `wanted` among `candidates`, if it is similar enough to be a likely typo.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

//! Reading a node's arguments one by one, with errors in words.

use super::ast::{Ident, Spanned, Text};
use super::cst::{Arg, ArgKind, Node};
use crate::check::rules;
use crate::diagnostic::Diagnostic;
use crate::duration::{self, Duration, DurationError, Limit, UNIT_WORDS};
use crate::span::Span;

/// A cursor over one node's arguments that records what it could not read.
pub struct Args<'a> {
    pub(super) node: &'a Node,
    pub(super) pos: usize,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    /// How many diagnostics there were before this line was read, so [`Args::finish`] can
    /// tell whether the line already has its error.
    before: usize,
}

impl<'a> Args<'a> {
    pub fn new(node: &'a Node, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        let before = diagnostics.len();
        Args { node, pos: 0, diagnostics, before }
    }

    pub(super) fn keyword(&self) -> &str {
        &self.node.keyword.text
    }

    pub fn peek(&self) -> Option<&'a Arg> {
        self.node.args.get(self.pos)
    }

    /// Whether the next argument is the bare word `word`.
    pub fn peek_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Arg { kind: ArgKind::Word(w), .. }) if w == word)
    }

    /// How many arguments have been read; see [`Args::span_since`].
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The span of the arguments read since `position`.
    pub fn span_since(&self, position: usize) -> Span {
        self.span_of_range(position, self.pos)
    }

    /// Consumes `==` or `!=` if it comes next.
    pub fn op(&mut self) -> Option<String> {
        match self.peek() {
            Some(Arg { kind: ArgKind::Op(op), .. }) => {
                self.pos += 1;
                Some(op.clone())
            }
            _ => None,
        }
    }

    pub fn is_done(&self) -> bool {
        self.pos >= self.node.args.len()
    }

    /// Where a missing argument would have been: just after the last one read.
    pub(super) fn missing_span(&self) -> Span {
        let end = self
            .node
            .args
            .get(self.pos.saturating_sub(1))
            .filter(|_| self.pos > 0)
            .map_or(self.node.keyword.span.end, |a| a.span.end);
        Span::new(end, end)
    }

    pub(super) fn problem(&mut self, span: Span, message: String, help: Option<String>) {
        self.diagnostics
            .push(Diagnostic::new(rules::INVALID_ARGUMENT, span, message).with_label("here").with_optional_help(help));
    }

    /// Reads an id; records an error naming `what` when the next argument is not one.
    pub fn ident(&mut self, what: &str) -> Option<Ident> {
        match self.peek() {
            Some(Arg { kind: ArgKind::Word(w), span }) => {
                self.pos += 1;
                Some(Ident { name: w.clone(), span: *span })
            }
            Some(arg) => {
                let message = format!("'{}' expects {what} here, found {}", self.keyword(), describe(arg));
                self.problem(
                    arg.span,
                    message,
                    Some("an id is made of letters, digits and '_', starting with a letter".into()),
                );
                self.pos += 1;
                None
            }
            None => {
                let message = format!("'{}' is missing {what}", self.keyword());
                // Where it goes: the line ends where it should stand (after 'from', 'when', ...).
                let help = format!("add {what} at the end of the line");
                self.problem(self.missing_span(), message, Some(help));
                None
            }
        }
    }

    /// Reads the id an item declares: as [`Args::ident`], and an error when it is not letters,
    /// digits and `_` starting with a letter (the words of the grammar also allow `.` and `-`).
    /// The id is kept, so the lines that use it as written still find it.
    pub fn declared_id(&mut self, what: &str) -> Option<Ident> {
        let id = self.ident(what)?;
        let mut chars = id.name.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !well_formed {
            let suggestion: String = id.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            let suggestion = suggestion.trim_start_matches(|c: char| !c.is_ascii_alphabetic()).to_string();
            self.problem(
                id.span,
                format!("'{}' is not an id", id.name),
                Some(format!(
                    "an id is made of letters, digits and '_', starting with a letter, e.g. '{}'",
                    if suggestion.is_empty() { "admin_kabupaten" } else { suggestion.as_str() }
                )),
            );
        }
        Some(id)
    }

    /// Reads quoted text (or `-`); records an error when the next argument is not text. Bare
    /// words up to the end of the line are taken as one text written without its quotes.
    pub fn text(&mut self, what: &str) -> Option<Text> {
        if let Some(text) = self.optional_text().or_else(|| self.unquoted_text(what)) {
            return Some(text);
        }
        self.no_text(what);
        None
    }

    /// Records that the next argument is not the text it should be (or that there is none),
    /// and steps over it.
    pub(super) fn no_text(&mut self, what: &str) {
        match self.peek() {
            Some(arg) => {
                let message = format!("'{}' expects {what} in double quotes, found {}", self.keyword(), describe(arg));
                self.problem(arg.span, message, Some("put the text in double quotes: \"...\"".into()));
                self.pos += 1;
            }
            None => {
                let message = format!("'{}' is missing {what}", self.keyword());
                self.problem(
                    self.missing_span(),
                    message,
                    Some("add the text in double quotes after the keyword".into()),
                );
            }
        }
    }

    /// Reads quoted text or `-` if that is what comes next.
    pub fn optional_text(&mut self) -> Option<Text> {
        match self.peek() {
            Some(Arg { kind: ArgKind::Text(t), span }) => {
                self.pos += 1;
                Some(Text { value: t.clone(), span: *span })
            }
            Some(Arg { kind: ArgKind::Blank, span }) => {
                self.pos += 1;
                Some(Text { value: "-".into(), span: *span })
            }
            _ => None,
        }
    }

    /// Reads a step number (`3`, `1.2`) if one comes next.
    pub fn optional_number(&mut self) -> Option<Text> {
        match self.peek() {
            Some(Arg { kind: ArgKind::Number(n), span }) => {
                self.pos += 1;
                Some(Text { value: n.clone(), span: *span })
            }
            // `-1`: a blank `-` right before a number is a minus sign.
            Some(Arg { kind: ArgKind::Blank, span: minus }) => {
                let (minus, next) = (*minus, self.node.args.get(self.pos + 1));
                let Some(Arg { kind: ArgKind::Number(n), span }) = next else { return None };
                if span.start != minus.end {
                    return None;
                }
                let (n, span) = (n.clone(), minus.to(*span));
                self.pos += 2;
                self.problem(
                    span,
                    format!("'-{n}' is not a step number"),
                    Some("number the steps 1, 2, 3, ... as the SOP does".into()),
                );
                None
            }
            _ => None,
        }
    }

    /// Consumes the bare word `word` if it comes next.
    pub fn eat_word(&mut self, word: &str) -> bool {
        let found = self.peek_word(word);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes `->` if it comes next; otherwise records that it was expected. Returns whether
    /// the step it leads to can still be read: it can when the id is written without the `->`.
    pub fn arrow(&mut self) -> bool {
        match self.peek() {
            Some(Arg { kind: ArgKind::Arrow, .. }) => {
                self.pos += 1;
                true
            }
            // The step written without its arrow: an id, then its label or nothing.
            Some(Arg { kind: ArgKind::Word(target), span })
                if matches!(self.node.args.get(self.pos + 1).map(|a| &a.kind), None | Some(ArgKind::Text(_))) =>
            {
                let message = format!("'->' is missing before '{target}'");
                let help = format!("write '-> {target}': the arrow points at the step the branch leads to");
                self.problem(Span::new(span.start, span.start), message, Some(help));
                true
            }
            next => {
                let span = next.map_or(self.missing_span(), |a| a.span);
                let message = format!("'{}' expects '->' and the step it leads to", self.keyword());
                self.problem(span, message, Some(format!("write: {} ... -> STEP \"label\"", self.keyword())));
                false
            }
        }
    }

    /// Reads a duration (`3 hari kerja`) or, if `allow_anytime`, a limit such as `setiap saat`.
    pub fn limit(&mut self, allow_anytime: bool) -> Option<Spanned<Limit>> {
        let start = self.pos;
        let words: Vec<&str> = self
            .node
            .args
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .map_while(|a| match &a.kind {
                ArgKind::Number(n) => Some(n.as_str()),
                ArgKind::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let parsed = if allow_anytime {
            duration::parse_limit(&words)
        } else {
            duration::parse_duration(&words).map(|(d, n)| (Limit::Within(d), n))
        };
        match parsed {
            Ok((limit, used)) => {
                self.pos += used;
                let span = self.span_of_range(start, self.pos);
                Some(Spanned { value: limit, span })
            }
            Err(error) => {
                let suggestion = super::duration_help::suggestion(self.keyword(), &words, &error);
                self.report_duration(start, error, allow_anytime, suggestion);
                self.pos = self.node.args.len();
                None
            }
        }
    }

    /// Reads a duration that must have an amount (`every`, `after`).
    pub fn duration(&mut self) -> Option<Spanned<Duration>> {
        match self.limit(false) {
            Some(Spanned { value: Limit::Within(d), span }) => Some(Spanned { value: d, span }),
            _ => None,
        }
    }

    fn span_of_range(&self, from: usize, to: usize) -> Span {
        let args = self.node.args.get(from..to).unwrap_or(&[]);
        match (args.first(), args.last()) {
            (Some(a), Some(b)) => a.span.to(b.span),
            _ => self.missing_span(),
        }
    }

    fn report_duration(
        &mut self,
        start: usize,
        error: DurationError,
        allow_anytime: bool,
        suggestion: Option<super::duration_help::Suggestion>,
    ) {
        let end = self.node.args.len();
        let span = self.span_of_range(start, (start + 3).min(end));
        let span = if start >= end { self.missing_span() } else { span };
        let (message, help) = match error {
            DurationError::MissingAmount => (
                "a duration needs an amount, e.g. '3 hari kerja'".to_string(),
                Some("write a whole number of at least 1, then the unit: '3 hari kerja', '30 menit'".to_string()),
            ),
            DurationError::NotWhole => (
                "amounts are whole numbers".to_string(),
                Some("write it in a smaller unit: '36 jam' for 1.5 hari, '90 menit' for 1.5 jam".to_string()),
            ),
            DurationError::ZeroAmount => (
                "a duration of zero is not a limit".to_string(),
                Some(match allow_anytime {
                    true => "write the real limit, or 'setiap saat' for no limit".to_string(),
                    false => "write the real duration, e.g. '1 bulan'".to_string(),
                }),
            ),
            DurationError::AmountTooLarge => (
                "this amount is too large".to_string(),
                Some("write the limit the SOP states, in its own unit".to_string()),
            ),
            DurationError::MissingUnit => (
                "a duration needs a unit after the amount".to_string(),
                Some("use menit, jam, hari, hari kerja or bulan".to_string()),
            ),
            DurationError::UnknownUnit(word) => {
                let help = match crate::diagnostic::did_you_mean(&word, UNIT_WORDS.iter().copied()) {
                    Some(unit) => format!("did you mean '{unit}'?"),
                    None => "use menit, jam, hari, hari kerja or bulan".to_string(),
                };
                (format!("unknown time unit '{word}'"), Some(help))
            }
        };
        // A word before the duration (`maksimal 3 hari`) is pointed at on its own.
        let (span, message, help) = match suggestion {
            Some(super::duration_help::Suggestion { message: Some(better), help }) => {
                (self.span_of_range(start, start + 1), better, Some(help))
            }
            Some(suggestion) => (span, message, Some(suggestion.help)),
            None => (span, message, help),
        };
        self.diagnostics.push(
            Diagnostic::new(rules::INVALID_DURATION, span, message)
                .with_label("not a duration")
                .with_optional_help(help),
        );
    }

    /// Records an error for every argument left unread, unless the line already has one: what
    /// follows a mistake is most likely right, only not where the reading expected it.
    pub fn finish(mut self) {
        if self.diagnostics.len() > self.before || self.joined_line() {
            return;
        }
        if let Some(first) = self.node.args.get(self.pos) {
            let last = self.node.args.last().map_or(first.span, |a| a.span);
            let message = format!("{} is not expected after '{}'", describe(first), self.keyword());
            let help = Some(format!("see the '{}' line in docs/language.md for what it takes", self.keyword()));
            self.problem(first.span.to(last), message, help);
            self.pos = self.node.args.len();
        }
    }
}

/// An argument in words, for messages.
pub fn describe(arg: &Arg) -> String {
    match &arg.kind {
        ArgKind::Text(t) => format!("the text \"{}\"", shorten(t)),
        ArgKind::Number(n) => format!("the number {n}"),
        ArgKind::Word(w) => format!("'{w}'"),
        ArgKind::Arrow => "'->'".into(),
        ArgKind::Op(op) => format!("'{op}'"),
        ArgKind::Blank => "'-'".into(),
    }
}

pub(super) fn shorten(text: &str) -> String {
    if text.chars().count() > 30 {
        format!("{}…", text.chars().take(30).collect::<String>())
    } else {
        text.to_string()
    }
}

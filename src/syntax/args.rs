//! Reading a node's arguments one by one, with errors in words.

use super::ast::{Ident, Spanned, Text};
use super::cst::{Arg, ArgKind, Node};
use crate::check::rules;
use crate::diagnostic::Diagnostic;
use crate::duration::{self, Duration, DurationError, Limit, UNIT_WORDS};
use crate::span::Span;

/// A cursor over one node's arguments that records what it could not read.
pub struct Args<'a> {
    node: &'a Node,
    pos: usize,
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

    fn keyword(&self) -> &str {
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
    fn missing_span(&self) -> Span {
        let end = self
            .node
            .args
            .get(self.pos.saturating_sub(1))
            .filter(|_| self.pos > 0)
            .map_or(self.node.keyword.span.end, |a| a.span.end);
        Span::new(end, end)
    }

    fn problem(&mut self, span: Span, message: String, help: Option<String>) {
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
                self.problem(self.missing_span(), message, None);
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
    fn no_text(&mut self, what: &str) {
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

    /// Reads one value (`"tidak berkadar pengawasan"`). Bare words up to a symbol or a word in
    /// `stop` (the clause after a guard: `phase`) are read as the value meant, with one error.
    pub fn value(&mut self, what: &str, stop: &[&str]) -> Option<Text> {
        if let Some(text) = self.optional_text() {
            return Some(text);
        }
        let words = self.bare_run(stop);
        if words.is_empty() {
            self.no_text(what);
            return None;
        }
        let text = join(&words);
        let message = format!("'{}' expects {what} in double quotes, found '{}'", self.keyword(), shorten(&text.value));
        let help = format!("put the value in double quotes: \"{}\"", text.value);
        self.problem(text.span, message, Some(help));
        Some(text)
    }

    /// The bare words and numbers that come next, up to anything else or a word in `stop`, read.
    fn bare_run(&mut self, stop: &[&str]) -> Vec<Text> {
        let mut words = Vec::new();
        while let Some(arg) = self.peek() {
            match &arg.kind {
                ArgKind::Word(w) | ArgKind::Number(w) if !stop.contains(&w.as_str()) => {
                    words.push(Text { value: w.clone(), span: arg.span });
                    self.pos += 1;
                }
                _ => break,
            }
        }
        words
    }

    /// When the rest of the line is bare words (`output Aduan terverifikasi`): one error that
    /// they need quotes, and the words read as the text they were meant to be, so nothing that
    /// needs the text reports it missing.
    pub fn unquoted_text(&mut self, what: &str) -> Option<Text> {
        let text = join(&self.bare_words_to_end()?);
        let message = format!("'{}' expects {what} in double quotes, found '{}'", self.keyword(), shorten(&text.value));
        let help = format!("put the text in double quotes: \"{}\"", text.value);
        self.problem(text.span, message, Some(help));
        Some(text)
    }

    /// Reads a list of at most `most` values (`"a" "b"`), up to the first argument that is not
    /// one or is a word in `stop` (the clause after a guard: `phase`). Values written without
    /// quotes are read as the values meant, with one error naming them all.
    pub fn value_list(&mut self, what: &str, stop: &[&str], most: usize) -> Vec<Text> {
        let mut values = Vec::new();
        let mut bare = Vec::new();
        while let Some(arg) = self.peek().filter(|_| values.len() < most) {
            let value = match &arg.kind {
                ArgKind::Text(t) => Text { value: t.clone(), span: arg.span },
                ArgKind::Blank => Text { value: "-".into(), span: arg.span },
                ArgKind::Word(w) | ArgKind::Number(w) if !stop.contains(&w.as_str()) => {
                    bare.push(Text { value: w.clone(), span: arg.span });
                    Text { value: w.clone(), span: arg.span }
                }
                _ => break,
            };
            self.pos += 1;
            values.push(value);
        }
        if !bare.is_empty() {
            let all = join(&bare);
            let message =
                format!("'{}' expects {what} in double quotes, found '{}'", self.keyword(), shorten(&all.value));
            let quoted: Vec<String> = bare.iter().map(|w| format!("\"{}\"", w.value)).collect();
            let help = match bare.len() {
                1 => format!("put the value in double quotes: {}", quoted.join(" ")),
                _ => format!("put each value in double quotes: {}", quoted.join(" ")),
            };
            self.problem(all.span, message, Some(help));
        }
        if values.is_empty() {
            self.no_text(what);
        }
        values
    }

    /// Reads the value of a guard written without quotes (`kadar == pengawasan -> apip`): the
    /// bare words up to the next symbol or `phase`, one error, and the words as one value, or
    /// each as a value when `many`.
    pub fn unquoted_values(&mut self, what: &str, many: bool) -> Option<Vec<Text>> {
        let count = self
            .node
            .args
            .get(self.pos..)
            .unwrap_or(&[])
            .iter()
            .take_while(|a| matches!(&a.kind, ArgKind::Word(w) if w != "phase") || matches!(a.kind, ArgKind::Number(_)))
            .count();
        let words: Vec<Text> = self
            .node
            .args
            .get(self.pos..self.pos + count)
            .unwrap_or(&[])
            .iter()
            .filter_map(|a| match &a.kind {
                ArgKind::Word(w) | ArgKind::Number(w) => Some(Text { value: w.clone(), span: a.span }),
                _ => None,
            })
            .collect();
        if words.is_empty() {
            return None;
        }
        self.pos += count;
        let all = join(&words);
        let message = format!("'{}' expects {what} in double quotes, found '{}'", self.keyword(), shorten(&all.value));
        let help = match many {
            true => {
                let quoted: Vec<String> = words.iter().map(|w| format!("\"{}\"", w.value)).collect();
                format!("put each value in double quotes: {}", quoted.join(" "))
            }
            false => format!("put the text in double quotes: \"{}\"", all.value),
        };
        self.problem(all.span, message, Some(help));
        Some(if many { words } else { vec![all] })
    }

    /// When every argument left is a bare word or number: each as a text, all read.
    fn bare_words_to_end(&mut self) -> Option<Vec<Text>> {
        let rest = self.node.args.get(self.pos..).filter(|rest| !rest.is_empty())?;
        let words: Vec<Text> = rest
            .iter()
            .map(|a| match &a.kind {
                ArgKind::Word(w) | ArgKind::Number(w) => Some(Text { value: w.clone(), span: a.span }),
                _ => None,
            })
            .collect::<Option<_>>()?;
        self.pos = self.node.args.len();
        Some(words)
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

    /// Records an error when a guard is joined to another with `or`/`and` (or `atau`/`dan`),
    /// which the language does not have. Returns whether it did.
    pub fn joined_guard(&mut self) -> bool {
        let Some(Arg { kind: ArgKind::Word(joiner), span }) = self.peek() else { return false };
        if !["or", "and", "atau", "dan"].contains(&joiner.as_str()) {
            return false;
        }
        let message = format!("a guard tests one attribute; '{joiner}' cannot join two");
        let help =
            "for several values write 'ATTRIBUTE in \"a\" \"b\"'; for two attributes, decide one after the other";
        self.problem(*span, message, Some(help.into()));
        true
    }

    /// Records that `word` (`dan`) does not join a list of ids, and skips it.
    pub fn not_a_list_word(&mut self, word: &str) {
        if let Some(arg) = self.peek() {
            let message = format!("'{word}' is not needed between the actors");
            let ids: Vec<&str> = self
                .node
                .args
                .iter()
                .filter_map(|a| match &a.kind {
                    ArgKind::Word(w) if !["dan", "and", "serta"].contains(&w.as_str()) => Some(w.as_str()),
                    _ => None,
                })
                .collect();
            let help = format!("list the actors with spaces only: '{} {}'", self.keyword(), ids.join(" "));
            self.problem(arg.span, message, Some(help));
            self.pos += 1;
        }
    }

    /// Reads a branch's label written before its step (`-> "Ya" apip`), with one error.
    pub fn label_before_target(&mut self) -> Option<Text> {
        let (Some(Arg { kind: ArgKind::Text(label), span }), Some(Arg { kind: ArgKind::Word(target), .. })) =
            (self.peek(), self.node.args.get(self.pos + 1))
        else {
            return None;
        };
        let mut quoted = String::new();
        super::format::push_quoted(label, &mut quoted);
        let message = format!("the label {quoted} comes after the step '{target}', not before it");
        self.problem(*span, message, Some(format!("write: -> {target} {quoted}")));
        self.pos += 1;
        Some(Text { value: label.clone(), span: *span })
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
            DurationError::MissingAmount => ("a duration needs an amount, e.g. '3 hari kerja'".to_string(), None),
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
            DurationError::AmountTooLarge => ("this amount is too large".to_string(), None),
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
        if self.diagnostics.len() > self.before {
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

/// Words as one text, spaced as in the message (the source's own spacing is not kept).
fn join(words: &[Text]) -> Text {
    let value = words.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ");
    let span = match (words.first(), words.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => Span::default(),
    };
    Text { value, span }
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 30 {
        format!("{}…", text.chars().take(30).collect::<String>())
    } else {
        text.to_string()
    }
}

//! Arguments written as an author would rather than as the language wants (text without its
//! quotes, a label before its step, `or` between guards, `dan` between actors): each is read as
//! meant where it can be, with one error that says what to write.

use super::args::{shorten, Args};
use super::ast::Text;
use super::cst::{Arg, ArgKind};
use crate::span::Span;

impl Args<'_> {
    /// Records, when the next argument is a keyword of a block (`by admin within 3 hari`), that
    /// two lines were written as one, and skips the rest of the line. Returns whether it did.
    pub fn joined_line(&mut self) -> bool {
        use super::build::{BRANCHES, PERIODIC, STEP, TIMER};
        let Some(Arg { kind: ArgKind::Word(word), span }) = self.peek() else { return false };
        if ![STEP, BRANCHES, TIMER, PERIODIC].iter().any(|list| list.contains(&word.as_str())) {
            return false;
        }
        let rest = self.node.args.last().map_or(*span, |last| span.to(last.span));
        let message = format!("'{word}' starts a line of its own");
        let help = format!("put the '{word}' line on a line of its own, or write ';' before it");
        self.problem(rest, message, Some(help));
        self.pos = self.node.args.len();
        true
    }

    /// Consumes the clause word `word` if it comes next, or a misspelling or Indonesian word
    /// for it (`form`, `dari` for `from`) with one error, so the clause is still read.
    pub fn eat_clause(&mut self, word: &'static str) -> bool {
        if self.eat_word(word) {
            return true;
        }
        let Some(Arg { kind: ArgKind::Word(written), span }) = self.peek() else { return false };
        let meant = crate::diagnostic::did_you_mean(written, [word]).is_some()
            || super::synonyms::keyword_for(written, &[word]).is_some();
        if !meant || ["from", "when", "phase"].contains(&written.as_str()) {
            return false;
        }
        let message = format!("'{written}' is not a word of a '{}' line", self.keyword());
        self.problem(*span, message, Some(format!("did you mean '{word}'?")));
        self.pos += 1;
        true
    }

    /// When the rest of the line is bare words (`output Aduan terverifikasi`): one error that
    /// they need quotes, and the words read as the text they were meant to be, so nothing that
    /// needs the text reports it missing.
    pub fn unquoted_text(&mut self, what: &str) -> Option<Text> {
        let text = join(&self.bare_words_to_end()?);
        self.needs_quotes(what, &text, format!("put the text in double quotes: \"{}\"", text.value));
        Some(text)
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
        self.needs_quotes(what, &text, format!("put the value in double quotes: \"{}\"", text.value));
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

    /// Reads a list of values (`"a" "b"`), up to the first argument that is not one or is a
    /// word in `stop` (the clause after a guard: `phase`). Values written without quotes are
    /// read as the values meant, with one error naming them all.
    pub fn value_list(&mut self, what: &str, stop: &[&str]) -> Vec<Text> {
        let mut values = Vec::new();
        let mut bare = Vec::new();
        while let Some(arg) = self.peek() {
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
            let quoted: Vec<String> = bare.iter().map(|w| format!("\"{}\"", w.value)).collect();
            let help = match bare.len() {
                1 => format!("put the value in double quotes: {}", quoted.join(" ")),
                _ => format!("put each value in double quotes: {}", quoted.join(" ")),
            };
            self.needs_quotes(what, &join(&bare), help);
        }
        if values.is_empty() {
            // `k in -> s`, `k in phase ...` or `k in` at the end of the line: the list is empty,
            // and what follows it is left to be read as what it is.
            let next = self.peek().map(|a| (a.span, a.kind == ArgKind::Arrow));
            let ends_list = next.is_none_or(|(_, arrow)| arrow) || stop.iter().any(|s| self.peek_word(s));
            if ends_list {
                let span = next.map_or_else(|| self.missing_span(), |(span, _)| span);
                let message = match next {
                    Some(_) => format!("'in' needs {what} before this"),
                    None => format!("'in' needs {what} after it"),
                };
                self.problem(
                    span,
                    message,
                    Some("write each value in double quotes after 'in': kadar in \"a\" \"b\"".into()),
                );
            } else {
                self.no_text(what);
            }
        }
        values
    }

    /// When every argument left is a bare word or number: each as a text, all read.
    fn bare_words_to_end(&mut self) -> Option<Vec<Text>> {
        let rest = self.node.args.get(self.pos..).filter(|rest| !rest.is_empty())?;
        let all_bare = rest.iter().all(|a| matches!(a.kind, ArgKind::Word(_) | ArgKind::Number(_)));
        all_bare.then(|| self.bare_run(&[]))
    }

    /// The one error for words written where quoted text (`what`) is due.
    fn needs_quotes(&mut self, what: &str, found: &Text, help: String) {
        let message =
            format!("'{}' expects {what} in double quotes, found '{}'", self.keyword(), shorten(&found.value));
        self.problem(found.span, message, Some(help));
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

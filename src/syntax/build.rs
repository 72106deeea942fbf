//! CST → typed AST: checks which keywords may appear where and reads their arguments.

use super::args::Args;
use super::ast::*;
use super::build_attribute::ATTRIBUTE;
use super::build_identity::SIGNATORY;
use super::clauses::{actors, allow, branch, deadline, unless};
use super::cst::{Cst, Node};
use super::order::in_order;
use crate::check::rules;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::span::Span;
use std::collections::BTreeMap;

const TOP: &[&str] =
    &["sop", "limit", "identity", "actor", "attribute", "step", "decision", "timer", "escalation", "periodic", "allow"];
pub(super) const IDENTITY: &[&str] = &[
    "instansi",
    "nomor",
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_efektif",
    "tanggal_pengesahan",
    "disahkan_oleh",
    "dasar_hukum",
    "keterkaitan",
    "kualifikasi",
    "peralatan",
    "peringatan",
    "pencatatan",
    "note",
];
const ACTOR: &[&str] = &["note"];
pub(super) const STEP: &[&str] =
    &["by", "within", "waktu", "kelengkapan", "output", "keterangan", "uraian", "next", "phase", "note", "allow"];
pub(super) const BRANCHES: &[&str] = &["when", "else", "option"];
pub(super) const TIMER: &[&str] = &["from", "after", "unless", "then", "label", "phase", "note", "allow"];
pub(super) const PERIODIC: &[&str] = &["by", "every", "waktu", "output", "keterangan", "note", "allow"];

/// Whether `keyword` may stand only at the top of the file, in no block (`allow` may stand in
/// both).
pub fn only_at_top(keyword: &str) -> bool {
    TOP.contains(&keyword)
        && ![IDENTITY, SIGNATORY, ACTOR, ATTRIBUTE, STEP, BRANCHES, TIMER, PERIODIC]
            .iter()
            .any(|k| k.contains(&keyword))
}

/// Builds the AST from the CST, recording every misplaced keyword and malformed argument.
pub fn build(cst: &Cst, diagnostics: &mut Vec<Diagnostic>) -> Ast {
    let mut builder = Builder { diagnostics, seen: BTreeMap::new() };
    let items = cst.nodes().filter_map(|node| builder.top(node)).collect();
    Ast { items }
}

pub(super) struct Builder<'d> {
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
    /// Single-valued fields already written in the current block, for `duplicate-field`.
    seen: BTreeMap<String, Span>,
}

impl Builder<'_> {
    fn top(&mut self, node: &Node) -> Option<Item> {
        self.seen_once(node, &["sop", "limit", "identity"]);
        if let Ok(item) = self.item(node, &node.keyword.text) {
            return item;
        }
        let meant = self.unknown_keyword_meant(node, TOP, "at the top of the file");
        // A misspelt item with a block (`stpe a 1 ... { }`) is read as the item its help names,
        // so that the mistakes inside it are reported in the same run, and the steps that go
        // to it find it.
        match meant {
            Some(meant) if node.block.is_some() && !["sop", "limit", "allow"].contains(&meant) => {
                self.item(node, meant).ok().flatten()
            }
            _ => None,
        }
    }

    /// Reads `node` as the top-level item `keyword`; `Err` when no item is called so.
    fn item(&mut self, node: &Node, keyword: &str) -> Result<Option<Item>, ()> {
        Ok(match keyword {
            "sop" => self.leaf(node, |a| a.text("the SOP's name (Nama SOP)")).map(Item::Name),
            "limit" => self.leaf(node, |a| a.limit(false)).map(Item::Limit),
            "identity" => Some(Item::Identity(self.identity(node))),
            "actor" => self.actor(node).map(Item::Actor),
            "attribute" => self.attribute(node).map(Item::Attribute),
            "step" => self.step(node, StepKind::Process).map(Item::Step),
            "decision" => self.step(node, StepKind::Decision).map(Item::Step),
            "timer" => self.timer(node, false).map(Item::Timer),
            "escalation" => self.timer(node, true).map(Item::Timer),
            "periodic" => self.periodic(node).map(Item::Periodic),
            "allow" => self.leaf(node, allow).map(Item::Allow),
            _ => return Err(()),
        })
    }

    /// Reads a node that must not have a block, with `read` taking its arguments.
    pub(super) fn leaf<T>(&mut self, node: &Node, read: impl FnOnce(&mut Args<'_>) -> Option<T>) -> Option<T> {
        self.no_block(node);
        let mut args = Args::new(node, self.diagnostics);
        let value = read(&mut args);
        args.finish();
        value
    }

    pub(super) fn no_block(&mut self, node: &Node) {
        if let Some(block) = &node.block {
            self.diagnostics.push(
                Diagnostic::new(
                    rules::INVALID_ARGUMENT,
                    block.span,
                    format!("'{}' does not take a block", node.keyword.text),
                )
                .with_label("unexpected block")
                .with_help("remove the braces and put the lines inside at the level of this statement"),
            );
        }
    }

    /// Records `duplicate-field` when a single-valued keyword appears twice in one block.
    pub(super) fn seen_once(&mut self, node: &Node, single: &[&str]) {
        let keyword = node.keyword.text.as_str();
        if !single.contains(&keyword) {
            return;
        }
        if let Some(first) = self.seen.get(keyword) {
            self.diagnostics.push(
                Diagnostic::new(rules::DUPLICATE_FIELD, node.keyword.span, format!("'{keyword}' is written twice"))
                    .with_label("second time")
                    .with_related(*first, "first written here")
                    .with_help("keep one of the two lines"),
            );
        } else {
            self.seen.insert(keyword.to_string(), node.keyword.span);
        }
    }

    /// Runs `each` over the children of `node` with a fresh duplicate-field scope.
    pub(super) fn children(&mut self, node: &Node, mut each: impl FnMut(&mut Self, &Node)) {
        let outer = std::mem::take(&mut self.seen);
        for child in node.children() {
            each(self, child);
        }
        self.seen = outer;
    }

    /// Reports `node`'s keyword as not allowed at `place`.
    pub(super) fn unknown_keyword(&mut self, node: &Node, allowed: &[&'static str], place: &str) {
        self.unknown_keyword_meant(node, allowed, place);
    }

    /// As [`Self::unknown_keyword`]; gives the keyword the help suggests instead, if it does.
    fn unknown_keyword_meant(&mut self, node: &Node, allowed: &[&'static str], place: &str) -> Option<&'static str> {
        let keyword = &node.keyword.text;
        let home = [
            ("a step", STEP),
            ("a decision", BRANCHES),
            ("identity", IDENTITY),
            ("a timer", TIMER),
            ("a periodic duty", PERIODIC),
            ("the top of the file", TOP),
        ]
        .into_iter()
        .find(|(_, words)| words.contains(&keyword.as_str()))
        .map(|(name, _)| name);
        let mut meant = None;
        let help = match (did_you_mean(keyword, allowed.iter().copied()), home) {
            // `allow` has two homes; the one for the whole file is the likelier intent here.
            _ if keyword == "allow" => {
                "an 'allow' for the whole file goes at the top of the file; one inside a step, decision, \
                 timer or periodic duty covers only that item"
                    .to_string()
            }
            (_, Some(home)) if home != place => format!("'{keyword}' belongs in {home}"),
            // An Indonesian word for a keyword (`oleh`) means that keyword, however it is spelt.
            (suggestion, _) if let Some(k) = super::synonyms::keyword_for(keyword, allowed).or(suggestion) => {
                meant = Some(k);
                format!("did you mean '{k}'?")
            }
            _ => format!("allowed here: {}", allowed.join(", ")),
        };
        self.diagnostics.push(
            Diagnostic::new(rules::UNKNOWN_KEYWORD, node.keyword.span, format!("'{keyword}' is not allowed {place}"))
                .with_label("unknown here")
                .with_help(help),
        );
        meant
    }

    fn actor(&mut self, node: &Node) -> Option<ActorDecl> {
        let header = in_order(node, false, self.diagnostics);
        let mut args = Args::new(&header, self.diagnostics);
        let id = args.declared_id("the actor's id");
        let title = args.text("the actor's official title");
        args.finish();
        let mut notes = Vec::new();
        self.children(node, |b, child| match child.keyword.text.as_str() {
            "note" => notes.extend(b.leaf(child, |a| a.text("the note"))),
            _ => b.unknown_keyword(child, ACTOR, "in an actor"),
        });
        Some(ActorDecl { id: id?, title: title?, notes, span: node.span })
    }

    fn step(&mut self, node: &Node, kind: StepKind) -> Option<StepDecl> {
        let header = in_order(node, true, self.diagnostics);
        let mut args = Args::new(&header, self.diagnostics);
        let id = args.declared_id("the step's id");
        // `next end` and `-> end` mean the end of the procedure, so no step may be called so.
        if let Some(end) = id.as_ref().filter(|id| id.name == "end") {
            args.diagnostics.push(
                Diagnostic::new(rules::INVALID_ARGUMENT, end.span, "'end' cannot be a step's id")
                    .with_label("reserved for the end of the procedure")
                    .with_help("give the step another id, e.g. 'selesai'"),
            );
        }
        let number = args.optional_number();
        let header_text = args.optional_text().or_else(|| args.unquoted_text("the Uraian Kegiatan"));
        args.finish();
        let mut step = StepDecl {
            kind,
            id: id?,
            number,
            text: header_text.into_iter().collect(),
            by: Vec::new(),
            deadlines: Vec::new(),
            waktu: None,
            kelengkapan: Vec::new(),
            output: Vec::new(),
            keterangan: Vec::new(),
            next: None,
            phase: None,
            branches: Vec::new(),
            notes: Vec::new(),
            allows: Vec::new(),
            span: node.span,
        };
        self.children(node, |b, child| {
            b.seen_once(child, &["waktu", "next", "phase"]);
            match child.keyword.text.as_str() {
                "by" => step.by.extend(b.leaf(child, |a| Some(actors(a))).unwrap_or_default()),
                "within" => step.deadlines.extend(b.leaf(child, deadline)),
                "waktu" => step.waktu = b.leaf(child, |a| a.text("the time as printed")),
                "kelengkapan" => step.kelengkapan.extend(b.leaf(child, |a| a.text("the requirements"))),
                "output" => step.output.extend(b.leaf(child, |a| a.text("the output"))),
                "keterangan" => step.keterangan.extend(b.leaf(child, |a| a.text("the remark"))),
                "uraian" => step.text.extend(b.leaf(child, |a| a.text("the description"))),
                "next" => step.next = b.leaf(child, |a| a.ident("the id of the next step (or 'end')")),
                "phase" => step.phase = b.leaf(child, |a| a.ident("the phase name")),
                "note" => step.notes.extend(b.leaf(child, |a| a.text("the note"))),
                "allow" => step.allows.extend(b.leaf(child, allow)),
                "when" | "else" | "option" if kind == StepKind::Decision => {
                    step.branches.extend(b.leaf(child, |a| branch(a, &child.keyword.text)))
                }
                "when" | "else" | "option" => b.diagnostics.push(
                    Diagnostic::new(
                        rules::UNKNOWN_KEYWORD,
                        child.keyword.span,
                        format!("'{}' is only allowed in a decision", child.keyword.text),
                    )
                    .with_label("branch in a plain step")
                    .with_help("write 'decision' instead of 'step' for a step that branches"),
                ),
                _ => {
                    let (allowed, place) = match kind {
                        StepKind::Process => (STEP.to_vec(), "in a step"),
                        StepKind::Decision => ([STEP, BRANCHES].concat(), "in a decision"),
                    };
                    b.unknown_keyword(child, &allowed, place);
                }
            }
        });
        if step.text.iter().all(|t| t.value.trim().is_empty()) {
            self.diagnostics.push(
                Diagnostic::new(
                    rules::INVALID_ARGUMENT,
                    node.keyword.span.to(step.id.span),
                    format!("step '{}' has no Uraian text", step.id.name),
                )
                .with_label("no text")
                .with_help(
                    "add the Uraian Kegiatan in quotes after the id and number, or 'uraian \"...\"' lines in the block",
                ),
            );
        }
        Some(step)
    }

    fn timer(&mut self, node: &Node, escalation: bool) -> Option<TimerDecl> {
        let header = in_order(node, false, self.diagnostics);
        let mut args = Args::new(&header, self.diagnostics);
        let id = args.declared_id(if escalation { "the escalation's id" } else { "the timer's id" });
        let title = args.optional_text();
        args.finish();
        let mut timer = TimerDecl {
            escalation,
            id: id?,
            title,
            from: None,
            after: None,
            unless: Vec::new(),
            then: None,
            label: None,
            phase: None,
            notes: Vec::new(),
            allows: Vec::new(),
            span: node.span,
        };
        self.children(node, |b, child| {
            b.seen_once(child, &["from", "after", "then", "label", "phase"]);
            match child.keyword.text.as_str() {
                "from" => timer.from = b.leaf(child, |a| a.ident("the step that starts the clock")),
                "after" => timer.after = b.leaf(child, |a| a.duration()),
                "unless" => timer.unless.extend(b.leaf(child, |a| Some(unless(a))).unwrap_or_default()),
                "then" => timer.then = b.leaf(child, |a| a.ident("the step the case goes to (or 'end')")),
                "label" => timer.label = b.leaf(child, |a| a.text("the label")),
                "phase" => timer.phase = b.leaf(child, |a| a.ident("the phase name")),
                "note" => timer.notes.extend(b.leaf(child, |a| a.text("the note"))),
                "allow" => timer.allows.extend(b.leaf(child, allow)),
                _ => b.unknown_keyword(child, TIMER, if escalation { "in an escalation" } else { "in a timer" }),
            }
        });
        Some(timer)
    }

    fn periodic(&mut self, node: &Node) -> Option<PeriodicDecl> {
        let header = in_order(node, false, self.diagnostics);
        let mut args = Args::new(&header, self.diagnostics);
        let id = args.declared_id("the duty's id");
        let text = args.text("the duty's description");
        args.finish();
        let mut duty = PeriodicDecl {
            id: id?,
            text,
            every: None,
            by: Vec::new(),
            waktu: None,
            output: Vec::new(),
            keterangan: Vec::new(),
            notes: Vec::new(),
            allows: Vec::new(),
            span: node.span,
        };
        self.children(node, |b, child| {
            b.seen_once(child, &["every", "waktu"]);
            match child.keyword.text.as_str() {
                "by" => duty.by.extend(b.leaf(child, |a| Some(actors(a))).unwrap_or_default()),
                "every" => duty.every = b.leaf(child, |a| a.duration()),
                "waktu" => duty.waktu = b.leaf(child, |a| a.text("the time as printed")),
                "output" => duty.output.extend(b.leaf(child, |a| a.text("the output"))),
                "keterangan" => duty.keterangan.extend(b.leaf(child, |a| a.text("the remark"))),
                "note" => duty.notes.extend(b.leaf(child, |a| a.text("the note"))),
                "allow" => duty.allows.extend(b.leaf(child, allow)),
                _ => b.unknown_keyword(child, PERIODIC, "in a periodic duty"),
            }
        });
        Some(duty)
    }
}

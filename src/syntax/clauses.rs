//! Clauses shared by several statements: actor lists, `unless`, `allow`, `within`, branches
//! and guards.

use super::args::Args;
use super::ast::*;
use super::cst::ArgKind;

pub fn actors(args: &mut Args<'_>) -> Vec<Ident> {
    let mut ids = Vec::new();
    loop {
        // `by admin dan pelapor`: the list is only ids, so the word 'and' is skipped with one error.
        if !ids.is_empty() && args.joined_line() {
            return ids;
        }
        if let Some(joiner) = ["dan", "and", "serta"].into_iter().find(|w| args.peek_word(w)) {
            args.not_a_list_word(joiner);
        } else if let Some(id) = args.ident("an actor id") {
            ids.push(id);
        }
        if args.is_done() {
            return ids;
        }
    }
}

pub fn unless(args: &mut Args<'_>) -> Vec<UnlessDecl> {
    let mut stops = Vec::new();
    while !args.is_done() {
        let start = args.position();
        let stop = if args.eat_word("by") {
            args.ident("the actor whose event stops the timer").map(StopDecl::ActorEvent)
        } else {
            args.ident("a step id, or 'by' and an actor id").map(StopDecl::Step)
        };
        // The span takes in 'by', so a finding on the entry shows all of it.
        stops.extend(stop.map(|stop| UnlessDecl { stop, span: args.span_since(start) }));
    }
    stops
}

pub fn allow(args: &mut Args<'_>) -> Option<AllowDecl> {
    let rule = match args.peek().map(|a| &a.kind) {
        Some(ArgKind::Word(_)) => args.ident("a rule code or name"),
        _ => args.ident("a rule code or name such as S107 or duplicate-step-number"),
    }?;
    let reason = args.optional_text().or_else(|| args.unquoted_text("the reason"));
    let span = rule.span.to(reason.as_ref().map_or(rule.span, |r| r.span));
    Some(AllowDecl { rule, reason, span })
}

pub fn deadline(args: &mut Args<'_>) -> Option<DeadlineDecl> {
    let limit = args.limit(true)?;
    let mut span = limit.span;
    let from = if args.eat_clause("from") { args.ident("the step the deadline is measured from") } else { None };
    let guard = if args.eat_clause("when") { guard(args) } else { None };
    let phase = if args.eat_clause("phase") { args.ident("the phase name") } else { None };
    for end in [from.as_ref().map(|f| f.span), guard.as_ref().map(|g| g.span), phase.as_ref().map(|p| p.span)]
        .into_iter()
        .flatten()
    {
        span = span.to(end);
    }
    Some(DeadlineDecl { limit, from, guard, phase, span })
}

pub fn branch(args: &mut Args<'_>, keyword: &str) -> Option<BranchDecl> {
    let condition = match keyword {
        "when" => ConditionDecl::When(guard(args)?),
        "else" => ConditionDecl::Else,
        _ => ConditionDecl::Option,
    };
    if !args.arrow() {
        return None;
    }
    // The label written before the step (`-> "Ya" apip`): one error, both read.
    let label_first = args.label_before_target();
    let target = args.ident("the step this branch leads to (or 'end')")?;
    let label = label_first.or_else(|| args.optional_text());
    let span = target.span.to(label.as_ref().map_or(target.span, |l| l.span));
    Some(BranchDecl { condition, target, label, span })
}

/// The words that start the clause after a guard.
const CLAUSES: &[&str] = &["phase", "from", "when"];

fn guard(args: &mut Args<'_>) -> Option<Guard> {
    let start = args.position();
    // `not` only negates a bool attribute; comparisons have `!=` for that.
    let negated = args.eat_word("not");
    let attribute = args.ident("the case attribute to test")?;
    let test = if negated {
        GuardTest::IsFalse
    } else if let Some(op) = args.op() {
        let value = args.value("the value to compare with", CLAUSES)?;
        if op == "==" {
            GuardTest::Equals(value)
        } else {
            GuardTest::NotEquals(value)
        }
    } else if args.eat_word("in") {
        GuardTest::In(args.value_list("the values to compare with", CLAUSES))
    } else {
        GuardTest::IsTrue
    };
    if args.joined_guard() {
        return None;
    }
    Some(Guard { attribute, test, span: args.span_since(start) })
}

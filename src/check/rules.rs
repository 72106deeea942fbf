//! The registry of every diagnostic code: stable code, kebab-case name, default severity,
//! one-line summary and the documentation page that `sop explain` prints.

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// The lower-case word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One diagnostic code and its documentation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

macro_rules! rules {
    ($($ident:ident = $code:literal, $name:literal, $sev:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $ident: &Rule = &Rule {
                code: $code,
                name: $name,
                severity: Severity::$sev,
                summary: $summary,
                doc: include_str!(concat!("../../docs/rules/", $code, ".md")),
            };
        )*
        /// Every rule, in code order.
        pub const ALL: &[&Rule] = &[$($ident),*];
    };
}

rules! {
    SYNTAX_ERROR = "S101", "syntax-error", Error, "text that does not fit the shape of a .sop line";
    UNKNOWN_KEYWORD = "S102", "unknown-keyword", Error, "a keyword that is not allowed at this place";
    INVALID_ARGUMENT = "S103", "invalid-argument", Error, "a keyword given the wrong arguments";
    INVALID_DURATION = "S104", "invalid-duration", Error, "a duration whose amount or unit is not understood";
    DUPLICATE_FIELD = "S105", "duplicate-field", Error, "a single-valued field written twice in one block";
    MISSING_SOP_NAME = "S106", "missing-sop-name", Error, "a file without its `sop \"...\"` name line";
    DUPLICATE_STEP_NUMBER = "S107", "duplicate-step-number", Warning, "two steps with the same number";
    STEP_NUMBERS_OUT_OF_ORDER = "S108", "step-numbers-out-of-order", Warning, "step numbers that go down in file order";
    UNKNOWN_ACTOR = "R201", "unknown-actor", Error, "a reference to an actor that is not declared";
    UNKNOWN_STEP = "R202", "unknown-step", Error, "a reference to a step that is not declared";
    DUPLICATE_ID = "R203", "duplicate-id", Error, "two declarations with the same id";
    UNKNOWN_ATTRIBUTE = "R204", "unknown-attribute", Error, "a guard on a case attribute that is not declared";
    UNKNOWN_ATTRIBUTE_VALUE = "R205", "unknown-attribute-value", Error, "a guard comparing an attribute with a value it cannot have";
    UNUSED_ACTOR = "R206", "unused-actor", Warning, "an actor that performs nothing";
    UNUSED_ATTRIBUTE = "R207", "unused-attribute", Warning, "a case attribute that no guard reads";
    UNREACHABLE_STEP = "F301", "unreachable-step", Error, "a step that no flow from the first step reaches";
    NO_PATH_TO_END = "F302", "no-path-to-end", Error, "a step from which the procedure can never end";
    LOOP_WITHOUT_EXIT = "F303", "loop-without-exit", Error, "a loop that no branch, flow or timer leaves";
    MISSING_PERFORMER = "F304", "missing-performer", Error, "a step or duty with no `by` actor";
    TOO_FEW_BRANCHES = "F305", "too-few-branches", Error, "a decision with fewer than two branches";
    OVERLAPPING_GUARDS = "F306", "overlapping-guards", Error, "two branches of a decision that can both hold";
    NON_EXHAUSTIVE_GUARDS = "F307", "non-exhaustive-guards", Warning, "a decision with cases that no branch takes";
    MIXED_BRANCH_KINDS = "F308", "mixed-branch-kinds", Error, "a decision mixing `when`/`else` with `option`";
    DUPLICATE_BRANCH_TARGET = "F309", "duplicate-branch-target", Warning, "two branches of a decision going to the same step";
    ELSE_NEVER_TAKEN = "F310", "else-never-taken", Warning, "an `else` branch whose decision's guards already take every case";
    ANCHOR_NOT_BEFORE = "D401", "deadline-anchor-not-before", Error, "a deadline measured from a step that does not always come before it";
    INCOMPLETE_TIMER = "D402", "incomplete-timer", Error, "a timer or escalation without a start, a duration or a target";
    PATH_EXCEEDS_LIMIT = "D403", "path-exceeds-overall-limit", Warning, "a path whose step limits add up to more than the SOP's overall limit";
    CONFLICTING_DEADLINES = "D404", "conflicting-deadlines", Error, "a step with two plain deadlines, a plain one beside conditional ones, or two that can both apply";
    NON_EXHAUSTIVE_DEADLINES = "D405", "non-exhaustive-deadlines", Warning, "conditional deadlines that leave some cases without a limit";
    MISSING_INTERVAL = "D406", "missing-interval", Error, "a periodic duty without `every`";
    TIMER_STOPPED_BY_ITS_START = "D407", "timer-stopped-by-its-start", Warning, "a timer or escalation whose `unless` names the step that starts it";
    MISSING_IDENTITY_FIELD = "I501", "missing-identity-field", Warning, "an identity-page field that the SOP-AP format expects is blank";
    DATES_OUT_OF_ORDER = "I502", "dates-out-of-order", Warning, "identity dates in an impossible order";
    UNREADABLE_DATE = "I503", "unreadable-date", Warning, "an identity date that cannot be read as a date";
    LOOSER_THAN_REGULATION = "P601", "looser-than-regulation", Warning, "a limit longer than the national regulation allows";
    SUPERSEDED_REGULATION = "P602", "superseded-regulation", Warning, "a legal basis that has been replaced";
    REPLY_WINDOW_TOO_SHORT = "P603", "reply-window-too-short", Warning, "a timer that closes a case sooner than the regulation allows";
    UNKNOWN_PHASE = "P604", "unknown-phase", Error, "a phase that the regulation profile does not know";
    ALLOW_WITHOUT_REASON = "A701", "allow-without-reason", Error, "an `allow` without a reason";
    UNKNOWN_RULE = "A702", "unknown-rule", Error, "an `allow` naming a rule that does not exist";
    UNUSED_ALLOW = "A703", "unused-allow", Warning, "an `allow` that silences nothing";
    ALLOW_ON_ERROR = "A704", "allow-on-error", Error, "an `allow` naming a rule whose findings are errors";
}

/// Finds a rule by its code (`S107`) or its name (`duplicate-step-number`), ignoring case.
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name))
}

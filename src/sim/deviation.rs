//! The registry of every audit code: stable code, kebab-case name, kind and one-line summary.
//!
//! `C8xx` codes are findings about a case or a periodic duty (what the auditor is after);
//! `T9xx` codes are problems with the trace itself (rows that could not be used). Codes are
//! never reused. docs/audit.md has an example of each.

use serde::{Serialize, Serializer};

/// What a code reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The case or duty did not follow the SOP.
    Deviation,
    /// Worth knowing, not a failure (a case still open within its limits).
    Notice,
    /// A row of the trace that could not be used, or a column that was not understood.
    Input,
}

impl Kind {
    /// The lower-case word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Deviation => "deviation",
            Kind::Notice => "notice",
            Kind::Input => "input",
        }
    }
}

/// One audit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    pub summary: &'static str,
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code)
    }
}

macro_rules! codes {
    ($($ident:ident = $code:literal, $name:literal, $kind:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $ident: &Code = &Code { code: $code, name: $name, kind: Kind::$kind, summary: $summary };
        )*
        /// Every code, in code order.
        pub const ALL: &[&Code] = &[$($ident),*];
    };
}

codes! {
    ACTIVITY_NOT_IN_SOP = "C801", "activity-not-in-sop", Deviation, "an event whose activity is no step or duty of the SOP";
    WRONG_ACTOR = "C802", "wrong-actor", Deviation, "a step done by an actor who is not its performer";
    OUT_OF_ORDER = "C803", "step-out-of-order", Deviation, "a step done where the flow does not allow it";
    SKIPPED = "C804", "step-skipped", Deviation, "a step the flow requires that the case passed over";
    REPEATED = "C805", "unexpected-repetition", Deviation, "the same step twice in a row where the flow has no loop";
    WRONG_BRANCH = "C806", "branch-contradicts-attributes", Deviation, "a decision branch that the case's attributes rule out";
    ATTRIBUTE_UNUSABLE = "C807", "case-attribute-unusable", Deviation, "a case attribute a guard needs is missing or not one of its values";
    DEADLINE_MISSED = "C808", "deadline-missed", Deviation, "a step done after its deadline";
    TIMER_NOT_FIRED = "C809", "timer-not-honoured", Deviation, "a timer's window ran out but the case did not go where the timer says";
    TIMER_EARLY = "C810", "timer-fired-early", Deviation, "a timer's or escalation's target reached before its window ran out";
    ESCALATION_MISSING = "C811", "escalation-missing", Deviation, "an escalation's window ran out but the case was not escalated";
    AFTER_CLOSING = "C812", "event-after-closing", Deviation, "an event of a case that had already closed";
    TIME_BACKWARDS = "C813", "time-goes-backwards", Deviation, "an event dated before the previous event of its case";
    OPEN_OVERDUE = "C814", "case-open-overdue", Deviation, "a case still open at the end of the log, past a limit";
    OPEN_WITHIN = "C815", "case-open-within-limits", Notice, "a case still open at the end of the log, within its limits";
    DUTY_MISSED = "C816", "periodic-duty-missed", Deviation, "a period with no event of a periodic duty";
    UNREADABLE_ROW = "T901", "unreadable-row", Input, "a row that is not a well-formed record of the trace";
    BAD_ENCODING = "T902", "bad-encoding", Input, "a row that is not UTF-8 text";
    BAD_TIMESTAMP = "T903", "bad-timestamp", Input, "a timestamp that cannot be read";
    MISSING_FIELD = "T904", "missing-field", Input, "a row without a case id, activity or timestamp";
    UNKNOWN_COLUMN = "T905", "unknown-column", Input, "a column or attribute the audit does not understand (its values are not used)";
    UNMAPPED_ACTIVITY = "T906", "unmapped-activity", Input, "an activity the mapping file does not name, rejected as the mapping asks";
}

/// Finds a code by its code (`C808`) or its name (`deadline-missed`), ignoring case.
pub fn lookup(code_or_name: &str) -> Option<&'static Code> {
    ALL.iter().copied().find(|c| c.code.eq_ignore_ascii_case(code_or_name) || c.name.eq_ignore_ascii_case(code_or_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(a.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", a.name);
            for b in ALL.iter().skip(i + 1) {
                assert!(a.code != b.code && a.name != b.name, "{} / {}", a.code, b.code);
            }
        }
        assert_eq!(lookup("deadline-missed").map(|c| c.code), Some("C808"));
    }
}

//! Lowering `allow` lines: each names a rule that exists, and says why it is silenced.

use super::lower::Lowerer;
use super::types::Allow;
use crate::check::rules;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::syntax::ast;

impl Lowerer {
    pub(super) fn lower_allows(&mut self, decls: &[ast::AllowDecl], scope: Option<crate::span::Span>) -> Vec<Allow> {
        let mut allows = Vec::new();
        for decl in decls {
            let Some(rule) = rules::lookup(&decl.rule.name) else {
                let names = rules::ALL.iter().flat_map(|r| [r.code, r.name]);
                let help = did_you_mean(&decl.rule.name, names)
                    .map(|s| format!("did you mean '{s}'?"))
                    .or(Some("'sop rules' lists every rule".into()));
                self.diagnostics.push(
                    Diagnostic::new(
                        rules::UNKNOWN_RULE,
                        decl.rule.span,
                        format!("there is no rule '{}'", decl.rule.name),
                    )
                    .with_label("unknown rule")
                    .with_optional_help(help),
                );
                continue;
            };
            // `-` is how a blank field is written, so it gives no reason either.
            if decl.reason.as_ref().is_none_or(|r| matches!(r.value.trim(), "" | "-")) {
                self.diagnostics.push(
                    Diagnostic::new(
                        rules::ALLOW_WITHOUT_REASON,
                        decl.span,
                        format!("silencing '{}' needs a reason", rule.name),
                    )
                    .with_label("no reason given")
                    .with_help(format!("say why, e.g. allow {} \"kept as in the signed original\"", rule.code)),
                );
            }
            allows.push(Allow { rule, reason: decl.reason.as_ref().map(|r| r.value.clone()), scope, span: decl.span });
        }
        allows
    }
}

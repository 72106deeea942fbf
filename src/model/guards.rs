//! Resolving guards on case attributes, with `unknown-attribute` and `unknown-attribute-value`.

use super::lower::{texts, Lowerer};
use super::types::*;
use crate::check::rules;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::syntax::ast::{self, Text};

impl Lowerer {
    pub(super) fn guard(&mut self, guard: &ast::Guard, attributes: &[Attribute]) -> Option<Guard> {
        let Some(&index) = self.attribute_ids.get(&guard.attribute.name) else {
            let names: Vec<&str> = attributes.iter().map(|a| a.id.as_str()).collect();
            let help = match did_you_mean(&guard.attribute.name, names.iter().copied()) {
                Some(s) => format!("did you mean '{s}'?"),
                None => {
                    format!("declare it: attribute {} \"Title\" {{ values \"...\" \"...\" }}", guard.attribute.name)
                }
            };
            self.diagnostics.push(
                Diagnostic::new(
                    rules::UNKNOWN_ATTRIBUTE,
                    guard.attribute.span,
                    format!("unknown case attribute '{}'", guard.attribute.name),
                )
                .with_label("not declared")
                .with_help(help),
            );
            self.incomplete = true;
            self.unknown_attribute_named = true;
            return None;
        };
        let attribute = attributes.get(index)?;
        let test = match &guard.test {
            ast::GuardTest::Equals(v) => Test::Equals(v.value.clone()),
            ast::GuardTest::NotEquals(v) => Test::NotEquals(v.value.clone()),
            ast::GuardTest::In(vs) => Test::In(texts(vs)),
            ast::GuardTest::IsTrue => Test::IsTrue,
            ast::GuardTest::IsFalse => Test::IsFalse,
        };
        self.check_guard_values(guard, attribute)?;
        Some(Guard { attribute: index, test, span: guard.span })
    }

    /// Reports `unknown-attribute-value` for values the attribute cannot take.
    fn check_guard_values(&mut self, guard: &ast::Guard, attribute: &Attribute) -> Option<()> {
        if matches!(&guard.test, ast::GuardTest::In(vs) if vs.is_empty()) {
            // `k in` with no values: the syntax error says so; there is nothing to compare.
            return None;
        }
        let compared: Vec<&Text> = match &guard.test {
            ast::GuardTest::Equals(v) | ast::GuardTest::NotEquals(v) => vec![v],
            ast::GuardTest::In(vs) => vs.iter().collect(),
            ast::GuardTest::IsTrue | ast::GuardTest::IsFalse => Vec::new(),
        };
        match &attribute.domain {
            Domain::Bool if !compared.is_empty() => {
                self.value_problem(
                    guard.span,
                    format!("'{}' is a yes/no attribute and has no named values", attribute.id),
                    format!("write '{0}' or 'not {0}'", attribute.id),
                );
                None
            }
            Domain::Values(values) if compared.is_empty() => {
                self.value_problem(
                    guard.span,
                    format!("'{}' is not a yes/no attribute", attribute.id),
                    format!(
                        "compare it with one of its values: {} == \"{}\"",
                        attribute.id,
                        values.first().map_or("", String::as_str)
                    ),
                );
                None
            }
            Domain::Values(values) => {
                let mut ok = true;
                for value in compared.into_iter().filter(|v| !values.contains(&v.value)) {
                    let help = match did_you_mean(&value.value, values.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean \"{s}\"?"),
                        None => format!(
                            "its values are: {}",
                            values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    self.value_problem(
                        value.span,
                        format!("'{}' never has the value \"{}\"", attribute.id, value.value),
                        help,
                    );
                    ok = false;
                }
                ok.then_some(())
            }
            Domain::Bool => Some(()),
        }
    }

    fn value_problem(&mut self, span: crate::span::Span, message: String, help: String) {
        self.diagnostics.push(
            Diagnostic::new(rules::UNKNOWN_ATTRIBUTE_VALUE, span, message).with_label("cannot match").with_help(help),
        );
        self.incomplete = true;
    }
}

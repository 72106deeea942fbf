//! `sop`: a language and toolchain for Indonesian public-service SOPs.
//!
//! The stages, one module and one entry point each (see ARCHITECTURE.md):
//! [`syntax::parse`] (text → AST), [`model::lower`] (AST → workflow model),
//! [`check::run`] (model → lint findings); [`pipeline::check_source`] runs them all.

pub mod calendar;
pub mod check;
pub mod diagnostic;
pub mod duration;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod sim;
pub mod span;
pub mod syntax;

pub use diagnostic::Diagnostic;

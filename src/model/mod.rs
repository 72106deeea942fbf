//! Stage 2, `model`: AST → validated workflow (petgraph), names resolved.

pub mod json;
mod lower;
mod types;

pub use lower::lower;
pub use types::*;

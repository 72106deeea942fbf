//! Stage 2, `model`: AST → validated workflow (petgraph), names resolved.

mod allows;
mod guards;
mod identity;
pub mod json;
mod lower;
mod refs;
mod types;

pub use lower::lower;
pub use types::*;

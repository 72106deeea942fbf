//! Running Graphviz's `dot` on the DOT text, for `--engine graphviz`. Optional: the built-in
//! backends need no external program.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// Why `dot` gave no drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// The `dot` program is not installed (or not on `PATH`).
    Missing,
    /// It ran and failed.
    Failed(String),
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Missing => write!(
                f,
                "Graphviz is not installed: the 'dot' program was not found (install the 'graphviz' package, or leave out '--engine graphviz' to use the built-in renderer)"
            ),
            EngineError::Failed(why) => write!(f, "Graphviz 'dot' failed: {why}"),
        }
    }
}

impl std::error::Error for EngineError {}

/// Runs `dot -T<format>` on `source` and returns what it printed.
pub fn graphviz(source: &str, format: &str) -> Result<Vec<u8>, EngineError> {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => EngineError::Missing,
            _ => EngineError::Failed(e.to_string()),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(source.as_bytes()).map_err(|e| EngineError::Failed(e.to_string()))?;
    }
    let output = child.wait_with_output().map_err(|e| EngineError::Failed(e.to_string()))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(EngineError::Failed(String::from_utf8_lossy(&output.stderr).trim().to_string()))
    }
}

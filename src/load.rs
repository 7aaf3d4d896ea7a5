//! The one way both faces get their content: the files checked one by one
//! and together (`content::parse`), then the flow audited (`flow::audit`).

use std::fmt;
use std::path::Path;

use crate::content::{self, Content, Diagnostic, SourceFile};
use crate::flow;

/// Checks the files and the flow they make, and builds the content, or
/// returns every problem.
pub fn load_files(files: &[SourceFile]) -> Result<Content, Vec<Diagnostic>> {
    let content = content::parse(files)?;
    let problems = flow::audit(&content);
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(problems)
    }
}

/// The built-in content. It is checked by the test suite, so a failure
/// here means a build from a broken tree.
pub fn load_embedded() -> Result<Content, Vec<Diagnostic>> {
    load_files(&content::embedded_files())
}

/// Content from `dir`, or the built-in content.
pub fn load(dir: Option<&Path>) -> Result<Content, LoadError> {
    match dir {
        Some(d) => {
            let files = content::folder_files(d).map_err(LoadError::Io)?;
            load_files(&files).map_err(LoadError::Invalid)
        }
        None => load_embedded().map_err(LoadError::Invalid),
    }
}

#[derive(Debug)]
pub enum LoadError {
    Io(String),
    Invalid(Vec<Diagnostic>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "error: {e}"),
            LoadError::Invalid(ds) => {
                for d in ds {
                    writeln!(f, "error: {d}\n")?;
                }
                write!(f, "{} problem(s) found", ds.len())
            }
        }
    }
}

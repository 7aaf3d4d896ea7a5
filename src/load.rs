//! The one way both faces get their content: the built-in content, checked
//! at build time and decoded (`embed`), or a folder's files checked one by
//! one and together (`content::parse`) and the flow audited
//! (`flow::audit`).

use std::fmt;
use std::path::Path;

use crate::content::{self, Content, Diagnostic, Sites, SourceFile};
use crate::embed;

/// Checks the files and the flow they make, and builds the content, or
/// returns every problem.
pub fn load_files(files: &[SourceFile]) -> Result<Content, Vec<Diagnostic>> {
    embed::check(files)
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The built-in content, checked when the program was built (a broken
/// `content/` fails the build) and decoded here without parsing TOML.
pub fn load_embedded() -> Result<Content, Vec<Diagnostic>> {
    embed::decode(embedded::CONTENT).map_err(|e| vec![Sites::message(None, e)])
}

/// The text of the content files built into the binary, as they were at
/// build time: for tests and benchmarks that check a changed copy.
pub fn embedded_files() -> Vec<SourceFile> {
    embedded::FILES
        .iter()
        .map(|(name, text)| SourceFile {
            name: format!("content/{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Content from `dir`, or the built-in content.
pub fn load(dir: Option<&Path>) -> Result<Content, LoadError> {
    load_for(dir, |_| None)
}

/// Content from `dir`, or the built-in content without its questions,
/// outcomes and blocks (texts, checks, steps, materials, notes, sources and
/// regional facts are empty) and those parts, to decode with
/// `Blocks::fill` once they are needed: for the wizard, whose first
/// screen shows none.
pub fn load_blocks_later(
    dir: Option<&Path>,
) -> Result<(Content, Option<embed::Blocks<'static>>), LoadError> {
    match dir {
        Some(_) => load(dir).map(|c| (c, None)),
        None => embed::split(embedded::CONTENT)
            .map(|(c, b)| (c, Some(b)))
            .map_err(|e| LoadError::Invalid(vec![Sites::message(None, e)])),
    }
}

/// Content from `dir`, or the built-in content; of the built-in content's
/// blocks, when `pick` names an outcome, only those that outcome can show
/// (the rest of the content is all there): for a command about one
/// outcome, which then decodes a third of the content.
pub fn load_for(
    dir: Option<&Path>,
    pick: impl FnOnce(&Content) -> Option<embed::Wanted>,
) -> Result<Content, LoadError> {
    match dir {
        Some(d) => {
            let files = content::folder_files(d).map_err(LoadError::Io)?;
            load_files(&files).map_err(LoadError::Invalid)
        }
        None => embed::decode_for(embedded::CONTENT, pick)
            .map_err(|e| LoadError::Invalid(vec![Sites::message(None, e)])),
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
            LoadError::Invalid(ds) => write!(f, "{}", content::diag::report(ds)),
        }
    }
}

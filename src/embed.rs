//! The built-in content from the source tree into the binary and back.
//!
//! build.rs includes this module (with `calendar`, `content` and `flow`,
//! which are pure) to check `content/` exactly as `check` does: broken
//! content fails `cargo build` with the same file:line:column messages.
//! The checked content is then encoded and embedded, and
//! `load::load_embedded` decodes it without parsing any TOML.

use std::path::Path;

use crate::content::{self, Content, Diagnostic, SourceFile};
use crate::flow;

/// Checks the files and the flow they make, and builds the content, or
/// returns every problem: the whole of `check`.
pub fn check(files: &[SourceFile]) -> Result<Content, Vec<Diagnostic>> {
    let content = content::parse(files)?;
    let problems = flow::audit(&content);
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(problems)
    }
}

/// The files of a content folder named as the built-in ones are in
/// messages: `content/<file name>`, or `content/regions/<file name>`.
pub fn source_files(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let mut files = content::folder_files(dir)?;
    for f in &mut files {
        f.name = format!("content/{}", content::relative_name(dir, f).display());
    }
    Ok(files)
}

/// What the build embeds: the checked content, encoded.
pub struct Built {
    pub encoded: Vec<u8>,
    /// What `check` would point out without failing.
    pub warnings: Vec<Diagnostic>,
}

/// Checks `files` and encodes the content; on a problem, the report that
/// `check` prints.
pub fn build(files: &[SourceFile]) -> Result<Built, String> {
    let content = check(files).map_err(|ds| content::diag::report(&ds))?;
    let encoded = postcard::to_allocvec(&content).map_err(|e| format!("error: {e}"))?;
    Ok(Built {
        encoded,
        warnings: content.warnings,
    })
}

/// The content encoded by [`build`].
pub fn decode(bytes: &[u8]) -> Result<Content, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("the built-in content cannot be read: {e}"))
}

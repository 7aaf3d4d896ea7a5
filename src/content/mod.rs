//! Content: the TOML files under `content/`, embedded at build time or read
//! from a folder, checked, and turned into the model the engine uses.

mod check;
pub mod diag;
mod model;
pub mod raw;
mod ui_keys;

use std::fs;
use std::path::Path;

pub use diag::{Diagnostic, SourceFile};
pub use model::*;
pub use ui_keys::UI_KEYS;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Where a step is done; each has a `place.<id>` ui string.
pub const PLACES: &[&str] = &[
    "transfer-out",
    "transfer-in",
    "either",
    "online",
    "home",
    "treatment",
    "offices",
];
/// How a material is handed in; each has a `form.<id>` ui string.
pub const FORMS: &[&str] = &[
    "original",
    "copy",
    "electronic",
    "original-or-electronic",
    "form",
];
/// How sure a source is; each has a `confidence.<id>` ui string.
pub const CONFIDENCES: &[&str] = &["high", "medium", "low"];

/// The questions and options `route` always accepts, whatever the content.
pub const STABLE_QUESTIONS: &[(&str, &[&str])] = &[
    ("insurance", &["employee", "resident"]),
    ("scope", &["cross-province", "within-province"]),
    ("channel", &["online", "offline"]),
    ("reason", &["job", "hukou", "family", "retirement", "other"]),
];

/// The content files built into the binary.
pub fn embedded_files() -> Vec<SourceFile> {
    embedded::EMBEDDED
        .iter()
        .map(|(name, text)| SourceFile {
            name: format!("content/{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Every `*.toml` file directly in `dir`, sorted by name.
pub fn folder_files(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let rd = fs::read_dir(dir)
        .map_err(|e| format!("cannot read content folder {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let text =
                String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", p.display()))?;
            Ok(SourceFile {
                name: p.display().to_string(),
                text,
            })
        })
        .collect()
}

/// Checks the files and builds the content, or returns every problem.
pub fn load(files: &[SourceFile]) -> Result<Content, Vec<Diagnostic>> {
    check::load(files)
}

/// The embedded content. It is checked by the test suite, so a failure here
/// means a build from a broken tree.
pub fn load_embedded() -> Result<Content, Vec<Diagnostic>> {
    load(&embedded_files())
}

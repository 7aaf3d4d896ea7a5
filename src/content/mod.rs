//! Content: the TOML files under `content/`, embedded at build time or read
//! from a folder, checked, and turned into the model the engine uses.

mod check;
pub mod diag;
mod model;
pub mod raw;
mod ui_keys;

use std::fs;
use std::io::Read;
use std::path::Path;

pub use diag::{Diagnostic, SourceFile};
pub use model::*;
pub use ui_keys::UI_KEYS;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

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

/// The largest content file read. The biggest built-in file is about
/// 100 KB; anything past this is a mistake (a log or a database saved under
/// the wrong name), refused before it is parsed or quoted in a message.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

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
    paths.iter().map(|p| read_file(p)).collect()
}

/// One content file: at most `MAX_FILE_BYTES`, UTF-8 text.
fn read_file(p: &Path) -> Result<SourceFile, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", p.display());
    let mut bytes = Vec::new();
    fs::File::open(p)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = fs::metadata(p).map_or(bytes.len() as u64, |m| m.len());
        return Err(format!(
            "{}: file is too large ({:.1} MB); content files are at most {} MB",
            p.display(),
            size as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            name: p.display().to_string(),
            text,
        }),
        Err(e) => {
            // Point at the first bad byte, as for any other problem.
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let before = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Err(format!(
                "{}:{line}:{column}: not UTF-8 text (byte 0x{:02X}); save the file as UTF-8",
                p.display(),
                bytes[good]
            ))
        }
    }
}

/// Checks each file and what they define together (ids, references,
/// texts, conditions) and builds the content, or returns every problem.
/// The flow as a whole (paths) is audited by `flow::audit`; `crate::load`
/// does both.
pub fn parse(files: &[SourceFile]) -> Result<Content, Vec<Diagnostic>> {
    check::load(files)
}

//! Content: the TOML files under `content/` or a folder, checked, and
//! turned into the model the engine uses. Pure apart from reading a
//! folder: build.rs compiles it too (see `embed`).

mod check;
pub mod diag;
mod model;
pub mod raw;
pub mod strings;
mod ui_keys;

use std::fs;
use std::io::Read;
use std::path::Path;

pub use diag::{Diagnostic, SourceFile};
pub use model::*;
pub use ui_keys::UI_KEYS;

/// The questions and options `route` always accepts, whatever the content.
pub const STABLE_QUESTIONS: &[(&str, &[&str])] = &[
    ("insurance", &["employee", "resident"]),
    ("scope", &["cross-province", "within-province"]),
    ("channel", &["online", "offline"]),
    ("reason", &["job", "hukou", "family", "retirement", "other"]),
];

/// The largest content file read. The biggest built-in file is about
/// 100 KB; anything past this is a mistake (a log or a database saved under
/// the wrong name), refused before it is parsed or quoted in a message.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The folder inside a content folder that holds one file per province.
pub const REGIONS_FOLDER: &str = "regions";

/// Every `*.toml` file directly in `dir`, sorted by name, then those in its
/// `regions/` folder (one per province), if it has one. A `*.toml` entry
/// that is not a file to read (a folder, a FIFO, a link to nothing) is an
/// error, not skipped: the content would silently lack that file.
pub fn folder_files(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let mut files = toml_files(dir)?;
    let regions = dir.join(REGIONS_FOLDER);
    if fs::symlink_metadata(&regions).is_ok_and(|m| m.is_dir()) {
        files.extend(toml_files(&regions)?);
    }
    Ok(files)
}

/// Where a file that [`folder_files`] read from `dir` sits inside it:
/// `name.toml`, or `regions/name.toml`.
pub fn relative_name(dir: &Path, f: &SourceFile) -> std::path::PathBuf {
    let path = Path::new(&f.name);
    match path.strip_prefix(dir) {
        Ok(rel) => rel.to_owned(),
        Err(_) => path.file_name().map_or_else(|| path.to_owned(), Into::into),
    }
}

fn toml_files(dir: &Path) -> Result<Vec<SourceFile>, String> {
    let rd = fs::read_dir(dir)
        .map_err(|e| format!("cannot read content folder {}: {e}", dir.display()))?;
    let mut paths: Vec<_> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    for p in &paths {
        match fs::metadata(p) {
            Ok(m) if m.is_file() => {}
            Ok(m) => {
                let kind = if m.is_dir() {
                    "a folder"
                } else {
                    "not a regular file"
                };
                return Err(format!(
                    "{}: {kind}, not a content file; remove it or rename it so that it does not end in .toml",
                    p.display()
                ));
            }
            Err(e) => return Err(format!("cannot read {}: {e}", p.display())),
        }
    }
    paths.iter().map(|p| read_file(p)).collect()
}

/// One content file: at most `MAX_FILE_BYTES`, UTF-8 text.
fn read_file(p: &Path) -> Result<SourceFile, String> {
    let cannot = |e: std::io::Error| format!("cannot read {}: {e}", p.display());
    let mut bytes = Vec::new();
    // Opened without waiting (a FIFO put in its place is not waited on).
    #[cfg(unix)]
    let f = {
        use std::os::unix::fs::OpenOptionsExt;
        fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(p)
    };
    #[cfg(not(unix))]
    let f = fs::File::open(p);
    let f = f.map_err(cannot)?;
    if !f.metadata().map_err(cannot)?.is_file() {
        return Err(format!(
            "{}: not a regular file, not a content file",
            p.display()
        ));
    }
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
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

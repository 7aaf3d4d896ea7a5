//! The command-line face: `route`, `check` and `graph`. Prints what the
//! engine decides; decides nothing itself.

pub mod graph;
pub mod route;

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::content::{self, Content, Diagnostic};
use crate::flow::calendar::Date;

/// Today in China Standard Time (UTC+8, no daylight saving).
pub fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days(((secs + 8 * 3600) / 86_400) as i64)
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
pub fn print(s: &str) -> io::Result<()> {
    write_quietly(&mut io::stdout().lock(), s)
}

/// Writes a message to stderr. Nothing is left to tell when stderr itself
/// is gone (`2>&1 | head`), so that is not an error.
pub fn eprint(s: &str) {
    let _ = write_quietly(&mut io::stderr().lock(), s);
}

fn write_quietly(out: &mut impl Write, s: &str) -> io::Result<()> {
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// Loads content from `dir` or the embedded files.
pub fn load(dir: Option<&std::path::Path>) -> Result<Content, LoadError> {
    let files = match dir {
        Some(d) => content::folder_files(d).map_err(LoadError::Io)?,
        None => content::embedded_files(),
    };
    content::load(&files).map_err(LoadError::Invalid)
}

#[derive(Debug)]
pub enum LoadError {
    Io(String),
    Invalid(Vec<Diagnostic>),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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

/// `check`: exit 0 when the content is clean, 1 with one message per problem.
pub fn check(dir: Option<&std::path::Path>) -> (String, i32) {
    match load(dir) {
        Ok(c) => {
            let walks = crate::flow::walks(&c);
            (
                format!(
                    "ok: {} questions, {} outcomes, {} materials, {} paths, content version {} ({})\n",
                    c.questions.len(),
                    c.outcomes.len(),
                    c.materials.len(),
                    walks.len(),
                    c.meta.version,
                    c.meta.updated
                ),
                0,
            )
        }
        Err(e) => (format!("{e}\n"), 1),
    }
}

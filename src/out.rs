//! What both faces share for the world outside: today's date, writing to
//! stdout and stderr without failing on a closed pipe, and an example
//! command line for help texts and hints.

use std::io::{self, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::calendar::Date;
use crate::content::Content;
use crate::flow::{self, Answers, Next};

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

/// A `route` command line that works on this content: the first option of
/// every question asked, and `--content DIR` when the content came from a
/// folder. Help texts and hints show it, so they follow the content.
pub fn route_example(content: &Content, dir: Option<&Path>) -> String {
    let mut line = String::from("yibao-guide route");
    let mut answers = Answers::new();
    while let Next::Ask(q) = flow::next(content, &answers) {
        let Some(o) = q.options.first() else { break };
        line.push_str(&format!(" {}={}", q.id, o.id));
        answers.insert(q.id.clone(), o.id.clone());
    }
    if let Some(d) = dir {
        line.push_str(&format!(" --content {}", d.display()));
    }
    line
}

fn write_quietly(out: &mut impl Write, s: &str) -> io::Result<()> {
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

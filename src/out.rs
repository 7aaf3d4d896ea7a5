//! What both faces share for the world outside: today's date, and writing
//! to stdout and stderr without failing on a closed pipe.

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::calendar::Date;

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

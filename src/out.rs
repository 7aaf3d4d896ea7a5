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

/// Writes a message to stderr, with hostile characters escaped (see
/// `escape_controls`). Nothing is left to tell when stderr itself is gone
/// (`2>&1 | head`, a closed terminal), so that is not an error.
pub fn eprint(s: &str) {
    let _ = write_quietly(&mut io::stderr().lock(), &escape_controls(s));
}

/// Characters that make a terminal or a printer do something rather than
/// show something: control characters other than line breaks and tabs
/// (ESC starts a command on terminals and ESC/POS printers alike), and the
/// marks that reorder text (bidirectional overrides).
pub fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every hostile character written as `\u{1b}`, so that a message
/// quoting a file or an argument shows its bytes instead of acting on them.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if is_hostile(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_are_shown_not_sent() {
        assert_eq!(escape_controls("a\x1b[2Jb\n\tc"), "a\\u{1b}[2Jb\n\tc");
        assert_eq!(escape_controls("\u{202E}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(escape_controls("\u{9b}"), "\\u{9b}");
        assert_eq!(escape_controls("职工 ok"), "职工 ok");
    }
}

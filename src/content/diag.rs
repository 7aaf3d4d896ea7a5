//! A problem in a content file, located as file:line:column with the line it
//! is on and an underline measured in display columns (Chinese characters
//! take two).

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A content file as read: its name for messages and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
    /// The source line the problem is on.
    pub excerpt: String,
    /// Display columns before the underline, and its width.
    pub underline: (usize, usize),
}

impl Diagnostic {
    /// Locates a byte span of `file`. Spans that fall outside the text or
    /// inside a character are clamped, never a panic.
    pub fn at(file: &SourceFile, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let text = &file.text;
        let mut start = span.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let before = &text[line_start..start];
        let marked = &text[start..end.min(line_end).max(start)];
        let whole = text[line_start..line_end].trim_end_matches('\r');
        let column = before.chars().count() + 1;
        // Bytes that a terminal would act on are shown escaped, in the
        // excerpt as in the message and the file name.
        let escape = crate::out::escape_controls;
        let (excerpt, underline) = clip(&escape(whole), &escape(before), &escape(marked));
        Diagnostic {
            file: escape(&file.name).into_owned(),
            line,
            column,
            message: escape(&message.into()).into_owned(),
            underline,
            excerpt,
        }
    }
}

/// The widest excerpt shown; a longer line is cut around the problem.
const EXCERPT_WIDTH: usize = 120;
/// How much of a long line is kept before the problem.
const EXCERPT_BEFORE: usize = 40;

/// The excerpt of `line` to show and where to underline in it: the whole
/// line when it is short, else a window around `marked` with `...` at the
/// cut ends, so that one very long line never floods the terminal.
fn clip(line: &str, before: &str, marked: &str) -> (String, (usize, usize)) {
    let mark_w = marked.width().max(1);
    if line.width() <= EXCERPT_WIDTH {
        return (line.to_owned(), (before.width(), mark_w));
    }
    // Keep the end of `before` that fits.
    let mut kept_before = String::new();
    let mut w = 0;
    for c in before.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > EXCERPT_BEFORE {
            break;
        }
        w += cw;
        kept_before.insert(0, c);
    }
    let lead = if kept_before.len() < before.len() {
        "..."
    } else {
        ""
    };
    let mut out = format!("{lead}{kept_before}");
    let col = out.width();
    let rest = &line[before.len().min(line.len())..];
    let mut cut = false;
    let mut w = col;
    for c in rest.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > EXCERPT_WIDTH - 3 {
            cut = true;
            break;
        }
        w += cw;
        out.push(c);
    }
    if cut {
        out.push_str("...");
    }
    let room = out.width().saturating_sub(col).max(1);
    (out, (col, mark_w.min(room)))
}

/// Every problem as `check` prints it: each message, then the count.
pub fn report(ds: &[Diagnostic]) -> String {
    let mut out: String = ds.iter().map(|d| format!("error: {d}\n\n")).collect();
    out.push_str(&format!("{} problem(s) found", ds.len()));
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        let num = self.line.to_string();
        let pad = " ".repeat(num.len());
        writeln!(f, "{pad} |")?;
        writeln!(f, "{num} | {}", self.excerpt)?;
        write!(
            f,
            "{pad} | {}{}",
            " ".repeat(self.underline.0),
            "^".repeat(self.underline.1)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_underlines_count_display_width() {
        let f = SourceFile {
            name: "q.toml".into(),
            text: "a = 1\ntitle = { zh = \"职工医保\", en = \"x\" }\n".into(),
        };
        let start = f.text.find("职工").unwrap();
        let d = Diagnostic::at(&f, start..start + "职工".len(), "here");
        assert_eq!((d.line, d.column), (2, 17));
        assert_eq!(d.underline, (16, 4));
        let shown = d.to_string();
        assert!(shown.starts_with("q.toml:2:17: here\n"), "{shown}");
        assert!(shown.ends_with("  |                 ^^^^"), "{shown}");
    }

    #[test]
    fn a_very_long_line_is_cut_around_the_problem() {
        let long = format!("x = \"{}职工{}\"", "a".repeat(5000), "b".repeat(5000));
        let f = SourceFile {
            name: "long.toml".into(),
            text: long.clone(),
        };
        let start = long.find("职工").unwrap();
        let d = Diagnostic::at(&f, start..start + "职工".len(), "here");
        assert_eq!((d.line, d.column), (1, 5006));
        assert!(d.excerpt.width() <= EXCERPT_WIDTH, "{}", d.excerpt.width());
        assert!(d.excerpt.starts_with("...") && d.excerpt.ends_with("..."));
        // The underline still sits under the problem.
        let shown = d.excerpt.as_str();
        let mut w = 0;
        let mut at = None;
        for (i, c) in shown.char_indices() {
            if w == d.underline.0 {
                at = Some(i);
                break;
            }
            w += c.width().unwrap_or(0);
        }
        assert!(shown[at.unwrap()..].starts_with("职工"));
        assert_eq!(d.underline.1, 4);
    }

    #[test]
    fn spans_past_the_end_or_inside_a_character_do_not_panic() {
        let f = SourceFile {
            name: "x".into(),
            text: "职工".into(),
        };
        let d = Diagnostic::at(&f, 1..2, "m");
        assert_eq!((d.line, d.column), (1, 1));
        let d = Diagnostic::at(&f, 50..60, "m");
        assert_eq!(d.line, 1);
    }

    #[test]
    fn hostile_bytes_in_a_file_are_shown_escaped() {
        let f = SourceFile {
            name: "evil\x1b]0;x\x07.toml".into(),
            text: "a = \"\x1b[2J\u{202E}\" x\n".into(),
        };
        let at = f.text.find('x').unwrap();
        let d = Diagnostic::at(&f, at..at + 1, "unknown `\x1b[31m`");
        let shown = d.to_string();
        assert!(
            !shown.contains('\x1b') && !shown.contains('\u{202E}'),
            "{shown:?}"
        );
        assert!(shown.contains("\\u{1b}[2J\\u{202e}"), "{shown}");
        assert!(
            shown.starts_with("evil\\u{1b}]0;x\\u{7}.toml:1:"),
            "{shown}"
        );
        // The underline still sits under the `x`.
        let lines: Vec<&str> = shown.lines().collect();
        let col = lines[3].find('^').unwrap();
        assert_eq!(&lines[2][col..col + 1], "x", "{shown}");
    }
}

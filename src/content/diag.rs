//! A problem in a content file, located as file:line:column with the line it
//! is on and an underline measured in display columns (Chinese characters
//! take two).

use std::fmt;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// A content file as read: its name for messages and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
        let excerpt = text[line_start..line_end].trim_end_matches('\r').to_owned();
        Diagnostic {
            file: file.name.clone(),
            line,
            column: before.chars().count() + 1,
            message: message.into(),
            underline: (before.width(), marked.width().max(1)),
            excerpt,
        }
    }
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
}

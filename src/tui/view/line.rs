//! Paints a line of text, cell by cell, as ratatui's `Line` widget would.
//!
//! The widget splits every span into grapheme clusters and measures each:
//! most of a frame's time once the lines that did not change are kept.
//! The wizard's text is Chinese, ASCII and common punctuation, where every
//! character is a cluster of its own, so a line made only of such
//! characters is painted a character at a time. Any other line (a
//! combining mark, an emoji sequence, a control character, a centred or
//! right-aligned line) goes to the widget, so the cells are always the
//! ones it would paint.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

/// Paints `line` in `r` (its first row), as `frame.render_widget(line, r)`.
pub(crate) fn paint(frame: &mut Frame, line: &Line, r: Rect) {
    if !quick(frame.buffer_mut(), line, r) {
        frame.render_widget(line, r);
    }
}

/// Paints a left-aligned line of characters that are clusters of their
/// own; false, painting nothing, for any other line.
fn quick(buf: &mut Buffer, line: &Line, r: Rect) -> bool {
    if !matches!(line.alignment, None | Some(Alignment::Left)) {
        return false;
    }
    if !line.spans.iter().all(|s| s.content.chars().all(alone)) {
        return false;
    }
    let area = r.intersection(buf.area);
    if area.is_empty() {
        return true;
    }
    let area = Rect { height: 1, ..area };
    // An empty line paints nothing, not even its style.
    if line.spans.iter().all(|s| s.content.is_empty()) {
        return true;
    }
    if line.style != Style::new() {
        fill_style(buf, area, line.style);
    }
    // The cells of the line's row, from its first column.
    let start = usize::from(area.y - buf.area.y) * usize::from(buf.area.width)
        + usize::from(area.x - buf.area.x);
    let cells = &mut buf.content[start..start + usize::from(area.width)];
    let mut x = 0;
    let mut symbol = [0u8; 4];
    for span in &line.spans {
        for c in span.content.chars() {
            let next = x + char_width(c);
            if next > cells.len() {
                return true;
            }
            cells[x]
                .set_symbol(c.encode_utf8(&mut symbol))
                .set_style(span.style);
            // The cell a wide character covers is blank.
            for hidden in &mut cells[x + 1..next] {
                hidden.reset();
            }
            x = next;
        }
    }
    true
}

/// `Buffer::set_style`, a row at a time: sets `style` on every cell of
/// `area` in the buffer.
pub(crate) fn fill_style(buf: &mut Buffer, area: Rect, style: Style) {
    let area = area.intersection(buf.area);
    let (w, x) = (
        usize::from(buf.area.width),
        usize::from(area.x - buf.area.x),
    );
    for y in area.top()..area.bottom() {
        let start = usize::from(y - buf.area.y) * w + x;
        for c in &mut buf.content[start..start + usize::from(area.width)] {
            c.set_style(style);
        }
    }
}

/// The columns a character that is `alone` takes: a Chinese character
/// and printable ASCII without the table.
fn char_width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        2
    } else {
        c.width().unwrap_or(0)
    }
}

/// A character that is a grapheme cluster of its own whatever stands next
/// to it, one or two columns wide: printable ASCII, Latin, Greek, general
/// punctuation, arrows, shapes and symbols, CJK, Hangul syllables and
/// full-width forms. Combining marks, joiners, variation selectors,
/// controls and anything outside these ranges are not.
fn alone(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic() || c == ' ';
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return true;
    }
    let n = u32::from(c);
    let in_range = matches!(n,
        0xA0..=0x2FF
        | 0x370..=0x3FF
        | 0x2010..=0x2027
        | 0x2030..=0x205E
        | 0x2070..=0x2BFF
        | 0x2E80..=0x3029
        | 0x3030..=0x3098
        | 0x309B..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF9D
        | 0xFFA0..=0xFFEE);
    in_range && matches!(c.width(), Some(1 | 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;
    use ratatui::widgets::Widget;

    /// The cells the widget paints and the cells `quick` paints, on a
    /// buffer that already holds text.
    fn both(line: &Line, r: Rect) -> (Buffer, Buffer, bool) {
        let mut under = Buffer::empty(Rect::new(0, 0, 12, 2));
        under.set_string(0, 0, "旧的文字old text", Style::new().fg(Color::Red));
        let mut theirs = under.clone();
        line.clone().render(r, &mut theirs);
        let mut ours = under;
        let took = quick(&mut ours, line, r);
        (theirs, ours, took)
    }

    #[test]
    fn lines_of_plain_text_are_painted_as_the_widget_paints_them() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let texts = [
            "",
            "a",
            "医保",
            "第1步 在手机上提交申请",
            "「地方专区」，选省份：",
            "ab医保cd转移接续很长很长的一行",
            "医保医保医保x",
            "x医保医保医保",
            "→ ✓ ● ○ ■ □ ── │",
            "１２３ＡＢＣ ｱｲｳ",
        ];
        let mut n = 0;
        for (i, a) in texts.iter().enumerate() {
            for b in texts.iter().skip(i) {
                for width in [0, 1, 5, 6, 7, 12] {
                    let line = Line::from(vec![
                        Span::styled(*a, bold),
                        Span::raw(*b),
                        Span::styled("末", Style::new().fg(Color::Cyan)),
                    ])
                    .style(Style::new().bg(Color::Blue));
                    let (theirs, ours, took) = both(&line, Rect::new(0, 0, width, 1));
                    assert!(took, "{a:?} {b:?}");
                    assert_eq!(theirs, ours, "{a:?} + {b:?} in {width} columns");
                    n += 1;
                }
            }
        }
        assert!(n > 300);
    }

    #[test]
    fn other_lines_are_left_to_the_widget() {
        for text in [
            "e\u{301}",
            "👍🏽",
            "a\u{200d}b",
            "☂\u{fe0f}",
            "ｶﾞ",
            "tab\there",
        ] {
            let line = Line::from(text);
            let (_, ours, took) = both(&line, Rect::new(0, 0, 12, 1));
            assert!(!took, "{text:?}");
            let (theirs, _, _) = both(&Line::default(), Rect::new(0, 0, 0, 0));
            assert_eq!(ours, theirs, "{text:?}: nothing painted");
        }
        let centred = Line::from("医保").alignment(Alignment::Center);
        assert!(!both(&centred, Rect::new(0, 0, 12, 1)).2);
    }
}

//! The terminal as the loop draws on it. A frame goes out in one write:
//! ratatui's crossterm backend flushes after showing and moving the
//! cursor, which on the line-buffered stdout made several writes of 1 KB
//! or less per frame. And the window size is the one the last resize
//! reported, not asked of the terminal on every frame (which opened
//! `/dev/tty` each time).

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::{cursor, queue, terminal};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Frame, Terminal};
use unicode_width::UnicodeWidthStr;

/// Standard output without the standard library's line buffer, which
/// would split a frame at its last newline and at every 1 KB.
#[derive(Debug, Default)]
pub struct Stdout;

impl Write for Stdout {
    /// Once the terminal is given back, nothing more goes to it (a frame
    /// a panic left half made, say).
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        use std::os::fd::FromRawFd;
        if !super::TAKEN.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(bytes.len());
        }
        // SAFETY: fd 1 stays open for the whole program; ManuallyDrop
        // keeps this handle from closing it.
        let mut out = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });
        out.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A frame's bytes, held until it is flushed, then written to `sink` in
/// one `write_all`.
#[derive(Debug, Default)]
pub struct FrameOut<W: Write> {
    buf: Vec<u8>,
    sink: W,
}

impl<W: Write> Write for FrameOut<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    /// Sends what is held, and forgets it even when the write fails (the
    /// next frame is drawn whole after a wipe anyway).
    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let result = self.sink.write_all(&self.buf);
        self.buf.clear();
        result?;
        self.sink.flush()
    }
}

/// Crossterm's backend, with every command queued until the frame ends
/// and the size set from outside.
pub struct FrameBackend<W: Write = Stdout> {
    inner: CrosstermBackend<FrameOut<W>>,
    size: Size,
}

impl<W: Write> FrameBackend<W> {
    pub fn new(sink: W, size: Size) -> FrameBackend<W> {
        FrameBackend {
            inner: CrosstermBackend::new(FrameOut {
                buf: Vec::with_capacity(64 * 1024),
                sink,
            }),
            size,
        }
    }

    /// The window's new size, after a resize.
    pub fn set_size(&mut self, size: Size) {
        self.size = size;
    }
}

/// Commands queued with the frame (`queue!`), written when it ends.
impl<W: Write> Write for FrameBackend<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

/// The window's size from standard output, without opening `/dev/tty`;
/// crossterm's answer (which tries more ways) when that fails.
pub fn window_size() -> Size {
    // SAFETY: TIOCGWINSZ fills the winsize it is given.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    if ok && ws.ws_col > 0 && ws.ws_row > 0 {
        return Size::new(ws.ws_col, ws.ws_row);
    }
    terminal::size().map_or(Size::new(80, 24), |(w, h)| Size::new(w, h))
}

impl<W: Write> Backend for FrameBackend<W> {
    type Error = io::Error;

    /// Queues the cells: a cursor move where a cell does not follow the
    /// one before, the style where it changes (all of it, after a reset),
    /// and the text. Not crossterm's commands: they format every cell's
    /// text through `fmt`, most of a small frame's time.
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let out = cells_out(content);
        self.inner.write_all(&out)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        queue!(self.inner, cursor::Hide)
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        queue!(self.inner, cursor::Show)
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        queue!(self.inner, cursor::MoveTo(p.x, p.y))
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let t = match clear_type {
            ClearType::All => terminal::ClearType::All,
            ClearType::AfterCursor => terminal::ClearType::FromCursorDown,
            ClearType::BeforeCursor => terminal::ClearType::FromCursorUp,
            ClearType::CurrentLine => terminal::ClearType::CurrentLine,
            ClearType::UntilNewLine => terminal::ClearType::UntilNewLine,
        };
        queue!(self.inner, terminal::Clear(t))
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    /// The end of a frame: everything goes out at once.
    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

/// The bytes that show `content`: a cursor move where a cell does not
/// follow the one before, the style where it changes (all of it, after a
/// reset), and the text. Not crossterm's commands: they format every
/// cell's text through `fmt`, most of a small frame's time.
fn cells_out<'a>(content: impl Iterator<Item = (u16, u16, &'a Cell)>) -> Vec<u8> {
    let mut out = Out::default();
    for (x, y, cell) in content {
        out.cell(x, y, cell, symbol_width(cell.symbol()));
    }
    out.finish()
}

/// The bytes of a frame, cell by cell (see `cells_out`).
struct Out {
    bytes: Vec<u8>,
    /// Where the terminal's cursor is after the last cell.
    at: Option<(u16, u16)>,
    /// The style the terminal writes in after the last cell.
    style: Option<(Color, Color, Modifier)>,
}

impl Default for Out {
    fn default() -> Out {
        Out {
            bytes: Vec::with_capacity(4096),
            at: None,
            style: None,
        }
    }
}

impl Out {
    /// Adds `cell` at (`x`, `y`); its symbol is `width` columns wide.
    fn cell(&mut self, x: u16, y: u16, cell: &Cell, width: usize) {
        let out = &mut self.bytes;
        if self.at != Some((x, y)) {
            out.extend_from_slice(b"\x1b[");
            push_number(out, y + 1);
            out.push(b';');
            push_number(out, x + 1);
            out.push(b'H');
        }
        let look = (cell.fg, cell.bg, cell.modifier);
        if self.style != Some(look) {
            push_style(out, look);
            self.style = Some(look);
        }
        match cell.symbol().as_bytes() {
            [c] => out.push(*c),
            symbol => out.extend_from_slice(symbol),
        }
        self.at = Some((x + width as u16, y));
    }

    /// The bytes, the style reset at the end.
    fn finish(mut self) -> Vec<u8> {
        if self.style.is_some() {
            self.bytes.extend_from_slice(b"\x1b[0m");
        }
        self.bytes
    }
}

/// The screen the loop draws on: each frame is painted, the lines the
/// screen already shows left as they are (`view::keep`), and only the
/// cells that differ from the screen go out.
///
/// Not `Terminal::draw`: it clears the whole buffer, paints every line,
/// and compares all cells of both frames, measuring the width of each:
/// most of a key's time at 200x60 (12,000 cells, nearly all of them the
/// same as before). Here a kept line costs nothing: its cells are neither
/// cleared, painted, copied nor compared. Every other cell is looked at
/// once after painting: compared with the screen, sent and recorded if it
/// differs, and blanked for the next frame while it is at hand (a
/// separate pass to clear them would fetch them all from memory again).
/// A width is measured only where a wide character is.
pub struct Frames<W: Write = Stdout> {
    term: Terminal<FrameBackend<W>>,
    /// What the terminal shows now.
    shown: Buffer,
    /// The screen was cleared since the last frame: none of `shown` is on
    /// it.
    cleared: bool,
    /// The style every cell of a frame starts in.
    base: Style,
    /// Every cell of the painted buffer must be cleared before the next
    /// frame (a new size, a new base style).
    stale: bool,
    /// Where a kept area starts, the column after it ends (0: none), cell
    /// by cell; all 0 between frames.
    skip_to: Vec<u16>,
    /// The bytes of the last frame, kept for the room they have.
    bytes: Vec<u8>,
}

impl<W: Write> Frames<W> {
    pub fn new(backend: FrameBackend<W>) -> io::Result<Frames<W>> {
        let term = Terminal::new(backend)?;
        Ok(Frames {
            term,
            shown: Buffer::default(),
            cleared: true,
            base: Style::new(),
            stale: true,
            skip_to: Vec::new(),
            bytes: Vec::new(),
        })
    }

    pub fn backend_mut(&mut self) -> &mut FrameBackend<W> {
        self.term.backend_mut()
    }

    /// The terminal was cleared: the next frame sends every cell that is
    /// not blank.
    pub fn forget(&mut self) {
        self.shown.reset();
        self.cleared = true;
    }

    /// The size frames are painted at: the last one set.
    pub fn area(&self) -> Rect {
        let s = self.term.backend().size;
        Rect::new(0, 0, s.width, s.height)
    }

    /// Paints a frame with `paint`, and sends what changed, the cursor
    /// with it, in one write. Every cell starts blank in the `base` style.
    /// `paint` is given the screen as it is (`None` when it was cleared, so
    /// nothing of it is left) and returns where the cursor goes (`None`
    /// hides it) and the areas it left as the screen shows them: it paints
    /// nothing in them, and they are not compared. A new window size
    /// clears the screen first and sends the frame whole.
    pub fn draw(
        &mut self,
        base: Style,
        paint: impl FnOnce(&mut Frame, Option<&Buffer>) -> (Option<Position>, Vec<Rect>),
    ) -> io::Result<()> {
        // Clears the screen (queued) when the size changed.
        self.term.autoresize()?;
        let area = self.term.get_frame().area();
        if self.shown.area != area {
            self.shown = Buffer::empty(area);
            self.cleared = true;
            self.stale = true;
        }
        if self.skip_to.len() != self.shown.content.len() {
            self.skip_to = vec![0; self.shown.content.len()];
        }
        // Every cell of the buffer is blank in `base` from the last frame
        // (see `diff`), unless the size or the base changed.
        let buf = self.term.current_buffer_mut();
        if std::mem::take(&mut self.stale) || base != self.base {
            buf.reset();
            if base != Style::new() {
                buf.set_style(area, base);
            }
            self.base = base;
        }
        let screen = (!std::mem::take(&mut self.cleared)).then_some(&self.shown);
        let (cursor, kept) = paint(&mut self.term.get_frame(), screen);
        let next = self.term.current_buffer_mut();
        // A kept line is left alone: a cell painted in one would not be
        // sent, and would not be cleared before the next frame.
        #[cfg(debug_assertions)]
        {
            let clean = blank(base);
            for r in &kept {
                for p in r.intersection(area).positions() {
                    debug_assert!(next[p] == clean, "painted in a kept line at {p:?}");
                }
            }
        }
        // What goes out is what the screen shows from now on.
        mark(&mut self.skip_to, area, &kept, true);
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        let mut out = Out {
            bytes,
            at: None,
            style: None,
        };
        diff(
            &mut self.shown,
            next,
            &self.skip_to,
            &blank(base),
            |x, y, cell, width| out.cell(x, y, cell, width),
        );
        mark(&mut self.skip_to, area, &kept, false);
        let out = out.finish();
        let backend = self.term.backend_mut();
        backend.inner.write_all(&out)?;
        self.bytes = out;
        match cursor {
            Some(at) => {
                backend.show_cursor()?;
                backend.set_cursor_position(at)?;
            }
            None => backend.hide_cursor()?,
        }
        Backend::flush(backend)
    }
}

/// A cell as every frame starts: blank, in `base`.
fn blank(base: Style) -> Cell {
    let mut c = Cell::EMPTY;
    c.set_style(base);
    c
}

/// Marks where each of `kept` starts on each of its rows in `skip_to`
/// (`on`), or unmarks it.
fn mark(skip_to: &mut [u16], area: Rect, kept: &[Rect], on: bool) {
    let w = usize::from(area.width);
    for r in kept {
        let r = r.intersection(area);
        for y in r.top()..r.bottom() {
            let i = usize::from(y - area.y) * w + usize::from(r.x - area.x);
            skip_to[i] = if on {
                skip_to[i].max(r.right() - area.x)
            } else {
                0
            };
        }
    }
}

/// The cells of `next` that differ from `prev` (two frames of one size),
/// with their positions: what must be sent for the screen to show `next`.
/// The cells of `kept` are the same in both and not looked at.
///
/// A wide character covers the cell after it: that cell is never sent on
/// its own (it would cut the character in half). Where a wide character
/// gives way to a narrow one, the cells it covered are sent too, since the
/// terminal blanked them when the narrow one was written.
pub fn changes(prev: &Buffer, next: &Buffer, kept: &[Rect]) -> Vec<(u16, u16, Cell)> {
    let area = next.area;
    if area.width == 0 || prev.area != area {
        return Vec::new();
    }
    let mut skip_to = vec![0u16; next.content.len()];
    mark(&mut skip_to, area, kept, true);
    let mut out = Vec::new();
    diff(
        &mut prev.clone(),
        &mut next.clone(),
        &skip_to,
        &Cell::EMPTY,
        |x, y, cell, _| out.push((x, y, cell.clone())),
    );
    out
}

/// `changes`, with the kept areas marked in `skip_to` (see `mark`): calls
/// `sent` with each cell to send, its position and its width, and copies
/// it into `shown` (with the cell a wide character covers), so that
/// `shown` is `next` outside the kept areas afterwards. Every cell of
/// `next` it looks at (all outside the kept areas) is `blank` after.
fn diff(
    shown: &mut Buffer,
    next: &mut Buffer,
    skip_to: &[u16],
    blank: &Cell,
    mut sent: impl FnMut(u16, u16, &Cell, usize),
) {
    let area = next.area;
    let w = usize::from(area.width);
    if w == 0 || shown.area != area {
        return;
    }
    for (y, (p_row, n_row)) in shown
        .content
        .chunks_exact_mut(w)
        .zip(next.content.chunks_exact_mut(w))
        .enumerate()
    {
        let skip = &skip_to[y * w..(y + 1) * w];
        let y = area.y + y as u16;
        let mut x = 0;
        // Cells to send whatever they hold: those a wide character covered.
        let mut forced_to = 0;
        while x < w {
            let to = usize::from(skip[x]);
            if x >= forced_to && to > x {
                x = to;
                continue;
            }
            let n = &n_row[x];
            let n_width = symbol_width(n.symbol());
            // With the cell a wide character covers.
            let k = n_width.max(1).min(w - x);
            if x < forced_to || !same(&p_row[x], n) {
                // A wide character the same as before is not sent, and the
                // cell it covers is not looked at.
                let p_width = symbol_width(p_row[x].symbol());
                if p_width > n_width {
                    forced_to = forced_to.max(x + p_width);
                }
                sent(area.x + x as u16, y, n, n_width);
                if k == 1 {
                    p_row[x].clone_from(n);
                } else {
                    p_row[x..x + k].clone_from_slice(&n_row[x..x + k]);
                }
            }
            for c in &mut n_row[x..x + k] {
                c.clone_from(blank);
            }
            x += n_width.max(1);
        }
    }
}

/// The SGR sequence for a cell's look: a reset, then its attributes and
/// colours.
fn push_style(out: &mut Vec<u8>, (fg, bg, modifier): (Color, Color, Modifier)) {
    out.extend_from_slice(b"\x1b[0");
    const CODES: [(Modifier, u8); 9] = [
        (Modifier::BOLD, b'1'),
        (Modifier::DIM, b'2'),
        (Modifier::ITALIC, b'3'),
        (Modifier::UNDERLINED, b'4'),
        (Modifier::SLOW_BLINK, b'5'),
        (Modifier::RAPID_BLINK, b'6'),
        (Modifier::REVERSED, b'7'),
        (Modifier::HIDDEN, b'8'),
        (Modifier::CROSSED_OUT, b'9'),
    ];
    for (m, code) in CODES {
        if modifier.contains(m) {
            out.extend_from_slice(&[b';', code]);
        }
    }
    push_color(out, b"38", fg);
    push_color(out, b"48", bg);
    out.push(b'm');
}

/// `;38;5;N` or `;38;2;R;G;B` (48 for the background); nothing for the
/// terminal's own colour.
fn push_color(out: &mut Vec<u8>, layer: &[u8], c: Color) {
    let index = match c {
        Color::Reset => return,
        Color::Rgb(r, g, b) => {
            out.push(b';');
            out.extend_from_slice(layer);
            out.extend_from_slice(b";2");
            for v in [r, g, b] {
                out.push(b';');
                push_number(out, u16::from(v));
            }
            return;
        }
        Color::Indexed(i) => i,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    out.push(b';');
    out.extend_from_slice(layer);
    out.extend_from_slice(b";5;");
    push_number(out, u16::from(index));
}

fn push_number(out: &mut Vec<u8>, n: u16) {
    let mut digits = [0u8; 5];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Two cells look the same on screen.
fn same(a: &Cell, b: &Cell) -> bool {
    if a.fg != b.fg || a.bg != b.bg || a.modifier != b.modifier {
        return false;
    }
    let (s, t) = (a.symbol().as_bytes(), b.symbol().as_bytes());
    // Most cells hold one ASCII byte: no call to compare them.
    match (s, t) {
        ([c], [d]) => c == d,
        _ => s == t,
    }
}

/// How many columns a cell's symbol takes: one for every ASCII symbol,
/// measured only for the others.
fn symbol_width(s: &str) -> usize {
    match s.as_bytes() {
        [_] => 1,
        // A Chinese character alone (U+4E00 to U+9FFF, E4 B8 80 to
        // E9 BF BF in UTF-8): two columns, without the table.
        [0xE4, 0xB8..=0xBF, _] | [0xE5..=0xE9, _, _] => 2,
        _ => s.width(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::layout::Rect;
    use ratatui::widgets::Paragraph;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Every write the terminal gets, one entry each.
    #[derive(Clone, Default)]
    struct Writes(Rc<RefCell<Vec<Vec<u8>>>>);

    impl Write for Writes {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(bytes.to_vec());
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn frame(t: &mut Terminal<FrameBackend<Writes>>, text: &str) {
        t.draw(|f| {
            f.render_widget(
                Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }),
                f.area(),
            );
            f.set_cursor_position((2, 1));
        })
        .unwrap();
    }

    #[test]
    fn each_frame_goes_out_in_one_write() {
        let writes = Writes::default();
        let mut t = Terminal::new(FrameBackend::new(writes.clone(), Size::new(200, 60))).unwrap();
        let page = "医保 medical insurance ".repeat(600);
        frame(&mut t, &page);
        {
            let w = writes.0.borrow();
            assert_eq!(w.len(), 1, "a full 200x60 frame in one write");
            let text = String::from_utf8_lossy(&w[0]);
            assert!(w[0].len() > 12_000, "{}", w[0].len());
            assert!(text.contains("insurance"));
            // The cursor is shown and placed in the same write.
            assert!(
                text.ends_with("\x1b[?25h\x1b[2;3H"),
                "{:?}",
                &text[text.len() - 40..]
            );
        }
        frame(&mut t, &page.replacen("medical", "MEDICAL", 1));
        assert_eq!(writes.0.borrow().len(), 2, "a changed cell: one more write");
        assert!(writes.0.borrow()[1].len() < 200);
    }

    #[test]
    fn the_size_is_the_one_set_and_a_new_one_clears_and_draws_all_in_one_write() {
        let writes = Writes::default();
        let mut t = Terminal::new(FrameBackend::new(writes.clone(), Size::new(30, 4))).unwrap();
        frame(&mut t, "insurance");
        assert_eq!(t.get_frame().area(), Rect::new(0, 0, 30, 4));
        t.backend_mut().set_size(Size::new(12, 3));
        frame(&mut t, "insurance");
        assert_eq!(t.get_frame().area(), Rect::new(0, 0, 12, 3));
        let w = writes.0.borrow();
        assert_eq!(w.len(), 2);
        let text = String::from_utf8_lossy(&w[1]);
        assert!(text.starts_with("\x1b[2J"), "cleared first: {text:?}");
        assert!(text.contains("insurance"), "then drawn whole: {text:?}");
    }

    #[test]
    fn commands_queued_before_the_first_frame_go_out_in_its_one_write_first() {
        use ratatui::crossterm::terminal::EnterAlternateScreen;
        let writes = Writes::default();
        let mut b = FrameBackend::new(writes.clone(), Size::new(20, 3));
        queue!(b, EnterAlternateScreen).unwrap();
        assert!(
            writes.0.borrow().is_empty(),
            "nothing written before the frame"
        );
        let mut t = Terminal::new(b).unwrap();
        frame(&mut t, "insurance");
        let w = writes.0.borrow();
        assert_eq!(w.len(), 1, "the switch and the frame in one write");
        let text = String::from_utf8_lossy(&w[0]);
        assert!(
            text.starts_with("\x1b[?1049h"),
            "the switch first: {text:?}"
        );
        assert!(text.contains("insurance"), "{text:?}");
    }

    fn row(text: &str) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 6, 1));
        b.set_string(0, 0, text, ratatui::style::Style::new());
        b
    }

    fn sent(prev: &Buffer, next: &Buffer, kept: &[Rect]) -> Vec<(u16, String)> {
        changes(prev, next, kept)
            .into_iter()
            .map(|(x, _, c)| (x, c.symbol().to_owned()))
            .collect()
    }

    #[test]
    fn only_the_cells_that_differ_are_sent() {
        assert_eq!(sent(&row("abcdef"), &row("abXdef"), &[]), [(2, "X".into())]);
        assert!(sent(&row("医保ab"), &row("医保ab"), &[]).is_empty());
    }

    #[test]
    fn a_wide_character_is_sent_whole_and_what_it_covered_is_sent_when_it_goes() {
        // The cell a wide character covers is never sent on its own.
        assert_eq!(sent(&row("ab"), &row("医"), &[]), [(0, "医".into())]);
        // A narrow one where a wide one was: the covered cell is sent too,
        // though both frames hold a blank there.
        assert_eq!(
            sent(&row("医"), &row("a"), &[]),
            [(0, "a".into()), (1, " ".into())]
        );
    }

    #[test]
    fn a_symbol_is_as_wide_as_the_terminal_draws_it() {
        for s in [
            "a", " ", "医", "保", "鿿", "一", "。", "ｱ", "Ａ", "→", "é", "👍",
        ] {
            assert_eq!(symbol_width(s), s.width(), "{s:?}");
        }
    }

    #[test]
    fn kept_cells_are_not_looked_at() {
        let kept = [Rect::new(2, 0, 2, 1)];
        assert_eq!(
            sent(&row("abcdef"), &row("XbYZeW"), &kept),
            [(0, "X".into()), (5, "W".into())]
        );
    }
}

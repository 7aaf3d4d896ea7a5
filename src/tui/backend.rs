//! The terminal as the loop draws on it. A frame goes out in one write:
//! ratatui's crossterm backend flushes after showing and moving the
//! cursor, which on the line-buffered stdout made several writes of 1 KB
//! or less per frame. And the window size is the one the last resize
//! reported, not asked of the terminal on every frame (which opened
//! `/dev/tty` each time).

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::{cursor, queue, terminal};
use ratatui::layout::{Position, Size};

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

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // Queues only.
        self.inner.draw(content)
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
}

//! The bytes a terminal sends, turned into key and mouse events, holding at
//! most a few bytes of an unfinished sequence.
//!
//! The wizard reads its input here rather than through crossterm's reader,
//! whose bracketed-paste parser waits without limit for the end of a paste:
//! Alt+[ then `200~` (ESC [ 2 0 0 ~) made every later key and tap part of a
//! paste that never ended, the operator exit included. Here no sequence is
//! longer than `MAX_SEQUENCE` bytes, a paste marker is a sequence like any
//! other (and ignored), and the caller flushes what is held once the input
//! has been quiet for a moment, so a lone Esc is a key and a broken
//! sequence is dropped. Keys come out as crossterm would make them, so that
//! `input::key_name` and the operator exit read the same names.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// The longest escape sequence held; a longer one is broken and dropped.
pub const MAX_SEQUENCE: usize = 64;

#[derive(Debug, Default)]
pub struct Decoder {
    held: Vec<u8>,
}

/// What the front of the buffer holds.
enum Parsed {
    /// `n` bytes make one event, or nothing worth reporting.
    Done(usize, Option<Event>),
    /// The start of a sequence or a character: wait for more.
    Wait,
}

use Parsed::{Done, Wait};

impl Decoder {
    /// Adds bytes read from the terminal and returns the events they end.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.held.extend_from_slice(bytes);
        self.drain(false)
    }

    /// Whether part of a sequence is held, waiting for the rest.
    pub fn pending(&self) -> bool {
        !self.held.is_empty()
    }

    /// The input was quiet: what is held is all there is (a lone Esc is
    /// the Esc key, an unfinished sequence is dropped).
    pub fn flush(&mut self) -> Vec<Event> {
        self.drain(true)
    }

    /// How many bytes are held (for tests of the bound).
    pub fn held(&self) -> usize {
        self.held.len()
    }

    fn drain(&mut self, end: bool) -> Vec<Event> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.held.len() {
            match parse(&self.held[i..], end) {
                Done(n, ev) => {
                    out.extend(ev);
                    i += n.max(1);
                }
                Wait => break,
            }
        }
        self.held.drain(..i);
        out
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<Event> {
    Some(Event::Key(KeyEvent::new(code, modifiers)))
}

fn parse(b: &[u8], end: bool) -> Parsed {
    if b[0] != 0x1b {
        return plain(b, end);
    }
    match b.get(1) {
        None if end => Done(1, key(KeyCode::Esc, KeyModifiers::NONE)),
        None => Wait,
        Some(b'[') => csi(b, end),
        Some(b'O') => ss3(b, end),
        // Esc pressed twice: the first is a key of its own.
        Some(0x1b) => Done(1, key(KeyCode::Esc, KeyModifiers::NONE)),
        // Alt and a key: ESC, then the key.
        Some(_) => match plain(&b[1..], end) {
            Done(n, Some(Event::Key(mut k))) => {
                k.modifiers |= KeyModifiers::ALT;
                Done(n + 1, Some(Event::Key(k)))
            }
            Done(n, other) => Done(n + 1, other),
            Wait => Wait,
        },
    }
}

/// A byte or a UTF-8 character that is not part of an escape sequence.
fn plain(b: &[u8], end: bool) -> Parsed {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let ev = match b[0] {
        b'\r' => key(KeyCode::Enter, none),
        b'\t' => key(KeyCode::Tab, none),
        0x7f => key(KeyCode::Backspace, none),
        c @ 0x01..=0x1a => key(KeyCode::Char((c - 0x01 + b'a') as char), ctrl),
        c @ 0x1c..=0x1f => key(KeyCode::Char((c - 0x1c + b'4') as char), ctrl),
        0x00 => key(KeyCode::Char(' '), ctrl),
        c if c < 0x80 => {
            let ch = c as char;
            let m = if ch.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                none
            };
            key(KeyCode::Char(ch), m)
        }
        c => {
            let len = match c {
                0xc2..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf4 => 4,
                // Not the first byte of a character: drop it.
                _ => return Done(1, None),
            };
            if b.len() < len {
                // Only continuation bytes can follow; anything else ends it.
                if b[1..].iter().all(|x| x & 0xc0 == 0x80) && !end {
                    return Wait;
                }
                return Done(1, None);
            }
            return match std::str::from_utf8(&b[..len]) {
                Ok(s) => {
                    let ch = s.chars().next().unwrap_or(' ');
                    let m = if ch.is_uppercase() {
                        KeyModifiers::SHIFT
                    } else {
                        none
                    };
                    Done(len, key(KeyCode::Char(ch), m))
                }
                Err(_) => Done(1, None),
            };
        }
    };
    Done(1, ev)
}

/// ESC O and one byte: arrows, Home, End and F1-F4 on some terminals.
fn ss3(b: &[u8], end: bool) -> Parsed {
    let Some(&c) = b.get(2) else {
        return if end {
            Done(
                2,
                key(KeyCode::Char('O'), KeyModifiers::ALT | KeyModifiers::SHIFT),
            )
        } else {
            Wait
        };
    };
    let code = match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + c - b'P'),
        // Alt+Shift+O, then whatever came next.
        _ => {
            return Done(
                2,
                key(KeyCode::Char('O'), KeyModifiers::ALT | KeyModifiers::SHIFT),
            );
        }
    };
    Done(3, key(code, KeyModifiers::NONE))
}

/// ESC [ parameters intermediates final.
fn csi(b: &[u8], end: bool) -> Parsed {
    // X10 mouse: ESC [ M and three bytes, each 32 more than its value.
    if b.get(2) == Some(&b'M') {
        if b.len() < 6 {
            return if end { Done(b.len(), None) } else { Wait };
        }
        let (cb, x, y) = (
            u16::from(b[3]).saturating_sub(32),
            u16::from(b[4]).saturating_sub(33),
            u16::from(b[5]).saturating_sub(33),
        );
        return Done(6, mouse(cb, x, y, true));
    }
    let mut i = 2;
    loop {
        let Some(&c) = b.get(i) else {
            // Unfinished: wait, unless it is already too long or the
            // input has gone quiet.
            return if end || b.len() >= MAX_SEQUENCE {
                Done(b.len(), None)
            } else {
                Wait
            };
        };
        match c {
            0x20..=0x3f => {}
            0x40..=0x7e => break,
            // A byte that cannot be in a sequence: the sequence was
            // broken; drop it and read on from this byte.
            _ => return Done(i, None),
        }
        i += 1;
        if i >= MAX_SEQUENCE {
            return Done(i, None);
        }
    }
    let fin = b[i];
    let body = &b[2..i];
    Done(i + 1, csi_event(body, fin))
}

/// Numbers separated by `;`, each at most `u16::MAX`.
fn numbers(s: &[u8]) -> Vec<u16> {
    s.split(|c| *c == b';')
        .map(|p| {
            p.iter().filter(|c| c.is_ascii_digit()).fold(0u16, |n, c| {
                n.saturating_mul(10).saturating_add(u16::from(c - b'0'))
            })
        })
        .collect()
}

/// The modifiers of xterm's `1;m` form: m - 1 is shift 1, alt 2, ctrl 4.
fn modifiers(m: Option<&u16>) -> KeyModifiers {
    let bits = m.map_or(0, |m| m.saturating_sub(1));
    held(bits & 1 != 0, bits & 2 != 0, bits & 4 != 0)
}

fn held(shift: bool, alt: bool, ctrl: bool) -> KeyModifiers {
    let mut out = KeyModifiers::NONE;
    for (on, m) in [
        (shift, KeyModifiers::SHIFT),
        (alt, KeyModifiers::ALT),
        (ctrl, KeyModifiers::CONTROL),
    ] {
        if on {
            out |= m;
        }
    }
    out
}

fn csi_event(body: &[u8], fin: u8) -> Option<Event> {
    if let Some(rest) = body.strip_prefix(b"<") {
        // SGR mouse: ESC [ < b ; x ; y M (press) or m (release).
        let n = numbers(rest);
        if n.len() != 3 || !matches!(fin, b'M' | b'm') {
            return None;
        }
        return mouse(
            n[0],
            n[1].saturating_sub(1),
            n[2].saturating_sub(1),
            fin == b'M',
        );
    }
    if body
        .first()
        .is_some_and(|c| !c.is_ascii_digit() && *c != b';')
    {
        // Private replies (ESC [ ? ...) and the like: not a person.
        return None;
    }
    let n = numbers(body);
    let code = match fin {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        // Without modifiers, ESC [ R is a cursor position report.
        b'R' if n.len() == 2 && n[0] == 1 => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        b'Z' => return key(KeyCode::BackTab, KeyModifiers::SHIFT),
        // urxvt mouse: ESC [ b ; x ; y M.
        b'M' if n.len() == 3 => {
            return mouse(
                n[0].saturating_sub(32),
                n[1].saturating_sub(1),
                n[2].saturating_sub(1),
                true,
            );
        }
        b'~' => match n.first().copied().unwrap_or(0) {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            k @ 11..=15 => KeyCode::F((k - 10) as u8),
            k @ 17..=21 => KeyCode::F((k - 11) as u8),
            k @ 23..=26 => KeyCode::F((k - 12) as u8),
            k @ 28..=29 => KeyCode::F((k - 13) as u8),
            k @ 31..=34 => KeyCode::F((k - 14) as u8),
            // Paste markers (200, 201) and anything unknown.
            _ => return None,
        },
        // Focus reports and anything else.
        _ => return None,
    };
    key(code, modifiers(n.get(1)))
}

/// A mouse report: button bits `cb`, 0-based column and row.
fn mouse(cb: u16, column: u16, row: u16, press: bool) -> Option<Event> {
    let button = match cb & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        2 => MouseButton::Right,
        _ => MouseButton::Left,
    };
    let none_held = cb & 3 == 3;
    let kind = if cb & 64 != 0 {
        match cb & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if cb & 32 != 0 {
        if none_held {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if press && !none_held {
        MouseEventKind::Down(button)
    } else {
        MouseEventKind::Up(button)
    };
    Some(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: held(cb & 4 != 0, cb & 8 != 0, cb & 16 != 0),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Vec<Event> {
        let mut d = Decoder::default();
        let mut out = d.feed(bytes);
        out.extend(d.flush());
        out
    }

    fn k(code: KeyCode, m: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, m))
    }

    #[test]
    fn keys_come_out_as_crossterm_names_them() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            all(b"a\rQ\x1b[A\x1bOB\x1b[24~\x1b[1;5C\x7f\t"),
            vec![
                k(KeyCode::Char('a'), none),
                k(KeyCode::Enter, none),
                k(KeyCode::Char('Q'), KeyModifiers::SHIFT),
                k(KeyCode::Up, none),
                k(KeyCode::Down, none),
                k(KeyCode::F(12), none),
                k(KeyCode::Right, KeyModifiers::CONTROL),
                k(KeyCode::Backspace, none),
                k(KeyCode::Tab, none),
            ]
        );
        // Ctrl-Alt-Q, the default operator exit: ESC then Ctrl-Q.
        assert_eq!(
            all(b"\x1b\x11"),
            vec![k(
                KeyCode::Char('q'),
                KeyModifiers::CONTROL | KeyModifiers::ALT
            )]
        );
        assert_eq!(all("职".as_bytes()), vec![k(KeyCode::Char('职'), none)]);
    }

    #[test]
    fn a_lone_esc_waits_for_the_quiet_then_is_the_esc_key() {
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b").is_empty());
        assert!(d.pending());
        assert_eq!(d.flush(), vec![k(KeyCode::Esc, KeyModifiers::NONE)]);
        assert!(!d.pending());
    }

    #[test]
    fn a_paste_that_never_ends_swallows_nothing() {
        let mut d = Decoder::default();
        let mut out = d.feed(b"\x1b[200~");
        out.extend(d.feed(b"1"));
        out.extend(d.feed(b"\x1b\x11"));
        assert_eq!(
            out,
            vec![
                k(KeyCode::Char('1'), KeyModifiers::NONE),
                k(
                    KeyCode::Char('q'),
                    KeyModifiers::CONTROL | KeyModifiers::ALT
                )
            ]
        );
        assert!(!d.pending());
    }

    #[test]
    fn an_endless_sequence_is_dropped_at_the_bound() {
        let mut d = Decoder::default();
        let mut out = d.feed(b"\x1b[");
        for _ in 0..10_000 {
            out.extend(d.feed(b"1;"));
            assert!(d.held() <= MAX_SEQUENCE);
        }
        // Past the bound the rest reads as typed keys; the next key is
        // read as itself.
        assert!(out.len() > 19_000, "{}", out.len());
        assert_eq!(
            d.feed(b"\x1b\x11"),
            vec![k(
                KeyCode::Char('q'),
                KeyModifiers::CONTROL | KeyModifiers::ALT
            )]
        );
        // A broken sequence gives way to the next key at once.
        let mut d = Decoder::default();
        assert_eq!(
            d.feed(b"\x1b[12\x1b\x11"),
            vec![k(
                KeyCode::Char('q'),
                KeyModifiers::CONTROL | KeyModifiers::ALT
            )]
        );
    }

    #[test]
    fn mouse_reports_become_clicks_and_wheel_turns() {
        let e = all(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;1;1M\x1b[M !!");
        let kinds: Vec<_> = e
            .iter()
            .map(|e| match e {
                Event::Mouse(m) => (m.kind, m.column, m.row),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                (MouseEventKind::Down(MouseButton::Left), 9, 4),
                (MouseEventKind::Up(MouseButton::Left), 9, 4),
                (MouseEventKind::ScrollDown, 0, 0),
                (MouseEventKind::Down(MouseButton::Left), 0, 0),
            ]
        );
    }
}

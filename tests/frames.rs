//! What the terminal shows when only the changed cells of a frame are sent
//! and the lines already on screen are kept: the bytes the wizard writes
//! are fed to a terminal emulator (vt100), and after every key its screen
//! must be the frame drawn whole, text and attributes, cell by cell.

mod support;

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode};
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier};
use support::*;
use unicode_width::UnicodeWidthStr;
use yibao_guide::tui::app::{App, Screen};
use yibao_guide::tui::backend::{FrameBackend, Frames};
use yibao_guide::tui::view;

/// Every byte written, in order.
#[derive(Clone, Default)]
struct Bytes(Rc<RefCell<Vec<u8>>>);

impl Write for Bytes {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size above 0")
}

/// The wizard's screen as the loop draws it, and a terminal reading it.
struct Shown {
    frames: Frames<Bytes>,
    bytes: Bytes,
    vt: vt100::Parser,
    /// Bytes of the last frame.
    last: usize,
}

impl Shown {
    fn new(w: u16, h: u16) -> Shown {
        let bytes = Bytes::default();
        let frames = Frames::new(FrameBackend::new(bytes.clone(), Size::new(w, h))).unwrap();
        Shown {
            frames,
            bytes,
            vt: vt100::Parser::new(nz(h), nz(w), 0),
            last: 0,
        }
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.frames.backend_mut().set_size(Size::new(w, h));
        self.vt.screen_mut().set_size(nz(h), nz(w));
    }

    /// Draws as the loop does and lets the terminal read what was sent.
    fn draw(&mut self, app: &mut App) {
        let mut drawn = None;
        self.frames
            .draw(view::base_style(app), |f, screen| {
                let s = view::draw_over(f, app, NOW, screen);
                let out = (Some(s.drawn.cursor), s.drawn.kept.clone());
                drawn = Some(s);
                out
            })
            .unwrap();
        app.shown(drawn.unwrap());
        let sent = std::mem::take(&mut *self.bytes.0.borrow_mut());
        self.last = sent.len();
        self.vt.process(&sent);
    }
}

/// The frame drawn whole on a fresh terminal (the app is not told).
fn whole(app: &App, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| {
        view::draw(f, app, NOW);
    })
    .unwrap();
    term.backend().buffer().clone()
}

fn vt_color(c: Color) -> vt100::Color {
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Black => vt100::Color::Idx(0),
        Color::Red => vt100::Color::Idx(1),
        Color::Green => vt100::Color::Idx(2),
        Color::Yellow => vt100::Color::Idx(3),
        Color::Blue => vt100::Color::Idx(4),
        Color::Magenta => vt100::Color::Idx(5),
        Color::Cyan => vt100::Color::Idx(6),
        Color::Gray => vt100::Color::Idx(7),
        Color::DarkGray => vt100::Color::Idx(8),
        Color::LightRed => vt100::Color::Idx(9),
        Color::LightGreen => vt100::Color::Idx(10),
        Color::LightYellow => vt100::Color::Idx(11),
        Color::LightBlue => vt100::Color::Idx(12),
        Color::LightMagenta => vt100::Color::Idx(13),
        Color::LightCyan => vt100::Color::Idx(14),
        Color::White => vt100::Color::Idx(15),
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
    }
}

/// The first cell where the terminal does not show the whole frame.
fn first_difference(vt: &vt100::Screen, want: &Buffer) -> Option<String> {
    let a = want.area;
    for y in a.top()..a.bottom() {
        let mut x = a.left();
        while x < a.right() {
            let c = &want[(x, y)];
            let Some(got) = vt.cell(y, x) else {
                return Some(format!("({x},{y}): no cell"));
            };
            let sym = c.symbol();
            let text_ok = got.contents() == sym || (sym == " " && got.contents().is_empty());
            let bold = c.modifier.contains(Modifier::BOLD);
            let inverse = c.modifier.contains(Modifier::REVERSED);
            let underline = c.modifier.contains(Modifier::UNDERLINED);
            // A blank cell shows only its background.
            let blank = sym == " ";
            if !text_ok
                || got.bgcolor() != vt_color(c.bg)
                || got.inverse() != inverse
                || (!blank
                    && (got.fgcolor() != vt_color(c.fg)
                        || got.bold() != bold
                        || got.underline() != underline))
            {
                return Some(format!(
                    "({x},{y}): shown {:?} fg {:?} bg {:?} bold {}, drawn {sym:?} fg {:?} bg {:?} {:?}",
                    got.contents(),
                    got.fgcolor(),
                    got.bgcolor(),
                    got.bold(),
                    c.fg,
                    c.bg,
                    c.modifier
                ));
            }
            x += sym.width().max(1) as u16;
        }
    }
    None
}

/// The keys a person might press, clicks among them: a small generator so
/// the walk is the same on every run.
fn events(n: usize, w: u16, h: u16) -> Vec<Event> {
    let keys = [
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Up,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Right,
        KeyCode::Esc,
        KeyCode::PageDown,
        KeyCode::PageUp,
        KeyCode::End,
        KeyCode::Home,
        KeyCode::Char('1'),
        KeyCode::Char('2'),
        KeyCode::Char(' '),
        KeyCode::Char('?'),
        KeyCode::Char('l'),
        KeyCode::Char('c'),
        KeyCode::Char('q'),
        KeyCode::Char('n'),
        KeyCode::Tab,
    ];
    let mut seed: u64 = 0x5eed_f00d;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..n)
        .map(|_| {
            let r = next();
            if r % 7 == 0 {
                click(
                    (next() % usize::from(w)) as u16,
                    (next() % usize::from(h)) as u16,
                )
            } else {
                key(keys[r % keys.len()])
            }
        })
        .collect()
}

fn walk(w: u16, h: u16, steps: usize, every: impl Fn(usize, &mut App, &mut Shown)) {
    walk_app(app(), w, h, steps, every);
}

fn walk_app(
    mut app: App,
    w: u16,
    h: u16,
    steps: usize,
    every: impl Fn(usize, &mut App, &mut Shown),
) {
    let mut screen = Shown::new(w, h);
    screen.draw(&mut app);
    let mut seen = std::collections::BTreeSet::new();
    for (i, ev) in events(steps, w, h).into_iter().enumerate() {
        send(&mut app, ev.clone());
        seen.insert(match &app.screen {
            Screen::Question(_) => "question".to_owned(),
            s => format!("{s:?}"),
        });
        every(i, &mut app, &mut screen);
        screen.draw(&mut app);
        let a = screen.frames.area();
        // Drawn whole from nothing the app kept from earlier frames: what
        // it worked out for another state must not show in this one.
        app.forget_route();
        if let Some(d) = first_difference(screen.vt.screen(), &whole(&app, a.width, a.height)) {
            panic!(
                "after event {i} ({ev:?}) at {}x{}: {d}\nthe frame drawn whole:\n{}",
                a.width,
                a.height,
                buffer_text(&whole(&app, a.width, a.height))
            );
        }
    }
    // The walk went through the questions to the result and its pages.
    for s in ["question", "Review", "Page(Overview)", "Page(Materials)"] {
        assert!(seen.contains(s), "never on {s}: {seen:?}");
    }
}

#[test]
fn the_terminal_shows_every_frame_whole_after_each_key_at_200x60() {
    walk(200, 60, 400, |_, _, _| {});
}

#[test]
fn the_terminal_shows_every_frame_whole_at_80x24_with_contrast_and_sizes_changing() {
    walk(80, 24, 400, |i, app, screen| {
        if i % 53 == 17 {
            app.high_contrast = !app.high_contrast;
        }
        match i % 97 {
            40 => screen.resize(120, 40),
            70 => screen.resize(100, 30),
            90 => screen.resize(80, 24),
            _ => {}
        }
    });
}

#[test]
fn the_terminal_shows_every_frame_whole_on_a_kiosk_at_100x30_and_120x31() {
    for (w, h) in [(100, 30), (120, 31)] {
        let kiosk = app().with_kiosk(yibao_guide::tui::app::Kiosk::new(
            std::time::Duration::from_secs(60),
            vec!["f12".into()],
        ));
        walk_app(kiosk, w, h, 300, |i, app, _| {
            if i % 61 == 30 {
                app.high_contrast = !app.high_contrast;
            }
        });
    }
}

#[test]
fn a_key_that_moves_the_selection_at_200x60_sends_little() {
    let mut app = app();
    let mut screen = Shown::new(200, 60);
    screen.draw(&mut app);
    let first = screen.last;
    assert!(first > 0);
    send(&mut app, key(KeyCode::Enter));
    screen.draw(&mut app);
    let question = screen.last;
    send(&mut app, key(KeyCode::Down));
    screen.draw(&mut app);
    assert!(
        screen.last * 3 < question,
        "moving the selection sent {} bytes, the question's frame {question}",
        screen.last
    );
    // Most of the window was kept, not compared cell by cell.
    let kept: u32 = app.drawn.kept.iter().map(|r| r.area()).sum();
    assert!(kept > 200 * 60 / 2, "kept {kept} cells of 12000");
}

//! The wizard in the terminal: a thin loop around `app::App::update` and
//! `view::draw`. It owns the terminal and gives it back in every case:
//! normal exit, panic, every signal that ends the process, a stop (given
//! back, then taken again and drawn on continue), and a terminal that went
//! away (nothing is written to it then). It performs the effects `update`
//! returns, in order (see `perform`), and passes what comes back from them
//! (a receipt printed, a reading ended, a file saved) to `update` again.
//!
//! It draws only when something on the screen changed: an event that did
//! something, a resize, a continue, a print or reading that ended, or the
//! kiosk countdown's next second. With nothing of that, it sleeps and
//! writes nothing.

pub mod app;
pub mod backend;
pub mod counts_journal;
pub mod decode;
pub mod grid;
pub mod input;
pub mod kiosk;
pub mod screens;
pub mod speak;
mod theme;
pub mod view;

use std::io::{self, IsTerminal, Read, Write};
use std::os::fd::IntoRawFd;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute, queue};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::content::{Content, Lang};
use crate::export;
use crate::out;
use app::{App, Effect, Exit, Kiosk, Msg};
use backend::FrameBackend;
use kiosk::{KioskConfig, exit_code};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub content_dir: Option<PathBuf>,
    pub lang: Lang,
    pub high_contrast: bool,
    pub kiosk: bool,
    pub config: Option<PathBuf>,
    pub idle_seconds: Option<u64>,
    /// Read-aloud commands from the command line (`--speak`).
    pub voices: crate::speech::Voices,
}

/// Puts the terminal back on drop: mouse capture off, raw mode off, main
/// screen back.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether the terminal is in the wizard's state (raw mode, alternate
/// screen, mouse capture) and so needs restoring.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back, once: the panic hook and the guard both call
/// this, and a second "leave the alternate screen" would move the cursor
/// over the message just printed. Every step is tried even when one fails,
/// and nothing is printed about a failure: the terminal may be gone (its
/// window closed), and a write to it must not panic in a drop.
fn restore() {
    if TAKEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(
            io::stdout(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
    }
}

/// Takes the terminal: raw mode, alternate screen, mouse reports. Also
/// after a stop, when the shell may have changed the terminal meanwhile.
fn take() -> io::Result<()> {
    take_raw()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Raw mode, set again from what the terminal is now; the screen and the
/// mouse are the caller's.
fn take_raw() -> io::Result<()> {
    TAKEN.store(true, Ordering::SeqCst);
    let _ = terminal::disable_raw_mode();
    terminal::enable_raw_mode()
}

/// Runs the wizard; returns the process exit code.
pub fn main(opts: Options) -> u8 {
    let mut cfg: Option<KioskConfig> = None;
    if let Some(path) = &opts.config {
        match kiosk::load_config(path) {
            Ok(c) => cfg = c,
            Err(e) => {
                if opts.kiosk {
                    return out_of_service(&format!("settings: {e}"), &KioskConfig::default());
                }
                out::eprint(&format!("error: {e}\n"));
                return 2;
            }
        }
    }
    let kiosk_cfg = (opts.kiosk || cfg.is_some()).then(|| {
        let mut c = cfg.unwrap_or_default();
        if let Some(s) = opts.idle_seconds {
            c.idle_seconds = s.max(1);
        }
        c
    });
    let dir = opts
        .content_dir
        .clone()
        .or_else(|| kiosk_cfg.as_ref().and_then(|k| k.content.clone()));
    let (mut content, blocks) = match crate::load::load_blocks_later(dir.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            return match &kiosk_cfg {
                Some(k) => out_of_service(&e.to_string(), k),
                None => {
                    out::eprint(&format!("{e}\n"));
                    1
                }
            };
        }
    };
    // The questions, before the first frame, for what is checked here.
    let hall = kiosk_cfg.as_ref().and_then(|k| k.hall.as_ref());
    let has_terminal = io_is_terminal();
    if (hall.is_some() || !has_terminal)
        && let Some(Err(e)) = blocks.as_ref().map(|b| b.fill_flow(&mut content))
    {
        out::eprint(&format!("error: {e}\n"));
        return 1;
    }
    if let Some(h) = hall
        && let Err(e) = kiosk::check_hall(h, &content)
    {
        let at = opts
            .config
            .as_ref()
            .map_or_else(String::new, |p| format!("{}: ", p.display()));
        return out_of_service(
            &format!("settings: {at}{e}"),
            kiosk_cfg.as_ref().unwrap_or(&KioskConfig::default()),
        );
    }
    if !has_terminal {
        out::eprint(&format!(
            "error: the wizard needs a terminal. For plain text, use: {}\n",
            out::route_example(&content, dir.as_deref())
        ));
        // A kiosk without its terminal is a kiosk whose terminal went
        // away: the supervisor restarts it.
        return if kiosk_cfg.is_some() {
            exit_code::TERMINAL
        } else {
            1
        };
    }
    let mut app = App::new(content, opts.lang, out::today());
    app.high_contrast = opts.high_contrast || kiosk_cfg.as_ref().is_some_and(|k| k.high_contrast);
    let counts = counts_journal::Counter::for_kiosk(kiosk_cfg.as_ref(), &app.content.meta.version);
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let printer = kiosk_cfg.as_ref().and_then(|k| k.print_command.clone());
    if let Some(k) = &kiosk_cfg {
        if printer.is_some() {
            app.print_columns = Some(k.print_columns);
        }
        app = app.with_kiosk(Kiosk::new(
            Duration::from_secs(k.idle_seconds),
            k.operator_exit.clone(),
        ));
        app.hall = k.hall.clone();
    }
    let mut voices = opts.voices.clone();
    if let Some(k) = &kiosk_cfg {
        voices.zh = voices.zh.or_else(|| k.speak_command.clone());
        voices.en = voices.en.or_else(|| k.speak_command_en.clone());
    }
    let reader = crate::speech::Reader::new(voices);
    app.speech = app::Speech::of(&reader);
    run(app, blocks, counts, printer, reader)
}

fn io_is_terminal() -> bool {
    io::stdout().is_terminal() && io::stdin().is_terminal()
}

/// What the signals asked for, and a socket that becomes readable when one
/// arrives, so that waiting for input wakes at once. The handlers only
/// store into the flags and write one byte to the socket.
struct Signals {
    /// The signal that ends the wizard, or 0.
    end: &'static AtomicUsize,
    interrupt: &'static AtomicBool,
    /// Desktop: SIGTSTP, give the terminal back and stop.
    stop: &'static AtomicBool,
    /// SIGCONT: take the terminal again and draw everything.
    cont: &'static AtomicBool,
    /// SIGWINCH: the window has a new size.
    resized: &'static AtomicBool,
    wake: Option<UnixStream>,
}

static END: AtomicUsize = AtomicUsize::new(0);
static INTERRUPT: AtomicBool = AtomicBool::new(false);
static STOP: AtomicBool = AtomicBool::new(false);
static CONT: AtomicBool = AtomicBool::new(false);
static RESIZED: AtomicBool = AtomicBool::new(false);
/// The writing end of the wake-up socket, or -1.
static WAKE: AtomicI32 = AtomicI32::new(-1);

/// Signals whose default is to end the process: each ends the wizard with
/// the terminal restored. SIGKILL cannot be caught, and the signals of a
/// fault in the program itself (SIGSEGV and the like) are left alone.
fn ending_signals() -> Vec<libc::c_int> {
    use libc::*;
    let mut v = vec![
        SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGXCPU,
        SIGPWR,
    ];
    #[cfg(target_os = "linux")]
    v.extend(SIGRTMIN()..=SIGRTMAX());
    v
}

/// The exit code for an ending signal: SIGTERM is a supervisor's stop
/// (0), SIGHUP a terminal that went away (4), others 128 + the signal.
fn signal_exit_code(sig: usize) -> u8 {
    match sig as libc::c_int {
        libc::SIGTERM => exit_code::OK,
        libc::SIGHUP => exit_code::TERMINAL,
        n => u8::try_from(128 + n).unwrap_or(255),
    }
}

/// Installs the handlers, one `sigaction` per signal: this runs before
/// the first frame, for dozens of signals, so it does no more than that.
fn signals(kiosk: bool) -> Signals {
    let wake = match UnixStream::pair() {
        Ok((r, w)) if r.set_nonblocking(true).is_ok() && w.set_nonblocking(true).is_ok() => {
            let old = WAKE.swap(w.into_raw_fd(), Ordering::SeqCst);
            if old >= 0 {
                // SAFETY: the previous writing end, owned by WAKE alone.
                unsafe { libc::close(old) };
            }
            Some(r)
        }
        _ => None,
    };
    // Handling a signal replaces its default action: a signal that is
    // "ignored" here neither ends nor stops the process, but a program
    // started from here gets the default again.
    for sig in ending_signals() {
        if kiosk && sig == libc::SIGQUIT {
            // A stray Ctrl-\ from outside raw mode neither kills nor stops.
            handle(sig, on_nothing);
        } else {
            handle(sig, on_end);
        }
    }
    handle(libc::SIGINT, on_interrupt);
    // Kiosk: SIGTSTP neither stops nor wakes.
    handle(libc::SIGTSTP, if kiosk { on_nothing } else { on_stop });
    handle(libc::SIGCONT, on_cont);
    // A resize wakes the loop, which asks the new size and draws at it.
    handle(libc::SIGWINCH, on_resize);
    // A file too large for its limit is a failed write with a message
    // (saving the checklist), not the end of the program.
    handle(libc::SIGXFSZ, on_nothing);
    Signals {
        end: &END,
        interrupt: &INTERRUPT,
        stop: &STOP,
        cont: &CONT,
        resized: &RESIZED,
        wake,
    }
}

fn handle(sig: libc::c_int, handler: extern "C" fn(libc::c_int)) {
    // SAFETY: a zeroed sigaction is valid (no flags, empty mask once
    // sigemptyset has run); the handlers only do what is safe in a signal
    // handler (atomic stores and send(2)).
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = handler as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(sig, &action, std::ptr::null_mut());
    }
}

/// Makes the wake-up socket readable. Keeps errno as it was: the handler
/// may interrupt code that is about to read it.
fn wake_up() {
    let fd = WAKE.load(Ordering::SeqCst);
    if fd >= 0 {
        // SAFETY: errno is thread-local and send(2) is async-signal-safe;
        // a full socket is already readable, so a failed send loses nothing.
        unsafe {
            let errno = *libc::__errno_location();
            libc::send(fd, b"x".as_ptr().cast(), 1, libc::MSG_DONTWAIT);
            *libc::__errno_location() = errno;
        }
    }
}

extern "C" fn on_end(sig: libc::c_int) {
    END.store(sig as usize, Ordering::SeqCst);
    wake_up();
}

extern "C" fn on_interrupt(_: libc::c_int) {
    INTERRUPT.store(true, Ordering::SeqCst);
    wake_up();
}

extern "C" fn on_stop(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
    wake_up();
}

extern "C" fn on_cont(_: libc::c_int) {
    CONT.store(true, Ordering::SeqCst);
    wake_up();
}

extern "C" fn on_resize(_: libc::c_int) {
    RESIZED.store(true, Ordering::SeqCst);
    wake_up();
}

extern "C" fn on_nothing(_: libc::c_int) {}

impl Signals {
    /// Acts on stop, continue and resize. `Ok(true)`: the whole screen
    /// must be drawn again; `Err` holds the exit code when a signal ends
    /// the wizard.
    fn check(&self, terminal: &mut Term) -> Result<bool, u8> {
        let end = self.end.load(Ordering::SeqCst);
        if end != 0 {
            return Err(signal_exit_code(end));
        }
        if self.stop.swap(false, Ordering::SeqCst) {
            restore();
            // SAFETY: raise(3) stops this process; it returns when the
            // process is continued (fg, SIGCONT).
            unsafe { libc::raise(libc::SIGSTOP) };
            self.cont.store(true, Ordering::SeqCst);
        }
        let cont = self.cont.swap(false, Ordering::SeqCst);
        if cont && (take().is_err() || wipe(terminal).is_err()) {
            return Err(exit_code::TERMINAL);
        }
        // The window may have changed while the wizard was stopped.
        let resized = self.resized.swap(false, Ordering::SeqCst) || cont;
        if resized {
            terminal.backend_mut().set_size(backend::window_size());
        }
        Ok(cont || resized)
    }

    /// The longest the loop may sleep for input: without the wake-up
    /// socket, a signal that comes just before `poll` would wait for it.
    fn max_wait(&self) -> Option<Duration> {
        self.wake.is_none().then_some(Duration::from_millis(250))
    }
}

/// The ratatui terminal on the frame backend. Its drop writes nothing to
/// the terminal (the backend holds what it is given until a frame ends),
/// so a terminal that went away does not make it fail; `restore` shows the
/// cursor.
type Term = backend::Frames;

/// Clears the screen and its scrollback and makes the next frame draw
/// every cell. Not `Terminal::clear`: it asks the terminal where the cursor
/// is and reads the answer from the input behind the decoder's back,
/// waiting up to two seconds for a terminal that does not answer.
fn wipe(terminal: &mut Term) -> io::Result<()> {
    let mut out = io::stdout();
    execute!(out, terminal::Clear(terminal::ClearType::All))?;
    out.write_all(b"\x1b[3J")?;
    out.flush()?;
    // The next frame is compared with an empty one.
    terminal.forget();
    Ok(())
}

fn init_terminal() -> io::Result<Term> {
    take_raw()?;
    // Restore fully (mouse too) and print a short message, not a stack
    // trace, on an internal error.
    std::panic::set_hook(Box::new(|info| {
        restore();
        let mut err = io::stderr();
        let _ = writeln!(
            err,
            "yibao-guide: internal error, please start again / 内部错误，请重新启动: {info}"
        );
    }));
    let mut backend = FrameBackend::new(backend::Stdout, backend::window_size());
    // The alternate screen and the mouse go out with the first frame, in
    // its one write.
    queue!(backend, EnterAlternateScreen, EnableMouseCapture)?;
    backend::Frames::new(backend)
}

/// What the loop performs the effects of `update` with.
struct World {
    reader: crate::speech::Reader,
    counts: counts_journal::Counter,
    printer: Option<String>,
    /// Where a receipt's result comes back (as `Msg::Printed`).
    print_done: std::sync::mpsc::Sender<Msg>,
}

/// Performs the effects in order, and those of what comes back from
/// them; returns the exit once one is asked for (the effects before it
/// done: a checklist saved on the way out).
fn perform(
    app: &mut App,
    world: &mut World,
    terminal: &mut Term,
    effects: Vec<Effect>,
    now: Duration,
) -> Option<Exit> {
    let mut queue = std::collections::VecDeque::from(effects);
    while let Some(e) = queue.pop_front() {
        let back = match e {
            Effect::Save => save_checklist(app, &std::env::current_dir().unwrap_or_default()),
            Effect::Print => {
                start_printing(app, world.printer.as_deref(), world.print_done.clone());
                None
            }
            Effect::WipeScreen => {
                let _ = wipe(terminal);
                None
            }
            Effect::CountOutcome(id) => {
                world.counts.note(Some(id), out::today());
                None
            }
            Effect::Speak { .. } | Effect::StopSpeaking => speak::perform(&mut world.reader, &e),
            Effect::Quit(exit) => return Some(exit),
        };
        if let Some(m) = back {
            queue.extend(app.update(m, now));
        }
    }
    None
}

fn run(
    mut app: App,
    mut blocks: Option<crate::embed::Blocks>,
    counts: counts_journal::Counter,
    printer: Option<String>,
    reader: crate::speech::Reader,
) -> u8 {
    let (print_done, print_result) = std::sync::mpsc::channel::<Msg>();
    let mut world = World {
        reader,
        counts,
        printer,
        print_done,
    };
    let sig = signals(app.kiosk.is_some());
    let mut terminal = match init_terminal() {
        Ok(t) => t,
        Err(e) => {
            restore();
            out::eprint(&format!("error: cannot open the terminal: {e}\n"));
            return exit_code::TERMINAL;
        }
    };
    let _guard = Guard;
    let mut input = Input::new(&sig);
    let start = Instant::now();
    // Whether the screen must be drawn, and the countdown the last frame
    // showed: the one thing on screen that changes with no one at it.
    let mut changed = true;
    let mut shown_countdown = None;
    // The effects of the input since the last turn.
    let mut effects: Vec<Effect> = Vec::new();
    loop {
        let now = start.elapsed();
        match sig.check(&mut terminal) {
            Ok(again) => changed |= again,
            Err(code) => return code,
        }
        if sig.interrupt.swap(false, Ordering::Relaxed) {
            effects.extend(app.update(Msg::ForceQuit, now));
            changed = true;
        }
        effects.extend(app.update(Msg::Idle, now));
        // What came back by itself: a receipt printed, a reading ended.
        let back: Vec<Msg> = print_result
            .try_iter()
            .chain(speak::watch(&app, &mut world.reader))
            .collect();
        for m in back {
            effects.extend(app.update(m, now));
            changed = true;
        }
        changed |= !effects.is_empty();
        let exit = perform(
            &mut app,
            &mut world,
            &mut terminal,
            std::mem::take(&mut effects),
            now,
        );
        world.counts.note(None, out::today());
        if let Some(Exit::Quit | Exit::Operator) = exit {
            // Saved on the way out: say where, on the normal screen.
            if let Some(("final.saved" | "final.save_failed", detail)) = &app.notice {
                restore();
                let key = app.notice.as_ref().map_or("final.saved", |n| n.0);
                let line = app.ui(key).replace("{n}", detail);
                out::eprint(&format!("{line}\n"));
            }
            return exit_code::OK;
        }
        let countdown = app.countdown(now);
        if changed || countdown != shown_countdown {
            let mut drawn = None;
            if terminal
                .draw(view::base_style(&app), |f, screen| {
                    let s = view::draw_over(f, &app, now, screen);
                    let painted = (Some(s.drawn.cursor), s.drawn.kept.clone());
                    drawn = Some(s);
                    painted
                })
                .is_err()
            {
                return exit_code::TERMINAL;
            }
            if let Some(s) = drawn {
                app.shown(s);
            }
            changed = false;
            shown_countdown = countdown;
        }
        // The blocks of the built-in content, once the first frame is out:
        // the first screens show none of them.
        if let Some(b) = blocks.take() {
            if let Err(e) = b.fill(&mut app.content) {
                restore();
                out::eprint(&format!("error: {e}\n"));
                return 1;
            }
            // Worked out on the content without them.
            app.forget_route();
        }
        let wait = [
            app.next_change(start.elapsed()),
            sig.max_wait(),
            // Watching the reading and the printer.
            (app.speech.speaking || app.printing).then_some(WATCH),
            // A kiosk looks at the clock once a minute, so that a day's
            // counts go to the journal soon after midnight.
            app.kiosk.as_ref().map(|_| Duration::from_secs(60)),
        ]
        .into_iter()
        .flatten()
        .min();
        match input.next_events(wait) {
            Ok(events) => {
                for ev in events {
                    if let Some(fx) = input::handle(&mut app, &ev, start.elapsed()) {
                        effects.extend(fx);
                        changed = true;
                    }
                }
            }
            Err(_) => return exit_code::TERMINAL,
        }
    }
}

/// How often the loop looks whether a reading or a print has ended.
const WATCH: Duration = Duration::from_millis(250);

/// How long the input must be quiet before a held Esc is the Esc key.
const ESC_WAIT: Duration = Duration::from_millis(40);

/// The terminal's input, read as bytes and decoded with a bound (see
/// `decode`).
struct Input<'s> {
    decoder: decode::Decoder,
    wake: Option<&'s UnixStream>,
}

impl<'s> Input<'s> {
    fn new(sig: &'s Signals) -> Input<'s> {
        Input {
            decoder: decode::Decoder::default(),
            wake: sig.wake.as_ref(),
        }
    }

    /// Waits up to `timeout` (`None`: as long as it takes) for input or a
    /// signal and returns the events that came. A terminal that hung up
    /// (its window closed, its connection lost) is an error: the program
    /// must end, not spin on a dead terminal.
    fn next_events(&mut self, timeout: Option<Duration>) -> io::Result<Vec<event::Event>> {
        use std::os::fd::AsRawFd;
        let wait = if self.decoder.pending() {
            Some(timeout.map_or(ESC_WAIT, |t| t.min(ESC_WAIT)))
        } else {
            timeout
        };
        let mut fds = [
            libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake.map_or(-1, |w| w.as_raw_fd()),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // Rounded up: waking a little early would find nothing to do.
        let ms = wait.map_or(-1, |w| {
            i32::try_from(w.as_nanos().div_ceil(1_000_000)).unwrap_or(i32::MAX)
        });
        // SAFETY: poll(2) on two pollfds that live across the call; a
        // negative fd is skipped.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted {
                Ok(Vec::new())
            } else {
                Err(e)
            };
        }
        if fds[1].revents != 0 {
            // Empty the wake-up socket; the flags say what happened.
            let mut buf = [0u8; 64];
            while let Some(mut w) = self.wake {
                if !matches!(w.read(&mut buf), Ok(n) if n > 0) {
                    break;
                }
            }
        }
        let ready = fds[0].revents;
        if ready & libc::POLLIN != 0 {
            let mut buf = [0u8; 4096];
            // SAFETY: read(2) into a buffer of the given length.
            let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
            if n > 0 {
                return Ok(self.decoder.feed(&buf[..n as usize]));
            }
            let e = io::Error::last_os_error();
            if n < 0
                && matches!(
                    e.kind(),
                    io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock
                )
            {
                return Ok(Vec::new());
            }
            return Err(if n == 0 {
                io::Error::new(io::ErrorKind::UnexpectedEof, "the terminal closed")
            } else {
                e
            });
        }
        if ready & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the terminal hung up",
            ));
        }
        if rc == 0 && self.decoder.pending() {
            return Ok(self.decoder.flush());
        }
        Ok(Vec::new())
    }
}

/// Writes the checklist, with ticks, as Markdown in `dir` under a name
/// not yet taken; returns where (`Msg::Saved`, for `update` to say).
/// Never on a kiosk, and nothing without an outcome.
pub fn save_checklist(app: &App, dir: &std::path::Path) -> Option<Msg> {
    if app.kiosk.is_some() {
        return None;
    }
    let r = app.resolved()?;
    let text = export::saved_checklist(&app.content, &r, app.lang, &app.ticked);
    let stem = format!("yibao-checklist-{}", r.outcome);
    Some(Msg::Saved(
        export::save_new(dir, &stem, &text)
            .map(|path| path.display().to_string())
            .map_err(|e| e.to_string()),
    ))
}

/// Sends the receipt to the printer in the background: a slow or broken
/// printer never stops the kiosk. The result comes back on `done`, with
/// the session that asked, so that it reaches no one else.
fn start_printing(app: &App, command: Option<&str>, done: std::sync::mpsc::Sender<Msg>) {
    let session = app.session;
    let (Some(r), Some(cmd), Some(cols)) = (app.resolved(), command, app.print_columns) else {
        let _ = done.send(Msg::Printed {
            session,
            result: Err("no printer".into()),
        });
        return;
    };
    let text = export::receipt(&app.content, &r, app.lang, &app.ticked, cols);
    let cmd = cmd.to_owned();
    std::thread::spawn(move || {
        let result = kiosk::print(&cmd, &text, kiosk::PRINT_TIMEOUT);
        let _ = done.send(Msg::Printed { session, result });
    });
}

/// Kiosk with broken content or settings: a screen that says only that the
/// terminal is out of service and to ask staff, which a passer-by cannot
/// leave; the operator exit or SIGTERM ends it with `OUT_OF_SERVICE`. The
/// reason is for staff and goes to the log (see `kiosk::log`), never to
/// the screen: neither the exit keys nor the files are shown to the
/// public.
fn out_of_service(reason: &str, cfg: &KioskConfig) -> u8 {
    kiosk::log(&format!("out of service: {reason}"));
    if !io_is_terminal() {
        // No screen for the public: the reason may go to a terminal on
        // stderr too (`kiosk::log` wrote it to any other stderr).
        if io::stderr().is_terminal() {
            out::eprint(&format!("out of service: {reason}\n"));
        }
        return exit_code::OUT_OF_SERVICE;
    }
    let sig = signals(true);
    let Ok(mut terminal) = init_terminal() else {
        restore();
        return exit_code::OUT_OF_SERVICE;
    };
    let code = out_of_service_screen(&sig, &mut terminal, cfg);
    restore();
    if code == exit_code::OUT_OF_SERVICE {
        // Staff left by the operator exit or stopped the service: the
        // reason on the terminal they are at.
        out::eprint(&format!("out of service: {reason}\n"));
    }
    code
}

fn out_of_service_screen(sig: &Signals, terminal: &mut Term, cfg: &KioskConfig) -> u8 {
    let _guard = Guard;
    // The wording comes from the built-in content, which is checked at
    // build time, since the configured content may be what is broken.
    let notice = crate::load::load_embedded().map_or_else(
        |_| ("暂停服务".to_owned(), "Out of service".to_owned()),
        |c| {
            (
                c.ui("kiosk.out_of_service", Lang::Zh).to_owned(),
                c.ui("kiosk.out_of_service", Lang::En).to_owned(),
            )
        },
    );
    let text = format!("{}\n{}", notice.0, notice.1);
    let mut input = Input::new(sig);
    let mut recent: Vec<String> = Vec::new();
    let mut changed = true;
    loop {
        match sig.check(terminal) {
            Err(exit_code::OK) => return exit_code::OUT_OF_SERVICE,
            Err(code) => return code,
            Ok(again) => changed |= again,
        }
        // Nothing on this screen changes by itself: drawn once, and again
        // only after a resize or a continue.
        if std::mem::take(&mut changed)
            && terminal
                .draw(Style::new(), |f, _| {
                    out_of_service_frame(f, &text);
                    (None, Vec::new())
                })
                .is_err()
        {
            return exit_code::TERMINAL;
        }
        let Ok(events) = input.next_events(sig.max_wait()) else {
            return exit_code::TERMINAL;
        };
        for ev in events {
            if let event::Event::Key(k) = ev {
                recent.push(input::key_name(&k));
                if recent.len() > cfg.operator_exit.len() {
                    recent.remove(0);
                }
                if recent == cfg.operator_exit {
                    return exit_code::OUT_OF_SERVICE;
                }
            }
        }
    }
}

fn out_of_service_frame(f: &mut ratatui::Frame, text: &str) {
    let a = f.area();
    let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_owned())).collect();
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect {
            x: a.x + 1,
            y: a.y + 1,
            width: a.width.saturating_sub(2),
            height: a.height.saturating_sub(1),
        },
    );
}

/// Shortcut for tests and benches: an app on the given content.
pub fn app_for(content: Content, lang: Lang) -> App {
    App::new(
        content,
        lang,
        crate::calendar::Date {
            year: 2026,
            month: 11,
            day: 25,
        },
    )
}

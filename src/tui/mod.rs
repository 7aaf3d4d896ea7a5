//! The wizard in the terminal: a thin loop around `app::App::update` and
//! `view::draw`. It owns the terminal and gives it back in every case:
//! normal exit, panic, SIGTERM and SIGHUP.

pub mod app;
pub mod input;
pub mod kiosk;
mod theme;
pub mod view;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::content::{Content, Lang};
use crate::export;
use crate::out;
use app::{App, Exit, Kiosk};
use kiosk::{KioskConfig, exit_code};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub content_dir: Option<PathBuf>,
    pub lang: Lang,
    pub high_contrast: bool,
    pub kiosk: bool,
    pub config: Option<PathBuf>,
    pub idle_seconds: Option<u64>,
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
/// over the message just printed.
fn restore() {
    if TAKEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
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
    let content = match crate::load::load(dir.as_deref()) {
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
    if !io_is_terminal() {
        out::eprint(
            "error: the wizard needs a terminal. For plain text, use: yibao-guide route insurance=employee scope=cross-province channel=online reason=job\n",
        );
        return 1;
    }
    let mut app = App::new(content, opts.lang, out::today());
    app.high_contrast = opts.high_contrast || kiosk_cfg.as_ref().is_some_and(|k| k.high_contrast);
    let counts = kiosk_cfg.as_ref().and_then(|k| k.counts_file.clone());
    let printer = kiosk_cfg.as_ref().and_then(|k| k.print_command.clone());
    if let Some(k) = &kiosk_cfg {
        if printer.is_some() {
            app.print_columns = Some(k.print_columns);
        }
        app = app.with_kiosk(Kiosk::new(
            Duration::from_secs(k.idle_seconds),
            k.operator_exit.clone(),
        ));
    }
    run(app, counts, printer)
}

fn io_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal() && io::stdin().is_terminal()
}

/// Signals that end or are ignored by the wizard.
struct Signals {
    term: Arc<AtomicBool>,
    interrupt: Arc<AtomicBool>,
}

fn signals(kiosk: bool) -> Signals {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let term = Arc::new(AtomicBool::new(false));
    let interrupt = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(SIGTERM, Arc::clone(&term));
    let _ = signal_hook::flag::register(SIGHUP, Arc::clone(&term));
    let _ = signal_hook::flag::register(SIGINT, Arc::clone(&interrupt));
    if kiosk {
        // Registering a handler replaces the default action: a stray
        // Ctrl-\ or Ctrl-Z from outside raw mode neither kills nor stops.
        let ignored = Arc::new(AtomicBool::new(false));
        let _ = signal_hook::flag::register(SIGQUIT, Arc::clone(&ignored));
        let _ = signal_hook::flag::register(SIGTSTP, ignored);
    }
    Signals { term, interrupt }
}

fn init_terminal() -> io::Result<DefaultTerminal> {
    TAKEN.store(true, Ordering::SeqCst);
    let terminal = ratatui::try_init()?;
    execute!(io::stdout(), EnableMouseCapture)?;
    // Replace ratatui's hook: restore fully (mouse too) and print a short
    // message, not a stack trace.
    std::panic::set_hook(Box::new(|info| {
        restore();
        let mut err = io::stderr();
        let _ = writeln!(
            err,
            "yibao-guide: internal error, please start again / 内部错误，请重新启动: {info}"
        );
    }));
    Ok(terminal)
}

fn run(mut app: App, counts: Option<PathBuf>, printer: Option<String>) -> u8 {
    let (print_done, print_result) = std::sync::mpsc::channel::<Result<(), String>>();
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
    let start = Instant::now();
    loop {
        let now = start.elapsed();
        if sig.term.load(Ordering::Relaxed) {
            return exit_code::OK;
        }
        if sig.interrupt.swap(false, Ordering::Relaxed) {
            app.update(app::Msg::ForceQuit, now);
        }
        app.update(app::Msg::Idle, now);
        if app.wipe_screen {
            app.wipe_screen = false;
            let _ = terminal.clear();
            let _ = io::stdout()
                .write_all(b"\x1b[3J")
                .and_then(|()| io::stdout().flush());
        }
        if std::mem::take(&mut app.save_requested) {
            save_checklist(&mut app, &std::env::current_dir().unwrap_or_default());
        }
        if std::mem::take(&mut app.print_requested) {
            start_printing(&app, printer.as_deref(), print_done.clone());
        }
        if let Ok(result) = print_result.try_recv()
            && app.printing
        {
            app.printing = false;
            app.notice = Some(match result {
                Ok(()) => ("print.done", String::new()),
                Err(e) => {
                    // The person gets a plain sentence; the detail is for staff.
                    log(&format!("printing failed: {e}"));
                    ("print.failed", String::new())
                }
            });
        }
        if let (Some(path), Some(id)) = (&counts, app.reached_outcome.take()) {
            let _ = kiosk::count_outcome(path, &id);
        }
        match app.exit {
            Some(Exit::Quit | Exit::Operator) => {
                // Saved on the way out: say where, on the normal screen.
                if let Some(("final.saved" | "final.save_failed", detail)) = &app.notice {
                    restore();
                    let key = app.notice.as_ref().map_or("final.saved", |n| n.0);
                    let line = app.ui(key).replace("{n}", detail);
                    out::eprint(&format!("{line}\n"));
                }
                return exit_code::OK;
            }
            None => {}
        }
        let mut drawn = None;
        if terminal
            .draw(|f| drawn = Some(view::draw(f, &app, now)))
            .is_err()
        {
            return exit_code::TERMINAL;
        }
        app.drawn = drawn.unwrap_or_default();
        match next_events(Duration::from_millis(250)) {
            Ok(events) => {
                for ev in events {
                    input::handle(&mut app, &ev, start.elapsed());
                }
            }
            Err(_) => return exit_code::TERMINAL,
        }
    }
}

/// A line for staff in the kiosk's log: standard error when it is not the
/// screen (under systemd it goes to the journal), never the screen itself.
fn log(line: &str) {
    use std::io::IsTerminal;
    if !io::stderr().is_terminal() {
        out::eprint(&format!("yibao-guide: {line}\n"));
    }
}

/// Waits up to `timeout` for input and returns every event that came. A
/// terminal that hung up (its window closed, its connection lost) is an
/// error: the program must end, not spin on a dead terminal.
fn next_events(timeout: Duration) -> io::Result<Vec<event::Event>> {
    #[cfg(unix)]
    {
        let mut fd = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: poll(2) on one valid pollfd that lives across the call.
        let rc = unsafe { libc::poll(&mut fd, 1, ms) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted {
                Ok(Vec::new())
            } else {
                Err(e)
            };
        }
        if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the terminal hung up",
            ));
        }
    }
    #[cfg(not(unix))]
    if !event::poll(timeout)? {
        return Ok(Vec::new());
    }
    // Drain what is ready (a paste or a resize can bring several events).
    let mut out = Vec::new();
    while event::poll(Duration::ZERO)? {
        out.push(event::read()?);
    }
    Ok(out)
}

/// Writes the checklist, with ticks, as Markdown in `dir` under a name
/// not yet taken, and says where. Never on a kiosk.
pub fn save_checklist(app: &mut App, dir: &std::path::Path) {
    if app.kiosk.is_some() {
        return;
    }
    let Some(r) = app.resolved() else { return };
    let text = export::saved_checklist(&app.content, &r, app.lang, &app.ticked);
    let stem = format!("yibao-checklist-{}", r.outcome);
    app.notice = Some(match export::save_new(dir, &stem, &text) {
        Ok(path) => ("final.saved", path.display().to_string()),
        Err(e) => ("final.save_failed", e.to_string()),
    });
}

/// Sends the receipt to the printer in the background: a slow or broken
/// printer never stops the kiosk. The result comes back on `done`.
fn start_printing(
    app: &App,
    command: Option<&str>,
    done: std::sync::mpsc::Sender<Result<(), String>>,
) {
    let (Some(r), Some(cmd), Some(cols)) = (app.resolved(), command, app.print_columns) else {
        let _ = done.send(Err("no printer".into()));
        return;
    };
    let text = export::receipt(&app.content, &r, app.lang, &app.ticked, cols);
    let cmd = cmd.to_owned();
    std::thread::spawn(move || {
        let _ = done.send(kiosk::print(&cmd, &text, kiosk::PRINT_TIMEOUT));
    });
}

/// Kiosk with broken content or settings: a clear screen for staff, which a
/// passer-by cannot leave; the operator exit or SIGTERM ends it with
/// `OUT_OF_SERVICE`.
fn out_of_service(reason: &str, cfg: &KioskConfig) -> u8 {
    if !io_is_terminal() {
        out::eprint(&format!("out of service: {reason}\n"));
        return exit_code::OUT_OF_SERVICE;
    }
    let sig = signals(true);
    let Ok(mut terminal) = init_terminal() else {
        restore();
        out::eprint(&format!("out of service: {reason}\n"));
        return exit_code::OUT_OF_SERVICE;
    };
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
    let mut recent: Vec<String> = Vec::new();
    loop {
        if sig.term.load(Ordering::Relaxed) {
            break;
        }
        let text = format!(
            "{}\n{}\n\n--- for staff ---\n{reason}\n\nexit: {}",
            notice.0,
            notice.1,
            cfg.operator_exit.join(" ")
        );
        let ok = terminal.draw(|f| {
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
        });
        if ok.is_err() {
            return exit_code::TERMINAL;
        }
        let Ok(events) = next_events(Duration::from_millis(250)) else {
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
    exit_code::OUT_OF_SERVICE
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

//! The real binary in a pseudo-terminal: it walks to an outcome and quits
//! with the terminal restored; in kiosk mode Ctrl-C and Ctrl-Z neither end
//! nor stop it, the operator exit does, and SIGTERM and SIGHUP end it
//! cleanly; unusable content gets a short message, never a broken terminal.

mod support;

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use yibao_guide::content::Lang;
use yibao_guide::flow::Walk;

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    output: Receiver<Vec<u8>>,
    seen: Vec<u8>,
    screen: vt100::Parser,
    master: Option<Box<dyn MasterPty + Send>>,
    /// Tells the reader thread to let go of its end of the terminal.
    stop_reading: Arc<AtomicBool>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_yibao-guide"));
        cmd.args(args);
        Session::start_command(cmd)
    }

    /// The wizard or the kiosk (`--kiosk` first), once its first screen
    /// is drawn.
    fn start_ready(args: &[&str]) -> Session {
        let mut s = Session::start(args);
        s.wait_for(if args.first() == Some(&"--kiosk") {
            "点击屏幕或按任意键开始"
        } else {
            "开始"
        });
        s
    }

    /// The program with its stderr sent to `log` instead of the terminal,
    /// as under a supervisor that keeps a journal.
    fn start_logged(args: &[&str], log: &std::path::Path) -> Session {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        cmd.arg(format!("exec \"$0\" \"$@\" 2>'{}'", log.display()));
        cmd.arg(env!("CARGO_BIN_EXE_yibao-guide"));
        cmd.args(args);
        Session::start_command(cmd)
    }

    /// The program in `dir`, allowed to write files of at most 4 KB
    /// (`ulimit -f`), as on a nearly full disk.
    fn start_small_files(args: &[&str], dir: &std::path::Path) -> Session {
        let mut cmd = CommandBuilder::new("sh");
        cmd.arg("-c");
        // dash counts 512-byte blocks, bash 1024: 4 or 8 KB.
        cmd.arg("ulimit -f 8 && exec \"$0\" \"$@\"");
        cmd.arg(env!("CARGO_BIN_EXE_yibao-guide"));
        cmd.args(args);
        cmd.cwd(dir);
        Session::start_command(cmd)
    }

    fn start_command(mut cmd: CommandBuilder) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = channel();
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() || stop.load(Ordering::Relaxed) {
                    break;
                }
            }
        });
        Session {
            child,
            writer: Some(writer),
            output: rx,
            seen: Vec::new(),
            screen: vt100::Parser::default(),
            master: Some(pair.master),
            stop_reading,
        }
    }

    fn pump(&mut self, d: Duration) {
        let end = Instant::now() + d;
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match self.output.recv_timeout(left) {
                Ok(b) => {
                    self.screen.process(&b);
                    self.seen.extend(b);
                }
                Err(_) => break,
            }
        }
    }

    /// Waits until the screen shows `needle`.
    fn wait_for(&mut self, needle: &str) {
        self.wait_for_within(needle, Duration::from_secs(20));
    }

    fn wait_for_within(&mut self, needle: &str, within: Duration) {
        let end = Instant::now() + within;
        while !self.screen.screen().contents().contains(needle) {
            assert!(
                Instant::now() < end,
                "timed out waiting for {needle:?}; the screen shows:\n{}",
                self.screen.screen().contents()
            );
            self.pump(Duration::from_millis(100));
        }
    }

    /// How many bytes the program writes in `d` with no one at it.
    fn written_in(&mut self, d: Duration) -> usize {
        let before = self.seen.len();
        self.pump(d);
        self.seen.len() - before
    }

    /// The window gets a new size, as when a person drags its corner.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.screen.screen_mut().set_size(
            rows.try_into().expect("rows"),
            cols.try_into().expect("columns"),
        );
    }

    fn send(&mut self, bytes: &[u8]) {
        let w = self.writer.as_mut().expect("the terminal is open");
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
        self.pump(Duration::from_millis(150));
    }

    fn wait_exit(&mut self) -> Option<u32> {
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            self.pump(Duration::from_millis(50));
            if let Some(st) = self.child.try_wait().unwrap() {
                self.pump(Duration::from_millis(200));
                return Some(st.exit_code());
            }
            if Instant::now() > end {
                return None;
            }
        }
    }

    /// Answers the questions of `walk` (on the built-in content) as a
    /// person does: waits for each question's title, then presses its
    /// option's number, or past nine options moves down to it and presses
    /// Enter.
    fn answer(&mut self, walk: &Walk) {
        let c = support::built_in();
        let mut before = yibao_guide::flow::Answers::new();
        for (q, o) in &walk.answers {
            let title = c
                .question(q)
                .expect("a question of the path")
                .title
                .get(Lang::Zh);
            self.wait_for(&title.chars().take(8).collect::<String>());
            let row = support::option_row(&c, &before, q, o);
            before.insert(q.clone(), o.clone());
            match row {
                row @ 0..9 => self.send((row + 1).to_string().as_bytes()),
                row => {
                    for _ in 0..row {
                        self.send(b"\x1b[B");
                    }
                    self.send(b"\r");
                }
            }
        }
    }

    /// From the welcome screen to the overview of the first path's outcome.
    fn go_to_overview(&mut self) {
        self.wait_for("开始");
        self.send(b"\r");
        self.answer(&support::path_with(&support::built_in(), &[]));
        self.wait_for("请核对");
        self.send(b"\r");
        self.wait_for("办理概览");
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }
}

impl Drop for Session {
    /// A failed test must not leave the program running.
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// After the program ends, the alternate screen is left, mouse reporting is
/// off and the cursor is shown again.
fn assert_restored(out: &str) {
    let tail = &out[out
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen")..];
    assert!(tail.contains("\x1b[?1049l"), "left the alternate screen");
    assert!(tail.contains("\x1b[?1000l"), "mouse capture turned off");
    assert!(!out.contains("panicked"), "no panic message");
}

#[test]
fn walks_to_an_outcome_and_quits_with_the_terminal_restored() {
    let mut s = Session::start(&[]);
    s.go_to_overview();
    s.send(b"q");
    s.wait_for("Y");
    s.send(b"y");
    assert_eq!(s.wait_exit(), Some(0));
    assert_restored(&s.text());
}

#[test]
fn sigterm_ends_the_wizard_cleanly() {
    let mut s = Session::start(&[]);
    s.wait_for("开始");
    let pid = s.child.process_id().unwrap();
    // SAFETY: kill(2) on the child we started.
    let rc = unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
    assert_eq!(rc, 0);
    assert_eq!(s.wait_exit(), Some(0));
    assert_restored(&s.text());
}

#[test]
fn kiosk_ignores_ctrl_c_and_ctrl_z_and_leaves_by_the_operator_exit() {
    let mut s = Session::start(&["--kiosk"]);
    s.wait_for("点击屏幕或按任意键开始");
    for b in [b"\x03", b"\x1a", b"\x1c", b"\x04", b"q"] {
        s.send(b);
    }
    s.pump(Duration::from_millis(500));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "still running after Ctrl-C, Ctrl-Z, Ctrl-\\, Ctrl-D and q"
    );
    // Ctrl-Alt-Q three times: ESC + ^Q.
    for _ in 0..3 {
        s.send(b"\x1b\x11");
    }
    assert_eq!(
        s.wait_exit(),
        Some(0),
        "the operator exit ends the kiosk with code 0"
    );
    assert_restored(&s.text());
}

#[test]
fn kiosk_with_broken_content_shows_out_of_service_and_exits_3() {
    let dir = std::env::temp_dir().join(format!("yibao-pty-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("broken.toml"), "[meta\n").unwrap();
    let mut s = Session::start(&["--kiosk", "--content", dir.to_str().unwrap()]);
    s.wait_for("Out of service. Please ask a member of staff.");
    s.pump(Duration::from_millis(300));
    assert_public_screen(&s);
    s.send(b"\x03");
    s.send(b"q");
    s.pump(Duration::from_millis(300));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "a passer-by cannot leave the out-of-service screen"
    );
    for _ in 0..3 {
        s.send(b"\x1b\x11");
    }
    assert_eq!(s.wait_exit(), Some(3));
    assert_restored(&s.text());
    // Staff who left by the operator exit read the reason on the terminal.
    assert!(s.screen.screen().contents().contains("broken.toml:1:"));
    let _ = std::fs::remove_dir_all(dir);
}

/// The out-of-service screen says only that: not the operator exit, not
/// the files or their lines.
fn assert_public_screen(s: &Session) {
    let shown = s.screen.screen().contents();
    assert!(shown.contains("暂停服务"), "{shown}");
    for secret in ["ctrl", "exit", ".toml", "staff ---", "error"] {
        assert!(
            !shown.contains(secret),
            "the public screen shows {secret:?}:\n{shown}"
        );
    }
}

#[test]
fn out_of_service_detail_goes_to_the_log_not_the_screen() {
    let dir = std::env::temp_dir().join(format!("yibao-pty-oos-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("kiosk.toml");
    std::fs::write(
        &cfg,
        "[kiosk]\noperator_exit = [\"f9\", \"f9\"]\nidle_secnds = 5\n",
    )
    .unwrap();
    let log = dir.join("log.txt");
    let mut s = Session::start_logged(&["--kiosk", "--config", cfg.to_str().unwrap()], &log);
    s.wait_for("Out of service. Please ask a member of staff.");
    s.pump(Duration::from_millis(300));
    assert_public_screen(&s);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("kiosk.toml:3:1") && logged.contains("idle_secnds"),
        "{logged}"
    );
    signal(&s, libc::SIGTERM);
    assert_eq!(s.wait_exit(), Some(3));
    assert_restored(&s.text());
    let _ = std::fs::remove_dir_all(dir);
}

/// Closes every handle on our side of the terminal, as when a window is
/// closed or tmux is killed, and returns the exit code and how long the
/// program took to end.
fn hang_up(s: &mut Session) -> (Option<u32>, Duration) {
    // The reader thread lets go after one more redraw: a new window size
    // brings one on every screen (a key may change nothing on it).
    s.stop_reading.store(true, Ordering::Relaxed);
    s.resize(24, 81);
    s.pump(Duration::from_millis(300));
    let pid = s.child.process_id().unwrap() as libc::pid_t;
    let closed = Instant::now();
    s.writer = None;
    s.master = None;
    let end = closed + Duration::from_secs(10);
    let code = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break Some(st.exit_code());
        }
        if Instant::now() > end {
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let took = closed.elapsed();
    if code.is_some() {
        // SAFETY: kill(2) with signal 0 only checks that the process is gone.
        assert_ne!(unsafe { libc::kill(pid, 0) }, 0);
    }
    (code, took)
}

#[test]
fn a_terminal_that_goes_away_ends_the_wizard_with_code_4_in_every_state() {
    let broken = std::env::temp_dir().join(format!("yibao-pty-hup-{}", std::process::id()));
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("broken.toml"), "[meta\n").unwrap();
    let broken = broken.to_str().unwrap().to_owned();
    let cases: [(&str, Vec<&str>, &str, &[u8]); 5] = [
        ("wizard", vec![], "开始", b""),
        ("kiosk", vec!["--kiosk"], "点击屏幕或按任意键开始", b""),
        // A paste started and never ended (Alt+[ then 200~).
        (
            "kiosk in a paste",
            vec!["--kiosk"],
            "点击屏幕或按任意键开始",
            b"\x1b[200~abc",
        ),
        ("wizard in a half sequence", vec![], "开始", b"\x1b[2"),
        (
            "out of service",
            vec!["--kiosk", "--content", &broken],
            "暂停服务",
            b"",
        ),
    ];
    for (what, args, ready, bytes) in cases {
        let mut s = Session::start(&args);
        s.wait_for(ready);
        if !bytes.is_empty() {
            s.send(bytes);
        }
        // stderr is this terminal too: restoring it after the hang-up
        // must not write an error that panics (the process used to abort).
        let (code, took) = hang_up(&mut s);
        assert_eq!(code, Some(4), "{what}: exit code after the hang-up");
        assert!(
            took < Duration::from_secs(3),
            "{what}: took {took:?} to end"
        );
        assert!(!s.text().contains("panicked"), "{what}");
    }
    let _ = std::fs::remove_dir_all(broken);
}

fn signal(s: &Session, sig: libc::c_int) {
    let pid = s.child.process_id().unwrap();
    // SAFETY: kill(2) on the child we started.
    let rc = unsafe { libc::kill(pid as libc::pid_t, sig) };
    assert_eq!(rc, 0);
}

#[test]
fn sighup_ends_the_wizard_promptly_with_the_terminal_restored() {
    for args in [&[][..], &["--kiosk"][..]] {
        let mut s = Session::start_ready(args);
        let sent = Instant::now();
        signal(&s, libc::SIGHUP);
        // The terminal hung up: exit code 4, so a kiosk is restarted.
        assert_eq!(s.wait_exit(), Some(4), "{args:?}");
        assert!(
            sent.elapsed() < Duration::from_secs(3),
            "{args:?}: took {:?} to end",
            sent.elapsed()
        );
        assert_restored(&s.text());
    }
}

/// The program either never took over the terminal or gave it back.
fn assert_never_entered_or_restored(out: &str) {
    if out.contains("\x1b[?1049h") {
        assert_restored(out);
    }
    assert!(!out.contains("panicked"), "no panic message");
}

#[test]
fn the_wizard_on_unusable_content_says_why_and_leaves_the_terminal_alone() {
    use support::{Fault, Faulty, assert_one_clean_screen};
    for (i, fault) in Fault::ALL.into_iter().enumerate() {
        let f = Faulty::new(&format!("pty_fault_{i}"), fault);
        let mut s = Session::start(&["--content", f.dir()]);
        if !f.effective {
            // Running as root: the folder without read permission is read
            // all the same and the wizard starts; end it.
            s.wait_for("开始");
            signal(&s, libc::SIGTERM);
            assert_eq!(s.wait_exit(), Some(0));
            assert_restored(&s.text());
            continue;
        }
        let code = s.wait_exit();
        let out = s.text();
        assert_never_entered_or_restored(&out);
        assert_eq!(code, Some(1), "{fault:?}:\n{out}");
        // What the terminal shows, with the line breaks the pty adds.
        let shown = out.replace("\r\n", "\n");
        assert_one_clean_screen(&shown);
        assert!(
            shown.starts_with("error: ") && shown.contains(&f.names) && shown.contains(f.problem),
            "{fault:?}: expected `{}` and `{}` in:\n{shown}",
            f.names,
            f.problem
        );
    }
}

#[test]
fn kiosk_with_a_huge_content_file_is_out_of_service_and_sigterm_ends_it_with_3() {
    use support::{Fault, Faulty};
    let f = Faulty::new("pty_kiosk_huge", Fault::TooLarge);
    let mut s = Session::start(&["--kiosk", "--content", f.dir()]);
    s.wait_for("Out of service. Please ask a member of staff.");
    s.pump(Duration::from_millis(300));
    assert_public_screen(&s);
    s.send(b"q\r\x03");
    s.pump(Duration::from_millis(300));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "a passer-by cannot leave the out-of-service screen"
    );
    signal(&s, libc::SIGTERM);
    assert_eq!(s.wait_exit(), Some(3));
    assert_restored(&s.text());
    let shown = s.screen.screen().contents();
    assert!(shown.contains("zz-huge.toml: file is too"), "{shown}");
}

/// Walks a kiosk to the last page: any key, start, the answers of `walk`,
/// confirm, then Enter through the result pages.
fn kiosk_to_the_last_page(s: &mut Session, walk: &Walk) {
    s.wait_for("点击屏幕或按任意键开始");
    s.send(b" ");
    s.send(b"\r");
    s.answer(walk);
    s.wait_for("请核对");
    s.send(b"\r");
    for _ in 0..60 {
        if s.screen.screen().contents().contains("打印清单") {
            return;
        }
        // The right arrow goes to the next page (Enter opens a note there).
        s.send(b"\x1b[C");
    }
    panic!(
        "never reached the last page:\n{}",
        s.screen.screen().contents()
    );
}

#[test]
fn a_kiosk_prints_the_receipt_and_keeps_working_when_the_printer_fails() {
    let dir = std::env::temp_dir().join(format!("yibao-pty-print-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let receipt = dir.join("receipt.txt");
    let cfg = dir.join("kiosk.toml");
    std::fs::write(
        &cfg,
        format!(
            "[kiosk]\nprint_command = \"tee {}\"\nprint_columns = 32\n",
            receipt.display()
        ),
    )
    .unwrap();
    let c = support::built_in();
    let walk = support::path_with(&c, &[]);
    let title = yibao_guide::cli::route::route(&c, &support::answers_of(&walk), Lang::Zh, None)
        .expect("the path ends at an outcome")
        .title;
    let mut s = Session::start(&["--config", cfg.to_str().unwrap()]);
    kiosk_to_the_last_page(&mut s, &walk);
    s.send(b"\x1b[B");
    s.send(b"\r");
    s.wait_for("清单已经打印");
    let text = std::fs::read_to_string(&receipt).unwrap();
    assert!(
        support::flat(&text).contains(&support::flat(&title)) && text.contains("12393"),
        "{text}"
    );
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 32),
        "{text}"
    );
    // Nothing but the receipt was written.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
    drop(s);

    std::fs::write(&cfg, "[kiosk]\nprint_command = \"false\"\n").unwrap();
    let mut s = Session::start(&["--config", cfg.to_str().unwrap()]);
    kiosk_to_the_last_page(&mut s, &walk);
    s.send(b"\x1b[B");
    s.send(b"\r");
    s.wait_for("打印没有成功");
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    // The kiosk goes on: the last row starts again, once its box is
    // answered yes.
    s.send(b"\x1b[B");
    s.send(b"\r");
    s.wait_for("要重新开始吗");
    s.send(b"y");
    s.wait_for("换了地方，医保怎么转");
    assert!(!s.text().contains("panicked"));
    drop(s);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A kiosk with `counts_journal` writes, when stopped, one entry per
/// outcome reached that day, in journald's native format, to the socket
/// it is given (here a test socket standing in for journald's).
#[cfg(unix)]
#[test]
fn a_kiosk_writes_its_daily_counts_to_the_journal_when_it_stops() {
    use std::os::unix::net::UnixDatagram;
    let dir = std::env::temp_dir().join(format!("yibao-pty-journal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let socket = dir.join("journal.socket");
    let journal = UnixDatagram::bind(&socket).unwrap();
    journal
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let cfg = dir.join("kiosk.toml");
    std::fs::write(
        &cfg,
        format!(
            "[kiosk]\ncounts_journal = true\nsite_code = \"330100-01\"\njournal_socket = \"{}\"\nprint_command = \"true\"\n",
            socket.display()
        ),
    )
    .unwrap();
    let walk = support::path_with(&support::built_in(), &[]);
    let mut s = Session::start(&["--config", cfg.to_str().unwrap()]);
    kiosk_to_the_last_page(&mut s, &walk);
    journal.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 4096];
    assert!(
        journal.recv(&mut buf).is_err(),
        "nothing before the day ends or the kiosk stops"
    );
    journal.set_nonblocking(false).unwrap();
    signal(&s, libc::SIGTERM);
    assert_eq!(s.wait_exit(), Some(0));
    let n = journal
        .recv(&mut buf)
        .expect("an entry when the kiosk stops");
    let entry = String::from_utf8_lossy(&buf[..n]).into_owned();
    let keys: Vec<&str> = entry
        .lines()
        .map(|l| l.split('=').next().unwrap())
        .collect();
    // The fields, in order, are those of the table in docs/kiosk.md.
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/kiosk.md"),
    )
    .unwrap();
    let table = doc
        .split("| field | example |")
        .nth(1)
        .expect("the journal fields table in docs/kiosk.md");
    let documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('`').nth(1))
        .collect();
    assert_eq!(keys, documented, "{entry}");
    assert!(entry.contains("\nYIBAO_COUNT=1\n"), "{entry}");
    assert!(entry.contains("\nYIBAO_SITE=330100-01\n"), "{entry}");
    let outcome = match &walk.end {
        yibao_guide::flow::End::Outcome(id) => id.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        entry.contains(&format!("\nYIBAO_OUTCOME={outcome}\n")),
        "{entry}"
    );
    journal.set_nonblocking(true).unwrap();
    assert!(journal.recv(&mut buf).is_err(), "one outcome, one entry");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_paste_that_never_ends_does_not_freeze_the_kiosk() {
    let mut s = Session::start(&["--kiosk"]);
    s.wait_for("点击屏幕或按任意键开始");
    // Alt+[ then 200~ is the start of a bracketed paste; it never ends.
    s.send(b"\x1b[200~");
    s.send(b" ");
    s.wait_for("换了地方，医保怎么转");
    // Again, then half a sequence: the next key is read as itself.
    s.send(b"\x1b[200~\x1b[2");
    s.send(b"\r");
    s.wait_for("1. ");
    s.send(b"\x1b[200~");
    for _ in 0..3 {
        s.send(b"\x1b\x11");
    }
    assert_eq!(s.wait_exit(), Some(0), "the operator exit still works");
    assert_restored(&s.text());

    // SIGTERM ends a kiosk in the middle of such a paste at once.
    let mut s = Session::start(&["--kiosk"]);
    s.wait_for("点击屏幕或按任意键开始");
    s.send(b"\x1b[200~");
    s.send("一些文字".repeat(2000).as_bytes());
    let sent = Instant::now();
    signal(&s, libc::SIGTERM);
    assert_eq!(s.wait_exit(), Some(0));
    assert!(
        sent.elapsed() < Duration::from_secs(3),
        "{:?}",
        sent.elapsed()
    );
    assert_restored(&s.text());
}

#[test]
fn every_signal_that_ends_the_wizard_restores_the_terminal_first() {
    let cases = [
        (&[][..], libc::SIGQUIT),
        (&[][..], libc::SIGUSR1),
        (&[][..], libc::SIGUSR2),
        (&[][..], libc::SIGALRM),
        (&["--kiosk"][..], libc::SIGUSR1),
    ];
    for (args, sig) in cases {
        let mut s = Session::start_ready(args);
        let sent = Instant::now();
        signal(&s, sig);
        assert_eq!(
            s.wait_exit(),
            Some(128 + sig as u32),
            "{args:?} signal {sig}"
        );
        assert!(sent.elapsed() < Duration::from_secs(3));
        assert_restored(&s.text());
    }
}

/// The state letter of a process in /proc (`T` when stopped).
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')')
        .next()
        .and_then(|rest| rest.trim().chars().next())
        .unwrap_or('?')
}

#[test]
fn a_stopped_wizard_gives_the_terminal_back_and_takes_it_again_on_continue() {
    let mut s = Session::start(&[]);
    s.wait_for("开始");
    s.send(b"\r");
    s.wait_for("1. ");
    let pid = s.child.process_id().unwrap();
    let before = s.seen.len();
    signal(&s, libc::SIGTSTP);
    let end = Instant::now() + Duration::from_secs(5);
    while process_state(pid) != 'T' {
        assert!(Instant::now() < end, "not stopped: {}", process_state(pid));
        s.pump(Duration::from_millis(50));
    }
    s.pump(Duration::from_millis(200));
    let given_back = String::from_utf8_lossy(&s.seen[before..]).into_owned();
    assert!(
        given_back.contains("\x1b[?1049l") && given_back.contains("\x1b[?1000l"),
        "the screen and the mouse are given back before stopping: {given_back:?}"
    );
    assert!(!s.screen.screen().contents().contains("1. "));
    let mark = s.seen.len();
    signal(&s, libc::SIGCONT);
    s.wait_for("1. ");
    let taken = String::from_utf8_lossy(&s.seen[mark..]).into_owned();
    assert!(taken.contains("\x1b[?1049h"), "{taken:?}");
    // And it still answers keys.
    s.send(b"1");
    s.wait_for("第 2 题");
    signal(&s, libc::SIGTERM);
    assert_eq!(s.wait_exit(), Some(0));
    assert_restored(&s.text());
}

#[test]
fn a_save_that_fails_leaves_no_truncated_file() {
    let dir = std::env::temp_dir().join(format!("yibao-pty-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = Session::start_small_files(&[], &dir);
    s.wait_for("开始");
    s.send(b"\r");
    // A long checklist, longer than the files this session may write.
    let c = support::built_in();
    s.answer(&support::path_with_most(&c, |r| {
        r.materials.len() + r.steps.len()
    }));
    s.wait_for("请核对");
    s.send(b"\r");
    s.wait_for("概览");
    s.send(b"s");
    s.wait_for("清单没有保存成功");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    signal(&s, libc::SIGTERM);
    assert_eq!(s.wait_exit(), Some(0));
    let _ = std::fs::remove_dir_all(dir);
}

/// "Save and quit" in the quit box: the checklist is written first, then
/// the wizard ends, and where the file went is said on the normal screen,
/// after the terminal is given back.
#[test]
fn save_and_quit_writes_the_file_then_says_where_on_the_normal_screen() {
    let dir = std::env::temp_dir().join(format!("yibao-pty-save-quit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_yibao-guide"));
    cmd.cwd(&dir);
    let mut s = Session::start_command(cmd);
    s.go_to_overview();
    s.send(b"q");
    s.wait_for("保存并退出");
    s.send(b"s");
    assert_eq!(s.wait_exit(), Some(0));
    let saved: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let name = saved[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("yibao-checklist-"), "{name}");
    let text = s.text();
    assert_restored(&text);
    let restored_at = text.rfind("\x1b[?1049l").expect("the screen given back");
    assert!(
        text[restored_at..].contains("清单已保存") && text[restored_at..].contains(&name),
        "where the file went, after the wizard's screen: {:?}",
        &text[restored_at..]
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// With no one at it and nothing on the screen that changes by itself,
/// the wizard writes nothing at all (it once redrew four times a second);
/// a key still brings its frame at once, and a new window size a whole
/// frame at that size.
#[test]
fn the_idle_wizard_writes_nothing_and_a_key_or_a_resize_still_draws() {
    let c = support::built_in();
    let yibao_guide::flow::Next::Ask(q) = yibao_guide::flow::next(&c, &Default::default()) else {
        panic!("the built-in content asks a first question");
    };
    let first = q.title.get(Lang::Zh);
    let mut s = Session::start_ready(&[]);
    s.send(b"\r");
    s.wait_for(&first.chars().take(8).collect::<String>());
    s.pump(Duration::from_millis(300));
    assert_eq!(
        s.written_in(Duration::from_secs(3)),
        0,
        "written on an idle question:\n{}",
        s.screen.screen().contents()
    );
    // Down moves the highlight: a frame, then quiet again.
    s.send(b"\x1b[B");
    assert!(
        s.text().ends_with('H'),
        "a frame ends by placing the cursor"
    );
    let row = s.screen.screen().cursor_position().0;
    assert!(row > 0, "the cursor is on the second option");
    assert_eq!(s.written_in(Duration::from_secs(1)), 0);

    // A larger window: the footer moves to its new last line.
    let hints = |s: &Session, rows: u16| {
        let contents = s.screen.screen().contents();
        contents
            .lines()
            .nth(usize::from(rows) - 1)
            .unwrap_or_default()
            .to_owned()
    };
    assert!(hints(&s, 24).contains(" q]"), "{}", hints(&s, 24));
    s.resize(40, 120);
    s.pump(Duration::from_millis(500));
    assert!(
        hints(&s, 40).contains(" q]"),
        "drawn at 120x40:\n{}",
        s.screen.screen().contents()
    );
    assert_eq!(s.written_in(Duration::from_secs(1)), 0);
    s.send(b"q");
    s.send(b"y");
    assert_eq!(s.wait_exit(), Some(0));
}

/// The seconds the kiosk's countdown banner shows, if it is on screen.
fn countdown_shown(s: &Session) -> Option<u64> {
    let contents = s.screen.screen().contents();
    let before = &contents[..contents.find(" 秒后清除")?];
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// A kiosk left alone writes nothing until its countdown shows (30 s
/// before the idle time of 60 s, the shortest allowed, ends); the
/// countdown then goes down by one each second, and at the end the
/// attract screen comes back, with no one touching it. Takes a minute.
#[test]
fn a_kiosk_left_alone_writes_nothing_until_its_countdown_ticks_each_second_then_resets() {
    let mut s = Session::start_ready(&["--kiosk", "--idle-seconds", "60"]);
    // Large enough that the first page does not scroll: a longer page
    // gets more time.
    s.resize(40, 120);
    s.pump(Duration::from_millis(300));
    s.send(b" ");
    s.wait_for("开始");
    let touched = Instant::now();
    s.pump(Duration::from_millis(300));
    assert_eq!(
        s.written_in(Duration::from_secs(25)),
        0,
        "written before the countdown:\n{}",
        s.screen.screen().contents()
    );
    s.wait_for("秒后清除");
    let mut seen: Vec<(Instant, u64)> = Vec::new();
    let until = Instant::now() + Duration::from_millis(4500);
    while Instant::now() < until {
        s.pump(Duration::from_millis(20));
        if let Some(n) = countdown_shown(&s)
            && seen.last().is_none_or(|l| l.1 != n)
        {
            seen.push((Instant::now(), n));
        }
    }
    let values: Vec<u64> = seen.iter().map(|x| x.1).collect();
    assert!(values.len() >= 4, "{values:?}");
    assert!(values.windows(2).all(|w| w[1] + 1 == w[0]), "{values:?}");
    for w in seen.windows(2).skip(1) {
        let gap = w[1].0 - w[0].0;
        assert!(
            gap > Duration::from_millis(800) && gap < Duration::from_millis(1200),
            "a second of the countdown took {gap:?}: {values:?}"
        );
    }
    s.wait_for_within("点击屏幕或按任意键开始", Duration::from_secs(40));
    let reset = touched.elapsed();
    assert!(
        reset > Duration::from_secs(59) && reset < Duration::from_secs(62),
        "the reset came {reset:?} after the last touch"
    );
}

//! The real binary in a pseudo-terminal: it walks to an outcome and quits
//! with the terminal restored; in kiosk mode Ctrl-C and Ctrl-Z neither end
//! nor stop it, the operator exit does, and SIGTERM and SIGHUP end it
//! cleanly; unusable content gets a short message, never a broken terminal.

#[path = "fixtures/support.rs"]
mod support;

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

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
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_yibao-guide"));
        cmd.args(args);
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
        let end = Instant::now() + Duration::from_secs(20);
        while !self.screen.screen().contents().contains(needle) {
            assert!(
                Instant::now() < end,
                "timed out waiting for {needle:?}; the screen shows:\n{}",
                self.screen.screen().contents()
            );
            self.pump(Duration::from_millis(100));
        }
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
    s.wait_for("开始");
    s.send(b"\r");
    s.wait_for("1. ");
    for _ in 0..4 {
        s.send(b"1");
    }
    s.wait_for("请核对");
    s.send(b"\r");
    s.wait_for("办理概览");
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
    s.wait_for("broken.toml:1:");
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
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_terminal_that_goes_away_ends_the_wizard_instead_of_spinning() {
    for args in [&[][..], &["--kiosk"][..]] {
        let mut s = Session::start(args);
        s.wait_for(if args.is_empty() {
            "开始"
        } else {
            "点击屏幕或按任意键开始"
        });
        let pid = s.child.process_id().unwrap() as libc::pid_t;
        // Close every handle on our side of the terminal, as when a window
        // is closed: the reader thread lets go after one more redraw.
        s.stop_reading.store(true, Ordering::Relaxed);
        s.send(b"l");
        s.pump(Duration::from_millis(300));
        s.writer = None;
        s.master = None;
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            if s.child.try_wait().unwrap().is_some() {
                break;
            }
            assert!(
                Instant::now() < end,
                "{args:?}: still running 10 s after its terminal went away"
            );
            thread::sleep(Duration::from_millis(100));
        }
        // SAFETY: kill(2) with signal 0 only checks that the process is gone.
        assert_ne!(unsafe { libc::kill(pid, 0) }, 0);
    }
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
        let mut s = Session::start(args);
        s.wait_for(if args.is_empty() {
            "开始"
        } else {
            "点击屏幕或按任意键开始"
        });
        let sent = Instant::now();
        signal(&s, libc::SIGHUP);
        assert_eq!(s.wait_exit(), Some(0), "{args:?}");
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
    s.wait_for("zz-huge.toml: file is too");
    s.wait_for("large (30.0 MB)");
    s.send(b"q\r\x03");
    s.pump(Duration::from_millis(300));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "a passer-by cannot leave the out-of-service screen"
    );
    signal(&s, libc::SIGTERM);
    assert_eq!(s.wait_exit(), Some(3));
    assert_restored(&s.text());
}

/// Walks a kiosk to the last page: any key, start, the first option of
/// every question, confirm, then Enter through the result pages.
fn kiosk_to_the_last_page(s: &mut Session) {
    s.wait_for("点击屏幕或按任意键开始");
    s.send(b" ");
    s.send(b"\r");
    s.wait_for("1. ");
    for _ in 0..4 {
        s.send(b"1");
    }
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
    let mut s = Session::start(&["--config", cfg.to_str().unwrap()]);
    kiosk_to_the_last_page(&mut s);
    s.send(b"\x1b[B");
    s.send(b"\r");
    s.wait_for("清单已经打印");
    let text = std::fs::read_to_string(&receipt).unwrap();
    assert!(
        text.contains("职工医保") && text.contains("12393"),
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
    kiosk_to_the_last_page(&mut s);
    s.send(b"\x1b[B");
    s.send(b"\r");
    s.wait_for("打印没有成功");
    assert!(s.child.try_wait().unwrap().is_none(), "still running");
    // The kiosk goes on: the last row starts again.
    s.send(b"\x1b[B");
    s.send(b"\r");
    s.wait_for("换了地方，医保怎么转");
    assert!(!s.text().contains("panicked"));
    drop(s);
    std::fs::remove_dir_all(dir).unwrap();
}

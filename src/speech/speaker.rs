//! The speech command, run in the background: one utterance at a time,
//! stopped at once when the person does anything, never waited for.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};

/// Runs the speech command with the text on its standard input.
#[derive(Debug)]
pub struct Speaker {
    program: String,
    args: Vec<String>,
    child: Option<Child>,
    /// What the command wrote on stderr, once it has closed it.
    stderr: Option<Receiver<String>>,
    broken: bool,
}

impl Speaker {
    /// A speaker for a command line split at spaces (no shell); `None` when
    /// it names no program.
    pub fn new(command: &str) -> Option<Speaker> {
        let mut parts = command.split_whitespace().map(str::to_owned);
        let program = parts.next()?;
        Some(Speaker {
            program,
            args: parts.collect(),
            child: None,
            stderr: None,
            broken: false,
        })
    }

    /// The program run, for messages.
    pub fn program(&self) -> &str {
        &self.program
    }

    /// Whether the command failed once: it is not tried again.
    pub fn broken(&self) -> bool {
        self.broken
    }

    /// Starts reading `text` aloud, stopping what was being read. Returns
    /// at once. A command that cannot be started gives a short reason.
    pub fn say(&mut self, text: &str) -> Result<(), String> {
        self.stop();
        if self.broken {
            return Err(format!("{}: failed before", self.program));
        }
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            // Its own process group, so that stopping it also stops
            // whatever it started (a player fed by a script).
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                self.broken = true;
                return Err(short(&format!("{}: {e}", self.program)));
            }
        };
        let stdin = child.stdin.take();
        let stderr = child.stderr.take();
        let text = text.to_owned();
        let (tx, rx) = channel();
        // Writing and reading happen on a thread: a command that reads
        // slowly never holds up the screen.
        std::thread::spawn(move || {
            if let Some(mut i) = stdin {
                let _ = i.write_all(text.as_bytes());
            }
            let mut err = String::new();
            if let Some(e) = stderr {
                let _ = e.take(4096).read_to_string(&mut err);
            }
            let _ = tx.send(err);
        });
        self.child = Some(child);
        self.stderr = Some(rx);
        Ok(())
    }

    /// Stops reading at once (the whole process group is killed).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            #[cfg(unix)]
            if let Ok(pid) = i32::try_from(c.id()) {
                // SAFETY: kill(2) on the process group this speaker started.
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
            }
            let _ = c.kill();
            let _ = c.wait();
        }
        self.stderr = None;
    }

    /// Whether a text is being read.
    pub fn speaking(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    /// Once the command has ended by itself: `Some(Ok)` when it read the
    /// text, `Some(Err(reason))` when it failed (the speaker is then
    /// broken). `None` while it reads, or when nothing was started.
    pub fn poll(&mut self) -> Option<Result<(), String>> {
        let status = match self.child.as_mut()?.try_wait() {
            Ok(None) => return None,
            Ok(Some(s)) => Ok(s),
            Err(e) => Err(e),
        };
        self.child = None;
        let err = self
            .stderr
            .take()
            .and_then(|rx| rx.recv_timeout(std::time::Duration::from_millis(100)).ok())
            .unwrap_or_default();
        match status {
            Ok(s) if s.success() => Some(Ok(())),
            Ok(s) => {
                self.broken = true;
                let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                Some(Err(short(&if first.is_empty() {
                    format!("{}: {s}", self.program)
                } else {
                    format!("{}: {}", self.program, first.trim())
                })))
            }
            Err(e) => {
                self.broken = true;
                Some(Err(short(&format!("{}: {e}", self.program))))
            }
        }
    }

    /// Waits until the text has been read, up to `limit`; for tests and
    /// for plain mode when it quits.
    pub fn wait(&mut self, limit: std::time::Duration) -> Option<Result<(), String>> {
        let end = std::time::Instant::now() + limit;
        while std::time::Instant::now() < end {
            if let Some(r) = self.poll() {
                return Some(r);
            }
            self.child.as_ref()?;
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A reason short enough for one line on the screen.
fn short(s: &str) -> String {
    s.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("yibao-speaker-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_command_gets_the_text_on_its_standard_input() {
        let dir = temp("stdin");
        let out = dir.join("said.txt");
        let mut s = Speaker::new(&format!("tee {}", out.display())).unwrap();
        s.say("第1题，共4题。\n").unwrap();
        assert_eq!(s.wait(Duration::from_secs(5)), Some(Ok(())));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "第1题，共4题。\n");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn saying_returns_at_once_and_stop_ends_a_long_reading() {
        let mut s = Speaker::new("sleep 30").unwrap();
        let t = Instant::now();
        s.say("很长的一段话").unwrap();
        assert!(s.speaking());
        s.stop();
        assert!(!s.speaking());
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        // Being stopped is not a failure.
        assert!(!s.broken());
        assert_eq!(s.poll(), None);
    }

    #[test]
    fn a_missing_or_failing_command_says_why_once_and_is_broken() {
        let mut s = Speaker::new("no-such-speech-command -v x").unwrap();
        let e = s.say("x").unwrap_err();
        assert!(e.starts_with("no-such-speech-command:"), "{e}");
        assert!(s.broken());
        let mut s = Speaker::new("ls /no/such/file/here").unwrap();
        s.say("x").unwrap();
        let e = s.wait(Duration::from_secs(5)).unwrap().unwrap_err();
        assert!(e.starts_with("ls: ") && e.chars().count() <= 80, "{e}");
        assert!(s.broken());
        assert!(s.say("again").is_err());
        assert!(Speaker::new("   ").is_none());
    }
}

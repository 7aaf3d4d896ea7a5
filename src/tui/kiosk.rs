//! Kiosk settings: `--kiosk`, or a `[kiosk]` table in the file given by
//! `--config`.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::app::App;
use crate::content::{Content, Lang};
use crate::flow::Resolved;

/// Exit codes a supervisor can act on.
pub mod exit_code {
    /// Quit by the person (desktop) or by staff with the operator exit, or
    /// stopped by SIGTERM / SIGHUP: do not restart.
    pub const OK: u8 = 0;
    /// Content or settings are broken: the out-of-service screen was shown.
    pub const OUT_OF_SERVICE: u8 = 3;
    /// The terminal went away or failed.
    pub const TERMINAL: u8 = 4;
}

pub const DEFAULT_IDLE_SECONDS: u64 = 120;

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct KioskConfig {
    /// Seconds without a key or a tap before the answers are wiped.
    #[serde(default = "default_idle")]
    pub idle_seconds: u64,
    /// Keys that, typed in a row, let staff leave: e.g. ["ctrl-alt-x", "f12"].
    #[serde(default = "default_exit")]
    pub operator_exit: Vec<String>,
    /// A content folder to use instead of the built-in content.
    pub content: Option<PathBuf>,
    /// Where to keep anonymous counts of outcome ids (nothing else).
    pub counts_file: Option<PathBuf>,
    #[serde(default)]
    pub high_contrast: bool,
    /// A command that prints text from its standard input on a receipt
    /// printer, e.g. "lp -d receipt". Split at spaces; no shell.
    pub print_command: Option<String>,
    /// Characters per receipt line (a Chinese character counts two).
    #[serde(default = "default_print_columns")]
    pub print_columns: usize,
    /// Anonymous daily counts in the systemd journal (counts_journal.rs).
    #[serde(default)]
    pub counts_journal: bool,
    /// The hall's code in those counts.
    pub site_code: Option<String>,
    /// journald's native socket, when not the usual one.
    pub journal_socket: Option<PathBuf>,
    /// A command that reads its standard input aloud, e.g.
    /// "espeak-ng -v cmn-latn-pinyin -s 140". Split at spaces; no shell.
    pub speak_command: Option<String>,
    /// The same for English, when the Chinese voice cannot read it.
    pub speak_command_en: Option<String>,
    /// The service hall the kiosk stands in (`[kiosk.hall]`).
    pub hall: Option<Hall>,
}

/// The service hall a kiosk stands in: its province presets the province
/// questions, its windows and phone are named on the result pages.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Hall {
    /// An option id of `from_province`, e.g. "guangdong".
    pub province: String,
    /// The hall's name, e.g. "天河区医保服务大厅", or in both languages:
    /// `{ zh = "天河区医保服务大厅", en = "Tianhe District Medical
    /// Insurance Service Hall" }`.
    pub name: Name,
    /// Its phone number for questions, shown on steps that say to call.
    pub phone: Option<String>,
    /// Which window serves what.
    #[serde(default)]
    pub windows: Windows,
}

/// A name as the settings give it: one for both languages, or each.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Name {
    One(String),
    Both(NameBoth),
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NameBoth {
    pub zh: String,
    pub en: String,
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::One(s.to_owned())
    }
}

impl Name {
    /// The name in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match (self, lang) {
            (Name::One(s), _) => s,
            (Name::Both(b), Lang::Zh) => &b.zh,
            (Name::Both(b), Lang::En) => &b.en,
        }
    }

    /// As a take-away gives it: in English also the Chinese name, for the
    /// clerk (`export.with_zh`).
    pub fn for_clerk(&self, content: &Content, lang: Lang) -> String {
        let (name, zh) = (self.get(lang), self.get(Lang::Zh));
        if lang == Lang::Zh || name.contains(zh) {
            return name.to_owned();
        }
        content
            .ui("export.with_zh", lang)
            .replace("{text}", name)
            .replace("{zh}", zh)
    }

    fn is_blank(&self) -> bool {
        match self {
            Name::One(s) => s.trim().is_empty(),
            Name::Both(b) => b.zh.trim().is_empty() || b.en.trim().is_empty(),
        }
    }
}

/// `[kiosk.hall.windows]`: the window for each kind of business, as the
/// hall signs it ("3号窗口"). A kind left out is "ask staff".
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    /// 转移接续: transfers.
    pub transfer: Option<String>,
    /// 异地就医备案: registering for care elsewhere.
    pub filing: Option<String>,
    /// 参保登记: enrolling and stopping.
    pub enrol: Option<String>,
}

impl Windows {
    /// The window for a step's `window` kind (see `content::WINDOWS`).
    pub fn get(&self, kind: &str) -> Option<&str> {
        match kind {
            "transfer" => self.transfer.as_deref(),
            "filing" => self.filing.as_deref(),
            "enrol" => self.enrol.as_deref(),
            _ => None,
        }
    }
}

/// Checks the hall against the content: the province must be one of the
/// province options (not "unknown"), the texts must not be empty.
pub fn check_hall(hall: &Hall, content: &crate::content::Content) -> Result<(), String> {
    let ids: Vec<&str> = content
        .question("from_province")
        .map(|q| {
            q.options
                .iter()
                .filter(|o| !o.keys.is_empty())
                .map(|o| o.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    if !ids.contains(&hall.province.as_str()) {
        return Err(format!(
            "[kiosk.hall] province = {:?} is not a province id; write one of: {}",
            hall.province,
            ids.join(", ")
        ));
    }
    let blank = |s: &Option<String>| s.as_deref().is_some_and(|s| s.trim().is_empty());
    if hall.name.is_blank() {
        return Err(
            "[kiosk.hall] name is empty: write the hall's name, e.g. \"天河区医保服务大厅\", or both halves of { zh = \"…\", en = \"…\" }".into(),
        );
    }
    for (key, v) in [
        ("phone", &hall.phone),
        ("windows.transfer", &hall.windows.transfer),
        ("windows.filing", &hall.windows.filing),
        ("windows.enrol", &hall.windows.enrol),
    ] {
        if blank(v) {
            return Err(format!(
                "[kiosk.hall] {key} is empty: write it (e.g. \"3号窗口\"), or remove the line"
            ));
        }
    }
    Ok(())
}

/// The route with the lines the steps page and the take-away carry on a
/// step: on a step done here, at a kiosk that knows its hall, which window
/// ("您就在大厅：请到3号窗口"); on a step that says to call, the number (the
/// hall's when the call goes here, the province's where a checked fact
/// gives one, else 12393). Worked out once, here: the view reads them.
pub fn at_hall(app: &App, mut r: Resolved) -> Resolved {
    let hall = app.hall.as_ref().filter(|_| app.kiosk.is_some());
    let lang = app.lang;
    for i in 0..r.steps.len() {
        let st = &r.steps[i];
        let Some(step) = app.content.steps.get(&st.id) else {
            continue;
        };
        let here = app.at_hall(&st.place.id);
        let mut lines = Vec::new();
        if let (true, Some(hall), Some(kind)) = (here, hall, &step.window) {
            lines.push(match hall.windows.get(kind) {
                Some(w) => app.ui("hall.at_window").replace("{window}", w),
                None => app.ui("hall.at_hall").to_owned(),
            });
        }
        if step.call {
            // The office called: the new place's for a step there, the
            // old place's for one there.
            let province = match st.place.id.as_str() {
                "transfer-out" | "home" => "from_province",
                _ => "to_province",
            };
            let fact_phone = app.answers.get(province).and_then(|p| {
                app.content
                    .facts
                    .iter()
                    .filter(|f| &f.province == p && r.regional.iter().any(|x| x.id == f.id))
                    .find_map(|f| f.phone.as_ref())
            });
            let hall_phone = hall
                .filter(|_| here)
                .and_then(|h| Some((h, h.phone.as_ref()?)));
            lines.push(match (hall_phone, fact_phone) {
                (Some((hall, phone)), _) => app
                    .ui("hall.call_hall")
                    .replace("{phone}", phone)
                    .replace("{name}", &hall.name.for_clerk(&app.content, lang)),
                (None, Some(phone)) => app
                    .ui("hall.call_province")
                    .replace("{phone}", phone.get(lang)),
                (None, None) => app.ui("hall.call_default").to_owned(),
            });
        }
        r.steps[i].at_hall = lines;
    }
    r
}

fn default_print_columns() -> usize {
    32
}

fn default_idle() -> u64 {
    DEFAULT_IDLE_SECONDS
}

fn default_exit() -> Vec<String> {
    vec![
        "ctrl-alt-q".into(),
        "ctrl-alt-q".into(),
        "ctrl-alt-q".into(),
    ]
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig {
            idle_seconds: DEFAULT_IDLE_SECONDS,
            operator_exit: default_exit(),
            content: None,
            counts_file: None,
            high_contrast: false,
            print_command: None,
            print_columns: default_print_columns(),
            counts_journal: false,
            site_code: None,
            journal_socket: None,
            speak_command: None,
            speak_command_en: None,
            hall: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    kiosk: Option<KioskConfig>,
}

/// The largest settings file read; the sample is about 1.5 KB.
pub const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// Opens `path` for reading only if it is a regular file: a FIFO, a device
/// or a folder is refused at once, never waited on or read without end.
fn open_regular(path: &Path, extra_flags: i32) -> io::Result<fs::File> {
    let f = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | extra_flags)
        .open(path)?;
    let kind = f.metadata()?.file_type();
    if !kind.is_file() {
        return Err(io::Error::other(format!(
            "not a regular file (it is {})",
            kind_name(kind)
        )));
    }
    Ok(f)
}

fn kind_name(kind: fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "not a plain file"
    }
}

/// Reads a regular file of at most `max` bytes as UTF-8 text.
fn read_capped(path: &Path, max: u64, extra_flags: i32) -> Result<String, String> {
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let f = open_regular(path, extra_flags).map_err(|e| at(&e))?;
    let mut bytes = Vec::new();
    f.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| at(&e))?;
    if bytes.len() as u64 > max {
        return Err(at(&format!(
            "file is too large; this file is at most {} KB",
            max / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| at(&"not UTF-8 text; save the file as UTF-8"))
}

/// Reads the `[kiosk]` table of a settings file.
pub fn load_config(path: &Path) -> Result<Option<KioskConfig>, String> {
    let text = read_capped(path, MAX_CONFIG_BYTES, 0)?;
    let mut f: ConfigFile = toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let file = crate::content::SourceFile {
            name: path.display().to_string(),
            text: text.clone(),
        };
        crate::content::Diagnostic::at(&file, span, e.message().trim()).to_string()
    })?;
    if let Some(k) = &f.kiosk
        && (k.idle_seconds == 0 || k.operator_exit.is_empty())
    {
        return Err(format!(
            "{}: idle_seconds must be at least 1 and operator_exit must name at least one key",
            path.display()
        ));
    }
    if let Some(k) = &mut f.kiosk {
        for key in &mut k.operator_exit {
            *key = canonical_key(key)
                .map_err(|e| format!("{}: operator_exit: {e}", path.display()))?;
        }
        if !(16..=160).contains(&k.print_columns) {
            return Err(format!(
                "{}: print_columns must be between 16 and 160 (receipt printers use 32, 42 or 48)",
                path.display()
            ));
        }
        for (key, cmd) in [
            ("speak_command", &k.speak_command),
            ("speak_command_en", &k.speak_command_en),
        ] {
            if cmd.as_deref().is_some_and(|c| c.trim().is_empty()) {
                return Err(format!(
                    "{}: {key} is empty: name a command such as \"espeak-ng -v cmn-latn-pinyin -s 140\", or remove the line",
                    path.display()
                ));
            }
        }
        if k.print_command
            .as_deref()
            .is_some_and(|c| c.split_whitespace().next().is_none())
        {
            return Err(format!(
                "{}: print_command is empty: name a command such as \"lp -d receipt\", or remove the line",
                path.display()
            ));
        }
    }
    if let Some(k) = &f.kiosk {
        super::counts_journal::check_settings(k).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(f.kiosk)
}

/// A key name from the settings as `input::key_name` writes it: case and
/// the order of `ctrl-` and `alt-` do not matter. A name that no key
/// produces is refused, so that staff are never locked in by a typo.
pub fn canonical_key(name: &str) -> Result<String, String> {
    const NAMED: &[&str] = &[
        "enter",
        "esc",
        "tab",
        "backspace",
        "home",
        "end",
        "insert",
        "delete",
        "up",
        "down",
        "left",
        "right",
        "pageup",
        "pagedown",
    ];
    let lower = name.trim().to_lowercase();
    let (mut ctrl, mut alt) = (false, false);
    let mut rest = lower.as_str();
    loop {
        if let Some(r) = rest
            .strip_prefix("ctrl-")
            .filter(|r| !r.is_empty() && !ctrl)
        {
            ctrl = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty() && !alt) {
            alt = true;
            rest = r;
        } else {
            break;
        }
    }
    let unknown = || {
        format!(
            "{name:?} is not a key name; write for example \"ctrl-alt-q\", \"f12\" or \"x\" (ctrl- and alt- in front, in any order)"
        )
    };
    let is_f = rest
        .strip_prefix('f')
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=12).contains(&n));
    let mut chars = rest.chars();
    let single = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_whitespace() && !c.is_control() => Some(c),
        _ => None,
    };
    let key = match single {
        Some(c) => c.to_string(),
        None if rest == "space" => " ".to_owned(),
        None if is_f || NAMED.contains(&rest) => rest.to_owned(),
        None => return Err(unknown()),
    };
    // What a terminal cannot send: Ctrl with Enter, Tab, Esc, Backspace
    // or a key other than a letter, Ctrl-I and Ctrl-M (they arrive as Tab
    // and Enter), and Alt-Esc (two Esc presses).
    let ctrl_ok = match (single, key.as_str()) {
        (Some(c), _) => c.is_ascii_lowercase() && c != 'i' && c != 'm',
        (None, k) => !matches!(k, "enter" | "tab" | "esc" | "backspace" | " "),
    };
    if (ctrl && !ctrl_ok) || (alt && key == "esc") {
        return Err(format!(
            "{name:?} cannot be typed on a terminal: it arrives as another key; choose another"
        ));
    }
    Ok(format!(
        "{}{}{key}",
        if ctrl { "ctrl-" } else { "" },
        if alt { "alt-" } else { "" }
    ))
}

/// How long a printer may take before the kiosk gives up on it.
pub const PRINT_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs the print command with `text` on its standard input. An error
/// says what went wrong in a few words, for the screen. The command runs
/// in a process group of its own: when it gives no answer in time, it and
/// everything it started are ended. Its input is written and its errors
/// read on threads of their own, so that neither a command that does not
/// read nor one that writes much to stderr can hold the kiosk past
/// `timeout`.
pub fn print(command: &str, text: &str, timeout: Duration) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::sync::mpsc::channel;
    let mut parts = command.split_whitespace();
    let program = parts.next().ok_or("no print command")?;
    let mut child = Command::new(program)
        .args(parts)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    let group = child.id() as libc::pid_t;
    let end_group = || {
        // SAFETY: kill(2) on the process group of the command we started.
        unsafe { libc::kill(-group, libc::SIGKILL) };
    };
    let (wrote_tx, wrote) = channel();
    if let Some(mut stdin) = child.stdin.take() {
        let bytes = text.as_bytes().to_vec();
        std::thread::spawn(move || {
            let _ = wrote_tx.send(stdin.write_all(&bytes).and_then(|()| stdin.flush()).is_ok());
        });
    }
    let (said_tx, said) = channel();
    if let Some(mut err) = child.stderr.take() {
        std::thread::spawn(move || {
            // Keep the start, read everything, so the command never waits on
            // a full pipe.
            let mut first = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                let room = 4096usize.saturating_sub(first.len());
                first.extend_from_slice(&buf[..n.min(room)]);
            }
            let _ = said_tx.send(first);
        });
    }
    let start = Instant::now();
    let left = || timeout.saturating_sub(start.elapsed());
    let no_answer = || format!("{program}: no answer after {} s", timeout.as_secs());
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if left().is_zero() => {
                end_group();
                let _ = child.wait();
                return Err(no_answer());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                end_group();
                return Err(format!("{program}: {e}"));
            }
        }
    };
    // What the command printed on stderr, once it is all in (something it
    // left running may hold the pipe open: then what came so far).
    let why = said
        .recv_timeout(Duration::from_millis(300).min(left().max(Duration::from_millis(50))))
        .unwrap_or_default();
    let why = String::from_utf8_lossy(&why);
    let first: String = why
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    if !status.success() {
        return Err(if first.is_empty() {
            format!("{program}: {status}")
        } else {
            format!("{program}: {first}")
        });
    }
    match wrote.recv_timeout(left()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("{program}: ended without taking the whole receipt")),
        Err(_) => {
            end_group();
            Err(no_answer())
        }
    }
}

/// The largest counts file read: one line per outcome id.
pub const MAX_COUNTS_BYTES: u64 = 1024 * 1024;

/// Adds one to the count of an outcome id. Only ids are ever written.
/// Only a regular file is read or replaced: a link, a device or a FIFO at
/// the path is refused, the temporary file is created new (a link planted
/// at its name is removed, never followed), and a file that does not read
/// as counts is left as it is and reported, never reset.
pub fn count_outcome(path: &Path, outcome: &str) -> io::Result<()> {
    let mut counts = read_counts(path)?;
    *counts.entry(outcome.to_owned()).or_default() += 1;
    let text = toml::to_string(&counts).map_err(io::Error::other)?;
    replace_file(path, &text)
}

fn read_counts(path: &Path) -> io::Result<BTreeMap<String, u64>> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(e),
        Ok(m) if !m.file_type().is_file() => {
            return Err(io::Error::other(format!(
                "{}: not a regular file (it is {}); the counts are kept only in a regular file",
                path.display(),
                kind_name(m.file_type())
            )));
        }
        Ok(_) => {}
    }
    let text = read_capped(path, MAX_COUNTS_BYTES, libc::O_NOFOLLOW).map_err(io::Error::other)?;
    toml::from_str::<BTreeMap<String, u64>>(&text).map_err(|e| {
        io::Error::other(format!(
            "{}: not a counts file ({}); it is left as it is and nothing is counted until it is fixed or removed",
            path.display(),
            e.message().trim()
        ))
    })
}

/// Writes `text` to a new temporary file next to `path`, then renames it
/// over `path`: the file is never half written.
fn replace_file(path: &Path, text: &str) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{}: not a file name", path.display())))?;
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    match fs::remove_file(&tmp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// A message for staff: to the system log, and to stderr when stderr is
/// not the screen the public sees (a file or the journal). Never an
/// answer: only what is broken.
pub fn log(message: &str) {
    use std::io::IsTerminal;
    let message = crate::out::escape_controls(message);
    if !io::stderr().is_terminal() {
        crate::out::eprint(&format!("{message}\n"));
    }
    if let Ok(c) = std::ffi::CString::new(format!("yibao-guide: {message}")) {
        // SAFETY: syslog(3) with a constant format and one C string.
        unsafe { libc::syslog(libc::LOG_USER | libc::LOG_ERR, c"%s".as_ptr(), c.as_ptr()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("yibao-kiosk-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_sample_settings_file_is_valid_and_says_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kiosk.toml");
        let cfg = load_config(&path).unwrap().expect("a [kiosk] table");
        assert_eq!(cfg, KioskConfig::default());
    }

    #[test]
    fn a_typo_in_the_settings_is_reported_with_its_line() {
        let dir = temp("typo");
        let path = dir.join("k.toml");
        std::fs::write(&path, "[kiosk]\nidle_seconds = 60\nidle_secnds = 5\n").unwrap();
        let err = load_config(&path).unwrap_err();
        assert!(
            err.contains("k.toml:3:1") && err.contains("idle_secnds"),
            "{err}"
        );
        std::fs::write(&path, "[kiosk]\nidle_seconds = 0\n").unwrap();
        assert!(load_config(&path).unwrap_err().contains("at least 1"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_print_command_gets_the_text_and_failures_say_why() {
        let dir = temp("print");
        let out = dir.join("receipt.txt");
        let cmd = format!("tee {}", out.display());
        print(&cmd, "第1步\n", Duration::from_secs(5)).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "第1步\n");
        let e = print("no-such-printer-command", "x", Duration::from_secs(5)).unwrap_err();
        assert!(e.starts_with("no-such-printer-command:"), "{e}");
        let e = print("false", "x", Duration::from_secs(5)).unwrap_err();
        assert!(e.contains("false") && e.contains("exit"), "{e}");
        let e = print("sleep 10", "x", Duration::from_millis(200)).unwrap_err();
        assert!(e.contains("no answer"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn print_settings_are_checked() {
        let dir = temp("print-settings");
        let path = dir.join("k.toml");
        std::fs::write(
            &path,
            "[kiosk]\nprint_command = \"lp -d receipt\"\nprint_columns = 48\n",
        )
        .unwrap();
        let k = load_config(&path).unwrap().unwrap();
        assert_eq!(
            (k.print_command.as_deref(), k.print_columns),
            (Some("lp -d receipt"), 48)
        );
        std::fs::write(&path, "[kiosk]\nprint_columns = 4\n").unwrap();
        assert!(load_config(&path).unwrap_err().contains("print_columns"));
        std::fs::write(&path, "[kiosk]\nprint_command = \"  \"\n").unwrap();
        assert!(
            load_config(&path)
                .unwrap_err()
                .contains("print_command is empty")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn speech_settings_are_read_and_an_empty_command_is_refused() {
        let dir = temp("speak-settings");
        let path = dir.join("k.toml");
        std::fs::write(
            &path,
            "[kiosk]\nspeak_command = \"espeak-ng -v cmn-latn-pinyin -s 140\"\nspeak_command_en = \"espeak-ng -v en\"\n",
        )
        .unwrap();
        let k = load_config(&path).unwrap().unwrap();
        assert_eq!(
            (k.speak_command.as_deref(), k.speak_command_en.as_deref()),
            (
                Some("espeak-ng -v cmn-latn-pinyin -s 140"),
                Some("espeak-ng -v en")
            )
        );
        std::fs::write(&path, "[kiosk]\nspeak_command = \" \"\n").unwrap();
        assert!(
            load_config(&path)
                .unwrap_err()
                .contains("speak_command is empty")
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn counts_hold_outcome_ids_and_numbers_only() {
        let dir = temp("counts");
        let path = dir.join("counts.toml");
        count_outcome(&path, "employee-cross-online").unwrap();
        count_outcome(&path, "employee-cross-online").unwrap();
        count_outcome(&path, "resident-retirement").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "employee-cross-online = 2\nresident-retirement = 1\n");
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// Runs `f` on a thread and fails if it takes longer than `limit`.
    fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(limit)
            .unwrap_or_else(|_| panic!("still blocked after {limit:?}"))
    }

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mkfifo(3) with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    #[test]
    fn the_settings_file_must_be_a_small_regular_file() {
        let dir = temp("config-kinds");
        let fifo = dir.join("fifo.toml");
        mkfifo(&fifo);
        let e = within(Duration::from_secs(5), move || {
            load_config(&fifo).unwrap_err()
        });
        assert!(e.contains("not a regular file (it is a FIFO)"), "{e}");
        let e = within(Duration::from_secs(5), || {
            load_config(Path::new("/dev/urandom")).unwrap_err()
        });
        assert!(e.contains("not a regular file (it is a device)"), "{e}");
        let e = load_config(&dir).unwrap_err();
        assert!(e.contains("a folder"), "{e}");
        let big = dir.join("big.toml");
        std::fs::write(&big, format!("# {}\n[kiosk]\n", "x".repeat(100_000))).unwrap();
        let e = load_config(&big).unwrap_err();
        assert!(e.contains("too large") && e.contains("64 KB"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn operator_exit_keys_are_read_in_any_case_and_order_or_refused() {
        for (written, read) in [
            ("Ctrl-Alt-Q", "ctrl-alt-q"),
            ("alt-ctrl-q", "ctrl-alt-q"),
            ("F12", "f12"),
            ("ALT-x", "alt-x"),
            ("ctrl-pagedown", "ctrl-pagedown"),
            ("X", "x"),
        ] {
            assert_eq!(canonical_key(written).as_deref(), Ok(read), "{written}");
        }
        for bad in [
            "",
            "  ",
            "ctrl-",
            "ctrl-alt-qq",
            "shift-q",
            "hyper-q",
            "f13",
            "ctrl-ctrl-q",
        ] {
            let e = canonical_key(bad).unwrap_err();
            assert!(e.contains("is not a key name"), "{bad}: {e}");
        }
        for never in ["ctrl-m", "ctrl-i", "ctrl-enter", "ctrl-1", "alt-esc"] {
            let e = canonical_key(never).unwrap_err();
            assert!(e.contains("cannot be typed"), "{never}: {e}");
        }
        let dir = temp("exit-keys");
        let path = dir.join("k.toml");
        std::fs::write(
            &path,
            "[kiosk]\noperator_exit = [\"Ctrl-Alt-Q\", \"alt-ctrl-q\"]\n",
        )
        .unwrap();
        let k = load_config(&path).unwrap().unwrap();
        assert_eq!(k.operator_exit, ["ctrl-alt-q", "ctrl-alt-q"]);
        std::fs::write(&path, "[kiosk]\noperator_exit = [\"f12\", \"\"]\n").unwrap();
        let e = load_config(&path).unwrap_err();
        assert!(e.contains("operator_exit") && e.contains("\"\""), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// The keys a terminal sends for each accepted name come back under
    /// that name: an accepted operator exit can be typed.
    #[test]
    fn every_accepted_key_name_is_what_its_key_is_read_as() {
        use super::super::{decode::Decoder, input::key_name};
        use ratatui::crossterm::event::Event;
        let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
        for c in 'a'..='z' {
            cases.push((c.to_string(), vec![c as u8]));
            cases.push((format!("alt-{c}"), vec![0x1b, c as u8]));
            if c != 'i' && c != 'm' {
                let ctrl = c as u8 - b'a' + 1;
                cases.push((format!("ctrl-{c}"), vec![ctrl]));
                cases.push((format!("ctrl-alt-{c}"), vec![0x1b, ctrl]));
            }
        }
        for (name, bytes) in [
            ("f1", &b"\x1bOP"[..]),
            ("f5", b"\x1b[15~"),
            ("f12", b"\x1b[24~"),
            ("ctrl-f12", b"\x1b[24;5~"),
            ("alt-f12", b"\x1b[24;3~"),
            ("enter", b"\r"),
            ("alt-enter", b"\x1b\r"),
            ("esc", b"\x1b"),
            ("tab", b"\t"),
            ("home", b"\x1b[H"),
            ("ctrl-home", b"\x1b[1;5H"),
            ("delete", b"\x1b[3~"),
            ("pagedown", b"\x1b[6~"),
        ] {
            cases.push((name.to_owned(), bytes.to_vec()));
        }
        for (name, bytes) in cases {
            let canon = canonical_key(&name).unwrap();
            let mut d = Decoder::default();
            let mut evs = d.feed(&bytes);
            evs.extend(d.flush());
            let read: Vec<String> = evs
                .iter()
                .filter_map(|e| match e {
                    Event::Key(k) => Some(key_name(k)),
                    _ => None,
                })
                .collect();
            assert_eq!(read, [canon], "{name} sent as {bytes:?}");
        }
    }

    /// The print command that runs `script` with sh. Executing a file just
    /// written can fail as "text file busy" while another test thread forks
    /// with it still open.
    fn by_sh(script: &std::path::Path) -> String {
        format!("/bin/sh {}", script.display())
    }

    #[test]
    fn a_command_that_never_reads_its_input_gives_no_answer_in_time() {
        let dir = temp("print-noread");
        let script = dir.join("noread.sh");
        std::fs::write(&script, "#!/bin/sh\nexec sleep 5\n").unwrap();
        let text = "第1步 ".repeat(100_000);
        let started = Instant::now();
        let e = print(&by_sh(&script), &text, Duration::from_millis(500)).unwrap_err();
        assert!(e.contains("no answer"), "{e}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_command_with_much_to_say_on_stderr_is_heard() {
        let dir = temp("print-stderr");
        let script = dir.join("loud.sh");
        // A first line with an escape in it, then 200 KB more.
        std::fs::write(
            &script,
            "#!/bin/sh\ncat >/dev/null\n{ printf 'paper \\033[2Jjam\\n'; head -c 200000 /dev/zero | tr '\\0' x; } >&2\nexit 1\n",
        )
        .unwrap();
        let e = print(&by_sh(&script), "x", Duration::from_secs(10)).unwrap_err();
        // What it said, without the escape that would act on the screen.
        assert!(e.ends_with("paper [2Jjam"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn what_a_timed_out_command_started_is_ended_with_it() {
        let dir = temp("print-group");
        let script = dir.join("spawns.sh");
        let pidfile = dir.join("pid");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nsleep 30 &\necho $! > {}\nwait\n",
                pidfile.display()
            ),
        )
        .unwrap();
        let e = print(&by_sh(&script), "x", Duration::from_millis(500)).unwrap_err();
        assert!(e.contains("no answer"), "{e}");
        let pid: libc::pid_t = std::fs::read_to_string(&pidfile)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let end = Instant::now() + Duration::from_secs(3);
        // Gone, or a zombie waiting for init to reap it.
        let alive = || {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|s| !s.rsplit(')').next().unwrap_or("").trim().starts_with('Z'))
        };
        while alive() {
            assert!(Instant::now() < end, "the command's child {pid} still runs");
            std::thread::sleep(Duration::from_millis(50));
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_bad_counts_file_is_kept_and_reported_not_reset() {
        let dir = temp("counts-bad");
        let path = dir.join("counts.toml");
        let old = "employee-cross-online = 41\nthis line is broken\n";
        std::fs::write(&path, old).unwrap();
        let e = count_outcome(&path, "employee-cross-online").unwrap_err();
        assert!(e.to_string().contains("left as it is"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), old);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn links_and_special_files_at_the_counts_path_are_never_followed_or_replaced() {
        let dir = temp("counts-links");
        let path = dir.join("counts.toml");
        let target = dir.join("precious.txt");
        std::fs::write(&target, "keep me\n").unwrap();
        // Links planted at the temporary names, old and new.
        for tmp in [
            path.with_extension("tmp"),
            dir.join(format!(".counts.toml.{}.tmp", std::process::id())),
        ] {
            std::os::unix::fs::symlink(&target, tmp).unwrap();
        }
        count_outcome(&path, "a").unwrap();
        count_outcome(&path, "a").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 2\n");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
        assert!(std::fs::symlink_metadata(&path).unwrap().is_file());

        // A link at the counts path itself.
        let linked = dir.join("linked.toml");
        std::os::unix::fs::symlink(&target, &linked).unwrap();
        let e = count_outcome(&linked, "a").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");

        // A FIFO: refused at once, not waited on.
        let fifo = dir.join("fifo.toml");
        mkfifo(&fifo);
        let f = fifo.clone();
        let e = within(Duration::from_secs(5), move || {
            count_outcome(&f, "a").unwrap_err()
        });
        assert!(e.to_string().contains("FIFO"), "{e}");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );

        // A device node (made only where allowed, as root).
        let dev = dir.join("null.toml");
        let c = std::ffi::CString::new(dev.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: mknod(2) of /dev/null's numbers, with a valid C string.
        let made =
            unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o600, libc::makedev(1, 3)) } == 0;
        if made {
            let e = count_outcome(&dev, "a").unwrap_err();
            assert!(e.to_string().contains("device"), "{e}");
            let kind = std::fs::symlink_metadata(&dev).unwrap().file_type();
            assert!(kind.is_char_device(), "the device is still there");
        } else {
            eprintln!("skipped the device-node case: mknod needs root");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}

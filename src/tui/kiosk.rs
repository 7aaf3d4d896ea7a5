//! Kiosk settings: `--kiosk`, or a `[kiosk]` table in the file given by
//! `--config`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

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
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    kiosk: Option<KioskConfig>,
}

/// Reads the `[kiosk]` table of a settings file.
pub fn load_config(path: &Path) -> Result<Option<KioskConfig>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let f: ConfigFile = toml::from_str(&text).map_err(|e| {
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
    if let Some(k) = &f.kiosk {
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

/// How long a printer may take before the kiosk gives up on it.
pub const PRINT_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs the print command with `text` on its standard input. An error
/// says what went wrong in a few words, for the screen.
pub fn print(command: &str, text: &str, timeout: Duration) -> Result<(), String> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut parts = command.split_whitespace();
    let program = parts.next().ok_or("no print command")?;
    let mut child = Command::new(program)
        .args(parts)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A printer command that exits early closes its input: the exit
        // status below says why.
        let _ = stdin.write_all(text.as_bytes());
    }
    let start = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                let first = err.lines().next().unwrap_or("").trim();
                let why: String = first.chars().take(80).collect();
                return Err(if why.is_empty() {
                    format!("{program}: {status}")
                } else {
                    format!("{program}: {why}")
                });
            }
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program}: no answer after {} s",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("{program}: {e}")),
        }
    }
}

/// Adds one to the count of an outcome id. Only ids are ever written.
pub fn count_outcome(path: &Path, outcome: &str) -> std::io::Result<()> {
    let mut counts: BTreeMap<String, u64> = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str::<BTreeMap<String, u64>>(&t).ok())
        .unwrap_or_default();
    *counts.entry(outcome.to_owned()).or_default() += 1;
    let text = toml::to_string(&counts).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, path)
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
}

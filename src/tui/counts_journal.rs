//! Anonymous daily counts of outcomes in the systemd journal.
//!
//! A kiosk with `counts_journal = true` keeps, in memory only, how often
//! each outcome was reached today. When the day ends (China Standard Time)
//! and when the kiosk stops, it writes one journal entry per outcome:
//!
//! ```text
//! MESSAGE=yibao-guide daily count: employee-cross-online 12 (day 2026-12-01, site 330100-01, content 2026.11.2)
//! MESSAGE_ID=8848736078c64d50b478901102ff98ef
//! PRIORITY=6
//! SYSLOG_IDENTIFIER=yibao-guide
//! YIBAO_DAY=2026-12-01
//! YIBAO_OUTCOME=employee-cross-online
//! YIBAO_COUNT=12
//! YIBAO_CONTENT_VERSION=2026.11.2
//! YIBAO_SITE=330100-01
//! ```
//!
//! Nothing else: no answers, no time of any use, no device or session id.
//! The entries go straight to journald's native socket
//! (`/run/systemd/journal/socket`, one datagram per entry). Where there is
//! no journal, or writing to it fails, the counts go to `counts_file` as
//! before.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::kiosk::{self, KioskConfig};
use crate::calendar::Date;

/// journald's socket for structured entries.
pub const JOURNAL_SOCKET: &str = "/run/systemd/journal/socket";

/// Marks these entries, for `journalctl MESSAGE_ID=...` and log shipping.
pub const MESSAGE_ID: &str = "8848736078c64d50b478901102ff98ef";

/// Where an entry of named fields goes. Faked in tests.
pub trait Journal {
    fn send(&mut self, fields: &[(&'static str, String)]) -> io::Result<()>;
}

/// The real journal: datagrams in journald's native protocol.
pub struct NativeJournal {
    #[cfg(unix)]
    socket: std::os::unix::net::UnixDatagram,
}

impl NativeJournal {
    /// Connects to the socket at `path`; fails when there is no journal.
    #[cfg(unix)]
    pub fn connect(path: &Path) -> io::Result<NativeJournal> {
        let socket = std::os::unix::net::UnixDatagram::unbound()?;
        socket.connect(path)?;
        Ok(NativeJournal { socket })
    }

    #[cfg(not(unix))]
    pub fn connect(_path: &Path) -> io::Result<NativeJournal> {
        Err(io::Error::other("no journal on this system"))
    }
}

impl Journal for NativeJournal {
    #[cfg(unix)]
    fn send(&mut self, fields: &[(&'static str, String)]) -> io::Result<()> {
        self.socket.send(&encode(fields)).map(|_| ())
    }

    #[cfg(not(unix))]
    fn send(&mut self, _fields: &[(&'static str, String)]) -> io::Result<()> {
        Err(io::Error::other("no journal on this system"))
    }
}

/// journald's native format: `KEY=value\n`, or for a value with a line
/// break `KEY\n`, its length as 64-bit little-endian, the value, `\n`.
pub fn encode(fields: &[(&'static str, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in fields {
        out.extend_from_slice(k.as_bytes());
        if v.contains('\n') {
            out.push(b'\n');
            out.extend_from_slice(&(v.len() as u64).to_le_bytes());
        } else {
            out.push(b'=');
        }
        out.extend_from_slice(v.as_bytes());
        out.push(b'\n');
    }
    out
}

/// The entries for one day's counts, one per outcome, in id order.
pub fn entries(
    day: Date,
    counts: &BTreeMap<String, u64>,
    content_version: &str,
    site: &str,
) -> Vec<Vec<(&'static str, String)>> {
    counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(outcome, n)| {
            vec![
                (
                    "MESSAGE",
                    format!(
                        "yibao-guide daily count: {outcome} {n} (day {day}, site {site}, content {content_version})"
                    ),
                ),
                ("MESSAGE_ID", MESSAGE_ID.to_owned()),
                ("PRIORITY", "6".to_owned()),
                ("SYSLOG_IDENTIFIER", "yibao-guide".to_owned()),
                ("YIBAO_DAY", day.to_string()),
                ("YIBAO_OUTCOME", outcome.clone()),
                ("YIBAO_COUNT", n.to_string()),
                ("YIBAO_CONTENT_VERSION", content_version.to_owned()),
                ("YIBAO_SITE", site.to_owned()),
            ]
        })
        .collect()
}

/// A site code: what the office calls the hall, e.g. "330100-01". Short
/// and plain, so it cannot carry anything else.
pub fn check_site_code(code: &str) -> Result<(), String> {
    let ok = !code.is_empty()
        && code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "site_code `{code}` must be 1 to 32 letters, digits, `-`, `_` or `.`"
        ))
    }
}

/// The settings this module reads, checked with the rest of the file.
pub fn check_settings(k: &KioskConfig) -> Result<(), String> {
    match (&k.site_code, k.counts_journal) {
        (Some(code), _) => check_site_code(code),
        (None, true) => {
            Err("counts_journal = true needs a site_code, e.g. site_code = \"330100-01\"".into())
        }
        (None, false) => Ok(()),
    }
}

enum Sink {
    Nothing,
    File(PathBuf),
    Journal {
        journal: Box<dyn Journal>,
        site: String,
        fallback: Option<PathBuf>,
    },
}

/// Counts outcomes for the kiosk: per day in memory for the journal, or
/// straight into the counts file. Writes what it holds when dropped, so
/// every way out of the wizard (quit, SIGTERM, a lost terminal, a panic
/// that unwinds) writes the day's entries.
pub struct Counter {
    sink: Sink,
    content_version: String,
    day: Option<Date>,
    counts: BTreeMap<String, u64>,
}

impl Counter {
    /// Counts nothing.
    pub fn none() -> Counter {
        Counter::with(Sink::Nothing, "")
    }

    /// Counts into the counts file, one outcome at a time.
    pub fn file(path: PathBuf) -> Counter {
        Counter::with(Sink::File(path), "")
    }

    /// Daily counts into `journal`; the file takes them if it fails.
    pub fn journal(
        journal: Box<dyn Journal>,
        site: &str,
        content_version: &str,
        fallback: Option<PathBuf>,
    ) -> Counter {
        Counter::with(
            Sink::Journal {
                journal,
                site: site.to_owned(),
                fallback,
            },
            content_version,
        )
    }

    fn with(sink: Sink, content_version: &str) -> Counter {
        Counter {
            sink,
            content_version: content_version.to_owned(),
            day: None,
            counts: BTreeMap::new(),
        }
    }

    /// What the kiosk settings ask for: the journal when `counts_journal`
    /// is on and a journal is there, else the counts file, else nothing.
    pub fn for_kiosk(cfg: Option<&KioskConfig>, content_version: &str) -> Counter {
        let Some(k) = cfg else {
            return Counter::none();
        };
        let file = k.counts_file.clone();
        if k.counts_journal
            && let Some(site) = &k.site_code
            && let Ok(j) = NativeJournal::connect(
                k.journal_socket
                    .as_deref()
                    .unwrap_or(Path::new(JOURNAL_SOCKET)),
            )
        {
            return Counter::journal(Box::new(j), site, content_version, file);
        }
        file.map_or_else(Counter::none, Counter::file)
    }

    /// Called on every turn of the wizard's loop: counts an outcome just
    /// reached, and writes yesterday's counts once the day has changed.
    pub fn note(&mut self, reached: Option<String>, today: Date) {
        if self.day.is_some_and(|d| d != today) {
            self.flush();
        }
        let Some(outcome) = reached else { return };
        match &self.sink {
            Sink::Nothing => {}
            Sink::File(path) => {
                if let Err(e) = kiosk::count_outcome(path, &outcome) {
                    kiosk::log(&format!("counts: {e}"));
                }
            }
            Sink::Journal { .. } => {
                self.day = Some(today);
                *self.counts.entry(outcome).or_default() += 1;
            }
        }
    }

    /// Writes the counts held for the day, and forgets them.
    pub fn flush(&mut self) {
        let (
            Some(day),
            Sink::Journal {
                journal,
                site,
                fallback,
            },
        ) = (self.day.take(), &mut self.sink)
        else {
            return;
        };
        let counts = std::mem::take(&mut self.counts);
        let all = entries(day, &counts, &self.content_version, site);
        for (entry, (outcome, n)) in all.iter().zip(&counts) {
            if journal.send(entry).is_err()
                && let Some(path) = fallback
            {
                for _ in 0..*n {
                    let _ = kiosk::count_outcome(path, outcome);
                }
            }
        }
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    type Sent = Rc<RefCell<Vec<Vec<(&'static str, String)>>>>;

    /// Keeps what it is sent; fails when told to.
    struct Fake {
        sent: Sent,
        fail: bool,
    }

    impl Journal for Fake {
        fn send(&mut self, fields: &[(&'static str, String)]) -> io::Result<()> {
            if self.fail {
                return Err(io::Error::other("journal gone"));
            }
            self.sent.borrow_mut().push(fields.to_vec());
            Ok(())
        }
    }

    fn day(d: u32) -> Date {
        Date::new(2026, 12, d).unwrap()
    }

    fn counter(fail: bool, fallback: Option<PathBuf>) -> (Counter, Sent) {
        let sent = Sent::default();
        let fake = Fake {
            sent: Rc::clone(&sent),
            fail,
        };
        (
            Counter::journal(Box::new(fake), "330100-01", "2026.11.2", fallback),
            sent,
        )
    }

    fn field<'a>(e: &'a [(&'static str, String)], k: &str) -> &'a str {
        e.iter()
            .find(|(key, _)| *key == k)
            .map_or("", |(_, v)| v.as_str())
    }

    #[test]
    fn one_entry_per_outcome_per_day_with_the_documented_fields_only() {
        let (mut c, sent) = counter(false, None);
        for o in ["a-route", "b-route", "a-route", "a-route"] {
            c.note(Some(o.into()), day(1));
            c.note(None, day(1));
        }
        assert!(
            sent.borrow().is_empty(),
            "nothing is written during the day"
        );
        c.note(None, day(2));
        let sent = sent.borrow();
        assert_eq!(sent.len(), 2);
        let keys: Vec<&str> = sent[0].iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "MESSAGE",
                "MESSAGE_ID",
                "PRIORITY",
                "SYSLOG_IDENTIFIER",
                "YIBAO_DAY",
                "YIBAO_OUTCOME",
                "YIBAO_COUNT",
                "YIBAO_CONTENT_VERSION",
                "YIBAO_SITE"
            ]
        );
        assert_eq!(
            (
                field(&sent[0], "YIBAO_OUTCOME"),
                field(&sent[0], "YIBAO_COUNT")
            ),
            ("a-route", "3")
        );
        assert_eq!(
            (
                field(&sent[1], "YIBAO_OUTCOME"),
                field(&sent[1], "YIBAO_COUNT")
            ),
            ("b-route", "1")
        );
        for e in sent.iter() {
            assert_eq!(field(e, "YIBAO_DAY"), "2026-12-01");
            assert_eq!(field(e, "YIBAO_SITE"), "330100-01");
            assert_eq!(field(e, "YIBAO_CONTENT_VERSION"), "2026.11.2");
            assert_eq!(field(e, "MESSAGE_ID"), MESSAGE_ID);
        }
        assert_eq!(
            field(&sent[0], "MESSAGE"),
            "yibao-guide daily count: a-route 3 (day 2026-12-01, site 330100-01, content 2026.11.2)"
        );
    }

    #[test]
    fn the_next_day_starts_from_nothing_and_shutdown_writes_what_is_held() {
        let (mut c, sent) = counter(false, None);
        c.note(Some("a-route".into()), day(1));
        c.note(Some("a-route".into()), day(2));
        assert_eq!(sent.borrow().len(), 1, "day 1 written when day 2 began");
        drop(c);
        let sent = sent.borrow();
        assert_eq!(sent.len(), 2);
        assert_eq!(field(&sent[1], "YIBAO_DAY"), "2026-12-02");
        assert_eq!(field(&sent[1], "YIBAO_COUNT"), "1");
    }

    #[test]
    fn a_day_without_a_route_reached_writes_nothing() {
        let (mut c, sent) = counter(false, None);
        c.note(None, day(1));
        c.note(None, day(2));
        drop(c);
        assert!(sent.borrow().is_empty());
    }

    #[test]
    fn a_failing_journal_leaves_the_counts_in_the_counts_file() {
        let dir = std::env::temp_dir().join(format!("yibao-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("counts.toml");
        let (mut c, _) = counter(true, Some(file.clone()));
        c.note(Some("a-route".into()), day(1));
        c.note(Some("a-route".into()), day(1));
        drop(c);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "a-route = 2\n");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn without_a_journal_the_kiosk_counts_into_the_file() {
        let dir = std::env::temp_dir().join(format!("yibao-nojournal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("counts.toml");
        let cfg = KioskConfig {
            counts_file: Some(file.clone()),
            ..KioskConfig::default()
        };
        let mut c = Counter::for_kiosk(Some(&cfg), "v");
        c.note(Some("a-route".into()), day(1));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "a-route = 1\n");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn the_native_journal_gets_one_datagram_per_entry_in_journald_format() {
        use std::os::unix::net::UnixDatagram;
        let path = std::env::temp_dir().join(format!("yibao-journal-sock-{}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let server = UnixDatagram::bind(&path).unwrap();
        let mut j = NativeJournal::connect(&path).unwrap();
        let mut counts = BTreeMap::new();
        counts.insert("a-route".to_owned(), 4);
        for e in entries(day(1), &counts, "v1", "HALL-1") {
            j.send(&e).unwrap();
        }
        let mut buf = [0u8; 4096];
        let n = server.recv(&mut buf).unwrap();
        let text = std::str::from_utf8(&buf[..n]).unwrap();
        assert!(
            text.starts_with("MESSAGE=yibao-guide daily count: a-route 4"),
            "{text}"
        );
        assert!(
            text.contains("\nYIBAO_COUNT=4\nYIBAO_CONTENT_VERSION=v1\nYIBAO_SITE=HALL-1\n"),
            "{text}"
        );
        std::fs::remove_file(&path).unwrap();
        assert!(
            NativeJournal::connect(&path).is_err(),
            "no socket, no journal"
        );
    }

    #[test]
    fn a_value_with_a_line_break_is_sent_with_its_length() {
        let bytes = encode(&[("MESSAGE", "a\nb".to_owned())]);
        assert_eq!(bytes, b"MESSAGE\n\x03\0\0\0\0\0\0\0a\nb\n");
    }

    #[test]
    fn site_codes_are_short_and_plain() {
        assert!(check_site_code("330100-01").is_ok());
        assert!(check_site_code("").is_err());
        assert!(check_site_code("hall 1").is_err());
        assert!(check_site_code(&"x".repeat(33)).is_err());
        let k = KioskConfig {
            counts_journal: true,
            ..KioskConfig::default()
        };
        assert!(check_settings(&k).unwrap_err().contains("site_code"));
    }
}

#[cfg(test)]
mod shipping {
    use super::*;

    /// The sample log-shipping config picks these entries and forwards
    /// exactly the fields they carry, and no others.
    #[test]
    fn the_sample_vector_config_forwards_exactly_our_fields() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/log-shipping/vector.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let cfg: toml::Table = toml::from_str(&text).unwrap();
        let matches = &cfg["sources"]["yibao_counts"]["include_matches"]["MESSAGE_ID"];
        assert_eq!(matches.as_array().unwrap()[0].as_str(), Some(MESSAGE_ID));
        let remap = cfg["transforms"]["yibao_fields"]["source"]
            .as_str()
            .unwrap();
        let mut counts = BTreeMap::new();
        counts.insert("x".to_owned(), 1);
        let e = &entries(Date::new(2026, 12, 1).unwrap(), &counts, "v", "s")[0];
        let ours: Vec<&str> = e
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| k.starts_with("YIBAO_"))
            .collect();
        let forwarded: Vec<&str> = remap
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.starts_with("YIBAO_"))
            .collect();
        let mut a = ours.clone();
        let mut b = forwarded.clone();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
        assert!(!remap.contains("HOSTNAME") && !remap.contains("TIMESTAMP"));
    }
}

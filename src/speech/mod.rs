//! Reading aloud, for both faces: what each screen says (`script`), the
//! text made ready for a voice (`prepare`), and the speech command run in
//! the background (`Speaker`). No terminal code here.
//!
//! The speech command is configured like the receipt printer: split at
//! spaces, run without a shell, the text on its standard input. The
//! documented default is espeak-ng with the voice `cmn-latn-pinyin`.

mod prepare;
pub mod script;
mod speaker;

pub use prepare::prepare;
pub use script::{Line, Section};
pub use speaker::Speaker;

use crate::content::{Content, Lang};

/// The commands that read Chinese and English; the English one falls back
/// to the Chinese one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Voices {
    pub zh: Option<String>,
    pub en: Option<String>,
}

impl Voices {
    pub fn command(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Zh => self.zh.as_deref(),
            Lang::En => self.en.as_deref().or(self.zh.as_deref()),
        }
    }

    pub fn any(&self) -> bool {
        self.zh.is_some() || self.en.is_some()
    }
}

/// The speech commands of both languages, run one at a time. After the
/// first failure (a missing or failing command) it is off for good: the
/// person is told once, and the read-aloud button goes away.
#[derive(Debug, Default)]
pub struct Reader {
    voices: Voices,
    speakers: [Option<Speaker>; 2],
    off: bool,
}

impl Reader {
    pub fn new(voices: Voices) -> Reader {
        Reader {
            voices,
            speakers: [None, None],
            off: false,
        }
    }

    /// Whether there is a command to read `lang` that has not failed.
    pub fn available(&self, lang: Lang) -> bool {
        !self.off && self.voices.command(lang).is_some()
    }

    /// Starts reading `text` in `lang`, stopping whatever was being read;
    /// returns at once. An error is the short reason the command failed.
    pub fn say(&mut self, lang: Lang, text: &str) -> Result<(), String> {
        // A command that failed after it started is reported now.
        if let Some(Err(e)) = self.poll() {
            return Err(e);
        }
        self.stop();
        if self.off {
            return Err("off".into());
        }
        let Some(cmd) = self.voices.command(lang) else {
            return Ok(());
        };
        let i = usize::from(lang == Lang::En);
        if self.speakers[i].is_none() {
            self.speakers[i] = Speaker::new(cmd);
        }
        let Some(sp) = self.speakers[i].as_mut() else {
            return Ok(());
        };
        let r = sp.say(&format!("{text}\n"));
        if r.is_err() {
            self.off = true;
        }
        r
    }

    /// Stops reading at once.
    pub fn stop(&mut self) {
        for s in self.speakers.iter_mut().flatten() {
            s.stop();
        }
    }

    /// Whether a text is being read.
    pub fn speaking(&mut self) -> bool {
        self.speakers.iter_mut().flatten().any(Speaker::speaking)
    }

    /// `Some` once a reading has ended by itself: `Ok`, or the reason it
    /// failed (the reader is then off).
    pub fn poll(&mut self) -> Option<Result<(), String>> {
        let r = self.speakers.iter_mut().flatten().find_map(Speaker::poll)?;
        if r.is_err() {
            self.off = true;
        }
        Some(r)
    }

    /// Waits for the reading to end, up to `limit`.
    pub fn wait(&mut self, limit: std::time::Duration) -> Option<Result<(), String>> {
        let end = std::time::Instant::now() + limit;
        while std::time::Instant::now() < end {
            if let Some(r) = self.poll() {
                return Some(r);
            }
            if !self.speaking() {
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        None
    }
}

/// Lines as one text for a voice: headings and items end in a pause,
/// numbered items say their number first, then the whole is prepared
/// (`prepare`) with the content's `[speak]` table.
pub fn spoken(content: &Content, lang: Lang, lines: &[Line]) -> String {
    let stop = match lang {
        Lang::Zh => "。",
        Lang::En => ". ",
    };
    let comma = match lang {
        Lang::Zh => "，",
        Lang::En => ", ",
    };
    let mut s = String::new();
    for l in lines {
        match l {
            Line::Heading(t) | Line::Text(t) => s.push_str(t),
            Line::Item(n, t) => {
                s.push_str(&n.to_string());
                s.push_str(comma);
                s.push_str(t);
            }
        }
        s.push_str(stop);
    }
    prepare(&s, lang, content.speak.get(lang))
}

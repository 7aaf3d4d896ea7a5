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

//! The built-in content's texts as one string built into the binary.
//!
//! The build encodes every [`Text`] as where its two languages lie in one
//! string of all the texts (each text once), and embeds that string as it
//! embeds a source file. Decoding a text then only slices that string: no
//! copy, no allocation and no UTF-8 check at start-up, since the compiler
//! checked the string.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::model::Text;

thread_local! {
    /// The string being built while the content is encoded.
    static BUILDING: RefCell<Option<Builder>> = const { RefCell::new(None) };
}

/// The string of all the texts the embedded content was encoded with.
static TABLE: OnceLock<&'static str> = OnceLock::new();

#[derive(Default)]
struct Builder {
    all: String,
    at: HashMap<String, (u32, u32)>,
}

impl Builder {
    fn put(&mut self, s: &str) -> Result<(u32, u32), String> {
        if let Some(&p) = self.at.get(s) {
            return Ok(p);
        }
        let start = u32::try_from(self.all.len()).map_err(|_| "the texts are too long")?;
        let len = u32::try_from(s.len()).map_err(|_| "a text is too long")?;
        self.all.push_str(s);
        self.at.insert(s.to_owned(), (start, len));
        Ok((start, len))
    }
}

/// Runs `encode` with texts written into a new string of all texts, and
/// returns what it returned and that string.
pub fn collect<T>(encode: impl FnOnce() -> T) -> (T, String) {
    BUILDING.with(|b| *b.borrow_mut() = Some(Builder::default()));
    let out = encode();
    let built = BUILDING.with(|b| b.borrow_mut().take()).unwrap_or_default();
    (out, built.all)
}

/// The string of all texts that the content about to be decoded was
/// encoded with. The embedded content has one, so the first call wins.
pub fn use_table(all: &'static str) {
    let _ = TABLE.set(all);
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let placed = BUILDING.with(|b| {
            let mut b = b.borrow_mut();
            let b = b
                .as_mut()
                .ok_or_else(|| "texts are encoded only inside strings::collect".to_owned())?;
            Ok::<_, String>((b.put(&self.zh)?, b.put(&self.en)?))
        });
        let ((zs, zl), (es, el)) = placed.map_err(S::Error::custom)?;
        (zs, zl, es, el).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        let (zs, zl, es, el) = <(u32, u32, u32, u32)>::deserialize(d)?;
        let all = TABLE
            .get()
            .ok_or_else(|| D::Error::custom("no string of texts to decode with"))?;
        let slice = |start: u32, len: u32| {
            let (start, len) = (start as usize, len as usize);
            all.get(start..start + len)
                .map(Cow::Borrowed)
                .ok_or_else(|| D::Error::custom("a text lies outside the string of texts"))
        };
        Ok(Text {
            zh: slice(zs, zl)?,
            en: slice(es, el)?,
        })
    }
}

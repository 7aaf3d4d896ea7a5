//! The built-in content's texts and condition ids as one string built
//! into the binary.
//!
//! The build encodes every [`Sym`] (each language of a `Text`, each id in
//! a condition) as where it lies in one string of them all (each once),
//! and embeds that string as it embeds a source file. Decoding then only
//! slices that string: no copy, no allocation and no UTF-8 check at
//! start-up, since the compiler checked the string.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// A text or an id in the model: the built-in content's borrow from the
/// string of texts, a folder's own theirs. Reads as a `str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(Cow<'static, str>);

impl Sym {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Sym {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Sym {
    fn from(s: String) -> Sym {
        Sym(Cow::Owned(s))
    }
}

impl From<&str> for Sym {
    fn from(s: &str) -> Sym {
        Sym(Cow::Owned(s.to_owned()))
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

fn placed<E: serde::ser::Error>(s: &str) -> Result<(u32, u32), E> {
    BUILDING
        .with(|b| {
            let mut b = b.borrow_mut();
            let b = b
                .as_mut()
                .ok_or_else(|| "ids are encoded only inside strings::collect".to_owned())?;
            b.put(s)
        })
        .map_err(E::custom)
}

fn sliced<E: serde::de::Error>(start: u32, len: u32) -> Result<&'static str, E> {
    let all = TABLE
        .get()
        .ok_or_else(|| E::custom("no string of texts to decode with"))?;
    let (start, len) = (start as usize, len as usize);
    all.get(start..start + len)
        .ok_or_else(|| E::custom("a text lies outside the string of texts"))
}

impl PartialEq<String> for Sym {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl Serialize for Sym {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        placed::<S::Error>(&self.0)?.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Sym, D::Error> {
        let (start, len) = <(u32, u32)>::deserialize(d)?;
        Ok(Sym(Cow::Borrowed(sliced::<D::Error>(start, len)?)))
    }
}

//! What the view works out from the app and would otherwise work out again
//! on every frame: the body's lines, the side panel's lines and the
//! footer's places. A key that moves the selection changes none of them,
//! and at 200x60 making them was a good part of its time.
//!
//! Each is kept with everything it was made from, compared in full before
//! it is used again: a memo never shows what another state would show.

use std::sync::{Arc, Mutex};

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::body::Body;
use super::footer::Slot;
use crate::flow::Answers;
use crate::tui::app::{App, BodyState, Msg, Screen};
use crate::tui::theme::Theme;

/// One value, kept with the key it was made for.
pub(crate) struct Memo<K, V> {
    kept: Mutex<Option<(K, Arc<V>)>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            kept: Mutex::new(None),
        }
    }
}

impl<K, V> Memo<K, V> {
    /// The value for `key`: the kept one when it was made for an equal
    /// key, else `make`'s, kept with `key` for next time. `make` runs
    /// without the memo locked, so it may use other memos.
    pub(crate) fn get(&self, key: K, make: impl FnOnce() -> V) -> Arc<V>
    where
        K: PartialEq,
    {
        let kept = {
            let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            kept.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        };
        kept.unwrap_or_else(|| self.keep(key, make()))
    }

    /// `get` for a key dear to make: `same` says whether the kept key is
    /// the one `key` would make; only when it is not is `key` made, and
    /// then the value.
    pub(crate) fn get_if(
        &self,
        same: impl FnOnce(&K) -> bool,
        key: impl FnOnce() -> K,
        make: impl FnOnce() -> V,
    ) -> Arc<V> {
        {
            let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((k, v)) = kept.as_ref()
                && same(k)
            {
                return v.clone();
            }
        }
        self.keep(key(), make())
    }

    /// Keeps `v`, made for `key`.
    fn keep(&self, key: K, v: V) -> Arc<V> {
        let v = Arc::new(v);
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, v.clone()));
        v
    }

    /// Forgets the kept value (the content changed under it).
    pub(crate) fn forget(&mut self) {
        *self.kept.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// The styles a memo's lines are made in: a change of theme makes them
/// again.
pub(crate) type Looks = [Style; 4];

pub(crate) fn looks(theme: &Theme) -> Looks {
    [theme.heading, theme.base, theme.dim, theme.strong]
}

/// What the side panel's lines are made from.
#[derive(PartialEq)]
pub(crate) struct SideKey {
    question: Option<String>,
    answers: Answers,
    lang: crate::content::Lang,
    touch: bool,
    width: usize,
    looks: Looks,
}

impl SideKey {
    pub(crate) fn of(app: &App, width: usize, looks: Looks) -> SideKey {
        SideKey {
            question: match &app.screen {
                Screen::Question(q) => Some(q.clone()),
                _ => None,
            },
            answers: app.answers.clone(),
            lang: app.lang,
            touch: app.kiosk.is_some(),
            width,
            looks,
        }
    }

    /// Whether this is what `of` would make now, found without making it.
    pub(crate) fn is_of(&self, app: &App, width: usize, looks: Looks) -> bool {
        let SideKey {
            question,
            answers,
            lang,
            touch,
            width: w,
            looks: l,
        } = self;
        let on = match &app.screen {
            Screen::Question(q) => Some(q.as_str()),
            _ => None,
        };
        question.as_deref() == on
            && *answers == app.answers
            && *lang == app.lang
            && *touch == app.kiosk.is_some()
            && *w == width
            && *l == looks
    }
}

/// The side panel's lines, each with what a click on it sends.
pub(crate) type SideLines = Vec<(Line<'static>, Option<Msg>)>;

/// What the footer's places are made from: the labels (the language, a
/// touch screen or not), whether reading aloud is offered, the width.
#[derive(PartialEq, Eq)]
pub(crate) struct FooterKey {
    pub(crate) lang: crate::content::Lang,
    pub(crate) touch: bool,
    pub(crate) speech: bool,
    pub(crate) width: u16,
}

/// The footer's slots placed, and its height.
pub(crate) type FooterPlaces = (Vec<(Rect, Slot)>, u16);

/// What a screen's body is made from: the app's state (see `BodyState`),
/// the text column's width and the window's, whether the side panel is
/// beside it, and the lines there are room for.
#[derive(PartialEq)]
pub(crate) struct BodyKey {
    pub(crate) state: BodyState,
    pub(crate) size: BodySize,
}

/// The window's part of `BodyKey`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct BodySize {
    pub(crate) width: usize,
    pub(crate) window: u16,
    pub(crate) wide: bool,
    pub(crate) room: usize,
}

/// The memos of one app.
#[derive(Default)]
pub(crate) struct Memos {
    pub(crate) body: Memo<BodyKey, Body>,
    pub(crate) side: Memo<SideKey, SideLines>,
    pub(crate) footer: Memo<FooterKey, FooterPlaces>,
}

impl Memos {
    pub(crate) fn forget(&mut self) {
        self.body.forget();
        self.side.forget();
        self.footer.forget();
    }
}

//! The footer's buttons: the same slots in the same places on every
//! screen.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

use std::hash::Hash;

use super::keep::Shown;
use super::memo::{FooterKey, FooterPlaces};
use super::width_u16;
use crate::tui::app::{App, Msg, Page, Screen};
use std::sync::Arc;

/// A button: its whole area in the button style, the label centred.
pub(crate) fn draw_button(frame: &mut Frame, r: Rect, label: String, style: Style) {
    frame.buffer_mut().set_style(r, style);
    let mid = Rect {
        y: r.y + r.height / 2,
        height: 1,
        ..r
    };
    frame.render_widget(
        Line::from(label).style(style).alignment(Alignment::Center),
        mid,
    );
}

/// The footer's buttons. Every screen has the same slots in the same
/// places, so a tap where 返回 was is 返回 on the next screen too; a slot
/// that cannot act on this screen is drawn dimmed and does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Start, choose, next page, or read on (what Enter does here).
    Go,
    /// Read on where Enter picks a row.
    More,
    Back,
    /// From a result page to the review of the answers.
    Review,
    Home,
    Lang,
    /// Read the page aloud: only when a speech command is configured.
    Speak,
    /// Laptop: save the checklist (result pages).
    Save,
    Help,
    Quit,
}

/// One button as drawn: label, what a tap sends, whether it can act.
pub(crate) struct Button {
    label: String,
    msg: Msg,
    enabled: bool,
}

/// The slots, in order: they depend on the kind of terminal (kiosk or
/// not, speech or not), never on the screen.
pub(crate) fn slots(app: &App) -> Vec<Slot> {
    let mut s = vec![
        Slot::Go,
        Slot::More,
        Slot::Back,
        Slot::Review,
        Slot::Home,
        Slot::Lang,
    ];
    if app.speech.available(app.lang) {
        s.push(Slot::Speak);
    }
    if app.kiosk.is_none() {
        s.extend([Slot::Save, Slot::Help, Slot::Quit]);
    }
    s
}

/// Every label a slot can show (laptop key, kiosk key), so that its width
/// is the same on every screen.
pub(crate) fn slot_labels(slot: Slot) -> &'static [(&'static str, &'static str)] {
    match slot {
        Slot::Go => &[
            ("button.start", "touch.start"),
            ("button.select", "touch.select"),
            ("button.next", "touch.next"),
            ("button.more", "touch.more"),
            ("button.next_page", "touch.next"),
        ],
        Slot::More => &[("button.scroll", "touch.more")],
        Slot::Back => &[("button.back", "touch.back")],
        Slot::Review => &[("button.review", "touch.review")],
        Slot::Home => &[("button.home", "touch.home")],
        // On a grid letters are typed: the keys named are F-keys there.
        Slot::Lang => &[
            ("button.lang", "touch.lang"),
            ("button.lang_grid", "touch.lang"),
        ],
        Slot::Speak => &[
            ("button.speak", "touch.speak"),
            ("button.speak_grid", "touch.speak"),
        ],
        Slot::Save => &[("button.save", "button.save")],
        Slot::Help => &[("button.help", "button.help")],
        Slot::Quit => &[
            ("button.quit", "button.quit"),
            ("button.quit_grid", "button.quit_grid"),
        ],
    }
}

/// What a slot shows and does on the current screen.
pub(crate) fn button(app: &App, slot: Slot, more: bool) -> Button {
    let pick = |i: usize| {
        let (k, t) = slot_labels(slot)[i];
        app.ui_touch(k, t).to_owned()
    };
    let page = matches!(app.screen, Screen::Page(_));
    let (label, msg, enabled) = match slot {
        Slot::Go => match &app.screen {
            Screen::Welcome | Screen::Attract => (pick(0), Msg::Enter, true),
            Screen::Question(_) | Screen::Review | Screen::Hall => (pick(1), Msg::Enter, true),
            // The last page: on a laptop Enter acts on the selected row
            // (the QR code, saving, starting again), and the button says
            // so; on a touch screen the rows are tapped.
            Screen::Page(Page::Final) if app.kiosk.is_none() => (pick(1), Msg::Enter, true),
            Screen::Page(Page::Final) => (pick(2), Msg::Enter, false),
            // Where Enter opens a row, the button still goes on.
            Screen::Page(_) if app.enter_picks_row() => (pick(4), Msg::NextPage, true),
            // A touch screen has no Enter key to name: this slot goes on to
            // the next page, and reading on is 往下看, always the next slot.
            Screen::Page(_) if app.kiosk.is_some() => (pick(2), Msg::NextPage, true),
            Screen::Page(_) if more => (pick(3), Msg::Enter, true),
            Screen::Page(_) => (pick(2), Msg::Enter, true),
        },
        // Reading on, wherever there is more below: the key it names (PgDn)
        // works on every screen, so the button does too.
        Slot::More => (pick(0), Msg::PageDown, more),
        Slot::Back => (
            pick(0),
            Msg::Back,
            app.screen != Screen::Welcome && !app.history.is_empty(),
        ),
        Slot::Review => (pick(0), Msg::Review, page),
        Slot::Home => (
            pick(0),
            Msg::Home,
            app.screen != Screen::Welcome || !app.answers.is_empty(),
        ),
        Slot::Lang => (pick(usize::from(app.grid())), Msg::Lang, true),
        Slot::Speak => (pick(usize::from(app.grid())), Msg::Speak, true),
        Slot::Save => (pick(0), Msg::Save, app.can_save()),
        Slot::Help => (pick(0), Msg::Help, true),
        Slot::Quit => (pick(usize::from(app.grid())), Msg::Quit, true),
    };
    Button {
        label,
        msg,
        enabled,
    }
}

/// The text of a button: in brackets with its key on a laptop, the bare
/// word on a touch screen.
pub(crate) fn button_text(label: &str, kiosk: bool) -> String {
    if kiosk {
        label.to_owned()
    } else {
        format!("[{label}]")
    }
}

/// Places the slots left to right, wrapping to new lines; each slot is as
/// wide as its widest label, so the places depend only on the window width
/// and the language. On a touch screen the language switch sits at the
/// right end of the first row, the same place in both languages: a second
/// tap there after switching switches back, not onto the slot after it.
/// Returns the rectangles relative to the footer, and the footer height.
pub(crate) fn layout_slots(app: &App, width: u16) -> Arc<FooterPlaces> {
    let key = FooterKey {
        lang: app.lang,
        touch: app.kiosk.is_some(),
        speech: app.speech.available(app.lang),
        width,
    };
    app.memos.footer.get(key, || place_slots(app, width))
}

/// `layout_slots`, worked out.
fn place_slots(app: &App, width: u16) -> FooterPlaces {
    let kiosk = app.kiosk.is_some();
    let row_h: u16 = if kiosk { 3 } else { 1 };
    let gap: u16 = if kiosk { 2 } else { 1 };
    // Touch targets: a column of space each side, and at least 8 wide.
    let (pad, min_w): (u16, u16) = if kiosk { (1, 8) } else { (0, 0) };
    let slot_width = |slot: Slot| {
        let text_w = slot_labels(slot)
            .iter()
            .map(|(k, t)| width_u16(&button_text(app.ui_touch(k, t), kiosk)))
            .max()
            .unwrap_or(0);
        (text_w + 2 * pad).max(min_w).min(width.saturating_sub(2))
    };
    let lang_w = slot_width(Slot::Lang);
    let mut out = Vec::new();
    let (mut x, mut y) = (1u16, 0u16);
    for slot in slots(app) {
        let w = slot_width(slot);
        if kiosk && slot == Slot::Lang {
            out.push((
                Rect {
                    x: width.saturating_sub(1 + w),
                    y: 0,
                    width: w,
                    height: row_h,
                },
                slot,
            ));
            continue;
        }
        // The first row of a touch screen ends where the switch starts.
        let end = if kiosk && y == 0 {
            width.saturating_sub(1 + lang_w + gap)
        } else {
            width.saturating_sub(1)
        };
        if x > 1 && x + w > end {
            x = 1;
            y += row_h + u16::from(kiosk);
        }
        out.push((
            Rect {
                x,
                y,
                width: w,
                height: row_h,
            },
            slot,
        ));
        x += w + gap;
    }
    (out, y + row_h)
}

/// Draws the slots placed by `layout_slots` at the foot of `area` (from
/// row `y`), each enabled one a click target. `more`: the body runs on
/// below the window.
pub(crate) fn footer(
    frame: &mut Frame,
    app: &App,
    placed: &[(Rect, Slot)],
    (area, y, more): (Rect, u16, bool),
    theme: &crate::tui::theme::Theme,
    drawn: &mut crate::tui::app::Drawn,
    shown: Shown,
) {
    let kiosk = app.kiosk.is_some();
    let mut buttons: Vec<(Rect, String, Style)> = Vec::new();
    for (rect, slot) in placed {
        let r = Rect {
            x: rect.x + area.x,
            y: rect.y + y,
            ..*rect
        };
        let b = button(app, *slot, more);
        let style = if b.enabled {
            theme.button
        } else {
            theme.button_off
        };
        buttons.push((r, b.label, style));
        if b.enabled {
            drawn.hits.push((r, b.msg));
        }
    }
    // The footer as a whole, kept when the screen shows it so already.
    let all = Rect {
        y,
        height: area.bottom().saturating_sub(y),
        ..area
    };
    if !shown.keep(frame, drawn, all, |h| (&buttons, theme.base).hash(h)) {
        for (r, label, style) in buttons {
            draw_button(frame, r, button_text(&label, kiosk), style);
        }
    }
}

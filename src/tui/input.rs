//! Keys and mouse events become `Msg`s here, in one place, so one `update`
//! serves both.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Position;

use super::app::{App, Effect, Exit, Msg};

/// The message for an event, or `None` for events that are not a person
/// doing something (mouse movement, key releases, focus changes).
pub fn to_msg(event: &Event, app: &App) -> Option<Msg> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release && grid_keys(app) => {
            Some(grid_key_msg(k, app).unwrap_or_else(|| key_msg(k)))
        }
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(key_msg(k)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let at = Position::new(m.column, m.row);
                let hit = app
                    .drawn
                    .hits
                    .iter()
                    .rev()
                    .find(|(r, _)| r.contains(at))
                    .map(|(_, msg)| msg.clone());
                Some(hit.unwrap_or(Msg::Activity))
            }
            MouseEventKind::Down(_) => Some(Msg::Activity),
            MouseEventKind::ScrollDown => Some(Msg::ScrollDown),
            MouseEventKind::ScrollUp => Some(Msg::ScrollUp),
            _ => None,
        },
        _ => None,
    }
}

/// Whether keys go to a grid question: letters narrow it, the arrows move
/// in two dimensions. Not while a box is open over it.
fn grid_keys(app: &App) -> bool {
    app.grid() && app.overlay.is_none() && !app.drawn.too_small
}

/// On a grid question letters are typed, not shortcuts: the shortcuts
/// that are letters elsewhere have F-keys (F2 language, F5 read aloud,
/// F10 quit) and buttons. Number keys do nothing there (the cells have no
/// numbers). `None`: the key means what it means elsewhere.
fn grid_key_msg(k: &KeyEvent, app: &App) -> Option<Msg> {
    if k.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    let typed = !app.filter.is_empty();
    Some(match k.code {
        KeyCode::Char(c) if c.is_ascii_alphabetic() => Msg::Letter(c.to_ascii_lowercase()),
        KeyCode::Char(c) if c.is_ascii_digit() => Msg::Activity,
        KeyCode::Backspace if typed => Msg::Erase,
        KeyCode::Esc if typed => Msg::ClearFilter,
        KeyCode::Left => Msg::Left,
        KeyCode::Right => Msg::Right,
        _ => return None,
    })
}

fn key_msg(k: &KeyEvent) -> Msg {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Char('c') if ctrl => Msg::ForceQuit,
        // Suspend, quit-with-core and end-of-file do nothing here.
        _ if ctrl => Msg::Activity,
        KeyCode::Up | KeyCode::Char('k') => Msg::Up,
        KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => Msg::Down,
        KeyCode::BackTab => Msg::Up,
        KeyCode::Enter => Msg::Enter,
        KeyCode::Right => Msg::NextPage,
        KeyCode::Esc | KeyCode::Backspace | KeyCode::Left => Msg::Back,
        KeyCode::Home => Msg::Home,
        KeyCode::F(1) | KeyCode::Char('?') => Msg::Help,
        KeyCode::Char('l' | 'L') | KeyCode::F(2) => Msg::Lang,
        KeyCode::Char('q' | 'Q') | KeyCode::F(10) => Msg::Quit,
        KeyCode::Char('y' | 'Y') => Msg::Yes,
        KeyCode::Char('n' | 'N') => Msg::No,
        KeyCode::Char('s' | 'S') => Msg::Save,
        KeyCode::Char('r' | 'R') | KeyCode::F(5) => Msg::Speak,
        KeyCode::Char('c' | 'C') => Msg::Review,
        KeyCode::End => Msg::End,
        KeyCode::Char(' ') => Msg::Tick,
        KeyCode::PageUp => Msg::PageUp,
        KeyCode::PageDown => Msg::PageDown,
        KeyCode::Char(c @ '1'..='9') => Msg::Pick(c as usize - '1' as usize),
        _ => Msg::Activity,
    }
}

/// A key as written in the kiosk config: `f12`, `ctrl-e`, `alt-x`, `x`.
pub fn key_name(k: &KeyEvent) -> String {
    let mut s = String::new();
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        s.push_str("ctrl-");
    }
    if k.modifiers.contains(KeyModifiers::ALT) {
        s.push_str("alt-");
    }
    match k.code {
        KeyCode::Char(c) => s.extend(c.to_lowercase()),
        KeyCode::F(n) => s.push_str(&format!("f{n}")),
        KeyCode::Enter => s.push_str("enter"),
        KeyCode::Esc => s.push_str("esc"),
        KeyCode::Tab => s.push_str("tab"),
        KeyCode::Backspace => s.push_str("backspace"),
        KeyCode::Home => s.push_str("home"),
        KeyCode::End => s.push_str("end"),
        KeyCode::Insert => s.push_str("insert"),
        KeyCode::Delete => s.push_str("delete"),
        other => s.push_str(&format!("{other:?}").to_lowercase()),
    }
    s
}

/// Feeds one terminal event to the app: the kiosk's operator exit is
/// watched here, everything else becomes a `Msg` for `update`. Returns
/// the effects for the loop, or `None` when the event did nothing (mouse
/// movement and key releases), so the screen has not changed.
pub fn handle(app: &mut App, event: &Event, now: std::time::Duration) -> Option<Vec<Effect>> {
    if let (Some(k), Event::Key(key)) = (&mut app.kiosk, event)
        && key.kind != KeyEventKind::Release
        && !k.operator_exit.is_empty()
    {
        k.recent_keys.push(key_name(key));
        let n = k.operator_exit.len();
        if k.recent_keys.len() > n {
            k.recent_keys.remove(0);
        }
        if k.recent_keys == k.operator_exit {
            return Some(vec![Effect::Quit(Exit::Operator)]);
        }
    }
    let mut msg = to_msg(event, app)?;
    if matches!(event, Event::Mouse(_)) && app.too_soon(now) {
        // A second tap of a double tap, or a tap meant for the last
        // page: it shows someone is there and does nothing else.
        msg = Msg::Activity;
    }
    Some(app.update(msg, now))
}

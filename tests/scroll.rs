//! Scrolling the body as a person sees it, on the longest checklist at
//! 80x24: the selected row stays in view while it moves, scrolling away
//! from it (PgDn, the wheel, Enter or the 往下看 button) is not undone by
//! the next arrow key, going back up moves the view only once the
//! selection reaches its top, a new page starts at the top, and a resize
//! keeps the place. After each, the sign under the body says whether
//! there is more below.

mod support;

use ratatui::crossterm::event::{Event, KeyCode, MouseEventKind};
use support::{answer_path, app, built_in, click, draw, key, mouse, path_with_most, send, to_page};
use yibao_guide::tui::app::{App, Msg, Page, Screen};

const W: u16 = 80;
const H: u16 = 24;
const MORE: &str = "下面还有内容";
const END: &str = "已到底部";

/// The materials page of the path with the most materials, drawn at 80x24:
/// several screens long.
fn long_checklist() -> (App, String) {
    let c = built_in();
    let walk = path_with_most(&c, |r| r.materials.len());
    let mut a = app();
    a.update(Msg::Enter, support::NOW);
    answer_path(&mut a, &walk);
    to_page(&mut a, Page::Materials);
    let text = draw(&mut a, W, H);
    assert!(
        text.contains(MORE),
        "the checklist is longer than 80x24:\n{text}"
    );
    (a, text)
}

/// Sends an event and draws the next frame, as the loop does.
fn press(a: &mut App, ev: Event) -> String {
    send(a, ev);
    draw(a, W, H)
}

/// The frame's lines with the selection's pointer taken out: what stays
/// the same when only the selection moves.
fn unpointed(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| match l.strip_prefix(" > ") {
            Some(rest) => format!("   {rest}"),
            None => l.to_owned(),
        })
        .collect()
}

/// The first line of the selected row, pointer taken off, if it is on
/// screen.
fn selected(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(" > "))
        .map(|s| s.split('│').next().unwrap_or(s).trim().to_owned())
}

/// The rows of the body (below the header and the section names, above
/// the sign and the footer).
fn body(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let sign = lines
        .iter()
        .position(|l| l.contains(MORE) || l.contains(END))
        .expect("a long page has a sign under its body");
    lines[2..sign].to_vec()
}

/// The checklist's rows on screen, top to bottom, by their first line.
fn rows_on_screen(text: &str) -> Vec<String> {
    body(text)
        .iter()
        .filter_map(|l| l.get(3..))
        .filter(|l| l.starts_with("[ ]") || l.starts_with("[✓]"))
        .map(|l| l.trim().to_owned())
        .collect()
}

/// The sign under the body is right: "more below" when PgDn would show
/// more, "end of page" when it would not.
fn sign_is_right(a: &mut App, text: &str) {
    let more = text.contains(MORE);
    assert!(more != text.contains(END), "one sign:\n{text}");
    let cursor = (a.cursor, a.scroll, a.follow_cursor);
    let below = press(a, key(KeyCode::PageDown));
    assert_eq!(
        unpointed(&below) != unpointed(text),
        more,
        "the sign says {}, and PgDn shows:\n{text}\n{below}",
        if more { MORE } else { END }
    );
    (a.cursor, a.scroll, a.follow_cursor) = cursor;
    draw(a, W, H);
}

/// A way of reading on down the page; gives the frame after it.
type ReadOn = dyn Fn(&mut App) -> String;

#[test]
fn an_arrow_after_scrolling_away_selects_what_is_on_screen_instead_of_jumping_back() {
    let (_, first) = long_checklist();
    let top = selected(&first).expect("the first material is selected");
    // Each way of reading on, then Down (and Tab, which moves the same way).
    let ways: [(&str, &ReadOn); 5] = [
        ("PgDn", &|a| press(a, key(KeyCode::PageDown))),
        ("the wheel", &|a| {
            for _ in 0..8 {
                press(a, mouse(MouseEventKind::ScrollDown, 1, 5));
            }
            draw(a, W, H)
        }),
        ("Enter", &|a| press(a, key(KeyCode::Enter))),
        ("the 往下看 button", &|a| {
            let (r, _) = a
                .drawn
                .hits
                .iter()
                .find(|(_, m)| *m == Msg::PageDown)
                .cloned()
                .expect("a 往下看 button");
            press(a, click(r.x + 1, r.y))
        }),
        ("PgDn twice", &|a| {
            press(a, key(KeyCode::PageDown));
            press(a, key(KeyCode::PageDown))
        }),
    ];
    for (how, read_on) in ways {
        for arrow in [KeyCode::Down, KeyCode::Tab] {
            let (mut a, _) = long_checklist();
            let scrolled = read_on(&mut a);
            assert!(
                !scrolled.contains(&top),
                "{how} scrolled the first material away:\n{scrolled}"
            );
            assert_eq!(selected(&scrolled), None, "{how}:\n{scrolled}");
            let after = press(&mut a, key(arrow));
            assert_eq!(
                unpointed(&after),
                unpointed(&scrolled),
                "after {how}, {arrow:?} left the view where it was:\n{after}"
            );
            assert_eq!(
                selected(&after).as_ref(),
                rows_on_screen(&scrolled).first(),
                "after {how}, {arrow:?} selected the top row on screen:\n{after}"
            );
            // The next Down moves on from there, and the view stays.
            let next = press(&mut a, key(KeyCode::Down));
            assert_eq!(
                selected(&next).as_ref(),
                rows_on_screen(&scrolled).get(1),
                "{next}"
            );
            sign_is_right(&mut a, &next);
        }
    }
}

/// Whether the row whose first line is `row` is wholly in `text`: all its
/// lines as the whole page `full` shows them, one after the other.
fn whole(text: &str, full: &str, row: &str) -> bool {
    let lines = |t: &str| -> Vec<String> {
        unpointed(t)
            .iter()
            .map(|l| l.split('│').next().unwrap_or(l).trim_end().to_owned())
            .collect()
    };
    let (text, full) = (lines(text), lines(full));
    let Some(start) = full.iter().position(|l| l.trim() == row) else {
        return false;
    };
    let len = full[start..]
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(full.len() - start);
    let want = &full[start..start + len];
    text.windows(len).any(|w| w == want)
}

#[test]
fn up_after_scrolling_away_selects_the_bottom_row_on_screen() {
    // The whole page, to know each row's lines.
    let (mut whole_page, _) = long_checklist();
    let full = draw(&mut whole_page, W, 60);
    assert!(full.contains(END) || !full.contains(MORE), "{full}");
    let mut cut = 0;
    // A page, two or three, or a few lines more and more with the wheel:
    // rows end at the bottom of the view or are cut by it.
    let ways = (1..=3).map(|n| (key(KeyCode::PageDown), n));
    let wheel = (5..=12).map(|n| (mouse(MouseEventKind::ScrollDown, 1, 5), n));
    for (ev, times) in ways.chain(wheel) {
        let (mut a, _) = long_checklist();
        let mut scrolled = String::new();
        for _ in 0..times {
            scrolled = press(&mut a, ev.clone());
        }
        let after = press(&mut a, key(KeyCode::Up));
        assert_eq!(unpointed(&after), unpointed(&scrolled), "{after}");
        let last_whole = rows_on_screen(&scrolled)
            .into_iter()
            .rev()
            .find(|r| whole(&scrolled, &full, r));
        assert!(last_whole.is_some(), "a row wholly on screen:\n{scrolled}");
        assert_eq!(selected(&after), last_whole, "{after}");
        cut += usize::from(last_whole.as_ref() != rows_on_screen(&scrolled).last());
        sign_is_right(&mut a, &after);
    }
    assert!(cut > 0, "some of these ended in a row cut by the bottom");
}

#[test]
fn going_back_up_the_view_stays_until_the_selection_reaches_its_top_then_follows() {
    let (mut a, _) = long_checklist();
    // Down to the last material: the view follows it to the end.
    let mut text = String::new();
    for _ in 1..a.rows() {
        text = press(&mut a, key(KeyCode::Down));
        let s = selected(&text);
        assert!(s.is_some(), "the selection stays on screen:\n{text}");
    }
    assert!(text.contains(END), "{text}");
    sign_is_right(&mut a, &text);
    let bottom = text.clone();
    // Up while the selection is still on screen: the view does not move.
    let on_screen = rows_on_screen(&bottom);
    for i in (0..on_screen.len() - 1).rev() {
        text = press(&mut a, key(KeyCode::Up));
        assert_eq!(
            unpointed(&text),
            unpointed(&bottom),
            "Up to a row on screen keeps the view:\n{text}"
        );
        assert_eq!(selected(&text).as_ref(), Some(&on_screen[i]), "{text}");
    }
    // The selection is on the top row; one more Up: the view follows it.
    text = press(&mut a, key(KeyCode::Up));
    let s = selected(&text).expect("the selection is on screen");
    assert!(
        !on_screen.contains(&s),
        "a row above the old view: {s}\n{text}"
    );
    assert_eq!(rows_on_screen(&text).first(), Some(&s), "{text}");
    assert!(text.contains(MORE), "there is more below again:\n{text}");
    sign_is_right(&mut a, &text);
    // All the way up: the top of the page, its heading and all.
    for _ in 0..2 * a.rows() + 10 {
        text = press(&mut a, key(KeyCode::Up));
    }
    assert!(text.contains("材料清单"), "{text}");
    assert_eq!(a.scroll, 0);
}

#[test]
fn a_number_key_after_scrolling_away_shows_the_row_it_acts_on() {
    let (mut a, first) = long_checklist();
    let top = selected(&first).expect("the first material is selected");
    let name = top.trim_start_matches("[ ] ").to_owned();
    press(&mut a, key(KeyCode::End));
    let scrolled = press(&mut a, key(KeyCode::PageDown));
    assert!(!scrolled.contains(&name), "{scrolled}");
    let after = press(&mut a, key(KeyCode::Char('1')));
    assert!(
        after.contains(&format!("> [✓] {name}")),
        "1 ticks the first material, in view:\n{after}"
    );
}

#[test]
fn a_new_page_starts_at_the_top() {
    let (mut a, _) = long_checklist();
    for _ in 0..3 {
        press(&mut a, key(KeyCode::PageDown));
    }
    assert!(a.scroll > 0);
    let notes = press(&mut a, key(KeyCode::Right));
    assert_eq!(a.screen, Screen::Page(Page::Notes));
    assert_eq!(body(&notes)[0].trim(), "注意事项", "{notes}");
    assert!(notes.contains(MORE), "{notes}");
    // And back on the checklist, its top again.
    let back = press(&mut a, key(KeyCode::Esc));
    assert_eq!(a.screen, Screen::Page(Page::Materials));
    assert_eq!(body(&back)[0].trim(), "材料清单", "{back}");
}

#[test]
fn a_resize_keeps_the_place() {
    let (mut a, _) = long_checklist();
    // The selection near the end: it stays on screen whatever the size.
    for _ in 0..a.rows() - 2 {
        press(&mut a, key(KeyCode::Down));
    }
    let at = selected(&draw(&mut a, W, H)).expect("selected");
    for (w, h) in [(80, 40), (120, 30), (60, 18), (80, 24)] {
        let text = draw(&mut a, w, h);
        assert_eq!(selected(&text).as_ref(), Some(&at), "at {w}x{h}:\n{text}");
    }

    // Scrolled to the end with PgDn: a taller window shows more of the
    // page, not blank lines after its end.
    let (mut a, _) = long_checklist();
    for _ in 0..10 {
        press(&mut a, key(KeyCode::PageDown));
    }
    let end = draw(&mut a, W, H);
    assert!(end.contains(END), "{end}");
    let tall = draw(&mut a, W, 40);
    assert!(tall.contains(END), "{tall}");
    let b = body(&tall);
    assert!(
        !b[b.len() - 2..].iter().all(|l| l.trim().is_empty()),
        "the end of the page is at the bottom:\n{tall}"
    );
    assert!(
        rows_on_screen(&tall).len() > rows_on_screen(&end).len(),
        "more rows show:\n{tall}"
    );

    // A window too small for a moment, then as before: the same view.
    let (mut a, _) = long_checklist();
    let scrolled = press(&mut a, key(KeyCode::PageDown));
    draw(&mut a, 50, 15);
    assert_eq!(draw(&mut a, W, H), scrolled);
}

#[test]
fn space_on_a_material_scrolled_out_of_sight_shows_it_before_ticking_it() {
    let (mut a, first) = long_checklist();
    let top = selected(&first).expect("the first material is selected");
    let scrolled = press(&mut a, key(KeyCode::PageDown));
    assert!(!scrolled.contains(&top), "{scrolled}");
    let shown = press(&mut a, key(KeyCode::Char(' ')));
    assert!(a.ticked.is_empty(), "nothing ticked unseen:\n{shown}");
    assert!(shown.contains("已备好 0 项"), "{shown}");
    assert_eq!(selected(&shown), Some(top.clone()), "{shown}");
    let ticked = press(&mut a, key(KeyCode::Char(' ')));
    assert!(ticked.contains("已备好 1 项"), "{ticked}");
    assert!(ticked.contains(&top.replace("[ ]", "[✓]")), "{ticked}");
}

//! Each screen lists its rows with what they do: Enter on a row, its
//! number key and a click on it do the same thing, on every kind of
//! screen that has rows.

mod support;

use std::collections::BTreeSet;

use support::{
    NOW, answer_path, answer_until_review, app, click, draw, draw_at, path_with_most, send, to_page,
};
use yibao_guide::content::Lang;
use yibao_guide::flow::Answers;
use yibao_guide::tui::app::{Action, App, Effect, Msg, Overlay, Page, Screen};

/// What a person would notice changed.
#[derive(Debug, PartialEq)]
struct Seen {
    screen: Screen,
    answers: Answers,
    lang: Lang,
    ticked: BTreeSet<String>,
    open_notes: BTreeSet<String>,
    overlay: Option<Overlay>,
    notice: Option<(&'static str, String)>,
    effects: Vec<Effect>,
}

fn seen(a: &App, effects: Vec<Effect>) -> Seen {
    Seen {
        screen: a.screen.clone(),
        answers: a.answers.clone(),
        lang: a.lang,
        ticked: a.ticked.clone(),
        open_notes: a.open_notes.clone(),
        overlay: a.overlay,
        notice: a.notice.clone(),
        effects,
    }
}

/// Row `i` of the screen `make` builds, chosen three ways: the cursor on
/// it and Enter, its number key, and a click on where it was drawn.
/// All three come out the same, and differ from doing nothing.
fn same_three_ways(make: &dyn Fn() -> App, i: usize, expect: &Action) {
    let (w, h) = (120, 40);
    let mut by_enter = make();
    assert_eq!(
        &by_enter.row_list()[i].action,
        expect,
        "{:?}",
        by_enter.screen
    );
    let untouched = seen(&by_enter, Vec::new());
    by_enter.cursor = i;
    draw(&mut by_enter, w, h);
    let fx = by_enter.update(Msg::Enter, NOW);
    let by_enter = seen(&by_enter, fx);

    let mut by_number = make();
    draw(&mut by_number, w, h);
    let fx = by_number.update(Msg::Pick(i), NOW);
    let by_number = seen(&by_number, fx);

    let mut by_click = make();
    let text = draw(&mut by_click, w, h);
    let tap = Msg::Tap(expect.clone());
    let (r, _) = by_click
        .drawn
        .hits
        .iter()
        .find(|(_, m)| *m == tap)
        .unwrap_or_else(|| panic!("row {i} ({expect:?}) is clickable:\n{text}"))
        .clone();
    let fx = send(&mut by_click, click(r.x + 3, r.y));
    let by_click = seen(&by_click, fx);

    assert_ne!(by_enter, untouched, "row {i} ({expect:?}) did nothing");
    assert_eq!(
        by_enter, by_number,
        "Enter and the number key on {expect:?}"
    );
    assert_eq!(by_enter, by_click, "Enter and a click on {expect:?}");
}

fn welcome() -> App {
    app()
}

fn first_question() -> App {
    let mut a = app();
    a.update(Msg::Enter, NOW);
    assert!(matches!(a.screen, Screen::Question(_)));
    a
}

fn review() -> App {
    let mut a = first_question();
    answer_until_review(&mut a, &[]);
    assert_eq!(a.screen, Screen::Review);
    a
}

/// A result page of the outcome with the most notes.
fn page(p: Page) -> App {
    let mut a = first_question();
    let walk = path_with_most(&a.content, |r| {
        usize::from(!r.notes.is_empty()) * 100 + r.materials.len().min(2)
    });
    answer_path(&mut a, &walk);
    a.update(Msg::Enter, NOW);
    to_page(&mut a, p);
    a
}

#[test]
fn welcome_rows_start_and_switch_language_by_enter_number_or_click() {
    same_three_ways(&welcome, 0, &Action::Start);
    same_three_ways(&welcome, 1, &Action::Lang);
}

#[test]
fn a_question_row_answers_with_its_option_by_enter_number_or_click() {
    let a = first_question();
    let Screen::Question(q) = &a.screen else {
        unreachable!()
    };
    let second = a.content.question(q).unwrap().options[1].id.clone();
    same_three_ways(&first_question, 1, &Action::Answer(second));
}

#[test]
fn review_rows_confirm_or_open_an_answer_by_enter_number_or_click() {
    same_three_ways(&review, 0, &Action::Confirm);
    let a = review();
    let second = a.row_list()[2].action.clone();
    assert!(matches!(second, Action::Edit(_)), "{second:?}");
    same_three_ways(&review, 2, &second);
}

#[test]
fn a_note_opens_and_the_final_rows_act_by_enter_number_or_click() {
    let notes = || page(Page::Notes);
    let first = notes().row_list()[0].action.clone();
    assert!(matches!(first, Action::OpenNote(_)), "{first:?}");
    same_three_ways(&notes, 0, &first);
    let last = || page(Page::Final);
    same_three_ways(&last, 0, &Action::Qr);
    same_three_ways(&last, 1, &Action::Save);
    same_three_ways(&last, 2, &Action::Restart);
}

/// The same app on a kiosk, on the same screen.
fn on_a_kiosk(a: App) -> App {
    let screen = a.screen.clone();
    let mut a = a.with_kiosk(yibao_guide::tui::app::Kiosk::new(
        std::time::Duration::from_secs(60),
        vec!["f12".into()],
    ));
    a.screen = screen;
    a
}

#[test]
fn a_double_tap_on_a_kiosk_ticks_a_material_or_opens_a_note_once() {
    use std::time::Duration;
    for p in [Page::Materials, Page::Notes] {
        let mut a = on_a_kiosk(page(p));
        let t = Duration::from_secs(5);
        draw_at(&mut a, 100, 30, t);
        let (r, _) = a
            .drawn
            .hits
            .iter()
            .find(|(_, m)| matches!(m, Msg::Tap(Action::Tick(_) | Action::OpenNote(_))))
            .expect("a row to tap")
            .clone();
        let state = |a: &App| (a.ticked.len(), a.open_notes.len());
        let before = state(&a);
        send_at(&mut a, click(r.x + 3, r.y), t);
        let once = state(&a);
        assert_ne!(once, before, "{p:?}: one tap acts");
        // The second tap of a double tap, 150 ms later.
        send_at(&mut a, click(r.x + 3, r.y), t + Duration::from_millis(150));
        assert_eq!(state(&a), once, "{p:?}: the double tap acted once");
        // A tap later is a new tap: it undoes.
        send_at(&mut a, click(r.x + 3, r.y), t + Duration::from_millis(900));
        assert_eq!(state(&a), before, "{p:?}: a later tap undoes");
    }
}

fn send_at(a: &mut App, ev: ratatui::crossterm::event::Event, now: std::time::Duration) {
    yibao_guide::tui::input::handle(a, &ev, now);
}

#[test]
fn the_start_again_row_asks_first_and_keeps_the_answers_until_yes() {
    for kiosk in [false, true] {
        let mut a = page(Page::Final);
        if kiosk {
            a = on_a_kiosk(a);
        }
        draw(&mut a, 100, 30);
        let answers = a.answers.clone();
        a.update(Msg::Tap(Action::Restart), NOW);
        assert_eq!(a.overlay, Some(Overlay::ConfirmRestart), "kiosk {kiosk}");
        assert_eq!(a.answers, answers, "nothing wiped before the answer");
        a.update(Msg::No, NOW);
        assert_eq!(a.overlay, None);
        assert_eq!(a.screen, Screen::Page(Page::Final), "back where it was");
        a.update(Msg::Tap(Action::Restart), NOW);
        a.update(Msg::Yes, NOW);
        assert!(a.answers.is_empty(), "yes starts again");
    }
}

#[test]
fn a_click_and_space_tick_the_same_material() {
    let mut by_key = page(Page::Materials);
    let mut by_click = page(Page::Materials);
    let second = by_key.row_list()[1].action.clone();
    let Action::Tick(id) = &second else {
        panic!("{second:?}")
    };
    by_key.update(Msg::Down, NOW);
    by_key.update(Msg::Tick, NOW);
    draw(&mut by_click, 120, 40);
    by_click.update(Msg::Tap(second.clone()), NOW);
    assert_eq!(by_key.ticked, BTreeSet::from([id.clone()]));
    assert_eq!(by_key.ticked, by_click.ticked);
    // Enter there reads on, as it always did: it ticks nothing.
    by_key.update(Msg::Enter, NOW);
    assert_eq!(by_key.ticked, by_click.ticked);
}

#[test]
fn a_province_cell_answers_by_enter_or_click() {
    let grid = || {
        let mut a = first_question();
        support::walk_to_question(
            &mut a,
            "from_province",
            &[("insurance", "employee"), ("retired", "no")],
        );
        a
    };
    let mut a = grid();
    draw(&mut a, 120, 40);
    assert!(a.grid(), "{:?}", a.screen);
    let guangdong = Action::Answer("guangdong".into());
    let i = a
        .row_list()
        .iter()
        .position(|r| r.action == guangdong)
        .expect("Guangdong is a cell");
    same_three_ways(&grid, i, &guangdong);
}

#[test]
fn on_a_kiosk_the_language_switch_and_the_main_button_keep_their_places_in_both_languages() {
    for (w, h) in [(100, 30), (120, 31)] {
        let mut a = on_a_kiosk(page(Page::Materials));
        let places = |a: &mut App| {
            draw(a, w, h);
            let mut hits: Vec<_> = a
                .drawn
                .hits
                .iter()
                .filter(|(r, _)| r.y >= h - 5)
                .map(|(r, m)| (*r, m.clone()))
                .collect();
            hits.sort_by_key(|(r, _)| (r.y, r.x));
            hits
        };
        let fixed = |hits: Vec<(ratatui::layout::Rect, Msg)>| {
            let lang = hits.iter().find(|(_, m)| *m == Msg::Lang).map(|h| h.0);
            (lang, hits.first().cloned())
        };
        let zh = fixed(places(&mut a));
        assert!(zh.0.is_some(), "a switch at {w}x{h}");
        a.update(Msg::Lang, NOW);
        assert_eq!(a.lang, Lang::En);
        let en = fixed(places(&mut a));
        assert_eq!(zh, en, "at {w}x{h}");
        // A second tap at the same place switches back.
        let r = en.0.unwrap();
        send_at(
            &mut a,
            click(r.x + 1, r.y + 1),
            std::time::Duration::from_secs(5),
        );
        assert_eq!(a.lang, Lang::Zh);
    }
}

#[test]
fn on_a_laptop_the_last_page_names_what_enter_does() {
    let mut a = page(Page::Final);
    let text = draw(&mut a, 100, 30);
    let footer = text
        .lines()
        .rev()
        .find(|l| l.contains("Enter"))
        .unwrap_or("");
    assert!(footer.contains("[确定 Enter]"), "{footer}");
    assert!(
        a.drawn.hits.iter().any(|(_, m)| *m == Msg::Enter),
        "the button can be clicked"
    );
}

#[test]
fn the_ready_count_is_on_every_result_page_down_to_60_columns() {
    // On the strip of page names where it fits after them; in English at
    // 60 columns the names alone take 59, and the count goes to the
    // header in place of the page count (the strip shows the page).
    let pages = [
        Page::Overview,
        Page::Steps,
        Page::Materials,
        Page::Notes,
        Page::Final,
    ];
    for (lang, sizes) in [
        (
            Lang::Zh,
            &[
                (60, 18, 1, "已备好 0/{n}"),
                (80, 24, 1, "已备好 0 项，共 {n} 项"),
            ][..],
        ),
        (
            Lang::En,
            &[(60, 18, 0, "0 of {n} ready"), (80, 24, 1, "0 of {n} ready")][..],
        ),
    ] {
        for p in pages {
            let mut a = page(p);
            a.lang = lang;
            let n = a.route().expect("a route").materials.len();
            for &(w, h, line, want) in sizes {
                let want = &want.replace("{n}", &n.to_string());
                let text = draw(&mut a, w, h);
                let at = text.lines().nth(line).unwrap_or("");
                assert!(at.contains(want), "{lang:?} {p:?} {w}x{h}: {at:?}\n{text}");
                // Once only, and the header names the page where the
                // count is not there.
                assert_eq!(text.matches(want).count(), 1, "{text}");
                if line == 1 {
                    let header = text.lines().next().unwrap_or("");
                    assert!(!header.contains(want), "{header}");
                }
            }
        }
    }
}

#[test]
fn a_receipt_notice_on_the_last_page_moves_no_row() {
    for (w, h) in [(100, 30), (120, 31)] {
        let mut a = on_a_kiosk(page(Page::Final));
        a.print_columns = Some(32);
        let t = std::time::Duration::from_secs(5);
        draw_at(&mut a, w, h, t);
        let rows = |a: &App| -> Vec<ratatui::layout::Rect> {
            a.drawn
                .hits
                .iter()
                .filter(|(_, m)| matches!(m, Msg::Tap(_)))
                .map(|(r, _)| *r)
                .collect()
        };
        let before = rows(&a);
        assert!(
            a.row_list().iter().any(|r| r.action == Action::Print),
            "a print row"
        );
        a.update(Msg::Tap(Action::Print), t);
        assert!(a.notice.is_some());
        let text = draw_at(&mut a, w, h, t);
        let notice = support::flat(&a.ui("print.sending").replace("{n}", ""));
        assert!(
            support::flat(text.lines().next().unwrap_or("")).contains(&notice),
            "in the header at {w}x{h}:\n{text}"
        );
        assert_eq!(rows(&a), before, "at {w}x{h}:\n{text}");
    }
}

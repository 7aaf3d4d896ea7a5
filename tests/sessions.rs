//! Nothing of one person reaches the next on a kiosk: a print result is
//! shown only to the session that asked for it, and a person is counted
//! once however often they go back and forth.

use std::time::Duration;

use yibao_guide::content::Lang;
use yibao_guide::load::load_embedded;
use yibao_guide::tui::app::{App, Kiosk, Msg, Page, Screen};
use yibao_guide::tui::app_for;

fn kiosk() -> App {
    let mut a = app_for(load_embedded().expect("built-in content"), Lang::Zh)
        .with_kiosk(Kiosk::new(Duration::from_secs(60), vec!["f12".into()]));
    a.print_columns = Some(32);
    a
}

/// From the attract screen to the overview: a touch, start, the first
/// option of every question, confirm.
fn to_overview(a: &mut App, now: Duration) {
    a.update(Msg::Activity, now);
    a.update(Msg::Pick(0), now);
    while matches!(a.screen, Screen::Question(_)) {
        a.update(Msg::Pick(0), now);
    }
    assert_eq!(a.screen, Screen::Review);
    a.update(Msg::Pick(0), now);
    assert_eq!(a.screen, Screen::Page(Page::Overview));
}

/// Taps Print on the last page and returns the session it was sent for.
fn print(a: &mut App, now: Duration) -> u64 {
    a.screen = Screen::Page(Page::Final);
    a.update(Msg::Pick(1), now);
    assert!(
        std::mem::take(&mut a.print_requested),
        "print was asked for"
    );
    assert_eq!(a.notice.as_ref().map(|n| n.0), Some("print.sending"));
    a.session
}

#[test]
fn a_print_result_reaches_only_the_session_that_asked_for_it() {
    let mut a = kiosk();
    let mut now = Duration::from_secs(1);
    to_overview(&mut a, now);
    let first = print(&mut a, now);
    // Person A walks away; the kiosk resets before the printer answers.
    now += Duration::from_secs(61);
    a.update(Msg::Idle, now);
    assert_eq!(a.screen, Screen::Attract);
    // Person B prints too; A's failure arrives first, then B's success.
    to_overview(&mut a, now);
    let second = print(&mut a, now);
    assert_ne!(first, second);
    a.print_finished(first, Err("paper jam".into()));
    assert_eq!(
        a.notice.as_ref().map(|n| n.0),
        Some("print.sending"),
        "A's result is not shown to B"
    );
    assert!(a.printing, "B's receipt is still on its way");
    a.print_finished(second, Ok(()));
    assert_eq!(a.notice.as_ref().map(|n| n.0), Some("print.done"));
    assert!(!a.printing);
}

#[test]
fn starting_again_drops_the_result_of_a_receipt_still_printing() {
    let mut a = kiosk();
    let now = Duration::from_secs(1);
    to_overview(&mut a, now);
    let asked = print(&mut a, now);
    a.update(Msg::Pick(2), now);
    assert_eq!(a.screen, Screen::Welcome);
    a.print_finished(asked, Ok(()));
    assert_eq!(a.notice, None);
    // The next session can print at once.
    a.update(Msg::Pick(0), now);
    while matches!(a.screen, Screen::Question(_)) {
        a.update(Msg::Pick(0), now);
    }
    a.update(Msg::Pick(0), now);
    print(&mut a, now);
}

#[test]
fn going_back_and_forth_counts_a_person_once() {
    let mut a = kiosk();
    let now = Duration::from_secs(1);
    to_overview(&mut a, now);
    let id = a.reached_outcome.take().expect("the outcome is counted");
    for _ in 0..5 {
        a.update(Msg::Back, now);
        assert_eq!(a.screen, Screen::Review);
        a.update(Msg::Pick(0), now);
        assert_eq!(a.screen, Screen::Page(Page::Overview));
        assert_eq!(a.reached_outcome.take(), None, "counted again");
    }
    // The next person is counted.
    a.reset_for_next_person();
    to_overview(&mut a, now);
    assert_eq!(a.reached_outcome.take(), Some(id));
}

//! Nothing of one person reaches the next on a kiosk: a print result is
//! shown only to the session that asked for it, and a person is counted
//! once however often they go back and forth.

use std::time::Duration;

use yibao_guide::content::Lang;
use yibao_guide::load::load_embedded;
use yibao_guide::tui::app::{App, Effect, Kiosk, Msg, Page, Screen};
use yibao_guide::tui::app_for;

fn kiosk() -> App {
    let mut a = app_for(load_embedded().expect("built-in content"), Lang::Zh)
        .with_kiosk(Kiosk::new(Duration::from_secs(60), vec!["f12".into()]));
    a.print_columns = Some(32);
    a
}

/// From the attract screen to the overview: a touch, start, the first
/// option of every question, confirm. Returns the effects on the way.
fn to_overview(a: &mut App, now: Duration) -> Vec<Effect> {
    let mut fx = a.update(Msg::Activity, now);
    fx.extend(a.update(Msg::Pick(0), now));
    while matches!(a.screen, Screen::Question(_)) {
        fx.extend(a.update(Msg::Pick(0), now));
    }
    assert_eq!(a.screen, Screen::Review);
    assert_eq!(fx, [], "nothing to do before the outcome");
    fx.extend(a.update(Msg::Pick(0), now));
    assert_eq!(a.screen, Screen::Page(Page::Overview));
    fx
}

/// The outcomes counted among these effects.
fn counted(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::CountOutcome(id) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

/// The printer's answer for `session` comes back, as the loop passes it.
fn printed(a: &mut App, session: u64, result: Result<(), String>) {
    let fx = a.update(Msg::Printed { session, result }, Duration::ZERO);
    assert_eq!(fx, [], "a print result asks for nothing more");
}

/// Taps Print on the last page and returns the session it was sent for.
fn print(a: &mut App, now: Duration) -> u64 {
    a.screen = Screen::Page(Page::Final);
    assert_eq!(
        a.update(Msg::Pick(1), now),
        [Effect::Print],
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
    printed(&mut a, first, Err("paper jam".into()));
    assert_eq!(
        a.notice.as_ref().map(|n| n.0),
        Some("print.sending"),
        "A's result is not shown to B"
    );
    assert!(a.printing, "B's receipt is still on its way");
    printed(&mut a, second, Ok(()));
    assert_eq!(a.notice.as_ref().map(|n| n.0), Some("print.done"));
    assert!(!a.printing);
}

#[test]
fn starting_again_drops_the_result_of_a_receipt_still_printing() {
    let mut a = kiosk();
    let now = Duration::from_secs(1);
    to_overview(&mut a, now);
    let asked = print(&mut a, now);
    // The start-again row, and yes in the box it opens.
    a.update(Msg::Pick(2), now);
    a.update(Msg::Yes, now);
    assert_eq!(a.screen, Screen::Welcome);
    printed(&mut a, asked, Ok(()));
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
    let ids = counted(&to_overview(&mut a, now));
    assert_eq!(ids.len(), 1, "the outcome is counted once: {ids:?}");
    for i in 0..6 {
        // Back the first time, then by the button 修改回答.
        let mut fx = a.update(if i == 0 { Msg::Back } else { Msg::Review }, now);
        assert_eq!(a.screen, Screen::Review);
        fx.extend(a.update(Msg::Pick(0), now));
        assert_eq!(a.screen, Screen::Page(Page::Overview));
        // Through the pages and back to the overview by its name.
        fx.extend(a.update(Msg::NextPage, now));
        fx.extend(a.update(Msg::Section(Page::Overview), now));
        assert_eq!(a.screen, Screen::Page(Page::Overview));
        assert_eq!(counted(&fx), Vec::<String>::new(), "counted again");
    }
    // The next person is counted, and the screen wiped for them.
    assert!(a.reset_for_next_person().contains(&Effect::WipeScreen));
    assert_eq!(counted(&to_overview(&mut a, now)), ids);
}

#[test]
fn a_second_tap_on_print_sends_nothing_while_the_receipt_is_on_its_way() {
    let mut a = kiosk();
    let now = Duration::from_secs(1);
    to_overview(&mut a, now);
    let asked = print(&mut a, now);
    // Later taps, past the debounce, on the same row.
    for i in 1..4 {
        assert_eq!(
            a.update(Msg::Pick(1), now + Duration::from_secs(i)),
            [],
            "a second receipt was sent"
        );
    }
    printed(
        &mut a,
        asked,
        Err("lp: No such file or directory (os error 2)".into()),
    );
    // A plain sentence, not the printer's words.
    assert_eq!(a.notice.as_ref().map(|n| n.0), Some("print.failed"));
    assert!(!a.printing);
    // Once it came back, the person may try again.
    print(&mut a, now + Duration::from_secs(5));
}

#[test]
fn the_idle_reset_wipes_the_screen_once_and_stops_the_reading() {
    let mut a = kiosk();
    a.speech.voices = [true, true];
    let now = Duration::from_secs(1);
    to_overview(&mut a, now);
    assert!(matches!(
        a.update(Msg::Speak, now).as_slice(),
        [Effect::Speak { .. }]
    ));
    let fx = a.update(Msg::Idle, now + Duration::from_secs(600));
    assert_eq!(a.screen, Screen::Attract);
    assert_eq!(
        fx.iter().filter(|e| **e == Effect::WipeScreen).count(),
        1,
        "{fx:?}"
    );
    assert!(fx.contains(&Effect::StopSpeaking), "{fx:?}");
    // Nothing more while no one is there.
    assert_eq!(a.update(Msg::Idle, now + Duration::from_secs(1200)), []);
}

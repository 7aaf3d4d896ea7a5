//! The read-aloud button: what the current screen says (the same lines as
//! plain mode, from `speech::script`), and the loop's part in running the
//! speech command.

use super::app::{Action, App, Effect, Msg, Overlay, Page, Screen};
use super::screens;
use crate::export::fill;
use crate::flow;
use crate::speech::{self, Line, Reader, Section, script};

/// The lines the current screen says: an open box first, else the screen.
pub fn lines(app: &App) -> Vec<Line> {
    let c = &app.content;
    let lang = app.lang;
    let ui = |k: &str| c.ui(k, lang).to_owned();
    let text = |k: &str| -> Vec<Line> { ui(k).lines().map(|l| Line::Text(l.to_owned())).collect() };
    match app.overlay {
        Some(Overlay::Help) => {
            let mut l = vec![Line::Heading(ui("help.heading"))];
            l.extend(text(if app.kiosk.is_some() {
                "help.kiosk"
            } else {
                "help.body"
            }));
            return l;
        }
        // Several codes: which one this is, and how to get to the next.
        Some(Overlay::Qr) if app.drawn.qr_parts > 1 => {
            let total = ("total", app.drawn.qr_parts.to_string());
            let n = ("n", (app.qr_part + 1).min(app.drawn.qr_parts).to_string());
            return vec![
                Line::Heading(ui("qr.heading")),
                Line::Text(fill(&ui("qr.part"), &[n, total.clone()])),
                Line::Text(fill(&ui("qr.parts_how"), &[total])),
            ];
        }
        Some(Overlay::Qr) => {
            return vec![Line::Heading(ui("qr.heading")), Line::Text(ui("qr.how"))];
        }
        Some(Overlay::ConfirmQuit) => {
            return vec![
                Line::Heading(ui("quit.heading")),
                Line::Text(ui("quit.body")),
            ];
        }
        Some(Overlay::ConfirmRestart) => {
            return vec![
                Line::Heading(ui("restart.heading")),
                Line::Text(ui("restart.body")),
            ];
        }
        None => {}
    }
    match &app.screen {
        Screen::Attract => vec![
            Line::Heading(c.meta.title.get(lang).to_owned()),
            Line::Text(ui("kiosk.attract_body")),
            Line::Text(ui("kiosk.attract_tap")),
        ],
        Screen::Welcome => {
            let mut l = vec![
                Line::Heading(ui("welcome.heading")),
                Line::Text(ui("welcome.intro")),
                Line::Text(ui(if app.kiosk.is_some() {
                    "welcome.how_kiosk"
                } else {
                    "welcome.how"
                })),
            ];
            l.extend(items(screens::welcome::rows(app)));
            l
        }
        Screen::Hall => {
            let (heading, _, help) = app.hall_texts();
            let mut l = vec![Line::Heading(heading)];
            l.extend(items(screens::hall::rows(app)));
            l.push(Line::Text(help));
            l
        }
        Screen::Question(id) => {
            let Some(q) = c.question(id) else {
                return Vec::new();
            };
            let (n, total, _) = app.progress().unwrap_or((1, 1, ""));
            let mut l = script::question(c, lang, q, &app.answers, n, total);
            if app.grid() {
                // Numbers choose nothing on a grid: the options by name, then
                // how to choose one.
                let names: Vec<String> = l
                    .iter()
                    .filter_map(|x| match x {
                        Line::Item(_, t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect();
                l.retain(|x| !matches!(x, Line::Item(..)));
                l.push(Line::Text(names.join(c.ui("booklet.list_separator", lang))));
                l.push(Line::Text(ui(if app.kiosk.is_some() {
                    "grid.hint_touch"
                } else {
                    "grid.hint"
                })));
            }
            l
        }
        Screen::Review => {
            // Numbered as the rows are: 1 confirms, then each answer.
            let mut l = vec![Line::Heading(ui("review.heading"))];
            for (i, r) in screens::review::rows(app).into_iter().enumerate() {
                let text = match (&r.action, r.help) {
                    (Action::Edit(_), Some(answer)) => fill(
                        c.ui("plain.answer", lang),
                        &[("question", r.label), ("answer", answer)],
                    ),
                    _ => r.label,
                };
                l.push(Line::Item(i + 1, text));
            }
            l
        }
        Screen::Page(p) => {
            let Some(r) = app.route() else {
                return Vec::new();
            };
            // Each page reads the parts of the route it shows.
            let sections: Vec<Section> = match p {
                Page::Overview => script::sections(&r)
                    .into_iter()
                    .filter(|s| matches!(s, Section::Overview | Section::Checks | Section::Time))
                    .collect(),
                Page::Steps => (0..r.steps.len()).map(Section::Step).collect(),
                Page::Materials => vec![Section::Materials],
                Page::Notes => vec![Section::Notes],
                Page::Final => return final_lines(app, &r),
            };
            sections
                .into_iter()
                .flat_map(|s| script::section(c, lang, &r, s))
                .collect()
        }
    }
}

/// The last page: what is still to get ready, and the rows.
fn final_lines(app: &App, r: &flow::Resolved) -> Vec<Line> {
    let ui = |k: &str| app.content.ui(k, app.lang).to_owned();
    let mut l = vec![Line::Heading(ui("heading.final"))];
    let missing = app.missing(r);
    if missing.is_empty() {
        l.push(Line::Text(ui("final.all_ticked")));
    } else {
        l.push(Line::Text(ui("final.missing")));
        l.extend(missing.into_iter().map(|m| Line::Text(m.to_owned())));
    }
    l.push(Line::Text(ui("final.body")));
    l.push(Line::Text(ui("export.hotline")));
    l.extend(items(screens::finish::rows(app)));
    l
}

/// A screen's rows as numbered items, as their number keys choose them.
fn items(rows: Vec<screens::Row>) -> impl Iterator<Item = Line> {
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| Line::Item(i + 1, r.label))
}

/// The text the speech command gets for the current screen.
pub fn text(app: &App) -> String {
    speech::spoken(&app.content, app.lang, &lines(app))
}

/// The loop's part of a reading effect: starts or stops the reading.
/// Returns what came of it for `update`: a command that failed at once.
/// Other effects are not for the reader and do nothing here.
pub fn perform(reader: &mut Reader, effect: &Effect) -> Option<Msg> {
    match effect {
        Effect::Speak { lang, text } => reader.say(*lang, text).err().map(|e| Msg::Spoken(Err(e))),
        Effect::StopSpeaking => {
            reader.stop();
            None
        }
        _ => None,
    }
}

/// While a text is read: `Msg::Spoken` once the reading has ended by
/// itself or failed.
pub fn watch(app: &App, reader: &mut Reader) -> Option<Msg> {
    if app.speech.speaking {
        reader.poll().map(Msg::Spoken)
    } else {
        None
    }
}

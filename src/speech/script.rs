//! What each screen says, as plain lines: the question with its options
//! numbered, the review, and the route in sections. Plain mode prints
//! these lines and the read-aloud button speaks them, so both say the same.
//! Every word comes from the content and its `[ui]` strings; the route
//! comes from `flow::Resolved`.

use crate::content::{Content, Lang, Question};
use crate::export::{fill, material_line, material_short};
use crate::flow::{self, Answers, Resolved};

/// One line of a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Heading(String),
    Text(String),
    /// A numbered option or item: "1. 职工医保".
    Item(usize, String),
}

impl Line {
    /// The line as printed in plain mode.
    pub fn plain(&self) -> String {
        match self {
            Line::Heading(t) | Line::Text(t) => t.clone(),
            Line::Item(n, t) => format!("{n}. {t}"),
        }
    }
}

/// One part of the route, as plain mode shows it and the voice reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Checks,
    Step(usize),
    Materials,
    Time,
    Notes,
    Sources,
}

/// The sections of a route, in order; those with nothing in them are left out.
pub fn sections(r: &Resolved) -> Vec<Section> {
    let mut s = vec![Section::Overview];
    if !r.checks.is_empty() {
        s.push(Section::Checks);
    }
    s.extend((0..r.steps.len()).map(Section::Step));
    if !r.materials.is_empty() {
        s.push(Section::Materials);
    }
    s.push(Section::Time);
    if !r.notes.is_empty() {
        s.push(Section::Notes);
    }
    if !r.sources.is_empty() {
        s.push(Section::Sources);
    }
    s
}

fn ui(content: &Content, lang: Lang, key: &str) -> String {
    content.ui(key, lang).to_owned()
}

fn labelled(content: &Content, lang: Lang, label: &str, value: &str) -> String {
    fill(
        content.ui("export.labelled", lang),
        &[("label", label.to_owned()), ("value", value.to_owned())],
    )
}

/// "第2题，共4题。", the question, the options offered for these answers
/// numbered from 1.
pub fn question(
    content: &Content,
    lang: Lang,
    q: &Question,
    answers: &Answers,
    n: usize,
    total: usize,
) -> Vec<Line> {
    let mut out = vec![
        Line::Text(fill(
            content.ui("plain.progress", lang),
            &[("n", n.to_string()), ("total", total.to_string())],
        )),
        Line::Heading(q.title.get(lang).to_owned()),
    ];
    out.extend(
        flow::choices(content, q, answers)
            .iter()
            .enumerate()
            .map(|(i, o)| Line::Item(i + 1, o.label.get(lang).to_owned())),
    );
    out
}

/// The help of a question: how to tell, then each option with its own help.
pub fn question_help(content: &Content, lang: Lang, q: &Question, answers: &Answers) -> Vec<Line> {
    let mut out = vec![Line::Heading(ui(content, lang, "question.help_heading"))];
    out.extend(q.help.get(lang).lines().map(|l| Line::Text(l.to_owned())));
    for (i, o) in flow::choices(content, q, answers).iter().enumerate() {
        let text = match &o.help {
            Some(h) => labelled(content, lang, o.label.get(lang), h.get(lang)),
            None => o.label.get(lang).to_owned(),
        };
        out.push(Line::Item(i + 1, text));
    }
    out
}

/// The answers given, numbered so that one can be changed by its number.
pub fn review(content: &Content, lang: Lang, r: &[(String, String)]) -> Vec<Line> {
    let mut out = vec![Line::Heading(ui(content, lang, "review.heading"))];
    out.extend(r.iter().enumerate().map(|(i, (q, a))| {
        Line::Item(
            i + 1,
            fill(
                content.ui("plain.answer", lang),
                &[("question", q.clone()), ("answer", a.clone())],
            ),
        )
    }));
    out
}

/// One section of the route.
pub fn section(content: &Content, lang: Lang, r: &Resolved, s: Section) -> Vec<Line> {
    let lab = |l: &str, v: &str| labelled(content, lang, l, v);
    let key = |k: &str| ui(content, lang, k);
    let paragraphs = |t: &str| -> Vec<Line> {
        t.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Line::Text(l.to_owned()))
            .collect()
    };
    let mut out = Vec::new();
    match s {
        Section::Overview => {
            out.push(Line::Heading(r.title.clone()));
            out.extend(paragraphs(&r.summary));
            if let Some(f) = &r.finish_by {
                out.push(Line::Text(f.sentence.clone()));
            }
            out.push(Line::Text(lab(&key("label.place"), &r.place.label)));
            // What differs in the person's province (sources are on screen
            // and in the take-away; read aloud they would drown the facts).
            let regional = crate::export::regional_lines(r);
            if !regional.is_empty() {
                out.push(Line::Heading(key("heading.regional")));
                out.extend(regional.into_iter().map(|(line, _)| Line::Text(line)));
            }
        }
        Section::Checks => {
            out.push(Line::Heading(key("heading.checks")));
            out.extend(
                r.checks
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Line::Item(i + 1, c.clone())),
            );
        }
        Section::Step(i) => {
            let Some(st) = r.steps.get(i) else {
                return out;
            };
            let head = fill(
                content.ui("heading.step", lang),
                &[
                    ("n", (i + 1).to_string()),
                    ("total", r.steps.len().to_string()),
                ],
            );
            out.push(Line::Heading(lab(&head, &st.title)));
            if let Some(stage) = &st.stage {
                out.push(Line::Text(lab(&key("label.stage"), stage)));
            }
            out.push(Line::Text(lab(&key("label.place"), &st.place.label)));
            out.extend(paragraphs(&st.body));
        }
        Section::Materials => {
            out.push(Line::Heading(key("heading.materials")));
            for (i, m) in r.materials.iter().enumerate() {
                out.push(Line::Item(i + 1, material_line(content, lang, m)));
            }
        }
        Section::Time => {
            out.push(Line::Heading(key("heading.time")));
            out.push(Line::Text(lab(&key("label.time_limit"), &r.time_limit)));
            if let Some(f) = &r.finish_by {
                out.push(Line::Text(f.sentence.clone()));
            }
            out.push(Line::Text(lab(&key("label.fee"), &r.fee)));
            out.push(Line::Text(lab(
                &key("label.personal_account"),
                &r.personal_account,
            )));
            out.push(Line::Text(lab(
                &key("label.waiting_period"),
                &r.waiting_period,
            )));
            out.push(Line::Text(key("export.hotline")));
        }
        Section::Notes => {
            out.push(Line::Heading(key("heading.notes")));
            for (i, n) in r.notes.iter().enumerate() {
                out.push(Line::Item(i + 1, lab(&n.title, &n.body.replace('\n', " "))));
            }
        }
        Section::Sources => {
            out.push(Line::Heading(key("heading.sources")));
            for (i, s) in r.sources.iter().enumerate() {
                let url = s
                    .url
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                let what = fill(
                    content.ui("plain.source", lang),
                    &[
                        ("title", s.title.clone()),
                        ("confidence", s.confidence.label.clone()),
                    ],
                );
                out.push(Line::Item(i + 1, format!("{what}{url}")));
            }
        }
    }
    out
}

/// The short list to take along: the steps and where, the materials with
/// form and number, and where to ask. Lines, not boxes: a screen reader
/// reads "[ ]" out.
pub fn checklist(content: &Content, lang: Lang, r: &Resolved) -> Vec<Line> {
    let lab = |l: &str, v: &str| labelled(content, lang, l, v);
    let mut out = vec![
        Line::Heading(ui(content, lang, "plain.checklist")),
        Line::Text(r.title.clone()),
    ];
    if let Some(f) = &r.finish_by {
        out.push(Line::Text(f.short.clone()));
    }
    out.push(Line::Text(lab(&ui(content, lang, "heading.steps"), "")));
    for (i, st) in r.steps.iter().enumerate() {
        // Where a phase starts, its stage before its steps: "离职时：".
        if let Some(stage) = r.stage_starting(i) {
            out.push(Line::Text(lab(stage, "")));
        }
        out.push(Line::Item(i + 1, lab(&st.title, &st.place.label)));
    }
    if !r.materials.is_empty() {
        out.push(Line::Text(lab(&ui(content, lang, "heading.materials"), "")));
        for (i, m) in r.materials.iter().enumerate() {
            out.push(Line::Item(i + 1, material_short(content, lang, m)));
        }
    }
    out.push(Line::Text(ui(content, lang, "export.hotline")));
    out
}

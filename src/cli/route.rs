//! `route`: answers on the command line in, the outcome out as text,
//! Markdown or JSON.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::content::{Content, Lang, Question};
use crate::flow::calendar::Date;
use crate::flow::{self, Answers, Next, Resolved};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// A problem with the answers given: the message names the question and
/// lists its valid options. Exit code 2.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

fn options_of(q: &Question, lang: Lang) -> String {
    q.options
        .iter()
        .map(|o| format!("  {} ({})", o.id, o.label.get(lang)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses `key=value` pairs against the content's questions.
pub fn parse_answers(
    content: &Content,
    args: &[String],
    lang: Lang,
) -> Result<Answers, UsageError> {
    let mut answers = Answers::new();
    for arg in args {
        let Some((k, v)) = arg.split_once('=') else {
            return Err(UsageError(format!(
                "`{arg}` is not an answer: write question=option, for example insurance=employee"
            )));
        };
        let Some(q) = content.question(k.trim()) else {
            let known: Vec<String> = content
                .questions
                .iter()
                .map(|q| format!("  {} ({})", q.id, q.title.get(lang)))
                .collect();
            return Err(UsageError(format!(
                "unknown question `{k}`; the questions are:\n{}",
                known.join("\n")
            )));
        };
        if q.option(v.trim()).is_none() {
            return Err(UsageError(format!(
                "`{v}` is not an option of question `{}` ({}); valid options:\n{}",
                q.id,
                q.title.get(lang),
                options_of(q, lang)
            )));
        }
        if answers.insert(q.id.clone(), v.trim().to_owned()).is_some() {
            return Err(UsageError(format!("question `{}` is answered twice", q.id)));
        }
    }
    Ok(answers)
}

/// Resolves the answers to an outcome, or says which answer is missing.
pub fn route(
    content: &Content,
    answers: &Answers,
    lang: Lang,
    today: Option<Date>,
) -> Result<Resolved, UsageError> {
    let kept = flow::prune(content, answers);
    match flow::next(content, &kept) {
        Next::Ask(q) => Err(UsageError(format!(
            "missing answer for question `{}` ({}); valid options:\n{}",
            q.id,
            q.title.get(lang),
            options_of(q, lang)
        ))),
        Next::Done(o) => Ok(flow::resolve(content, o, &kept, lang, today)),
        Next::NoOutcome => Err(UsageError(
            "the content has no outcome for these answers; run `yibao-guide check`".into(),
        )),
        Next::Ambiguous(_) => Err(UsageError(
            "the content has several outcomes for these answers; run `yibao-guide check`".into(),
        )),
    }
}

pub fn render(content: &Content, r: &Resolved, lang: Lang, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(r).unwrap_or_default() + "\n",
        Format::Text => render_text(content, r, lang, false, &BTreeSet::new()),
        Format::Markdown => render_text(content, r, lang, true, &BTreeSet::new()),
    }
}

/// The outcome as a Markdown checklist, with the materials already ticked.
pub fn checklist(content: &Content, r: &Resolved, lang: Lang, ticked: &BTreeSet<String>) -> String {
    render_text(content, r, lang, true, ticked)
}

fn render_text(
    content: &Content,
    r: &Resolved,
    lang: Lang,
    md: bool,
    ticked: &BTreeSet<String>,
) -> String {
    let ui = |k: &str| content.ui(k, lang).to_owned();
    let mut s = String::new();
    let h1 = |s: &mut String, t: &str| {
        if md {
            let _ = writeln!(s, "# {t}\n");
        } else {
            let _ = writeln!(
                s,
                "{t}\n{}\n",
                "=".repeat(unicode_width::UnicodeWidthStr::width(t))
            );
        }
    };
    let h2 = |s: &mut String, t: &str| {
        if md {
            let _ = writeln!(s, "\n## {t}\n");
        } else {
            let _ = writeln!(
                s,
                "\n{t}\n{}",
                "-".repeat(unicode_width::UnicodeWidthStr::width(t))
            );
        }
    };
    let item = if md { "- " } else { "  * " };
    h1(&mut s, &r.title);
    let _ = writeln!(s, "{}", r.summary);
    h2(&mut s, &ui("heading.answers"));
    for a in &r.answers {
        let _ = writeln!(s, "{item}{}: {}", a.question_title, a.option_label);
    }
    if !r.checks.is_empty() {
        h2(&mut s, &ui("heading.checks"));
        for c in &r.checks {
            let _ = writeln!(s, "{}{c}", if md { "- [ ] " } else { "  [ ] " });
        }
    }
    h2(&mut s, &ui("heading.steps"));
    for (i, st) in r.steps.iter().enumerate() {
        let _ = writeln!(s, "{}. {} ({})", i + 1, st.title, st.place.label);
        let _ = writeln!(s, "   {}", st.body);
    }
    if !r.materials.is_empty() {
        h2(&mut s, &ui("heading.materials"));
        for m in &r.materials {
            let _ = writeln!(
                s,
                "{}{} ({}, {}): {}",
                match (md, ticked.contains(&m.id)) {
                    (true, true) => "- [x] ",
                    (true, false) => "- [ ] ",
                    (false, true) => "  [x] ",
                    (false, false) => "  [ ] ",
                },
                m.name,
                m.form.label,
                ui("label.copies").replace("{count}", &m.count.to_string()),
                m.needed
            );
        }
    }
    h2(&mut s, &ui("heading.time"));
    let _ = writeln!(s, "{item}{}: {}", ui("label.place"), r.place.label);
    let _ = writeln!(s, "{item}{}: {}", ui("label.time_limit"), r.time_limit);
    if let Some(f) = &r.finish_by {
        let _ = writeln!(s, "{item}{}", f.sentence);
    }
    let _ = writeln!(s, "{item}{}: {}", ui("label.fee"), r.fee);
    let _ = writeln!(
        s,
        "{item}{}: {}",
        ui("label.personal_account"),
        r.personal_account
    );
    let _ = writeln!(
        s,
        "{item}{}: {}",
        ui("label.waiting_period"),
        r.waiting_period
    );
    if !r.notes.is_empty() {
        h2(&mut s, &ui("heading.notes"));
        for n in &r.notes {
            let _ = writeln!(s, "{item}{}: {}", n.title, n.body);
        }
    }
    h2(&mut s, &ui("heading.sources"));
    for src in &r.sources {
        let url = src
            .url
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let _ = writeln!(s, "{item}{} [{}]{url}", src.title, src.confidence.label);
    }
    let _ = writeln!(
        s,
        "\n{}: {} ({}: {})",
        ui("label.version"),
        r.content_version,
        ui("label.updated"),
        r.updated
    );
    let _ = writeln!(s, "{}", content.meta.disclaimer.get(lang));
    s
}

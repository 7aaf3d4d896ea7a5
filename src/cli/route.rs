//! `route`: answers on the command line in, the outcome out as text,
//! Markdown or JSON.

use crate::calendar::Date;
use crate::content::{Content, Lang, Question};
use crate::embed::Wanted;
use crate::export;
use crate::flow::{self, Answers, Next, Resolved};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    /// For a receipt printer this many columns wide.
    Receipt(usize),
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
            let example = content
                .questions
                .first()
                .and_then(|q| Some(format!(", for example {}={}", q.id, q.options.first()?.id)))
                .unwrap_or_default();
            return Err(UsageError(format!(
                "`{arg}` is not an answer: write question=option{example}"
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

/// The outcome that `args` lead to when they are valid and complete, and
/// the provinces they name, for loading only what that outcome shows to
/// this person (`load::load_for`). Uses only the questions and the
/// outcomes' conditions.
pub fn outcome_of(content: &Content, args: &[String], lang: Lang) -> Option<Wanted> {
    let answers = parse_answers(content, args, lang).ok()?;
    match flow::next(content, &answers) {
        Next::Done(o) => Some(Wanted {
            outcome: o.id.clone(),
            provinces: flow::provinces(content, &answers),
        }),
        _ => None,
    }
}

/// Resolves the answers to an outcome, or names every answer that is
/// missing.
pub fn route(
    content: &Content,
    answers: &Answers,
    lang: Lang,
    today: Option<Date>,
) -> Result<Resolved, UsageError> {
    let kept = flow::prune(content, answers);
    let asked = flow::path(content, answers);
    // An answer to a question on this path that is not among the options
    // offered there (an option's `when` rules it out).
    for (q, o) in answers {
        if kept.contains_key(q) || !asked.iter().any(|a| &a.id == q) {
            continue;
        }
        let Some(question) = content.question(q) else {
            continue;
        };
        let here: Vec<_> = flow::choices(content, question, &kept);
        return Err(UsageError(format!(
            "`{o}` is not offered for question `{q}` ({}) with the other answers given; the options there are:\n{}",
            question.title.get(lang),
            here.iter()
                .map(|c| format!("  {} ({})", c.id, c.label.get(lang)))
                .collect::<Vec<_>>()
                .join("\n")
        )));
    }
    // An answer that contradicts what the other answers decide (a `scope`
    // that the two provinces rule out).
    for (q, decided) in flow::assumed(content, answers) {
        let Some(given) = answers.get(&q).filter(|g| **g != decided) else {
            continue;
        };
        let Some(question) = content.question(&q) else {
            continue;
        };
        let label = |o: &str| {
            question
                .option(o)
                .map_or(o.to_owned(), |c| c.label.get(lang).to_owned())
        };
        let because: Vec<String> = question
            .assume
            .iter()
            .find(|(_, o)| *o == decided)
            .map(|(c, _)| {
                let mut qs = Vec::new();
                c.questions(&mut qs);
                qs.sort();
                qs.dedup();
                qs.into_iter()
                    .filter_map(|x| answers.get(&x).map(|a| format!("{x}={a}")))
                    .collect()
            })
            .unwrap_or_default();
        return Err(UsageError(format!(
            "`{q}={given}` ({}) contradicts the other answers: {} make it `{decided}` ({}); leave `{q}` out or correct it",
            label(given),
            if because.is_empty() {
                "they".to_owned()
            } else {
                because.join(" ")
            },
            label(&decided),
        )));
    }
    match flow::next(content, answers) {
        Next::Ask(_) => Err(UsageError(missing(content, answers, lang))),
        Next::Done(o) => Ok(flow::resolve(content, o, answers, lang, today)),
        Next::NoOutcome => Err(UsageError(
            "the content has no outcome for these answers; run `yibao-guide check`".into(),
        )),
        Next::Ambiguous(_) => Err(UsageError(
            "the content has several outcomes for these answers; run `yibao-guide check`".into(),
        )),
    }
}

/// Every question still to answer, each with the options offered given
/// the answers so far: the questions asked on this path that have no
/// answer, given or assumed. (An answer still to come can bring in more,
/// which the next run names.)
fn missing(content: &Content, answers: &Answers, lang: Lang) -> String {
    let known = flow::complete(content, answers);
    let blocks: Vec<String> = flow::path(content, answers)
        .into_iter()
        .filter(|q| !known.contains_key(&q.id))
        .map(|q| {
            let offered: Vec<String> = flow::choices(content, q, answers)
                .iter()
                .map(|o| format!("  {} ({})", o.id, o.label.get(lang)))
                .collect();
            format!(
                "missing answer for question `{}` ({}); valid options:\n{}",
                q.id,
                q.title.get(lang),
                offered.join("\n")
            )
        })
        .collect();
    blocks.join("\n")
}

pub fn render(content: &Content, r: &Resolved, lang: Lang, format: Format) -> String {
    let none = BTreeSet::new();
    match format {
        Format::Json => serde_json::to_string_pretty(r).unwrap_or_default() + "\n",
        Format::Text => export::checklist(content, r, lang, false, &none),
        Format::Markdown => export::checklist(content, r, lang, true, &none),
        Format::Receipt(cols) => export::receipt(content, r, lang, &none, cols),
    }
}

//! The pure flow engine: answers in, the next question or the resolved
//! outcome out. No terminal, no I/O: the wizard, `route`, `graph`, `check`
//! and the tests all go through these functions.

pub mod calendar;
mod resolve;

use std::collections::BTreeMap;

use crate::content::{Content, Outcome, Question};

pub use resolve::{FinishBy, Resolved, resolve};

/// Question id -> option id.
pub type Answers = BTreeMap<String, String>;

/// What comes after the answers given so far.
#[derive(Debug)]
pub enum Next<'c> {
    Ask(&'c Question),
    Done(&'c Outcome),
    /// The answers match no outcome (content `check` rejects this).
    NoOutcome,
    /// The answers match more than one outcome (content `check` rejects this).
    Ambiguous(Vec<&'c Outcome>),
}

fn lookup(answers: &Answers) -> impl Fn(&str) -> Option<String> + '_ {
    |q| answers.get(q).cloned()
}

/// Whether question `q` is asked, given the answers to the questions before it.
pub fn applies(q: &Question, answers: &Answers) -> bool {
    q.ask_if.as_ref().is_none_or(|c| c.holds(&lookup(answers)))
}

/// The next question, or the outcome once every question that applies has
/// an answer.
pub fn next<'c>(content: &'c Content, answers: &Answers) -> Next<'c> {
    for q in &content.questions {
        if applies(q, answers) && !answers.contains_key(&q.id) {
            return Next::Ask(q);
        }
    }
    let found: Vec<&Outcome> = content
        .outcomes
        .iter()
        .filter(|o| o.when.holds(&lookup(answers)))
        .collect();
    match found.len() {
        0 => Next::NoOutcome,
        1 => Next::Done(found[0]),
        _ => Next::Ambiguous(found),
    }
}

/// Keeps only the answers that still apply: a valid option to a question
/// that is asked given the answers kept before it.
pub fn prune(content: &Content, answers: &Answers) -> Answers {
    let mut kept = Answers::new();
    for q in &content.questions {
        if !applies(q, &kept) {
            continue;
        }
        if let Some(a) = answers.get(&q.id)
            && q.option(a).is_some()
        {
            kept.insert(q.id.clone(), a.clone());
        }
    }
    kept
}

/// Records an answer (or changes an earlier one) and drops the answers that
/// no longer apply.
pub fn answer(content: &Content, answers: &Answers, question: &str, option: &str) -> Answers {
    let mut a = answers.clone();
    a.insert(question.to_owned(), option.to_owned());
    prune(content, &a)
}

/// The questions that apply on the path of these answers, in content order,
/// answered or not. Used for progress ("2 of 4") and the review.
pub fn path<'c>(content: &'c Content, answers: &Answers) -> Vec<&'c Question> {
    content
        .questions
        .iter()
        .filter(|q| applies(q, answers))
        .collect()
}

/// One complete walk through the flow.
#[derive(Debug, Clone)]
pub struct Walk {
    /// The answers in the order the questions were asked.
    pub answers: Vec<(String, String)>,
    pub end: End,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    Outcome(String),
    NoOutcome,
    Ambiguous(Vec<String>),
}

/// Every path through the flow, depth first in content order.
pub fn walks(content: &Content) -> Vec<Walk> {
    fn go(
        content: &Content,
        answers: &Answers,
        order: &mut Vec<(String, String)>,
        out: &mut Vec<Walk>,
    ) {
        match next(content, answers) {
            Next::Ask(q) => {
                for o in &q.options {
                    let mut a = answers.clone();
                    a.insert(q.id.clone(), o.id.clone());
                    order.push((q.id.clone(), o.id.clone()));
                    go(content, &a, order, out);
                    order.pop();
                }
            }
            Next::Done(o) => out.push(Walk {
                answers: order.clone(),
                end: End::Outcome(o.id.clone()),
            }),
            Next::NoOutcome => out.push(Walk {
                answers: order.clone(),
                end: End::NoOutcome,
            }),
            Next::Ambiguous(os) => out.push(Walk {
                answers: order.clone(),
                end: End::Ambiguous(os.iter().map(|o| o.id.clone()).collect()),
            }),
        }
    }
    let mut out = Vec::new();
    go(content, &Answers::new(), &mut Vec::new(), &mut out);
    out
}

/// The material ids an outcome asks for, given the answers.
pub fn material_ids<'c>(
    content: &'c Content,
    outcome: &'c Outcome,
    answers: &Answers,
) -> Vec<&'c str> {
    outcome
        .materials
        .iter()
        .filter(|id| {
            content
                .materials
                .get(*id)
                .is_some_and(|m| m.when.as_ref().is_none_or(|c| c.holds(&lookup(answers))))
        })
        .map(String::as_str)
        .collect()
}

//! The pure flow engine: answers in, the next question or the resolved
//! outcome out. No terminal, no I/O: the wizard, `route`, `graph`, `check`
//! and the tests all go through these functions.

mod audit;
mod resolve;
mod survey;

use std::collections::BTreeMap;

use crate::content::{Content, Outcome, Question};

pub use audit::audit;
pub use resolve::{FinishBy, Resolved, resolve};
pub use survey::{MAX_WORK, Survey, To, TooLarge, end_conditions, survey};

use survey::{Branches, Flow};

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

fn lookup<'a>(answers: &'a Answers) -> impl Fn(&str) -> Option<&'a str> {
    move |q| answers.get(q).map(String::as_str)
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
    let mut out = Vec::new();
    each_walk(content, &mut |answers, end| {
        out.push(Walk {
            answers: answers
                .iter()
                .map(|(q, o)| ((*q).to_owned(), (*o).to_owned()))
                .collect(),
            end: match end {
                Next::Done(o) => End::Outcome(o.id.clone()),
                Next::Ambiguous(os) => End::Ambiguous(os.iter().map(|o| o.id.clone()).collect()),
                Next::NoOutcome | Next::Ask(_) => End::NoOutcome,
            },
        });
    });
    out
}

/// The answers of one walk in the order asked: (question id, option id).
pub type Asked<'c> = [(&'c str, &'c str)];

/// Calls `f` with every path through the flow, in the order of [`walks`]:
/// the answers (question id, option id) in the order asked, and where they
/// end (`Done`, `NoOutcome` or `Ambiguous`, never `Ask`). Nothing is
/// copied, for callers that only look. The number of paths can grow
/// exponentially with the number of questions: the load, `check` and the
/// wizard use [`survey`], which does not walk them one by one.
///
/// Each branch carries the outcomes that can still match it, so a leaf
/// tests a handful of outcomes, not all of them: the cost grows with the
/// number of paths plus the number of outcomes, not with their product.
pub fn each_walk<'c>(content: &'c Content, f: &mut dyn FnMut(&Asked<'c>, Next<'c>)) {
    fn go<'c>(
        flow: &Flow<'c>,
        from: usize,
        answers: &mut [u32],
        candidates: &[usize],
        order: &mut Vec<(&'c str, &'c str)>,
        f: &mut dyn FnMut(&Asked<'c>, Next<'c>),
    ) {
        let content = flow.content;
        let q = flow.next_asked(from, answers);
        if let Some(question) = content.questions.get(q) {
            let branches = Branches::new(flow, candidates, q, answers);
            for (o, option) in question.options.iter().enumerate() {
                answers[q] = o as u32;
                order.push((&question.id, &option.id));
                go(flow, q + 1, answers, branches.get(o), order, f);
                order.pop();
            }
            answers[q] = survey::NONE;
            return;
        }
        let found = flow.matching(candidates, answers);
        let end = match found.len() {
            0 => Next::NoOutcome,
            1 => Next::Done(&content.outcomes[found[0]]),
            _ => Next::Ambiguous(found.iter().map(|&i| &content.outcomes[i]).collect()),
        };
        f(order, end);
    }
    let flow = Flow::new(content);
    let all: Vec<usize> = (0..content.outcomes.len()).collect();
    let mut answers = vec![survey::NONE; content.questions.len()];
    go(&flow, 0, &mut answers, &all, &mut Vec::new(), f);
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

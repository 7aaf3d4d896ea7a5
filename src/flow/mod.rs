//! The pure flow engine: answers in, the next question or the resolved
//! outcome out. No terminal, no I/O: the wizard, `route`, `graph`, `check`
//! and the tests all go through these functions.

mod audit;
mod resolve;
mod survey;

use std::collections::BTreeMap;

use crate::content::{Choice, Condition, Content, Fact, Lang, Outcome, Question};

pub use audit::audit;
pub use resolve::{
    FinishBy, MaterialShown, NoteShown, RegionalShown, Resolved, SourceShown, StepShown,
    regional_shown, resolve,
};
pub use survey::{MAX_WORK, Path, Survey, To, TooLarge, end_conditions, survey};

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

/// The options of `q` offered given the answers before it.
pub fn offered<'c>(q: &'c Question, answers: &Answers) -> Vec<&'c Choice> {
    q.options
        .iter()
        .filter(|o| o.when.as_ref().is_none_or(|c| c.holds(&lookup(answers))))
        .collect()
}

/// The options of `q` to show for these answers (given and assumed).
pub fn choices<'c>(content: &Content, q: &'c Question, answers: &Answers) -> Vec<&'c Choice> {
    offered(q, &complete(content, answers))
}

/// The answer `q` takes without being asked, if one of its `assume` rules
/// holds.
fn assumption<'c, 'a>(
    q: &'c Question,
    answer: &dyn Fn(&str) -> Option<&'a str>,
) -> Option<&'c str> {
    q.assume
        .iter()
        .find(|(c, _)| c.holds(answer))
        .map(|(_, o)| o.as_str())
}

/// The answers as the flow sees them, question by question in order.
pub(crate) struct Settled {
    /// The answers given that still apply.
    pub(crate) kept: Answers,
    /// Those plus the answers assumed on the way.
    pub(crate) all: Answers,
    /// The questions answered by assumption, in order.
    pub(crate) assumed: Vec<String>,
}

impl Settled {
    /// The questions answered by assumption, with the option assumed.
    pub(crate) fn assumed_answers(&self) -> Vec<(String, String)> {
        self.assumed
            .iter()
            .map(|q| (q.clone(), self.all[q].clone()))
            .collect()
    }

    /// The questions asked on this path (see [`path`]).
    pub(crate) fn path<'c>(&self, content: &'c Content) -> Vec<&'c Question> {
        content
            .questions
            .iter()
            .filter(|q| applies(q, &self.all) && !self.assumed.contains(&q.id))
            .collect()
    }
}

/// Goes through the questions in order: a question that applies takes the
/// answer given when it is one of the options offered; else, when an
/// `assume` rule holds (looking at everything known, answers to later
/// questions included), the assumed option. Answers to questions that are
/// not asked on the path are dropped.
pub(crate) fn settle(content: &Content, given: &Answers) -> Settled {
    let mut s = Settled {
        kept: Answers::new(),
        all: Answers::new(),
        assumed: Vec::new(),
    };
    for q in &content.questions {
        if !applies(q, &s.all) {
            continue;
        }
        if let Some(a) = given.get(&q.id)
            && offered(q, &s.all).iter().any(|o| &o.id == a)
        {
            s.kept.insert(q.id.clone(), a.clone());
            s.all.insert(q.id.clone(), a.clone());
            continue;
        }
        // The answers given, with those settled so far in their place.
        let known = |k: &str| s.all.get(k).or_else(|| given.get(k)).map(String::as_str);
        if let Some(o) = assumption(q, &known) {
            s.all.insert(q.id.clone(), o.to_owned());
            s.assumed.push(q.id.clone());
        }
    }
    s
}

/// The outcome the complete answers `all` lead to.
fn outcome_for<'c>(content: &'c Content, all: &Answers) -> Next<'c> {
    let found: Vec<&Outcome> = content
        .outcomes
        .iter()
        .filter(|o| o.when.holds(&lookup(all)))
        .collect();
    match found.len() {
        0 => Next::NoOutcome,
        1 => Next::Done(found[0]),
        _ => Next::Ambiguous(found),
    }
}

/// The next question, or the outcome once every question that applies has
/// an answer, given or assumed.
pub fn next<'c>(content: &'c Content, answers: &Answers) -> Next<'c> {
    let s = settle(content, answers);
    for q in &content.questions {
        if applies(q, &s.all) && !s.all.contains_key(&q.id) {
            return Next::Ask(q);
        }
    }
    outcome_for(content, &s.all)
}

/// Keeps only the answers that still apply: an offered option of a
/// question that is asked given the answers kept before it.
pub fn prune(content: &Content, answers: &Answers) -> Answers {
    settle(content, answers).kept
}

/// The answers given plus those that follow from them (`assume`): what
/// conditions are evaluated on.
pub fn complete(content: &Content, answers: &Answers) -> Answers {
    settle(content, answers).all
}

/// The questions answered by assumption on this path, with the option
/// assumed, in order.
pub fn assumed(content: &Content, answers: &Answers) -> Vec<(String, String)> {
    settle(content, answers).assumed_answers()
}

/// Records an answer (or changes an earlier one) and drops the answers that
/// no longer apply.
pub fn answer(content: &Content, answers: &Answers, question: &str, option: &str) -> Answers {
    let mut a = answers.clone();
    a.insert(question.to_owned(), option.to_owned());
    prune(content, &a)
}

/// The questions asked on the path of these answers, in content order,
/// answered or not; those answered by assumption are not asked. Used for
/// progress ("2 of 4") and the review.
pub fn path<'c>(content: &'c Content, answers: &Answers) -> Vec<&'c Question> {
    settle(content, answers).path(content)
}

/// At most how many questions the path can have, as far as `answers`
/// tell: the questions asked so far, and every later one that may still
/// be asked. It only shrinks as answers come in, so "question 2 of at most
/// 8" never turns into "of 9".
pub fn most_questions(content: &Content, answers: &Answers) -> usize {
    let s = settle(content, answers);
    // Per question: Some(answer) once known, Some(None) when it will not be
    // asked, None while it may still be.
    let mut known: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    let mut count = 0;
    for q in &content.questions {
        if let Some(a) = s.all.get(&q.id) {
            known.insert(&q.id, Some(a));
            count += usize::from(!s.assumed.contains(&q.id));
            continue;
        }
        let asked = q
            .ask_if
            .as_ref()
            .map_or(Some(true), |c| c.may_hold(&|x| known.get(x).copied()));
        if asked == Some(false) {
            known.insert(&q.id, None);
        } else {
            count += 1;
        }
    }
    count
}

/// Where question `current` stands on the path: its number, and at most
/// how many questions the path can have whatever it is answered (the
/// answers to it and to later questions are left out).
pub fn progress(content: &Content, answers: &Answers, current: &str) -> Option<(usize, usize)> {
    let n = path(content, answers)
        .iter()
        .position(|q| q.id == current)?
        + 1;
    let at = content.questions.iter().position(|q| q.id == current)?;
    let before: Answers = content.questions[..at]
        .iter()
        .filter_map(|q| Some((q.id.clone(), answers.get(&q.id)?.clone())))
        .collect();
    Some((n, most_questions(content, &before).max(n)))
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

/// Every path through the flow, depth first in content order; a question
/// with `explore` options (the provinces) branches on those only.
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

/// Calls `f` with every path through the flow, in the order of [`walks`]
/// (a question with `explore` options branches on those only):
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
        let mut assumed = Vec::new();
        let q = flow.advance(from, answers, &mut assumed);
        if let Some(question) = content.questions.get(q) {
            let offered = flow.offered(q, answers);
            if offered.is_empty() {
                // No option to offer: a dead end.
                f(order, Next::NoOutcome);
            }
            let branches = Branches::new(flow, candidates, q, answers);
            // Only the options to explore, where the question names them (the
            // first one offered when none of them is).
            let explored: Vec<usize> = match &question.explore {
                Some(names) => {
                    let named: Vec<usize> = offered
                        .iter()
                        .copied()
                        .filter(|&o| names.contains(&question.options[o].id))
                        .collect();
                    if named.is_empty() {
                        offered.iter().copied().take(1).collect()
                    } else {
                        named
                    }
                }
                None => offered,
            };
            for o in explored {
                answers[q] = o as u32;
                order.push((&question.id, &question.options[o].id));
                go(flow, q + 1, answers, branches.get(o), order, f);
                order.pop();
            }
            answers[q] = survey::NONE;
        } else {
            let found = flow.matching(candidates, answers);
            let end = match found.len() {
                0 => Next::NoOutcome,
                1 => Next::Done(&content.outcomes[found[0]]),
                _ => Next::Ambiguous(found.iter().map(|&i| &content.outcomes[i]).collect()),
            };
            f(order, end);
        }
        for a in assumed {
            answers[a] = survey::NONE;
        }
    }
    let flow = Flow::new(content);
    let all: Vec<usize> = (0..content.outcomes.len()).collect();
    let mut answers = vec![survey::NONE; content.questions.len()];
    go(&flow, 0, &mut answers, &all, &mut Vec::new(), f);
}

/// Whether an optional `when` holds for these answers (absent: always).
fn shown(when: Option<&Condition>, answers: &Answers) -> bool {
    when.is_none_or(|c| c.holds(&lookup(answers)))
}

/// The ids in `ids` whose block exists in `blocks` and whose `when` holds
/// for the answers `all` (given and assumed).
pub(crate) fn selected<'c, B>(
    ids: &'c [String],
    blocks: &'c std::collections::BTreeMap<String, B>,
    when: impl Fn(&B) -> Option<&Condition>,
    all: &Answers,
) -> Vec<&'c str> {
    ids.iter()
        .filter(|id| blocks.get(*id).is_some_and(|b| shown(when(b), all)))
        .map(String::as_str)
        .collect()
}

/// The material ids an outcome asks for, given the answers.
pub fn material_ids<'c>(
    content: &'c Content,
    outcome: &'c Outcome,
    answers: &Answers,
) -> Vec<&'c str> {
    selected(
        &outcome.materials,
        &content.materials,
        |m| m.when.as_ref(),
        &complete(content, answers),
    )
}

/// The step ids an outcome shows for these answers, in order.
pub fn step_ids<'c>(content: &'c Content, outcome: &'c Outcome, answers: &Answers) -> Vec<&'c str> {
    selected(
        &outcome.steps,
        &content.steps,
        |s| s.when.as_ref(),
        &complete(content, answers),
    )
}

/// The check ids an outcome shows for these answers, in order.
pub fn check_ids<'c>(
    content: &'c Content,
    outcome: &'c Outcome,
    answers: &Answers,
) -> Vec<&'c str> {
    selected(
        &outcome.checks,
        &content.checks,
        |c| c.when.as_ref(),
        &complete(content, answers),
    )
}

/// The note ids an outcome shows for these answers, in order.
pub fn note_ids<'c>(content: &'c Content, outcome: &'c Outcome, answers: &Answers) -> Vec<&'c str> {
    selected(
        &outcome.notes,
        &content.notes,
        |n| n.when.as_ref(),
        &complete(content, answers),
    )
}

/// The regional facts that hold for these answers, in content order.
pub fn facts<'c>(content: &'c Content, answers: &Answers) -> Vec<&'c Fact> {
    facts_for(content, &complete(content, answers))
}

/// The regional facts that hold for the complete answers `all`.
pub(crate) fn facts_for<'c>(content: &'c Content, all: &Answers) -> Vec<&'c Fact> {
    content
        .facts
        .iter()
        .filter(|f| f.when.holds(&lookup(all)))
        .collect()
}

/// The provinces answered (`from_province`, then `to_province`, each once),
/// leaving out `unknown`.
pub fn provinces(content: &Content, answers: &Answers) -> Vec<String> {
    provinces_for(content, &complete(content, answers))
}

/// The provinces among the complete answers `all` (see [`provinces`]).
pub(crate) fn provinces_for(content: &Content, all: &Answers) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in ["from_province", "to_province"] {
        if let Some(p) = all.get(q)
            && p != "unknown"
            && content.question(q).is_some_and(|x| x.option(p).is_some())
            && !out.contains(p)
        {
            out.push(p.clone());
        }
    }
    out
}

/// The shared texts among `ids` that apply to these answers, in one
/// language, one per line.
pub fn text_of(content: &Content, ids: &[String], answers: &Answers, lang: Lang) -> String {
    selected(
        ids,
        &content.texts,
        |t| t.when.as_ref(),
        &complete(content, answers),
    )
    .into_iter()
    .filter_map(|id| content.texts.get(id))
    .map(|t| t.text.get(lang))
    .collect::<Vec<_>>()
    .join("\n")
}

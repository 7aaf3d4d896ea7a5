//! The pure flow engine: answers in, the next question or the resolved
//! outcome out. No terminal, no I/O: the wizard, `route`, `graph`, `check`
//! and the tests all go through these functions.

mod audit;
mod resolve;

use std::collections::{BTreeMap, HashMap};

use crate::content::{Choice, Condition, Content, Lang, Outcome, Question};

pub use audit::audit;
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
fn assumption<'c>(q: &'c Question, answers: &Answers) -> Option<&'c str> {
    q.assume
        .iter()
        .find(|(c, _)| c.holds(&lookup(answers)))
        .map(|(_, o)| o.as_str())
}

/// The answers as the flow sees them, question by question in order.
struct Settled {
    /// The answers given that still apply.
    kept: Answers,
    /// Those plus the answers assumed on the way.
    all: Answers,
    /// The questions answered by assumption, in order.
    assumed: Vec<String>,
}

/// Goes through the questions in order: a question that applies takes the
/// answer given when it is one of the options offered; else, when an
/// `assume` rule holds (looking at everything known, answers to later
/// questions included), the assumed option. Answers to questions that are
/// not asked on the path are dropped.
fn settle(content: &Content, given: &Answers) -> Settled {
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
        let mut known = given.clone();
        known.extend(s.all.iter().map(|(k, v)| (k.clone(), v.clone())));
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
    let s = settle(content, answers);
    s.assumed
        .into_iter()
        .map(|q| {
            let o = s.all[&q].clone();
            (q, o)
        })
        .collect()
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
    let s = settle(content, answers);
    content
        .questions
        .iter()
        .filter(|q| applies(q, &s.all) && !s.assumed.contains(&q.id))
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
/// copied, for callers that only look.
///
/// Each branch carries the outcomes that can still match it, so a leaf
/// tests a handful of outcomes, not all of them: the cost grows with the
/// number of paths plus the number of outcomes, not with their product.
pub fn each_walk<'c>(content: &'c Content, f: &mut dyn FnMut(&Asked<'c>, Next<'c>)) {
    fn go<'c>(
        content: &'c Content,
        answers: &mut Answers,
        candidates: &[usize],
        order: &mut Vec<(&'c str, &'c str)>,
        f: &mut dyn FnMut(&Asked<'c>, Next<'c>),
    ) {
        // Questions answered by assumption on the way, to take back after.
        let mut assumed: Vec<&str> = Vec::new();
        let mut ask = None;
        for q in &content.questions {
            if !applies(q, answers) || answers.contains_key(&q.id) {
                continue;
            }
            match assumption(q, answers) {
                Some(o) => {
                    answers.insert(q.id.clone(), o.to_owned());
                    assumed.push(&q.id);
                }
                None => {
                    ask = Some(q);
                    break;
                }
            }
        }
        if let Some(q) = ask {
            let options = offered(q, answers);
            // Narrowing pays off only when there are many outcomes to
            // carry; a few are cheaper to test at the leaves.
            let narrowed = if candidates.len() > FEW {
                narrow(content, candidates, q, &options, answers)
            } else {
                vec![candidates.to_vec(); options.len()]
            };
            if options.is_empty() {
                // No option to offer: a dead end.
                f(order, Next::NoOutcome);
            }
            for (o, still) in options.iter().zip(&narrowed) {
                answers.insert(q.id.clone(), o.id.clone());
                order.push((&q.id, &o.id));
                go(content, answers, still, order, f);
                order.pop();
                answers.remove(&q.id);
            }
            for q in assumed {
                answers.remove(q);
            }
            return;
        }
        // Every question that applies is answered: the same test as `next`,
        // on the outcomes that were not ruled out on the way.
        let mut found: Vec<&Outcome> = candidates
            .iter()
            .map(|&i| &content.outcomes[i])
            .filter(|o| o.when.holds(&lookup(answers)))
            .collect();
        let end = match found.len() {
            0 => Next::NoOutcome,
            1 => Next::Done(found.swap_remove(0)),
            _ => Next::Ambiguous(found),
        };
        f(order, end);
        for q in assumed {
            answers.remove(q);
        }
    }
    let all: Vec<usize> = (0..content.outcomes.len()).collect();
    go(content, &mut Answers::new(), &all, &mut Vec::new(), f);
}

/// Up to this many candidate outcomes are passed down a branch as they are.
const FEW: usize = 16;

/// For each option of `q`, the candidate outcomes (indices, in content
/// order) that can still match once `q` has that answer. An outcome is
/// dropped only when its `when` is false whatever the questions not yet
/// answered turn out to be, so no outcome that matches at a leaf is lost.
///
/// A condition can tell apart only the options of `q` it names; every
/// other option gives it the same result. So each outcome is evaluated once
/// per option it names plus once for "any other option", and handed only to
/// the branches where it may still hold.
fn narrow(
    content: &Content,
    candidates: &[usize],
    q: &Question,
    options: &[&Choice],
    answers: &Answers,
) -> Vec<Vec<usize>> {
    // Outcomes that may hold for an option they do not name, with the
    // options they name (sorted).
    let mut general: Vec<(usize, Vec<&str>)> = Vec::new();
    // Option -> outcomes that name it and may hold with it.
    let mut named: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in candidates {
        let when = &content.outcomes[i].when;
        let mut values = Vec::new();
        mentions(when, &q.id, &mut values);
        values.sort_unstable();
        values.dedup();
        for v in &values {
            if settled(when, answers, &q.id, Val::Is(v)) != Some(false) {
                named.entry(v).or_default().push(i);
            }
        }
        if settled(when, answers, &q.id, Val::Other) != Some(false) {
            general.push((i, values));
        }
    }
    options
        .iter()
        .map(|o| {
            let id = o.id.as_str();
            let mut still: Vec<usize> = general
                .iter()
                .filter(|(_, values)| values.binary_search(&id).is_err())
                .map(|(i, _)| *i)
                .collect();
            if let Some(more) = named.get(id) {
                still.extend(more);
                still.sort_unstable();
            }
            still
        })
        .collect()
}

/// The options of question `q` that a condition names.
fn mentions<'c>(c: &'c Condition, q: &str, out: &mut Vec<&'c str>) {
    match c {
        Condition::Equals(pairs) => out.extend(
            pairs
                .iter()
                .filter(|(x, _)| x == q)
                .map(|(_, v)| v.as_str()),
        ),
        Condition::In(sets) => {
            for (x, vs) in sets {
                if x == q {
                    out.extend(vs.iter().map(String::as_str));
                }
            }
        }
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| mentions(c, q, out)),
        Condition::Not(c) => mentions(c, q, out),
    }
}

/// The answer to one question while walking: given, not given yet, or (for
/// the question being branched on) an option the condition does not name.
#[derive(Clone, Copy)]
enum Val<'a> {
    Is(&'a str),
    Unknown,
    Other,
}

/// A condition under the answers so far, with `q` set to `at` and every
/// other unanswered question still open: `Some` when that already decides
/// it, `None` when it depends on answers to come (three-valued logic).
fn settled(c: &Condition, answers: &Answers, q: &str, at: Val) -> Option<bool> {
    let value = |x: &str| -> Val {
        if x == q {
            at
        } else {
            answers.get(x).map_or(Val::Unknown, |a| Val::Is(a))
        }
    };
    let is_one_of = |x: &str, vs: &[String]| match value(x) {
        Val::Is(a) => Some(vs.iter().any(|v| v == a)),
        Val::Unknown => None,
        // An option the condition does not name is none of those it
        // compares with.
        Val::Other => Some(false),
    };
    match c {
        Condition::Equals(pairs) => and(pairs
            .iter()
            .map(|(x, v)| is_one_of(x, std::slice::from_ref(v)))),
        Condition::In(sets) => and(sets.iter().map(|(x, vs)| is_one_of(x, vs))),
        Condition::All(cs) => and(cs.iter().map(|c| settled(c, answers, q, at))),
        Condition::Any(cs) => {
            and(cs.iter().map(|c| settled(c, answers, q, at).map(|b| !b))).map(|b| !b)
        }
        Condition::Not(c) => settled(c, answers, q, at).map(|b| !b),
    }
}

/// Three-valued "and": false if any part is false, true if all are true,
/// open otherwise.
fn and(parts: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut open = false;
    for p in parts {
        match p {
            Some(false) => return Some(false),
            None => open = true,
            Some(true) => {}
        }
    }
    if open { None } else { Some(true) }
}

/// Whether an optional `when` holds for these answers (absent: always).
fn shown(when: Option<&Condition>, answers: &Answers) -> bool {
    when.is_none_or(|c| c.holds(&lookup(answers)))
}

/// The ids in `ids` whose block exists in `blocks` and whose `when` holds
/// for the answers `all` (given and assumed).
fn selected<'c, B>(
    ids: &'c [String],
    blocks: &'c std::collections::BTreeMap<String, B>,
    when: impl Fn(&B) -> Option<&Condition>,
    all: &Answers,
) -> Vec<&'c str> {
    let answers = all;
    ids.iter()
        .filter(|id| blocks.get(*id).is_some_and(|b| shown(when(b), answers)))
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

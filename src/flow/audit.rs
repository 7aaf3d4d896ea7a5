//! The path audit: every combination of answers leads to exactly one
//! outcome, every question is asked and every outcome reached on some path.
//! Run on content that passed the file checks. Built on [`survey`], so it
//! never walks the paths one by one.

use super::survey::{Survey, TooLarge, survey};
use crate::content::{Content, Diagnostic, Sites};

/// At most this many dead ends are reported one by one; past it, one
/// message says how many more there are.
const DEAD_ENDS_SHOWN: usize = 32;

/// Every problem with the flow as a whole, located at the content that
/// causes it.
pub fn audit(content: &Content) -> Vec<Diagnostic> {
    match survey(content) {
        Ok(s) => problems(content, &s),
        Err(e) => vec![too_large(content, &e)],
    }
}

fn problems(content: &Content, s: &Survey) -> Vec<Diagnostic> {
    let sites = &content.sites;
    let mut diags = Vec::new();
    let option_site = |(q, o): (usize, usize)| {
        let q = &content.questions[q];
        sites.options.get(&(q.id.clone(), q.options[o].id.clone()))
    };
    for path in s.dead_ends.iter().take(DEAD_ENDS_SHOWN) {
        let deciding = deciding(s, path);
        let site = deciding
            .last()
            .or(path.last())
            .and_then(|&a| option_site(a))
            .or_else(|| sites.questions.values().next());
        let message = format!(
            "dead end: no outcome matches the answers {}",
            shown(content, &deciding, path)
        );
        diags.push(Sites::message(site, message));
    }
    if s.dead_ends.len() > DEAD_ENDS_SHOWN {
        let more = s.dead_ends.len() - DEAD_ENDS_SHOWN;
        let last = diags.last().cloned();
        diags.push(Sites::message(
            last.as_ref(),
            format!("and {more} more dead ends like the ones above"),
        ));
    }
    for (outcomes, path) in &s.ambiguous {
        diags.push(ambiguous(content, outcomes, &deciding(s, path), path));
    }
    for (q, asked) in content.questions.iter().zip(&s.asked) {
        if !asked {
            diags.push(Sites::message(
                sites.questions.get(&q.id),
                format!(
                    "question `{}` can never be asked: its ask_if never holds",
                    q.id
                ),
            ));
        }
    }
    for (o, reached) in content.outcomes.iter().zip(&s.reached) {
        if !reached {
            diags.push(Sites::message(
                sites.outcomes.get(&o.id).map(|s| &s.0),
                format!(
                    "outcome `{}` can never be reached: no combination of answers matches its `when`",
                    o.id
                ),
            ));
        }
    }
    diags
}

/// The answers of a path that a condition at the end looks at: those that
/// decide which outcomes match.
fn deciding(s: &Survey, path: &[(usize, usize)]) -> Vec<(usize, usize)> {
    path.iter()
        .copied()
        .filter(|&(q, _)| s.seen_at_end[q])
        .collect()
}

/// `` `q=o q=o` ``, and a remark when the path had answers left out.
fn shown(content: &Content, answers: &[(usize, usize)], path: &[(usize, usize)]) -> String {
    let list: Vec<String> = answers
        .iter()
        .map(|&(q, o)| {
            let q = &content.questions[q];
            format!("{}={}", q.id, q.options[o].id)
        })
        .collect();
    let mut out = format!("`{}`", list.join(" "));
    if answers.len() < path.len() {
        out.push_str(" (whatever the other answers)");
    }
    out
}

/// One message for a set of outcomes that match the same answers, at the
/// first one's `when`, naming where the others are.
fn ambiguous(
    content: &Content,
    outcomes: &[usize],
    answers: &[(usize, usize)],
    path: &[(usize, usize)],
) -> Diagnostic {
    let sites = &content.sites;
    let when = |i: usize| sites.outcomes.get(&content.outcomes[i].id).map(|s| &s.1);
    let names: Vec<String> = outcomes
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let id = &content.outcomes[i].id;
            match when(i) {
                Some(d) if k > 0 => format!("`{id}` ({}:{}:{})", d.file, d.line, d.column),
                _ => format!("`{id}`"),
            }
        })
        .collect();
    let (list, verb) = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => (
            format!("{} and {last}", rest.join(", ")),
            if rest.len() > 1 { "all" } else { "both" },
        ),
        _ => (names.join(""), "both"),
    };
    Sites::message(
        when(outcomes[0]),
        format!(
            "outcomes {list} {verb} match the answers {}: make their `when` conditions exclude each other",
            shown(content, answers, path)
        ),
    )
}

fn too_large(content: &Content, e: &TooLarge) -> Diagnostic {
    let q = content.questions.get(e.question);
    let mut names: Vec<String> = e
        .looked_at
        .iter()
        .take(8)
        .map(|q| format!("`{q}`"))
        .collect();
    if e.looked_at.len() > names.len() {
        names.push("...".into());
    }
    Sites::message(
        q.and_then(|q| content.sites.questions.get(&q.id)),
        format!(
            "too many combinations of answers to check: conditions look at {} questions together ({}), \
             and the check gave up at question `{}`; let each condition look at fewer questions",
            e.looked_at.len(),
            names.join(", "),
            q.map_or("", |q| q.id.as_str())
        ),
    )
}

//! The path audit: every combination of answers leads to exactly one
//! outcome, every question is asked and every outcome reached on some path.
//! Run on content that passed the file checks.

use std::collections::{BTreeSet, HashSet};

use super::{Next, each_walk};
use crate::content::{Content, Diagnostic, Sites};

/// Every problem with the flow as a whole, located at the content that
/// causes it.
pub fn audit(content: &Content) -> Vec<Diagnostic> {
    let sites = &content.sites;
    let mut diags = Vec::new();
    let mut asked: HashSet<&str> = HashSet::new();
    let mut reached: HashSet<&str> = HashSet::new();
    let mut ambiguous_reported: BTreeSet<Vec<String>> = BTreeSet::new();
    each_walk(content, &mut |answers, end| {
        asked.extend(answers.iter().map(|(q, _)| *q));
        let shown = || {
            answers
                .iter()
                .map(|(q, o)| format!("{q}={o}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match end {
            Next::Done(o) => {
                reached.insert(o.id.as_str());
            }
            Next::NoOutcome | Next::Ask(_) => {
                let site = answers
                    .last()
                    .and_then(|(q, o)| sites.options.get(&((*q).to_owned(), (*o).to_owned())))
                    .or_else(|| sites.questions.values().next());
                diags.push(Sites::message(
                    site,
                    format!("dead end: no outcome matches the answers `{}`", shown()),
                ));
            }
            Next::Ambiguous(os) => {
                // Reached, though not alone: reported as ambiguous, not
                // also as unreachable.
                reached.extend(os.iter().map(|o| o.id.as_str()));
                let ids: Vec<String> = os.iter().map(|o| o.id.clone()).collect();
                if !ambiguous_reported.contains(&ids) {
                    let shown = shown();
                    for id in &ids {
                        let others: Vec<&str> = ids
                            .iter()
                            .filter(|x| *x != id)
                            .map(String::as_str)
                            .collect();
                        diags.push(Sites::message(
                            sites.outcomes.get(id).map(|s| &s.1),
                            format!(
                                "outcome `{id}` and `{}` both match the answers `{shown}`",
                                others.join("`, `")
                            ),
                        ));
                    }
                    ambiguous_reported.insert(ids);
                }
            }
        }
    });
    for q in &content.questions {
        if !asked.contains(q.id.as_str()) {
            diags.push(Sites::message(
                sites.questions.get(&q.id),
                format!(
                    "question `{}` can never be asked: its ask_if never holds",
                    q.id
                ),
            ));
        }
    }
    for o in &content.outcomes {
        if !reached.contains(o.id.as_str()) {
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

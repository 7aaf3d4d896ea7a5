//! The command-line face: `route`, `check` and `graph`. Prints what the
//! engine decides; decides nothing itself.

pub mod booklet;
pub mod diff;
pub mod generate;
pub mod graph;
pub mod release;
pub mod route;

use crate::content::{Content, Outcome};
use crate::flow::{self, Answers, Asked, Next};
use crate::load::load;
pub use crate::out::{eprint, print, today};

/// How old a regional fact's `checked` date may be before `check` warns.
pub const STALE_DAYS: u32 = 365;

/// `check`: exit 0 when the content is clean, 1 with one message per problem.
/// The figures about paths are counted without walking them. Regional facts
/// not checked for [`STALE_DAYS`] are warned about; with `stale_after`
/// (`--stale-after DAYS`) those older than that are problems (a gate).
pub fn check(
    dir: Option<&std::path::Path>,
    today: crate::calendar::Date,
    stale_after: Option<u32>,
) -> (String, i32) {
    let c = match load(dir) {
        Ok(c) => c,
        Err(e) => return (format!("{e}\n"), 1),
    };
    let stale = release::stale_facts(&c, today, stale_after.unwrap_or(STALE_DAYS));
    if stale_after.is_some() && !stale.is_empty() {
        let shown: String = stale.iter().map(|d| format!("{d}\n\n")).collect();
        return (
            format!(
                "{shown}{} regional facts not checked within {} days\n",
                stale.len(),
                stale_after.unwrap_or_default()
            ),
            1,
        );
    }
    // Content that loads has been explored once already; this cannot fail.
    let s = match crate::flow::survey(&c) {
        Ok(s) => s,
        Err(_) => return ("error: the flow is too large to explore\n".into(), 1),
    };
    let paths = if s.paths == u128::MAX {
        format!("more than {}", u128::MAX - 1)
    } else {
        s.paths.to_string()
    };
    let (median, max) = s.questions_per_path().unwrap_or((0, 0));
    let warnings: String = c
        .warnings
        .iter()
        .chain(&stale)
        .map(|w| format!("warning: {w}\n\n"))
        .collect();
    (
        warnings
            + &format!(
                "ok: {} questions, {} outcomes, {} materials, {paths} paths (questions per path: median {median}, max {max}), content version {} ({})\n",
                c.questions.len(),
                c.outcomes.len(),
                c.materials.len(),
                c.meta.version,
                c.meta.updated
            ),
        0,
    )
}

/// Calls `f` for every path through the flow that ends at one outcome:
/// the answers in the order asked, the outcome, and the answers as a map
/// for `flow::resolve`. Paths with no outcome or several are left out
/// (`check` reports them).
pub fn each_path_to_an_outcome<'c>(
    content: &'c Content,
    f: &mut dyn FnMut(&Asked<'c>, &'c Outcome, Answers),
) {
    flow::each_walk(content, &mut |asked, end| {
        if let Next::Done(outcome) = end {
            let answers: Answers = asked
                .iter()
                .map(|(q, o)| ((*q).to_owned(), (*o).to_owned()))
                .collect();
            f(asked, outcome, answers);
        }
    });
}

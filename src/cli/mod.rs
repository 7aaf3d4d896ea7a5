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

/// `check`: exit 0 when the content is clean, 1 with one message per problem.
pub fn check(dir: Option<&std::path::Path>) -> (String, i32) {
    match load(dir) {
        Ok(c) => {
            let walks = crate::flow::walks(&c);
            let warnings: String = c
                .warnings
                .iter()
                .map(|w| format!("warning: {w}\n\n"))
                .collect();
            (
                warnings
                    + &format!(
                        "ok: {} questions, {} outcomes, {} materials, {} paths, content version {} ({})\n",
                        c.questions.len(),
                        c.outcomes.len(),
                        c.materials.len(),
                        walks.len(),
                        c.meta.version,
                        c.meta.updated
                    ),
                0,
            )
        }
        Err(e) => (format!("{e}\n"), 1),
    }
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

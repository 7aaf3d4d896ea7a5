//! The command-line face: `route`, `check` and `graph`. Prints what the
//! engine decides; decides nothing itself.

pub mod graph;
pub mod route;

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

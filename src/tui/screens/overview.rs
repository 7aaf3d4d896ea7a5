//! What the outcome is: the summary, what to check before anything else
//! (first, so that someone who reads only the top sees it), the regional
//! facts, where, how long, the fee, the personal account and the waiting
//! period.

use crate::flow;
use crate::tui::app::App;
use crate::tui::view::body::Body;

pub(crate) fn body(app: &App, b: &mut Body, r: &flow::Resolved) {
    let theme = b.theme;
    b.heading(app.ui("heading.overview"));
    b.text(&r.title, theme.strong, 0);
    b.blank();
    b.text(&r.summary, theme.base, 0);
    b.blank();
    if !r.checks.is_empty() {
        b.text(app.ui("heading.checks"), theme.heading, 0);
        b.blank();
        for t in &r.checks {
            b.bullet(t);
        }
        b.blank();
    }
    let regional = crate::export::regional_lines(r);
    if !regional.is_empty() {
        b.text(app.ui("heading.regional"), theme.heading, 0);
        b.blank();
        for (line, cite) in &regional {
            b.bullet(line);
            if let Some(c) = cite {
                b.text(c, theme.dim, 2);
            }
        }
        b.blank();
    }
    b.field(app.ui("label.place"), &r.place.label);
    b.field(app.ui("label.time_limit"), &r.time_limit);
    if let Some(f) = &r.finish_by {
        b.text(&f.sentence.clone(), theme.base, 2);
        b.blank();
    }
    b.field(app.ui("label.fee"), &r.fee);
    b.field(app.ui("label.personal_account"), &r.personal_account);
    b.field(app.ui("label.waiting_period"), &r.waiting_period);
}

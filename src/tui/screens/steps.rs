//! The steps of the outcome as one timeline.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::export::fill;
use crate::export::wrap::{width, wrap};
use crate::flow;
use crate::tui::app::App;
use crate::tui::view::body::Body;

pub(crate) fn body(app: &App, b: &mut Body, r: &flow::Resolved) {
    b.heading(app.ui("heading.steps"));
    b.timeline(app, r);
}

impl Body {
    /// The steps on one page, joined by a line down the left: number and
    /// title, where, what to do; the finish-by date on the step its time
    /// limit runs from (else it closes the line).
    pub(crate) fn timeline(&mut self, app: &App, r: &flow::Resolved) {
        let (strong, dim, base) = (self.theme.strong, self.theme.dim, self.theme.base);
        let rail = |s: &mut Body, text: &str, style: Style| {
            for l in wrap(text, s.width.saturating_sub(3).max(1)) {
                s.line(vec![Span::styled(" │ ", dim), Span::styled(l, style)], base);
            }
        };
        for (i, st) in r.steps.iter().enumerate() {
            let n = fill(app.ui("steps.number"), &[("n", (i + 1).to_string())]);
            let lead = format!("{n} ");
            let w = self.width.saturating_sub(width(&lead)).max(1);
            for (j, l) in wrap(&st.title, w).into_iter().enumerate() {
                let head = if j == 0 {
                    lead.clone()
                } else {
                    " ".repeat(width(&lead))
                };
                self.line(
                    vec![Span::styled(head, strong), Span::styled(l, strong)],
                    base,
                );
            }
            rail(
                self,
                &fill(app.ui("step.place"), &[("place", st.place.label.clone())]),
                dim,
            );
            // On the step itself: this hall can do it, and where; the
            // number to call (worked out with the route, for the take-away
            // to carry the same lines).
            for line in &st.at_hall {
                rail(self, line, strong);
            }
            rail(self, &st.body, base);
            // The finish-by date on the step its time limit runs from.
            if st.clock
                && let Some(f) = &r.finish_by
            {
                rail(self, &f.short, strong);
            }
            rail(self, "", base);
        }
        // Else it closes the line.
        if let Some(f) = r
            .finish_by
            .as_ref()
            .filter(|_| !r.steps.iter().any(|s| s.clock))
        {
            self.line(
                vec![
                    Span::styled(" └ ", dim),
                    Span::styled(f.short.clone(), strong),
                ],
                base,
            );
        }
    }
}

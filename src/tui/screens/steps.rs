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
    b.stages(app, r);
    b.timeline(app, r);
}

/// Before a stage's label in the timeline: a mark, so that the label is
/// told from a step's title by more than its colour. U+25BA is one column
/// wide everywhere (not an ambiguous width).
pub(crate) const STAGE_MARK: &str = "► ";

impl Body {
    /// The phases of the steps on one line ("办理阶段：离职时 › 入职后 ›
    /// …"), broken between stages where it is too wide, the lines after
    /// the first under the first stage.
    pub(crate) fn stages(&mut self, app: &App, r: &flow::Resolved) {
        let stages = r.stages();
        if stages.is_empty() {
            return;
        }
        let (strong, base) = (self.theme.strong, self.theme.base);
        // The words before the stages, and any after them.
        let template = app.ui("steps.stages");
        let (label, tail) = template.split_once("{stages}").unwrap_or((template, ""));
        // " › ": the mark ends a stage, the space after it is where a line
        // may break.
        let join = app.ui("steps.stages_join");
        let mark = join.trim_end();
        let gap = &join[mark.len()..];
        let n = stages.len();
        let lead = width(label);
        // A label wider than half the line stands alone above the stages.
        let alone = lead > self.width / 2;
        let indent = if alone { 0 } else { lead };
        let room = self.width.saturating_sub(indent).max(1);
        let mut lines = vec![String::new()];
        for (k, (_, stage)) in stages.into_iter().enumerate() {
            let piece = if k + 1 < n {
                format!("{stage}{mark}")
            } else {
                format!("{stage}{tail}")
            };
            // A stage wider than the line breaks within itself.
            for part in wrap(&piece, room) {
                let cur = lines.last_mut().expect("one line at least");
                if cur.is_empty() {
                    *cur = part;
                } else if width(cur) + width(gap) + width(&part) <= room {
                    cur.push_str(gap);
                    cur.push_str(&part);
                } else {
                    lines.push(part);
                }
            }
        }
        if alone {
            self.text(label, strong, 0);
        }
        for (i, l) in lines.into_iter().enumerate() {
            let head = if i == 0 && !alone {
                Span::styled(label.to_owned(), strong)
            } else {
                Span::raw(" ".repeat(indent))
            };
            self.line(vec![head, Span::styled(l, base)], base);
        }
        self.blank();
    }

    /// The steps on one page, joined by a line down the left: the stage
    /// where a phase starts, number and title, where, what to do; the finish-by date on the step its time
    /// limit runs from (else it closes the line).
    pub(crate) fn timeline(&mut self, app: &App, r: &flow::Resolved) {
        let (strong, dim, base) = (self.theme.strong, self.theme.dim, self.theme.base);
        let rail = |s: &mut Body, text: &str, style: Style| {
            for l in wrap(text, s.width.saturating_sub(3).max(1)) {
                s.line(vec![Span::styled(" │ ", dim), Span::styled(l, style)], base);
            }
        };
        let heading = self.theme.heading;
        let marked = width(STAGE_MARK);
        for (i, st) in r.steps.iter().enumerate() {
            // Where a new phase starts, its stage above the step: marked
            // and in the heading style.
            if let Some(stage) = r.stage_starting(i) {
                for (j, l) in wrap(stage, self.width.saturating_sub(marked).max(1))
                    .into_iter()
                    .enumerate()
                {
                    let head = if j == 0 {
                        STAGE_MARK.to_owned()
                    } else {
                        " ".repeat(marked)
                    };
                    self.line(
                        vec![Span::styled(head, heading), Span::styled(l, heading)],
                        base,
                    );
                }
            }
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

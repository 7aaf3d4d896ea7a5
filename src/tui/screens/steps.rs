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
    /// title, where, what to do; the finish-by date closes the line.
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
            // On the step itself: this hall can do it, and where.
            for line in step_extras(app, r, st) {
                rail(self, &line, strong);
            }
            rail(self, &st.body, base);
            rail(self, "", base);
        }
        if let Some(f) = &r.finish_by {
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

/// What a kiosk adds to a step: "您就在大厅：请到3号窗口" when the step is
/// done at the place of its hall, and a number to call on a step that
/// says to call first (the hall's, the province's where a checked fact
/// gives one, else 12393 with 以当地为准).
fn step_extras(app: &App, r: &flow::Resolved, st: &flow::StepShown) -> Vec<String> {
    let mut out = Vec::new();
    let Some(step) = app.content.steps.get(&st.id) else {
        return out;
    };
    let here = app.at_hall(&st.place.id);
    if let (true, Some(hall), Some(kind)) = (here, &app.hall, &step.window) {
        out.push(match hall.windows.get(kind) {
            Some(w) => fill(app.ui("hall.at_window"), &[("window", w.to_owned())]),
            None => app.ui("hall.at_hall").to_owned(),
        });
    }
    if step.call {
        let hall_phone = app
            .hall
            .as_ref()
            .filter(|_| here)
            .and_then(|h| h.phone.clone());
        // The province of the office called: the new place's for a step
        // there, the old place's for one there.
        let province = match st.place.id.as_str() {
            "transfer-out" | "home" => "from_province",
            _ => "to_province",
        };
        let fact_phone = app.answers.get(province).and_then(|p| {
            app.content
                .facts
                .iter()
                .filter(|f| &f.province == p && r.regional.iter().any(|x| x.id == f.id))
                .find_map(|f| f.phone.as_ref())
                .map(|ph| (p.clone(), ph.get(app.lang).to_owned()))
        });
        out.push(match (hall_phone, fact_phone) {
            (Some(phone), _) => app.hall_text("hall.call_hall").replace("{phone}", &phone),
            (None, Some((_, phone))) => fill(app.ui("hall.call_province"), &[("phone", phone)]),
            (None, None) => app.ui("hall.call_default").to_owned(),
        });
    }
    out
}

//! Speed targets: loading and checking the content at start-up, resolving
//! an outcome, and drawing a frame must each stay far below what a person
//! can notice (start-up < 50 ms, a frame < 5 ms).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use yibao_guide::content::{Lang, embedded_files, load, load_embedded};
use yibao_guide::flow::{self, Answers, End};
use yibao_guide::tui::app::Msg;
use yibao_guide::tui::{app_for, view};

fn bench(c: &mut Criterion) {
    let files = embedded_files();
    c.bench_function("load and check the embedded content", |b| {
        b.iter(|| load(black_box(&files)).unwrap())
    });

    let content = load_embedded().unwrap();
    let walks = flow::walks(&content);
    c.bench_function("resolve every path in both languages", |b| {
        b.iter(|| {
            for w in &walks {
                let answers: Answers = w.answers.iter().cloned().collect();
                let End::Outcome(id) = &w.end else {
                    unreachable!()
                };
                let o = content.outcome(id).unwrap();
                for lang in Lang::ALL {
                    black_box(flow::resolve(&content, o, &answers, lang, None));
                }
            }
        })
    });

    let mut app = app_for(content.clone(), Lang::Zh);
    app.update(Msg::Enter, Duration::ZERO);
    for i in [0, 1, 0, 1] {
        app.update(Msg::Pick(i), Duration::ZERO);
    }
    app.update(Msg::Enter, Duration::ZERO);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("draw the outcome overview at 120x40", |b| {
        b.iter(|| {
            term.draw(|f| {
                black_box(view::draw(f, &app, Duration::ZERO));
            })
            .map(|_| ())
            .unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);

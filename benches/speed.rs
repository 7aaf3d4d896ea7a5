//! Speed targets (README, "速度 / Speed"):
//!
//! - loading and checking the built-in content, and decoding it as
//!   checked at build time (what a start-up does);
//! - checking content with many more paths: 20 extra yes/no questions, or
//!   two of 32 options (target: under 1 s);
//! - the same on generated content 10 and 100 times larger: the cost may
//!   grow with the size, but no faster (100x content in at most 100x time);
//! - resolving every path;
//! - one key press through `input::handle` plus a full frame, at 80x24 and
//!   200x60, on a question and on the materials page (target: 1 ms);
//! - the `route` command as a whole process (target: 10 ms).
//!
//! `cargo bench` runs them all in a few minutes on two cores;
//! `cargo bench -- route` (or any part of a name) runs some.

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../tests/fixtures/bigger.rs"]
mod bigger;

use criterion::{Bencher, Criterion, SamplingMode, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Size;
use support::{answer_path, key, path_with, path_with_most, route_args, to_page};
use yibao_guide::content::{Lang, SourceFile};
use yibao_guide::flow::{self, Answers, End};
use yibao_guide::load::{embedded_files, load_embedded, load_files as load};
use yibao_guide::tui::app::{App, Msg, Page, Screen};
use yibao_guide::tui::backend::FrameBackend;
use yibao_guide::tui::{app_for, input, view};

/// The built-in content made `n` times larger: a last question `region`
/// with `n` options, and every outcome, material, note and source copied
/// once per region. Copy `i` of an outcome matches its original answers
/// plus `region = i` and refers to copy `i` of its materials, notes and
/// sources, so the result passes `check` like the original: every
/// combination of answers has exactly one outcome, and everything is used.
///
/// The copies are made on the text, so they are written the way the
/// originals are and cost the same to read, and each region's copies go in
/// files of their own (`outcomes-r007.toml`, ...), as a maintainer would
/// split content this large: a content folder takes files up to 1 MB.
fn scaled(files: &[SourceFile], n: usize) -> Vec<SourceFile> {
    const COPIED: [&str; 3] = ["outcome", "material", "note"];
    let mut out = Vec::new();
    for f in files {
        // The file in pieces: kept as they are (`None`), or one entry of a
        // copied kind with its sub-tables.
        let mut pieces: Vec<(Option<&str>, String)> = Vec::new();
        for line in f.text.split_inclusive('\n') {
            let t = line.trim();
            if t.starts_with('[') {
                let name = t.trim_matches(|c| c == '[' || c == ']');
                let top = name.split('.').next().unwrap_or("");
                let copied = COPIED.iter().find(|k| **k == top).copied();
                let starts_entry = copied.is_some() && name == top && t.starts_with("[[");
                let continues = copied.is_some() && pieces.last().is_some_and(|p| p.0 == copied);
                if starts_entry || !continues {
                    pieces.push((if starts_entry { copied } else { None }, String::new()));
                }
            }
            match pieces.last_mut() {
                Some(p) => p.1.push_str(line),
                None => pieces.push((None, line.to_owned())),
            }
        }
        let mut kept: String = pieces
            .iter()
            .filter(|p| p.0.is_none())
            .map(|p| p.1.as_str())
            .collect();
        if f.text.lines().any(|l| l.trim() == "[[question]]") {
            kept.push_str(&region_question(n));
        }
        out.push(SourceFile {
            name: f.name.clone(),
            text: kept,
        });
        if pieces.iter().any(|p| p.0.is_some()) {
            let stem = f.name.trim_end_matches(".toml");
            for i in 0..n {
                let text = pieces
                    .iter()
                    .filter_map(|(kind, piece)| Some(copy((*kind)?, piece, i)))
                    .collect();
                out.push(SourceFile {
                    name: format!("{stem}-{}.toml", region(i)),
                    text,
                });
            }
        }
    }
    out
}

fn region(i: usize) -> String {
    format!("r{i:03}")
}

/// Copy `i` of one entry: its id, and the ids it refers to, get the
/// region's suffix; an outcome's `when` also asks for the region; its
/// texts start with the region's name, so that no long text is written
/// twice (which `check` refuses). Sources are shared by all copies.
fn copy(kind: &str, entry: &str, i: usize) -> String {
    let r = region(i);
    let mut out = String::new();
    let mut id_done = false;
    for line in entry.split_inclusive('\n') {
        let key = line.split_once('=').map(|(k, _)| k.trim());
        let rhs = line.split_once('=').map_or("", |(_, v)| v.trim());
        match key {
            Some("id") if !id_done => {
                id_done = true;
                let id = rhs.trim_matches('"');
                out.push_str(&format!("id = \"{id}-{r}\"\n"));
            }
            Some("when") if kind == "outcome" => out.push_str(&format!(
                "when = {{ all = [ {rhs}, {{ equals = {{ region = \"{r}\" }} }} ] }}\n"
            )),
            Some(k @ ("materials" | "notes")) => {
                let ids: Vec<String> = rhs
                    .trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|s| s.trim().trim_matches('"'))
                    .filter(|s| !s.is_empty())
                    .map(|s| format!("\"{s}-{r}\""))
                    .collect();
                out.push_str(&format!("{k} = [{}]\n", ids.join(", ")));
            }
            _ => out.push_str(
                &line
                    .replace("zh = \"", &format!("zh = \"{r} "))
                    .replace("en = \"", &format!("en = \"{r} ")),
            ),
        }
    }
    out
}

/// The question that tells the copies apart, asked last.
fn region_question(n: usize) -> String {
    let mut q = String::from(
        "\n[[question]]\nid = \"region\"\n\
         title = { zh = \"您在哪个地区？\", en = \"Which region are you in?\" }\n\
         help = { zh = \"选新参保地所在的地区。\", en = \"The region of the new place.\" }\n",
    );
    for i in 0..n {
        q.push_str(&format!(
            "\n[[question.option]]\nid = \"{r}\"\nlabel = {{ zh = \"地区{i:03}\", en = \"Region {i:03}\" }}\n",
            r = region(i)
        ));
    }
    q
}

fn size(files: &[SourceFile]) -> usize {
    files.iter().map(|f| f.text.len()).sum()
}

/// Times `load` alone: the content is dropped outside the timing, as the
/// program keeps it until it exits.
fn time_load(b: &mut Bencher, files: &[SourceFile]) {
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            let content = load(black_box(files)).unwrap();
            total += start.elapsed();
            drop(content);
        }
        total
    })
}

/// How many times longer `big` takes to load than `small`. The two are
/// timed in turns, ten loads of `small` then one of `big`, eleven times,
/// so that a machine that speeds up or slows down during the run affects
/// both alike; the median of the eleven ratios.
fn ratio(small: &[SourceFile], big: &[SourceFile]) -> f64 {
    let once = |files: &[SourceFile]| {
        let start = Instant::now();
        let content = load(files).unwrap();
        let took = start.elapsed();
        drop(content);
        took
    };
    let mut ratios: Vec<f64> = (0..11)
        .map(|_| {
            let small: Duration = (0..10).map(|_| once(small)).sum();
            once(big).as_secs_f64() / (small.as_secs_f64() / 10.0)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

fn loading(c: &mut Criterion) {
    let files = embedded_files();
    let mut g = c.benchmark_group("load and check");
    g.sample_size(20);
    g.bench_function("built-in content", |b| time_load(b, &files));
    // What a start-up does: decode the content checked at build time.
    g.bench_function("built-in content, decoded", |b| {
        b.iter(|| black_box(load_embedded().unwrap()))
    });
    for n in [1, 10, 100] {
        let big = scaled(&files, n);
        // Checked once, described, and dropped before timing.
        let content = load(&big).expect("the generated content passes check");
        eprintln!(
            "generated x{n}: {} KB of TOML in {} files, {} outcomes, {} materials, {} paths (built-in: {} KB)",
            size(&big) / 1024,
            big.len(),
            content.outcomes.len(),
            content.materials.len(),
            flow::walks(&content).len(),
            size(&files) / 1024,
        );
        drop(content);
        if n >= 10 {
            eprintln!(
                "generated x{n} takes {:.1} times as long as the built-in content (timed in turns; target: at most {n})",
                ratio(&files, &big)
            );
            // Long runs: the same number of loads in every sample.
            g.sampling_mode(SamplingMode::Flat);
        }
        if n == 100 {
            g.sample_size(10);
        }
        g.bench_function(format!("generated x{n}"), |b| time_load(b, &big));
    }
    // More paths, not more content: 20 extra yes/no questions no condition
    // looks at (2^20 times the paths), and two of 32 options each, also
    // looked at by every outcome (1024 times the paths). Target: under 1 s.
    for (name, big) in [
        (
            "plus 20 yes/no questions",
            bigger::with_questions(&files, 20, 2, false),
        ),
        (
            "plus 2 questions of 32 options",
            bigger::with_questions(&files, 2, 32, false),
        ),
        (
            "plus 2 questions of 32 options the outcomes look at",
            bigger::with_questions(&files, 2, 32, true),
        ),
    ] {
        g.bench_function(name, |b| time_load(b, &big));
    }
    g.finish();
}

fn resolving(c: &mut Criterion) {
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
}

/// The first question, as a person sees it after the welcome screen.
fn on_question() -> App {
    let mut app = app_for(load_embedded().unwrap(), Lang::Zh);
    app.update(Msg::Enter, Duration::ZERO);
    assert!(matches!(app.screen, Screen::Question(_)));
    app
}

/// The materials page with the longest checklist of the content.
fn on_materials() -> App {
    let mut app = on_question();
    let walk = path_with_most(&app.content, |r| r.materials.len());
    answer_path(&mut app, &walk);
    to_page(&mut app, Page::Materials);
    app
}

/// A frame of the wizard as the loop draws it.
fn draw(term: &mut Terminal<FrameBackend<std::io::Sink>>, app: &mut App) {
    let mut drawn = None;
    term.draw(|f| drawn = Some(view::draw(f, app, Duration::ZERO)))
        .unwrap();
    app.shown(drawn.unwrap());
}

/// One key press and the frame it causes. Down and Up alternate, so every
/// press moves the cursor and the screen stays the same between samples.
fn key_to_frame(c: &mut Criterion) {
    let mut g = c.benchmark_group("key to frame");
    for (screen, start) in [
        ("question", on_question as fn() -> App),
        ("materials", on_materials),
    ] {
        for (w, h) in [(80, 24), (200, 60)] {
            let mut app = start();
            // The wizard's own backend, writing the frame's bytes nowhere.
            let mut term =
                Terminal::new(FrameBackend::new(std::io::sink(), Size::new(w, h))).unwrap();
            draw(&mut term, &mut app);
            if screen == "question" {
                // What ratatui alone costs for a frame of this size.
                g.bench_function(format!("nothing at {w}x{h}"), |b| {
                    b.iter(|| {
                        term.draw(|_| {}).unwrap();
                    })
                });
            }
            let keys = [key(KeyCode::Down), key(KeyCode::Up)];
            let mut i = 0;
            g.bench_function(format!("{screen} at {w}x{h}"), |b| {
                b.iter(|| {
                    input::handle(&mut app, &keys[i % 2], Duration::ZERO);
                    i += 1;
                    draw(&mut term, &mut app);
                })
            });
        }
    }
    g.finish();
}

/// `route` as a person runs it: start the release binary, load and check
/// the built-in content, print the answer (for the first path), exit.
fn route_process(c: &mut Criterion) {
    let answers = route_args(&path_with(&load_embedded().unwrap(), &[]));
    let run = || {
        let status = Command::new(env!("CARGO_BIN_EXE_yibao-guide"))
            .arg("route")
            .args(&answers)
            .args(["--format", "text"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    let mut g = c.benchmark_group("process");
    g.sample_size(30).sampling_mode(SamplingMode::Flat);
    g.bench_function("route, whole process", |b| b.iter(run));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    targets = loading, resolving, key_to_frame, route_process
}
criterion_main!(benches);

//! yibao-guide (医保转移向导): the wizard, and the `route`, `check` and
//! `graph` commands.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use yibao_guide::calendar::Date;
use yibao_guide::cli::{self, booklet, graph, release, route};
use yibao_guide::content::Lang;

/// 医保转移向导 — how to move your basic medical insurance to another place.
///
/// With no command, opens the step-by-step wizard in the terminal.
#[derive(Parser, Debug)]
#[command(name = "yibao-guide", version, about, long_about = None)]
struct Cli {
    /// Read content from this folder instead of the built-in content.
    #[arg(long, global = true, value_name = "DIR")]
    content: Option<PathBuf>,

    /// Language of the wizard and of `route` / `graph` output.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,

    /// Colour theme of the wizard.
    #[arg(long, value_enum, default_value_t = ThemeArg::Default)]
    theme: ThemeArg,

    /// Run as an unattended public kiosk (see docs/kiosk.md).
    #[arg(long)]
    kiosk: bool,

    /// Kiosk settings file (TOML with a [kiosk] table).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Kiosk: seconds without input before the answers are cleared.
    #[arg(long, value_name = "N")]
    idle_seconds: Option<u64>,

    /// Plain line-by-line mode for screen readers and scripts (the same as --accessible; also with
    /// ACCESSIBLE=1, TERM=dumb, or when input or output is not a terminal).
    #[arg(long, visible_alias = "accessible")]
    plain: bool,

    /// Read aloud with this command (text on its standard input; split at
    /// spaces, no shell), e.g. "espeak-ng -v cmn-latn-pinyin -s 140".
    #[arg(long, value_name = "CMD")]
    speak: Option<String>,

    /// The command that reads English, when the one for Chinese cannot.
    #[arg(long, value_name = "CMD")]
    speak_en: Option<String>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the outcome for a set of answers (with none, it lists the questions).
    Route {
        /// Answers as question=option.
        #[arg(value_name = "QUESTION=OPTION")]
        answers: Vec<String>,
        /// Every route once, with the answers that lead to it and its
        /// sources: a booklet to check against the local guide (text,
        /// markdown or html).
        #[arg(long, conflicts_with_all = ["answers", "date"])]
        all: bool,
        #[arg(long, value_enum, default_value_t = RouteFormat::Text)]
        format: RouteFormat,
        /// The day you would apply (YYYY-MM-DD), for the finish-by date; default today.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// With --format receipt: characters per line (a Chinese character counts two).
        #[arg(long, value_name = "N", default_value_t = 32,
              value_parser = clap::value_parser!(u16).range(16..=160))]
        columns: u16,
    },
    /// Validate the content files; exit 0 when clean, 1 with one message per problem.
    Check {
        /// Also fail (exit 1) when a regional fact was last checked more
        /// than DAYS days ago, listing each with file:line (a deploy
        /// gate). Without it, facts older than 365 days are warned about.
        #[arg(long, value_name = "DAYS")]
        stale_after: Option<u32>,
    },
    /// Print the flow (questions, options, outcomes) as a graph.
    Graph {
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// What changes for a person between two contents: each path whose
    /// outcome, steps, materials or notes change, and each changed text.
    ///
    /// With one folder, compares the built-in content (or --content DIR)
    /// with it. Exit 0 when nothing changes, 1 when something does, 2 when
    /// a content is broken.
    Diff {
        /// OLD NEW: two content folders; NEW alone: the built-in content
        /// against that folder.
        #[arg(value_name = "FOLDER", num_args = 1..=2, required = true)]
        folders: Vec<PathBuf>,
    },
    /// Install a checked content release on a kiosk, or roll back.
    Content {
        #[command(subcommand)]
        action: ContentAction,
    },
    /// Write the manual pages or the shell completions (bash, zsh, fish)
    /// into a folder; made from the same definitions as --help.
    Generate {
        #[arg(value_enum)]
        what: GenerateWhat,
        /// The folder to write into (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum ContentAction {
    /// Check a content folder, copy it into a new versioned release and
    /// make it current; nothing changes unless every check passes.
    Install {
        /// The content folder to install.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Where releases are kept; the kiosk reads ROOT/current.
        #[arg(long, value_name = "ROOT", default_value = release::DEFAULT_ROOT)]
        root: PathBuf,
        /// Refuse content whose meta.updated is older than this many days.
        #[arg(long, value_name = "DAYS")]
        stale_after: Option<u32>,
    },
    /// Make the release that was current before the last install or
    /// rollback current again.
    Rollback {
        #[arg(long, value_name = "ROOT", default_value = release::DEFAULT_ROOT)]
        root: PathBuf,
    },
    /// Show the current and previous releases.
    Status {
        #[arg(long, value_name = "ROOT", default_value = release::DEFAULT_ROOT)]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum GenerateWhat {
    /// yibao-guide.1 and one page per command (yibao-guide-route.1, ...).
    Man,
    /// yibao-guide.bash, _yibao-guide (zsh) and yibao-guide.fish.
    Completions,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ThemeArg {
    Default,
    HighContrast,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RouteFormat {
    Text,
    Markdown,
    Json,
    /// Short plain text for a receipt printer, wrapped to --columns.
    Receipt,
    /// A printable web page; with --all only.
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            help()
        }
        Err(e) => {
            // Clap quotes the arguments it cannot use: printed through our
            // writers, hostile bytes in them are shown escaped.
            let text = e.render().to_string();
            if e.use_stderr() {
                cli::eprint(&text);
            } else {
                let _ = cli::print(&text);
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let lang = match cli.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let dir = cli.content.as_deref();
    let (out, err, code) = match cli.command {
        Some(Command::Check { stale_after }) => {
            let (s, code) = cli::check(dir, cli::today(), stale_after);
            if code == 0 {
                (s, String::new(), code)
            } else {
                (String::new(), s, code)
            }
        }
        Some(Command::Route {
            all: true, format, ..
        }) => run_booklet(dir, lang, format),
        Some(Command::Route {
            answers,
            format,
            date,
            columns,
            ..
        }) => run_route(dir, lang, &answers, format, date.as_deref(), columns),
        Some(Command::Diff { folders }) => match folders.as_slice() {
            [new] => cli::diff::run(dir, new),
            [old, new, ..] => cli::diff::run(Some(old), new),
            [] => (String::new(), "error: diff needs a folder\n".into(), 2),
        },
        Some(Command::Content { action }) => run_content(action),
        Some(Command::Generate { what, dir }) => {
            let written = match what {
                GenerateWhat::Man => cli::generate::man(Cli::command(), &dir),
                GenerateWhat::Completions => cli::generate::completions(Cli::command(), &dir),
            };
            match written {
                Ok(files) => (
                    files.iter().map(|f| format!("{}\n", f.display())).collect(),
                    String::new(),
                    0,
                ),
                Err(e) => (String::new(), format!("error: {}: {e}\n", dir.display()), 1),
            }
        }
        Some(Command::Graph { format }) => match yibao_guide::load::load(dir) {
            Ok(c) => {
                let f = match format {
                    GraphFormat::Dot => graph::Format::Dot,
                    GraphFormat::Mermaid => graph::Format::Mermaid,
                };
                (graph::render(&c, lang, f), String::new(), 0)
            }
            Err(e) => (String::new(), format!("{e}\n"), 1),
        },
        None if !cli.kiosk && yibao_guide::plain::wanted(cli.plain) => {
            return ExitCode::from(run_plain(&cli, lang));
        }
        None => {
            let opts = yibao_guide::tui::Options {
                content_dir: cli.content.clone(),
                lang,
                high_contrast: cli.theme == ThemeArg::HighContrast,
                kiosk: cli.kiosk,
                config: cli.config.clone(),
                idle_seconds: cli.idle_seconds,
                voices: yibao_guide::speech::Voices {
                    zh: cli.speak.clone(),
                    en: cli.speak_en.clone(),
                },
            };
            return ExitCode::from(yibao_guide::tui::main(opts));
        }
    };
    if let Err(e) = cli::print(&out) {
        // A full disk or a closed file: say so, or the output is just
        // missing.
        cli::eprint(&format!("error: cannot write the output: {e}\n"));
        return ExitCode::from(1);
    }
    cli::eprint(&err);
    ExitCode::from(code as u8)
}

fn run_plain(cli: &Cli, lang: Lang) -> u8 {
    let content = match yibao_guide::load::load(cli.content.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            cli::eprint(&format!("{e}\n"));
            return 1;
        }
    };
    let mut opts = yibao_guide::plain::Options::new(lang, cli::today());
    opts.voices = yibao_guide::speech::Voices {
        zh: cli.speak.clone(),
        en: cli.speak_en.clone(),
    };
    yibao_guide::plain::main(&content, opts)
}

/// Prints the help asked for, with an example `route` line made from the
/// content (the folder given with `--content` when it loads, else the
/// built-in content), so that the example follows the content. The content
/// is read only here, when help is asked for.
fn help() -> ! {
    let args: Vec<OsString> = std::env::args_os().collect();
    let dir = content_arg(&args);
    let example = match yibao_guide::load::load(dir.as_deref()) {
        Ok(c) => Some(yibao_guide::out::route_example(&c, dir.as_deref())),
        Err(_) => yibao_guide::load::load(None)
            .ok()
            .map(|c| yibao_guide::out::route_example(&c, None)),
    };
    let mut cmd = Cli::command();
    if let Some(ex) = example {
        let text = format!("Example: {ex}");
        cmd = cmd
            .after_help(text.clone())
            .mut_subcommand("route", |r| r.after_help(text));
    }
    match cmd.try_get_matches_from(args) {
        Err(e) => e.exit(),
        // Not reached: the same arguments asked for help before.
        Ok(_) => std::process::exit(0),
    }
}

/// The folder after `--content` (or in `--content=DIR`), read before clap
/// parses the arguments.
fn content_arg(args: &[OsString]) -> Option<PathBuf> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--content" {
            return it.next().map(PathBuf::from);
        }
        if let Some(d) = a.to_str().and_then(|s| s.strip_prefix("--content=")) {
            return Some(PathBuf::from(d));
        }
    }
    None
}

fn run_route(
    dir: Option<&Path>,
    lang: Lang,
    answers: &[String],
    format: RouteFormat,
    date: Option<&str>,
    columns: u16,
) -> (String, String, i32) {
    // Only the blocks of the outcome these answers lead to.
    let pick = |c: &_| route::outcome_of(c, answers, lang);
    let content = match yibao_guide::load::load_for(dir, pick) {
        // The process ends once the route is printed: its exit frees the
        // content, at once, rather than string by string here.
        Ok(c) => std::mem::ManuallyDrop::new(c),
        Err(e) => return (String::new(), format!("{e}\n"), 1),
    };
    let today = match date {
        None => cli::today(),
        Some(s) => match Date::parse_applied(s) {
            Ok(d) => d,
            Err(e) => return (String::new(), format!("error: --date {e}\n"), 2),
        },
    };
    let parsed = route::parse_answers(&content, answers, lang)
        .and_then(|a| route::route(&content, &a, lang, Some(today)));
    match parsed {
        Ok(r) => {
            let f = match format {
                RouteFormat::Text => route::Format::Text,
                RouteFormat::Markdown => route::Format::Markdown,
                RouteFormat::Json => route::Format::Json,
                RouteFormat::Receipt => route::Format::Receipt(usize::from(columns)),
                RouteFormat::Html => {
                    return (
                        String::new(),
                        "error: --format html makes the booklet: use route --all --format html\n"
                            .into(),
                        2,
                    );
                }
            };
            (route::render(&content, &r, lang, f), String::new(), 0)
        }
        Err(route::UsageError(m)) => (String::new(), format!("error: {m}\n"), 2),
    }
}

/// `route --all`: the booklet of every route.
fn run_booklet(
    dir: Option<&std::path::Path>,
    lang: Lang,
    format: RouteFormat,
) -> (String, String, i32) {
    let f = match format {
        RouteFormat::Text => booklet::Format::Text,
        RouteFormat::Markdown => booklet::Format::Markdown,
        RouteFormat::Html => booklet::Format::Html,
        RouteFormat::Json | RouteFormat::Receipt => {
            return (
                String::new(),
                "error: route --all makes a booklet as text, markdown or html\n".into(),
                2,
            );
        }
    };
    match yibao_guide::load::load(dir) {
        Ok(c) => (booklet::render(&c, lang, f), String::new(), 0),
        Err(e) => (String::new(), format!("{e}\n"), 1),
    }
}

/// `content install | rollback | status`.
fn run_content(action: ContentAction) -> (String, String, i32) {
    let done = match action {
        ContentAction::Install {
            dir,
            root,
            stale_after,
        } => release::install(&root, &dir, stale_after, cli::today()),
        ContentAction::Rollback { root } => release::rollback(&root),
        ContentAction::Status { root } => release::status(&root),
    };
    match done {
        Ok(s) => (s, String::new(), 0),
        Err(e) => (String::new(), format!("error: {e}\n"), 1),
    }
}

//! yibao-guide (医保转移向导): the wizard, and the `route`, `check` and
//! `graph` commands.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use yibao_guide::calendar::Date;
use yibao_guide::cli::{self, graph, route};
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
    Check,
    /// Print the flow (questions, options, outcomes) as a graph.
    Graph {
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
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
        Err(e) => e.exit(),
    };
    let lang = match cli.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let dir = cli.content.as_deref();
    let (out, err, code) = match cli.command {
        Some(Command::Check) => {
            let (s, code) = cli::check(dir);
            if code == 0 {
                (s, String::new(), code)
            } else {
                (String::new(), s, code)
            }
        }
        Some(Command::Route {
            answers,
            format,
            date,
            columns,
        }) => run_route(dir, lang, &answers, format, date.as_deref(), columns),
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
        None => {
            let opts = yibao_guide::tui::Options {
                content_dir: cli.content.clone(),
                lang,
                high_contrast: cli.theme == ThemeArg::HighContrast,
                kiosk: cli.kiosk,
                config: cli.config.clone(),
                idle_seconds: cli.idle_seconds,
            };
            return ExitCode::from(yibao_guide::tui::main(opts));
        }
    };
    if cli::print(&out).is_err() {
        return ExitCode::from(1);
    }
    cli::eprint(&err);
    ExitCode::from(code as u8)
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
    let content = match yibao_guide::load::load(dir) {
        Ok(c) => c,
        Err(e) => return (String::new(), format!("{e}\n"), 1),
    };
    let today = match date {
        None => cli::today(),
        Some(s) => match Date::parse(s) {
            Some(d) => d,
            None => {
                return (
                    String::new(),
                    format!("error: --date `{s}` is not a date written YYYY-MM-DD\n"),
                    2,
                );
            }
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
            };
            (route::render(&content, &r, lang, f), String::new(), 0)
        }
        Err(route::UsageError(m)) => (String::new(), format!("error: {m}\n"), 2),
    }
}

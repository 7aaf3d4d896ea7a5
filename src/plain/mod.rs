//! Plain mode: the wizard as a conversation of plain lines, for screen
//! readers, braille displays and scripts. No alternate screen, no cursor
//! movement, no colour, no box drawing: nothing but text and newlines (no
//! escape byte ever). Each question is a short block with numbered
//! options; then the review, the route in sections, the checklist and an
//! offer to save it.
//!
//! Uses the engine (`flow`), the take-away texts (`export`) and what each
//! screen says (`speech::script`); never the full-screen wizard.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use crate::calendar::Date;
use crate::content::{Content, Lang};
use crate::export::{self, fill};
use crate::flow::{self, Answers, Next, Resolved};
use crate::speech::{self, Line, Reader, Section, Voices, script};

/// How plain mode runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub today: Date,
    /// Speech commands; none means silent.
    pub voices: Voices,
    /// Where a checklist is saved.
    pub save_dir: PathBuf,
    /// Write each entry after its prompt: input from a pipe is not echoed
    /// by a terminal, and a transcript should show what was answered.
    pub echo: bool,
    /// Read each text to the end before taking the next line: input from
    /// a pipe comes all at once, and nothing should be cut short.
    pub wait_for_speech: bool,
}

impl Options {
    pub fn new(lang: Lang, today: Date) -> Options {
        let piped = !io::stdin().is_terminal();
        Options {
            lang,
            today,
            voices: Voices::default(),
            save_dir: std::env::current_dir().unwrap_or_default(),
            echo: piped,
            wait_for_speech: piped,
        }
    }
}

/// Whether to run in plain mode rather than full screen: asked for
/// (`--plain`, `ACCESSIBLE=1`), or no terminal to draw on (`TERM=dumb`,
/// standard input or output not a terminal).
pub fn wanted(flag: bool) -> bool {
    let env = |k: &str| std::env::var(k).ok();
    flag || env("ACCESSIBLE").is_some_and(|v| !v.is_empty() && v != "0")
        || env("TERM").is_some_and(|t| t == "dumb")
        || !io::stdin().is_terminal()
        || !io::stdout().is_terminal()
}

/// Runs plain mode on the real standard input and output; returns the
/// exit code.
pub fn main(content: &Content, opts: Options) -> u8 {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut output = io::stdout().lock();
    run(content, opts, &mut input, &mut output)
}

/// Where the conversation is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum At {
    Question(String),
    Review,
    Part(usize),
    End,
}

struct Plain<'a> {
    content: &'a Content,
    opts: Options,
    lang: Lang,
    answers: Answers,
    at: At,
    history: Vec<At>,
    out: &'a mut dyn Write,
    reader: Reader,
}

/// What an entry asks for.
enum Entry {
    Number(usize),
    Enter,
    Help,
    Back,
    Repeat,
    Lang,
    Quit,
    Other(String),
}

fn entry(line: &str) -> Entry {
    // Full-width digits and letters from a Chinese input method count too.
    let s: String = line
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_lowercase();
    match s.as_str() {
        "" => Entry::Enter,
        "?" | "h" | "help" => Entry::Help,
        "b" | "0" => Entry::Back,
        "r" => Entry::Repeat,
        "l" => Entry::Lang,
        "q" => Entry::Quit,
        _ => match s.parse::<usize>() {
            Ok(n) if n > 0 => Entry::Number(n),
            _ => Entry::Other(line.trim().to_owned()),
        },
    }
}

/// Runs plain mode with the given input and output; returns the exit code.
pub fn run(content: &Content, opts: Options, input: &mut dyn BufRead, out: &mut dyn Write) -> u8 {
    let lang = opts.lang;
    let reader = Reader::new(opts.voices.clone());
    let mut p = Plain {
        content,
        opts,
        lang,
        answers: Answers::new(),
        at: At::Review,
        history: Vec::new(),
        out,
        reader,
    };
    // An error is the reader gone (a closed pipe): nothing more to say.
    p.conversation(input).unwrap_or_default()
}

impl Plain<'_> {
    fn ui(&self, key: &str) -> String {
        self.content.ui(key, self.lang).to_owned()
    }

    /// Writes lines, without any control character the content might
    /// hold (an escape sequence would reach the terminal).
    fn write(&mut self, text: &str) -> io::Result<()> {
        let clean: String = text
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        self.out.write_all(clean.as_bytes())
    }

    fn lines(&mut self, lines: &[Line]) -> io::Result<()> {
        let text: String = lines.iter().map(|l| l.plain() + "\n").collect();
        self.write(&text)
    }

    fn say(&mut self, lines: &[Line]) {
        if !self.reader.available(self.lang) {
            return;
        }
        let text = speech::spoken(self.content, self.lang, lines);
        // Whatever was being read stops: the screen has moved on.
        let mut result = self.reader.say(self.lang, &text);
        if result.is_ok() && self.opts.wait_for_speech {
            result = self.reader.wait(Duration::from_secs(120)).unwrap_or(Ok(()));
        }
        if let Err(e) = result {
            let msg = self.ui("speak.failed").replace("{n}", &e);
            let _ = self.write(&format!("{msg}\n"));
        }
    }

    /// Prints a block and reads it aloud.
    fn show(&mut self, lines: &[Line]) -> io::Result<()> {
        self.lines(lines)?;
        self.say(lines);
        Ok(())
    }

    fn prompt(&mut self, key: &str) -> io::Result<()> {
        let p = self.ui(key);
        self.write(&p)?;
        self.out.flush()
    }

    fn read(&mut self, input: &mut dyn BufRead) -> io::Result<Option<String>> {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            self.write("\n")?;
            return Ok(None);
        }
        if self.opts.echo {
            let shown = line.trim_end_matches(['\n', '\r']).to_owned();
            self.write(&format!("{shown}\n"))?;
        }
        self.write("\n")?;
        Ok(Some(line))
    }

    fn resolved(&self) -> Option<Resolved> {
        match flow::next(self.content, &self.answers) {
            Next::Done(o) => Some(flow::resolve(
                self.content,
                o,
                &self.answers,
                self.lang,
                Some(self.opts.today),
            )),
            _ => None,
        }
    }

    fn parts(&self) -> Vec<Section> {
        self.resolved()
            .map(|r| script::sections(&r))
            .unwrap_or_default()
    }

    fn conversation(&mut self, input: &mut dyn BufRead) -> io::Result<u8> {
        let title = self.content.meta.title.get(self.lang).to_owned();
        let intro = [
            Line::Heading(title),
            Line::Text(self.ui("welcome.intro")),
            Line::Text(self.ui("plain.intro")),
            Line::Text(self.ui("plain.commands")),
        ];
        self.show(&intro)?;
        self.write("\n")?;
        if !self.continue_flow()? {
            return Ok(1);
        }
        loop {
            let key = match self.at {
                At::Question(_) | At::End => "plain.prompt",
                At::Review => "plain.review_prompt",
                At::Part(_) => "plain.next",
            };
            self.prompt(key)?;
            let Some(line) = self.read(input)? else {
                self.finish();
                return Ok(0);
            };
            match entry(&line) {
                Entry::Quit => {
                    let bye = self.ui("plain.bye");
                    self.write(&format!("{bye}\n"))?;
                    self.finish();
                    return Ok(0);
                }
                Entry::Help => self.help()?,
                Entry::Repeat => self.current()?,
                Entry::Lang => {
                    self.lang = self.lang.other();
                    self.current()?;
                }
                Entry::Back => self.back()?,
                e => {
                    if !self.act(e)? {
                        return Ok(0);
                    }
                }
            }
        }
    }

    /// Lets the last text be read to its end when input came from a pipe.
    fn finish(&mut self) {
        if self.opts.wait_for_speech {
            let _ = self.reader.wait(Duration::from_secs(120));
        }
    }

    /// Shows the block for where the conversation is.
    fn current(&mut self) -> io::Result<()> {
        match self.at.clone() {
            At::Question(id) => {
                let Some(q) = self.content.question(&id) else {
                    return Ok(());
                };
                let (n, most) = flow::progress(self.content, &self.answers, &id).unwrap_or((1, 1));
                let mut lines =
                    script::question(self.content, self.lang, q, &self.answers, n, most);
                // Options with letters to type (the provinces): say so, with
                // the first as the example.
                if let Some(o) = flow::choices(self.content, q, &self.answers)
                    .into_iter()
                    .find(|o| !o.keys.is_empty())
                {
                    lines.push(Line::Text(
                        self.ui("plain.keys_hint")
                            .replace("{keys}", &o.keys)
                            .replace("{label}", o.label.get(self.lang)),
                    ));
                }
                self.show(&lines)
            }
            At::Review => {
                let answers: Vec<(String, String)> = self.review_rows();
                let lines = script::review(self.content, self.lang, &answers);
                self.show(&lines)
            }
            At::Part(i) => {
                let Some(r) = self.resolved() else {
                    return Ok(());
                };
                let parts = script::sections(&r);
                let Some(s) = parts.get(i) else {
                    return Ok(());
                };
                let mut lines = vec![Line::Text(fill(
                    self.content.ui("plain.part", self.lang),
                    &[
                        ("n", (i + 1).to_string()),
                        ("total", parts.len().to_string()),
                    ],
                ))];
                lines.extend(script::section(self.content, self.lang, &r, *s));
                self.show(&lines)
            }
            At::End => {
                let Some(r) = self.resolved() else {
                    return Ok(());
                };
                let mut lines = script::checklist(self.content, self.lang, &r);
                lines.push(Line::Text(
                    self.content.meta.disclaimer.get(self.lang).to_owned(),
                ));
                self.lines(&lines)?;
                self.write("\n")?;
                let menu = self.end_menu();
                self.lines(&menu)?;
                lines.extend(menu);
                self.say(&lines);
                Ok(())
            }
        }
    }

    fn end_menu(&self) -> Vec<Line> {
        vec![
            Line::Heading(self.ui("plain.end")),
            Line::Item(1, self.ui("plain.save")),
            Line::Item(2, self.ui("final.restart")),
            Line::Item(3, self.ui("plain.quit")),
        ]
    }

    fn review_rows(&self) -> Vec<(String, String)> {
        flow::path(self.content, &self.answers)
            .into_iter()
            .filter_map(|q| {
                let o = q.option(self.answers.get(&q.id)?)?;
                Some((
                    q.title.get(self.lang).to_owned(),
                    o.label.get(self.lang).to_owned(),
                ))
            })
            .collect()
    }

    fn help(&mut self) -> io::Result<()> {
        let mut lines = match &self.at {
            At::Question(id) => self
                .content
                .question(id)
                .map(|q| script::question_help(self.content, self.lang, q, &self.answers))
                .unwrap_or_default(),
            _ => vec![Line::Heading(self.ui("help.heading"))],
        };
        lines.push(Line::Text(self.ui("plain.commands")));
        self.show(&lines)?;
        self.write("\n")
    }

    fn go(&mut self, to: At) -> io::Result<()> {
        let from = std::mem::replace(&mut self.at, to);
        self.history.push(from);
        self.current()
    }

    /// After an answer: the next question, or the review. False when the
    /// content gives no single outcome (`check` rejects such content).
    fn continue_flow(&mut self) -> io::Result<bool> {
        match flow::next(self.content, &self.answers) {
            Next::Ask(q) => {
                let id = q.id.clone();
                if self.at == At::Review && self.history.is_empty() {
                    // The very first question: nothing to go back to.
                    self.at = At::Question(id);
                    self.current()?;
                } else {
                    self.go(At::Question(id))?;
                }
                Ok(true)
            }
            Next::Done(_) => {
                self.go(At::Review)?;
                Ok(true)
            }
            Next::NoOutcome | Next::Ambiguous(_) => {
                self.write("error: the content gives no single outcome for these answers; run `yibao-guide check`\n")?;
                Ok(false)
            }
        }
    }

    fn still_valid(&self, at: &At) -> bool {
        match at {
            At::Question(q) => flow::path(self.content, &self.answers)
                .iter()
                .any(|x| &x.id == q),
            At::Review => matches!(flow::next(self.content, &self.answers), Next::Done(_)),
            At::Part(i) => *i < self.parts().len(),
            At::End => self.resolved().is_some(),
        }
    }

    fn back(&mut self) -> io::Result<()> {
        while let Some(at) = self.history.pop() {
            if self.still_valid(&at) {
                self.at = at;
                return self.current();
            }
        }
        let first = self.ui("plain.first");
        self.write(&format!("{first}\n"))
    }

    /// A number or Enter where the conversation is. False to end.
    fn act(&mut self, e: Entry) -> io::Result<bool> {
        match (self.at.clone(), e) {
            (At::Question(id), Entry::Number(n)) => {
                let Some(q) = self.content.question(&id) else {
                    return Ok(true);
                };
                let offered = flow::choices(self.content, q, &self.answers);
                let Some(opt) = offered.get(n - 1).map(|o| o.id.clone()) else {
                    return self.wrong(&n.to_string(), offered.len());
                };
                let before = self.answers.clone();
                self.answers = flow::answer(self.content, &self.answers, &id, &opt);
                let dropped = before
                    .keys()
                    .filter(|k| !self.answers.contains_key(*k))
                    .count();
                if dropped > 0 {
                    let msg = self
                        .ui("review.dropped")
                        .replace("{n}", &dropped.to_string());
                    self.write(&format!("{msg}\n"))?;
                }
                self.continue_flow()
            }
            (At::Question(id), Entry::Other(typed)) => {
                // Letters find options by their `keys` (pinyin initials:
                // "gd" is 广东) or by their label.
                let Some(q) = self.content.question(&id) else {
                    return Ok(true);
                };
                let offered = flow::choices(self.content, q, &self.answers);
                let t = typed.to_lowercase();
                let found: Vec<usize> = (0..offered.len())
                    .filter(|&i| {
                        let o = offered[i];
                        (!o.keys.is_empty() && o.keys == t)
                            || o.label.get(self.lang) == typed
                            || o.label.zh == typed
                    })
                    .collect();
                match found.as_slice() {
                    [one] => self.act(Entry::Number(one + 1)),
                    [] => self.wrong(&typed, offered.len()),
                    several => {
                        let list: Vec<String> = several
                            .iter()
                            .map(|&i| format!("{}. {}", i + 1, offered[i].label.get(self.lang)))
                            .collect();
                        let msg = self
                            .ui("plain.several")
                            .replace("{input}", &typed)
                            .replace("{options}", &list.join(&self.ui("booklet.list_separator")));
                        self.write(&format!("{msg}\n"))?;
                        self.say(&[Line::Text(msg)]);
                        Ok(true)
                    }
                }
            }
            (At::Question(id), e) => {
                let max = self
                    .content
                    .question(&id)
                    .map_or(0, |q| flow::choices(self.content, q, &self.answers).len());
                self.wrong(&shown(&e), max)
            }
            (At::Review, Entry::Enter) => {
                self.go(At::Part(0))?;
                Ok(true)
            }
            (At::Review, Entry::Number(n)) => {
                let path = flow::path(self.content, &self.answers);
                match path.get(n - 1) {
                    Some(q) => {
                        let id = q.id.clone();
                        self.go(At::Question(id))?;
                        Ok(true)
                    }
                    None => self.wrong(&n.to_string(), path.len()),
                }
            }
            (At::Review, e) => {
                let max = flow::path(self.content, &self.answers).len();
                self.wrong(&shown(&e), max)
            }
            (At::Part(i), Entry::Enter) => {
                let next = if i + 1 < self.parts().len() {
                    At::Part(i + 1)
                } else {
                    At::End
                };
                self.go(next)?;
                Ok(true)
            }
            (At::Part(_), _) => {
                let msg = self.ui("plain.next_wrong");
                self.write(&format!("{msg}\n"))?;
                Ok(true)
            }
            (At::End, Entry::Number(1)) => {
                self.save()?;
                Ok(true)
            }
            (At::End, Entry::Number(2)) => {
                self.answers.clear();
                self.history.clear();
                self.at = At::Review;
                self.continue_flow()
            }
            (At::End, Entry::Number(3)) => {
                let bye = self.ui("plain.bye");
                self.write(&format!("{bye}\n"))?;
                self.finish();
                Ok(false)
            }
            (At::End, e) => self.wrong(&shown(&e), 3),
        }
    }

    fn wrong(&mut self, input: &str, max: usize) -> io::Result<bool> {
        let choose = self.ui("plain.choose").replace("{max}", &max.to_string());
        let msg = if input.is_empty() {
            choose
        } else {
            format!(
                "{} {choose}",
                self.ui("plain.wrong").replace("{input}", input)
            )
        };
        self.write(&format!("{msg}\n"))?;
        self.say(&[Line::Text(msg)]);
        Ok(true)
    }

    fn save(&mut self) -> io::Result<()> {
        let Some(r) = self.resolved() else {
            return Ok(());
        };
        let text = export::checklist(self.content, &r, self.lang, true, &Default::default());
        let stem = format!("yibao-checklist-{}", r.outcome);
        let msg = match export::save_new(&self.opts.save_dir, &stem, &text) {
            Ok(path) => self
                .ui("final.saved")
                .replace("{n}", &path.display().to_string()),
            Err(e) => self.ui("final.save_failed").replace("{n}", &e.to_string()),
        };
        self.write(&format!("{msg}\n\n"))?;
        self.say(&[Line::Text(msg)]);
        let menu = self.end_menu();
        self.lines(&menu)
    }
}

/// An entry as the person typed it, for "there is no ... ".
fn shown(e: &Entry) -> String {
    match e {
        Entry::Other(s) => s.clone(),
        Entry::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

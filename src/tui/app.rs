//! The wizard's model and its one `update` function. No terminal here: keys
//! and clicks arrive as `Msg`s (see `input`), time arrives as a `Duration`
//! since start, so every behaviour can be driven from tests. What reaches
//! outside the model (files, the printer, the speech command, the screen,
//! the counts, quitting) `update` returns as `Effect`s for the loop, and
//! their results come back as `Msg`s. The rows of each screen, and what
//! they do, are in `screens`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::layout::Rect;

use super::grid;
pub use super::kiosk::Hall;
pub use super::screens::Action;
use super::screens::{self, Row};
use crate::calendar::Date;
use crate::content::{Content, Lang};
use crate::flow::{self, Answers, Next, Resolved};

/// Where the person is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Kiosk only: the inviting screen shown between people.
    Attract,
    Welcome,
    /// Kiosk with a hall set: moving away from here, or moving here?
    Hall,
    Question(String),
    Review,
    Page(Page),
}

/// The outcome in as few pages as it takes: what it is (with the checks,
/// time, fee and benefits), the steps as one timeline, the checklist, the
/// notes by title, and what to take away. A strip of their names above the
/// page jumps between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Overview,
    Steps,
    Materials,
    Notes,
    Final,
}

/// Everything a key, a click or the clock can ask for, and what comes
/// back from the effects the loop performed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Up,
    Down,
    /// Confirm the selected row, or go on to the next page.
    Enter,
    /// Choose row n (number keys).
    Pick(usize),
    /// A click or tap on the row that does this: it applies the action,
    /// or on a kiosk question marks the option for 确定. Also the answers
    /// in the side panel (`Action::Edit`), which are no row of the screen.
    Tap(Action),
    /// To this result page (a click on the strip of section names).
    Section(Page),
    /// On to the next result page (the 下一页 button where Enter picks rows).
    NextPage,
    Back,
    Home,
    Help,
    Lang,
    Quit,
    /// Ctrl-C outside kiosk mode.
    ForceQuit,
    Yes,
    /// Tick or untick the selected material.
    Tick,
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    /// To the end of the list or the page.
    End,
    /// Save the checklist to a file (not on a kiosk).
    Save,
    /// From a result page to the review, to change an answer.
    Review,
    /// "No" in a confirmation.
    No,
    /// Read the screen aloud, or stop reading.
    Speak,
    /// A letter typed on a grid question: narrows it by the options' keys.
    Letter(char),
    /// Takes back the last letter typed on a grid question.
    Erase,
    /// Clears the letters typed on a grid question.
    ClearFilter,
    /// Left and right in a grid.
    Left,
    Right,
    /// Input that does nothing but shows someone is there.
    Activity,
    /// Time passed; no one did anything.
    Idle,
    /// The receipt sent for `session` was printed, or why not.
    Printed {
        session: u64,
        result: Result<(), String>,
    },
    /// The checklist was saved (where), or why not.
    Saved(Result<String, String>),
    /// The reading ended by itself, or the speech command failed.
    Spoken(Result<(), String>),
}

impl Msg {
    /// Whether this message comes from a person (keys, clicks), not a timer
    /// or the result of an effect.
    pub fn is_input(&self) -> bool {
        !matches!(
            self,
            Msg::Idle | Msg::Printed { .. } | Msg::Saved(_) | Msg::Spoken(_)
        )
    }
}

/// What `update` asks the loop to do: the things that reach outside the
/// model (the terminal, files, the printer, the speech command, the
/// counts journal). Results come back as `Msg`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the checklist to a file (laptop); `Msg::Saved` says how it went.
    Save,
    /// Send the receipt for the current session; `Msg::Printed` comes back.
    Print,
    /// Wipe the screen and its scrollback (a kiosk between two people).
    WipeScreen,
    /// Kiosk: a person reached this outcome (once per person).
    CountOutcome(String),
    /// Read this text aloud; `Msg::Spoken` comes back when it ends.
    Speak { lang: Lang, text: String },
    /// Stop reading aloud.
    StopSpeaking,
    /// End the wizard.
    Quit(Exit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// The checklist as a QR code, as large as the window allows.
    Qr,
    ConfirmQuit,
    ConfirmRestart,
}

/// Why the wizard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Operator,
}

/// Kiosk settings and idle state.
#[derive(Debug, Clone)]
pub struct Kiosk {
    pub idle_after: Duration,
    pub warn_before: Duration,
    pub last_input: Duration,
    /// Key names that, typed in a row, let staff leave (see `input::key_name`).
    pub operator_exit: Vec<String>,
    pub recent_keys: Vec<String>,
}

/// The shortest idle time a kiosk accepts: an older person reading slowly
/// must not lose their answers. Shorter settings are raised to this.
pub const MIN_IDLE: Duration = Duration::from_secs(60);

/// Extra idle time for each screenful of a page beyond the first, and the
/// most it adds: long pages take longer to read.
const LONG_PAGE_EXTRA: Duration = Duration::from_secs(30);
const LONG_PAGE_EXTRA_MAX: Duration = Duration::from_secs(120);

/// On a kiosk, taps this soon after the page changed (or a material was
/// ticked, a note opened) are ignored: a double tap (80-300 ms apart) must
/// not answer two questions, nor tick a material and untick it.
pub const DEBOUNCE: Duration = Duration::from_millis(500);

impl Kiosk {
    pub fn new(idle_after: Duration, operator_exit: Vec<String>) -> Kiosk {
        let idle_after = idle_after.max(MIN_IDLE);
        Kiosk {
            idle_after,
            // Half the idle time at most: a short idle time still leaves
            // time to use the kiosk before the countdown shows.
            warn_before: Duration::from_secs(30).min(idle_after / 2),
            last_input: Duration::ZERO,
            operator_exit,
            recent_keys: Vec::new(),
        }
    }
}

/// What the last frame drew that can be clicked, and how the body was laid
/// out (how far it can scroll, which rows were on screen); written by the
/// view, read by `input` and `update`. Where the body is scrolled to is
/// not here: it is `App::scroll`.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    pub hits: Vec<(Rect, Msg)>,
    pub max_scroll: u16,
    /// How many lines of the body show at once (in all its columns).
    pub body_height: u16,
    /// The window was too small for the wizard: only quitting works.
    pub too_small: bool,
    /// The selectable rows wholly on screen, top to bottom.
    pub in_view: Vec<usize>,
    /// Where the focused row starts on screen (for the terminal cursor).
    pub focus: Option<ratatui::layout::Position>,
    /// Where the terminal's cursor was put: on what has the focus, for
    /// braille displays and screen magnifiers to follow.
    pub cursor: ratatui::layout::Position,
    /// The lines of the body and the side panel, by place, with a hash of
    /// what each was painted from: the next frame keeps those it would
    /// paint the same.
    pub lines: Vec<(Rect, u64)>,
    /// The lines this frame kept as the screen showed them.
    pub kept: Vec<Rect>,
    /// How many QR codes the checklist was split into (kiosk), if shown.
    pub qr_parts: usize,
    /// The width the grid of a grid question was laid out in.
    pub grid_width: u16,
}

impl Drawn {
    /// Whether row `row` was wholly on screen.
    pub fn shows(&self, row: usize) -> bool {
        self.in_view.contains(&row)
    }
}

/// What drawing a frame gives back (see `App::shown`): what was drawn, and
/// where the body was scrolled to.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub drawn: Drawn,
    /// The first line of the body on screen: `App::scroll` kept within
    /// the page, and moved to the selected row while it follows it.
    pub scroll: u16,
}

pub struct App {
    pub content: Content,
    pub lang: Lang,
    pub screen: Screen,
    pub answers: Answers,
    pub history: Vec<Screen>,
    pub cursor: usize,
    /// The first line of the body on screen. The only record of where the
    /// body is scrolled to: `update` moves it, the view keeps it within
    /// the page (and on the selected row, see `follow_cursor`), and what
    /// the view showed comes back here in `shown`.
    pub scroll: u16,
    /// Keep the selected row in view (false after the person scrolls).
    pub follow_cursor: bool,
    pub ticked: BTreeSet<String>,
    pub overlay: Option<Overlay>,
    pub high_contrast: bool,
    /// NO_COLOR is set: no colour at all.
    pub no_color: bool,
    pub kiosk: Option<Kiosk>,
    pub today: Date,
    pub drawn: Drawn,
    /// A one-line notice for the current screen: a ui key and a number.
    pub notice: Option<(&'static str, String)>,
    /// Kiosk with a receipt printer: its width in columns.
    pub print_columns: Option<usize>,
    /// A receipt is on its way; a second request sends nothing more.
    pub printing: bool,
    /// Which person's session this is: it changes whenever the answers are
    /// wiped, so that a print result reaches only the session that asked
    /// for it (see `Msg::Printed`).
    pub session: u64,
    /// Kiosk: the outcomes counted in this session, so that going back
    /// and forth counts a person once.
    counted: BTreeSet<String>,
    /// Reading aloud: whether it can be asked for, and whether it is on.
    pub speech: Speech,
    /// Kiosk questions: the option tapped so far, if any. Nothing is
    /// chosen on a new question, so 确定 cannot answer by accident.
    pub chosen: Option<usize>,
    /// Notes opened to read, by id; the others show their titles only.
    pub open_notes: BTreeSet<String>,
    /// When the screen or its box last changed: taps right after are
    /// ignored on a kiosk (see `DEBOUNCE`).
    pub changed_at: Duration,
    /// Which of the QR codes is shown, from 0, when the checklist takes
    /// several (see `Drawn::qr_parts`).
    pub qr_part: usize,
    /// Letters typed on a grid question (pinyin initials), lowercase.
    pub filter: String,
    /// Kiosk: the service hall it stands in, from its settings.
    pub hall: Option<Hall>,
    /// Kiosk with a hall: what the person said about the move.
    pub hall_side: Option<HallSide>,
    /// The route last worked out, and for what (see `route`).
    route_kept: Mutex<Option<RouteKept>>,
    /// What the flow last made of the answers (see `choices`, `path`).
    flow_kept: Mutex<Option<FlowKept>>,
    /// What the view made of this app and may use again (see `view::memo`).
    pub(crate) memos: super::view::memo::Memos,
    /// The effects asked for while a message is handled; `update`
    /// hands them to the loop.
    effects: Vec<Effect>,
}

/// The answers as the flow sees them, for the answers they came from: a
/// frame asks for the options, the path and the progress several times.
struct FlowKept {
    answers: Answers,
    /// The answers given and assumed (`flow::complete`).
    complete: Answers,
    /// The questions asked on the path, by index in the content.
    path: Vec<usize>,
    /// `flow::progress` of the last question asked about.
    progress: Option<(String, Option<(usize, usize)>)>,
}

struct RouteKept {
    answers: Answers,
    lang: Lang,
    today: Date,
    hall_side: Option<HallSide>,
    route: Option<Arc<Resolved>>,
    /// Each material's detail line on the checklist, in the route's order,
    /// once asked for.
    details: Option<Arc<Vec<String>>>,
}

/// What a screen's body is made from, as far as the app goes (the window
/// and the theme aside): every field of the app except those no body
/// reads. The selection is not in it (the view marks the selected row as
/// it paints), so moving it makes the body again only on a grid, whose
/// cells carry their marks. See `App::body_state`.
#[derive(Debug, PartialEq)]
pub(crate) struct BodyState {
    screen: Screen,
    lang: Lang,
    answers: Answers,
    ticked: BTreeSet<String>,
    overlay: Option<Overlay>,
    high_contrast: bool,
    no_color: bool,
    kiosk: bool,
    today: Date,
    notice: Option<(&'static str, String)>,
    print_columns: Option<usize>,
    printing: bool,
    speech: Speech,
    chosen: Option<usize>,
    open_notes: BTreeSet<String>,
    qr_part: usize,
    filter: String,
    hall: Option<Hall>,
    hall_side: Option<HallSide>,
    /// On a grid only: the selected option.
    grid_focus: Option<Option<usize>>,
}

/// On a kiosk that knows its hall: is the person moving their insurance
/// away from the hall's province, or to it?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HallSide {
    Away,
    Here,
    Neither,
}

impl HallSide {
    /// In the order the hall screen lists them.
    pub const ALL: [HallSide; 3] = [HallSide::Away, HallSide::Here, HallSide::Neither];

    /// The question whose answer this side presets: the old province when
    /// moving away, the new one when moving here.
    pub fn question(self) -> Option<&'static str> {
        match self {
            HallSide::Away => Some("from_province"),
            HallSide::Here => Some("to_province"),
            HallSide::Neither => None,
        }
    }

    /// Whether a step at this place is done at the hall: at the old place
    /// (or the insured place) when moving away, the new one when moving
    /// here, and either of them.
    pub fn at_hall(self, place: &str) -> bool {
        matches!(
            (self, place),
            (HallSide::Away, "transfer-out" | "home" | "either")
                | (HallSide::Here, "transfer-in" | "either")
        )
    }
}

/// Reading aloud, as far as `update` needs to know.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Speech {
    /// Which languages have a speech command: zh, en.
    pub voices: [bool; 2],
    /// A command failed: reading is off for good (the button hides).
    pub failed: bool,
    /// A text is being read.
    pub speaking: bool,
}

impl Speech {
    /// What the reader can read, before anything was read.
    pub fn of(reader: &crate::speech::Reader) -> Speech {
        Speech {
            voices: [reader.available(Lang::Zh), reader.available(Lang::En)],
            ..Speech::default()
        }
    }

    /// Whether the read-aloud button shows for `lang`.
    pub fn available(&self, lang: Lang) -> bool {
        !self.failed && self.voices[usize::from(lang == Lang::En)]
    }
}

impl App {
    pub fn new(content: Content, lang: Lang, today: Date) -> App {
        App {
            content,
            lang,
            screen: Screen::Welcome,
            answers: Answers::new(),
            history: Vec::new(),
            cursor: 0,
            scroll: 0,
            follow_cursor: true,
            ticked: BTreeSet::new(),
            overlay: None,
            high_contrast: false,
            no_color: false,
            kiosk: None,
            today,
            drawn: Drawn::default(),
            notice: None,
            print_columns: None,
            printing: false,
            speech: Speech::default(),
            session: 0,
            counted: BTreeSet::new(),
            chosen: None,
            open_notes: BTreeSet::new(),
            changed_at: Duration::ZERO,
            qr_part: 0,
            filter: String::new(),
            hall: None,
            hall_side: None,
            route_kept: Mutex::new(None),
            flow_kept: Mutex::new(None),
            memos: Default::default(),
            effects: Vec::new(),
        }
    }

    pub fn with_kiosk(mut self, kiosk: Kiosk) -> App {
        self.kiosk = Some(kiosk);
        self.screen = Screen::Attract;
        self
    }

    pub fn ui(&self, key: &'static str) -> &str {
        self.content.ui(key, self.lang)
    }

    /// A UI string with a touch-screen variant for kiosks.
    pub fn ui_touch(&self, key: &'static str, touch: &'static str) -> &str {
        self.ui(if self.kiosk.is_some() { touch } else { key })
    }

    /// The state the current screen's body is made from (see `BodyState`).
    /// Every field is named, so that a new one must be placed here: in the
    /// state, or left out with the reason.
    pub(crate) fn body_state(&self) -> BodyState {
        let App {
            // Replaced only with `forget_route`, which forgets the bodies.
            content: _,
            lang,
            screen,
            answers,
            // The way back: the footer's, not the body's.
            history: _,
            // The selection (marked as the body is painted) and where
            // the body is scrolled to.
            cursor: _,
            scroll: _,
            follow_cursor: _,
            ticked,
            overlay,
            high_contrast,
            no_color,
            // Only whether there is one: its clock and keys are the loop's.
            kiosk,
            today,
            // The last frame, the loop's record.
            drawn: _,
            notice,
            print_columns,
            printing,
            session: _,
            counted: _,
            speech,
            chosen,
            open_notes,
            changed_at: _,
            qr_part,
            filter,
            hall,
            hall_side,
            route_kept: _,
            flow_kept: _,
            memos: _,
            effects: _,
        } = self;
        BodyState {
            screen: screen.clone(),
            lang: *lang,
            answers: answers.clone(),
            ticked: ticked.clone(),
            overlay: *overlay,
            high_contrast: *high_contrast,
            no_color: *no_color,
            kiosk: kiosk.is_some(),
            today: *today,
            notice: notice.clone(),
            print_columns: *print_columns,
            printing: *printing,
            speech: *speech,
            chosen: *chosen,
            open_notes: open_notes.clone(),
            qr_part: *qr_part,
            filter: filter.clone(),
            hall: hall.clone(),
            hall_side: *hall_side,
            grid_focus: self.grid().then(|| self.focus()),
        }
    }

    /// Whether `state` is what `body_state` would make of the app now:
    /// compared field by field, without making it (a key press compares
    /// on every frame and rarely finds a change).
    pub(crate) fn has_body_state(&self, state: &BodyState) -> bool {
        let BodyState {
            screen,
            lang,
            answers,
            ticked,
            overlay,
            high_contrast,
            no_color,
            kiosk,
            today,
            notice,
            print_columns,
            printing,
            speech,
            chosen,
            open_notes,
            qr_part,
            filter,
            hall,
            hall_side,
            grid_focus,
        } = state;
        *screen == self.screen
            && *lang == self.lang
            && *answers == self.answers
            && *ticked == self.ticked
            && *overlay == self.overlay
            && *high_contrast == self.high_contrast
            && *no_color == self.no_color
            && *kiosk == self.kiosk.is_some()
            && *today == self.today
            && *notice == self.notice
            && *print_columns == self.print_columns
            && *printing == self.printing
            && *speech == self.speech
            && *chosen == self.chosen
            && *open_notes == self.open_notes
            && *qr_part == self.qr_part
            && *filter == self.filter
            && *hall == self.hall
            && *hall_side == self.hall_side
            && *grid_focus == self.grid().then(|| self.focus())
    }

    /// The outcome for the answers, once every question that applies has one.
    pub fn resolved(&self) -> Option<Resolved> {
        self.route().map(|r| (*r).clone())
    }

    /// The same, shared: worked out once for the answers, the language and
    /// the day, then kept, since a key press asks for it several times
    /// (the rows, the pages, the strip of page names, the body).
    pub fn route(&self) -> Option<Arc<Resolved>> {
        let mut kept = self.route_kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = kept.as_ref()
            && k.answers == self.answers
            && k.lang == self.lang
            && k.today == self.today
            && k.hall_side == self.hall_side
        {
            return k.route.clone();
        }
        let route = match flow::next(&self.content, &self.answers) {
            Next::Done(o) => Some(Arc::new(super::kiosk::at_hall(
                self,
                flow::resolve(&self.content, o, &self.answers, self.lang, Some(self.today)),
            ))),
            _ => None,
        };
        *kept = Some(RouteKept {
            answers: self.answers.clone(),
            lang: self.lang,
            today: self.today,
            hall_side: self.hall_side,
            route: route.clone(),
            details: None,
        });
        route
    }

    /// The detail line of each of the route's materials on the checklist
    /// (form, copies, what it is needed for), in the route's order: made
    /// once per route, not on every frame.
    pub fn material_details(&self) -> Arc<Vec<String>> {
        let Some(r) = self.route() else {
            return Arc::default();
        };
        let mut kept = self.route_kept.lock().unwrap_or_else(|e| e.into_inner());
        let made = || {
            Arc::new(
                r.materials
                    .iter()
                    .map(|m| {
                        crate::export::material_in(&self.content, self.lang, "materials.detail", m)
                    })
                    .collect(),
            )
        };
        match kept.as_mut() {
            Some(k) => k.details.get_or_insert_with(made).clone(),
            None => made(),
        }
    }

    /// Forgets the route kept by `route`, what the flow made of the
    /// answers and what the view kept of earlier frames, after the
    /// content changed.
    pub fn forget_route(&mut self) {
        *self.route_kept.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        *self.flow_kept.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        self.memos.forget();
    }

    /// `f` with what the flow makes of the current answers, worked out
    /// once for them.
    fn with_flow<T>(&self, f: impl FnOnce(&mut FlowKept) -> T) -> T {
        let mut kept = self.flow_kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.as_ref().is_none_or(|k| k.answers != self.answers) {
            let path = flow::path(&self.content, &self.answers)
                .into_iter()
                .filter_map(|q| self.content.questions.iter().position(|x| x.id == q.id))
                .collect();
            *kept = Some(FlowKept {
                answers: self.answers.clone(),
                complete: flow::complete(&self.content, &self.answers),
                path,
                progress: None,
            });
        }
        f(kept.as_mut().expect("just set"))
    }

    /// The options of `q` to show for the answers (`flow::choices`).
    pub fn choices<'c>(&self, q: &'c crate::content::Question) -> Vec<&'c crate::content::Choice> {
        self.with_flow(|k| flow::offered(q, &k.complete))
    }

    /// The questions asked on the path for the answers (`flow::path`).
    pub fn path(&self) -> Vec<&crate::content::Question> {
        let path = self.with_flow(|k| k.path.clone());
        path.into_iter()
            .map(|i| &self.content.questions[i])
            .collect()
    }

    /// The outcome pages for the current answers, in order.
    pub fn pages(&self) -> Vec<Page> {
        let Some(r) = self.route() else {
            return Vec::new();
        };
        let mut p = vec![Page::Overview];
        if !r.steps.is_empty() {
            p.push(Page::Steps);
        }
        if !r.materials.is_empty() {
            p.push(Page::Materials);
        }
        if !r.notes.is_empty() {
            p.push(Page::Notes);
        }
        p.push(Page::Final);
        p
    }

    /// The rows of the current screen (see `screens`).
    pub fn row_list(&self) -> Vec<Row> {
        screens::rows(self)
    }

    /// How many selectable rows the current screen has.
    pub fn rows(&self) -> usize {
        self.row_list().len()
    }

    /// Whether Enter acts on the selected row (questions, the review, the
    /// final page) rather than reading on (the other result pages).
    pub fn enter_picks_row(&self) -> bool {
        !matches!(self.screen, Screen::Page(p) if p != Page::Final && p != Page::Notes)
    }

    /// The names of the route's materials not ticked yet: what is still to
    /// get ready.
    pub fn missing<'r>(&self, r: &'r flow::Resolved) -> Vec<&'r str> {
        r.materials
            .iter()
            .filter(|m| !self.ticked.contains(&m.id))
            .map(|m| m.name.as_str())
            .collect()
    }

    /// The rows of the final page: the QR code, then saving (laptop) or
    /// printing (kiosk with a printer), then starting again.
    pub fn final_actions(&self) -> Vec<Action> {
        screens::finish::actions(self)
    }

    /// Kiosk: how long the current page may stay untouched before the
    /// reset. Pages longer than the window get more time to read.
    pub fn idle_limit(&self) -> Option<Duration> {
        let k = self.kiosk.as_ref()?;
        let screens = u32::from(self.drawn.max_scroll) / u32::from(self.drawn.body_height.max(1));
        let screens = screens + u32::from(self.drawn.max_scroll > 0);
        Some(k.idle_after + (LONG_PAGE_EXTRA * screens).min(LONG_PAGE_EXTRA_MAX))
    }

    /// Whether there is a checklist to save here (laptop, result pages).
    pub fn can_save(&self) -> bool {
        self.kiosk.is_none() && matches!(self.screen, Screen::Page(_))
    }

    /// Whether a kiosk question is waiting for a tap on an option: the
    /// highlight shows only what was chosen.
    pub fn choosing(&self) -> bool {
        self.kiosk.is_some() && matches!(self.screen, Screen::Question(_) | Screen::Hall)
    }

    /// Whether the current question is shown as a grid: one with many
    /// options (the provinces), whatever its id.
    pub fn grid(&self) -> bool {
        // Asked several times a frame: the options counted, not listed.
        let Screen::Question(q) = &self.screen else {
            return false;
        };
        self.content
            .question(q)
            .is_some_and(|q| self.choices(q).len() > grid::MORE_THAN)
    }

    /// The grid's options still shown for the letters typed, by index:
    /// those whose keys start with them, and those that cannot be typed
    /// (on a row of their own) always.
    pub fn grid_shown(&self) -> Vec<usize> {
        let Screen::Question(q) = &self.screen else {
            return Vec::new();
        };
        let Some(q) = self.content.question(q) else {
            return Vec::new();
        };
        self.choices(q)
            .iter()
            .enumerate()
            .filter(|(_, o)| o.keys.is_empty() || o.keys.starts_with(&self.filter))
            .map(|(i, _)| i)
            .collect()
    }

    /// The grid as laid out for the options shown, at the width last drawn.
    pub fn grid_layout(&self, width: u16) -> grid::Layout {
        let Screen::Question(q) = &self.screen else {
            return grid::Layout::default();
        };
        let Some(q) = self.content.question(q) else {
            return grid::Layout::default();
        };
        let choices = self.choices(q);
        let items: Vec<grid::Item> = self
            .grid_shown()
            .into_iter()
            .map(|i| grid::Item {
                option: i,
                width: u16::try_from(crate::export::wrap::width(choices[i].label.get(self.lang)))
                    .unwrap_or(u16::MAX),
                wide: choices[i].keys.is_empty(),
            })
            .collect();
        grid::layout(&items, width)
    }

    /// Keys and moves on a grid question; false when the message is not
    /// one of them.
    fn grid_msg(&mut self, msg: &Msg) -> bool {
        let dir = match *msg {
            Msg::Up => grid::Dir::Up,
            Msg::Down => grid::Dir::Down,
            Msg::Left => grid::Dir::Left,
            Msg::Right => grid::Dir::Right,
            Msg::Letter(c) => {
                let mut f = self.filter.clone();
                f.push(c.to_ascii_lowercase());
                let before = std::mem::replace(&mut self.filter, f);
                if self.grid_shown().iter().all(|i| self.is_wide(*i)) {
                    // Nothing starts so: the letter is not taken.
                    let typed = self.filter.clone();
                    self.filter = before;
                    self.notice = Some(("grid.no_match", typed));
                } else {
                    self.filtered();
                }
                return true;
            }
            Msg::Erase => {
                self.filter.pop();
                self.filtered();
                return true;
            }
            Msg::ClearFilter => {
                self.filter.clear();
                self.filtered();
                return true;
            }
            _ => return false,
        };
        let l = self.grid_layout(self.drawn.grid_width);
        let from = self.focus();
        let to = match from {
            // On a kiosk with nothing chosen, a move starts at the first cell.
            None => l.cells.first().map(|c| c.option),
            Some(f) => grid::step(&l, f, dir),
        };
        match to {
            Some(to) => {
                self.cursor = to;
                if self.choosing() {
                    self.chosen = Some(to);
                }
                self.follow_cursor = true;
            }
            // Past the top or the bottom: read on above or below.
            None if matches!(dir, grid::Dir::Up) => self.scroll_by(-1),
            None if matches!(dir, grid::Dir::Down) => self.scroll_by(1),
            None => {}
        }
        true
    }

    fn is_wide(&self, i: usize) -> bool {
        let Screen::Question(q) = &self.screen else {
            return false;
        };
        self.content
            .question(q)
            .and_then(|q| self.choices(q).get(i).map(|o| o.keys.is_empty()))
            .unwrap_or(false)
    }

    /// After the letters changed: the highlight on the first option that
    /// fits (a kiosk keeps what was tapped if it is still shown).
    fn filtered(&mut self) {
        if self.notice.as_ref().is_some_and(|n| n.0 == "grid.no_match") {
            self.notice = None;
        }
        let shown = self.grid_shown();
        let first = shown
            .iter()
            .copied()
            .find(|i| !self.is_wide(*i))
            .or(shown.first().copied())
            .unwrap_or(0);
        if self.choosing() {
            if self.chosen.is_some_and(|c| !shown.contains(&c)) {
                self.chosen = None;
            }
            self.cursor = self.chosen.unwrap_or(first);
        } else {
            self.cursor = first;
        }
        self.scroll = 0;
        self.follow_cursor = true;
    }

    /// A frame was drawn: what it drew is kept for clicks and moves, and
    /// where it scrolled the body becomes the scroll, so that the next
    /// move starts from what the person saw.
    pub fn shown(&mut self, s: Shown) {
        self.drawn = s.drawn;
        self.scroll = s.scroll;
    }

    /// The highlighted row: the cursor, or on a kiosk question the option
    /// tapped (none at first).
    pub fn focus(&self) -> Option<usize> {
        if self.choosing() {
            self.chosen
        } else {
            Some(self.cursor)
        }
    }

    /// Kiosk, off the attract screen: how long the page may stay
    /// untouched, how long it has been, and how long before the end the
    /// countdown shows.
    fn idle_clock(&self, now: Duration) -> Option<(Duration, Duration, Duration)> {
        let k = self.kiosk.as_ref()?;
        if self.screen == Screen::Attract {
            return None;
        }
        Some((
            self.idle_limit()?,
            now.saturating_sub(k.last_input),
            k.warn_before,
        ))
    }

    /// Seconds left before a kiosk reset, once the warning is due.
    pub fn countdown(&self, now: Duration) -> Option<u64> {
        let (limit, idle, warn_before) = self.idle_clock(now)?;
        if idle + warn_before < limit {
            return None;
        }
        let left = limit.saturating_sub(idle);
        Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// How long until the screen changes with no one at it: the kiosk
    /// countdown appearing, its next second, the reset. `None`: nothing
    /// on this screen changes by itself.
    pub fn next_change(&self, now: Duration) -> Option<Duration> {
        let (limit, idle, warn_before) = self.idle_clock(now)?;
        let warn_at = limit.saturating_sub(warn_before);
        if idle < warn_at {
            return Some(warn_at - idle);
        }
        let left = limit.saturating_sub(idle);
        if left.is_zero() {
            return Some(Duration::ZERO);
        }
        // The countdown shows whole seconds, rounded up: the next one
        // comes when `left` passes the whole second below it.
        let part = Duration::from_nanos(u64::from(left.subsec_nanos()));
        Some(if part.is_zero() {
            Duration::from_secs(1)
        } else {
            part
        })
    }

    /// Whether a tap now would come too soon after a page change (kiosk).
    pub fn too_soon(&self, now: Duration) -> bool {
        self.kiosk.is_some() && now.saturating_sub(self.changed_at) < DEBOUNCE
    }

    /// Handles one message; returns what the loop is to do about it, in
    /// order (a save before the quit that follows it).
    pub fn update(&mut self, msg: Msg, now: Duration) -> Vec<Effect> {
        self.handle(msg, now);
        std::mem::take(&mut self.effects)
    }

    fn handle(&mut self, msg: Msg, now: Duration) {
        match msg {
            Msg::Printed { session, result } => return self.printed(session, result),
            Msg::Saved(result) => {
                self.notice = Some(match result {
                    Ok(path) => ("final.saved", path),
                    Err(e) => ("final.save_failed", e),
                });
                return;
            }
            Msg::Spoken(result) => return self.spoken(result),
            _ => {}
        }
        // Any key or tap stops the reading; the read-aloud key itself
        // then does nothing more.
        if msg.is_input() && self.speech.speaking {
            self.stop_speech();
            if msg == Msg::Speak {
                return;
            }
        }
        if msg == Msg::Speak && self.speech.available(self.lang) {
            self.speech.speaking = true;
            self.effects.push(Effect::Speak {
                lang: self.lang,
                text: super::speak::text(self),
            });
            if let Some(k) = &mut self.kiosk {
                k.last_input = now;
            }
            return;
        }
        // A new QR code counts as a new page: a double tap shows the next
        // code, not the one after. So does a material ticked or a note
        // opened: a double tap on it must not undo it at once.
        let state = |a: &App| {
            (
                a.screen.clone(),
                a.overlay,
                a.qr_part,
                a.ticked.len(),
                a.open_notes.len(),
            )
        };
        let before = state(self);
        self.apply(msg, now);
        if state(self) != before {
            self.changed_at = now;
        }
    }

    fn apply(&mut self, msg: Msg, now: Duration) {
        let limit = self.idle_limit();
        if let (Some(k), Some(limit)) = (&mut self.kiosk, limit) {
            if msg.is_input() {
                let was_warning = now.saturating_sub(k.last_input) + k.warn_before >= limit;
                k.last_input = now;
                if was_warning && self.screen != Screen::Attract {
                    // The touch that cancels the countdown does nothing else.
                    return;
                }
            } else if now.saturating_sub(k.last_input) >= limit && self.screen != Screen::Attract {
                self.reset();
                return;
            }
        }
        if !msg.is_input() {
            return;
        }
        if self.screen == Screen::Attract {
            self.screen = Screen::Welcome;
            self.cursor = 0;
            return;
        }
        if self.drawn.too_small {
            // Nothing else can be seen: only quitting works (not on a kiosk).
            if matches!(msg, Msg::Quit | Msg::ForceQuit) && self.kiosk.is_none() {
                self.effects.push(Effect::Quit(Exit::Quit));
            }
            return;
        }
        if msg == Msg::ForceQuit && self.kiosk.is_none() {
            // Ctrl-C quits from anywhere, an open box included.
            self.effects.push(Effect::Quit(Exit::Quit));
            return;
        }
        if self.overlay == Some(Overlay::Qr) && self.drawn.qr_parts > 1 {
            self.qr_codes(msg);
            return;
        }
        if let Some(o) = self.overlay {
            self.overlay = None;
            match (o, msg) {
                (Overlay::ConfirmQuit, Msg::Yes) => self.effects.push(Effect::Quit(Exit::Quit)),
                // Save, then quit: the loop writes the file first.
                (Overlay::ConfirmQuit, Msg::Save) if self.can_save() => {
                    self.effects.push(Effect::Save);
                    self.effects.push(Effect::Quit(Exit::Quit));
                }
                (Overlay::ConfirmRestart, Msg::Yes | Msg::Home) => self.start_again(),
                _ => {}
            }
            return;
        }
        if self.grid() && self.grid_msg(&msg) {
            return;
        }
        if self.choosing() {
            match msg {
                Msg::Up | Msg::Down => {
                    let n = self.rows();
                    let to = match (self.chosen, msg) {
                        (None, _) => 0,
                        (Some(i), Msg::Up) => i.saturating_sub(1),
                        (Some(i), _) => (i + 1).min(n.saturating_sub(1)),
                    };
                    self.chosen = Some(to);
                    self.cursor = to;
                    self.follow_cursor = true;
                    return;
                }
                Msg::Tap(ref a) if let Some(i) = self.row_of(a) => {
                    // A tap marks the option; 确定 answers.
                    self.chosen = Some(i);
                    self.cursor = i;
                    self.follow_cursor = true;
                    self.notice = None;
                    return;
                }
                Msg::Enter => {
                    match self.chosen {
                        Some(i) => self.pick(i),
                        None => self.notice = Some(("kiosk.choose_first", String::new())),
                    }
                    return;
                }
                _ => {}
            }
        }
        match msg {
            Msg::Up => self.move_cursor(-1),
            Msg::Down => self.move_cursor(1),
            Msg::Enter => {
                if self.enter_picks_row() && self.selection_unseen() {
                    // The selected row was scrolled away: bring it back first.
                    self.follow_cursor = true;
                } else if self.scroll < self.drawn.max_scroll && !self.enter_picks_row() {
                    // Like a pager: read the rest of the page before the next.
                    self.scroll_by(i32::from(self.drawn.body_height.max(2) - 1));
                } else if self.enter_picks_row() {
                    self.pick(self.cursor);
                } else {
                    self.next_page();
                }
            }
            Msg::Pick(i) => self.pick(i),
            Msg::Tap(a) => match self.row_of(&a) {
                Some(i) => self.pick(i),
                // The answers in the side panel.
                None if matches!(a, Action::Edit(_)) => self.act(a),
                None => {}
            },
            // Not on a material scrolled out of sight: that one shows first.
            Msg::Tick if self.selection_unseen() => self.follow_cursor = true,
            Msg::Tick => {
                if let Some(a @ Action::Tick(_)) = self.action_at(self.cursor) {
                    self.act(a);
                }
            }
            Msg::Back => self.back(),
            Msg::Home => {
                if self.answers.is_empty() {
                    self.start_again();
                } else {
                    self.overlay = Some(Overlay::ConfirmRestart);
                }
            }
            Msg::End => {
                if self.rows() > 0 {
                    self.cursor = self.rows() - 1;
                    self.follow_cursor = true;
                } else {
                    self.scroll_by(i32::from(u16::MAX));
                }
            }
            Msg::Save => {
                if self.can_save() {
                    self.effects.push(Effect::Save);
                }
            }
            Msg::Section(p) => {
                if matches!(self.screen, Screen::Page(_))
                    && self.pages().contains(&p)
                    && self.screen != Screen::Page(p)
                {
                    self.go(Screen::Page(p));
                }
            }
            // Elsewhere the right arrow confirms, as Enter does.
            Msg::NextPage if !matches!(self.screen, Screen::Page(_)) => self.apply(Msg::Enter, now),
            Msg::NextPage => self.next_page(),
            Msg::Review => {
                if matches!(self.screen, Screen::Page(_)) {
                    self.go(Screen::Review);
                }
            }
            Msg::Help => self.overlay = Some(Overlay::Help),
            Msg::Lang => self.lang = self.lang.other(),
            Msg::Quit => {
                if self.kiosk.is_none() {
                    if self.answers.is_empty() {
                        self.effects.push(Effect::Quit(Exit::Quit));
                    } else {
                        self.overlay = Some(Overlay::ConfirmQuit);
                    }
                }
            }
            Msg::ForceQuit => {
                if self.kiosk.is_none() {
                    self.effects.push(Effect::Quit(Exit::Quit));
                }
            }
            Msg::ScrollUp => self.scroll_by(-1),
            Msg::ScrollDown => self.scroll_by(1),
            Msg::PageUp => self.scroll_by(-i32::from(self.drawn.body_height.max(2) - 1)),
            Msg::PageDown => self.scroll_by(i32::from(self.drawn.body_height.max(2) - 1)),
            // Away from a grid, the arrows sideways go back and on.
            Msg::Left => self.back(),
            Msg::Right => self.apply(Msg::NextPage, now),
            Msg::Yes
            | Msg::No
            | Msg::Speak
            | Msg::Letter(_)
            | Msg::Erase
            | Msg::ClearFilter
            | Msg::Activity
            | Msg::Idle
            | Msg::Printed { .. }
            | Msg::Saved(_)
            | Msg::Spoken(_) => {}
        }
    }

    /// The checklist in several QR codes: the person moves between them
    /// and leaves with Back; a stray tap on a code does nothing.
    fn qr_codes(&mut self, msg: Msg) {
        let last = self.drawn.qr_parts - 1;
        match msg {
            Msg::Down | Msg::PageDown | Msg::ScrollDown | Msg::NextPage | Msg::Enter => {
                self.qr_part = (self.qr_part + 1).min(last);
            }
            Msg::Up | Msg::PageUp | Msg::ScrollUp => {
                self.qr_part = self.qr_part.min(last).saturating_sub(1);
            }
            Msg::Back | Msg::Home | Msg::Quit | Msg::No => self.overlay = None,
            _ => {}
        }
    }

    fn scroll_by(&mut self, d: i32) {
        let s = (i32::from(self.scroll) + d).clamp(0, i32::from(self.drawn.max_scroll));
        self.scroll = s as u16;
        self.follow_cursor = false;
    }

    /// The person scrolled the selected row out of sight: the last frame
    /// showed the page without it (rows only count as hidden once a frame
    /// has been drawn). Keys that act on it show it first.
    fn selection_unseen(&self) -> bool {
        !self.follow_cursor
            && self.rows() > 0
            && !self.drawn.hits.is_empty()
            && !self.drawn.shows(self.cursor)
    }

    fn move_cursor(&mut self, d: isize) {
        let n = self.rows();
        if n == 0 {
            // Text pages: the arrows scroll.
            self.scroll_by(d as i32);
            return;
        }
        if self.selection_unseen() {
            // The person scrolled away from the selected row: the
            // selection comes to what they are reading (Down at its top,
            // Up at its bottom) instead of the view going back to it.
            // With no row on screen the arrows read on.
            let seen = if d > 0 {
                self.drawn.in_view.first()
            } else {
                self.drawn.in_view.last()
            };
            match seen {
                Some(&row) => {
                    self.cursor = row.min(n - 1);
                    self.follow_cursor = true;
                }
                None => self.scroll_by(d as i32),
            }
            return;
        }
        let to = (self.cursor as isize + d).clamp(0, n as isize - 1) as usize;
        if to == self.cursor {
            // Past the first or last row: read on above or below it (even
            // once that row has scrolled out of view).
            self.scroll_by(d as i32);
            return;
        }
        self.cursor = to;
        self.follow_cursor = true;
    }

    fn go(&mut self, to: Screen) {
        let from = std::mem::replace(&mut self.screen, to);
        self.history.push(from);
        self.enter_screen();
    }

    /// Asks the loop to stop reading aloud.
    fn stop_speech(&mut self) {
        if self.speech.speaking {
            self.effects.push(Effect::StopSpeaking);
        }
        self.speech.speaking = false;
    }

    /// The reading ended: by itself, or with the command failing, which
    /// is said once and turns reading off for good.
    fn spoken(&mut self, result: Result<(), String>) {
        if let Err(e) = result {
            self.speech.failed = true;
            self.speech.speaking = false;
            self.notice = Some(("speak.failed", e));
        } else {
            self.speech.speaking = false;
        }
    }

    fn enter_screen(&mut self) {
        // A new screen stops the reading of the last one.
        self.stop_speech();
        self.notice = None;
        self.filter.clear();
        self.scroll = 0;
        self.follow_cursor = true;
        // On a question, the row of the answer given.
        let given = match &self.screen {
            Screen::Question(q) => self.answers.get(q).cloned().map(Action::Answer),
            _ => None,
        };
        self.cursor = given.and_then(|a| self.row_of(&a)).unwrap_or(0);
        // On a kiosk only an answer already given shows as chosen, or the
        // hall's province for the side of the move the person named.
        self.chosen = match &self.screen {
            Screen::Question(q) => self
                .answers
                .contains_key(q)
                .then_some(self.cursor)
                .or_else(|| self.hall_preset(q)),
            Screen::Hall => self.hall_side.and_then(|s| self.row_of(&Action::Side(s))),
            _ => None,
        };
        if let Some(c) = self.chosen {
            self.cursor = c;
        }
        if self.screen == Screen::Page(Page::Overview)
            && self.kiosk.is_some()
            && let Next::Done(o) = flow::next(&self.content, &self.answers)
            && self.counted.insert(o.id.clone())
        {
            self.effects.push(Effect::CountOutcome(o.id.clone()));
        }
    }

    /// Kiosk: the option of question `q` the hall presets, when it is the
    /// province question for the side of the move the person named.
    fn hall_preset(&self, q: &str) -> Option<usize> {
        let (hall, side) = (self.hall.as_ref()?, self.hall_side?);
        if side.question()? != q || self.screen != Screen::Question(q.to_owned()) {
            return None;
        }
        self.row_of(&Action::Answer(hall.province.clone()))
    }

    /// Kiosk with a hall: whether the person is moving away from or to the
    /// hall's province on this side, as far as their answers say (a
    /// province answered otherwise means not).
    pub fn at_hall(&self, place: &str) -> bool {
        let (Some(hall), Some(side)) = (&self.hall, self.hall_side) else {
            return false;
        };
        if self.kiosk.is_none() || !side.at_hall(place) {
            return false;
        }
        side.question()
            .and_then(|q| self.answers.get(q))
            .is_none_or(|a| *a == hall.province || a == "unknown")
    }

    /// A hall string with its name and province filled in.
    pub fn hall_text(&self, key: &'static str) -> String {
        let Some(h) = &self.hall else {
            return String::new();
        };
        let province = self
            .content
            .question("from_province")
            .and_then(|q| q.option(&h.province))
            .map_or(h.province.as_str(), |o| o.label.get(self.lang));
        self.ui(key)
            .replace("{name}", h.name.get(self.lang))
            .replace("{province}", province)
    }

    /// The hall screen: its question, its options, its help.
    pub fn hall_texts(&self) -> (String, Vec<String>, String) {
        (
            self.hall_text("hall.question"),
            ["hall.away", "hall.here", "hall.neither"]
                .into_iter()
                .map(|k| self.hall_text(k))
                .collect(),
            self.hall_text("hall.help"),
        )
    }

    /// Whether the option marked is the hall's preset, not yet confirmed.
    pub fn hall_preset_shown(&self) -> bool {
        let Screen::Question(q) = &self.screen else {
            return false;
        };
        self.kiosk.is_some()
            && !self.answers.contains_key(q)
            && self.chosen.is_some()
            && self.chosen == self.hall_preset(q)
    }

    /// Whether a screen from history still makes sense for the answers.
    fn still_valid(&self, s: &Screen) -> bool {
        match s {
            Screen::Question(q) => flow::path(&self.content, &self.answers)
                .iter()
                .any(|x| &x.id == q),
            Screen::Page(p) => self.pages().contains(p),
            Screen::Review => matches!(flow::next(&self.content, &self.answers), Next::Done(_)),
            Screen::Attract => false,
            Screen::Welcome => true,
            Screen::Hall => self.hall.is_some(),
        }
    }

    fn back(&mut self) {
        while let Some(s) = self.history.pop() {
            if self.still_valid(&s) {
                // Come back to the row one left from.
                let prev = std::mem::replace(&mut self.screen, s);
                self.enter_screen();
                if self.screen == Screen::Review
                    && let Screen::Question(q) = prev
                {
                    self.cursor = self.row_of(&Action::Edit(q)).unwrap_or(0);
                }
                return;
            }
        }
    }

    /// Clears the answers and goes back to the welcome screen.
    fn start_again(&mut self) {
        // A new session: a receipt still printing is the last one's, and
        // its result is not shown to this one.
        self.session += 1;
        self.counted.clear();
        self.printing = false;
        self.answers.clear();
        self.hall_side = None;
        self.ticked.clear();
        self.open_notes.clear();
        self.history.clear();
        self.overlay = None;
        self.screen = Screen::Welcome;
        self.enter_screen();
    }

    /// Kiosk: wipes everything the last person did; returns what the
    /// loop is to do (wipe the screen, stop reading).
    pub fn reset_for_next_person(&mut self) -> Vec<Effect> {
        self.reset();
        std::mem::take(&mut self.effects)
    }

    fn reset(&mut self) {
        self.start_again();
        self.screen = Screen::Attract;
        self.lang = Lang::Zh;
        self.effects.push(Effect::WipeScreen);
        self.stop_speech();
        if let Some(k) = &mut self.kiosk {
            k.recent_keys.clear();
        }
    }

    /// A receipt sent for `session` was printed or failed: said on screen
    /// only to the session that asked, and only once.
    fn printed(&mut self, session: u64, result: Result<(), String>) {
        if session != self.session || !self.printing {
            return;
        }
        self.printing = false;
        self.notice = Some(match result {
            Ok(()) => ("print.done", String::new()),
            Err(e) => {
                // The person gets a plain sentence; the detail is for staff.
                super::kiosk::log(&format!("printing failed: {e}"));
                ("print.failed", String::new())
            }
        });
    }

    fn toggle(set: &mut BTreeSet<String>, id: String) {
        if !set.remove(&id) {
            set.insert(id);
        }
    }

    /// After an answer: the next question, or the review.
    fn continue_flow(&mut self) {
        match flow::next(&self.content, &self.answers) {
            Next::Ask(q) => {
                let id = q.id.clone();
                self.go(Screen::Question(id));
            }
            _ => {
                // Ticks on materials still in the checklist are kept.
                if let Some(r) = self.route() {
                    self.ticked
                        .retain(|t| r.materials.iter().any(|m| &m.id == t));
                }
                self.go(Screen::Review);
            }
        }
    }

    /// Where the row that does `a` is on this screen.
    fn row_of(&self, a: &Action) -> Option<usize> {
        self.row_list().iter().position(|r| r.action == *a)
    }

    fn action_at(&self, row: usize) -> Option<Action> {
        self.row_list().into_iter().nth(row).map(|r| r.action)
    }

    /// Row `row` is chosen: it gets the highlight and its action is done.
    fn pick(&mut self, row: usize) {
        if let Some(a) = self.action_at(row) {
            self.cursor = row;
            self.follow_cursor = true;
            self.act(a);
        }
    }

    /// What a row does, whichever way it was chosen.
    fn act(&mut self, action: Action) {
        match action {
            Action::Start if self.kiosk.is_some() && self.hall.is_some() => self.go(Screen::Hall),
            Action::Start => self.continue_flow(),
            Action::Lang => self.lang = self.lang.other(),
            Action::Side(s) => {
                self.hall_side = Some(s);
                self.continue_flow();
            }
            Action::Answer(opt) => {
                let Screen::Question(q) = self.screen.clone() else {
                    return;
                };
                let before = self.answers.clone();
                self.answers = flow::answer(&self.content, &self.answers, &q, &opt);
                let dropped = before
                    .keys()
                    .filter(|k| !self.answers.contains_key(*k))
                    .count();
                self.continue_flow();
                if dropped > 0 {
                    self.notice = Some(("review.dropped", dropped.to_string()));
                }
            }
            Action::Confirm => {
                if matches!(flow::next(&self.content, &self.answers), Next::Done(_)) {
                    self.go(Screen::Page(Page::Overview));
                } else {
                    self.continue_flow();
                }
            }
            Action::Edit(q) => {
                // Only a question answered on the way here.
                if self.answers.contains_key(&q) && self.path().iter().any(|x| x.id == q) {
                    self.go(Screen::Question(q));
                }
            }
            Action::Tick(m) => Self::toggle(&mut self.ticked, m),
            Action::OpenNote(n) => Self::toggle(&mut self.open_notes, n),
            Action::Qr => {
                self.qr_part = 0;
                self.overlay = Some(Overlay::Qr);
            }
            Action::Save => self.effects.push(Effect::Save),
            // A second tap while a receipt prints sends nothing more.
            Action::Print if !self.printing => {
                self.printing = true;
                self.effects.push(Effect::Print);
                self.notice = Some(("print.sending", String::new()));
            }
            Action::Print => {}
            // One tap never wipes the answers: the box asks first, as the
            // footer's button does.
            Action::Restart => self.overlay = Some(Overlay::ConfirmRestart),
        }
    }

    fn next_page(&mut self) {
        let Screen::Page(p) = self.screen else { return };
        let pages = self.pages();
        if let Some(i) = pages.iter().position(|x| *x == p)
            && let Some(n) = pages.get(i + 1)
        {
            self.go(Screen::Page(*n));
        }
    }

    /// "第 n 步，共 m 步" for questions, "第 n 页，共 m 页" for the outcome.
    pub fn progress(&self) -> Option<(usize, usize, &'static str)> {
        match &self.screen {
            Screen::Question(q) => {
                let (n, most) = self.with_flow(|k| match &k.progress {
                    Some((at, p)) if at == q => *p,
                    _ => {
                        let p = flow::progress(&self.content, &self.answers, q);
                        k.progress = Some((q.clone(), p));
                        p
                    }
                })?;
                Some((n, most, "progress.question"))
            }
            Screen::Page(p) => {
                let pages = self.pages();
                Some((
                    pages.iter().position(|x| x == p)? + 1,
                    pages.len(),
                    "progress.page",
                ))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kiosk_app() -> App {
        let content = crate::load::load_embedded().expect("the built-in content");
        crate::tui::app_for(content, Lang::Zh).with_kiosk(Kiosk::new(MIN_IDLE, Vec::new()))
    }

    #[test]
    fn the_loop_sleeps_until_the_countdown_and_wakes_for_each_of_its_seconds() {
        let s = Duration::from_secs;
        let mut app = kiosk_app();
        // Nothing changes by itself on the attract screen.
        assert_eq!(app.next_change(s(500)), None);
        app.update(Msg::Enter, s(10));
        assert_eq!(app.screen, Screen::Welcome);
        // The countdown shows 30 s before the 60 s are up.
        assert_eq!(app.next_change(s(10)), Some(s(30)));
        assert_eq!(app.countdown(s(40) - Duration::from_nanos(1)), None);
        // Waking mid-second: the next whole second.
        assert_eq!(
            app.next_change(s(40) + Duration::from_millis(250)),
            Some(Duration::from_millis(750))
        );
        // Woken at each change from the first, the countdown shows every
        // number once, and the wake after the last one is the reset.
        let mut t = s(40);
        let mut shown = Vec::new();
        while let Some(n) = app.countdown(t).filter(|_| t < s(70)) {
            shown.push(n);
            t += app.next_change(t).unwrap();
        }
        assert_eq!(shown, (1..=30).rev().collect::<Vec<u64>>());
        assert_eq!(t, s(70));
        assert_eq!(app.next_change(t), Some(Duration::ZERO));
        app.update(Msg::Idle, t);
        assert_eq!(app.screen, Screen::Attract);
        assert_eq!(app.next_change(t), None);
        // Off a kiosk nothing changes by itself.
        let content = crate::load::load_embedded().unwrap();
        let laptop = crate::tui::app_for(content, Lang::Zh);
        assert_eq!(laptop.next_change(s(1000)), None);
    }

    #[test]
    fn a_body_is_made_again_after_any_change_it_shows_and_only_then() {
        let content = crate::load::load_embedded().unwrap();
        let mut app = crate::tui::app_for(content, Lang::Zh);
        // Each step changes something the body shows.
        let steps: Vec<fn(&mut App)> = vec![
            |a| a.screen = Screen::Question("insurance".into()),
            |a| {
                a.answers.insert("insurance".into(), "employee".into());
            },
            |a| a.lang = Lang::En,
            |a| {
                a.ticked.insert("id-card".into());
            },
            |a| a.notice = Some(("notice.saved", "x".into())),
            |a| a.overlay = Some(Overlay::Help),
            |a| a.high_contrast = true,
            |a| {
                a.open_notes.insert("n".into());
            },
            |a| a.filter.push('g'),
            |a| a.printing = true,
            |a| a.qr_part = 1,
        ];
        for step in steps {
            let before = app.body_state();
            assert!(app.has_body_state(&before));
            // Moving the selection is not a change the body shows.
            app.cursor += 1;
            assert!(app.has_body_state(&before));
            step(&mut app);
            assert!(!app.has_body_state(&before), "{before:?}");
            assert!(app.has_body_state(&app.body_state()));
        }
    }
}

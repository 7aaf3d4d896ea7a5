//! The flow explored without walking every path.
//!
//! Two paths that reach the same question with the same answers to every
//! question a later condition looks at go on alike: the same questions
//! follow and the same outcome is found at the end. So a walk state is the
//! index of the next question plus the answers restricted to the questions
//! that the conditions still to be evaluated can see (the `ask_if` of the
//! questions from there on, and every condition evaluated at the end:
//! outcomes' and materials' `when`). Each state is explored once and
//! remembered; paths are counted, not visited. A question that no condition
//! looks at multiplies the paths but adds no state.
//!
//! The walk asks questions in content order, which is what [`super::next`]
//! does because an `ask_if` may only look at questions before its own (the
//! file checks enforce it), so a question passed over is never asked later.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::content::{Condition, Content, Sym};

/// What exploring the flow found. Question, option and outcome numbers are
/// indices into `content.questions`, a question's `options`, and
/// `content.outcomes`.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// How many complete paths there are, saturating at `u128::MAX`.
    pub paths: u128,
    /// `lengths[k]`: how many paths ask `k` questions (saturating).
    pub lengths: Vec<u128>,
    /// Whether each question is asked on some path.
    pub asked: Vec<bool>,
    /// Whether each outcome is found (alone or not) on some path.
    pub reached: Vec<bool>,
    /// One example path (question, option) for each distinct set of
    /// answers that conditions can see and that matches no outcome.
    pub dead_ends: Vec<Path>,
    /// Each distinct set of outcomes (two or more) that match the same
    /// answers, with one example path.
    pub ambiguous: Vec<(Vec<usize>, Path)>,
    /// Every distinct move: from the start (`None`) or a question's option,
    /// to the next question or an end.
    pub edges: BTreeSet<(Option<(usize, usize)>, To)>,
    /// How many states were explored.
    pub states: usize,
    /// For each question, whether a condition evaluated at the end of a
    /// path looks at it (so its answer matters to the result).
    pub seen_at_end: Vec<bool>,
}

/// The answers of a path in the order asked: (question, option).
pub type Path = Vec<(usize, usize)>;

/// Where a move leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum To {
    Question(usize),
    Outcome(usize),
    /// No outcome, or more than one.
    Dead,
}

/// The flow needs more than [`MAX_WORK`] to explore: too many combinations
/// of answers that conditions look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// The question being explored when the limit was reached.
    pub question: usize,
    /// The questions that conditions look at, by id, in content order.
    pub looked_at: Vec<String>,
}

impl Survey {
    /// The median and the largest number of questions a path asks; the
    /// median is the lower one of the two middle paths when the count is
    /// even. `None` when there are no paths.
    pub fn questions_per_path(&self) -> Option<(usize, usize)> {
        let max = self.lengths.iter().rposition(|&n| n > 0)?;
        // The path at position (paths - 1) / 2 in order of length.
        let middle = (self.paths - 1) / 2;
        let mut seen: u128 = 0;
        for (k, &n) in self.lengths.iter().enumerate() {
            seen = seen.saturating_add(n);
            if seen > middle {
                return Some((k, max));
            }
        }
        Some((max, max))
    }
}

/// A condition with questions and options as indices, for fast
/// evaluation. `Is(q, opts)`: question `q` has one of the options `opts`.
#[derive(Debug, Clone)]
pub(super) enum Cond {
    Is(usize, Vec<u32>),
    /// Looks at a question or option that does not exist (content built by
    /// hand): never holds, as no answer can match it.
    Never,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// The answer to a question while walking, as an option index.
pub(super) const NONE: u32 = u32::MAX;

impl Cond {
    pub(super) fn compile(content: &Content, c: &Condition) -> Cond {
        let is = |q: &str, vs: &mut dyn Iterator<Item = &Sym>| {
            let Some(qi) = content.questions.iter().position(|x| x.id == q) else {
                return Cond::Never;
            };
            let options = &content.questions[qi].options;
            let opts = vs
                .filter_map(|v| options.iter().position(|o| o.id == v.as_str()))
                .map(|i| i as u32)
                .collect();
            Cond::Is(qi, opts)
        };
        match c {
            Condition::Equals(pairs) => Cond::All(
                pairs
                    .iter()
                    .map(|(q, v)| is(q, &mut std::iter::once(v)))
                    .collect(),
            ),
            Condition::In(sets) => {
                Cond::All(sets.iter().map(|(q, vs)| is(q, &mut vs.iter())).collect())
            }
            Condition::All(cs) => Cond::All(cs.iter().map(|c| Cond::compile(content, c)).collect()),
            Condition::Any(cs) => Cond::Any(cs.iter().map(|c| Cond::compile(content, c)).collect()),
            Condition::Not(c) => Cond::Not(Box::new(Cond::compile(content, c))),
        }
    }

    /// Whether it holds for these answers (`NONE`: not answered).
    pub(super) fn holds(&self, answers: &[u32]) -> bool {
        match self {
            Cond::Is(q, opts) => answers[*q] != NONE && opts.contains(&answers[*q]),
            Cond::Never => false,
            Cond::All(cs) => cs.iter().all(|c| c.holds(answers)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(answers)),
            Cond::Not(c) => !c.holds(answers),
        }
    }

    /// The questions it looks at.
    fn questions(&self, out: &mut Vec<bool>) {
        match self {
            Cond::Is(q, _) => out[*q] = true,
            Cond::Never => {}
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.questions(out)),
            Cond::Not(c) => c.questions(out),
        }
    }

    /// The options of question `q` it names.
    fn mentions(&self, q: usize, out: &mut Vec<u32>) {
        match self {
            Cond::Is(x, opts) if *x == q => out.extend(opts),
            Cond::Is(..) | Cond::Never => {}
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.mentions(q, out)),
            Cond::Not(c) => c.mentions(q, out),
        }
    }

    /// The condition while question `q` is being answered with `at`
    /// (`NONE`: an option it does not name): `Some` when that and the
    /// answers before `q` decide it, `None` when it depends on questions
    /// after `q`. A question before `q` with no answer was passed over and
    /// stays unanswered.
    fn settled(&self, answers: &[u32], q: usize, at: u32) -> Option<bool> {
        match self {
            Cond::Is(x, opts) => {
                let a = if *x == q { at } else { answers[*x] };
                if *x > q && a == NONE {
                    None
                } else {
                    Some(a != NONE && opts.contains(&a))
                }
            }
            Cond::Never => Some(false),
            Cond::All(cs) => and(cs.iter().map(|c| c.settled(answers, q, at))),
            Cond::Any(cs) => {
                and(cs.iter().map(|c| c.settled(answers, q, at).map(|b| !b))).map(|b| !b)
            }
            Cond::Not(c) => c.settled(answers, q, at).map(|b| !b),
        }
    }
}

/// Three-valued "and": false if any part is false, true if all are true,
/// open otherwise.
fn and(parts: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut open = false;
    for p in parts {
        match p {
            Some(false) => return Some(false),
            None => open = true,
            Some(true) => {}
        }
    }
    if open { None } else { Some(true) }
}

/// Every condition evaluated once a path is complete, whatever the
/// outcome: the outcomes' `when` and those of the blocks they use (texts,
/// checks, steps, materials, notes). The one place that lists them, so a
/// new kind of condition in the model is added here.
pub fn end_conditions(content: &Content) -> Vec<&Condition> {
    let outcomes = content.outcomes.iter().map(|o| &o.when);
    let texts = content.texts.values().filter_map(|b| b.when.as_ref());
    let checks = content.checks.values().filter_map(|b| b.when.as_ref());
    let steps = content.steps.values().filter_map(|b| b.when.as_ref());
    let materials = content.materials.values().filter_map(|m| m.when.as_ref());
    let notes = content.notes.values().filter_map(|n| n.when.as_ref());
    outcomes
        .chain(texts)
        .chain(checks)
        .chain(steps)
        .chain(materials)
        .chain(notes)
        .collect()
}

/// The conditions of one question, evaluated when the walk reaches it.
struct Asking {
    ask_if: Option<Cond>,
    /// `assume` rules: when one holds, this option without asking.
    assume: Vec<(Cond, u32)>,
    /// Each option's `when`: offered only when it holds.
    offered_if: Vec<Option<Cond>>,
}

impl Asking {
    fn conditions(&self) -> impl Iterator<Item = &Cond> {
        let assume = self.assume.iter().map(|(c, _)| c);
        let options = self.offered_if.iter().flatten();
        self.ask_if.iter().chain(assume).chain(options)
    }
}

/// The content with its conditions compiled, and what each state must
/// remember.
pub(super) struct Flow<'c> {
    pub(super) content: &'c Content,
    questions: Vec<Asking>,
    pub(super) outcomes: Vec<Cond>,
    /// For each question index (and one past the last), the questions a
    /// condition still to be evaluated from there on looks at.
    visible: Vec<Vec<usize>>,
    /// Bits to hold each question's answer (option + 1, or 0).
    bits: Vec<u32>,
    /// For each entry of `visible`, whether its answers fit in 128 bits.
    packed: Vec<bool>,
    seen_at_end: Vec<bool>,
}

impl<'c> Flow<'c> {
    pub(super) fn new(content: &'c Content) -> Flow<'c> {
        let n = content.questions.len();
        let compile = |c: &Condition| Cond::compile(content, c);
        let questions: Vec<Asking> = content
            .questions
            .iter()
            .map(|q| Asking {
                ask_if: q.ask_if.as_ref().map(compile),
                assume: q
                    .assume
                    .iter()
                    .filter_map(|(c, o)| {
                        let o = q.options.iter().position(|x| x.id == *o)?;
                        Some((compile(c), o as u32))
                    })
                    .collect(),
                offered_if: q
                    .options
                    .iter()
                    .map(|o| o.when.as_ref().map(compile))
                    .collect(),
            })
            .collect();
        let outcomes = content.outcomes.iter().map(|o| compile(&o.when)).collect();
        let mut seen = vec![false; n];
        for c in end_conditions(content) {
            compile(c).questions(&mut seen);
        }
        let seen_at_end = seen.clone();
        let mut visible = vec![Vec::new(); n + 1];
        for i in (0..=n).rev() {
            if let Some(q) = questions.get(i) {
                q.conditions().for_each(|c| c.questions(&mut seen));
            }
            visible[i] = (0..n).filter(|&q| seen[q]).collect();
        }
        let bits: Vec<u32> = content
            .questions
            .iter()
            .map(|q| u32::BITS - (q.options.len() as u32).leading_zeros())
            .collect();
        let packed = visible
            .iter()
            .map(|v| v.iter().map(|&q| bits[q]).sum::<u32>() <= 128)
            .collect();
        Flow {
            content,
            questions,
            outcomes,
            visible,
            bits,
            packed,
            seen_at_end,
        }
    }

    fn len(&self) -> usize {
        self.questions.len()
    }

    /// From question `from` on, passes over the questions not asked and
    /// gives those an `assume` rule decides their answer (noted in
    /// `assumed`, to take back later); returns the first question to ask,
    /// or the number of questions at the end.
    pub(super) fn advance(
        &self,
        from: usize,
        answers: &mut [u32],
        assumed: &mut Vec<usize>,
    ) -> usize {
        for j in from..self.len() {
            let q = &self.questions[j];
            if !q.ask_if.as_ref().is_none_or(|c| c.holds(answers)) {
                continue;
            }
            match q.assume.iter().find(|(c, _)| c.holds(answers)) {
                Some(&(_, o)) => {
                    answers[j] = o;
                    assumed.push(j);
                }
                None => return j,
            }
        }
        self.len()
    }

    /// The options of question `q` offered given the answers.
    pub(super) fn offered(&self, q: usize, answers: &[u32]) -> Vec<usize> {
        self.questions[q]
            .offered_if
            .iter()
            .enumerate()
            .filter(|(_, c)| c.as_ref().is_none_or(|c| c.holds(answers)))
            .map(|(o, _)| o)
            .collect()
    }

    fn options(&self, q: usize) -> usize {
        self.content.questions[q].options.len()
    }

    /// For each option of question `q`, the candidate outcomes that can
    /// still match once `q` has that answer. An outcome is dropped only
    /// when its `when` is false whatever the questions after `q` turn out
    /// to be. A condition tells apart only the options of `q` it names, so
    /// each is evaluated once per option it names plus once for "any other
    /// option".
    pub(super) fn narrow(
        &self,
        candidates: &[usize],
        q: usize,
        answers: &[u32],
    ) -> Vec<Vec<usize>> {
        let options = self.options(q);
        let mut still: Vec<Vec<usize>> = vec![Vec::new(); options];
        let mut values = Vec::new();
        for &i in candidates {
            let when = &self.outcomes[i];
            values.clear();
            when.mentions(q, &mut values);
            values.sort_unstable();
            values.dedup();
            for &v in &values {
                if (v as usize) < options && when.settled(answers, q, v) != Some(false) {
                    still[v as usize].push(i);
                }
            }
            if when.settled(answers, q, NONE) != Some(false) {
                for (o, s) in still.iter_mut().enumerate() {
                    if values.binary_search(&(o as u32)).is_err() {
                        s.push(i);
                    }
                }
            }
        }
        still
    }

    /// The outcomes among `candidates` whose `when` holds.
    pub(super) fn matching(&self, candidates: &[usize], answers: &[u32]) -> Vec<usize> {
        candidates
            .iter()
            .copied()
            .filter(|&i| self.outcomes[i].holds(answers))
            .collect()
    }
}

/// Up to this many candidate outcomes are passed down a branch as they
/// are; a few are cheaper to test at the end than to narrow on the way.
pub(super) const FEW: usize = 16;

/// The candidates for each option of a question: narrowed, or the same
/// for all.
pub(super) enum Branches {
    Same(Vec<usize>),
    Each(Vec<Vec<usize>>),
}

impl Branches {
    pub(super) fn new(flow: &Flow, candidates: &[usize], q: usize, answers: &[u32]) -> Branches {
        if candidates.len() > FEW {
            Branches::Each(flow.narrow(candidates, q, answers))
        } else {
            Branches::Same(candidates.to_vec())
        }
    }

    pub(super) fn get(&self, option: usize) -> &[usize] {
        match self {
            Branches::Same(c) => c,
            Branches::Each(cs) => &cs[option],
        }
    }
}

/// How many questions the paths from a state ask: `counts[k]` paths ask
/// `shortest + k` questions (saturating).
#[derive(Debug, Default)]
struct Lengths {
    shortest: usize,
    counts: Vec<u128>,
}

impl Lengths {
    /// Adds the paths of a state one question further on.
    fn add_after(&mut self, shortest: usize, counts: &[u128]) {
        let shortest = shortest + 1;
        if self.counts.is_empty() {
            self.shortest = shortest;
        } else if shortest < self.shortest {
            let mut longer = vec![0; self.shortest - shortest];
            longer.append(&mut self.counts);
            self.counts = longer;
            self.shortest = shortest;
        }
        let from = shortest - self.shortest;
        if self.counts.len() < from + counts.len() {
            self.counts.resize(from + counts.len(), 0);
        }
        for (k, &n) in counts.iter().enumerate() {
            self.counts[from + k] = self.counts[from + k].saturating_add(n);
        }
    }
}

/// What is remembered of an explored state: where it leads, how many paths
/// start there, and how long they are (`len` counts from `start` in
/// `Explorer::counts`).
struct Node {
    to: To,
    paths: u128,
    shortest: u32,
    start: u32,
    len: u32,
}

/// A state: the next question and the answers that conditions from there
/// on can see (option + 1, or 0 for no answer), packed into 128 bits when
/// they fit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Packed(u32, u128),
    Long(u32, Box<[u32]>),
}

/// A quick hash for keys made by this module (no untrusted input picks
/// them to collide): multiply and rotate per word, mixed at the end so
/// that the low bits the table uses depend on every bit.
#[derive(Default)]
struct Quick(u64);

impl Quick {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u32(&mut self, x: u32) {
        self.add(u64::from(x));
    }

    fn write_u64(&mut self, x: u64) {
        self.add(x);
    }

    fn write_u128(&mut self, x: u128) {
        self.add(x as u64);
        self.add((x >> 64) as u64);
    }

    fn write_usize(&mut self, x: usize) {
        self.add(x as u64);
    }

    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        x ^= x >> 33;
        x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        x ^ (x >> 33)
    }
}

/// A question being explored.
struct Frame {
    question: usize,
    key: Key,
    /// The options offered, and how many of them are explored.
    offered: Vec<usize>,
    explored: usize,
    /// The questions answered by assumption on the way here, to take back
    /// when done.
    assumed: Vec<usize>,
    branches: Branches,
    paths: u128,
    lengths: Lengths,
}

/// The most work spent exploring before giving up, in rough units of a
/// condition evaluated or an answer remembered. The built-in content has
/// about 430 states; two extra questions of 32 options each that every
/// outcome looks at make about 280 thousand, explored in about 250 ms of
/// one core (release build). At this limit the check stops after about
/// 200 ms.
pub const MAX_WORK: u64 = 12_000_000;

struct Explorer<'c> {
    flow: Flow<'c>,
    out: Survey,
    answers: Vec<u32>,
    order: Path,
    memo: HashMap<Key, u32, BuildHasherDefault<Quick>>,
    nodes: Vec<Node>,
    counts: Vec<u128>,
    stack: Vec<Frame>,
    ambiguous_seen: BTreeSet<Vec<usize>>,
    work: u64,
}

impl Explorer<'_> {
    fn spend(&mut self, units: usize, question: usize) -> Result<(), TooLarge> {
        self.work += units as u64;
        if self.work <= MAX_WORK {
            return Ok(());
        }
        let content = self.flow.content;
        Err(TooLarge {
            question: question.min(content.questions.len().saturating_sub(1)),
            looked_at: self.flow.visible[0]
                .iter()
                .map(|&i| content.questions[i].id.clone())
                .collect(),
        })
    }

    /// The state at question `q` (or the end) with the answers so far.
    fn key(&self, q: usize) -> Key {
        let visible = &self.flow.visible[q];
        let value = |v: usize| self.answers[v].wrapping_add(1);
        if self.flow.packed[q] {
            let mut bits = 0u128;
            for &v in visible {
                bits = (bits << self.flow.bits[v]) | u128::from(value(v));
            }
            Key::Packed(q as u32, bits)
        } else {
            Key::Long(q as u32, visible.iter().map(|&v| value(v)).collect())
        }
    }

    /// Enters the state after the questions before `from` are decided:
    /// returns its node when it is known or an end, or pushes a frame to
    /// explore it (`None`).
    fn enter(&mut self, from: usize, candidates: &[usize]) -> Result<Option<u32>, TooLarge> {
        let mut assumed = Vec::new();
        let q = self.flow.advance(from, &mut self.answers, &mut assumed);
        let found = self.found(q, candidates, &mut assumed);
        for a in assumed {
            self.answers[a] = NONE;
        }
        found
    }

    /// The node of state `q`, or a frame pushed to explore it, which then
    /// takes over `assumed`.
    fn found(
        &mut self,
        q: usize,
        candidates: &[usize],
        assumed: &mut Vec<usize>,
    ) -> Result<Option<u32>, TooLarge> {
        self.spend(1 + self.flow.visible[q].len(), q)?;
        let key = self.key(q);
        if let Some(&id) = self.memo.get(&key) {
            return Ok(Some(id));
        }
        self.spend(candidates.len(), q)?;
        let offered = if q < self.flow.len() {
            self.flow.offered(q, &self.answers)
        } else {
            Vec::new()
        };
        if !offered.is_empty() {
            self.out.asked[q] = true;
            let branches = Branches::new(&self.flow, candidates, q, &self.answers);
            self.stack.push(Frame {
                question: q,
                branches,
                key,
                offered,
                explored: 0,
                assumed: std::mem::take(assumed),
                paths: 0,
                lengths: Lengths::default(),
            });
            return Ok(None);
        }
        // The end of a path: every question answered, or one with no
        // option to offer (no outcome then).
        let found = if q < self.flow.len() {
            Vec::new()
        } else {
            self.flow.matching(candidates, &self.answers)
        };
        for &o in &found {
            self.out.reached[o] = true;
        }
        let to = match found.len() {
            1 => To::Outcome(found[0]),
            0 => {
                self.out.dead_ends.push(self.order.clone());
                To::Dead
            }
            _ => {
                if self.ambiguous_seen.insert(found.clone()) {
                    self.out.ambiguous.push((found, self.order.clone()));
                }
                To::Dead
            }
        };
        Ok(Some(self.remember(
            key,
            to,
            1,
            &Lengths {
                shortest: 0,
                counts: vec![1],
            },
        )))
    }

    fn remember(&mut self, key: Key, to: To, paths: u128, lengths: &Lengths) -> u32 {
        self.nodes.push(Node {
            to,
            paths,
            shortest: lengths.shortest as u32,
            start: self.counts.len() as u32,
            len: lengths.counts.len() as u32,
        });
        self.counts.extend(&lengths.counts);
        let id = (self.nodes.len() - 1) as u32;
        self.memo.insert(key, id);
        id
    }

    /// Explores from the start; returns the start's node.
    fn run(&mut self) -> Result<u32, TooLarge> {
        let all: Vec<usize> = (0..self.flow.content.outcomes.len()).collect();
        if let Some(id) = self.enter(0, &all)? {
            return Ok(id);
        }
        loop {
            let top = self.stack.last_mut().expect("a frame is being explored");
            let q = top.question;
            let child = if let Some(&o) = top.offered.get(top.explored) {
                top.explored += 1;
                // The branch's candidates, copied out of the frame that
                // `enter` may push over.
                let candidates = top.branches.get(o).to_vec();
                self.answers[q] = o as u32;
                self.order.push((q, o));
                match self.enter(q + 1, &candidates)? {
                    Some(id) => id,
                    None => continue,
                }
            } else {
                // Every option explored: this state is done.
                let f = self.stack.pop().expect("the frame just looked at");
                self.answers[q] = NONE;
                for &a in &f.assumed {
                    self.answers[a] = NONE;
                }
                let id = self.remember(f.key, To::Question(q), f.paths, &f.lengths);
                if self.stack.is_empty() {
                    return Ok(id);
                }
                id
            };
            // `child` is done: count it into the frame that chose its option.
            let from = self.order.pop().expect("an option led to the child");
            let child = &self.nodes[child as usize];
            self.out.edges.insert((Some(from), child.to));
            let parent = self.stack.last_mut().expect("the frame of that option");
            parent.paths = parent.paths.saturating_add(child.paths);
            let counts = &self.counts[child.start as usize..(child.start + child.len) as usize];
            parent.lengths.add_after(child.shortest as usize, counts);
            let units = counts.len();
            self.spend(units, q)?;
        }
    }
}

/// Explores every state of the flow once: what every path would show,
/// without walking them. Fails when the flow is too large to explore
/// quickly (see [`MAX_WORK`]).
pub fn survey(content: &Content) -> Result<Survey, TooLarge> {
    let flow = Flow::new(content);
    let n = flow.len();
    let mut x = Explorer {
        out: Survey {
            asked: vec![false; n],
            reached: vec![false; content.outcomes.len()],
            seen_at_end: flow.seen_at_end.clone(),
            ..Survey::default()
        },
        flow,
        answers: vec![NONE; n],
        order: Vec::new(),
        memo: HashMap::default(),
        nodes: Vec::new(),
        counts: Vec::new(),
        stack: Vec::new(),
        ambiguous_seen: BTreeSet::new(),
        work: 0,
    };
    let root = x.run()?;
    let root = &x.nodes[root as usize];
    let mut out = x.out;
    out.edges.insert((None, root.to));
    out.paths = root.paths;
    out.lengths = vec![0; root.shortest as usize];
    out.lengths
        .extend(&x.counts[root.start as usize..(root.start + root.len) as usize]);
    out.states = x.nodes.len();
    Ok(out)
}

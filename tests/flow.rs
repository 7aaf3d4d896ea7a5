//! The flow engine on the mini content (tests/fixtures/mini): the order of
//! the questions, ask_if, changing answers, and the materials an outcome
//! asks for.

mod support;

use std::collections::BTreeSet;

use support::*;
use yibao_guide::content::Content;
use yibao_guide::flow::{self, Answers, End, Next};

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, o)| ((*q).to_owned(), (*o).to_owned()))
        .collect()
}

#[track_caller]
fn asks(c: &Content, a: &Answers) -> String {
    match flow::next(c, a) {
        Next::Ask(q) => q.id.clone(),
        other => panic!("expected a question, got {other:?}"),
    }
}

#[track_caller]
fn done(c: &Content, a: &Answers) -> String {
    match flow::next(c, a) {
        Next::Done(o) => o.id.clone(),
        other => panic!("expected an outcome, got {other:?}"),
    }
}

#[test]
fn questions_are_asked_in_content_order() {
    let m = Mini::new("flow_order");
    let c = m.content();
    assert_eq!(asks(&c, &Answers::new()), "insurance");
    assert_eq!(asks(&c, &answers(&[("insurance", "employee")])), "reason");
    assert_eq!(
        asks(
            &c,
            &answers(&[("insurance", "employee"), ("reason", "job")])
        ),
        "scope"
    );
    assert_eq!(
        asks(
            &c,
            &answers(&[
                ("insurance", "employee"),
                ("reason", "job"),
                ("scope", "cross-province")
            ])
        ),
        "channel"
    );
    // A later answer given early does not skip an earlier question.
    assert_eq!(
        asks(
            &c,
            &answers(&[("channel", "online"), ("scope", "cross-province")])
        ),
        "insurance"
    );
}

#[test]
fn answering_returns_the_next_question_and_finally_the_outcome() {
    let m = Mini::new("flow_answer_next");
    let c = m.content();
    let mut a = Answers::new();
    let mut asked = Vec::new();
    for (q, o) in [
        ("insurance", "employee"),
        ("reason", "hukou"),
        ("scope", "cross-province"),
        ("channel", "online"),
    ] {
        assert_eq!(asks(&c, &a), q);
        asked.push(q);
        a = flow::answer(&c, &a, q, o);
        assert_eq!(a.get(q).map(String::as_str), Some(o));
    }
    assert_eq!(asked, ["insurance", "reason", "scope", "channel"]);
    assert_eq!(done(&c, &a), "employee-cross-online");
}

#[test]
fn ask_if_skips_scope_and_channel_for_retirement() {
    let m = Mini::new("flow_ask_if");
    let c = m.content();
    let a = answers(&[("insurance", "resident"), ("reason", "retirement")]);
    assert_eq!(done(&c, &a), "stay-and-register");
    let path: Vec<&str> = flow::path(&c, &a).iter().map(|q| q.id.as_str()).collect();
    assert_eq!(path, ["insurance", "reason"]);
    for q in ["scope", "channel"] {
        assert!(!flow::applies(c.question(q).unwrap(), &a), "{q} is skipped");
        assert!(
            flow::applies(c.question(q).unwrap(), &answers(&[("reason", "family")])),
            "{q} is asked"
        );
    }
}

#[test]
fn changing_an_earlier_answer_drops_answers_that_no_longer_apply() {
    let m = Mini::new("flow_change");
    let c = m.content();
    let mut a = Answers::new();
    for (q, o) in [
        ("insurance", "employee"),
        ("reason", "job"),
        ("scope", "within-province"),
        ("channel", "offline"),
    ] {
        a = flow::answer(&c, &a, q, o);
    }
    assert_eq!(done(&c, &a), "employee-within");

    // Retirement: scope and channel are no longer asked, so they go; the
    // insurance answer still applies and stays.
    let retired = flow::answer(&c, &a, "reason", "retirement");
    assert_eq!(
        retired,
        answers(&[("insurance", "employee"), ("reason", "retirement")])
    );
    assert_eq!(done(&c, &retired), "stay-and-register");

    // Back to a job: the dropped answers are not resurrected.
    let back = flow::answer(&c, &retired, "reason", "job");
    assert_eq!(
        back,
        answers(&[("insurance", "employee"), ("reason", "job")])
    );
    assert_eq!(asks(&c, &back), "scope");

    // A change that keeps scope and channel applicable keeps them.
    let hukou = flow::answer(&c, &a, "reason", "hukou");
    assert_eq!(
        hukou,
        answers(&[
            ("insurance", "employee"),
            ("reason", "hukou"),
            ("scope", "within-province"),
            ("channel", "offline")
        ])
    );
    let resident = flow::answer(&c, &a, "insurance", "resident");
    assert_eq!(resident.len(), 4);
    assert_eq!(done(&c, &resident), "resident-move");
}

#[test]
fn prune_drops_unknown_options_and_questions() {
    let m = Mini::new("flow_prune");
    let c = m.content();
    let a = answers(&[
        ("insurance", "employee"),
        ("reason", "job"),
        ("scope", "far-away"),
        ("channel", "online"),
        ("colour", "blue"),
    ]);
    assert_eq!(
        flow::prune(&c, &a),
        answers(&[
            ("insurance", "employee"),
            ("reason", "job"),
            ("channel", "online")
        ])
    );
    // An unknown reason is dropped; scope is still asked (not retirement).
    let a = answers(&[
        ("insurance", "resident"),
        ("reason", "bored"),
        ("scope", "cross-province"),
    ]);
    assert_eq!(
        flow::prune(&c, &a),
        answers(&[("insurance", "resident"), ("scope", "cross-province")])
    );
    // A valid set is kept as it is.
    let ok = answers(&[
        ("insurance", "resident"),
        ("reason", "other"),
        ("scope", "cross-province"),
        ("channel", "offline"),
    ]);
    assert_eq!(flow::prune(&c, &ok), ok);
}

#[test]
fn walks_visit_every_outcome_and_every_combination() {
    let m = Mini::new("flow_walks");
    let c = m.content();
    let ws = flow::walks(&c);
    // Per insurance: retirement, plus 4 reasons x 2 scopes x 2 channels.
    assert_eq!(ws.len(), 2 * (1 + 4 * 2 * 2));
    let reached: BTreeSet<&str> = ws
        .iter()
        .map(|w| match &w.end {
            End::Outcome(o) => o.as_str(),
            other => panic!("{other:?} on {:?}", w.answers),
        })
        .collect();
    let all: BTreeSet<&str> = c.outcomes.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(reached, all);
    // Walks are depth first in content order, answers in the order asked.
    let first: Vec<(&str, &str)> = ws[0]
        .answers
        .iter()
        .map(|(q, o)| (q.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        first,
        [
            ("insurance", "employee"),
            ("reason", "job"),
            ("scope", "cross-province"),
            ("channel", "online")
        ]
    );
    assert_eq!(ws[0].end, End::Outcome("employee-cross-online".into()));
    // Every walk is distinct, and each one's end is what next() says.
    let distinct: BTreeSet<_> = ws.iter().map(|w| w.answers.clone()).collect();
    assert_eq!(distinct.len(), ws.len());
    for w in &ws {
        let a: Answers = w.answers.iter().cloned().collect();
        let End::Outcome(o) = &w.end else {
            unreachable!()
        };
        assert_eq!(&done(&c, &a), o);
    }
}

#[test]
fn material_ids_follow_each_materials_when() {
    let m = Mini::new("flow_materials");
    let c = m.content();
    let online = c.outcome("employee-cross-online").unwrap();
    let job = answers(&[
        ("insurance", "employee"),
        ("reason", "job"),
        ("scope", "cross-province"),
        ("channel", "online"),
    ]);
    assert_eq!(
        flow::material_ids(&c, online, &job),
        ["id-card", "job-proof"]
    );
    let hukou = flow::answer(&c, &job, "reason", "hukou");
    assert_eq!(flow::material_ids(&c, online, &hukou), ["id-card"]);

    // transfer-form is needed unless the person applies online.
    let within = c.outcome("employee-within").unwrap();
    let offline = answers(&[
        ("insurance", "employee"),
        ("reason", "job"),
        ("scope", "within-province"),
        ("channel", "offline"),
    ]);
    assert_eq!(
        flow::material_ids(&c, within, &offline),
        ["id-card", "transfer-form"]
    );
    let by_phone = flow::answer(&c, &offline, "channel", "online");
    assert_eq!(flow::material_ids(&c, within, &by_phone), ["id-card"]);
}

#[test]
fn resolve_puts_the_outcome_into_words() {
    use yibao_guide::calendar::Date;
    use yibao_guide::content::Lang;
    let m = Mini::new("flow_resolve");
    let c = m.content();
    let a = answers(&[
        ("insurance", "employee"),
        ("reason", "job"),
        ("scope", "cross-province"),
        ("channel", "online"),
    ]);
    let o = c.outcome("employee-cross-online").unwrap();
    let r = flow::resolve(&c, o, &a, Lang::En, Date::new(2026, 11, 25));
    assert_eq!(r.title, "Employee, other province, online");
    let shown: Vec<(&str, &str)> = r
        .answers
        .iter()
        .map(|x| (x.question.as_str(), x.option.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("insurance", "employee"),
            ("reason", "job"),
            ("scope", "cross-province"),
            ("channel", "online")
        ]
    );
    let f = r
        .finish_by
        .expect("working days and a date give a finish-by date");
    assert_eq!(
        (f.applied.as_str(), f.date.as_str(), f.estimate_note),
        ("2026-11-25", "2026-12-16", None)
    );
    assert_eq!(
        r.materials
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>(),
        ["id-card", "job-proof"]
    );
    let z = flow::resolve(&c, o, &a, Lang::Zh, None);
    assert_eq!(z.title, "职工跨省网上转");
    assert!(z.finish_by.is_none());
}

/// Every path by the plain definition: ask what `next` asks, branch on each
/// option offered, and record what `next` says at the end.
fn naive_walks(content: &Content) -> Vec<(Vec<(String, String)>, End)> {
    fn go(
        c: &Content,
        answers: &Answers,
        order: &mut Vec<(String, String)>,
        out: &mut Vec<(Vec<(String, String)>, End)>,
    ) {
        let end = match flow::next(c, answers) {
            Next::Ask(q) => {
                // A question with `explore` options branches on those only
                // (the first one offered when none of them is).
                let offered = flow::choices(c, q, answers);
                let named: Vec<_> = offered
                    .iter()
                    .filter(|o| q.explore.as_ref().is_none_or(|e| e.contains(&o.id)))
                    .copied()
                    .collect();
                let explored = if named.is_empty() {
                    offered.into_iter().take(1).collect()
                } else {
                    named
                };
                for o in explored {
                    let mut a = answers.clone();
                    a.insert(q.id.clone(), o.id.clone());
                    order.push((q.id.clone(), o.id.clone()));
                    go(c, &a, order, out);
                    order.pop();
                }
                return;
            }
            Next::Done(o) => End::Outcome(o.id.clone()),
            Next::NoOutcome => End::NoOutcome,
            Next::Ambiguous(os) => End::Ambiguous(os.iter().map(|o| o.id.clone()).collect()),
        };
        out.push((order.clone(), end));
    }
    let mut out = Vec::new();
    go(content, &Answers::new(), &mut Vec::new(), &mut out);
    out
}

mod walks_agree_with_the_definition {
    use super::*;
    use proptest::prelude::*;
    use yibao_guide::content::{Condition, Sym};
    use yibao_guide::load::load_embedded;

    /// A random condition over the real questions and options, with an
    /// option id that no question has now and then.
    fn condition(qs: Vec<(String, Vec<String>)>) -> impl Strategy<Value = Condition> {
        let pick = {
            let qs = qs.clone();
            (0..qs.len(), 0usize..8).prop_map(move |(q, o)| {
                let (id, opts) = &qs[q];
                let v = opts.get(o).cloned().unwrap_or_else(|| "nobody".into());
                (Sym::from(id.clone()), Sym::from(v))
            })
        };
        let leaf = prop_oneof![
            proptest::collection::vec(pick.clone(), 1..3).prop_map(Condition::Equals),
            proptest::collection::vec(
                (pick.clone(), pick).prop_map(|((q, a), (_, b))| (q, vec![a, b])),
                1..3
            )
            .prop_map(Condition::In),
        ];
        leaf.prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(Condition::All),
                proptest::collection::vec(inner.clone(), 1..4).prop_map(Condition::Any),
                inner.prop_map(|c| Condition::Not(Box::new(c))),
            ]
        })
    }

    fn conditions() -> impl Strategy<Value = Vec<Condition>> {
        let c = load_embedded().unwrap();
        let qs: Vec<(String, Vec<String>)> = c
            .questions
            .iter()
            .map(|q| {
                (
                    q.id.clone(),
                    q.options.iter().map(|o| o.id.clone()).collect(),
                )
            })
            .collect();
        proptest::collection::vec(condition(qs), c.outcomes.len())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        /// `walks` skips outcomes that cannot match a branch any more; with
        /// random conditions on every outcome it must still find exactly
        /// what `next` finds on every path.
        #[test]
        fn with_random_conditions(whens in conditions()) {
            let mut c = load_embedded().unwrap();
            for (o, w) in c.outcomes.iter_mut().zip(whens) {
                o.when = w;
            }
            let fast: Vec<(Vec<(String, String)>, End)> =
                flow::walks(&c).into_iter().map(|w| (w.answers, w.end)).collect();
            prop_assert_eq!(fast, naive_walks(&c));
        }
    }
}

/// `assume`: an answer that follows from others is not asked; it shows as
/// assumed, not among the questions of the path, and conditions see it.
#[test]
fn an_assumed_answer_is_not_asked_and_conditions_see_it() {
    let m = Mini::new("flow_assume");
    m.edit(
        "questions.toml",
        "ask_if = { not = { equals = { reason = \"retirement\" } } }\n\n[[question.option]]\nid = \"online\"",
        "ask_if = { not = { equals = { reason = \"retirement\" } } }\nassume = [{ when = { equals = { reason = \"hukou\" } }, option = \"offline\" }]\n\n[[question.option]]\nid = \"online\"",
    );
    let c = m.content();
    let a = answers(&[
        ("insurance", "employee"),
        ("reason", "hukou"),
        ("scope", "cross-province"),
    ]);
    assert_eq!(done(&c, &a), "employee-cross-offline");
    assert_eq!(
        flow::assumed(&c, &a),
        vec![("channel".to_owned(), "offline".to_owned())]
    );
    let path: Vec<&str> = flow::path(&c, &a).iter().map(|q| q.id.as_str()).collect();
    assert_eq!(path, ["insurance", "reason", "scope"]);
    // Another reason: channel is asked as before.
    let b = answers(&[
        ("insurance", "employee"),
        ("reason", "job"),
        ("scope", "cross-province"),
    ]);
    assert_eq!(asks(&c, &b), "channel");
    // The walks do not branch on an assumed question.
    let walks = flow::walks(&c);
    assert!(
        walks
            .iter()
            .all(|w| !w.answers.iter().any(|(q, _)| q == "channel")
                || !w
                    .answers
                    .contains(&("reason".to_owned(), "hukou".to_owned()))),
        "{walks:?}"
    );
    // An answer given for the assumed question wins (route accepts it).
    let mut given = a.clone();
    given.insert("channel".into(), "online".into());
    assert_eq!(done(&c, &given), "employee-cross-online");
}

/// An option's `when`: not offered, and an answer with it is dropped.
#[test]
fn an_option_is_offered_only_when_its_condition_holds() {
    let m = Mini::new("flow_option_when");
    m.edit(
        "questions.toml",
        "id = \"other\"\n",
        "id = \"other\"\nwhen = { equals = { insurance = \"resident\" } }\n",
    );
    let c = m.content();
    let q = c.question("reason").unwrap();
    let ids = |a: &Answers| -> Vec<String> {
        flow::choices(&c, q, a)
            .iter()
            .map(|o| o.id.clone())
            .collect()
    };
    assert!(!ids(&answers(&[("insurance", "employee")])).contains(&"other".to_owned()));
    assert!(ids(&answers(&[("insurance", "resident")])).contains(&"other".to_owned()));
    let a = answers(&[("insurance", "employee"), ("reason", "other")]);
    assert_eq!(flow::prune(&c, &a), answers(&[("insurance", "employee")]));
    assert_eq!(asks(&c, &a), "reason");
    // route says so, with the options there are.
    let out = m.run(&[
        "route",
        "insurance=employee",
        "reason=other",
        "scope=cross-province",
        "channel=online",
    ]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr
            .contains("`other` is not offered for question `reason`"),
        "{out:?}"
    );
    assert!(out.stderr.contains("  job ("), "{out:?}");
    assert!(!out.stderr.contains("  other ("), "{out:?}");
}

/// "Question n of at most m": along every path of the built-in content and
/// of the mini content, m never grows, never falls below the length of the
/// path, and is exact once every answer is given.
#[test]
fn the_most_questions_left_only_shrink_and_are_exact_at_the_end() {
    for c in [built_in(), Mini::new("flow_most").content()] {
        for w in flow::walks(&c) {
            let mut given = Answers::new();
            let mut last = usize::MAX;
            for (q, o) in &w.answers {
                let most = flow::most_questions(&c, &given);
                assert!(most <= last, "{:?}: grew at `{q}`", w.answers);
                assert!(most >= w.answers.len(), "{:?}: {most} at `{q}`", w.answers);
                last = most;
                given.insert(q.clone(), o.clone());
            }
            assert_eq!(flow::most_questions(&c, &given), w.answers.len());
        }
    }
}

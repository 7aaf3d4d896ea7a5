//! The content puts every person on a route that fits them, and says none
//! of the things a review found wrong. The tests walk every path
//! (or every path of one kind) and check what the person is told, in both
//! languages, so they hold whatever the outcome ids and block ids are.

mod support;

use yibao_guide::content::{Content, Lang};
use yibao_guide::flow::{self, Answers, End, Resolved};
fn content() -> Content {
    yibao_guide::load::load(None).expect("the built-in content loads")
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(q, o)| ((*q).to_owned(), (*o).to_owned()))
        .collect()
}

/// Every complete path: its answers and what it resolves to in `lang`.
fn every_route(c: &Content, lang: Lang) -> Vec<(Answers, Resolved)> {
    flow::walks(c)
        .into_iter()
        .map(|w| {
            let a: Answers = w.answers.iter().cloned().collect();
            let End::Outcome(id) = &w.end else {
                panic!("a path without an outcome: {:?}", w.answers)
            };
            let o = c.outcome(id).expect("a known outcome");
            let r = flow::resolve(c, o, &a, lang, None);
            (a, r)
        })
        .collect()
}

/// What it is, the time, fee and benefits, and the checks: the first
/// thing a person reads on a route.
fn what_it_is(r: &Resolved) -> Vec<String> {
    let mut out = vec![
        r.title.clone(),
        r.summary.clone(),
        r.time_limit.clone(),
        r.fee.clone(),
        r.personal_account.clone(),
        r.waiting_period.clone(),
    ];
    out.extend(r.checks.iter().cloned());
    out
}

/// Everything a person reads on a route, one string per part.
fn texts(r: &Resolved) -> Vec<String> {
    let mut out = what_it_is(r);
    for s in &r.steps {
        out.push(format!("{} {}", s.title, s.body));
    }
    for m in &r.materials {
        out.push(format!("{} {}", m.name, m.needed));
    }
    for n in &r.notes {
        out.push(format!("{} {}", n.title, n.body));
    }
    out
}

fn is(a: &Answers, q: &str, o: &str) -> bool {
    a.get(q).is_some_and(|v| v == o)
}

fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '\n', '；']).filter(|s| !s.is_empty())
}

#[test]
fn a_retiree_is_never_told_to_stop_their_insurance_whatever_else_they_answer() {
    let c = content();
    for lang in Lang::ALL {
        for (a, r) in every_route(&c, lang) {
            if !is(&a, "retired", "yes") {
                continue;
            }
            for s in &r.steps {
                let text = format!("{} {}", s.title, s.body);
                for sentence in sentences(&text) {
                    assert!(
                        !sentence.contains("停保")
                            || sentence.contains("不用停保")
                            || sentence.contains("不要"),
                        "{a:?}: a retiree is told to stop: {sentence}"
                    );
                }
            }
            assert!(
                r.title.contains("备案") || r.title.contains("register"),
                "{a:?}: {}",
                r.title
            );
        }
    }
    // Whatever reason a retiree gives on the command line.
    for reason in ["job", "hukou", "family", "retirement", "other"] {
        let given = answers(&[
            ("insurance", "employee"),
            ("retired", "yes"),
            ("reason", reason),
            ("scope", "cross-province"),
            ("channel", "online"),
        ]);
        let r = yibao_guide::cli::route::route(&c, &given, Lang::Zh, None)
            .unwrap_or_else(|e| panic!("{reason}: {e:?}"));
        assert!(r.title.contains("备案"), "{reason}: {}", r.title);
    }
    // The old command line for a retiree still reaches the registration.
    let old = answers(&[("insurance", "employee"), ("reason", "retirement")]);
    let r = yibao_guide::cli::route::route(&c, &old, Lang::Zh, None).expect("old command line");
    assert!(r.title.contains("备案"), "{}", r.title);
    assert!(
        r.assumed
            .iter()
            .any(|x| x.question == "retired" && x.option == "yes")
    );
}

#[test]
fn someone_who_still_pays_is_never_offered_a_retirement_reason() {
    let c = content();
    let reason = c.question("reason").expect("the reason question");
    for w in flow::walks(&c) {
        let a: Answers = w.answers.iter().cloned().collect();
        if is(&a, "retired", "no") {
            assert!(
                !flow::path(&c, &a).iter().any(|q| q.id == "reason")
                    || !flow::choices(&c, reason, &a)
                        .iter()
                        .any(|o| o.id == "retirement"),
                "{a:?}"
            );
        }
    }
}

#[test]
fn the_retiree_question_draws_the_line_at_benefits_not_the_pension() {
    let c = content();
    let q = c.question("retired").expect("the retired question");
    assert!(
        q.title.zh.contains("职工医保退休人员待遇"),
        "{}",
        q.title.zh
    );
    assert!(q.help.zh.contains("补缴"), "{}", q.help.zh);
    assert!(q.help.zh.contains("不是养老金"), "{}", q.help.zh);
    for lang in Lang::ALL {
        for (a, r) in every_route(&c, lang) {
            for t in texts(&r) {
                assert!(!t.contains("领退休金"), "{a:?}: {t}");
                assert!(!t.contains("draw a pension"), "{a:?}: {t}");
            }
        }
    }
}

#[test]
fn within_a_province_the_balance_is_never_said_to_move_without_a_hedge() {
    let c = content();
    let mut seen = 0;
    // Hedged: it says to take the local word, or whom to ask.
    for (lang, hedge, guangdong) in [
        (Lang::Zh, ["以当地为准", "请问"], "广东"),
        (Lang::En, ["confirm locally", "ask the"], "Guangdong"),
    ] {
        for (a, r) in every_route(&c, lang) {
            if is(&a, "insurance", "employee") && is(&a, "scope", "within-province") {
                seen += 1;
                assert!(
                    hedge.iter().any(|h| r.personal_account.contains(h)),
                    "{a:?}: {}",
                    r.personal_account
                );
                // Guangdong's rule is for people in Guangdong (regional
                // facts), not an example for everyone else.
                if !is(&a, "new_insurance", "resident") {
                    assert!(
                        !r.personal_account.contains(guangdong),
                        "{}",
                        r.personal_account
                    );
                }
            }
            assert!(!r.personal_account.starts_with("余额跟着转"), "{a:?}");
        }
    }
    assert!(seen > 0);
}

#[test]
fn across_provinces_the_balance_moves_in_principle_and_may_go_to_a_bank_account() {
    let c = content();
    for (lang, principle, bank) in [
        (Lang::Zh, "原则上", "银行"),
        (Lang::En, "In principle", "bank"),
    ] {
        for (a, r) in every_route(&c, lang) {
            if is(&a, "insurance", "employee")
                && is(&a, "scope", "cross-province")
                && !is(&a, "new_insurance", "resident")
            {
                assert!(r.personal_account.contains(principle), "{a:?}");
                assert!(r.personal_account.contains(bank), "{a:?}");
            }
        }
    }
}

/// 当月 (benefits from the month of payment) holds only after a gap of 3
/// months or less that is paid back; otherwise the month after.
#[test]
fn benefits_from_the_month_of_payment_only_after_a_short_gap_paid_back() {
    let c = content();
    for (a, r) in every_route(&c, Lang::Zh) {
        for t in texts(&r) {
            for s in sentences(&t) {
                if s.contains("缴费当月") {
                    assert!(s.contains("3个月"), "{a:?}: {s}");
                }
            }
        }
        if is(&a, "insurance", "employee")
            && !is(&a, "new_insurance", "resident")
            && flow::path(&c, &a).iter().any(|q| q.id == "progress")
        {
            assert!(
                r.waiting_period.contains("次月"),
                "{a:?}: {}",
                r.waiting_period
            );
        }
    }
}

#[test]
fn the_resident_waiting_period_quotes_the_2024_rule_exactly() {
    let c = content();
    let mut seen = 0;
    for (a, r) in every_route(&c, Lang::Zh) {
        if r.waiting_period.contains("38号") {
            seen += 1;
            assert!(
                r.waiting_period
                    .contains("每多断保1年，原则上在固定待遇等待期基础上增加变动待遇等待期1个月"),
                "{a:?}"
            );
            assert!(
                r.waiting_period
                    .contains("每多缴纳1年可减少1个月变动待遇等待期"),
                "{a:?}"
            );
        }
        if is(&a, "insurance", "resident")
            && r.notes
                .iter()
                .any(|n| n.body.contains("38号") || n.body.contains("大病保险"))
        {
            assert!(r.notes.iter().any(|n| n.body.contains("大病保险")), "{a:?}");
        }
    }
    assert!(seen > 0, "no route quotes the rule");
}

#[test]
fn fifteen_working_days_run_from_acceptance_and_the_date_is_an_estimate() {
    let c = content();
    for (lang, accepted, estimate) in [(Lang::Zh, "受理", "估算"), (Lang::En, "accept", "estimate")]
    {
        for (a, _) in every_route(&c, lang) {
            let Some(o) = (match flow::next(&c, &a) {
                flow::Next::Done(o) => Some(o),
                _ => None,
            }) else {
                continue;
            };
            let r = flow::resolve(
                &c,
                o,
                &a,
                lang,
                Some(yibao_guide::calendar::Date::new(2026, 11, 25).unwrap()),
            );
            if r.time_limit.contains("15") {
                assert!(r.time_limit.contains(accepted), "{a:?}: {}", r.time_limit);
            }
            if let Some(f) = &r.finish_by {
                assert!(f.sentence.contains(accepted), "{}", f.sentence);
                assert!(f.sentence.contains(estimate), "{}", f.sentence);
            }
        }
    }
}

#[test]
fn registering_for_care_elsewhere_says_direct_settlement_is_not_universal_and_cites_its_own_rule() {
    let c = content();
    for (lang, invoices) in [(Lang::Zh, "发票"), (Lang::En, "invoices")] {
        for (a, r) in every_route(&c, lang) {
            let filing = r.title.contains("备案") || r.title.contains("register");
            if !filing {
                continue;
            }
            let all = texts(&r).join("\n");
            assert!(all.contains(invoices), "{a:?}: no word on keeping invoices");
            assert!(
                r.sources
                    .iter()
                    .any(|s| s.title.contains("2022") && s.title.contains("22")),
                "{a:?}"
            );
        }
    }
}

#[test]
fn every_employee_route_says_the_retirement_place_sets_a_minimum_of_local_years() {
    let c = content();
    // The figure itself (Guangdong's 10 years) is a regional fact, shown to
    // people moving there; every employee is told that such a minimum exists.
    for (lang, ten) in [
        (Lang::Zh, "至少要在当地实际缴"),
        (Lang::En, "must actually be paid there"),
    ] {
        for (a, r) in every_route(&c, lang) {
            let transfer = flow::path(&c, &a).iter().any(|q| q.id == "progress");
            if is(&a, "insurance", "employee") && transfer {
                assert!(
                    r.notes.iter().any(|n| n.body.contains(ten)),
                    "{a:?}: no note on local years"
                );
            }
        }
    }
}

#[test]
fn switching_the_place_in_the_electronic_code_is_never_called_the_transfer() {
    let c = content();
    for (a, r) in every_route(&c, Lang::Zh) {
        for t in texts(&r) {
            for s in sentences(&t) {
                if s.contains("医保电子凭证") && s.contains("切换") {
                    assert!(s.contains("不是") || s.contains("只是"), "{a:?}: {s}");
                }
            }
        }
        if flow::path(&c, &a).iter().any(|q| q.id == "progress") {
            assert!(
                texts(&r)
                    .iter()
                    .any(|t| t.contains("切换") && t.contains("不是转移")),
                "{a:?}"
            );
        }
    }
}

/// A checklist never asks a person to tick "enrolled in employee insurance
/// at the new place" and "enrolled in resident insurance" side by side.
#[test]
fn no_checklist_offers_two_insurances_to_tick_both_ways() {
    let c = content();
    for (a, r) in every_route(&c, Lang::Zh) {
        let employee = r.checks.iter().any(|t| t.contains("参加了职工医保"));
        let resident = r.checks.iter().any(|t| t.contains("参加了居民医保"));
        assert!(!(employee && resident), "{a:?}: {:?}", r.checks);
    }
}

#[test]
fn a_route_starts_at_the_step_the_person_has_reached() {
    let c = content();
    let base = [
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "none"),
        ("stay", "long-term"),
        ("scope", "cross-province"),
        ("new_insurance", "employer"),
    ];
    let route = |progress: &str, channel: Option<&str>| {
        let mut a = answers(&base);
        a.insert("progress".into(), progress.into());
        if let Some(ch) = channel {
            a.insert("channel".into(), ch.into());
        }
        let flow::Next::Done(o) = flow::next(&c, &a) else {
            panic!("{a:?} is not complete")
        };
        flow::resolve(&c, o, &a, Lang::Zh, None)
    };
    let not_stopped = route("not-stopped", None);
    let stopped = route("stopped", None);
    let enrolled = route("enrolled", Some("online"));
    assert!(
        not_stopped.steps[0].title.contains("停保"),
        "{:?}",
        not_stopped.steps[0]
    );
    assert!(!stopped.steps.iter().any(|s| s.title.contains("停保")));
    assert!(
        stopped.steps[0].title.contains("参"),
        "{:?}",
        stopped.steps[0]
    );
    assert!(
        !enrolled
            .steps
            .iter()
            .any(|s| s.title.contains("停保") || s.title.contains("参加职工医保"))
    );
    assert!(
        enrolled.steps[0].title.contains("申请"),
        "{:?}",
        enrolled.steps[0]
    );
    // Not ready to apply: the way to apply is not asked yet.
    let mut a = answers(&base);
    a.insert("progress".into(), "stopped".into());
    assert!(!flow::path(&c, &a).iter().any(|q| q.id == "channel"));
}

#[test]
fn changing_an_earlier_answer_drops_the_answers_that_no_longer_apply() {
    let c = content();
    let full = answers(&[
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "none"),
        ("stay", "long-term"),
        ("scope", "cross-province"),
        ("new_insurance", "employer"),
        ("progress", "enrolled"),
        ("channel", "online"),
    ]);
    // A retiree: nothing after the retired question applies.
    let a = flow::answer(&c, &full, "retired", "yes");
    assert_eq!(a, answers(&[("insurance", "employee"), ("retired", "yes")]));
    // Away for a while: no scope, no new insurance, no progress.
    let a = flow::answer(&c, &full, "stay", "temporary");
    assert!(!a.contains_key("scope") && !a.contains_key("progress") && !a.contains_key("channel"));
    // The same city: nothing to transfer, so no new insurance or progress.
    let a = flow::answer(&c, &full, "scope", "same-area");
    assert!(!a.contains_key("new_insurance") && !a.contains_key("progress"));
    // Not ready yet: the channel goes.
    let a = flow::answer(&c, &full, "progress", "not-stopped");
    assert!(!a.contains_key("channel"));
    // Resident insurance: the retired question goes, the reason is asked.
    let a = flow::answer(&c, &full, "insurance", "resident");
    assert!(!a.contains_key("retired"));
    assert!(matches!(flow::next(&c, &a), flow::Next::Ask(q) if q.id == "reason"));
}

#[test]
fn each_situation_reaches_advice_that_fits_it() {
    let c = content();
    let reach = |pairs: &[(&str, &str)]| -> Resolved {
        let a = answers(pairs);
        match flow::next(&c, &a) {
            flow::Next::Done(o) => flow::resolve(&c, o, &a, Lang::Zh, None),
            other => panic!("{pairs:?}: {other:?}"),
        }
    };
    let all = |r: &Resolved| texts(r).join("\n");
    let newborn = reach(&[
        ("insurance", "resident"),
        ("reason", "family"),
        ("situation", "newborn"),
    ]);
    assert!(all(&newborn).contains("出生医学证明"));
    assert!(all(&newborn).contains("出生"));
    assert!(!all(&newborn).contains("等集中参保期") || all(&newborn).contains("不用等集中参保期"));
    let graduate = reach(&[
        ("insurance", "resident"),
        ("reason", "job"),
        ("situation", "graduate"),
        ("scope", "cross-province"),
        ("progress", "not-stopped"),
    ]);
    assert!(all(&graduate).contains("12月31日"), "{}", all(&graduate));
    assert!(all(&graduate).contains("30天"));
    let child = reach(&[
        ("insurance", "resident"),
        ("reason", "family"),
        ("situation", "child"),
        ("scope", "within-province"),
        ("progress", "stopped"),
    ]);
    assert!(all(&child).contains("常住地") || all(&child).contains("随父母"));
    let near = reach(&[
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "near-retirement"),
        ("stay", "long-term"),
        ("scope", "cross-province"),
        ("new_insurance", "employer"),
        ("progress", "stopped"),
    ]);
    assert!(all(&near).contains("补缴"));
    let double = reach(&[
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "double-insured"),
    ]);
    assert!(all(&double).contains("退"));
    let same = reach(&[
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "none"),
        ("stay", "long-term"),
        ("scope", "same-area"),
    ]);
    assert!(all(&same).contains("不用办转移"));
    let temporary = reach(&[
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "none"),
        ("stay", "temporary"),
    ]);
    assert!(all(&temporary).contains("常驻异地工作人员"));
    let to_resident = reach(&[
        ("insurance", "employee"),
        ("retired", "no"),
        ("situation", "none"),
        ("stay", "long-term"),
        ("scope", "cross-province"),
        ("new_insurance", "resident"),
        ("progress", "stopped"),
    ]);
    assert!(all(&to_resident).contains("灵活就业"));
    assert!(to_resident.personal_account.contains("没有个人账户"));
    // Every route names the groups it cannot serve and where to ask.
    for (a, r) in every_route(&c, Lang::Zh) {
        assert!(all(&r).contains("外国人"), "{a:?}");
    }
}

#[test]
fn old_command_lines_keep_working_and_say_what_was_assumed() {
    let c = content();
    let old = answers(&[
        ("insurance", "employee"),
        ("scope", "cross-province"),
        ("channel", "online"),
        ("reason", "job"),
    ]);
    let r = yibao_guide::cli::route::route(&c, &old, Lang::Zh, None).expect("old command line");
    let assumed: Vec<(&str, &str)> = r
        .assumed
        .iter()
        .map(|x| (x.question.as_str(), x.option.as_str()))
        .collect();
    for pair in [
        ("retired", "no"),
        ("situation", "none"),
        ("stay", "long-term"),
        ("new_insurance", "employer"),
        ("progress", "enrolled"),
    ] {
        assert!(assumed.contains(&pair), "{assumed:?}");
    }
    assert!(r.skipped.contains(&"reason".to_owned()), "{:?}", r.skipped);
    let json = serde_json::to_value(&r).expect("json");
    for field in [
        "answers",
        "outcome",
        "steps",
        "materials",
        "notes",
        "time_limit",
        "assumed",
        "skipped",
    ] {
        assert!(json.get(field).is_some(), "{field}");
    }
    let old_resident = answers(&[
        ("insurance", "resident"),
        ("scope", "within-province"),
        ("channel", "offline"),
        ("reason", "family"),
    ]);
    let r = yibao_guide::cli::route::route(&c, &old_resident, Lang::En, None)
        .expect("old resident line");
    assert!(
        r.steps.iter().any(|s| s.title.contains("window")),
        "{:?}",
        r.steps
    );
}

#[test]
fn the_flow_stays_short() {
    let c = content();
    let mut lengths: Vec<usize> = flow::walks(&c).iter().map(|w| w.answers.len()).collect();
    lengths.sort_unstable();
    let median = lengths[(lengths.len() - 1) / 2];
    let max = *lengths.last().expect("paths");
    // The two province questions stand in for `scope` once both are
    // known; with "unknown" (what walking takes) scope is asked as well.
    assert!(median <= 8, "median {median}");
    assert!(max <= 10, "max {max}");
}

/// Someone who cannot apply yet is not given a finish-by date to wait for.
#[test]
fn a_finish_by_date_only_for_people_ready_to_apply() {
    let c = content();
    let day = yibao_guide::calendar::Date::new(2026, 11, 25);
    for w in flow::walks(&c) {
        let a: Answers = w.answers.iter().cloned().collect();
        let End::Outcome(id) = &w.end else { continue };
        let r = flow::resolve(&c, c.outcome(id).unwrap(), &a, Lang::Zh, day);
        if r.finish_by.is_some() {
            assert!(is(&a, "progress", "enrolled"), "{a:?}");
        }
        if is(&a, "progress", "enrolled") {
            assert!(r.finish_by.is_some(), "{a:?}");
        }
    }
}

// --- Plain words ------------------------------------------------------------

/// Every route as a person meets it: each path with the provinces unknown,
/// then each path with a province of its own (moving away, in, or within
/// it) for every province with checked facts, and one path per outcome for
/// each pair of such provinces, so that two provinces' facts meet.
fn every_route_with_provinces(c: &Content, lang: Lang) -> Vec<(Answers, Resolved)> {
    let mut out = every_route(c, lang);
    let mut provinces: Vec<&str> = c.facts.iter().map(|f| f.province.as_str()).collect();
    provinces.dedup();
    let walks = flow::walks(c);
    let asks_provinces = |w: &flow::Walk| w.answers.iter().any(|(q, _)| q == "from_province");
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for p in &provinces {
        pairs.extend([(*p, "unknown"), ("unknown", *p), (*p, *p)]);
    }
    let mut resolve = |w: &flow::Walk, from: &str, to: &str| {
        let given: Answers = w.answers.iter().cloned().collect();
        let (a, o) = support::with_provinces(c, &given, from, to);
        let r = flow::resolve(c, o, &a, lang, None);
        out.push((a, r));
    };
    for w in walks.iter().filter(|w| asks_provinces(w)) {
        for (from, to) in &pairs {
            resolve(w, from, to);
        }
    }
    let mut seen: Vec<&End> = Vec::new();
    for w in walks.iter().filter(|w| asks_provinces(w)) {
        if seen.contains(&&w.end) {
            continue;
        }
        seen.push(&w.end);
        for from in &provinces {
            for to in provinces.iter().filter(|t| *t != from) {
                resolve(w, from, to);
            }
        }
    }
    out
}

/// The result pages as the wizard shows them, each page's texts: the
/// overview (what it is, the local notes, time, fee, benefits, checks),
/// the steps (with the phone line on a step that says to call), the
/// checklist and the notes (with the sources and the disclaimer).
fn pages(c: &Content, r: &Resolved, lang: Lang) -> [(&'static str, Vec<String>); 4] {
    let mut overview = what_it_is(r);
    for (line, cite) in yibao_guide::export::regional_lines(r) {
        overview.push(line);
        overview.extend(cite);
    }
    let mut steps = Vec::new();
    for s in &r.steps {
        steps.push(format!("{}\n{}", s.title, s.body));
        if c.steps.get(&s.id).is_some_and(|b| b.call) {
            steps.push(c.ui("hall.call_default", lang).to_owned());
        }
    }
    let mut materials = vec![c.ui("materials.hint", lang).to_owned()];
    materials.extend(
        r.materials
            .iter()
            .map(|m| format!("{}\n{}", m.name, m.needed)),
    );
    let mut notes = vec![c.ui("notes.hint", lang).to_owned()];
    notes.extend(r.notes.iter().map(|n| format!("{}\n{}", n.title, n.body)));
    for s in &r.sources {
        notes.push(format!("{} {}", s.title, s.confidence.label));
    }
    notes.push(c.meta.disclaimer.get(lang).to_owned());
    [
        ("overview", overview),
        ("steps", steps),
        ("materials", materials),
        ("notes", notes),
    ]
}

fn hedges(lang: Lang, text: &str) -> usize {
    match lang {
        Lang::Zh => text.matches("以当地为准").count(),
        Lang::En => {
            let t = text.to_lowercase();
            t.matches("confirm locally").count() + t.matches("check locally").count()
        }
    }
}

#[test]
fn no_result_page_says_confirm_locally_more_than_once() {
    let c = content();
    let mut seen = [0usize; 2];
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        for (a, r) in every_route_with_provinces(&c, lang) {
            for (page, texts) in pages(&c, &r, lang) {
                let n: usize = texts.iter().map(|t| hedges(lang, t)).sum();
                assert!(
                    n <= 1,
                    "{a:?}: the {page} page of `{}` says it {n} times:\n{}",
                    r.outcome,
                    texts.join("\n")
                );
                seen[i] += n;
            }
        }
    }
    // The hedge is still there where it belongs, in both languages.
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
}

/// Text inside 「」 is a name as an app or a website writes it (a menu
/// 「跨省转移接续转出地申请」), not our name for the place.
fn outside_quotes(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '「' => depth += 1,
            '」' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

#[test]
fn plain_words_one_name_per_place_the_bureau_and_no_long_paragraphs() {
    let c = content();
    let lang = Lang::Zh;
    let mut routes = 0;
    for (a, r) in every_route_with_provinces(&c, lang) {
        routes += 1;
        for (page, texts) in pages(&c, &r, lang) {
            for t in &texts {
                let ours = outside_quotes(t);
                for other in ["转出地", "转入地"] {
                    assert!(
                        !ours.contains(other),
                        "{a:?}: the {page} page calls a place {other}, not 原参保地 / 新参保地:\n{t}"
                    );
                }
                assert!(
                    !t.contains("经办机构"),
                    "{a:?}: the {page} page says 经办机构, not 医保局:\n{t}"
                );
                for line in t.lines() {
                    assert!(
                        line.chars().count() <= 120,
                        "{a:?}: on the {page} page, {} characters without a break; split it into points:\n{line}",
                        line.chars().count()
                    );
                }
            }
        }
    }
    assert!(routes > 100, "{routes}");
}

#[test]
fn every_step_of_every_outcome_says_when_it_happens_in_both_languages() {
    let c = content();
    // Every step any outcome lists, whatever its `when`.
    for o in &c.outcomes {
        for id in &o.steps {
            let st = &c.steps[id];
            let stage = st
                .stage
                .as_ref()
                .unwrap_or_else(|| panic!("step `{id}` of outcome `{}` has no stage", o.id));
            for lang in Lang::ALL {
                assert!(!stage.get(lang).trim().is_empty(), "{id} {lang:?}");
            }
        }
    }
    // And on every route the person is shown it, in their language, with
    // the phases in the order of the steps.
    for lang in Lang::ALL {
        for (a, r) in every_route(&c, lang) {
            for st in &r.steps {
                assert_eq!(
                    st.stage.as_deref(),
                    c.steps[&st.id].stage.as_ref().map(|t| t.get(lang)),
                    "{a:?}"
                );
            }
            let phases: Vec<&str> = r.stages().into_iter().map(|(_, s)| s).collect();
            let mut runs: Vec<&str> = r.steps.iter().filter_map(|s| s.stage.as_deref()).collect();
            runs.dedup();
            assert_eq!(phases, runs, "{a:?}");
        }
    }
}

//! The regional layer: the provinces asked, `scope` following from them,
//! each checked fact shown to the people of its province and to nobody
//! else, with its source and dates, in every export; the checks a
//! maintainer relies on (unknown block, weak source, stale facts).

mod support;

use support::*;
use yibao_guide::cli::route::{self, Format};
use yibao_guide::content::{BlockKind, Content, Lang};
use yibao_guide::flow::{self, Answers, Resolved};
use yibao_guide::load::load_embedded;

fn content() -> Content {
    load_embedded().expect("the built-in content loads")
}

fn province_ids(c: &Content) -> Vec<String> {
    c.question("from_province")
        .expect("a from_province question")
        .options
        .iter()
        .map(|o| o.id.clone())
        .filter(|p| p != "unknown")
        .collect()
}

/// The first path to each outcome that asks for the provinces, with the
/// provinces set to `from` and `to` and what they leave open answered with
/// the first option offered; what it resolves to.
fn situations(c: &Content, from: &str, to: &str, lang: Lang) -> Vec<(Answers, Resolved)> {
    situations_of(c, from, to, lang, true)
}

/// As [`situations`], with every path that asks for the provinces when
/// `one_per_outcome` is false.
fn situations_of(
    c: &Content,
    from: &str,
    to: &str,
    lang: Lang,
    one_per_outcome: bool,
) -> Vec<(Answers, Resolved)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for w in flow::walks(c) {
        let flow::End::Outcome(id) = &w.end else {
            continue;
        };
        if (one_per_outcome && seen.contains(id))
            || !w.answers.iter().any(|(q, _)| q == "from_province")
        {
            continue;
        }
        seen.push(id.clone());
        let given: Answers = w.answers.iter().cloned().collect();
        let (a, outcome) = with_provinces(c, &given, from, to);
        let r = flow::resolve(c, outcome, &a, lang, None);
        out.push((a, r));
    }
    out
}

/// Every way a person of province `p` can meet it: moving away, moving
/// in, and moving inside it.
fn routes_of(c: &Content, p: &str, lang: Lang, every_path: bool) -> Vec<(Answers, Resolved)> {
    [(p, "unknown"), ("unknown", p), (p, p)]
        .into_iter()
        .flat_map(|(f, t)| situations_of(c, f, t, lang, !every_path))
        .collect()
}

#[test]
fn every_fact_reaches_its_province_with_source_and_dates_and_no_other_province() {
    let c = content();
    assert!(c.facts.len() >= 20, "{} facts", c.facts.len());
    for lang in [Lang::Zh, Lang::En] {
        for f in &c.facts {
            let mine = routes_of(&c, &f.province, lang, true);
            let shown = mine
                .iter()
                .find(|(_, r)| r.regional.iter().any(|x| x.id == f.id))
                .unwrap_or_else(|| panic!("fact `{}` reaches nobody in {lang:?}", f.id));
            // The text a person reads holds the fact and where it is from.
            let x = shown.1.regional.iter().find(|x| x.id == f.id).unwrap();
            let text = route::render(&c, &shown.1, lang, Format::Text);
            assert!(text.contains(&x.line), "`{}` not in\n{text}", f.id);
            assert!(text.contains(&x.cite), "`{}`: no source in\n{text}", f.id);
            let month = &f.checked[..7];
            let (y, m) = month.split_once('-').unwrap();
            let checked = match lang {
                Lang::Zh => format!("{y}年{}月", m.trim_start_matches('0')),
                Lang::En => y.to_owned(),
            };
            assert!(x.cite.contains(&checked), "{}: {}", f.id, x.cite);
            if let Some(since) = &f.since {
                assert!(
                    x.line.contains(since.split('-').next().unwrap()),
                    "a fast-changing rule shows its start: {}",
                    x.line
                );
            }
        }
    }
    // Nobody from another province sees it: every province's routes show
    // only facts of that province.
    for p in province_ids(&c) {
        for (a, r) in routes_of(&c, &p, Lang::Zh, false) {
            for x in &r.regional {
                let from = a.get("from_province").map(String::as_str);
                let to = a.get("to_province").map(String::as_str);
                assert!(
                    Some(x.province.id.as_str()) == from || Some(x.province.id.as_str()) == to,
                    "{p}: `{}` of {} shown to {a:?}",
                    x.id,
                    x.province.id
                );
            }
        }
    }
}

#[test]
fn a_province_with_no_checked_fact_says_so_and_gives_the_national_route() {
    let c = content();
    let unchecked: Vec<String> = province_ids(&c)
        .into_iter()
        .filter(|p| !c.facts.iter().any(|f| &f.province == p))
        .collect();
    assert!(unchecked.contains(&"shandong".to_owned()), "{unchecked:?}");
    for p in &unchecked {
        for (_, r) in routes_of(&c, p, Lang::Zh, false) {
            assert!(r.regional.is_empty(), "{p}: {:?}", r.regional);
            assert!(
                r.regional_none
                    .iter()
                    .any(|l| l.contains("本省还没有核实过的地方说明")),
                "{p}: {:?}",
                r.regional_none
            );
            let text = route::render(&c, &r, Lang::Zh, Format::Markdown);
            assert!(text.contains("本省还没有核实过的地方说明"), "{p}");
        }
    }
}

#[test]
fn guangdong_within_the_province_says_the_balance_is_not_moved_in_place_of_the_national_text() {
    let c = content();
    let (_, r) = situations(&c, "guangdong", "guangdong", Lang::Zh)
        .into_iter()
        .find(|(a, _)| {
            a.get("insurance").is_some_and(|i| i == "employee")
                && flow::complete(&c, a)
                    .get("scope")
                    .is_some_and(|s| s == "within-province")
        })
        .expect("an employee moving within Guangdong");
    // The province's fact that stands in for the national text, from
    // content: the balance is not moved.
    let fact = c
        .facts
        .iter()
        .find(|f| {
            f.province == "guangdong"
                && f.replaces
                    .iter()
                    .any(|(k, id)| *k == BlockKind::Text && id == "account-within-province")
        })
        .expect("a Guangdong fact in place of the national text");
    assert!(
        r.personal_account.contains(fact.text.get(Lang::Zh)),
        "{}",
        r.personal_account
    );
    assert!(r.personal_account.contains("粤医保规〔2022〕6号"));
    assert!(r.personal_account.contains("核对于"));
    // A neighbour moving within its own province is not told Guangdong's rule.
    let (_, h) = situations(&c, "hunan", "hunan", Lang::Zh)
        .into_iter()
        .find(|(a, _)| a.get("insurance").is_some_and(|i| i == "employee"))
        .unwrap();
    assert!(
        !h.personal_account.contains("广东"),
        "{}",
        h.personal_account
    );
    let text = route::render(&c, &h, Lang::Zh, Format::Text);
    assert!(!text.contains("广东："), "{text}");
}

#[test]
fn both_provinces_known_decide_the_scope_and_a_municipality_is_never_within_a_province() {
    let c = content();
    for p in province_ids(&c) {
        for (f, t) in [(p.as_str(), "hunan"), (p.as_str(), p.as_str())] {
            for (a, _) in situations(&c, f, t, Lang::Zh) {
                let all = flow::complete(&c, &a);
                let Some(scope) = all.get("scope") else {
                    continue;
                };
                let asked = flow::path(&c, &a).iter().any(|q| q.id == "scope");
                if f != t {
                    assert_eq!(scope, "cross-province", "{a:?}");
                    assert!(!asked, "scope is not asked between two provinces: {a:?}");
                } else if ["beijing", "tianjin", "shanghai", "chongqing"].contains(&f) {
                    assert_eq!(scope, "same-area", "{a:?}");
                    assert!(!asked, "a municipality is not asked: {a:?}");
                } else {
                    assert_ne!(scope, "cross-province", "{a:?}");
                }
            }
        }
    }
    // From or to a municipality, "within the province" is never offered.
    let q = c.question("scope").unwrap();
    for (from, to) in [("beijing", "unknown"), ("unknown", "shanghai")] {
        let a: Answers = [
            ("insurance", "employee"),
            ("from_province", from),
            ("to_province", to),
        ]
        .iter()
        .map(|(q, o)| ((*q).to_owned(), (*o).to_owned()))
        .collect();
        let offered: Vec<&str> = flow::choices(&c, q, &a)
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        assert!(
            !offered.contains(&"within-province"),
            "{from}->{to}: {offered:?}"
        );
    }
}

/// `route` for an employee with a new employer, enrolled, moving from
/// one province to another (or within one), said to be within a province.
fn employee_within(from: &str, to: &str, channel: &str) -> Output {
    let (from, to, channel) = (
        format!("from_province={from}"),
        format!("to_province={to}"),
        format!("channel={channel}"),
    );
    run(&[
        "route",
        "insurance=employee",
        "retired=no",
        "situation=none",
        "stay=long-term",
        &from,
        &to,
        "scope=within-province",
        "new_insurance=employer",
        "progress=enrolled",
        &channel,
    ])
}

#[test]
fn route_refuses_a_scope_the_provinces_contradict_and_keeps_old_command_lines() {
    let out = employee_within("guangdong", "hunan", "online");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(
        out.stderr.contains("from_province=guangdong")
            && out.stderr.contains("to_province=hunan")
            && out.stderr.contains("cross-province"),
        "{}",
        out.stderr
    );
    // The four-question command line still works, with the provinces
    // assumed unknown.
    let old = run(&[
        "route",
        "insurance=employee",
        "reason=job",
        "scope=within-province",
        "channel=online",
    ]);
    assert_eq!(old.code, Some(0), "{old:?}");
}

/// An employee moving within Fujian, online, as `route` arguments.
const WITHIN_FUJIAN: &[&str] = &[
    "route",
    "insurance=employee",
    "retired=no",
    "situation=none",
    "stay=long-term",
    "from_province=fujian",
    "to_province=fujian",
    "scope=within-province",
    "new_insurance=employer",
    "progress=enrolled",
    "channel=online",
];

#[test]
fn json_lists_the_regional_facts_with_source_and_dates() {
    let out = run(&[WITHIN_FUJIAN, &["--format", "json"]].concat());
    assert_eq!(out.code, Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let regional = v["regional"].as_array().expect("a regional list");
    assert!(!regional.is_empty());
    for f in regional {
        assert_eq!(f["province"]["id"], "fujian", "{f}");
        for key in ["id", "text", "source", "checked"] {
            assert!(f[key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {f}");
        }
        assert!(f["source_date"].is_string(), "{f}");
        assert!(f["confidence"]["id"].is_string(), "{f}");
    }
    // The receipt carries them too, with where they come from.
    let receipt = run(&[WITHIN_FUJIAN, &["--format", "receipt"]].concat());
    assert!(receipt.stdout.contains("福建"), "{}", receipt.stdout);
    assert!(receipt.stdout.contains("来源"), "{}", receipt.stdout);
}

#[test]
fn check_refuses_a_replacement_of_a_block_that_does_not_exist_and_a_weak_fact() {
    let m = Mini::real_content("regions_bad_replace");
    m.edit(
        "regions/guangdong.toml",
        "replaces = [\"text:account-within-province\"]",
        "replaces = [\"text:no-such-text\"]",
    );
    let ds = m.load().expect_err("a replacement of nothing is refused");
    assert!(
        ds.iter()
            .any(|d| d.message.contains("unknown text `no-such-text`")
                && d.file.ends_with("guangdong.toml")),
        "{}",
        show(&ds)
    );
    let m = Mini::real_content("regions_weak");
    let text = m.read("regions/fujian.toml");
    m.write(
        "regions/fujian.toml",
        &text.replace(
            "checked = \"2026-12-01\"\nconfidence = \"high\"",
            "checked = \"2026-12-01\"\nconfidence = \"low\"",
        ),
    );
    let ds = m.load().expect_err("a weak fact is refused");
    assert!(
        ds.iter()
            .any(|d| d.message.contains("confidence must be `high` or `medium`")),
        "{}",
        show(&ds)
    );
}

#[test]
fn check_refuses_a_fact_that_holds_outside_its_own_province() {
    // Written under Fujian but shown to people moving to Zhejiang: it would
    // reach people who never named Fujian.
    let m = Mini::real_content("regions_elsewhere");
    m.edit(
        "regions/fujian.toml",
        "{ equals = { to_province = \"fujian\" } } ] }, { not = { equals = { scope = \"same-area\" } } } ] }",
        "{ equals = { to_province = \"zhejiang\" } } ] }, { not = { equals = { scope = \"same-area\" } } } ] }",
    );
    let ds = m
        .load()
        .expect_err("a fact that holds elsewhere is refused");
    assert!(
        ds.iter().any(|d| d
            .message
            .contains("fact `fujian-channels` is about `fujian`")
            && d.message
                .contains("neither `from_province` nor `to_province` is `fujian`")
            && d.file.ends_with("fujian.toml")
            && d.line == 12),
        "{}",
        show(&ds)
    );
}

#[test]
fn check_stale_after_lists_each_fact_not_checked_in_time_with_its_place() {
    let m = Mini::real_content("regions_stale");
    m.edit(
        "regions/zhejiang.toml",
        "source = \"hangzhou-bendibao-2024\"\nsource_date = \"2024-08\"\nchecked = \"2026-12-01\"\nconfidence = \"medium\"\n\n[[fact]]",
        "source = \"hangzhou-bendibao-2024\"\nsource_date = \"2024-08\"\nchecked = \"2020-01-02\"\nconfidence = \"medium\"\n\n[[fact]]",
    );
    // Plain `check` warns and passes.
    let warned = m.run(&["check"]);
    assert_eq!(warned.code, Some(0), "{warned:?}");
    assert!(
        warned.stdout.contains("zhejiang-channels"),
        "{}",
        warned.stdout
    );
    // As a gate it fails, naming the file and line of the date.
    let gate = m.run(&["check", "--stale-after", "365"]);
    assert_eq!(gate.code, Some(1), "{gate:?}");
    let file = m.name("regions/zhejiang.toml");
    let line = m
        .read("regions/zhejiang.toml")
        .lines()
        .position(|l| l == "checked = \"2020-01-02\"")
        .unwrap()
        + 1;
    assert!(
        gate.stderr.contains(&format!("{file}:{line}:")),
        "{}",
        gate.stderr
    );
    assert!(gate.stderr.contains("zhejiang-channels"), "{}", gate.stderr);
    assert!(!gate.stderr.contains("zhejiang-within"), "{}", gate.stderr);
    // A generous gate passes.
    assert_eq!(m.run(&["check", "--stale-after", "10000"]).code, Some(0));
}

#[test]
fn diff_shows_a_changed_regional_fact_with_its_province() {
    let m = Mini::real_content("regions_diff");
    m.edit(
        "regions/fujian.toml",
        "福建省内转移当天就能办好（即办件）",
        "福建省内转移当天办好（即办件）",
    );
    let out = run(&["diff", m.dir.to_str().unwrap()]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout.contains("fact fujian-within-same-day (fujian,"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("+ 福建：福建省内转移当天办好"),
        "{}",
        out.stdout
    );
}

/// The source date as a cite writes it: "2022年6月20日" / "20 Jun 2022",
/// or the month alone.
fn cited_date(lang: Lang, d: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<u32> = d.split('-').map(|p| p.parse().unwrap()).collect();
    match (lang, parts.as_slice()) {
        (Lang::Zh, [y, m, day]) => format!("{y}年{m}月{day}日"),
        (Lang::Zh, [y, m]) => format!("{y}年{m}月"),
        (Lang::En, [y, m, day]) => format!("{day} {} {y}", MONTHS[*m as usize - 1]),
        (Lang::En, [y, m]) => format!("{} {y}", MONTHS[*m as usize - 1]),
        _ => panic!("{d}"),
    }
}

/// Each fact's cite names its source by title, and gives the source's date
/// once, also when the title already says it (the Guangdong measures,
/// "2022年6月20日发布"); and `route`, which decodes only the blocks of
/// its outcome, says the same as the wizard.
#[test]
fn a_cite_names_its_source_and_gives_its_date_once() {
    let c = content();
    let mut cites = 0;
    for lang in Lang::ALL {
        for p in province_ids(&c) {
            for (a, r) in routes_of(&c, &p, lang, false) {
                let provinces = ["from_province", "to_province"]
                    .iter()
                    .filter_map(|q| a.get(*q).cloned())
                    .collect();
                let wanted = yibao_guide::embed::Wanted {
                    outcome: r.outcome.clone(),
                    provinces,
                };
                let one = yibao_guide::load::load_for(None, |_| Some(wanted))
                    .expect("the outcome's blocks decode");
                let o = one.outcome(&r.outcome).expect("the outcome");
                let alone = flow::resolve(&one, o, &a, lang, None);
                assert_eq!(alone.regional, r.regional, "{a:?}");
                for f in &r.regional {
                    cites += 1;
                    let source = &c.sources[&c.facts.iter().find(|x| x.id == f.id).unwrap().source];
                    assert!(f.cite.contains(source.title.get(lang)), "{}", f.cite);
                    if let Some(d) = &f.source_date {
                        let date = cited_date(lang, d);
                        assert_eq!(f.cite.matches(&date).count(), 1, "{date}: {}", f.cite);
                    }
                }
            }
        }
    }
    assert!(cites > 0);
    // As `route` prints it for someone moving within Guangdong.
    let out = employee_within("guangdong", "guangdong", "offline");
    assert_eq!(out.code, Some(0), "{out:?}");
    let cite = out
        .stdout
        .lines()
        .find(|l| l.contains("粤医保规〔2022〕6号") && l.contains("来源"))
        .expect("the Guangdong measures cited");
    assert_eq!(cite.matches("2022年6月20日").count(), 1, "{cite}");
    assert!(
        !out.stdout.contains("来源：zhongshan-2023"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("来源：中山市医疗保障局网站"),
        "{}",
        out.stdout
    );
}

//! Content releases, as a maintainer and a kiosk use them: `diff` of two
//! contents, the booklet of every route (`route --all`), and
//! `content install` / `rollback` / `status` on a throwaway root.

#[path = "fixtures/support.rs"]
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::*;
use yibao_guide::flow;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-release-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            copy_dir(&p, &to.join(p.file_name().unwrap()));
        } else {
            fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

// ---- diff -----------------------------------------------------------

#[test]
fn diff_of_equal_contents_says_nothing_changes_and_exits_0() {
    let (a, b) = (Mini::new("diff_same_a"), Mini::new("diff_same_b"));
    let out = run(&["diff", s(&a.dir), s(&b.dir)]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let paths = flow::walks(&a.content()).len();
    assert!(
        out.stdout.contains(&format!(
            "no change for a person on any of the {paths} paths"
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn a_renamed_material_is_shown_in_both_languages_with_where_it_is_used() {
    let (a, b) = (Mini::new("diff_text_a"), Mini::new("diff_text_b"));
    b.edit(
        "materials.toml",
        r#"name = { zh = "劳动合同", en = "Labour contract" }"#,
        r#"name = { zh = "劳动合同或聘用合同", en = "Labour or hiring contract" }"#,
    );
    let out = run(&["diff", s(&a.dir), s(&b.dir)]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let o = &out.stdout;
    for want in [
        "material job-proof: name",
        "zh: - 劳动合同\n",
        "zh: + 劳动合同或聘用合同\n",
        "en: - Labour contract\n",
        "en: + Labour or hiring contract\n",
        "used in employee-cross-online (1 path)",
        "insurance=employee reason=job scope=cross-province channel=online\n      materials: ~job-proof",
        "paths that change: 1 of",
        "texts that change: 1\n",
    ] {
        assert!(o.contains(want), "`{want}` missing:\n{o}");
    }
}

#[test]
fn a_step_added_and_a_material_dropped_show_on_each_path_they_touch() {
    let (a, b) = (Mini::new("diff_steps_a"), Mini::new("diff_steps_b"));
    b.edit(
        "outcomes.toml",
        r#"steps = ["window"]
materials = ["id-card", "transfer-form"]"#,
        r#"steps = ["window", "collect"]
materials = ["id-card"]"#,
    );
    let blocks = b.read("blocks.toml");
    b.write(
        "blocks.toml",
        &format!(
            "{blocks}\n[[step]]\nid = \"collect\"\ntitle = {{ zh = \"领取凭证\", en = \"Collect the receipt\" }}\nbody = {{ zh = \"到窗口领取。\", en = \"At the window.\" }}\nplace = \"transfer-in\"\n"
        ),
    );
    let out = run(&["diff", s(&a.dir), s(&b.dir)]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let o = &out.stdout;
    // employee-cross-offline: every reason but retirement.
    let touched = o.matches("materials: -transfer-form").count();
    assert_eq!(touched, 4, "{o}");
    assert!(
        o.contains("steps: 2 -> 3") || o.contains("steps: 1 -> 2"),
        "{o}"
    );
    assert!(
        o.contains("(new)\n      used in employee-cross-offline (4 paths)"),
        "{o}"
    );
    assert!(o.contains("zh: + 领取凭证"), "{o}");
    assert!(!o.contains("employee-cross-online\n"), "{o}");
}

#[test]
fn diff_against_the_built_in_content_takes_one_folder() {
    let dir = temp("diff_builtin");
    copy_dir(&manifest_dir().join("content"), &dir);
    let out = run(&["diff", s(&dir)]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let updated = fs::read_to_string(dir.join("meta.toml")).unwrap().replacen(
        "version = \"",
        "version = \"next-",
        1,
    );
    fs::write(dir.join("meta.toml"), updated).unwrap();
    let out = run(&["diff", s(&dir)]);
    assert_eq!(
        out.code,
        Some(0),
        "a new version number alone changes nothing for a person: {out:?}"
    );
    assert!(out.stdout.contains("-> next-"), "{}", out.stdout);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn diff_with_a_broken_content_names_the_problem_and_exits_2() {
    let (a, b) = (Mini::new("diff_broken_a"), Mini::new("diff_broken_b"));
    b.add("syntax");
    let out = run(&["diff", s(&a.dir), s(&b.dir)]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("zz-syntax.toml:"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot be compared until it passes check"),
        "{}",
        out.stderr
    );
}

// ---- booklet --------------------------------------------------------

#[test]
fn the_booklet_has_every_outcome_once_with_every_path_to_it() {
    let m = Mini::new("booklet_md");
    let c = m.content();
    let out = m.run(&["route", "--all", "--format", "markdown"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let o = &out.stdout;
    let walks = flow::walks(&c);
    let mut outcomes: Vec<String> = walks
        .iter()
        .filter_map(|w| match &w.end {
            flow::End::Outcome(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    outcomes.dedup();
    outcomes.sort();
    outcomes.dedup();
    for id in &outcomes {
        let headings = o
            .lines()
            .filter(|l| l.starts_with("## 路线 ") && l.ends_with(&format!("（{id}）")))
            .count();
        assert_eq!(headings, 1, "route {id}:\n{o}");
    }
    assert_eq!(o.matches("\n## 路线 ").count(), outcomes.len(), "{o}");
    assert_eq!(
        o.matches("\n- 回答 ").count(),
        walks.len(),
        "one line per path:\n{o}"
    );
    assert_eq!(
        o.matches("核对人：").count(),
        outcomes.len(),
        "a sign-off per route"
    );
    assert!(
        o.contains(&format!(
            "共 {} 条路线，{} 种回答组合",
            outcomes.len(),
            walks.len()
        )),
        "{o}"
    );
    // Sources with their address and confidence.
    assert!(
        o.contains("规定甲 [") && o.contains("https://example.org/rule-a"),
        "{o}"
    );
    // A material needed on some paths only says on which.
    let section = o
        .split("\n## 路线 ")
        .find(|sec| {
            sec.lines()
                .next()
                .is_some_and(|l| l.ends_with("（employee-cross-online）"))
        })
        .unwrap();
    assert!(
        section.contains("劳动合同（复印件，1份）：因工作转移时（只用于回答 1）"),
        "{section}"
    );
}

#[test]
fn the_booklet_in_english_and_as_a_printable_page() {
    let m = Mini::new("booklet_html");
    m.edit(
        "outcomes.toml",
        r#"en = "Employee, other province, online""#,
        r#"en = "Employee & co. <online>""#,
    );
    let out = m.run(&["route", "--all", "--format", "html", "--lang", "en"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let o = &out.stdout;
    assert!(o.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{o}");
    assert!(o.contains("Employee &amp; co. &lt;online&gt;"), "{o}");
    assert!(!o.contains("<online>"), "{o}");
    assert!(
        o.contains("@media print") && o.contains("break-before: page"),
        "{o}"
    );
    let routes = o.matches("<section class=\"route\">").count();
    assert_eq!(routes, o.matches("</section>").count());
    assert_eq!(routes, o.matches("Checked by:").count());
    assert!(o.contains("Answers that lead here"), "{o}");
    assert!(o.trim_end().ends_with("</html>"));
}

#[test]
fn the_booklet_refuses_answers_and_formats_it_cannot_make() {
    let m = Mini::new("booklet_usage");
    let out = m.run(&["route", "--all", "insurance=employee"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    let out = m.run(&["route", "--all", "--format", "json"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("text, markdown or html"), "{out:?}");
    let out = m.run(&[
        "route",
        "insurance=resident",
        "scope=cross-province",
        "channel=online",
        "reason=job",
        "--format",
        "html",
    ]);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert!(out.stderr.contains("route --all --format html"), "{out:?}");
}

// ---- content install / rollback --------------------------------------

fn install(root: &Path, dir: &Path, extra: &[&str]) -> Output {
    run(&[&["content", "install", s(dir), "--root", s(root)], extra].concat())
}

/// The install failed with exit 1 and says all of `why`.
#[track_caller]
fn refused(out: &Output, why: &[&str]) {
    assert_eq!(out.code, Some(1), "{out:?}");
    for w in why {
        assert!(out.stderr.contains(w), "`{w}` missing:\n{}", out.stderr);
    }
}

fn current(root: &Path) -> String {
    fs::read_link(root.join("current")).map_or_else(|_| "none".into(), |p| p.display().to_string())
}

#[test]
fn install_switches_current_only_for_content_that_passes_and_rollback_goes_back() {
    let root = temp("install");
    let v1 = Mini::new("install_v1");
    let out = install(&root, &v1.dir, &[]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(current(&root), "releases/test-1");
    assert!(
        out.stdout.contains("systemctl restart yibao-guide-kiosk"),
        "{}",
        out.stdout
    );
    // The kiosk reads the link like any content folder.
    let route = run(&[
        "route",
        "insurance=resident",
        "reason=job",
        "scope=cross-province",
        "channel=online",
        "--content",
        s(&root.join("current")),
    ]);
    assert_eq!(route.code, Some(0), "{route:?}");

    // A broken release: refused, nothing left behind, current unchanged.
    let broken = Mini::new("install_broken");
    broken
        .edit("meta.toml", "test-1", "test-2")
        .add("dangling_reference");
    refused(
        &install(&root, &broken.dir, &[]),
        &[
            "was not installed; the current release is unchanged",
            "zz-dangling_reference.toml:",
        ],
    );
    assert_eq!(current(&root), "releases/test-1");
    let names: Vec<String> = fs::read_dir(root.join("releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["test-1"], "no half-made release is left");

    // Same version, other files: refused.
    let same = Mini::new("install_same_version");
    same.edit("materials.toml", "Labour contract", "Contract");
    refused(&install(&root, &same.dir, &[]), &["raise meta.version"]);

    // A second release becomes current; the first is kept as previous.
    same.edit("meta.toml", "test-1", "test-2");
    let out = install(&root, &same.dir, &[]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(current(&root), "releases/test-2");
    assert_eq!(
        fs::read_link(root.join("previous")).unwrap(),
        Path::new("releases/test-1")
    );
    let status = run(&["content", "status", "--root", s(&root)]);
    assert!(
        status
            .stdout
            .contains("current -> releases/test-2 : version test-2"),
        "{status:?}"
    );

    // Editing the source folder afterwards does not touch the release.
    same.edit("materials.toml", "Contract", "Changed later");
    assert!(
        fs::read_to_string(root.join("current/materials.toml"))
            .unwrap()
            .contains("\"Contract\"")
    );

    let out = run(&["content", "rollback", "--root", s(&root)]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(current(&root), "releases/test-1");
    assert_eq!(
        fs::read_link(root.join("previous")).unwrap(),
        Path::new("releases/test-2")
    );
    // Rolling back again goes forward to test-2: the two swap.
    let out = run(&["content", "rollback", "--root", s(&root)]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(current(&root), "releases/test-2");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn stale_content_is_refused_by_the_stale_gate() {
    let root = temp("stale");
    let m = Mini::new("install_stale");
    m.edit(
        "meta.toml",
        "updated = \"2026-11-25\"",
        "updated = \"2020-01-06\"",
    );
    refused(
        &install(&root, &m.dir, &["--stale-after", "30"]),
        &[
            "the content is stale: meta.updated is 2020-01-06",
            "more than --stale-after 30",
        ],
    );
    assert_eq!(current(&root), "none");
    assert!(
        fs::read_dir(root.join("releases")).map_or(true, |mut d| d.next().is_none()),
        "nothing copied"
    );
    let out = install(&root, &m.dir, &["--stale-after", "100000"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(current(&root), "releases/test-1");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn rollback_without_a_previous_release_says_so() {
    let root = temp("no_previous");
    fs::create_dir_all(&root).unwrap();
    let out = run(&["content", "rollback", "--root", s(&root)]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stderr.contains("no previous release"), "{}", out.stderr);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_step_shown_for_some_answers_only_stays_in_one_route_and_says_for_which() {
    let m = Mini::new("booklet_step_when");
    m.edit(
        "blocks.toml",
        "title = { zh = \"等待办结\", en = \"Wait\" }",
        "title = { zh = \"等待办结\", en = \"Wait\" }\nwhen = { equals = { reason = \"hukou\" } }",
    );
    // The step cites a source of its own, which the outcome does not.
    m.edit(
        "blocks.toml",
        "id = \"wait\"\nsources = [\"rule-a\"]",
        "id = \"wait\"\nsources = [\"rule-b\"]",
    );
    let out = m.run(&["route", "--all", "--format", "text", "--lang", "en"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let o = &out.stdout;
    let headings = o
        .lines()
        .filter(|l| l.starts_with("Route ") && l.ends_with("(employee-cross-online)"))
        .count();
    assert_eq!(headings, 1, "{o}");
    // Answers 1 to 4 are job, hukou, family, other: the step is on 2 only.
    assert!(
        o.contains("Step 2: Wait (") && o.contains(") (only for paths 2)\n"),
        "{o}"
    );
    assert!(o.contains("Step 1: Apply ("), "{o}");
    // The route's sources are those of all its paths: the step's too.
    let route = &o[o.find("\nRoute 1: ").unwrap()..];
    let route = &route[..route.find("\nRoute 2: ").unwrap_or(route.len())];
    assert!(
        route.contains("Rule B [") && route.contains("Rule A ["),
        "{route}"
    );
}

#[test]
fn diff_takes_the_old_content_from_content_when_given_one_folder() {
    let (a, b) = (Mini::new("diff_flag_a"), Mini::new("diff_flag_b"));
    b.edit("materials.toml", "Labour contract", "Contract");
    let out = run(&["diff", s(&b.dir), "--content", s(&a.dir)]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stdout.contains("en: - Labour contract\n"),
        "{}",
        out.stdout
    );
}

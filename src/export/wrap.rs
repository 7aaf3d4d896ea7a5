//! Wrapping for Chinese and mixed Chinese/Latin text by display width, with
//! the Unicode line-breaking rules (UAX #14): no line starts with 。，、；：？！）
//! and Latin words stay whole where they fit.

use textwrap::{Options, WordSeparator, WrapAlgorithm};
use unicode_width::UnicodeWidthStr;

/// Splits `text` into lines of at most `width` display columns. Explicit
/// newlines start new lines. A width of 0 yields no lines.
///
/// The screens wrap the same texts at the same widths on every frame: the
/// lines of the last few thousand are remembered, by the text and the
/// width.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::BuildHasher;
    type Seen = HashMap<(u64, usize), (Box<str>, Vec<String>), foldhash::fast::FixedState>;
    thread_local! {
        static SEEN: RefCell<Seen> = RefCell::new(Seen::default());
    }
    /// Enough for every text of a few screens; past it, all is forgotten.
    const KEEP: usize = 4096;
    let key = (foldhash::fast::FixedState::default().hash_one(text), width);
    if let Some(lines) = SEEN.with_borrow(|seen| {
        seen.get(&key)
            .filter(|(t, _)| **t == *text)
            .map(|(_, l)| l.clone())
    }) {
        return lines;
    }
    let lines = wrap_lines(text, width);
    SEEN.with_borrow_mut(|seen| {
        if seen.len() >= KEEP {
            seen.clear();
        }
        seen.insert(key, (text.into(), lines.clone()));
    });
    lines
}

fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    // In English text a Chinese term such as (医保电子凭证) stays whole:
    // break at spaces only. Chinese text breaks by the Unicode rules.
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    let wide = text
        .chars()
        .filter(|c| unicode_width::UnicodeWidthChar::width(*c) == Some(2))
        .count();
    let separator = if latin > wide {
        WordSeparator::AsciiSpace
    } else {
        WordSeparator::UnicodeBreakProperties
    };
    let opts = Options::new(width)
        .word_separator(separator)
        .wrap_algorithm(WrapAlgorithm::FirstFit)
        .break_words(true);
    let mut out = Vec::new();
    for para in text.split('\n') {
        if para.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        for line in textwrap::wrap(para, &opts) {
            out.push(line.trim_end().to_owned());
        }
    }
    out
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.width()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NO_START: &[char] = &['。', '，', '、', '；', '：', '？', '！', '）', '」', '》'];

    #[test]
    fn chinese_punctuation_never_starts_a_line() {
        let text = "转出地经办机构在10个工作日内办结转出手续，转入地在5个工作日内办结转入手续。全程不收费，最长不超过15个工作日（以当地为准）。";
        for w in 6..40 {
            for line in wrap(text, w) {
                assert!(line.width() <= w, "{line:?} > {w}");
                let first = line.chars().next().unwrap();
                assert!(
                    !NO_START.contains(&first),
                    "width {w}: line starts with {first}: {line:?}"
                );
            }
        }
    }

    #[test]
    fn latin_words_inside_chinese_stay_whole() {
        let text = "打开国家医保服务平台APP，在首页点击地方专区后找到跨省转移接续入口";
        for w in 10..30 {
            let lines = wrap(text, w);
            let joined = lines.join("|");
            assert!(
                !joined.contains("A|PP") && !joined.contains("AP|P"),
                "width {w}: {joined}"
            );
            assert_eq!(
                lines.concat(),
                text,
                "wrapping must not lose or add characters"
            );
        }
    }

    #[test]
    fn english_wraps_at_spaces() {
        let lines = wrap("Apply online with the national app", 12);
        assert_eq!(lines, vec!["Apply online", "with the", "national app"]);
    }

    #[test]
    fn chinese_terms_in_english_text_stay_whole() {
        let text = "Bring the social security card, or open the electronic code (医保电子凭证) on your phone.";
        for w in 20..60 {
            let lines = wrap(text, w);
            assert!(
                lines.iter().any(|l| l.contains("(医保电子凭证)")),
                "width {w}: {lines:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn never_wider_than_asked(s in "[a-z 职工医保转移。，（）A-Z0-9]{0,80}", w in 1usize..30) {
            for line in wrap(&s, w) {
                prop_assert!(line.width() <= w.max(2), "{:?} > {}", line, w);
            }
        }
    }
}

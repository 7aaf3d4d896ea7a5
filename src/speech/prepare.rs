//! Text made ready for a voice: phone numbers digit by digit, years as
//! people say them, no brackets, quotes, slashes or web addresses read
//! out, and the content's own spoken forms for phrases a voice gets wrong.

use crate::content::Lang;

/// Prepares `text` for speaking in `lang`. `table` holds the content's
/// phrase -> spoken form pairs (`[speak.zh]` / `[speak.en]`), applied first.
pub fn prepare(text: &str, lang: Lang, table: &[(String, String)]) -> String {
    let text = drop_addresses(&clean(text));
    let text = apply_table(&text, table);
    let text = match lang {
        Lang::Zh => text,
        Lang::En => drop_han(&text),
    };
    let text = numbers(&text, lang);
    tidy(&marks(&text, lang), lang)
}

/// No control characters (an escape sequence is never spoken or printed).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect::<String>()
        .replace("  ", " ")
}

/// Web addresses are not read out: nobody can type them from hearing.
fn drop_addresses(text: &str) -> String {
    text.split(' ')
        .filter(|w| !(w.starts_with("http://") || w.starts_with("https://")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Replaces each phrase by its spoken form, longest phrase first. A phrase
/// that begins or ends with a Latin letter or digit only matches whole
/// words ("Mon" is not found in "Month").
fn apply_table(text: &str, table: &[(String, String)]) -> String {
    if table.is_empty() {
        return text.to_owned();
    }
    let mut order: Vec<&(String, String)> = table.iter().filter(|(p, _)| !p.is_empty()).collect();
    order.sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < text.len() {
        let rest = &text[i..];
        for (phrase, said) in &order {
            if rest.starts_with(phrase.as_str()) {
                let before = text[..i].chars().next_back();
                let after = rest[phrase.len()..].chars().next();
                let first = phrase.chars().next().is_some_and(is_word_char);
                let last = phrase.chars().next_back().is_some_and(is_word_char);
                let inside_word = first && before.is_some_and(is_word_char)
                    || last && after.is_some_and(is_word_char);
                if !inside_word {
                    out.push_str(said);
                    i += phrase.len();
                    continue 'outer;
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_cjk_mark(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// English speech: Chinese words quoted for reference ("the app (国家医保服务平台)")
/// are left out; an English voice would spell them out.
fn drop_han(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '(' | '（')
            && let Some(len) = chars[i + 1..].iter().position(|&x| matches!(x, ')' | '）'))
        {
            let inner = &chars[i + 1..i + 1 + len];
            if inner.iter().any(|&x| is_han(x)) {
                i += len + 2;
                continue;
            }
        }
        if is_han(c) || is_cjk_mark(c) && !matches!(c, '，' | '。' | '：' | '；') {
            out.push(' ');
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

const ZH_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Runs of digits: phone numbers (five digits or more, a dash allowed
/// between groups) are said digit by digit; years as people say them.
fn numbers(text: &str, lang: Lang) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit()
            || (i > 0 && (chars[i - 1] == '.' || is_word_char(chars[i - 1])))
        {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The run: digits, with single dashes between digit groups.
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit()
                || (chars[j] == '-'
                    && j + 1 < chars.len()
                    && chars[j + 1].is_ascii_digit()
                    && chars[j - 1].is_ascii_digit()))
        {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let next = chars.get(j).copied();
        let prev = i.checked_sub(1).map(|k| chars[k]);
        let decimal = next == Some('.') && chars.get(j + 1).is_some_and(char::is_ascii_digit);
        let spoken = if decimal || next.is_some_and(|c| c.is_ascii_alphabetic()) {
            run.clone()
        } else if digits.len() >= 5 || run.contains('-') && digits.len() >= 7 {
            phone(&digits, lang)
        } else if lang == Lang::Zh && digits.len() == 4 && zh_year(&digits, prev, next) {
            digits
                .chars()
                .map(|d| ZH_DIGITS[d as usize - '0' as usize])
                .collect()
        } else if lang == Lang::En && digits.len() == 4 && !run.contains('-') {
            english_year(&digits)
        } else {
            run.clone()
        };
        out.push_str(&spoken);
        i = j;
    }
    out
}

/// A year said digit by digit, as in Chinese: before 年, in a range
/// ("2025至2026年"), or in a document number ("〔2021〕43号").
fn zh_year(digits: &str, prev: Option<char>, next: Option<char>) -> bool {
    let n: u32 = digits.parse().unwrap_or(0);
    (1900..=2099).contains(&n)
        && (matches!(next, Some('年' | '至' | '到' | '〕' | ']'))
            || matches!(prev, Some('〔' | '[')))
}

/// A phone number one digit at a time; in Chinese 1 is said 幺, as on
/// the phone.
fn phone(digits: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => digits
            .chars()
            .map(|d| match d {
                '1' => '幺',
                d => ZH_DIGITS[d as usize - '0' as usize],
            })
            .collect(),
        Lang::En => {
            let v: Vec<String> = digits.chars().map(|d| d.to_string()).collect();
            format!(" {} ", v.join(" "))
        }
    }
}

/// "2026" said "twenty twenty-six": split into two pairs for 2010-2099
/// and 1900-1999, other four-digit numbers as they are.
fn english_year(digits: &str) -> String {
    let n: u32 = digits.parse().unwrap_or(0);
    if (2010..=2099).contains(&n) || (1910..=1999).contains(&n) {
        format!("{} {}", &digits[..2], &digits[2..])
    } else {
        digits.to_owned()
    }
}

/// Brackets, quotes, slashes and symbols become pauses or go; nothing is
/// read out as a punctuation mark.
fn marks(text: &str, lang: Lang) -> String {
    let (pause, stop) = match lang {
        Lang::Zh => ("，", "。"),
        Lang::En => (", ", ". "),
    };
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let alone = (i == 0 || !(chars[i - 1].is_alphanumeric()))
            && chars.get(i + 1).is_none_or(|n| *n == ' ');
        if matches!(c, '?' | '？') && alone {
            // A key to type, named: "输入 ? 帮助".
            out.push_str(if lang == Lang::Zh {
                "问号"
            } else {
                " question mark "
            });
            continue;
        }
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        match c {
            '(' | ')' | '（' | '）' | '[' | ']' | '【' | '】' | '〔' | '〕' | '/' | '|' | '｜'
            | '、' | ',' | '，' | '…' | '·' | '—' | '–' => out.push_str(pause),
            '-' if between_digits => out.push_str(if lang == Lang::Zh { "到" } else { " to " }),
            '~' | '～' => out.push_str(if lang == Lang::Zh { "到" } else { " to " }),
            '-' => out.push(' '),
            '《' | '》' | '「' | '」' | '『' | '』' | '"' | '“' | '”' | '‘' | '’' | '*' | '#'
            | '_' | '=' | '<' | '>' | '^' | '`' | '{' | '}' | '\\' => out.push(' '),
            '\'' if lang == Lang::Zh => out.push(' '),
            '\'' => {
                // Keep it inside a word (don't, person's); drop it as a quote.
                let inside = i > 0
                    && chars[i - 1].is_ascii_alphabetic()
                    && chars.get(i + 1).is_some_and(char::is_ascii_alphabetic);
                out.push(if inside { '\'' } else { ' ' });
            }
            '&' => out.push_str(if lang == Lang::Zh { "和" } else { " and " }),
            '+' if lang == Lang::Zh => out.push('加'),
            '+' => out.push_str(" plus "),
            '。' | '！' | '？' | '；' | '!' | '?' | ';' => out.push_str(stop),
            '.' if chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && i > 0
                && chars[i - 1].is_ascii_digit() =>
            {
                out.push('.')
            }
            '.' => out.push_str(stop),
            '：' | ':' => out.push_str(pause),
            c => out.push(c),
        }
    }
    out
}

/// One space at most, no pause twice, none at the start, one stop at the end.
fn tidy(text: &str, lang: Lang) -> String {
    let pauses: &[char] = &[',', '，', '.', '。'];
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let last = out.chars().next_back();
        if c == ' ' {
            if matches!(last, None | Some(' ')) {
                continue;
            }
            // No space in Chinese speech, except between Latin words.
            if lang == Lang::Zh && last.is_some_and(|l| !l.is_ascii_alphanumeric()) {
                continue;
            }
            out.push(' ');
            continue;
        }
        if pauses.contains(&c) {
            while out.ends_with(' ') {
                out.pop();
            }
            match out.chars().next_back() {
                None => continue,
                Some(l) if pauses.contains(&l) => {
                    // A stop wins over a pause.
                    if matches!(c, '.' | '。') && matches!(l, ',' | '，') {
                        out.pop();
                        out.push(c);
                    }
                    continue;
                }
                _ => {}
            }
            out.push(c);
            continue;
        }
        if lang == Lang::Zh && last == Some(' ') && !c.is_ascii_alphanumeric() {
            out.pop();
        }
        if lang == Lang::En && last.is_some_and(|l| matches!(l, ',' | '.')) {
            out.push(' ');
        }
        out.push(c);
    }
    let mut s = out.trim().to_owned();
    while s.ends_with([',', '，']) {
        s.pop();
    }
    if !s.is_empty() && !s.ends_with(['.', '。']) {
        s.push_str(if lang == Lang::Zh { "。" } else { "." });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(t: &str) -> String {
        prepare(t, Lang::Zh, &[])
    }

    fn en(t: &str) -> String {
        prepare(t, Lang::En, &[])
    }

    #[test]
    fn phone_numbers_are_said_digit_by_digit() {
        assert_eq!(
            zh("咨询电话：12393医保服务热线"),
            "咨询电话，幺二三九三医保服务热线。"
        );
        assert_eq!(zh("请拨打010-12345678"), "请拨打零幺零幺二三四五六七八。");
        assert_eq!(en("call the 12393 line"), "call the 1 2 3 9 3 line.");
    }

    #[test]
    fn years_and_dates_are_said_as_people_say_them() {
        assert_eq!(
            zh("2026年12月16日（星期三）前办结"),
            "二零二六年12月16日，星期三，前办结。"
        );
        assert_eq!(en("by Wed 16 Dec 2026"), "by Wed 16 Dec 20 26.");
        assert_eq!(en("in 2005 and 1500 yuan"), "in 2005 and 1500 yuan.");
        // Small numbers are left to the voice.
        assert_eq!(zh("10个工作日，3个月"), "10个工作日，3个月。");
        assert_eq!(
            zh("〔2021〕43号，2025至2026年"),
            "二零二一，43号，二零二五至二零二六年。"
        );
    }

    #[test]
    fn no_brackets_quotes_or_symbols_are_read() {
        assert_eq!(zh("《参保凭证》"), "参保凭证。");
        assert_eq!(
            zh("把原因改选「已退休，要到外地居住」。"),
            "把原因改选已退休，要到外地居住。"
        );
        assert_eq!(zh("转出地（原参保地）"), "转出地，原参保地。");
        assert_eq!(zh("第1步：停保｜转出地"), "第1步，停保，转出地。");
        assert_eq!(
            en("Employee insurance (cross-province)"),
            "Employee insurance, cross province."
        );
        assert_eq!(
            en("choose 'I have retired' as the reason"),
            "choose I have retired as the reason."
        );
        for out in [zh("（）【】《》「」/|*#"), en("()[]\"*#//")] {
            assert!(out.is_empty(), "{out:?}");
        }
    }

    #[test]
    fn english_speech_leaves_out_chinese_words() {
        assert_eq!(
            en("Open the app (国家医保服务平台) and tap 地方专区 (local services)."),
            "Open the app and tap, local services."
        );
    }

    #[test]
    fn web_addresses_and_control_characters_are_not_read() {
        assert_eq!(zh("依据 https://www.nhsa.gov.cn/x 可靠"), "依据可靠。");
        let out = zh("红\u{1b}[31m字\u{7}");
        assert!(!out.chars().any(char::is_control), "{out:?}");
    }

    #[test]
    fn the_content_table_gives_spoken_forms_whole_words_only() {
        let table = vec![
            ("银行".to_owned(), "银航".to_owned()),
            ("重庆".to_owned(), "崇庆".to_owned()),
            ("Mon".to_owned(), "Monday".to_owned()),
        ];
        assert_eq!(prepare("重庆的银行卡", Lang::Zh, &table), "崇庆的银航卡。");
        assert_eq!(
            prepare("Mon 5 Jan, each Month", Lang::En, &table),
            "Monday 5 Jan, each Month."
        );
    }

    #[test]
    fn a_question_mark_standing_alone_is_a_key_and_is_named() {
        assert_eq!(zh("输入 ? 帮助"), "输入问号帮助。");
        assert_eq!(zh("输入：? 帮助"), "输入，问号帮助。");
        assert_eq!(en("type ? for help"), "type question mark for help.");
        assert_eq!(zh("在哪里？"), "在哪里。");
    }

    #[test]
    fn pauses_are_not_doubled() {
        assert_eq!(zh("一，，二。。三、（四）"), "一，二。三，四。");
        assert_eq!(en("one, , two.. three"), "one, two. three.");
    }
}

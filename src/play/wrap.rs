//! Lines wrapped at word boundaries for the terminal game: a long line is
//! broken between words, its continuation indented like the line plus two
//! spaces; a word longer than the width is kept whole on its own line.

/// `text` with every line wrapped to at most `width` characters (counted
/// in characters) where it can be broken between words. `width` 0: as is.
pub fn wrap(text: &str, width: usize) -> String {
    if width == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        wrap_line(&mut out, line, width);
    }
    out
}

fn wrap_line(out: &mut String, line: &str, width: usize) {
    if line.chars().count() <= width {
        out.push_str(line);
        return;
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let more = format!("{indent}  ");
    // The continuation indent is dropped when it leaves too little room.
    let more = if more.len() * 2 > width {
        String::new()
    } else {
        more
    };
    let mut col = 0;
    let mut first = true;
    out.push_str(&indent);
    col += indent.len();
    // Runs of spaces inside a line (aligned columns) are kept as they are.
    for (word, gap) in words(&line[indent.len()..]) {
        let n = word.chars().count();
        if !first && col + gap.len() + n > width {
            out.push('\n');
            out.push_str(&more);
            col = more.len();
        } else if !first {
            out.push_str(gap);
            col += gap.len();
        }
        out.push_str(word);
        col += n;
        first = false;
    }
}

/// The words of `s`, each with the spaces before it.
fn words(s: &str) -> Vec<(&str, &str)> {
    let mut v = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let start = rest.len() - rest.trim_start_matches(' ').len();
        let gap = &rest[..start];
        let after = &rest[start..];
        if after.is_empty() {
            break;
        }
        let end = after.find(' ').unwrap_or(after.len());
        v.push((&after[..end], gap));
        rest = &after[end..];
    }
    v
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_between_words_and_keeps_the_indent() {
        let line =
            "    round  1: B (guarded) accuses A of lying: A offered 46,000, beyond the limit";
        let w = wrap(line, 40);
        for l in w.lines() {
            assert!(l.chars().count() <= 40, "{l:?}");
        }
        assert_eq!(
            w.split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
        // Continuations: the line's indent (4) plus two spaces, then a word.
        for l in w.lines().skip(1) {
            assert!(
                l.starts_with("      ") && !l.starts_with("       "),
                "{l:?}"
            );
        }
        // Short lines and blank lines unchanged; a long word kept whole.
        assert_eq!(wrap("a\n\nb", 10), "a\n\nb");
        let long = "x".repeat(30);
        assert_eq!(
            wrap(&format!("ab {long} cd"), 10),
            format!("ab\n  {long}\n  cd")
        );
        assert_eq!(wrap(line, 0), line);
    }
}

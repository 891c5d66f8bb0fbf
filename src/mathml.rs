//! A few MathML Core elements as strings: enough for the lab's loss formulas, which the
//! browser typesets itself (no maths library shipped). Every builder takes already-built
//! MathML; only [`mi`], [`mo`], [`mn`] and [`text`] take plain text, which they escape.

/// Where a formula continues on a new line: MathML Core does not break lines, and the
/// controls' column is narrow.
pub fn line_break() -> String {
    BREAK.to_string()
}

const BREAK: &str = "\u{0}";

/// `<math display="block">` around each line of `parts` (split at [`line_break`]).
pub fn math(parts: &[String]) -> String {
    parts
        .split(|p| p == BREAK)
        .filter(|line| !line.is_empty())
        .map(|line| format!("<math display=\"block\">{}</math>", row(line)))
        .collect()
}

pub fn row(parts: &[String]) -> String {
    format!("<mrow>{}</mrow>", parts.concat())
}

/// An identifier (italic when a single letter, as in print).
pub fn mi(s: &str) -> String {
    format!("<mi>{}</mi>", escape(s))
}

/// An identifier set upright (function names such as log, KL).
pub fn upright(s: &str) -> String {
    format!("<mi mathvariant=\"normal\">{}</mi>", escape(s))
}

pub fn mo(s: &str) -> String {
    format!("<mo>{}</mo>", escape(s))
}

/// A number, printed briefly (0.1, 1e-4 as 10⁻⁴ is left to the caller).
pub fn mn(v: impl std::fmt::Display) -> String {
    format!("<mn>{}</mn>", escape(&v.to_string()))
}

/// Text inside a formula; its edge spaces are kept (MathML trims plain ones).
pub fn text(s: &str) -> String {
    let kept = s.replace(' ', "\u{a0}");
    format!("<mtext>{}</mtext>", escape(&kept))
}

pub fn sub(base: String, index: String) -> String {
    format!("<msub>{base}{index}</msub>")
}

pub fn sup(base: String, power: String) -> String {
    format!("<msup>{base}{power}</msup>")
}

pub fn subsup(base: String, index: String, power: String) -> String {
    format!("<msubsup>{base}{index}{power}</msubsup>")
}

pub fn frac(num: String, den: String) -> String {
    format!("<mfrac>{num}{den}</mfrac>")
}

pub fn sqrt(inner: String) -> String {
    format!("<msqrt>{inner}</msqrt>")
}

/// A large operator with a limit under it (Σ over j, E over q).
pub fn under(op: &str, limit: String) -> String {
    format!("<munder><mo>{}</mo>{limit}</munder>", escape(op))
}

/// `(inner)` with stretchy brackets.
pub fn paren(inner: String) -> String {
    format!("<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>")
}

pub fn bracket(inner: String) -> String {
    format!("<mrow><mo>[</mo>{inner}<mo>]</mo></mrow>")
}

/// A hat accent: x̂.
pub fn hat(base: String) -> String {
    format!("<mover accent=\"true\">{base}<mo>^</mo></mover>")
}

/// A tilde accent: x̃.
pub fn tilde(base: String) -> String {
    format!("<mover accent=\"true\">{base}<mo>~</mo></mover>")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_elements_nest() {
        let m = math(&[mi("x"), mo("<"), mn(2)]);
        assert_eq!(
            m,
            "<math display=\"block\"><mrow><mi>x</mi><mo>&lt;</mo><mn>2</mn></mrow></math>"
        );
        assert_eq!(frac(mn(1), mi("d")), "<mfrac><mn>1</mn><mi>d</mi></mfrac>");
        let two = math(&[mi("a"), line_break(), mi("b")]);
        assert_eq!(two.matches("<math").count(), 2);
    }
}

//! Markup made by type: every piece of HTML the views hand the page is written through
//! [`Markup`], which takes markup only as `&'static str` (text in the program itself) and
//! numbers, and escapes everything else ([`text`]). What a file, a server or a user gave (a
//! title, an annotator's name, a note, an id, a file name) can only go in as text, so it can
//! never become an element or an attribute. The result is [`Html`], which only a `Markup` makes.

use std::fmt::Write as _;

/// HTML made by [`Markup`]: the only kind the components put into the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// No markup.
    pub const fn empty() -> Self {
        Html(String::new())
    }

    /// The markup as text (for the page, or a test).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup as an owned string (what the page's `innerHTML` takes).
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether there is no markup at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the markup holds `needle` (for tests and for checks before drawing).
    pub fn contains(&self, needle: &str) -> bool {
        self.0.contains(needle)
    }
}

/// Text from anywhere (a file, a server, the user), escaped as it goes into the markup: for
/// an element's text or a double-quoted attribute's value.
#[derive(Clone, Copy, Debug)]
pub struct Text<'a>(pub &'a str);

/// `s` as text to escape (see [`Text`]).
pub fn text(s: &str) -> Text<'_> {
    Text(s)
}

/// What can go into markup: program text (`&'static str`) as it is, numbers as digits,
/// [`Text`] escaped, and markup already made ([`Html`]).
pub trait Piece {
    /// Appends the piece to `out`.
    fn put(self, out: &mut String);
}

impl Piece for &'static str {
    fn put(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Text<'_> {
    fn put(self, out: &mut String) {
        escape_into(out, self.0);
    }
}

impl Piece for &Html {
    fn put(self, out: &mut String) {
        out.push_str(&self.0);
    }
}

impl Piece for Html {
    fn put(self, out: &mut String) {
        out.push_str(&self.0);
    }
}

macro_rules! number_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn put(self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
number_pieces!(u8, u16, u32, u64, usize, i32, i64);

impl Piece for bool {
    fn put(self, out: &mut String) {
        out.push_str(if self { "true" } else { "false" });
    }
}

impl Piece for char {
    fn put(self, out: &mut String) {
        let mut buf = [0u8; 4];
        escape_into(out, self.encode_utf8(&mut buf));
    }
}

impl<P: Piece> Piece for Option<P> {
    fn put(self, out: &mut String) {
        if let Some(piece) = self {
            piece.put(out);
        }
    }
}

/// Writes HTML piece by piece (see [`Piece`]).
#[derive(Debug, Default)]
pub struct Markup(String);

impl Markup {
    /// Nothing written yet.
    pub fn new() -> Self {
        Markup(String::new())
    }

    /// Nothing written yet, with room for about `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Markup(String::with_capacity(bytes))
    }

    /// Appends a piece.
    pub fn push(&mut self, piece: impl Piece) -> &mut Self {
        piece.put(&mut self.0);
        self
    }

    /// Appends `text`, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.0, text);
        self
    }

    /// Whether nothing is written yet.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The markup written.
    pub fn finish(self) -> Html {
        Html(self.0)
    }
}

/// Appends pieces to a [`Markup`], in order: `markup!(m, "<b>", text(&title), "</b>", 3)`.
#[macro_export]
macro_rules! markup {
    ($m:ident $(, $piece:expr)* $(,)?) => {{
        $( $m.push($piece); )*
    }};
}

/// Appends `text` escaped for HTML text or a double-quoted attribute value (every attribute
/// the views write is double-quoted, so `'` needs no reference). The characters
/// the HTML parser would change are written as references (CR, which it folds into LF; NUL,
/// which it drops), so the DOM's text is the text exactly.
fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\r', '\0']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\r' => "&#13;",
            // The parser drops a raw NUL from text; a reference gives U+FFFD. Text with NUL
            // is refused when a file is opened, so this only keeps the markup well-formed.
            _ => "&#65533;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_program_markup_is_not() {
        let mut m = Markup::new();
        markup!(
            m,
            "<b title=\"",
            text("a \"quoted\" <tag> & 'x'"),
            "\">",
            text("<img src=x onerror=alert(1)>"),
            "</b>",
            42u64,
            Some(text("\r\0"))
        );
        assert_eq!(
            m.finish().as_str(),
            "<b title=\"a &quot;quoted&quot; &lt;tag&gt; &amp; 'x'\">&lt;img src=x onerror=alert(1)&gt;</b>42&#13;&#65533;"
        );
    }

    #[test]
    fn markup_made_goes_in_whole() {
        let mut inner = Markup::new();
        inner.push("<i>").text("é😀").push("</i>");
        let inner = inner.finish();
        let mut outer = Markup::new();
        markup!(outer, "<p>", &inner, "</p>");
        assert_eq!(outer.finish().as_str(), "<p><i>é😀</i></p>");
    }
}

//! The docs the generator writes: each field's notes, each action's and waiter's, and the
//! escaping that keeps spec text from becoming markup or code in rustdoc.

use super::{ActionModel, RField, Setting};
use crate::ir::{Body, WaitTargetIr};
use crate::spec::WaiterDef;

/// A field's doc as data: the spec's text and the facts that end it (how it is sent,
/// whether it is required, where its default comes from, its values, limits and aliases),
/// rendered only by the projections: as rustdoc, or as a flag's (and a tool argument's) help.
#[derive(Clone, Debug, Default)]
pub(super) struct FieldDoc {
    pub text: String,
    pub base64: bool,
    /// Required (of a request parameter or a request object's field).
    pub required: bool,
    pub setting: Option<Setting>,
    /// An enum's (or a list of enums') known values.
    pub values: Option<Vec<String>>,
    /// What the server assumes when it is not sent.
    pub default: Option<String>,
    /// What the service takes of it, e.g. `1 to 100` (checked before sending).
    pub limits: Option<String>,
    pub aliases: Vec<String>,
}

impl FieldDoc {
    /// The rustdoc lines: the text, then every note.
    pub(super) fn rustdoc(&self) -> Vec<String> {
        doc_lines(&self.text, &self.notes(true))
    }

    /// The text's first sentence, plain, with what is taken: an agent's argument
    /// description, where the schema itself says what the other notes say (required, values,
    /// default) and the server's instructions that limits are checked before sending.
    pub(super) fn brief(&self) -> String {
        let notes: Vec<String> = self.limits.iter().map(|l| format!("Takes {l}.")).collect();
        plain_text(&first_sentence(&plain_text(&self.text, &[])), &notes)
    }

    fn default_note(&self) -> Option<String> {
        self.default
            .as_ref()
            .map(|d| format!("The server assumes `{d}` when unset."))
    }

    /// The command line's help (and a tool argument's description): plain text. The tool
    /// lists enum values itself and takes common parameters as global flags: neither note
    /// belongs there.
    pub(super) fn help(&self) -> String {
        plain_text(&self.text, &self.notes(false))
    }

    fn notes(&self, rustdoc: bool) -> Vec<String> {
        let mut notes = Vec::new();
        if self.base64 {
            notes.push("Give it as is: it is sent Base64-encoded, as the API wants.".to_owned());
        }
        if self.required {
            notes.push("Required.".to_owned());
        }
        if let Some(setting) = self.setting.filter(|_| rustdoc) {
            notes.push(format!("Defaults to the client's {}.", setting.prose()));
        }
        if let Some(values) = self.values.as_ref().filter(|_| rustdoc) {
            let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            notes.push(format!("One of {}.", listed.join(", ")));
        }
        notes.extend(self.default_note());
        notes.extend(
            self.limits
                .iter()
                .map(|l| format!("Takes {l}; checked before sending.")),
        );
        if !self.aliases.is_empty() {
            let list: Vec<String> = self.aliases.iter().map(|a| format!("`{a}`")).collect();
            notes.push(format!("Also read from {}.", list.join(", ")));
        }
        notes
    }
}

/// Doc comment lines: trimmed, with markdown link brackets escaped and bare URLs wrapped so
/// rustdoc neither guesses links nor warns; `notes` end the last line.
pub(super) fn doc_lines(text: &str, notes: &[String]) -> Vec<String> {
    // Tabs and other control characters become spaces: lints flag tabs in doc comments.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect();
    let mut lines: Vec<String> = text
        .trim()
        .lines()
        .map(|l| unfenced(escape_doc(l.trim())))
        .collect();
    if !notes.is_empty() {
        match lines.last_mut() {
            Some(last) if !last.is_empty() => {
                last.push(' ');
                last.push_str(&notes.join(" "));
            }
            _ => lines.push(notes.join(" ")),
        }
    }
    lines
}

/// Spec text as plain text for a terminal (no escaping: it is never markup there), with
/// `notes` after it; control characters become spaces.
pub(super) fn plain_text(text: &str, notes: &[String]) -> String {
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|l| {
            l.trim()
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect()
        })
        .collect();
    let mut out = lines.join("\n");
    for note in notes {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(note);
    }
    out
}

/// The first sentence of `text`: up to the first full stop followed by a space or the end,
/// outside parentheses and code, and not that of `e.g.`, `i.e.` or an ellipsis; on one line.
pub(super) fn first_sentence(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (mut depth, mut code) = (0i32, false);
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        match c {
            '`' => code = !code,
            '(' if !code => depth += 1,
            ')' if !code => depth = (depth - 1).max(0),
            '。' if !code && depth == 0 => return text[..i + c.len_utf8()].to_owned(),
            '.' if !code && depth == 0 && prev != '.' => {
                let next = text[i + 1..].chars().next();
                let before = &text[..i];
                let abbreviation = before.ends_with("e.g") || before.ends_with("i.e");
                if next.is_none_or(|n| n == ' ') && !abbreviation && !text[i + 1..].starts_with('.')
                {
                    return text[..=i].to_owned();
                }
            }
            _ => {}
        }
        prev = c;
    }
    text
}

/// A doc line that would open or close a Markdown code block (three or more backticks or
/// tildes at its start), escaped so that it is text: spec text never becomes code, nor a
/// doctest of the generated crate.
fn unfenced(line: String) -> String {
    // A fence may also open a list item's block: `- ```rust`, `1. ~~~`.
    let after_marker = line
        .strip_prefix(['-', '*', '+'])
        .or_else(|| {
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0)
                .then(|| line[digits..].strip_prefix(['.', ')']))
                .flatten()
        })
        .map(str::trim_start);
    let fence = after_marker.unwrap_or(&line);
    if fence.starts_with("```") || fence.starts_with("~~~") {
        let at = line.len() - fence.len();
        format!("{}\\{}", &line[..at], &line[at..])
    } else {
        line
    }
}

pub(super) fn escape_doc(line: &str) -> String {
    // Code spans (between backticks) are shown as written; everything else is text, in
    // which rustdoc would read `<T>` as HTML and `[x]` as a link.
    let mut out = String::with_capacity(line.len());
    let segments: Vec<&str> = line.split('`').collect();
    // An unclosed backtick is a literal backtick: what follows it is text.
    let last_code = if segments.len().is_multiple_of(2) {
        segments.len() - 1
    } else {
        segments.len()
    };
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && i < last_code {
            out.push_str(segment);
            continue;
        }
        for (j, word) in segment.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            if word.starts_with("http://") || word.starts_with("https://") {
                let end = word.trim_end_matches(['.', ',', ';', ')']);
                out.push('<');
                out.push_str(end);
                out.push('>');
                out.push_str(&word[end.len()..]);
                continue;
            }
            for c in word.chars() {
                match c {
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '&' => out.push_str("&amp;"),
                    '[' | ']' => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
        }
    }
    out
}

/// The client method's doc: the action's own, its retry safety, the common parameters it
/// takes and the setters it needs.
pub(super) fn action_doc(a: &ActionModel<'_>, call: &str) -> Vec<String> {
    let name = a.name;
    let mut notes = Vec::new();
    if let Some(reason) = a.deprecated {
        notes.push(format!("Deprecated: {}", escape_doc(&doc_text(reason))));
    }
    notes.push(if a.idempotent {
        format!("Action `{name}`, safe to retry.")
    } else {
        format!("Action `{name}`, not safe to retry: repeating it may repeat its effect.")
    });
    if !a.retry_codes.is_empty() {
        let codes: Vec<String> = a.retry_codes.iter().map(|c| format!("`{c}`")).collect();
        let pause = match a.retry_pause_ms {
            Some(ms) => format!(", pausing at least {ms} ms times the retry's number"),
            None => String::new(),
        };
        notes.push(format!(
            "Retried on RetCode {}, which means it can succeed shortly{pause}.",
            codes.join(", ")
        ));
    }
    if a.body == Body::Json {
        notes.push("Sent as a JSON body, as the API takes it.".to_owned());
    }
    if a.answers_file {
        notes.push(
            "It answers with a file, not JSON: the output is its bytes and their type.".to_owned(),
        );
    }
    let takes: Vec<String> = a
        .request
        .iter()
        .filter(|f| f.setting.is_some())
        .map(|f| {
            if f.required {
                format!("`{}` (required)", f.wire)
            } else {
                format!("`{}`", f.wire)
            }
        })
        .collect();
    if !takes.is_empty() {
        notes.push(format!(
            "Takes {} from the call or the client.",
            takes.join(", ")
        ));
    }
    let required: Vec<String> = a
        .request
        .iter()
        .filter(|f| f.required && f.setting.is_none())
        .map(|f| format!("[`.{0}()`]({call}::{0})", f.setter))
        .collect();
    if !required.is_empty() {
        notes.push(format!("Set before sending: {}.", required.join(", ")));
    }
    doc_lines(a.doc, &notes)
}

/// `text` as one line of plain words: whitespace and control characters become single spaces.
pub(super) fn doc_text(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The doc note of a waiter's method: what it polls, until when, and what it follows.
pub(super) fn wait_note(action: &str, def: &WaiterDef, target: Option<&WaitTargetIr>) -> String {
    let listed = |values: &[String]| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut note = format!(
        "Polls `{action}` until `{}` is {}",
        def.state,
        listed(&def.success)
    );
    if !def.failure.is_empty() {
        note.push_str(&format!("; fails at once at {}", listed(&def.failure)));
    }
    note.push_str(". A call error ends the wait; the timeout error carries the last state seen.");
    if let Some(WaitTargetIr { param, .. }) = &target {
        note.push_str(&format!(
            " It follows the one thing `{param}` names: set exactly one id, or the wait is refused before any poll."
        ));
    }
    note
}

/// The doc of a parameter object's `new`: the fields it takes, and the setters for the
/// others.
pub(super) fn new_doc(fields: &[RField]) -> Vec<String> {
    let given: Vec<String> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("`{}`", f.ident.clone()))
        .collect();
    let rest = "so that code building it keeps compiling as fields are added";
    vec![if given.is_empty() {
        format!("An empty value: set its fields with the methods below, {rest}.")
    } else if given.len() == fields.len() {
        format!("A value of {}, which must be given.", given.join(", "))
    } else {
        format!(
            "A value of {}, which must be given: set the other fields with the methods below, {rest}.",
            given.join(", ")
        )
    }]
}

/// The doc of a parameter object's setter of field `ident` (a raw identifier has no link:
/// rustdoc cannot resolve one).
pub(super) fn setter_doc(ident: &str) -> Vec<String> {
    vec![if ident.starts_with("r#") {
        format!("Sets `{ident}`.")
    } else {
        format!("Sets [`{ident}`](Self::{ident}).")
    }]
}

#[cfg(test)]
mod tests {
    use super::escape_doc;

    #[test]
    fn docs_are_text_for_rustdoc_except_code_spans() {
        let cases = [
            (
                "Map<String, List<Int>> & more",
                "Map&lt;String, List&lt;Int&gt;&gt; &amp; more",
            ),
            ("a `Map<K, V>` or [x]", "a `Map<K, V>` or \\[x\\]"),
            ("`[string]` lists", "`[string]` lists"),
            (
                "see https://docs.ucloud.cn/api.",
                "see <https://docs.ucloud.cn/api>.",
            ),
            ("an unclosed ` then <b>", "an unclosed ` then &lt;b&gt;"),
        ];
        for (doc, escaped) in cases {
            assert_eq!(escape_doc(doc), escaped, "{doc}");
        }
    }
}

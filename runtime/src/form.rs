//! An action's parameters as generated `encode` code writes them: its bindings.
//!
//! Every value is kept flat, as a form takes it (and as requests are shown): nested
//! objects become `Parent.Child`, lists `List.0`, lists of objects `List.0.Child`. Booleans
//! are `true`/`false`, integers plain decimal, floats the shortest decimal that round-trips
//! (`2.0` is sent as `2`), never exponent notation. Unset parameters are not sent.
//!
//! A form for a REST request ([`Form::rest`]) also keeps where each value goes (the path, the
//! query, a header, or the body: [`Location`]) and writes the body as JSON with its types:
//! numbers and booleans as such, objects and lists nested.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64_STANDARD;

use crate::SecretString;
pub use compshare_protocol::{Common, Setting};

/// Why a request could not be encoded. Nothing was sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncodeProblems {
    /// Required parameters that were not set.
    pub missing: Vec<Missing>,
    /// Wire names with a value that cannot be sent, and why.
    pub invalid: Vec<(String, String)>,
}

/// A required parameter that was not set. Shown as `CPU (.cpu())`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Missing {
    /// Its wire name, e.g. `CPU` or `Disks.0.Size`.
    pub wire: String,
    /// The call's setter that sets it, e.g. `cpu`, if it has one of its own.
    pub setter: Option<&'static str>,
    /// For a common parameter, the client setting that would also give it.
    pub setting: Option<Setting>,
}

/// The flat parameter list of one request, built by generated `encode` code.
///
/// Every key and value is written into one text buffer, so encoding a request allocates a
/// few buffers rather than two strings per parameter; entries are ranges of it.
#[derive(Debug)]
pub struct Form<'d> {
    text: String,
    entries: Vec<Entry>,
    prefix: String,
    common: &'d Common,
    defaults: &'d Common,
    problems: EncodeProblems,
    /// The most text it holds: [`MAX_TEXT`], smaller in tests.
    text_limit: usize,
    /// For a REST request: where values go, and its JSON body.
    rest: Option<Box<Rest>>,
}

/// Where a parameter of a REST request goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` of the action's path.
    Path,
    /// A parameter of the query string.
    Query,
    /// A header.
    Header,
    /// A member of the JSON body.
    #[default]
    Body,
}

/// A REST request's parameters by where they go: (name, text) for the path, the query and
/// headers, and the JSON body.
#[derive(Debug, Default)]
pub(crate) struct Rest {
    at: Location,
    pub path: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body's open containers: (a list, has a member yet).
    open: Vec<(bool, bool)>,
    /// Outside the body, the lists being written: their elements go by the list's name
    /// (`?tag=a&tag=b`).
    lists: Vec<String>,
}

impl Rest {
    /// Starts a member of the body's innermost container: a comma after the first, and the
    /// key in an object.
    fn member(&mut self, name: &str) {
        let Some((list, has)) = self.open.last_mut() else {
            return;
        };
        if *has {
            self.body.push(',');
        }
        *has = true;
        if !*list {
            json_string(&mut self.body, name);
            self.body.push(':');
        }
    }

    /// A value of `name` as text (`json` as it is written in the body).
    fn value(&mut self, name: &str, text: &str, json: impl FnOnce(&mut String)) {
        let named = self.lists.last().map_or(name, String::as_str);
        let pair = (named.to_owned(), text.to_owned());
        match self.at {
            Location::Path => self.path.push(pair),
            Location::Query => self.query.push(pair),
            Location::Header => self.headers.push(pair),
            Location::Body => {
                self.member(name);
                json(&mut self.body);
            }
        }
    }
}

/// `s` as a JSON string.
pub(crate) fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// One parameter: where its key and value lie in the form's text (key `start..split`, value
/// `split..end`; 32-bit, so that a request's entries fit one small allocation), and the first
/// eight bytes of its key as one big-endian number (zero-padded), which orders most keys for
/// signing without comparing strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    start: u32,
    split: u32,
    end: u32,
    pub order: u64,
}

impl Entry {
    /// The entry whose key is `text[start..split]` and value `text[split..]`, or `None` past
    /// 4 GiB of text.
    pub fn last(text: &str, start: usize, split: usize, order: u64) -> Option<Entry> {
        Some(Entry {
            start: u32::try_from(start).ok()?,
            split: u32::try_from(split).ok()?,
            end: u32::try_from(text.len()).ok()?,
            order,
        })
    }

    /// The byte range of its key and value together.
    pub fn span(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }

    pub fn key<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.split as usize]
    }

    pub fn value<'t>(&self, text: &'t str) -> &'t str {
        &text[self.split as usize..self.end as usize]
    }
}

/// The first eight bytes of `parts` joined, as one big-endian number, zero-padded.
pub(crate) fn packed(parts: &[&[u8]]) -> u64 {
    match parts.first().and_then(|head| head.first_chunk::<8>()) {
        Some(word) => u64::from_be_bytes(*word),
        None => parts
            .iter()
            .flat_map(|part| part.iter())
            .take(8)
            .enumerate()
            .fold(0, |word, (i, &b)| word | u64::from(b) << (56 - 8 * i)),
    }
}

/// The most text a form holds, leaving room for the signature within 32-bit offsets.
const MAX_TEXT: usize = u32::MAX as usize - 64;

static NO_DEFAULTS: Common = Common::new();

impl<'d> Form<'d> {
    /// An empty form whose common parameters take their values from `common`.
    pub fn new(common: &'d Common) -> Self {
        Self::with_defaults(common, &NO_DEFAULTS)
    }

    /// An empty form whose common parameters take their values from `common`, else from
    /// `defaults` (a call's own values, else its client's).
    pub fn with_defaults(common: &'d Common, defaults: &'d Common) -> Self {
        Self {
            // Enough for most requests, so that writing one never reallocates.
            text: String::with_capacity(1024),
            entries: Vec::with_capacity(32),
            prefix: String::new(),
            common,
            defaults,
            problems: EncodeProblems::default(),
            text_limit: MAX_TEXT,
            rest: None,
        }
    }

    /// An empty form of a REST request: values written under [`Form::at`] go to the path,
    /// the query or headers; the rest make a JSON body.
    pub fn rest(common: &'d Common, defaults: &'d Common) -> Self {
        let mut form = Self::with_defaults(common, defaults);
        form.rest = Some(Box::new(Rest {
            body: "{".to_owned(),
            open: vec![(false, false)],
            ..Rest::default()
        }));
        form
    }

    /// Whether a header of this name (in any case) was written (a REST request's).
    pub(crate) fn has_header(&self, name: &str) -> bool {
        self.rest.as_ref().is_some_and(|r| {
            r.headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case(name) && !v.trim().is_empty())
        })
    }

    /// Runs `body` with its values going to `at` (a REST request's; a form has one place).
    pub fn at(&mut self, at: Location, body: impl FnOnce(&mut Self)) {
        let before = self.rest.as_mut().map(|r| std::mem::replace(&mut r.at, at));
        body(self);
        if let (Some(rest), Some(before)) = (self.rest.as_mut(), before) {
            rest.at = before;
        }
    }

    /// Adds an optional parameter if it is set.
    pub fn opt<T: FormValue>(&mut self, name: &str, value: &Option<T>) {
        if let Some(v) = value {
            v.put(self, name);
        }
    }

    /// Adds a required parameter, or records it as missing, with the `setter` that sets it.
    pub fn req<T: FormValue>(&mut self, name: &str, setter: &'static str, value: &Option<T>) {
        match value {
            Some(v) => v.put(self, name),
            None => self.missing(name, Some(setter)),
        }
    }

    /// Adds an optional secret if it is set, Base64-encoded (standard alphabet, padded), as
    /// the API wants passwords.
    pub fn opt_base64(&mut self, name: &str, value: &Option<SecretString>) {
        if let Some(v) = value {
            if v.is_mask() {
                self.invalid(name, MASKED_SECRET);
                return;
            }
            if self.rest.is_some() {
                return self.text(name, &BASE64_STANDARD.encode(v.expose()));
            }
            self.write(name, |text| BASE64_STANDARD.encode_string(v.expose(), text));
        }
    }

    /// Adds a required secret, Base64-encoded, or records it as missing.
    pub fn req_base64(&mut self, name: &str, setter: &'static str, value: &Option<SecretString>) {
        match value {
            Some(_) => self.opt_base64(name, value),
            None => self.missing(name, Some(setter)),
        }
    }

    fn missing(&mut self, name: &str, setter: Option<&'static str>) {
        let wire = self.key(name);
        self.problems.missing.push(Missing {
            wire,
            setter,
            setting: None,
        });
    }

    /// Adds a parameter that is always present (a required field of a parameter object).
    pub fn put<T: FormValue>(&mut self, name: &str, value: &T) {
        value.put(self, name);
    }

    /// A common value as sent: without surrounding whitespace (ids pasted with a newline are
    /// common); one that is only whitespace is unset, and the client's value applies.
    fn common_value(&self, setting: Setting) -> Option<&'d str> {
        let set = |c: &'d Common| c.get(setting).map(|v| trimmed(v)).filter(|v| !v.is_empty());
        set(self.common).or_else(|| set(self.defaults))
    }

    /// Adds an optional common parameter if the call or the client sets it.
    pub fn opt_common(&mut self, name: &str, setting: Setting) {
        if let Some(v) = self.common_value(setting) {
            self.text(name, v);
        }
    }

    /// Adds a required common parameter from the call or the client, or records it as missing.
    pub fn req_common(&mut self, name: &str, setting: Setting) {
        match self.common_value(setting) {
            Some(v) => self.text(name, v),
            None => self.problems.missing.push(Missing {
                wire: self.key(name),
                setter: Some(setting.setter()),
                setting: Some(setting),
            }),
        }
    }

    /// Adds one flat `key=value` pair under the current prefix (a JSON string in a body).
    pub fn text(&mut self, name: &str, value: &str) {
        self.write(name, |text| text.push_str(value));
        if self.rest.is_some() {
            self.rest_value(name, value, true);
        }
    }

    /// Adds a value that JSON writes as it is (a number, `true`, `false`).
    fn literal(&mut self, name: &str, value: &str) {
        self.write(name, |text| text.push_str(value));
        if self.rest.is_some() {
            self.rest_value(name, value, false);
        }
    }

    /// A float: as `literal` in a form, a path, a query or a header; in a JSON body, a whole
    /// number keeps its `.0` (`1.0`, as JSON encoders write floats), so that the body says
    /// a float where the API reads one.
    fn float(&mut self, name: &str, text: &str) {
        self.write(name, |t| t.push_str(text));
        if let Some(rest) = self.rest.as_mut() {
            rest.value(name, text, |body| {
                body.push_str(text);
                if !text.contains('.') {
                    body.push_str(".0");
                }
            });
        }
    }

    /// A REST request's place of a value, apart from the form's path so that encoding a
    /// UCloud request (every request but REST ones) stays as small as it was.
    #[cold]
    #[inline(never)]
    fn rest_value(&mut self, name: &str, value: &str, string: bool) {
        if let Some(rest) = self.rest.as_mut() {
            rest.value(name, value, |body| {
                if string {
                    json_string(body, value);
                } else {
                    body.push_str(value);
                }
            });
        }
    }

    /// Adds a pair whose value `value` writes at the end of the form's text.
    fn write(&mut self, name: &str, value: impl FnOnce(&mut String)) {
        let key_start = self.text.len();
        // Packed from the key's sources, not from the text just written: reading eight bytes
        // back straight after small writes stalls the CPU.
        let order = if self.prefix.is_empty() {
            packed(&[name.as_bytes()])
        } else {
            self.text.push_str(&self.prefix);
            self.text.push('.');
            packed(&[self.prefix.as_bytes(), b".", name.as_bytes()])
        };
        self.text.push_str(name);
        let key_end = self.text.len();
        value(&mut self.text);
        match Entry::last(&self.text, key_start, key_end, order) {
            Some(entry) if self.text.len() <= self.text_limit => self.entries.push(entry),
            _ => {
                self.text.truncate(key_start);
                self.invalid(name, "the request's parameters pass 4 GiB");
            }
        }
    }

    /// Adds an integer, its digits written straight into the text.
    fn int(&mut self, name: &str, value: i64) {
        if self.rest.is_some() {
            return self.rest_int(name, value);
        }
        self.write(name, |text| {
            let mut digits = [0u8; 20];
            let at = digits_of(value, &mut digits);
            text.extend(digits[at..].iter().map(|&b| char::from(b)));
        });
    }

    #[cold]
    #[inline(never)]
    fn rest_int(&mut self, name: &str, value: i64) {
        let mut digits = [0u8; 20];
        self.literal(name, decimal(value, &mut digits));
    }

    /// Records a value that cannot be sent.
    pub fn invalid(&mut self, name: &str, reason: &str) {
        let key = self.key(name);
        self.problems.invalid.push((key, reason.to_owned()));
    }

    /// Runs `body` with `name` appended to the key prefix, for nested objects.
    pub fn nested(&mut self, name: &str, body: impl FnOnce(&mut Self)) {
        self.container(name, false, body);
    }

    /// Runs `body` with `name` appended to the key prefix, for a list's elements (named by
    /// their index).
    pub fn list(&mut self, name: &str, body: impl FnOnce(&mut Self)) {
        self.container(name, true, body);
    }

    fn container(&mut self, name: &str, list: bool, body: impl FnOnce(&mut Self)) {
        let len = self.prefix.len();
        if !self.prefix.is_empty() {
            self.prefix.push('.');
        }
        self.prefix.push_str(name);
        let place = if self.rest.is_some() {
            self.rest_open(name, list)
        } else {
            None
        };
        body(self);
        if let Some(place) = place {
            self.rest_close(place, list);
        }
        self.prefix.truncate(len);
    }

    /// Opens a REST request's container: in the body, an object or list; elsewhere, a list
    /// whose elements go by its name. Where it went.
    #[cold]
    #[inline(never)]
    fn rest_open(&mut self, name: &str, list: bool) -> Option<Location> {
        let r = self.rest.as_mut()?;
        if r.at == Location::Body {
            r.member(name);
            r.body.push(if list { '[' } else { '{' });
            r.open.push((list, false));
        } else {
            r.lists.push(name.to_owned());
        }
        Some(r.at)
    }

    #[cold]
    #[inline(never)]
    fn rest_close(&mut self, place: Location, list: bool) {
        if let Some(r) = self.rest.as_mut() {
            if place == Location::Body {
                r.open.pop();
                r.body.push(if list { ']' } else { '}' });
            } else {
                r.lists.pop();
            }
        }
    }

    fn key(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.prefix)
        }
    }

    /// The flat parameters in the order they were added, or what kept them from being valid.
    pub fn finish(self) -> Result<Vec<(String, String)>, EncodeProblems> {
        let (text, entries) = self.done()?;
        Ok(entries
            .iter()
            .map(|e| (e.key(&text).to_owned(), e.value(&text).to_owned()))
            .collect())
    }

    /// The text and its entries in the order they were added, or what kept them from being
    /// valid.
    pub(crate) fn done(self) -> Result<(String, Vec<Entry>), EncodeProblems> {
        self.done_rest().map(|(text, entries, _)| (text, entries))
    }

    /// [`done`](Self::done), with a REST request's parameters by place and its body closed.
    pub(crate) fn done_rest(self) -> Result<(String, Vec<Entry>, Option<Rest>), EncodeProblems> {
        if !(self.problems.missing.is_empty() && self.problems.invalid.is_empty()) {
            return Err(self.problems);
        }
        let rest = self.rest.map(|mut r| {
            r.body.push('}');
            *r
        });
        Ok((self.text, self.entries, rest))
    }
}

/// `value` without surrounding whitespace; most values have none, checked in two bytes.
fn trimmed(value: &str) -> &str {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => value,
        _ => value.trim(),
    }
}

/// A value that can be written into a [`Form`] under a name.
pub trait FormValue {
    /// Writes `self` as parameter `name` (nested values write several parameters).
    fn put(&self, form: &mut Form<'_>, name: &str);
}

impl FormValue for String {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        form.text(name, self);
    }
}

/// Why a secret read back from serialized output is not sent.
const MASKED_SECRET: &str = "holds `***`, which serialized output writes in place of a secret, not the secret: keep requests with `with_secrets_exposed` to keep their secrets";

impl FormValue for SecretString {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        if self.is_mask() {
            form.invalid(name, MASKED_SECRET);
            return;
        }
        form.text(name, self.expose());
    }
}

impl FormValue for i64 {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        form.int(name, *self);
    }
}

impl FormValue for bool {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        form.literal(name, if *self { "true" } else { "false" });
    }
}

impl FormValue for f64 {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        match format_float(*self) {
            Some(text) => form.float(name, &text),
            None => form.invalid(name, "not a finite number"),
        }
    }
}

impl<T: FormValue> FormValue for Vec<T> {
    fn put(&self, form: &mut Form<'_>, name: &str) {
        form.list(name, |form| {
            let mut digits = [0u8; 20];
            for (i, item) in self.iter().enumerate() {
                item.put(form, decimal(i as i64, &mut digits));
            }
        });
    }
}

/// `value` in decimal, as text.
fn decimal(value: i64, digits: &mut [u8; 20]) -> &str {
    let at = digits_of(value, digits);
    // Only ASCII digits and a sign were written.
    std::str::from_utf8(&digits[at..]).unwrap_or_default()
}

/// Writes `value` in decimal into the end of `digits`; returns where it starts.
fn digits_of(value: i64, digits: &mut [u8; 20]) -> usize {
    let mut n = value.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        at -= 1;
        digits[at] = b'-';
    }
    at
}

/// The shortest decimal that parses back to `value`, without exponent and without a
/// trailing `.0`; `None` for NaN and infinities.
pub fn format_float(value: f64) -> Option<String> {
    // Rust's `Display` for f64 is already shortest-round-trip and never uses exponent notation.
    value.is_finite().then(|| {
        if value == 0.0 {
            "0".to_owned() // also for -0.0
        } else {
            value.to_string()
        }
    })
}

/// `application/x-www-form-urlencoded` body for `params`.
pub fn urlencode(params: &[(String, String)]) -> String {
    urlencode_pairs(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

pub(crate) fn urlencode_pairs<'a>(
    params: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> String {
    let mut out = String::with_capacity(params.clone().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (k, v)) in params.enumerate() {
        if i > 0 {
            out.push('&');
        }
        escape_into(&mut out, k);
        out.push('=');
        escape_into(&mut out, v);
    }
    out
}

/// `s` as a form body carries it.
pub(crate) fn form_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let unreserved = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'*');
    let bytes = s.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let run_end = bytes[at..]
            .iter()
            .position(|b| !unreserved(b))
            .map_or(bytes.len(), |p| at + p);
        // Unreserved bytes are ASCII, so a run is whole characters, copied as one.
        out.push_str(s.get(at..run_end).unwrap_or_default());
        let Some(&b) = bytes.get(run_end) else {
            break;
        };
        if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
        at = run_end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Disk {
        is_boot: bool,
        size: i64,
        kind: Option<String>,
    }

    impl FormValue for Disk {
        fn put(&self, form: &mut Form<'_>, name: &str) {
            form.nested(name, |f| {
                f.put("IsBoot", &self.is_boot);
                f.put("Size", &self.size);
                f.req("Type", "kind", &self.kind);
            });
        }
    }

    #[test]
    fn a_rest_form_sends_a_base64_value_where_it_belongs() {
        let none = Common::default();
        let mut f = Form::rest(&none, &none);
        f.opt_base64("password", &Some(SecretString::new("pw")));
        f.at(Location::Header, |f| {
            f.opt_base64("X-Secret", &Some(SecretString::new("s")))
        });
        let (_, _, rest) = f.done_rest().unwrap();
        let rest = rest.unwrap();
        assert_eq!(rest.body, r#"{"password":"cHc="}"#);
        assert_eq!(rest.headers, [("X-Secret".to_owned(), "cw==".to_owned())]);
    }

    #[test]
    fn a_rest_form_puts_each_value_in_its_place_and_types_the_body() {
        let none = Common::default();
        let mut f = Form::rest(&none, &none);
        f.at(Location::Path, |f| f.put("task_id", &"t 1".to_owned()));
        f.at(Location::Query, |f| {
            f.put("limit", &5_i64);
            f.put("tag", &vec!["a".to_owned(), "b".to_owned()]);
        });
        f.at(Location::Header, |f| {
            f.put("Idempotency-Key", &"k".to_owned())
        });
        f.put("prompt", &"a \"cat\"\n".to_owned());
        f.put("ratio", &1.5_f64);
        f.put("fast", &true);
        f.put(
            "disks",
            &vec![Disk {
                is_boot: true,
                size: 100,
                kind: Some("SSD".to_owned()),
            }],
        );
        f.put("empty", &Vec::<i64>::new());
        assert!(f.has_header("idempotency-key"));
        let (text, entries, rest) = f.done_rest().unwrap();
        let rest = rest.unwrap();
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(rest.path, [pair("task_id", "t 1")]);
        assert_eq!(
            rest.query,
            [pair("limit", "5"), pair("tag", "a"), pair("tag", "b")]
        );
        assert_eq!(rest.headers, [pair("Idempotency-Key", "k")]);
        assert_eq!(
            rest.body,
            r#"{"prompt":"a \"cat\"\n","ratio":1.5,"fast":true,"disks":[{"IsBoot":true,"Size":100,"Type":"SSD"}],"empty":[]}"#
        );
        // Shown flat, as every request is.
        let keys: Vec<&str> = entries.iter().map(|e| e.key(&text)).collect();
        assert!(
            keys.contains(&"disks.0.Size") && keys.contains(&"task_id"),
            "{keys:?}"
        );
    }

    #[test]
    fn floats_are_shortest_without_exponent() {
        let cases = [
            (2.0, "2"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (-0.0, "0"),
            (1e21, "1000000000000000000000"),
            (1e-7, "0.0000001"),
            (123456.789, "123456.789"),
        ];
        for (value, text) in cases {
            assert_eq!(format_float(value).as_deref(), Some(text), "{value}");
        }
        assert_eq!(format_float(f64::NAN), None);
        assert_eq!(format_float(f64::INFINITY), None);
    }

    #[test]
    fn nested_lists_and_missing_required_fields() {
        let common = Common::new().with(Setting::Region, "cn-wlcb");
        let mut form = Form::new(&common);
        form.req_common("Region", Setting::Region);
        form.opt_common("Zone", Setting::Zone);
        form.opt(
            "Disks",
            &Some(vec![
                Disk {
                    is_boot: true,
                    size: 100,
                    kind: Some("CLOUD_SSD".into()),
                },
                Disk {
                    is_boot: false,
                    size: 20,
                    kind: None,
                },
            ]),
        );
        form.req("UHostId", "u_host_id", &None::<String>);
        form.opt("Price", &Some(f64::NAN));
        form.opt_base64("Password", &Some(SecretString::new("pass word")));
        form.req_base64("NewPassword", "new_password", &None);
        let problems = form.finish().unwrap_err();
        let missing: Vec<String> = problems.missing.iter().map(ToString::to_string).collect();
        assert_eq!(
            missing,
            [
                "Disks.1.Type (.kind())",
                "UHostId (.u_host_id())",
                "NewPassword (.new_password())"
            ]
        );
        assert_eq!(
            problems.invalid,
            [("Price".to_owned(), "not a finite number".to_owned())]
        );
    }

    #[test]
    fn a_parameter_past_the_text_limit_is_refused_not_cut() {
        let common = Common::default();
        let mut form = Form::new(&common);
        form.text_limit = 32;
        form.text("Name", "fits");
        form.text("Description", "far too long for what is left");
        form.text("Zone", "z");
        let problems = form.finish().unwrap_err();
        assert_eq!(
            problems.invalid,
            [(
                "Description".to_owned(),
                "the request's parameters pass 4 GiB".to_owned()
            )]
        );
    }

    #[test]
    fn call_values_win_over_client_defaults() {
        let client = Common::new()
            .with(Setting::Region, "cn-wlcb")
            .with(Setting::Zone, "cn-wlcb-01");
        let call = Common::new()
            .with(Setting::Region, " cn-sh2\n")
            .with(Setting::ProjectId, "  ");
        let common = call.or(&client);
        let mut form = Form::new(&common);
        form.req_common("Region", Setting::Region);
        form.req_common("Zone", Setting::Zone);
        form.opt_common("ProjectId", Setting::ProjectId);
        form.opt("Tags", &Some(vec!["AI".to_owned(), "LLM".to_owned()]));
        let params = form.finish().unwrap();
        let expected: Vec<(String, String)> = [
            ("Region", "cn-sh2"),
            ("Zone", "cn-wlcb-01"),
            ("Tags.0", "AI"),
            ("Tags.1", "LLM"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(params, expected);
    }

    #[test]
    fn urlencoding_escapes_everything_but_unreserved() {
        let params = vec![
            ("Name".to_owned(), "stable diffusion 镜像".to_owned()),
            ("Q".to_owned(), "a&b=c+d/e~".to_owned()),
        ];
        assert_eq!(
            urlencode(&params),
            "Name=stable+diffusion+%E9%95%9C%E5%83%8F&Q=a%26b%3Dc%2Bd%2Fe%7E"
        );
    }
}

#[cfg(test)]
mod base64_tests {
    use super::*;

    #[test]
    fn secrets_go_out_base64_encoded() {
        let common = Common::default();
        let mut form = Form::new(&common);
        for (name, plain) in [
            ("A", ""),
            ("B", "f"),
            ("C", "fo"),
            ("D", "foo"),
            ("E", "密码!"),
        ] {
            form.opt_base64(name, &Some(SecretString::new(plain)));
        }
        form.req_base64("F", "f", &Some(SecretString::new("foobar")));
        let params = form.finish().unwrap();
        let values: Vec<&str> = params.iter().map(|(_, v)| v.as_str()).collect();
        // RFC 4648 test vectors, and UTF-8 bytes for the rest.
        assert_eq!(
            values,
            ["", "Zg==", "Zm8=", "Zm9v", "5a+G56CBIQ==", "Zm9vYmFy"]
        );
    }
}

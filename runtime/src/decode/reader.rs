//! The reader: a cursor over one JSON document that keeps the path to the value it reads,
//! the mismatches it records, and the budget and deadline it is held to; objects, lists and
//! maps. Scalars are in `lenient`, the lexing in `lex`.

use std::borrow::Cow;
use std::time::Instant;

use super::{
    Cut, Decode, DecodeFields, MAX_DEPTH, MAX_KEY_SHOWN, MAX_MISMATCHES, Malformed, Map, Mismatch,
    Present, Read, TICKS_PER_CLOCK_CHECK,
};
use crate::redact::{MASK, is_sensitive_key};

/// What a map entry costs beyond its key and value: a B-tree node's share, about.
const MAP_ENTRY_OVERHEAD: usize = 16;

/// How a list or object value begins.
pub(super) enum Open {
    Null,
    Empty,
    /// A single value where a list belongs; any value that is not an object where an object
    /// belongs.
    Single,
    Items,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Seg {
    /// A member: its key in the body, and once read into a field noting unsent ones, the
    /// field's own key (lowercased), which an alias was read as.
    Key(usize, usize, Option<&'static str>),
    /// An element: its index in the body, and in the list decoded (which drops nulls).
    Index(usize, usize),
    /// A field that is not in the body (a required one left out).
    Absent(&'static str),
}

/// The most unsent fields one answer notes.
const MAX_UNSENT: usize = 65_536;

/// A cursor over a JSON document.
#[derive(Debug)]
pub struct Reader<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
    pub(super) depth: usize,
    pub(super) path: Vec<Seg>,
    pub(super) mismatches: Vec<Mismatch>,
    pub(super) uncounted_mismatches: usize,
    /// Bytes of decoded values still allowed.
    pub(super) budget: usize,
    pub(super) deadline: Option<Instant>,
    pub(super) ticks: u32,
    pub(super) cut: Option<Cut>,
    /// Wire names whose values mismatches must not quote.
    pub(super) sensitive: &'static [&'static str],
    /// Key buffers of finished objects, for the next ones: an object per list element would
    /// otherwise allocate one each.
    pub(super) keys: Vec<String>,
    /// No lenient rule applies: each value must be of its type's JSON kind (for a user's
    /// own files, where a wrong kind is a mistake to report, not drift to absorb).
    pub(super) strict: bool,
    /// Where the fields are that objects lacked but that hold a value anyway (lists,
    /// required fields), as JSON Pointers; `None` when they are not noted.
    pub(super) unsent: Option<Vec<String>>,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `src`, with no budget or deadline.
    pub fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            depth: 0,
            path: Vec::new(),
            mismatches: Vec::new(),
            uncounted_mismatches: 0,
            budget: usize::MAX,
            deadline: None,
            ticks: 0,
            cut: None,
            sensitive: &[],
            keys: Vec::new(),
            strict: false,
            unsent: None,
        }
    }

    /// The same reader noting where objects lack fields that hold a value anyway: see
    /// [`take_unsent`](Self::take_unsent).
    pub(crate) fn noting_unsent(mut self) -> Self {
        self.unsent = Some(Vec::new());
        self
    }

    /// The JSON Pointers (RFC 6901) of the fields the decoded value holds though the body
    /// did not send them; each field's last step is its key lowercased, and indexes count
    /// the elements decoded. Empty unless noted.
    pub(crate) fn take_unsent(&mut self) -> Vec<String> {
        self.unsent.take().unwrap_or_default()
    }

    /// Whether objects decoded as `T` need their keys marked.
    pub(crate) fn marks<T: DecodeFields>(&self) -> bool {
        !T::REQUIRED.is_empty() || (self.unsent.is_some() && !T::FILLED.is_empty())
    }

    /// Marks `key` of an object decoded as `T` (see [`marks`](Self::marks)).
    pub(crate) fn mark<T: DecodeFields>(&self, seen: &mut Present, key: &str) {
        seen.mark::<T>(key, self.unsent.is_some());
    }

    /// The same reader with no lenient rule: strings only from strings, numbers from
    /// numbers (integers from integer literals), booleans from `true` and `false`, lists from
    /// arrays. A value of another kind is a mismatch.
    pub(crate) fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// Limits the memory the decoded values may take to about `bytes`: each list element is
    /// charged its size and each string its length. Past it, decoding stops.
    pub fn with_budget(mut self, bytes: usize) -> Self {
        self.budget = bytes;
        self
    }

    /// Stops decoding once `deadline` has passed.
    pub fn with_deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Wire names (besides those named like secrets) whose values mismatches must not quote.
    pub fn with_sensitive(mut self, sensitive: &'static [&'static str]) -> Self {
        self.sensitive = sensitive;
        self
    }

    /// The first mismatch seen so far, if any.
    pub fn mismatch(&self) -> Option<&Mismatch> {
        self.mismatches.first()
    }

    /// Takes the mismatches seen so far (at most [`MAX_MISMATCHES`]) and how many more there
    /// were.
    pub fn take_mismatches(&mut self) -> (Vec<Mismatch>, usize) {
        (
            std::mem::take(&mut self.mismatches),
            std::mem::take(&mut self.uncounted_mismatches),
        )
    }

    /// Why decoding stopped although the JSON was not broken, if it did.
    pub(crate) fn cut(&self) -> Option<Cut> {
        self.cut
    }

    /// Reads a value into a field that always holds one; null and mismatches leave it as is.
    pub fn read<T: Decode>(&mut self, slot: &mut T) -> Result<bool, Malformed> {
        if let Some(v) = T::decode(self)? {
            *slot = v;
        }
        Ok(true)
    }

    /// Reads a value into an optional field; null and mismatches leave it `None`.
    pub fn read_opt<T: Decode>(&mut self, slot: &mut Option<T>) -> Result<bool, Malformed> {
        *slot = T::decode(self)?;
        Ok(true)
    }

    pub(super) fn malformed(&self, reason: &'static str) -> Malformed {
        Malformed {
            offset: self.pos,
            reason,
        }
    }

    /// Charges `bytes` of decoded memory against the budget.
    pub(super) fn charge(&mut self, bytes: usize) -> Result<(), Malformed> {
        match self.budget.checked_sub(bytes) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => {
                self.cut = Some(Cut::Budget);
                Err(self.malformed("decoded response exceeds the memory budget"))
            }
        }
    }

    /// Counts one value read; now and then, checks the deadline.
    pub(super) fn tick(&mut self) -> Result<(), Malformed> {
        self.ticks += 1;
        if self.ticks < TICKS_PER_CLOCK_CHECK {
            return Ok(());
        }
        self.ticks = 0;
        match self.deadline {
            Some(d) if Instant::now() >= d => {
                self.cut = Some(Cut::Deadline);
                Err(self.malformed("decoding ran past the deadline"))
            }
            _ => Ok(()),
        }
    }

    /// An owned string, charged against the budget.
    pub(super) fn own(&mut self, s: Cow<'_, str>) -> Result<String, Malformed> {
        self.charge(s.len())?;
        Ok(s.into_owned())
    }

    /// Says which field the member being read goes to, by its own key (lowercased): the
    /// unsent fields noted below it are then where the output has them, whichever alias the
    /// answer used.
    #[doc(hidden)]
    pub fn into_field(&mut self, field: &'static str) {
        if self.unsent.is_none() {
            return;
        }
        if let Some(Seg::Key(_, _, named)) = self.path.last_mut() {
            *named = Some(field);
        }
    }

    /// Records each of `required` that `seen` lacks, at the object that began at `offset`.
    pub(crate) fn record_absent<T: DecodeFields>(&mut self, seen: Present, offset: usize) {
        if self.unsent.is_some() {
            for (i, keys) in T::FILLED.iter().flatten().take(64).enumerate() {
                // Past the cap, the rest keep their defaults in what is shown: a bound on
                // what a hostile answer of empty objects can make this allocate.
                let room = self.unsent.as_ref().is_some_and(|u| u.len() < MAX_UNSENT);
                if room && seen.filled & (1 << i) == 0 {
                    let pointer = self.pointer_to(keys[0]);
                    if let Some(unsent) = &mut self.unsent {
                        unsent.push(pointer);
                    }
                }
            }
        }
        for (i, r) in T::REQUIRED.iter().take(64).enumerate() {
            if seen.required & (1 << i) == 0 {
                self.path.push(Seg::Absent(r.wire));
                self.record("a value (the field is required)", offset, || {
                    "nothing".to_owned()
                });
                self.path.pop();
            }
        }
    }

    /// Records a mismatch at the current path; `found` is only built for the ones kept.
    pub(super) fn record(
        &mut self,
        expected: &'static str,
        offset: usize,
        found: impl FnOnce() -> String,
    ) {
        if self.mismatches.len() >= MAX_MISMATCHES {
            self.uncounted_mismatches += 1;
            return;
        }
        self.mismatches.push(Mismatch {
            path: self.path_string(),
            expected,
            found: found(),
            offset,
        });
    }

    /// Records a value of the wrong kind at the current path, then skips it.
    pub(super) fn wrong_kind<T>(&mut self, expected: &'static str) -> Read<T> {
        let found = self.kind_at()?;
        let offset = self.pos;
        self.record(expected, offset, || found.to_owned());
        self.skip_value()?;
        Ok(None)
    }

    /// Records a scalar whose text does not convert.
    pub(super) fn wrong_scalar(&mut self, expected: &'static str, offset: usize, text: &str) {
        if self.at_sensitive_key() {
            self.record(expected, offset, || format!("\"{MASK}\""));
            return;
        }
        self.record(expected, offset, || {
            let mut shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            format!("{shown:?}")
        });
    }

    pub(super) fn at_sensitive_key(&self) -> bool {
        self.path.iter().rev().find_map(|seg| match *seg {
            Seg::Key(s, e, _) => Some(is_sensitive_key(&self.src[s..e], self.sensitive)),
            Seg::Absent(wire) => Some(is_sensitive_key(wire, self.sensitive)),
            Seg::Index(..) => None,
        }) == Some(true)
    }

    /// The JSON Pointer of member `key` of the object at the current path.
    fn pointer_to(&self, key: &str) -> String {
        let mut out = String::new();
        let mut step = |s: &str| {
            out.push('/');
            out.push_str(&s.replace('~', "~0").replace('/', "~1"));
        };
        for seg in &self.path {
            match *seg {
                Seg::Key(_, _, Some(field)) => step(field),
                Seg::Key(s, e, None) => step(&self.src[s..e]),
                Seg::Index(_, decoded) => step(&decoded.to_string()),
                Seg::Absent(wire) => step(wire),
            }
        }
        step(key);
        out
    }

    pub(super) fn path_string(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match *seg {
                Seg::Key(s, e, _) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    let key = &self.src[s..e];
                    let mut cut = key.len().min(MAX_KEY_SHOWN);
                    while !key.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    out.push_str(&key[..cut]);
                    if cut < key.len() {
                        out.push('…');
                    }
                }
                Seg::Index(i, _) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Seg::Absent(wire) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(wire);
                }
            }
        }
        if out.is_empty() {
            "(top level)".to_owned()
        } else {
            out
        }
    }

    /// Reads an object, calling `field` with each ASCII-lowercased key. Keys `field` does not
    /// take are skipped. Returns `Ok(false)` (and reads nothing) if the value is not an object.
    ///
    /// Instantiated once per struct, so the key and bracket work lives in non-generic helpers.
    pub fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &str) -> Result<bool, Malformed>,
    ) -> Result<bool, Malformed> {
        match self.object_open()? {
            Open::Null | Open::Single => return Ok(false),
            Open::Empty => return Ok(true),
            Open::Items => {}
        }
        let mut key = self.keys.pop().unwrap_or_default();
        loop {
            self.object_key(&mut key)?;
            if !field(self, &key)? {
                self.skip_value()?;
            }
            self.path.pop();
            if !self.object_next()? {
                break;
            }
        }
        self.keys.push(key);
        Ok(true)
    }

    /// Reads what starts an object value; `Single` for anything that is not an object (the
    /// reader has not moved).
    pub(super) fn object_open(&mut self) -> Result<Open, Malformed> {
        if self.peek()? != b'{' {
            return Ok(Open::Single);
        }
        self.enter()?;
        self.pos += 1;
        if self.peek()? == b'}' {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Open::Empty);
        }
        Ok(Open::Items)
    }

    /// Reads a key and its colon into `lower` (ASCII-lowercased) and extends the path.
    pub(super) fn object_key(&mut self, lower: &mut String) -> Result<(), Malformed> {
        let key = self.member_key()?;
        lower.clear();
        lower.push_str(&key);
        lower.make_ascii_lowercase();
        Ok(())
    }

    /// Reads a member's key (escapes decoded) and its colon, and extends the path.
    pub(super) fn member_key(&mut self) -> Result<Cow<'a, str>, Malformed> {
        self.tick()?;
        if self.peek()? != b'"' {
            return Err(self.malformed("expected an object key"));
        }
        let start = self.pos + 1;
        let key = self.string_token()?;
        let end = self.pos - 1;
        self.expect(b':', "expected ':' after an object key")?;
        self.path.push(Seg::Key(start, end, None));
        Ok(key)
    }

    /// After a member: `true` if another follows, `false` at the end of the object.
    pub(super) fn object_next(&mut self) -> Result<bool, Malformed> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b'}' => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(self.malformed("expected ',' or '}' in an object")),
        }
    }

    pub(super) fn enter(&mut self) -> Result<(), Malformed> {
        if self.depth >= MAX_DEPTH {
            return Err(self.malformed("nesting too deep"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Reads a struct value: an object decoded field by field; null gives `None`.
    pub fn fields<T: DecodeFields>(&mut self) -> Read<T> {
        let mut value = T::default();
        // Instantiated once per struct: the required fields' bookkeeping is in non-generic
        // helpers, and compiles away for a struct that has none.
        let mut seen = Present::default();
        let marks = self.marks::<T>();
        let start = self.value_position();
        if self.object(|r, key| {
            if marks {
                r.mark::<T>(&mut seen, key);
            }
            value.decode_field(key, r)
        })? {
            self.record_absent::<T>(seen, start);
            Ok(Some(value))
        } else if self.peek()? == b'n' {
            self.literal("null")?;
            Ok(None)
        } else {
            self.wrong_kind("an object")
        }
    }

    /// Runs `read` and forgets any mismatch it records: for values read for the runtime
    /// rather than for the output.
    pub(crate) fn quietly<T>(&mut self, read: impl FnOnce(&mut Self) -> T) -> T {
        let kept = self.mismatches.len();
        let value = read(self);
        self.mismatches.truncate(kept);
        value
    }

    /// Records a value where a strict reader wants an array, and skips it.
    fn not_an_array(&mut self) -> Result<(), Malformed> {
        self.wrong_kind::<()>("an array").map(|_| ())
    }

    /// Reads an array, decoding each element; null and mismatched elements are dropped. A
    /// single value where the array belongs reads as a one-element array.
    ///
    /// Instantiated once per element type, so the bracket and budget work lives in the
    /// non-generic helpers below.
    pub fn list<T: Decode>(&mut self) -> Read<Vec<T>> {
        let mut items = Vec::new();
        match self.list_open()? {
            Open::Null => return Ok(None),
            Open::Empty => return Ok(Some(items)),
            // Not generic: one instance for every list type.
            Open::Single if self.strict => {
                self.not_an_array()?;
                return Ok(None);
            }
            Open::Single => {
                if let Some(item) = T::decode(self)? {
                    self.grow(&mut items, 1)?;
                    items.push(item);
                }
                return Ok(Some(items));
            }
            Open::Items => {}
        }
        let mut index = 0;
        loop {
            self.element(index, items.len())?;
            let item = T::decode(self)?;
            self.path.pop();
            if let Some(item) = item {
                if items.len() == items.capacity() {
                    let more = items.capacity().max(4);
                    self.grow(&mut items, more)?;
                }
                items.push(item);
            }
            index += 1;
            if !self.list_next()? {
                return Ok(Some(items));
            }
        }
    }

    /// Reads an object whose keys are data (ids, names, models), each value decoded; keys keep
    /// their case and escapes are decoded. Members whose value is null or does not fit are
    /// dropped (the latter recorded as mismatches); a key given twice keeps its last value.
    /// Anything but an object or null is a mismatch.
    pub fn map<T: Decode>(&mut self) -> Read<Map<T>> {
        let mut map = Map::new();
        match self.object_open()? {
            Open::Empty => return Ok(Some(map)),
            Open::Items => {}
            Open::Null | Open::Single if self.peek()? == b'n' => {
                return self.literal("null").map(|()| None);
            }
            Open::Null | Open::Single => return self.wrong_kind("an object"),
        }
        loop {
            let key = self.map_key()?;
            let value = T::decode(self)?;
            self.path.pop();
            if let Some(value) = value {
                self.charge(std::mem::size_of::<(String, T)>() + MAP_ENTRY_OVERHEAD)?;
                map.insert(key, value);
            }
            if !self.object_next()? {
                return Ok(Some(map));
            }
        }
    }

    /// Reads a map's key and its colon, extends the path, and gives the key as written.
    pub(super) fn map_key(&mut self) -> Result<String, Malformed> {
        let key = self.member_key()?;
        self.own(key)
    }

    /// Reads what starts a list value.
    pub(super) fn list_open(&mut self) -> Result<Open, Malformed> {
        match self.peek()? {
            b'[' => {}
            b'n' => return self.literal("null").map(|()| Open::Null),
            _ => return Ok(Open::Single),
        }
        self.enter()?;
        self.pos += 1;
        if self.peek()? == b']' {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Open::Empty);
        }
        Ok(Open::Items)
    }

    /// Before element `index` (`decoded` in the list it is read into): counts it and extends
    /// the path.
    pub(super) fn element(&mut self, index: usize, decoded: usize) -> Result<(), Malformed> {
        self.tick()?;
        self.path.push(Seg::Index(index, decoded));
        Ok(())
    }

    /// After an element: `true` if another follows, `false` at the end of the list.
    pub(super) fn list_next(&mut self) -> Result<bool, Malformed> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b']' => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(self.malformed("expected ',' or ']' in an array")),
        }
    }

    /// Reserves room for up to `more` elements, charging their size before it is allocated.
    /// Where the budget cannot pay for `more`, it grows by half of what the budget can still
    /// pay for (at least one element), leaving the rest for what those elements hold (their
    /// strings, nested lists): a list may come close to filling the whole budget rather than
    /// fail at the last doubling that fitted, and never holds more than was charged.
    pub(super) fn grow<T>(&mut self, items: &mut Vec<T>, more: usize) -> Result<(), Malformed> {
        let size = std::mem::size_of::<T>().max(1);
        let affordable = self.budget / size;
        let more = if more <= affordable / 2 {
            more
        } else {
            (affordable / 2).max(1)
        };
        self.charge(more.saturating_mul(size))?;
        items.reserve_exact(more);
        Ok(())
    }

    /// The key of the member being read, as written (escapes not decoded), e.g. a profile
    /// name in a map keyed by name. `None` at the top level or in an array.
    pub fn current_key(&self) -> Option<&'a str> {
        match self.path.last()? {
            Seg::Key(s, e, _) => Some(&self.src[*s..*e]),
            Seg::Index(..) | Seg::Absent(_) => None,
        }
    }

    /// The byte offset where the next value starts (after any whitespace).
    pub fn value_position(&mut self) -> usize {
        self.skip_ws();
        self.pos
    }

    /// The byte offset of the cursor.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Moves the cursor back to a position returned by [`Reader::position`].
    pub(crate) fn rewind(&mut self, pos: usize) {
        self.pos = pos;
    }
}

//! Fields: validating one field definition, the collisions among a struct's fields, enum
//! values, and the Rust shape, docs and setter each field gets.

use std::collections::BTreeMap;

use super::{Lowering, RField, Section, Setting, Ty};
use crate::diag::did_you_mean;
use crate::ir::{
    Decode, Encode, FieldIr, ParamIr, SerdeName, SetterIr, SetterKind, TypeRef, VariantIr,
    WriteFrom, WriteIr,
};
use crate::names;
use crate::spec::{EnumValues, FieldDef, Scalar};

impl Lowering<'_> {
    /// Validates one field definition into a resolved field with its doc: its name, its
    /// type, then the rules of its options; a field with any problem is reported and dropped.
    pub(super) fn field(
        &mut self,
        file: &str,
        path: &str,
        wire: &str,
        def: &FieldDef,
        section: Section,
    ) -> Option<RField> {
        let errors_before = self.diags.0.len();
        if !names::is_wire_name(wire) {
            self.diags.push(
                file,
                path,
                format!(
                    "invalid wire name `{wire}`: use ASCII letters, digits and `_`, starting with a letter"
                ),
            );
        }
        if section == Section::Request && names::PROTOCOL_PARAMS.contains(&wire) {
            self.diags.push(
                file,
                path,
                format!("`{wire}` is a protocol parameter: the client sends it on every request"),
            );
        }
        let common = if section == Section::Request {
            self.common.get(wire)
        } else {
            None
        };
        let ty = self
            .field_type(wire, def, common.map(|c| &c.ty))
            .map_err(|problem| self.diags.push(file, path, problem))
            .ok();
        let doc_text = def.doc.as_deref().or(common.map(|c| c.doc));
        if doc_text.is_none() {
            self.diags.push(file, path, "missing `doc`");
        }
        for problem in self.option_problems(def, section, ty.as_ref()) {
            self.diags.push(file, path, problem);
        }
        if self.diags.0.len() > errors_before {
            return None;
        }
        let ty = ty?;
        let notes = self.field_notes(def, section, common.map(|c| c.setting), &ty);
        Some(RField {
            wire: wire.to_owned(),
            snake: names::snake(wire),
            ty,
            required: def.required,
            doc: doc_lines(doc_text.unwrap_or_default(), &notes),
            setting: common.map(|c| c.setting),
            sensitive: def.sensitive,
            base64: def.encoding.is_some(),
            aliases: def.aliases.clone(),
            max_items: def.max_items,
        })
    }

    /// The field's type: the one it names, or a common parameter's (which it may not
    /// change); or why it has none.
    fn field_type(&self, wire: &str, def: &FieldDef, common: Option<&Ty>) -> Result<Ty, String> {
        match (&def.ty, common) {
            (Some(t), common) => match self.resolve_type(t)? {
                ty if common.is_some_and(|c| *c != ty) => Err(format!(
                    "`{wire}` is a common parameter of type `string`, not `{t}`"
                )),
                ty => Ok(ty),
            },
            (None, Some(c)) => Ok(c.clone()),
            (None, None) => Err("missing `type`".to_owned()),
        }
    }

    /// What is wrong with the field's options (aliases, override, default, sensitive,
    /// encoding, max_items) for its section and type.
    fn option_problems(&self, def: &FieldDef, section: Section, ty: Option<&Ty>) -> Vec<String> {
        let request = section == Section::Request;
        let mut problems: Vec<String> = Vec::new();
        if !def.aliases.is_empty() && section != Section::Response {
            problems.push("`aliases` apply to response fields only".to_owned());
        }
        for alias in def.aliases.iter().filter(|a| !names::is_wire_name(a)) {
            problems.push(format!("invalid alias `{alias}`"));
        }
        if def.override_ && !request {
            problems.push("`override` applies to request parameters only".to_owned());
        }
        if def.default.is_some() && section == Section::Response {
            problems.push("`default` applies to request parameters only".to_owned());
        }
        if let (Some(d), Some(ty)) = (&def.default, ty) {
            problems.extend(self.check_default(ty, d).err());
        }
        if request && ty.is_some_and(contains_json) {
            problems
                .push("`json` values and maps can be read from responses but not sent".to_owned());
        }
        if def.sensitive && ty.is_some_and(|t| *t != Ty::Str) {
            problems.push("`sensitive` applies to string fields only".to_owned());
        }
        if def.required && def.default.is_some() && request {
            problems.push(
                "a required parameter has no server default: drop `required` or `default`"
                    .to_owned(),
            );
        }
        let encoding = match def.encoding.as_deref() {
            Some("base64") if !request => {
                Some("`encoding` applies to request parameters only".to_owned())
            }
            Some("base64") if ty.is_some_and(|t| *t != Ty::Str) => {
                Some("`encoding: base64` applies to string parameters only".to_owned())
            }
            None | Some("base64") => None,
            Some(other) => Some(format!(
                "unknown encoding `{other}`: the only one is `base64`"
            )),
        };
        let max_items = match def.max_items {
            Some(_) if !request => {
                Some("`max_items` applies to request parameters only".to_owned())
            }
            Some(_) if !matches!(ty, Some(Ty::List(_))) => {
                Some("`max_items` applies to lists only".to_owned())
            }
            Some(n) if n < 1 => Some(format!(
                "`max_items: {n}` would refuse every list: give 1 or more"
            )),
            _ => None,
        };
        problems.extend(encoding);
        problems.extend(max_items);
        problems
    }

    /// The notes that end a valid field's doc: how it is sent, whether it is required, where
    /// its default comes from, its values, limits and aliases.
    fn field_notes(
        &self,
        def: &FieldDef,
        section: Section,
        setting: Option<Setting>,
        ty: &Ty,
    ) -> Vec<String> {
        let mut notes = Vec::new();
        if def.encoding.is_some() {
            notes.push("Give it as is: it is sent Base64-encoded, as the API wants.".to_owned());
        }
        if def.required && section != Section::Response {
            notes.push("Required.".to_owned());
        }
        if let Some(setting) = setting {
            notes.push(format!("Defaults to the client's {}.", setting.prose()));
        }
        if let Some(values) = self.enum_values(ty) {
            let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            notes.push(format!("One of {}.", listed.join(", ")));
        }
        if let Some(d) = &def.default {
            notes.push(format!("The server assumes `{d}` when unset."));
        }
        if let Some(n) = def.max_items {
            notes.push(format!(
                "At most {n} a request: more are refused before sending."
            ));
        }
        if !def.aliases.is_empty() {
            let list: Vec<String> = def.aliases.iter().map(|a| format!("`{a}`")).collect();
            notes.push(format!("Also read from {}.", list.join(", ")));
        }
        notes
    }

    /// The wire values of an enum type, or of the elements of a list of one.
    pub(super) fn enum_values(&self, ty: &Ty) -> Option<Vec<&str>> {
        match ty {
            Ty::List(inner) => self.enum_values(inner),
            Ty::Named(n) => {
                let values = self.types.get(n.as_str())?.1.values.as_ref()?;
                Some(values.0.iter().map(|(v, _)| v.as_str()).collect())
            }
            _ => None,
        }
    }

    pub(super) fn check_default(&self, ty: &Ty, d: &Scalar) -> Result<(), String> {
        let ok = match (ty, d) {
            (Ty::Str, _)
            | (Ty::Int, Scalar::Int(_))
            | (Ty::Float, Scalar::Int(_) | Scalar::Float(_))
            | (Ty::Bool, Scalar::Bool(_)) => true,
            (Ty::Named(n), Scalar::Str(s)) => match self
                .types
                .get(n.as_str())
                .and_then(|(_, t)| t.values.as_ref())
            {
                Some(values) => {
                    if !values.0.iter().any(|(v, _)| v == s) {
                        return Err(format!(
                            "default `{s}` is not a value of `{n}`{}",
                            did_you_mean(s, values.0.iter().map(|(v, _)| v.as_str()))
                        ));
                    }
                    true
                }
                None => false,
            },
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!("default `{d}` does not fit the field's type"))
        }
    }

    pub(super) fn variants(
        &mut self,
        file: &str,
        path: &str,
        values: &EnumValues,
    ) -> Vec<VariantIr> {
        if values.0.is_empty() {
            self.diags
                .push(file, path, "an enum needs at least one value");
        }
        let mut out: Vec<VariantIr> = Vec::new();
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (value, doc) in &values.0 {
            let Some(ident) = names::variant(value) else {
                self.diags.push(
                    file,
                    path,
                    format!("value `{value}` cannot become a Rust variant name"),
                );
                continue;
            };
            if ident == "Unknown" {
                self.diags.push(file, path, format!("value `{value}` would become `Unknown`, the variant that holds values the SDK does not know"));
                continue;
            }
            if let Some(first) = seen.get(&ident) {
                let msg = if *first == value.as_str() {
                    format!("value `{value}` is listed twice")
                } else {
                    format!("values `{first}` and `{value}` both become variant `{ident}`")
                };
                self.diags.push(file, path, msg);
                continue;
            }
            seen.insert(ident.clone(), value);
            let doc = match doc {
                Some(d) => doc_lines(d, &[]),
                None => vec![format!("`{value}`.")],
            };
            out.push(VariantIr {
                ident,
                wire: value.clone(),
                doc,
            });
        }
        out
    }

    /// Two fields of one struct with the same Rust name, two setters with the same name, or
    /// (for decoding) two fields read from the same key when case is ignored, are an error:
    /// never a silent rename.
    pub(super) fn check_collisions(
        &mut self,
        file: &str,
        path: &str,
        fields: &[RField],
        section: Section,
    ) {
        let mut idents: BTreeMap<String, &str> = BTreeMap::new();
        // Common parameters have setters on every call that takes them.
        let common: Vec<String> = self.common.keys().map(|w| w.to_string()).collect();
        let mut setters: BTreeMap<String, &str> = common
            .iter()
            .map(|w| (names::snake(w), w.as_str()))
            .collect();
        let mut keys: BTreeMap<String, &str> = BTreeMap::new();
        for f in fields {
            if let Some(first) = idents.insert(f.snake.clone(), &f.wire) {
                self.diags.push(
                    file,
                    path,
                    format!(
                        "`{first}` and `{}` both become the Rust name `{}`",
                        f.wire, f.snake
                    ),
                );
                continue;
            }
            if section == Section::Request && f.setting.is_none() {
                let setter = names::setter(&f.snake);
                if let Some(first) = setters.insert(setter.clone(), &f.wire) {
                    self.diags.push(
                        file,
                        path,
                        format!(
                            "the setters of `{first}` and `{}` both become `{setter}`",
                            f.wire
                        ),
                    );
                }
            }
            if section == Section::Request {
                continue; // requests are encoded, never matched by key
            }
            for key in std::iter::once(&f.wire).chain(&f.aliases) {
                if let Some(first) = keys.insert(key.to_ascii_lowercase(), &f.wire) {
                    let msg = if first == f.wire {
                        format!("`{key}` is given twice for `{}`", f.wire)
                    } else {
                        format!(
                            "`{first}` and `{}` are read from the same key `{key}` (keys match case-insensitively)",
                            f.wire
                        )
                    };
                    self.diags.push(file, path, msg);
                }
            }
        }
    }
}

pub(super) fn contains_json(ty: &Ty) -> bool {
    match ty {
        Ty::Json | Ty::Map(_) => true,
        Ty::List(inner) => contains_json(inner),
        _ => false,
    }
}

/// The IR type of a resolved type; `sensitive` strings are secrets.
pub(super) fn type_ref(ty: &Ty, sensitive: bool) -> TypeRef {
    match ty {
        Ty::Str if sensitive => TypeRef::Secret,
        Ty::Str => TypeRef::String,
        Ty::Int => TypeRef::Int,
        Ty::Float => TypeRef::Float,
        Ty::Bool => TypeRef::Bool,
        Ty::Json => TypeRef::Json,
        Ty::List(inner) => TypeRef::List(Box::new(type_ref(inner, sensitive))),
        Ty::Map(inner) => TypeRef::Map(Box::new(type_ref(inner, sensitive))),
        Ty::Named(n) => TypeRef::Named(n.clone()),
    }
}

/// A field of a named struct or of a response. Request objects (`in_request`) keep optional
/// lists as `Option<Vec<_>>` so "unset" and "empty" differ on the wire; responses read a
/// missing list as empty.
pub(super) fn type_field(f: &RField, in_request: bool) -> FieldIr {
    // Maps are never sent, so only responses have them: a missing one is empty.
    let is_list = matches!(f.ty, Ty::List(_) | Ty::Map(_));
    let optional = !f.required && (in_request || !is_list);
    let inner = type_ref(&f.ty, f.sensitive);
    FieldIr {
        wire: f.wire.clone(),
        ident: names::ident(&f.snake),
        ty: if optional {
            TypeRef::Option(Box::new(inner))
        } else {
            inner
        },
        doc: f.doc.clone(),
        decode: if optional {
            Decode::ReadOpt
        } else {
            Decode::Read
        },
        keys: std::iter::once(&f.wire)
            .chain(&f.aliases)
            .map(|k| k.to_ascii_lowercase())
            .collect(),
        required: f.required,
        // `new` makes the object; a field of that name gets `set_new`.
        setter: match names::setter(&f.snake) {
            name if name == "new" => "set_new".to_owned(),
            name => name,
        },
        serde: serde_name(f),
    }
}

/// How serde names a field: its wire name (where `rename_all` does not give it) and aliases.
fn serde_name(f: &RField) -> SerdeName {
    SerdeName {
        rename: (names::serde_pascal(&names::ident(&f.snake)) != f.wire).then(|| f.wire.clone()),
        aliases: f.aliases.clone(),
    }
}

/// A parameter of an action's own: always optional in the struct (the call's setter fills
/// it), checked for presence when encoded if required.
pub(super) fn request_field(f: &RField) -> ParamIr {
    let inner = type_ref(&f.ty, f.sensitive);
    let (kind, setter_ty) = match &f.ty {
        Ty::List(elem) => (SetterKind::Many, type_ref(elem, f.sensitive)),
        _ => (SetterKind::One, inner.clone()),
    };
    ParamIr {
        wire: f.wire.clone(),
        ident: names::ident(&f.snake),
        ty: TypeRef::Option(Box::new(inner)),
        doc: f.doc.clone(),
        serde: serde_name(f),
        setter: SetterIr {
            name: names::setter(&f.snake),
            kind,
            ty: setter_ty,
        },
    }
}

/// How a field of a request object is written: always if required, else if set.
pub(super) fn type_write(f: &RField) -> WriteIr {
    WriteIr {
        wire: f.wire.clone(),
        encode: if f.required { Encode::Put } else { Encode::Opt },
        from: WriteFrom::Field {
            ident: names::ident(&f.snake),
        },
        setter: None,
        max_items: None,
    }
}

/// How a parameter of an action is written: a common one from the call or the client, an own
/// one from its field, recorded as missing (with its setter) if required and unset.
pub(super) fn request_write(f: &RField) -> WriteIr {
    let (encode, from, setter) = match f.setting {
        Some(setting) => (
            if f.required {
                Encode::ReqCommon
            } else {
                Encode::OptCommon
            },
            WriteFrom::Setting { setting },
            None,
        ),
        None => {
            let encode = match (f.required, f.base64) {
                (true, false) => Encode::Req,
                (false, false) => Encode::Opt,
                (true, true) => Encode::ReqBase64,
                (false, true) => Encode::OptBase64,
            };
            let ident = names::ident(&f.snake);
            let setter = f.required.then(|| names::setter(&f.snake));
            (encode, WriteFrom::Field { ident }, setter)
        }
    };
    WriteIr {
        wire: f.wire.clone(),
        encode,
        from,
        setter,
        max_items: f.max_items,
    }
}

/// `writes` in the order parameters are signed in: bytewise by wire name.
pub(super) fn signing_order(mut writes: Vec<WriteIr>) -> Vec<WriteIr> {
    writes.sort_by(|a, b| a.wire.cmp(&b.wire));
    writes
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

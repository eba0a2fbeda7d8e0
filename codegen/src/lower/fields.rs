//! The rules of fields: one field definition, the collisions among a struct's fields, enum
//! values and defaults. Their shape is chosen in `shape`, their docs written in `docs`.

use std::collections::BTreeMap;

use super::docs::{FieldDoc, doc_lines};
use super::{Lowering, RField, Section, Ty, limits};
use crate::diag::did_you_mean;
use crate::ir::{Location, VariantIr};
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
        // A query key may be dotted (`filter.status`): REST query keys are taken literally.
        let dotted_query =
            def.location.as_deref() == Some("query") && wire.split('.').all(names::is_wire_name);
        if !names::is_wire_name(wire) && !dotted_query {
            self.diags.push(
                file,
                path,
                format!(
                    "invalid wire name `{wire}`: use ASCII letters, digits and `_`, starting with a letter (and `.` between them in a query key)"
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
        let (limits, problems) = limits::lower(&def.limits, section, ty.as_ref(), def.sensitive);
        for problem in problems {
            self.diags.push(file, path, problem);
        }
        if common.is_some() && limits.takes().is_some() {
            self.diags.push(
                file,
                path,
                "a common parameter's limits are not checked: drop them",
            );
        }
        if self.diags.0.len() > errors_before {
            return None;
        }
        let ty = ty?;
        let snake = names::snake(wire);
        let doc = FieldDoc {
            text: doc_text.unwrap_or_default().to_owned(),
            base64: def.encoding.is_some(),
            required: def.required && section != Section::Response,
            setting: common.map(|c| c.setting),
            values: self
                .enum_values(&ty)
                .map(|v| v.into_iter().map(str::to_owned).collect()),
            default: def.default.as_ref().map(ToString::to_string),
            limits: limits.takes(),
            aliases: def.aliases.clone(),
        };
        Some(RField {
            wire: wire.to_owned(),
            ident: names::ident(&snake),
            setter: match common {
                Some(c) => c.setter.clone(),
                None => setter_of(&snake, section),
            },
            flag: names::snake(wire).replace('_', "-"),
            variable: def.sensitive.then(|| {
                def.variable
                    .clone()
                    .unwrap_or_else(|| format!("COMPSHARE_{}", snake.to_ascii_uppercase()))
            }),
            generate: def.generate,
            snake,
            ty,
            required: def.required,
            doc,
            setting: common.map(|c| c.setting),
            sensitive: def.sensitive,
            base64: def.encoding.is_some(),
            location: match def.location.as_deref() {
                Some("path") => Location::Path,
                Some("query") => Location::Query,
                Some("header") => Location::Header,
                _ => Location::Body,
            },
            header: def.header.clone(),
            unit: def.unit.clone(),
            aliases: def.aliases.clone(),
            limits,
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
    /// encoding, unit, location) for its section and type.
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
        problems.extend(encoding);
        if (def.variable.is_some() || def.generate)
            && !(def.sensitive && section == Section::Request && ty == Some(&Ty::Str))
        {
            problems.push(
                "`variable` and `generate` are for secret text request parameters (`sensitive: true`)"
                    .to_owned(),
            );
        }
        if let Some(v) = &def.variable
            && (v.is_empty()
                || !v
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        {
            problems.push(format!(
                "`{v}` is not an environment variable's name (A-Z, 0-9, _)"
            ));
        }
        problems.extend(location_problem(def, request));
        let int = |t: &Ty| *t == Ty::Int || matches!(t, Ty::List(i) if **i == Ty::Int);
        match def.unit.as_deref() {
            Some("MB" | "GB") if section == Section::Response => {
                problems.push("`unit` applies to request parameters and fields only".to_owned())
            }
            Some("MB" | "GB") if !ty.is_some_and(int) => {
                problems.push("`unit` applies to ints (sizes) only".to_owned())
            }
            // A time is shown, never read: a field of a type's, one int.
            Some("time") if section != Section::TypeField || ty != Some(&Ty::Int) => problems
                .push("`unit: time` (Unix seconds) applies to one int field of a type".to_owned()),
            Some("MB" | "GB" | "time") | None => {}
            Some(other) => problems.push(format!("unknown unit `{other}`: use MB, GB or time")),
        }
        problems
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
        let mut setters: BTreeMap<String, &str> = self
            .common
            .iter()
            .map(|(w, c)| (c.setter.clone(), *w))
            .collect();
        let mut keys: BTreeMap<String, &str> = BTreeMap::new();
        for problem in limits::sibling_problems(fields) {
            self.diags.push(file, path, problem);
        }
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
                let setter = &f.setter;
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

/// What is wrong with where a parameter goes (`in`, `header`), if anything.
fn location_problem(def: &FieldDef, request: bool) -> Option<String> {
    match (def.location.as_deref(), &def.header) {
        (Some(_), _) if !request => Some("`in` applies to request parameters only".to_owned()),
        (Some("path" | "query" | "body") | None, None) => None,
        (Some("header"), Some(h)) if super::rest::is_header(h) => None,
        (Some("header"), Some(h)) => Some(format!(
            "`{h}` is not a header name a parameter may take (the client sets Authorization, Host, Content-Type...)"
        )),
        (Some("header"), None) => {
            Some("a header parameter names its header: `header: Name`".to_owned())
        }
        (Some(_), Some(_)) | (None, Some(_)) => {
            Some("`header` applies to `in: header` parameters only".to_owned())
        }
        (Some(other), None) => Some(format!(
            "unknown place `{other}`: use path, query, header or body"
        )),
    }
}

/// The setter of a field, decided here only: a call's for a parameter (common ones too), an
/// object's for a field of a request object, where `new` (the constructor) makes `set_new`.
pub(super) fn setter_of(snake: &str, section: Section) -> String {
    match names::setter(snake) {
        name if name == "new" && section == Section::TypeField => "set_new".to_owned(),
        name => name,
    }
}

pub(super) fn contains_json(ty: &Ty) -> bool {
    match ty {
        Ty::Json | Ty::Map(_) => true,
        Ty::List(inner) => contains_json(inner),
        _ => false,
    }
}

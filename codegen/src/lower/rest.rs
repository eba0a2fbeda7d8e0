//! The rules of the wire protocols, part of resolution: a service's `protocol` and `auth`,
//! and for a `rest-json` service each action's route (method and path), where each of its
//! parameters goes (path, query, header, body) and its idempotency header. A `ucloud-rpc`
//! service takes none of them.

use std::collections::BTreeMap;

use super::{Lowering, RField, Ty};
use crate::ir::Location;
use crate::spec::ServiceDef;

/// A service's wire protocol and authentication, resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Wire {
    pub rest: bool,
    /// The environment variable of the bearer key, for a REST service, and what keys start
    /// with.
    pub bearer: Option<String>,
    pub bearer_prefix: Option<String>,
    /// The variable naming another endpoint.
    pub bearer_base_url: Option<String>,
}

/// An action's route, resolved: (method, path).
pub(super) type Route = (String, String);

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

impl<'a> Lowering<'a> {
    /// `protocol` and `auth`, checked.
    pub(super) fn check_wire(&mut self, file: &str, s: &ServiceDef) -> Wire {
        let rest = match s.protocol.as_deref() {
            None | Some("ucloud-rpc") => false,
            Some("rest-json") => true,
            Some(other) => {
                self.diags.push(
                    file,
                    "service.protocol",
                    format!("unknown protocol `{other}`: use ucloud-rpc or rest-json"),
                );
                false
            }
        };
        let bearer = match (&s.auth, rest) {
            (None, false) => None,
            (None, true) => {
                self.diags.push(
                    file,
                    "service",
                    "a rest-json service says how it authenticates: `auth: {scheme: bearer, variable: NAME}`",
                );
                None
            }
            (Some(_), false) => {
                self.diags.push(
                    file,
                    "service.auth",
                    "ucloud-rpc services sign with UCloud's key pair: drop `auth`",
                );
                None
            }
            (Some(a), true) => {
                if a.scheme != "bearer" {
                    self.diags.push(
                        file,
                        "service.auth.scheme",
                        format!(
                            "unknown scheme `{}`: the one there is is `bearer`",
                            a.scheme
                        ),
                    );
                }
                if let Some(v) = a.base_url_variable.as_ref().filter(|v| !is_variable(v)) {
                    self.diags.push(
                        file,
                        "service.auth.base_url_variable",
                        format!("`{v}` is not an environment variable's name (A-Z, 0-9, _)"),
                    );
                }
                if !is_variable(&a.variable) {
                    self.diags.push(
                        file,
                        "service.auth.variable",
                        format!(
                            "`{}` is not an environment variable's name (A-Z, 0-9, _)",
                            a.variable
                        ),
                    );
                }
                if a.prefix
                    .as_deref()
                    .is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_graphic()))
                {
                    self.diags.push(
                        file,
                        "service.auth.prefix",
                        "a key's prefix is printable ASCII, not empty",
                    );
                }
                Some(a.variable.clone())
            }
        };
        let bearer_prefix = s.auth.as_ref().and_then(|a| a.prefix.clone());
        let bearer_base_url = s.auth.as_ref().and_then(|a| a.base_url_variable.clone());
        if rest && !s.common.0.is_empty() {
            self.diags.push(
                file,
                "service.common",
                "common parameters (region, zone, project) are UCloud RPC's: a rest-json service has none",
            );
        }
        Wire {
            rest,
            bearer,
            bearer_prefix,
            bearer_base_url,
        }
    }

    /// Every action's route and idempotency header, and where its parameters go.
    pub(super) fn resolve_routes(
        &mut self,
        wire: &Wire,
        requests: &BTreeMap<&str, Vec<RField>>,
    ) -> BTreeMap<&'a str, (Route, Option<String>)> {
        let mut out = BTreeMap::new();
        let action_list: Vec<_> = self.actions.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, (file, def)) in action_list {
            let path = format!("actions.{name}");
            let fields = requests.get(name).map(Vec::as_slice).unwrap_or_default();
            if !wire.rest {
                if def.http.is_some() || def.idempotency_header.is_some() {
                    self.diags.push(
                        file,
                        &path,
                        "`http` and `idempotency_header` are rest-json's: a ucloud-rpc action has neither",
                    );
                }
                for f in fields.iter().filter(|f| f.location != Location::Body) {
                    self.diags.push(
                        file,
                        format!("{path}.request.{}", f.wire),
                        "`in` is rest-json's: a ucloud-rpc parameter goes in the form",
                    );
                }
                continue;
            }
            let Some(http) = &def.http else {
                self.diags.push(
                    file,
                    &path,
                    "a rest-json action has `http: {method: GET, path: /...}`",
                );
                continue;
            };
            let at = format!("{path}.http");
            if !METHODS.contains(&http.method.as_str()) {
                self.diags.push(
                    file,
                    format!("{at}.method"),
                    format!("`{}` is not GET, POST, PUT, PATCH or DELETE", http.method),
                );
            }
            self.check_path(file, &at, &http.path, fields);
            self.check_locations(file, &path, &http.method, fields);
            if let Some(h) = &def.idempotency_header
                && (!is_header(h) || !["POST", "PUT", "PATCH"].contains(&http.method.as_str()))
            {
                self.diags.push(
                    file,
                    format!("{path}.idempotency_header"),
                    format!("`{h}` must be a header name, on a POST, PUT or PATCH"),
                );
            }
            if !def.retry_codes.is_empty() {
                self.diags.push(
                    file,
                    format!("{path}.retry_codes"),
                    "REST answers have no RetCode: the HTTP status decides what is retried",
                );
            }
            if def.body.is_some() {
                self.diags.push(
                    file,
                    format!("{path}.body"),
                    "a rest-json action's body is JSON with its types: drop `body`",
                );
            }
            out.insert(
                name,
                (
                    (http.method.clone(), http.path.clone()),
                    def.idempotency_header.clone(),
                ),
            );
        }
        out
    }

    /// The path starts with `/`; its `{name}`s are the path parameters, each once.
    fn check_path(&mut self, file: &str, at: &str, path: &str, fields: &[RField]) {
        let mut named = Vec::new();
        for segment in path.split('/') {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                named.push(name);
            } else if segment.contains(['{', '}', '?', '#']) {
                self.diags.push(
                    file,
                    format!("{at}.path"),
                    format!("`{segment}`: a segment is text, or a whole `{{name}}`"),
                );
            }
        }
        if !path.starts_with('/') {
            self.diags
                .push(file, format!("{at}.path"), "a path starts with `/`");
        }
        for name in &named {
            if !fields
                .iter()
                .any(|f| f.wire == *name && f.location == Location::Path)
            {
                self.diags.push(
                    file,
                    format!("{at}.path"),
                    format!("`{{{name}}}` is no request parameter with `in: path`"),
                );
            }
        }
        for f in fields.iter().filter(|f| f.location == Location::Path) {
            if !named.contains(&f.wire.as_str()) {
                self.diags.push(
                    file,
                    format!("{at}.path"),
                    format!("the path has no `{{{}}}` for its path parameter", f.wire),
                );
            }
        }
    }

    /// Path parameters are required scalars, query ones scalars or lists of them, headers
    /// text; a GET or DELETE has no body.
    fn check_locations(&mut self, file: &str, path: &str, method: &str, fields: &[RField]) {
        for f in fields {
            let at = format!("{path}.request.{}", f.wire);
            let scalar = |t: &Ty| {
                matches!(t, Ty::Str | Ty::Int | Ty::Float | Ty::Bool)
                    || matches!(t, Ty::Named(n) if self.is_enum(n))
            };
            let why = match f.location {
                Location::Path | Location::Query if f.sensitive => Some(
                    "a secret never goes in a URL (logs and proxies keep them): use a header or the body",
                ),
                Location::Path if !f.required || !scalar(&f.ty) => {
                    Some("a path parameter is a required text, number or flag")
                }
                Location::Query if !scalar(&f.ty) && !matches!(&f.ty, Ty::List(i) if scalar(i)) => {
                    Some("a query parameter is a text, number or flag, or a list of them")
                }
                Location::Header
                    if !(f.ty == Ty::Str || matches!(&f.ty, Ty::Named(n) if self.is_enum(n))) =>
                {
                    Some("a header is text")
                }
                Location::Body if ["GET", "DELETE"].contains(&method) => {
                    Some("a GET or DELETE has no body: give it `in: query` (or path, header)")
                }
                _ => None,
            };
            if let Some(why) = why {
                self.diags.push(file, at, why);
            }
        }
    }

    fn is_enum(&self, name: &str) -> bool {
        self.types
            .get(name)
            .is_some_and(|(_, t)| t.values.is_some())
    }
}

/// `NAME_1`: what an environment variable's name may be.
fn is_variable(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Headers the client sets itself: a parameter may not take them.
const RESERVED_HEADERS: [&str; 8] = [
    "authorization",
    "host",
    "content-type",
    "content-length",
    "transfer-encoding",
    "connection",
    "user-agent",
    "cookie",
];

/// A header name a parameter may take: letters, digits and `-`, not one the client sets.
pub(super) fn is_header(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str())
}

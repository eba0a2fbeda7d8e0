//! A request's parameters once signed, as they are sent; shown with secrets masked.

use std::fmt;

use crate::body::{Body, JsonList, json_object};
use crate::form::{Entry, urlencode_pairs};
use crate::redact::{MASK, is_sensitive_key};

/// The parameters of a signed request, in the order they are sent: sorted by wire name, as
/// they were signed, then the signature. `Debug` masks the values of sensitive parameters and
/// the signature.
#[derive(Clone)]
pub struct SignedParams {
    pub(crate) text: String,
    pub(crate) entries: Vec<Entry>,
    pub(crate) sensitive: &'static [&'static str],
    /// For a JSON body: its list parameters, whose entries hold their elements concatenated.
    pub(crate) lists: Vec<JsonList>,
}

impl SignedParams {
    /// Each parameter as (wire name, value), in the order sent.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + Clone {
        self.entries
            .iter()
            .map(|e| (e.key(&self.text), e.value(&self.text)))
    }

    /// A parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none (never the case: `Action` is always sent).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `application/x-www-form-urlencoded` body that carries them.
    pub fn to_form_body(&self) -> String {
        urlencode_pairs(self.iter())
    }

    /// The `application/json` body that carries them, for actions the API takes as JSON: each
    /// parameter a string, lists arrays of their elements.
    pub fn to_json_body(&self) -> String {
        json_object(self.iter(), &self.lists)
    }

    /// The body of the given kind.
    pub fn body(&self, kind: Body) -> String {
        match kind {
            Body::Form => self.to_form_body(),
            Body::Json => self.to_json_body(),
        }
    }

    /// The elements of list parameter `name` of a JSON body (signed, and shown by
    /// [`iter`](Self::iter), as the elements concatenated).
    pub fn list(&self, name: &str) -> Option<&[String]> {
        self.lists
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, items)| items.as_slice())
    }

    /// The parameters, secrets included.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    /// The values of the sensitive parameters (and the signature), as sent.
    pub(crate) fn secret_values(&self) -> impl Iterator<Item = &str> {
        self.iter()
            .filter(|(k, _)| is_sensitive_key(k, self.sensitive))
            .map(|(_, v)| v)
    }

    /// The wire names the service marks sensitive.
    #[cfg_attr(not(feature = "test-util"), allow(dead_code))]
    pub(crate) fn sensitive(&self) -> &'static [&'static str] {
        self.sensitive
    }
}

impl PartialEq for SignedParams {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for SignedParams {}

impl fmt::Debug for SignedParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_params(f, self.iter(), self.sensitive)
    }
}

/// A parameter list for `Debug`, sensitive values masked.
pub(crate) fn debug_params<'a>(
    f: &mut fmt::Formatter<'_>,
    params: impl Iterator<Item = (&'a str, &'a str)>,
    sensitive: &[&str],
) -> fmt::Result {
    f.debug_map()
        .entries(params.map(|(k, v)| {
            let shown = if is_sensitive_key(k, sensitive) {
                MASK
            } else {
                v
            };
            (k, shown)
        }))
        .finish()
}

//! A request's parameters once signed, as they are sent; shown with secrets masked.

use std::fmt;

use crate::form::{Entry, urlencode_pairs};
use crate::redact::{MASK, is_sensitive_key};

/// The parameters of a signed request, in the order they are sent: sorted by wire name, as
/// they were signed, then `Signature`. `Debug` masks the values of sensitive parameters and
/// the signature.
#[derive(Clone)]
pub struct SignedParams {
    pub(crate) text: String,
    pub(crate) entries: Vec<Entry>,
    pub(crate) sensitive: &'static [&'static str],
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

    /// The parameters, secrets included.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
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

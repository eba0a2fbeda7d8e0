//! A request's parameters once signed, as they are sent; shown with secrets masked.

use std::fmt;

use crate::form::urlencode;
use crate::redact::{MASK, is_sensitive_key};

/// The parameters of a signed request, in the order they are sent. `Debug` masks the values
/// of sensitive parameters and the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedParams {
    pub(crate) params: Vec<(String, String)>,
    pub(crate) sensitive: &'static [&'static str],
}

impl SignedParams {
    /// Each parameter as (wire name, value), in the order sent.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether there are none (never the case: `Action` is always sent).
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The `application/x-www-form-urlencoded` body that carries them.
    pub fn to_form_body(&self) -> String {
        urlencode(&self.params)
    }

    /// The parameters, secrets included.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.params
    }

    /// The wire names the service marks sensitive.
    #[cfg_attr(not(feature = "test-util"), allow(dead_code))]
    pub(crate) fn sensitive(&self) -> &'static [&'static str] {
        self.sensitive
    }
}

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

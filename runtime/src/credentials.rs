//! API keys: a key pair that signs requests, or a bearer key.

use std::fmt;

use crate::SecretString;

/// The keys a client authenticates with: an API key pair (a public key sent with
/// every request, a private one that signs it), or a bearer key sent in `Authorization`.
/// Neither the private key nor the bearer key appears in `Debug` output.
#[derive(Clone)]
pub struct Credentials {
    public_key: String,
    /// The private key of a pair, or the bearer key.
    private_key: SecretString,
    bearer: bool,
}

impl Credentials {
    /// A key pair from the console's API key page. Surrounding whitespace is removed: keys
    /// pasted with a trailing newline would otherwise sign every request wrongly.
    pub fn new(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        let trim = |s: String| match s.trim() {
            t if t.len() == s.len() => s,
            t => t.to_owned(),
        };
        Self {
            public_key: trim(public_key.into()),
            private_key: SecretString::new(trim(private_key.into())),
            bearer: false,
        }
    }

    /// A bearer key, sent as `Authorization: Bearer <key>`; surrounding whitespace removed.
    pub fn bearer(key: impl Into<String>) -> Self {
        let key: String = key.into();
        Self {
            public_key: String::new(),
            private_key: SecretString::new(key.trim()),
            bearer: true,
        }
    }

    /// The bearer key, if these are one.
    pub fn bearer_key(&self) -> Option<&SecretString> {
        self.bearer.then_some(&self.private_key)
    }

    /// The public key, sent with every request (empty for a bearer key).
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The private key, used only to sign (for a bearer key: the key).
    pub fn private_key(&self) -> &SecretString {
        &self.private_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bearer {
            return f
                .debug_struct("Credentials")
                .field("bearer", &self.private_key)
                .finish();
        }
        f.debug_struct("Credentials")
            .field("public_key", &self.public_key)
            .field("private_key", &self.private_key)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrounding_whitespace_is_removed() {
        let c = Credentials::new(" pub-123\n", "\tvery-private\r\n");
        assert_eq!(c.public_key(), "pub-123");
        assert_eq!(c.private_key().expose(), "very-private");
    }

    #[test]
    fn debug_shows_public_key_only() {
        let c = Credentials::new("pub-123", "very-private");
        let shown = format!("{c:?} {c:#?}");
        assert!(shown.contains("pub-123"));
        assert!(!shown.contains("very-private"), "{shown}");
    }
}

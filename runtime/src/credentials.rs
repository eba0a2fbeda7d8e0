//! API key pair.

use std::fmt;

use crate::SecretString;

/// A UCloud API key pair. The private key never appears in `Debug` output.
#[derive(Clone)]
pub struct Credentials {
    public_key: String,
    private_key: SecretString,
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
        }
    }

    /// The public key, sent with every request as `PublicKey`.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The private key, used only to sign.
    pub fn private_key(&self) -> &SecretString {
        &self.private_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

//! A string that never shows itself in `Debug` output, nor in serialized output unless asked.

use std::fmt;

/// A secret value (private key, password). `Debug` prints `"***"`; there is no `Display`.
/// With the `serde` feature it serializes as `"***"` too, except inside
/// [`with_secrets_exposed`].
///
/// Read it with [`SecretString::expose`] only where it must leave the process.
#[derive(Clone, Default)]
pub struct SecretString {
    value: String,
    /// Read back from serialized output, where `"***"` stood in for the secret: it is not the
    /// secret, and a request holding it is refused before sending.
    masked: bool,
}

impl SecretString {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            masked: false,
        }
    }

    /// The secret itself. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// Whether this was deserialized from the mask `"***"` that serializing writes in place of
    /// a secret: then it holds no secret at all.
    pub fn is_mask(&self) -> bool {
        self.masked
    }
}

/// Equal values are equal secrets, however they were made.
impl PartialEq for SecretString {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for SecretString {}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

#[cfg(feature = "serde")]
thread_local! {
    static EXPOSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with every [`SecretString`] it serializes written as its value instead of `"***"`:
/// the one way to keep a request with its passwords (e.g. as JSON, to send later). What `f`
/// produces holds the secrets in clear: store it as you would the passwords themselves. Only
/// serialization on this thread, during `f`, is affected, and deserialization: there `"***"`
/// is read as a password, not as the mask.
///
/// A request kept without it holds `"***"` where its secrets were, and is refused before
/// sending (an `InvalidRequest`) rather than sent with `***` as a password.
#[cfg(feature = "serde")]
pub fn with_secrets_exposed<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the previous setting, also if `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            EXPOSED.with(|e| e.set(self.0));
        }
    }
    let _restore = Restore(EXPOSED.with(|e| e.replace(true)));
    f()
}

/// Serializes as `"***"`, never the secret (but inside [`with_secrets_exposed`]): what is
/// printed or cached as JSON keeps it out.
#[cfg(feature = "serde")]
impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if EXPOSED.with(std::cell::Cell::get) {
            s.serialize_str(&self.value)
        } else {
            s.serialize_str(crate::redact::MASK)
        }
    }
}

/// Deserializes from a string. `"***"`, the mask serialized output holds, is read as what it
/// is: no secret ([`SecretString::is_mask`]); inside [`with_secrets_exposed`], where values
/// are secrets in clear, it is a password like any other.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = String::deserialize(d)?;
        let masked = value == crate::redact::MASK && !EXPOSED.with(std::cell::Cell::get);
        Ok(Self { value, masked })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        let s = SecretString::new("hunter2");
        assert_eq!(format!("{s:?}"), "\"***\"");
        assert_eq!(format!("{:?}", Some(&s)), "Some(\"***\")");
        assert_eq!(s.expose(), "hunter2");
        assert!(!s.is_mask() && !SecretString::new("***").is_mask());
    }

    #[cfg(feature = "serde")]
    #[test]
    fn the_mask_is_a_password_only_where_secrets_are_exposed() {
        let read = || serde_json::from_str::<SecretString>("\"***\"").unwrap();
        assert!(read().is_mask());
        let exposed = with_secrets_exposed(read);
        assert!(!exposed.is_mask());
        assert_eq!(exposed.expose(), "***");
    }
}

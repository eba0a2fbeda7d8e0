//! Request signature: SHA-1 over the sorted, concatenated parameters plus the private key.

use sha1::{Digest, Sha1};

/// The `Signature` value for `params`.
///
/// Every parameter except `Signature` itself is signed: keys sorted bytewise (so `Name.10`
/// sorts before `Name.2`), each `key` then `value` appended with no separator and no URL
/// escaping, then the private key; the result is the lowercase hex SHA-1.
pub fn signature<'a, I>(params: I, private_key: &str) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut sorted: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(k, _)| *k != "Signature")
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut hasher = Sha1::new();
    for (k, v) in sorted {
        hasher.update(k.as_bytes());
        hasher.update(v.as_bytes());
    }
    hasher.update(private_key.as_bytes());
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(40);
    for byte in digest {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    hex
}

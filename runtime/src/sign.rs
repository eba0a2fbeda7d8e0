//! Request signature: SHA-1 over the sorted, concatenated parameters plus the private key.

use sha1::{Digest, Sha1};

use crate::form::Entry;
use crate::signed::SignedParams;

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
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut hex = String::with_capacity(40);
    push_hex(
        &mut hex,
        &digest(
            sorted.iter().map(|(k, v)| (k.as_bytes(), v.as_bytes())),
            private_key,
        ),
    );
    hex
}

/// The SHA-1 of `sorted` (each key then value) and the private key.
fn digest<'a>(
    sorted: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
    private_key: &str,
) -> [u8; 20] {
    let mut hasher = Sha1::new();
    for (k, v) in sorted {
        hasher.update(k);
        hasher.update(v);
    }
    hasher.update(private_key.as_bytes());
    hasher.finalize().into()
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
}

/// Signs an encoded form: its entries sorted by key (equal keys keep their order), the
/// signature over them, then `Signature` appended. The form must hold no `Signature`.
pub(crate) fn sign_entries(
    mut text: String,
    mut entries: Vec<Entry>,
    private_key: &str,
    sensitive: &'static [&'static str],
) -> SignedParams {
    let bytes = text.as_bytes();
    let key = |e: &Entry| &bytes[e.key.0..e.key.1];
    // Most keys differ in their first eight bytes; equal ones compare whole keys, then the
    // order they were added in (their keys start in that order).
    entries.sort_unstable_by(|a, b| {
        a.order
            .cmp(&b.order)
            .then_with(|| key(a).cmp(key(b)))
            .then(a.key.0.cmp(&b.key.0))
    });
    let digest = digest(
        entries
            .iter()
            .map(|e| (key(e), &bytes[e.value.0..e.value.1])),
        private_key,
    );
    let key_start = text.len();
    text.push_str("Signature");
    let key_end = text.len();
    push_hex(&mut text, &digest);
    entries.push(Entry::new(
        &text,
        (key_start, key_end),
        (key_end, text.len()),
    ));
    SignedParams {
        text,
        entries,
        sensitive,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::form::{Common, Form};

    /// Keys that often share their first eight bytes (or all of them), so that ordering by
    /// the packed prefix alone would be wrong.
    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z0-9.]{1,12}",
            (
                "(Disks|DisksXYZ|ResourceId|Reso)",
                "(\\.[0-9]{1,2}(\\.[A-Za-z]{0,4})?)?"
            )
                .prop_map(|(a, b)| a + &b),
        ]
    }

    proptest! {
        #[test]
        fn signing_a_form_orders_and_signs_as_signature_does(
            params in prop::collection::vec((key(), any::<String>()), 0..24),
            private_key in any::<String>(),
        ) {
            let common = Common::default();
            let mut form = Form::new(&common);
            for (k, v) in &params {
                form.text(k, v);
            }
            let (text, entries) = form.done().unwrap();
            let signed = sign_entries(text, entries, &private_key, &[]);

            let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            let mut expected: Vec<(&str, &str)> = pairs().collect();
            // Stable: equal keys stay in the order they were added.
            expected.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            let sent: Vec<(&str, &str)> = signed.iter().collect();
            prop_assert_eq!(&sent[..sent.len() - 1], &expected[..]);
            let sig = signature(pairs(), &private_key);
            prop_assert_eq!(sent[sent.len() - 1], ("Signature", sig.as_str()));
        }
    }
}

//! Request signature: SHA-1 over the sorted, concatenated parameters plus the private key.

use std::cmp::Ordering;

use sha1::{Digest, Sha1};

use crate::form::{Entry, packed};
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
            sorted
                .iter()
                .flat_map(|(k, v)| [k.as_bytes(), v.as_bytes()]),
            private_key,
        ),
    );
    hex
}

/// The SHA-1 of `chunks` and the private key.
fn digest<'a>(chunks: impl IntoIterator<Item = &'a [u8]>, private_key: &str) -> [u8; 20] {
    let mut hasher = Sha1::new();
    for chunk in chunks {
        hasher.update(chunk);
    }
    hasher.update(private_key.as_bytes());
    hasher.finalize().into()
}

fn push_hex(out: &mut String, bytes: &[u8; 20]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = [0u8; 40];
    for (pair, byte) in hex.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0xf)];
    }
    // Only ASCII hex digits were written.
    out.push_str(std::str::from_utf8(&hex).unwrap_or_default());
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
    let key = |e: &Entry| e.key(&text).as_bytes();
    // Most keys differ in their first eight bytes.
    sort_nearly_sorted(&mut entries, |a, b| {
        a.order.cmp(&b.order).then_with(|| key(a).cmp(key(b)))
    });
    let digest = digest(
        contiguous(&entries).map(|(start, end)| &bytes[start..end]),
        private_key,
    );
    let key_start = text.len();
    text.push_str("Signature");
    let key_end = text.len();
    push_hex(&mut text, &digest);
    // Forms hold at most 4 GiB less 64 bytes of text, so this always fits.
    entries.extend(Entry::last(
        &text,
        key_start,
        key_end,
        packed(&[b"Signature"]),
    ));
    SignedParams {
        text,
        entries,
        sensitive,
        lists: Vec::new(),
    }
}

/// Sorts `entries` stably. Generated code writes parameters in signing order, so usually
/// only a few (`Action`, `PublicKey`, list indices past 9) are out of place: each is moved
/// to where a binary search puts it. Past a few moves per entry, a general sort takes over.
fn sort_nearly_sorted(entries: &mut [Entry], cmp: impl Fn(&Entry, &Entry) -> Ordering) {
    let mut budget = 4 * entries.len();
    for i in 1..entries.len() {
        let entry = entries[i];
        if cmp(&entries[i - 1], &entry) != Ordering::Greater {
            continue;
        }
        // After every entry not greater than it: equal keys keep their order.
        let to = entries[..i].partition_point(|e| cmp(e, &entry) != Ordering::Greater);
        if i - to > budget {
            entries.sort_by(cmp);
            return;
        }
        budget -= i - to;
        entries[to..=i].rotate_right(1);
    }
}

/// The byte ranges of the text that `entries` cover, each key followed by its value: entries
/// written one after another in signing order make one range, hashed in one piece.
fn contiguous(entries: &[Entry]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut rest = entries.iter();
    let mut current = rest.next().map(Entry::span);
    std::iter::from_fn(move || {
        let (start, mut end) = current?;
        current = None;
        for e in rest.by_ref() {
            let (next_start, next_end) = e.span();
            if next_start == end {
                end = next_end;
            } else {
                current = Some((next_start, next_end));
                break;
            }
        }
        Some((start, end))
    })
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
            mut params in prop::collection::vec((key(), any::<String>()), 0..64),
            presorted in any::<bool>(),
            tail in prop::collection::vec((key(), any::<String>()), 0..3),
            private_key in any::<String>(),
        ) {
            // Generated requests write their parameters nearly sorted.
            if presorted {
                params.sort_by(|a, b| a.0.cmp(&b.0));
            }
            params.extend(tail);
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

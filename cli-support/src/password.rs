//! Passwords made for creates that were given none: shown once, never stored.

/// 20 characters from the operating system's randomness: letters of both cases and digits
/// (no look-alikes), each at least once.
pub(crate) fn generate() -> Result<String, String> {
    const SETS: [&[u8]; 3] = [
        b"ABCDEFGHJKLMNPQRSTUVWXYZ",
        b"abcdefghijkmnopqrstuvwxyz",
        b"23456789",
    ];
    let alphabet: Vec<u8> = SETS.concat();
    // Bytes at or above the largest multiple of the alphabet's size are skipped: no bias.
    let limit = 256 - 256 % alphabet.len();
    loop {
        let mut text = String::new();
        while text.len() < 20 {
            let mut bytes = [0u8; 32];
            getrandom::getrandom(&mut bytes)
                .map_err(|e| format!("no randomness for a password: {e}"))?;
            for b in bytes.iter().filter(|b| usize::from(**b) < limit) {
                if text.len() < 20 {
                    text.push(alphabet[usize::from(*b) % alphabet.len()] as char);
                }
            }
        }
        if SETS
            .iter()
            .all(|set| text.bytes().any(|c| set.contains(&c)))
        {
            return Ok(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_mix_cases_and_digits() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(
            a.bytes().any(|c| c.is_ascii_uppercase())
                && a.bytes().any(|c| c.is_ascii_lowercase())
                && a.bytes().any(|c| c.is_ascii_digit())
        );
    }
}

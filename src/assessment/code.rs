//! One-time invitation codes: 12 characters of Crockford's base32 (no I, L, O or U, so nothing
//! is misread), shown in groups of four, from the system's random source: 60 bits, beyond any
//! guessing. Typed back in any case, with or without the dashes and spaces.

/// Crockford's base32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a code, dashes left out.
pub const LENGTH: usize = 12;

/// A new code, e.g. `K7QF-2M9D-XR3P`.
pub fn new_code() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; LENGTH];
    getrandom::fill(&mut bytes)?;
    // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[usize::from(b % 32)] as char).collect();
    Ok(grouped(&chars))
}

/// Characters in groups of four joined by dashes, as codes are shown.
fn grouped(chars: &[char]) -> String {
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A code as typed, in its canonical form; `None` when it cannot be a code.
pub fn normalise(typed: &str) -> Option<String> {
    let mut chars = Vec::with_capacity(LENGTH);
    for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c if ALPHABET.contains(&(c as u8)) && c.is_ascii() => c,
            _ => return None,
        };
        chars.push(c);
    }
    (chars.len() == LENGTH).then(|| grouped(&chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_well_formed_and_do_not_repeat() {
        let codes: std::collections::HashSet<String> = (0..2000).map(|_| new_code().unwrap()).collect();
        assert_eq!(codes.len(), 2000);
        for code in codes.iter().take(50) {
            assert_eq!(code.len(), 14, "{code}");
            assert_eq!(normalise(code).as_deref(), Some(code.as_str()));
        }
    }

    #[test]
    fn a_code_is_read_back_however_it_is_typed() {
        assert_eq!(normalise(" k7qf 2m9d xr3p ").as_deref(), Some("K7QF-2M9D-XR3P"));
        assert_eq!(normalise("K7QF-2M9D-XR3O").as_deref(), Some("K7QF-2M9D-XR30"), "O is read as zero");
        assert_eq!(normalise("K7QF-2M9D-XRIl").as_deref(), Some("K7QF-2M9D-XR11"));
        assert_eq!(normalise("K7QF-2M9D"), None, "too short");
        assert_eq!(normalise("K7QF-2M9D-XR3U"), None, "U is not in the alphabet");
        assert_eq!(normalise("K7QF-2M9D-XR3É"), None);
    }
}

//! A minimal DER reader for the key structures that x509-parser does not cover (PKCS#1, PKCS#8,
//! SEC1). It only reads what those structures use: single-octet tags and definite lengths in
//! minimal form. Every read is length-checked; nothing here panics on input.

/// Tags used by the key structures.
pub(crate) mod tag {
    pub(crate) const INTEGER: u8 = 0x02;
    pub(crate) const BIT_STRING: u8 = 0x03;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    pub(crate) const NULL: u8 = 0x05;
    pub(crate) const OID: u8 = 0x06;
    pub(crate) const SEQUENCE: u8 = 0x30;
    /// `[0]` constructed (explicit), as in SEC1 `parameters` and PKCS#8 `attributes`.
    pub(crate) const CONTEXT_0: u8 = 0xa0;
    /// `[1]` constructed (explicit), as in SEC1 `publicKey`.
    pub(crate) const CONTEXT_1: u8 = 0xa1;
    /// `[1]` primitive (implicit), as in the PKCS#8 v2 `publicKey`.
    pub(crate) const CONTEXT_1_PRIMITIVE: u8 = 0x81;
}

/// A DER structure violated the encoding rules; the reason is static text for the error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DerError(pub(crate) &'static str);

/// Reads consecutive TLVs from a byte slice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    /// The tag of the next element, without consuming it.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// Reads one element of any tag: returns its tag and contents.
    pub(crate) fn read_any(&mut self) -> Result<(u8, &'a [u8]), DerError> {
        let (&tag, rest) = self.data.split_first().ok_or(DerError("truncated"))?;
        if tag & 0x1f == 0x1f {
            return Err(DerError("multi-octet tag"));
        }
        let (&first, mut rest) = rest.split_first().ok_or(DerError("truncated length"))?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 {
                return Err(DerError("indefinite length"));
            }
            if count > 4 {
                return Err(DerError("length too large"));
            }
            let (octets, after) = rest
                .split_at_checked(count)
                .ok_or(DerError("truncated length"))?;
            if octets.first() == Some(&0) {
                return Err(DerError("non-minimal length"));
            }
            let len = octets
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            if len < 0x80 {
                return Err(DerError("non-minimal length"));
            }
            rest = after;
            len
        };
        let (contents, after) = rest
            .split_at_checked(len)
            .ok_or(DerError("truncated contents"))?;
        self.data = after;
        Ok((tag, contents))
    }

    /// Reads one element that must have `expected` as its tag.
    pub(crate) fn read(&mut self, expected: u8) -> Result<&'a [u8], DerError> {
        match self.peek_tag() {
            Some(t) if t == expected => self.read_any().map(|(_, c)| c),
            Some(_) => Err(DerError("unexpected element")),
            None => Err(DerError("missing element")),
        }
    }

    /// Reads the next element if it has tag `expected`.
    pub(crate) fn read_optional(&mut self, expected: u8) -> Result<Option<&'a [u8]>, DerError> {
        if self.peek_tag() == Some(expected) {
            self.read(expected).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Requires that nothing is left.
    pub(crate) fn finish(&self) -> Result<(), DerError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(DerError("trailing data"))
        }
    }
}

/// Reads `input` as exactly one element with tag `expected` and returns its contents.
pub(crate) fn single(input: &[u8], expected: u8) -> Result<&[u8], DerError> {
    let mut r = Reader::new(input);
    let contents = r.read(expected)?;
    r.finish()?;
    Ok(contents)
}

/// The magnitude of a non-negative DER INTEGER's contents, without the sign octet.
pub(crate) fn unsigned(contents: &[u8]) -> Result<&[u8], DerError> {
    match contents {
        [] => Err(DerError("empty INTEGER")),
        [b, ..] if b & 0x80 != 0 => Err(DerError("negative INTEGER")),
        [0, b, ..] if b & 0x80 == 0 => Err(DerError("non-minimal INTEGER")),
        [0, rest @ ..] if !rest.is_empty() => Ok(rest),
        _ => Ok(contents),
    }
}

/// A small non-negative INTEGER (a version field).
pub(crate) fn small_unsigned(contents: &[u8]) -> Result<u8, DerError> {
    match unsigned(contents)? {
        [v] => Ok(*v),
        _ => Err(DerError("version out of range")),
    }
}

/// Number of significant bits in a big-endian magnitude.
pub(crate) fn bit_length(magnitude: &[u8]) -> usize {
    let trimmed = strip_leading_zeros(magnitude);
    match trimmed.first() {
        None => 0,
        Some(&b) => {
            // `leading_zeros` of a u8 is at most 8; the subtraction cannot underflow.
            (trimmed.len() - 1) * 8 + (8 - b.leading_zeros() as usize)
        }
    }
}

/// `bytes` without its leading zero octets.
pub(crate) fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// The dotted-decimal form of an OBJECT IDENTIFIER's contents, for error messages.
pub(crate) fn oid_to_string(contents: &[u8]) -> String {
    let mut arcs: Vec<u128> = Vec::new();
    let mut value: u128 = 0;
    for &b in contents {
        if value > (u128::MAX >> 7) {
            return format!("<OID {}>", hex(contents));
        }
        value = (value << 7) | u128::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let (first, second) = match value {
                    0..40 => (0, value),
                    40..80 => (1, value - 40),
                    _ => (2, value - 80),
                };
                arcs.push(first);
                arcs.push(second);
            } else {
                arcs.push(value);
            }
            value = 0;
        }
    }
    if arcs.is_empty() || contents.last().is_some_and(|b| b & 0x80 != 0) {
        return format!("<OID {}>", hex(contents));
    }
    arcs.iter()
        .map(u128::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// Lowercase hexadecimal, for messages and facts.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_short_long_and_rejected() {
        assert_eq!(
            Reader::new(&[0x04, 0x01, 0xaa]).read_any(),
            Ok((0x04, &[0xaa][..]))
        );
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([0u8; 0x80]);
        assert_eq!(
            Reader::new(&long).read_any().map(|(_, c)| c.len()),
            Ok(0x80)
        );
        assert!(
            Reader::new(&[0x04, 0x81, 0x05, 0, 0, 0, 0, 0])
                .read_any()
                .is_err()
        );
        assert!(Reader::new(&[0x04, 0x80]).read_any().is_err());
        assert!(Reader::new(&[0x04, 0x82, 0x00, 0x80]).read_any().is_err());
        assert!(Reader::new(&[0x04, 0x05, 0x00]).read_any().is_err());
        assert!(Reader::new(&[0x1f, 0x01, 0x00]).read_any().is_err());
        assert!(
            Reader::new(&[0x04, 0x85, 1, 1, 1, 1, 1])
                .read_any()
                .is_err()
        );
    }

    #[test]
    fn integers() {
        assert_eq!(unsigned(&[0x00, 0x80]), Ok(&[0x80][..]));
        assert_eq!(unsigned(&[0x00]), Ok(&[0x00][..]));
        assert!(unsigned(&[0x80]).is_err());
        assert!(unsigned(&[0x00, 0x01]).is_err());
        assert!(unsigned(&[]).is_err());
        assert_eq!(bit_length(&[0x01, 0x00]), 9);
        assert_eq!(bit_length(&[0x00, 0xff]), 8);
        assert_eq!(bit_length(&[]), 0);
    }

    #[test]
    fn oids() {
        assert_eq!(
            oid_to_string(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]),
            "1.2.840.10045.3.1.7"
        );
        assert_eq!(oid_to_string(&[0x2b, 0x65, 0x70]), "1.3.101.112");
        assert!(oid_to_string(&[0x86]).starts_with("<OID"));
    }
}

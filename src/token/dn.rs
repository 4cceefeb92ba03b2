//! Distinguished names as strings (RFC 4514, with the RFC 1779/2253 and .NET tolerances that
//! real peers need), compared robustly: RDN by RDN, attribute types by OID, values
//! case-insensitively with whitespace normalized.

/// An attribute value, normalized for comparison.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    /// A string: trimmed, inner whitespace runs collapsed to one space, lower-cased.
    Text(String),
    /// `#hex` of a BER encoding that is not a recognized string type.
    Ber(Vec<u8>),
}

/// A parsed distinguished name: RDNs in the order written, each a sorted set of
/// (attribute type OID or upper-cased keyword, value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DistinguishedName(Vec<Vec<(String, Value)>>);

impl DistinguishedName {
    /// Parses a string DN. Errors are short reasons.
    pub(crate) fn parse(input: &str) -> Result<Self, &'static str> {
        if input.len() > 16 * 1024 {
            return Err("the name is too long");
        }
        let mut rdns = Vec::new();
        let mut rdn = Vec::new();
        let mut p = Scanner {
            s: input.as_bytes(),
            i: 0,
        };
        p.skip_spaces();
        if p.at_end() {
            return Ok(DistinguishedName(Vec::new()));
        }
        loop {
            p.skip_spaces();
            let key = p.attribute_type()?;
            p.skip_spaces();
            if !p.eat(b'=') {
                return Err("an attribute type is not followed by '='");
            }
            p.skip_spaces();
            let value = p.value()?;
            rdn.push((key, value));
            p.skip_spaces();
            match p.next() {
                None => break,
                Some(b'+') => {}
                Some(b',' | b';') => {
                    rdns.push(std::mem::take(&mut rdn));
                }
                Some(_) => return Err("unexpected character after a value"),
            }
        }
        rdns.push(rdn);
        for r in &mut rdns {
            r.sort();
        }
        Ok(DistinguishedName(rdns))
    }
}

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    fn attribute_type(&mut self) -> Result<String, &'static str> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
        {
            self.i += 1;
        }
        let raw = std::str::from_utf8(self.s.get(start..self.i).unwrap_or_default())
            .map_err(|_| "bad attribute type")?;
        if raw.is_empty() {
            return Err("an attribute type is missing");
        }
        let upper = raw.to_ascii_uppercase();
        let bare = upper.strip_prefix("OID.").unwrap_or(&upper);
        if bare.starts_with(|c: char| c.is_ascii_digit()) {
            if !bare
                .split('.')
                .all(|arc| !arc.is_empty() && arc.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err("a numeric attribute type is not a dotted OID");
            }
            return Ok(bare.to_owned());
        }
        Ok(keyword_oid(bare).map_or(upper.clone(), str::to_owned))
    }

    fn value(&mut self) -> Result<Value, &'static str> {
        match self.peek() {
            Some(b'#') => {
                self.i += 1;
                let start = self.i;
                while matches!(self.peek(), Some(c) if c.is_ascii_hexdigit()) {
                    self.i += 1;
                }
                let hex = self.s.get(start..self.i).unwrap_or_default();
                if hex.is_empty() || hex.len() % 2 != 0 {
                    return Err("a #hex value has an odd or zero number of digits");
                }
                let bytes: Vec<u8> = hex
                    .chunks(2)
                    .map(|pair| (nibble(pair[0]) << 4) | nibble(pair[1]))
                    .collect();
                Ok(ber_value(bytes))
            }
            Some(b'"') => {
                self.i += 1;
                let mut out = Vec::new();
                loop {
                    match self.next() {
                        None => return Err("an unterminated quoted value"),
                        Some(b'"') => break,
                        Some(b'\\') => self.escape(&mut out)?,
                        Some(c) => out.push(c),
                    }
                }
                text_value(out)
            }
            _ => {
                let mut out = Vec::new();
                while let Some(c) = self.peek() {
                    match c {
                        b',' | b';' | b'+' => break,
                        b'\\' => {
                            self.i += 1;
                            self.escape(&mut out)?;
                        }
                        b'"' => return Err("an unescaped quote inside a value"),
                        _ => {
                            self.i += 1;
                            out.push(c);
                        }
                    }
                }
                text_value(out)
            }
        }
    }

    /// After a backslash: `\<special>` or `\hh`.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), &'static str> {
        match self.next() {
            Some(h) if h.is_ascii_hexdigit() => match self.next() {
                Some(l) if l.is_ascii_hexdigit() => {
                    out.push((nibble(h) << 4) | nibble(l));
                    Ok(())
                }
                _ => Err("a \\ escape is not followed by two hex digits or a special character"),
            },
            Some(c) => {
                out.push(c);
                Ok(())
            }
            None => Err("a value ends with a lone backslash"),
        }
    }
}

fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

fn text_value(bytes: Vec<u8>) -> Result<Value, &'static str> {
    let s = String::from_utf8(bytes).map_err(|_| "a value is not UTF-8")?;
    Ok(Value::Text(normalize(&s)))
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A `#hex` value: BER of a string type becomes text (so it matches the string form), anything
/// else stays bytes.
fn ber_value(bytes: Vec<u8>) -> Value {
    if let [tag, len, rest @ ..] = bytes.as_slice()
        && usize::from(*len) == rest.len()
        && *len < 0x80
        && matches!(tag, 0x0c | 0x12 | 0x13 | 0x16 | 0x1a)
        && let Ok(s) = std::str::from_utf8(rest)
    {
        return Value::Text(normalize(s));
    }
    Value::Ber(bytes)
}

/// Keyword to OID, for the names RFC 4514, OpenSSL, Java and .NET write.
fn keyword_oid(upper: &str) -> Option<&'static str> {
    Some(match upper {
        "CN" => "2.5.4.3",
        "SN" | "SURNAME" => "2.5.4.4",
        "SERIALNUMBER" => "2.5.4.5",
        "C" => "2.5.4.6",
        "L" => "2.5.4.7",
        "ST" | "S" => "2.5.4.8",
        "STREET" => "2.5.4.9",
        "O" => "2.5.4.10",
        "OU" => "2.5.4.11",
        "T" | "TITLE" => "2.5.4.12",
        "POSTALCODE" => "2.5.4.17",
        "G" | "GN" | "GIVENNAME" => "2.5.4.42",
        "INITIALS" => "2.5.4.43",
        "DNQUALIFIER" => "2.5.4.46",
        "DC" => "0.9.2342.19200300.100.1.25",
        "UID" => "0.9.2342.19200300.100.1.1",
        "E" | "EMAIL" | "EMAILADDRESS" => "1.2.840.113549.1.9.1",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::DistinguishedName as Dn;

    fn same(a: &str, b: &str) -> bool {
        Dn::parse(a).unwrap() == Dn::parse(b).unwrap()
    }

    #[test]
    fn spacing_case_and_keywords() {
        assert!(same(
            "CN=soapsec Test Root CA,O=soapsec test",
            "cn = SOAPSEC   test root ca ,  o=Soapsec Test"
        ));
        assert!(same("CN=a;O=b", "CN=a, O=b"));
        assert!(same("CN=a,ST=x", "2.5.4.3=a,S=x"));
        assert!(same("CN=a", "OID.2.5.4.3=a"));
        assert!(same("E=x@y", "emailAddress=X@Y"));
        assert!(same("CN=a+OU=b,O=c", "OU=b+CN=a,O=c"));
        assert!(same("CN=a\\,b", "CN=\"a,b\""));
        assert!(same("CN=a\\2cb", "CN=a\\,b"));
        assert!(same("CN=abc", "CN=#0c03616263"));
        assert!(same("CN=Ünïcode", "cn=üNÏCODE"));
    }

    #[test]
    fn differences_are_kept() {
        assert!(!same("CN=a,O=b", "O=b,CN=a"), "RDN order matters");
        assert!(!same("CN=a", "CN=a,O=b"));
        assert!(!same("CN=a", "OU=a"));
        assert!(!same("CN=a b", "CN=ab"));
        assert!(!same("CN=#0403616263", "CN=abc"));
    }

    #[test]
    fn malformed() {
        for bad in [
            "CN", "=a", "CN=a,", "CN=\"a", "CN=a\\", "CN=#abc", "CN=a\"b", "1.2.=x", "CN=a\\4",
        ] {
            assert!(Dn::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Dn::parse("  ").unwrap(), Dn(Vec::new()));
    }
}

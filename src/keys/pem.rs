//! A strict PEM (RFC 7468) reader. Text outside the blocks is ignored, RFC 1421 headers are
//! recognised (an encrypted legacy key is reported as such), and the base64 is decoded with
//! `base64ct`, in constant time, into a buffer that is zeroized on drop.

use zeroize::Zeroizing;

use super::KeyError;

/// One `-----BEGIN label----- ... -----END label-----` block.
pub(crate) struct PemBlock {
    /// The label, such as `PRIVATE KEY`.
    pub(crate) label: String,
    /// The decoded contents.
    pub(crate) der: Zeroizing<Vec<u8>>,
    /// An RFC 1421 `Proc-Type: 4,ENCRYPTED` header was present.
    pub(crate) legacy_encrypted: bool,
}

/// Whether `input` starts, after whitespace, with a PEM boundary.
pub(crate) fn looks_like_pem(input: &[u8]) -> bool {
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(input.len());
    input
        .get(start..)
        .is_some_and(|rest| rest.starts_with(b"-----BEGIN "))
}

fn malformed(reason: &'static str) -> KeyError {
    KeyError::MalformedPem { reason }
}

/// Every PEM block in `input`, in order.
pub(crate) fn parse_all(input: &[u8]) -> Result<Vec<PemBlock>, KeyError> {
    let text = std::str::from_utf8(input).map_err(|_| malformed("not UTF-8 text"))?;
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = boundary(line, "-----BEGIN ") else {
            continue;
        };
        let mut body = Zeroizing::new(String::new());
        let mut legacy_encrypted = false;
        let mut closed = false;
        for inner in lines.by_ref() {
            if let Some(end) = boundary(inner, "-----END ") {
                if end != label {
                    return Err(malformed("END label does not match BEGIN label"));
                }
                closed = true;
                break;
            }
            if inner.starts_with("-----") {
                return Err(malformed("unexpected boundary inside a block"));
            }
            if let Some((name, value)) = inner.split_once(':') {
                if name.trim().eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED") {
                    legacy_encrypted = true;
                }
                continue;
            }
            body.push_str(inner);
        }
        if !closed {
            return Err(malformed("block has no END line"));
        }
        let der = if legacy_encrypted {
            // The body is ciphertext; there is nothing useful to decode.
            Zeroizing::new(Vec::new())
        } else {
            decode_base64(&body)?
        };
        blocks.push(PemBlock {
            label: label.to_owned(),
            der,
            legacy_encrypted,
        });
    }
    Ok(blocks)
}

fn boundary<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}

fn decode_base64(body: &str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    use base64ct::Encoding;
    let mut buf = Zeroizing::new(vec![0u8; body.len() / 4 * 3 + 3]);
    let len = base64ct::Base64::decode(body.as_bytes(), &mut buf)
        .map_err(|_| malformed("invalid base64"))?
        .len();
    buf.truncate(len);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_labels_and_explanatory_text() {
        let input = b"Bag Attributes\n-----BEGIN A B-----\nAAEC\n-----END A B-----\n\n-----BEGIN C-----\r\nAw==\r\n-----END C-----\r\n";
        let blocks = parse_all(input).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "A B");
        assert_eq!(&blocks[0].der[..], &[0, 1, 2]);
        assert_eq!(&blocks[1].der[..], &[3]);
        assert!(looks_like_pem(b"  \n-----BEGIN X-----"));
        assert!(!looks_like_pem(b"\x30\x82"));
    }

    #[test]
    fn malformed_blocks() {
        assert!(parse_all(b"-----BEGIN A-----\nAAEC\n").is_err());
        assert!(parse_all(b"-----BEGIN A-----\nAAEC\n-----END B-----\n").is_err());
        assert!(parse_all(b"-----BEGIN A-----\nA@EC\n-----END A-----\n").is_err());
        assert!(parse_all(b"\xff\xfe").is_err());
        let legacy = b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nzz\n-----END RSA PRIVATE KEY-----\n";
        assert!(parse_all(legacy).unwrap()[0].legacy_encrypted);
    }
}

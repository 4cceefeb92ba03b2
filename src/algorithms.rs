//! Algorithm identifiers shared by XML Signature and XML Encryption, and the one switch that
//! admits legacy algorithms.
//!
//! Algorithms always come from local policy, never from the message (attack class J): a
//! message naming an algorithm the policy does not allow is rejected, whatever the key could
//! do. SHA-1 (digests, `rsa-sha1`, `hmac-sha1`) and AES-CBC are needed for WCF's default
//! Basic256/Basic128 suites but are refused unless [`Legacy`] says otherwise; the switch is
//! named so that it reads as what it is at every call site.

/// Which legacy algorithms a policy admits. The default admits none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Legacy {
    sha1: bool,
    cbc: bool,
}

impl Legacy {
    /// No legacy algorithm (the default).
    pub const NONE: Legacy = Legacy {
        sha1: false,
        cbc: false,
    };

    /// Admit SHA-1 digests and SHA-1 signature methods (`rsa-sha1`, `hmac-sha1`).
    pub const fn allow_sha1_for_legacy_use_only(self) -> Legacy {
        Legacy { sha1: true, ..self }
    }

    /// Admit AES-CBC block encryption (no integrity of its own: it must sit inside signed
    /// content, see attack class H).
    pub const fn allow_aes_cbc_for_legacy_use_only(self) -> Legacy {
        Legacy { cbc: true, ..self }
    }

    /// What WCF's default `Basic256` and `Basic128` suites need: SHA-1 and AES-CBC.
    pub const fn wcf_basic_suites_for_legacy_use_only() -> Legacy {
        Legacy {
            sha1: true,
            cbc: true,
        }
    }

    /// True if SHA-1 is admitted.
    pub const fn sha1(self) -> bool {
        self.sha1
    }

    /// True if AES-CBC is admitted.
    pub const fn aes_cbc(self) -> bool {
        self.cbc
    }
}

/// A digest algorithm of XML Signature (`DigestMethod`) and of RSA-OAEP (`ds:DigestMethod`
/// inside `EncryptionMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// SHA-1: legacy only.
    Sha1ForLegacyUseOnly,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl DigestAlgorithm {
    /// Every digest, for iteration in tests and tools.
    pub const ALL: [DigestAlgorithm; 4] = [
        DigestAlgorithm::Sha1ForLegacyUseOnly,
        DigestAlgorithm::Sha256,
        DigestAlgorithm::Sha384,
        DigestAlgorithm::Sha512,
    ];

    /// The algorithm's URI.
    pub fn uri(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha1ForLegacyUseOnly => "http://www.w3.org/2000/09/xmldsig#sha1",
            DigestAlgorithm::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            DigestAlgorithm::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
            DigestAlgorithm::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        }
    }

    /// The digest a URI names, if soapsec implements it (whether the policy admits it is a
    /// separate question: see [`DigestAlgorithm::allowed`]).
    pub fn from_uri(uri: &str) -> Option<DigestAlgorithm> {
        Self::ALL.into_iter().find(|d| d.uri() == uri)
    }

    /// True if `legacy` admits this digest.
    pub fn allowed(self, legacy: Legacy) -> bool {
        !matches!(self, DigestAlgorithm::Sha1ForLegacyUseOnly) || legacy.sha1()
    }

    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            DigestAlgorithm::Sha1ForLegacyUseOnly => 20,
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 => 64,
        }
    }

    /// A streaming hasher; feed it canonical bytes through [`crate::c14n::Sink`].
    pub fn hasher(self) -> Hasher {
        let alg = match self {
            DigestAlgorithm::Sha1ForLegacyUseOnly => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
            DigestAlgorithm::Sha256 => &ring::digest::SHA256,
            DigestAlgorithm::Sha384 => &ring::digest::SHA384,
            DigestAlgorithm::Sha512 => &ring::digest::SHA512,
        };
        Hasher {
            ctx: ring::digest::Context::new(alg),
            buf: Vec::with_capacity(HASHER_BUFFER),
        }
    }

    /// The digest of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut h = self.hasher();
        crate::c14n::Sink::write(&mut h, data);
        h.finish()
    }
}

const HASHER_BUFFER: usize = 8 * 1024;

/// A streaming digest that buffers the many small writes of a canonicalizer.
pub struct Hasher {
    ctx: ring::digest::Context,
    buf: Vec<u8>,
}

impl Hasher {
    /// The digest of everything written.
    pub fn finish(mut self) -> Vec<u8> {
        self.ctx.update(&self.buf);
        self.ctx.finish().as_ref().to_vec()
    }
}

impl crate::c14n::Sink for Hasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        if self.buf.len() + bytes.len() > HASHER_BUFFER {
            self.ctx.update(&self.buf);
            self.buf.clear();
            if bytes.len() >= HASHER_BUFFER {
                self.ctx.update(bytes);
                return;
            }
        }
        self.buf.extend_from_slice(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_needs_the_legacy_switch() {
        let d = DigestAlgorithm::from_uri("http://www.w3.org/2000/09/xmldsig#sha1").unwrap();
        assert!(!d.allowed(Legacy::NONE));
        assert!(!d.allowed(Legacy::default().allow_aes_cbc_for_legacy_use_only()));
        assert!(d.allowed(Legacy::NONE.allow_sha1_for_legacy_use_only()));
        assert!(DigestAlgorithm::Sha256.allowed(Legacy::NONE));
        assert!(DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#md5").is_none());
    }

    #[test]
    fn streaming_digest_matches_one_shot_across_buffer_boundaries() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        let abc = DigestAlgorithm::Sha256.digest(b"abc");
        assert_eq!(
            abc.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let data: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        for alg in DigestAlgorithm::ALL {
            let mut h = alg.hasher();
            for chunk in data.chunks(777) {
                crate::c14n::Sink::write(&mut h, chunk);
            }
            crate::c14n::Sink::write(&mut h, &data[..20_000]);
            let mut whole = data.clone();
            whole.extend_from_slice(&data[..20_000]);
            assert_eq!(h.finish(), alg.digest(&whole));
            assert_eq!(alg.digest(b"").len(), alg.output_len());
        }
    }
}

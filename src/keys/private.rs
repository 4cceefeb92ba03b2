//! Private keys: loading (PKCS#1, PKCS#8, SEC1; PEM or DER), signing and RSA-OAEP decryption.

use std::fmt;

use ring::rand::SystemRandom;
use ring::signature as sig;
use zeroize::Zeroizing;

use super::der::{self, Reader, tag};
use super::pem;
use super::public::{
    Curve, KeyKind, OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION, OaepParams, PublicKey,
    SignatureAlgorithm, unsupported_algorithm, with_oaep,
};
use super::{KeyError, SystemRng};

/// The encoding a private key was loaded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyFormat {
    /// PKCS#1 `RSAPrivateKey` (PEM label `RSA PRIVATE KEY`).
    Pkcs1,
    /// PKCS#8 `PrivateKeyInfo`, unencrypted (PEM label `PRIVATE KEY`).
    Pkcs8,
    /// SEC1 `ECPrivateKey` (PEM label `EC PRIVATE KEY`).
    Sec1,
}

enum Inner {
    Rsa {
        /// ring does the PKCS#1 v1.5 SHA-2 signatures (constant-time, blinded).
        signer: Box<sig::RsaKeyPair>,
        /// RustCrypto `rsa` does RSA-OAEP and the legacy SHA-1 signatures; zeroized on drop.
        rsa: Box<rsa::PrivateKey>,
    },
    Ec {
        signer: Box<sig::EcdsaKeyPair>,
    },
}

/// A private key: RSA of 2048 to 4096 bits, or ECDSA on P-256 or P-384.
///
/// The key's type fixes what it can do: RSA keys sign with RSA algorithms and decrypt RSA-OAEP,
/// EC keys sign with the ECDSA algorithm of their curve. Nothing else is expressible; in
/// particular there is no PKCS#1 v1.5 decryption (attack class I).
///
/// `Debug` prints the key's type and format only.
///
/// # Zeroization
/// Every buffer this crate makes from key material (decoded PEM, padded scalars, OAEP
/// plaintexts) is `Zeroizing`, and the `rsa` crate's key zeroizes itself on drop. ring's parsed
/// key pairs (`RsaKeyPair`, `EcdsaKeyPair`) are not wiped by ring, which offers no such hook;
/// they are freed on drop.
pub struct PrivateKey {
    inner: Inner,
    public: PublicKey,
    format: KeyFormat,
}

impl PrivateKey {
    /// The smallest RSA private key accepted.
    pub const RSA_MIN_BITS: usize = 2048;
    /// The largest RSA private key accepted.
    pub const RSA_MAX_BITS: usize = 4096;

    /// Loads a private key from PEM or DER, detecting PKCS#1, PKCS#8 or SEC1.
    pub fn load(input: &[u8]) -> Result<Self, KeyError> {
        if pem::looks_like_pem(input) {
            Self::from_pem(input)
        } else {
            Self::from_der(input)
        }
    }

    /// Loads the first private key block of a PEM document (`PRIVATE KEY`, `RSA PRIVATE KEY` or
    /// `EC PRIVATE KEY`). Other blocks, such as certificates and `EC PARAMETERS`, are skipped.
    pub fn from_pem(input: &[u8]) -> Result<Self, KeyError> {
        let blocks = pem::parse_all(input)?;
        for block in &blocks {
            let expected = match block.label.as_str() {
                "PRIVATE KEY" => KeyFormat::Pkcs8,
                "RSA PRIVATE KEY" => KeyFormat::Pkcs1,
                "EC PRIVATE KEY" => KeyFormat::Sec1,
                "ENCRYPTED PRIVATE KEY" => {
                    return Err(KeyError::EncryptedPrivateKey {
                        found: "PKCS#8 EncryptedPrivateKeyInfo",
                    });
                }
                _ => continue,
            };
            if block.legacy_encrypted {
                return Err(KeyError::EncryptedPrivateKey {
                    found: "a PEM block with a Proc-Type: 4,ENCRYPTED header",
                });
            }
            let key = Self::from_der(&block.der)?;
            if key.format != expected {
                return Err(KeyError::MalformedKey {
                    structure: "PEM private key",
                    reason: "the PEM label does not match the DER structure inside it",
                });
            }
            return Ok(key);
        }
        let found = if blocks.is_empty() {
            "PEM without any block".to_owned()
        } else {
            let labels: Vec<String> = blocks.iter().map(|b| format!("`{}`", b.label)).collect();
            format!("PEM with blocks labelled {}", labels.join(", "))
        };
        Err(KeyError::UnrecognizedKeyFormat { found })
    }

    /// Loads a DER private key, detecting PKCS#1, PKCS#8 or SEC1 from its structure.
    pub fn from_der(input: &[u8]) -> Result<Self, KeyError> {
        let unrecognized = |found: &str| KeyError::UnrecognizedKeyFormat {
            found: found.to_owned(),
        };
        let body = der::single(input, tag::SEQUENCE)
            .map_err(|_| unrecognized("not a DER SEQUENCE (nor PEM)"))?;
        let mut r = Reader::new(body);
        match r.peek_tag() {
            Some(tag::INTEGER) => {
                let version = r
                    .read(tag::INTEGER)
                    .map_err(|_| unrecognized("malformed DER"))?;
                match r.peek_tag() {
                    Some(tag::SEQUENCE) => Self::from_pkcs8(input),
                    Some(tag::INTEGER) => Self::from_pkcs1(input, KeyFormat::Pkcs1),
                    Some(tag::OCTET_STRING) if version == [1] => {
                        Self::from_sec1(input, None, KeyFormat::Sec1)
                    }
                    _ => Err(unrecognized("DER that is none of PKCS#1, PKCS#8 or SEC1")),
                }
            }
            Some(tag::SEQUENCE) => {
                // Something whose first element is a SEQUENCE: an EncryptedPrivateKeyInfo
                // (AlgorithmIdentifier, OCTET STRING), a SubjectPublicKeyInfo
                // (AlgorithmIdentifier, BIT STRING) or a Certificate (TBSCertificate, ...).
                let first = Reader::new(r.read(tag::SEQUENCE).unwrap_or_default()).peek_tag();
                match (first, r.peek_tag()) {
                    (Some(tag::OID), Some(tag::OCTET_STRING)) => {
                        Err(KeyError::EncryptedPrivateKey {
                            found: "PKCS#8 EncryptedPrivateKeyInfo",
                        })
                    }
                    (Some(tag::OID), Some(tag::BIT_STRING)) => {
                        Err(unrecognized("a public key (SubjectPublicKeyInfo)"))
                    }
                    (Some(tag::CONTEXT_0 | tag::INTEGER), Some(tag::SEQUENCE)) => {
                        Err(unrecognized("an X.509 certificate"))
                    }
                    _ => Err(unrecognized("DER that is none of PKCS#1, PKCS#8 or SEC1")),
                }
            }
            _ => Err(unrecognized("DER that is none of PKCS#1, PKCS#8 or SEC1")),
        }
    }

    fn from_pkcs8(input: &[u8]) -> Result<Self, KeyError> {
        let m = |e: der::DerError| KeyError::MalformedKey {
            structure: "PKCS#8 PrivateKeyInfo",
            reason: e.0,
        };
        let mut r = Reader::new(der::single(input, tag::SEQUENCE).map_err(m)?);
        let version = der::small_unsigned(r.read(tag::INTEGER).map_err(m)?).map_err(m)?;
        if version > 1 {
            return Err(m(der::DerError("unknown version")));
        }
        let mut alg = Reader::new(r.read(tag::SEQUENCE).map_err(m)?);
        let private_key = r.read(tag::OCTET_STRING).map_err(m)?;
        let _attributes = r.read_optional(tag::CONTEXT_0).map_err(m)?;
        let _public_key = r.read_optional(tag::CONTEXT_1_PRIMITIVE).map_err(m)?;
        r.finish().map_err(m)?;
        let oid = alg.read(tag::OID).map_err(m)?;
        match oid {
            OID_RSA_ENCRYPTION => {
                let _ = alg.read_optional(tag::NULL).map_err(m)?;
                alg.finish().map_err(m)?;
                Self::from_pkcs1(private_key, KeyFormat::Pkcs8)
            }
            OID_EC_PUBLIC_KEY => {
                let curve = match alg.read_optional(tag::OID).map_err(m)? {
                    Some(c) => Curve::from_oid(c)?,
                    None => {
                        return Err(KeyError::UnsupportedCurve {
                            name: "explicit curve parameters",
                            oid: "none".to_owned(),
                        });
                    }
                };
                alg.finish().map_err(m)?;
                Self::from_sec1(private_key, Some(curve), KeyFormat::Pkcs8)
            }
            other => Err(unsupported_algorithm(other)),
        }
    }

    fn from_pkcs1(pkcs1: &[u8], format: KeyFormat) -> Result<Self, KeyError> {
        let m = |e: der::DerError| KeyError::MalformedKey {
            structure: "PKCS#1 RSAPrivateKey",
            reason: e.0,
        };
        let mut r = Reader::new(der::single(pkcs1, tag::SEQUENCE).map_err(m)?);
        match der::small_unsigned(r.read(tag::INTEGER).map_err(m)?).map_err(m)? {
            0 => {}
            1 => {
                return Err(KeyError::KeyRejected {
                    reason: "multi-prime RSA keys are not supported".to_owned(),
                });
            }
            _ => return Err(m(der::DerError("unknown version"))),
        }
        let n = der::unsigned(r.read(tag::INTEGER).map_err(m)?).map_err(m)?;
        let bits = der::bit_length(n);
        if !(Self::RSA_MIN_BITS..=Self::RSA_MAX_BITS).contains(&bits) {
            return Err(KeyError::RsaKeySize {
                bits,
                min: Self::RSA_MIN_BITS,
                max: Self::RSA_MAX_BITS,
            });
        }
        let signer = sig::RsaKeyPair::from_der(pkcs1).map_err(|e| KeyError::KeyRejected {
            reason: format!("ring: {e}"),
        })?;
        let rsa = <rsa::PrivateKey as rsa::pkcs1::DecodeRsaPrivateKey>::from_pkcs1_der(pkcs1)
            .map_err(|_| KeyError::KeyRejected {
                reason: "the RSA private key's components are invalid".to_owned(),
            })?;
        use ring::signature::KeyPair;
        let public = PublicKey::from_rsa_public_key_der(signer.public_key().as_ref())?;
        Ok(PrivateKey {
            inner: Inner::Rsa {
                signer: Box::new(signer),
                rsa: Box::new(rsa),
            },
            public,
            format,
        })
    }

    fn from_sec1(
        sec1: &[u8],
        outer_curve: Option<Curve>,
        format: KeyFormat,
    ) -> Result<Self, KeyError> {
        let m = |e: der::DerError| KeyError::MalformedKey {
            structure: "SEC1 ECPrivateKey",
            reason: e.0,
        };
        let mut r = Reader::new(der::single(sec1, tag::SEQUENCE).map_err(m)?);
        if der::small_unsigned(r.read(tag::INTEGER).map_err(m)?).map_err(m)? != 1 {
            return Err(m(der::DerError("unknown version")));
        }
        let scalar = r.read(tag::OCTET_STRING).map_err(m)?;
        let inner_curve = match r.read_optional(tag::CONTEXT_0).map_err(m)? {
            Some(params) => match Reader::new(params).read_any().map_err(m)? {
                (tag::OID, oid) => Some(Curve::from_oid(oid)?),
                _ => {
                    return Err(KeyError::UnsupportedCurve {
                        name: "explicit curve parameters",
                        oid: "none".to_owned(),
                    });
                }
            },
            None => None,
        };
        let public_bits = match r.read_optional(tag::CONTEXT_1).map_err(m)? {
            Some(explicit) => Some(der::single(explicit, tag::BIT_STRING).map_err(m)?),
            None => None,
        };
        r.finish().map_err(m)?;
        let curve = match (outer_curve, inner_curve) {
            (Some(a), Some(b)) if a != b => {
                return Err(m(der::DerError("the PKCS#8 and SEC1 curves differ")));
            }
            (Some(c), _) | (None, Some(c)) => c,
            (None, None) => return Err(m(der::DerError("no curve is named"))),
        };
        let point = match public_bits {
            Some([0, point @ ..]) => point,
            Some(_) => {
                return Err(m(der::DerError(
                    "the public key BIT STRING has unused bits",
                )));
            }
            None => return Err(KeyError::EcPublicKeyMissing),
        };
        let public = PublicKey::from_ec_point(curve, point)?;
        // RFC 5915 fixes the scalar's length; tolerate a short one by padding it on the left.
        let len = curve.scalar_len();
        if scalar.len() > len {
            return Err(m(der::DerError("the private scalar is too long")));
        }
        let mut padded = Zeroizing::new(vec![0u8; len]);
        if let Some(tail) = padded.get_mut(len - scalar.len()..) {
            tail.copy_from_slice(scalar);
        }
        let alg = match curve {
            Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
        };
        let signer = sig::EcdsaKeyPair::from_private_key_and_public_key(
            alg,
            &padded,
            point,
            &SystemRandom::new(),
        )
        .map_err(|e| KeyError::KeyRejected {
            reason: format!("ring: {e}"),
        })?;
        Ok(PrivateKey {
            inner: Inner::Ec {
                signer: Box::new(signer),
            },
            public,
            format,
        })
    }

    /// The key's type: RSA with its size, or EC with its curve.
    pub fn kind(&self) -> KeyKind {
        self.public.kind()
    }

    /// The encoding the key was loaded from.
    pub fn format(&self) -> KeyFormat {
        self.format
    }

    /// The matching public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Signs `data` with `algorithm`, which must belong to the key's family (and curve).
    ///
    /// RSA signatures are as long as the modulus; ECDSA signatures are the XML-DSig FIXED
    /// `r || s` (64 bytes for P-256, 96 for P-384).
    pub fn sign(&self, algorithm: SignatureAlgorithm, data: &[u8]) -> Result<Vec<u8>, KeyError> {
        algorithm.check_key(self.kind())?;
        let rng = SystemRandom::new();
        let failed = |_| KeyError::SigningFailed;
        match (&self.inner, algorithm) {
            (Inner::Rsa { rsa, .. }, SignatureAlgorithm::RsaSha1ForLegacyUseOnly) => rsa
                .pkcs1v15_sign_with_rng::<sha1::Sha1, _>(&mut SystemRng, data)
                .map_err(|_| KeyError::SigningFailed),
            (Inner::Rsa { signer, .. }, _) => {
                let padding: &'static dyn sig::RsaEncoding = match algorithm {
                    SignatureAlgorithm::RsaSha384 => &sig::RSA_PKCS1_SHA384,
                    SignatureAlgorithm::RsaSha512 => &sig::RSA_PKCS1_SHA512,
                    _ => &sig::RSA_PKCS1_SHA256,
                };
                let mut out = vec![0u8; signer.public().modulus_len()];
                signer.sign(padding, &rng, data, &mut out).map_err(failed)?;
                Ok(out)
            }
            (Inner::Ec { signer }, _) => signer
                .sign(&rng, data)
                .map(|s| s.as_ref().to_vec())
                .map_err(failed),
        }
    }

    /// Decrypts an RSA-OAEP `CipherValue` (a wrapped symmetric key).
    ///
    /// Every failure (wrong length, bad padding, wrong label, wrong key) is the same opaque
    /// [`KeyError::Decryption`]; callers must not tell them apart either (attack classes H, I).
    /// The result is zeroized on drop.
    ///
    /// Timing: the `rsa` crate blinds the private operation, but it does not claim to be free of
    /// timing side channels (RUSTSEC-2023-0071 concerns PKCS#1 v1.5, which this API never
    /// exposes). Treat OAEP decryption as an oracle to be rate-limited like any other.
    pub fn rsa_oaep_decrypt(
        &self,
        params: &OaepParams,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let Inner::Rsa { rsa, .. } = &self.inner else {
            return Err(KeyError::AlgorithmKeyMismatch {
                algorithm: "RSA-OAEP",
                key: self.kind().to_string(),
            });
        };
        let mut rng = SystemRng;
        with_oaep!(params, |padding| rsa
            .decrypt_blinded(&mut rng, padding, ciphertext))
        .map(Zeroizing::new)
        .map_err(|_| KeyError::Decryption)
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("kind", &self.kind())
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

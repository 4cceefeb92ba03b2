//! What a `ds:KeyInfo` carries, read as untrusted data.
//!
//! Nothing here is trusted and nothing here is used by [`verify`](super::verify): a key value
//! in a message is whatever the attacker wanted (attack class K). Certificates must go through
//! [`TrustStore::validate`](crate::keys::TrustStore::validate); raw key values are only for
//! tools and conformance tests that are explicitly told to use them.

use super::{DSIG11_NS, DsigError, decode_base64};
use crate::keys::{Certificate, Curve, KeyError, PublicKey};
use crate::xml::{DSIG_NS, Document, Element, NodeId};

/// A reference to a certificate by its identifiers (`X509IssuerSerial`, `X509SKI`,
/// `X509SubjectName`), to be resolved against certificates the caller already has.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum X509Lookup {
    /// `X509IssuerSerial`: the issuer name as written and the decimal serial.
    IssuerSerial {
        /// The issuer's distinguished name as written in the message.
        issuer: String,
        /// The serial number, decimal.
        serial: String,
    },
    /// `X509SKI`: the subject key identifier.
    SubjectKeyIdentifier(Vec<u8>),
    /// `X509SubjectName`, as written.
    SubjectName(String),
}

/// The content of a `ds:KeyInfo`, UNTRUSTED.
#[derive(Debug, Default)]
pub struct UntrustedKeyInfo {
    /// Keys from `RSAKeyValue`, `dsig11:ECKeyValue` and `dsig11:DEREncodedKeyValue`. Each is
    /// the attacker's choice unless something else vouches for it.
    pub untrusted_key_values: Vec<PublicKey>,
    /// Key values that could not be used: the error for each (unsupported curve, key size...).
    pub rejected_key_values: Vec<KeyError>,
    /// `X509Certificate`s, in document order. Validate them with a
    /// [`TrustStore`](crate::keys::TrustStore) before use.
    pub certificates: Vec<Certificate>,
    /// Certificate references to resolve against known certificates.
    pub lookups: Vec<X509Lookup>,
    /// `KeyName`s.
    pub key_names: Vec<String>,
    /// Children this reader does not handle (`RetrievalMethod`, `DSAKeyValue`, `PGPData`,
    /// `KeyInfoReference`, ...), as `{namespace}local`.
    pub unsupported: Vec<String>,
}

fn name_of(e: &Element<'_>) -> String {
    format!("{{{}}}{}", e.namespace(), e.local_name())
}

fn text_of(e: Option<Element<'_>>) -> String {
    e.map(|e| e.text().into_owned()).unwrap_or_default()
}

fn child<'d>(e: &Element<'d>, ns: &str, local: &str) -> Option<Element<'d>> {
    e.child_elements().find(|c| c.is(ns, local))
}

/// Read the `ds:KeyInfo` of the `ds:Signature` at `signature`, as untrusted data. A signature
/// without `KeyInfo` gives an empty result.
pub fn read_untrusted_key_info(
    doc: &Document<'_>,
    signature: NodeId,
) -> Result<UntrustedKeyInfo, DsigError> {
    let mut out = UntrustedKeyInfo::default();
    let Some(sig) = doc.element(signature) else {
        return Err(DsigError::Malformed {
            reason: "the node is not a ds:Signature element".into(),
        });
    };
    let Some(ki) = child(&sig, DSIG_NS, "KeyInfo") else {
        return Ok(out);
    };
    for c in ki.child_elements() {
        if c.is(DSIG_NS, "KeyValue") {
            for v in c.child_elements() {
                if v.is(DSIG_NS, "RSAKeyValue") {
                    let n = decode_base64(&text_of(child(&v, DSIG_NS, "Modulus")), "Modulus")?;
                    let e = decode_base64(&text_of(child(&v, DSIG_NS, "Exponent")), "Exponent")?;
                    push(&mut out, PublicKey::from_rsa_components(&n, &e));
                } else if v.is(DSIG11_NS, "ECKeyValue") {
                    push(&mut out, ec_key_value(&v));
                } else {
                    out.unsupported.push(name_of(&v));
                }
            }
        } else if c.is(DSIG11_NS, "DEREncodedKeyValue") {
            let der = decode_base64(&c.text(), "DEREncodedKeyValue")?;
            push(&mut out, PublicKey::from_spki_der(&der));
        } else if c.is(DSIG_NS, "X509Data") {
            for x in c.child_elements() {
                if x.is(DSIG_NS, "X509Certificate") {
                    let der = decode_base64(&x.text(), "X509Certificate")?;
                    out.certificates.push(Certificate::from_der(&der)?);
                } else if x.is(DSIG_NS, "X509IssuerSerial") {
                    out.lookups.push(X509Lookup::IssuerSerial {
                        issuer: text_of(child(&x, DSIG_NS, "X509IssuerName")),
                        serial: text_of(child(&x, DSIG_NS, "X509SerialNumber"))
                            .trim()
                            .to_owned(),
                    });
                } else if x.is(DSIG_NS, "X509SKI") {
                    out.lookups
                        .push(X509Lookup::SubjectKeyIdentifier(decode_base64(
                            &x.text(),
                            "X509SKI",
                        )?));
                } else if x.is(DSIG_NS, "X509SubjectName") {
                    out.lookups
                        .push(X509Lookup::SubjectName(x.text().trim().to_owned()));
                } else {
                    out.unsupported.push(name_of(&x));
                }
            }
        } else if c.is(DSIG_NS, "KeyName") {
            out.key_names.push(c.text().trim().to_owned());
        } else {
            out.unsupported.push(name_of(&c));
        }
    }
    Ok(out)
}

fn push(out: &mut UntrustedKeyInfo, key: Result<PublicKey, KeyError>) {
    match key {
        Ok(k) => out.untrusted_key_values.push(k),
        Err(e) => out.rejected_key_values.push(e),
    }
}

fn ec_key_value(v: &Element<'_>) -> Result<PublicKey, KeyError> {
    let curve = child(v, DSIG11_NS, "NamedCurve")
        .and_then(|c| c.attribute("", "URI"))
        .unwrap_or("");
    let curve = match curve.strip_prefix("urn:oid:") {
        Some("1.2.840.10045.3.1.7") => Curve::P256,
        Some("1.3.132.0.34") => Curve::P384,
        _ => {
            return Err(KeyError::UnsupportedCurve {
                name: "named curve of an ECKeyValue",
                oid: curve.to_owned(),
            });
        }
    };
    let point =
        decode_base64(&text_of(child(v, DSIG11_NS, "PublicKey")), "PublicKey").map_err(|_| {
            KeyError::UnsupportedEcPoint {
                reason: "invalid base64",
            }
        })?;
    PublicKey::from_ec_uncompressed_point(curve, &point)
}

//! `wsse:BinarySecurityToken` carrying an X.509v3 certificate.

use crate::keys::Certificate;
use crate::xml::{Element, NodeId, WSU_NS};

use super::{
    BASE64_BINARY, Markup, TokenError, WSSE_NS, X509V3_VALUE_TYPE, decode_base64, describe,
    encode_base64, invalid_name, is_ncname,
};

const ELEMENT: &str = "wsse:BinarySecurityToken";

/// A `wsse:BinarySecurityToken` holding an X.509v3 certificate, read from a message.
///
/// Reading checks the form (ValueType X509v3, EncodingType Base64Binary or absent, base64
/// content with any whitespace) and that the content is one DER certificate. It does **not**
/// make the certificate trusted: see [`KeyStore::resolve_signer`](super::KeyStore::resolve_signer).
#[derive(Debug, Clone)]
pub struct BinarySecurityToken {
    node: NodeId,
    id: Option<String>,
    certificate: Certificate,
}

impl BinarySecurityToken {
    /// Reads a `wsse:BinarySecurityToken` element.
    ///
    /// Errors: [`TokenError::UnexpectedElement`] for another element,
    /// [`TokenError::MissingAttribute`] without a ValueType,
    /// [`TokenError::UnsupportedValueType`] / [`TokenError::UnsupportedEncodingType`] naming
    /// the URI, [`TokenError::InvalidBase64`], [`TokenError::Certificate`].
    pub fn from_element(element: Element<'_>) -> Result<Self, TokenError> {
        if !element.is(WSSE_NS, "BinarySecurityToken") {
            return Err(TokenError::UnexpectedElement {
                expected: ELEMENT,
                found: describe(&element),
            });
        }
        let value_type =
            element
                .attribute("", "ValueType")
                .ok_or(TokenError::MissingAttribute {
                    element: ELEMENT,
                    attribute: "ValueType",
                })?;
        if value_type.trim() != X509V3_VALUE_TYPE {
            return Err(TokenError::UnsupportedValueType {
                element: ELEMENT,
                value_type: value_type.to_owned(),
            });
        }
        // WSS 1.0 §6.3: EncodingType defaults to Base64Binary.
        if let Some(enc) = element.attribute("", "EncodingType")
            && enc.trim() != BASE64_BINARY
        {
            return Err(TokenError::UnsupportedEncodingType {
                element: ELEMENT,
                encoding_type: enc.to_owned(),
            });
        }
        if element.child_elements().next().is_some() {
            return Err(TokenError::InvalidBase64 { element: ELEMENT });
        }
        let der = decode_base64(&element.text(), ELEMENT)?;
        let certificate = Certificate::from_der(&der).map_err(TokenError::Certificate)?;
        Ok(BinarySecurityToken {
            node: element.id(),
            id: element.attribute(WSU_NS, "Id").map(str::to_owned),
            certificate,
        })
    }

    /// The element's node identity in its document.
    pub fn node(&self) -> NodeId {
        self.node
    }

    /// The token's `wsu:Id`, if it has one.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The certificate (untrusted: it came from the message).
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// Consumes the token, returning its certificate.
    pub fn into_certificate(self) -> Certificate {
        self.certificate
    }

    /// Writes a `wsse:BinarySecurityToken` for `certificate` with `wsu:Id="id"`: ValueType
    /// X509v3, EncodingType Base64Binary, the DER in base64 on one line.
    ///
    /// ```
    /// # use soapsec::keys::Certificate;
    /// # use soapsec::token::{BinarySecurityToken, Markup};
    /// # let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/pki/client.pem")).unwrap();
    /// let cert = Certificate::load(&pem)?;
    /// let xml = BinarySecurityToken::to_xml(&cert, "X509-1", &Markup::default())?;
    /// assert!(xml.starts_with("<wsse:BinarySecurityToken xmlns:wsse="));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_xml(
        certificate: &Certificate,
        id: &str,
        markup: &Markup,
    ) -> Result<String, TokenError> {
        markup.check()?;
        if !is_ncname(id) {
            return Err(invalid_name("wsu:Id", id));
        }
        let name = Markup::qname(&markup.wsse, "BinarySecurityToken");
        Ok(format!(
            "<{name}{}{} EncodingType=\"{BASE64_BINARY}\" ValueType=\"{X509V3_VALUE_TYPE}\" {}:Id=\"{id}\">{}</{name}>",
            markup.declare(&markup.wsse, WSSE_NS),
            markup.declare(&markup.wsu, WSU_NS),
            markup.wsu,
            encode_base64(certificate.der()),
        ))
    }
}

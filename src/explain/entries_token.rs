//! WS-Security tokens: BinarySecurityTokens, SecurityTokenReferences, and the key store.

use super::{BASE, Explanation};

pub(super) static ENTRIES: &[Explanation] = &[
    Explanation {
        code: "token/UnexpectedElement",
        title: "not the token element expected",
        meaning: "A BinarySecurityToken, SecurityTokenReference or ds:KeyInfo was expected and \
            another element was found.",
        causes: &[
            "A KeyInfo holding something other than a SecurityTokenReference, or a reference that \
             leads to the wrong kind of element.",
            "A WS-Security namespace of another version (2002 drafts) that is not recognised.",
        ],
        fixes: &[
            "Use the OASIS WS-Security 1.0/1.1 namespaces and a wsse:SecurityTokenReference in KeyInfo.",
        ],
        messages: &["expected {}, found element {}"],
        ..BASE
    },
    Explanation {
        code: "token/MissingAttribute",
        title: "a token element lacks a required attribute",
        meaning: "A BinarySecurityToken without `ValueType`, a KeyIdentifier without `ValueType` \
            or `EncodingType`, a Reference without `URI`.",
        causes: &["A hand-written or non-conforming token."],
        fixes: &["Add the attribute the message names (WS-Security X.509 Token Profile)."],
        messages: &["{} has no {} attribute"],
        ..BASE
    },
    Explanation {
        code: "token/UnsupportedValueType",
        title: "a token ValueType this crate does not support",
        meaning: "Only X.509 v3 certificates (and, for references, SKI, SHA-1 thumbprint and \
            EncryptedKey) are supported; SAML, Kerberos, username and PKIPath tokens are not.",
        causes: &[
            "A peer using another token type (a wsHttp binding with Windows or username \
             credentials, SAML from an STS).",
            "An X509PKIPathv1 token (a whole chain) instead of a single certificate.",
        ],
        fixes: &[
            "Configure the peer for certificate credentials (WCF `clientCredentialType=\"Certificate\"` \
             with message security).",
        ],
        messages: &["unsupported ValueType {} on {}"],
        ..BASE
    },
    Explanation {
        code: "token/UnsupportedEncodingType",
        title: "a token EncodingType other than Base64Binary",
        meaning: "Token content must be Base64Binary.",
        causes: &["A HexBinary token, or a misspelt EncodingType URI."],
        fixes: &["Use `…#Base64Binary`, the only encoding WS-Security profiles use in practice."],
        messages: &["unsupported EncodingType {} on {}; only Base64Binary is supported"],
        ..BASE
    },
    Explanation {
        code: "token/InvalidBase64",
        title: "a token's content is not valid base64",
        meaning: "The BinarySecurityToken or KeyIdentifier content does not decode.",
        causes: &["A truncated or re-wrapped token, or a PEM header left inside the element."],
        fixes: &["Put the certificate's DER, base64-encoded without PEM armour, in the token."],
        messages: &["{} does not contain valid base64"],
        ..BASE
    },
    Explanation {
        code: "token/EmptyReference",
        title: "the SecurityTokenReference contains no reference",
        meaning: "A wsse:SecurityTokenReference must contain exactly one reference form (Reference, \
            KeyIdentifier, or ds:X509Data/X509IssuerSerial).",
        causes: &["A sender that writes an empty STR."],
        fixes: &["Fix the sender."],
        messages: &["the SecurityTokenReference contains no reference"],
        ..BASE
    },
    Explanation {
        code: "token/MultipleReferences",
        title: "the SecurityTokenReference contains several references",
        meaning: "Exactly one reference is allowed, so the key cannot be chosen two ways.",
        causes: &[
            "A sender listing both a Reference and a KeyIdentifier, or a key-confusion attempt.",
        ],
        fixes: &["Send one reference."],
        attack_class: Some('K'),
        messages: &["the SecurityTokenReference contains {} references; exactly one is allowed"],
        ..BASE
    },
    Explanation {
        code: "token/UnsupportedReference",
        title: "a token reference form this crate does not support",
        meaning: "Supported: a direct Reference to a BinarySecurityToken, a KeyIdentifier (SKI, \
            SHA-1 thumbprint), ds:X509Data/X509IssuerSerial. Not: wsse:Embedded, ds:KeyName, \
            X509Certificate inside X509Data, or a non-direct reference where a direct one is \
            needed.",
        causes: &[
            "A peer configured to embed tokens or to name keys by KeyName.",
            "A WCF `X509KeyIdentifierClauseType` the crate does not read.",
        ],
        fixes: &[
            "Have the peer reference its certificate by BinarySecurityToken, SKI or thumbprint \
             (WCF: `X509ReferenceStyle`/`InclusionMode` defaults do).",
        ],
        messages: &["unsupported token reference {}"],
        ..BASE
    },
    Explanation {
        code: "token/UnsupportedKeyInfo",
        title: "KeyInfo content other than a SecurityTokenReference",
        meaning: "Only a wsse:SecurityTokenReference is accepted in ds:KeyInfo. Raw keys \
            (ds:KeyValue) or certificates written straight into KeyInfo are never trusted, and a \
            signature or EncryptedKey without KeyInfo cannot be attributed.",
        causes: &[
            "A key-injection attempt: a ds:KeyValue with the attacker's key.",
            "A generic XML-DSig signer that writes ds:X509Data or ds:KeyValue.",
            "A signature without KeyInfo (the signer expects the key to be known out of band).",
        ],
        fixes: &[
            "Configure the signer to reference its certificate through a SecurityTokenReference.",
        ],
        attack_class: Some('K'),
        messages: &[
            "unsupported KeyInfo content {}; only a wsse:SecurityTokenReference is supported",
        ],
        ..BASE
    },
    Explanation {
        code: "token/UnsupportedReferenceUri",
        title: "a token Reference URI that is not a same-document `#id`",
        meaning: "Token references must point into the message; external URIs are never fetched.",
        causes: &[
            "A reference to an external token (`http://…`), possibly to make the receiver fetch \
             it.",
        ],
        fixes: &["Carry the token in the Security header and reference it by `#id`."],
        attack_class: Some('M'),
        messages: &[
            "unsupported Reference URI {}; only same-document references (#id) are allowed",
        ],
        ..BASE
    },
    Explanation {
        code: "token/ReferenceNotFound",
        title: "no element has the referenced ID",
        meaning: "A SecurityTokenReference names `#id`, and nothing in the message has that ID.",
        causes: &[
            "The BinarySecurityToken was stripped by an intermediary, or the sender referenced a \
             token it did not include (an `InclusionMode` of Never).",
        ],
        fixes: &[
            "Include the token in the message, or reference the certificate by SKI/thumbprint and configure it on the receiver.",
        ],
        messages: &["no element has the ID {}"],
        ..BASE
    },
    Explanation {
        code: "token/ReferenceToWrongElement",
        title: "the reference names an element that is not the expected token",
        meaning: "A reference that should lead to a BinarySecurityToken leads elsewhere.",
        causes: &[
            "A reference to an EncryptedKey used as a signing key (not supported).",
            "A crafted reference pointing at an application element.",
        ],
        fixes: &["Reference the BinarySecurityToken that holds the certificate."],
        attack_class: Some('K'),
        messages: &["#{} refers to {}, not to {}"],
        ..BASE
    },
    Explanation {
        code: "token/RecursiveReference",
        title: "a SecurityTokenReference refers to another SecurityTokenReference",
        meaning: "Reference chains are not followed: the dereference depth is one.",
        causes: &[
            "A recursive-key-reference denial-of-service attempt (WSS4J's testRecursiveKeyReferencesDOS).",
        ],
        fixes: &["Reference the token directly."],
        attack_class: Some('M'),
        messages: &["a SecurityTokenReference refers to another SecurityTokenReference{}"],
        ..BASE
    },
    Explanation {
        code: "token/MalformedKeyIdentifier",
        title: "a malformed KeyIdentifier",
        meaning: "The KeyIdentifier is empty, or a thumbprint is not 20 bytes.",
        causes: &[
            "A sender computing the thumbprint with another hash (SHA-256 under the SHA-1 ValueType).",
        ],
        fixes: &["Use the ThumbprintSHA1 of the certificate's DER, or reference by SKI."],
        messages: &["malformed KeyIdentifier: {}"],
        ..BASE
    },
    Explanation {
        code: "token/MalformedIssuerSerial",
        title: "a malformed X509IssuerSerial",
        meaning: "The issuer name or serial number in ds:X509IssuerSerial cannot be read.",
        causes: &[
            "A serial written in hex instead of decimal, or an issuer DN that does not parse.",
        ],
        fixes: &["Write the serial in decimal and the issuer as an RFC 4514 string."],
        messages: &["malformed X509IssuerSerial: {}"],
        ..BASE
    },
    Explanation {
        code: "token/UnknownCertificate",
        title: "no configured certificate matches the signer's reference",
        meaning: "The signature names its certificate by SKI, thumbprint or issuer/serial rather \
            than carrying it, and none of the configured peer certificates matches.",
        causes: &[
            "The peer renewed its certificate and references the new one, while the receiver still \
             has the old one configured.",
            "The peer's certificate was never configured on this side (it is not in the message, \
             so it must be known).",
        ],
        fixes: &[
            "Configure the peer's current certificate: `soapsec verify --peer-cert peer.pem` \
             (`KeyStore::add_peer`).",
            "Or make the peer include its certificate as a BinarySecurityToken (WCF: \
             `X509KeyIdentifierClauseType`/`InclusionMode` Always).",
        ],
        attack_class: Some('K'),
        messages: &["no known certificate matches {}"],
        ..BASE
    },
    Explanation {
        code: "token/UnknownOwnIdentity",
        title: "none of our certificates matches the encryption's reference",
        meaning: "The EncryptedKey says which of our certificates it was encrypted to, and we have \
            no identity (private key and certificate) matching it.",
        causes: &[
            "The sender encrypts to an old certificate of ours (before a renewal), or to another \
             environment's certificate.",
            "The message was meant for another receiver.",
        ],
        fixes: &[
            "Give the sender our current certificate; during a renewal, load both identities \
             (`KeyStore::add_identity` for each).",
        ],
        messages: &["none of our own certificates matches {}"],
        ..BASE
    },
    Explanation {
        code: "token/AmbiguousReference",
        title: "several configured certificates match the reference",
        meaning: "The reference matches more than one configured certificate, and soapsec does \
            not guess.",
        causes: &[
            "Two certificates with the same subject key identifier (a renewal that kept the key) \
             both configured.",
        ],
        fixes: &["Remove the old certificate, or have the peer reference by thumbprint."],
        attack_class: Some('K'),
        messages: &["{} configured certificates match {}; the reference is ambiguous"],
        ..BASE
    },
    Explanation {
        code: "token/IdentityKeyMismatch",
        title: "the private key does not belong to the certificate",
        meaning: "An identity was configured with a private key whose public half is not the \
            certificate's.",
        causes: &[
            "Files mixed up: a renewed certificate with the old key, or another service's key.",
        ],
        fixes: &[
            "Compare `openssl x509 -noout -pubkey -in cert.pem` with `openssl pkey -pubout -in \
             key.pem`.",
        ],
        messages: &["the private key does not match the certificate {}"],
        ..BASE
    },
    Explanation {
        code: "token/InvalidName",
        title: "a prefix or wsu:Id for generated markup is not an XML name",
        meaning: "A prefix or ID given for markup generation is not an NCName.",
        causes: &["A prefix with a colon, or an ID starting with a digit."],
        fixes: &["Use a name that starts with a letter or `_` and has no colon."],
        messages: &["{} {} is not a valid XML name (NCName)"],
        ..BASE
    },
];

//! The security pipeline (WCF's receive- and send-side checks) and the fault a peer sees.

use super::{BASE, Explanation};

/// Shared advice: predict a contract mismatch statically.
const CHECK_FIX: &str = "Predict it before deploying: `soapsec contract check client.xml \
    service.xml --binding B` lists every exchange the receiver rejects, with the level each side \
    requires or sends and the scope it comes from.";

pub(super) static ENTRIES: &[Explanation] = &[
    // ---- WCF's receive-side checks -------------------------------------------------------------
    Explanation {
        code: "pipeline/PartNotEncrypted",
        title: "a part the receiver requires encrypted arrived unencrypted",
        meaning: "The receiver's contract resolves this part (the Body, or the header named) to \
            EncryptAndSign for this message, but it was not encrypted, or not at its own \
            position. The receiver rejects the whole message. It is almost always a difference \
            between the two sides' contracts, not an attack.",
        causes: &[
            "A reply over a binding without WS-Addressing (basicHttp, basicHttp:Message): the \
             service's contract gives this operation Sign, so it only signs the reply, but the \
             client's contract has another operation (or a reply or fault) at EncryptAndSign, \
             often simply because its level is unset and inherits the binding default. Replies \
             carry no action there, so the client checks every reply against the union over \
             its whole contract: the Body at the strongest level any reply or fault has.",
            "The contracts differ for this operation: the receiver's has EncryptAndSign (set, or \
             inherited from the binding default because nothing is set) where the sender's has \
             Sign or None, for example a level added on one side and the other side's proxy not \
             regenerated, or a level set on a message contract or member on one side only.",
            "A header the receiver requires encrypted is sent in plaintext by a non-WCF sender \
             that encrypts only the Body.",
            "An encrypted-part wrapping attempt: a plaintext copy standing in for a part that \
             must be encrypted (attack class O).",
        ],
        fixes: &[
            CHECK_FIX,
            "Align the contracts: give the operation (and its reply and faults) the same level on \
             both sides, usually by regenerating the client from the service's metadata; \
             `soapsec contract resolve FILE --binding B` shows each side's effective levels and \
             where they come from.",
            "Without WS-Addressing: raise the service's level for this operation to what the \
             client's union requires, or lower the client's other operations, or use a binding \
             with WS-Addressing (wsHttp, netTcp, or a custom binding with \
             `addressing=\"WsAddressing10\"`) so that replies are checked per action.",
        ],
        wcf: Some("RequiredMessagePartNotEncryptedNs"),
        attack_class: Some('O'),
        messages: &["The '{}', '{}' required message part  was not encrypted."],
        related_messages: &["The '{}' required message part was not encrypted."],
        aliases: &["RequiredMessagePartNotEncrypted"],
        ..BASE
    },
    Explanation {
        code: "pipeline/PartNotSigned",
        title: "a part the receiver requires signed arrived unsigned",
        meaning: "The receiver requires this part (the Body, a header, or a WS-Addressing header \
            such as `Action`) to be signed, and the verified signature does not cover that very \
            node at its position. The whole message is rejected.",
        causes: &[
            "The contracts differ: the receiver's resolves the part to Sign or EncryptAndSign \
             while the sender's resolves it to None (an explicit `ProtectionLevel.None` on one \
             side only, or a part unset on one side and so at the binding default).",
            "A reply over a binding without WS-Addressing: the client checks every reply against \
             the union over its contract, so a reply the service sends at None fails as soon as \
             any reply of the client's contract is signed.",
            "WS-Addressing headers (`Action`, `To`, `MessageID`, `RelatesTo`, …) must be signed on \
             every message; a non-WCF sender that signs only the Body fails here.",
            "A signature-wrapping attack: the signed Body was moved into a header and a new, \
             unsigned Body put in its place (attack class A).",
        ],
        fixes: &[
            CHECK_FIX,
            "Align the levels of the operation on both sides (`soapsec contract resolve` on each \
             file shows where each level comes from).",
            "Configure a non-WCF sender to sign the Timestamp, the Body and every WS-Addressing \
             header.",
        ],
        wcf: Some("RequiredMessagePartNotSignedNs"),
        attack_class: Some('A'),
        messages: &["The '{}', '{}' required message part  was not signed."],
        related_messages: &["The '{}' required message part was not signed."],
        aliases: &["RequiredMessagePartNotSigned"],
        ..BASE
    },
    Explanation {
        code: "pipeline/SignatureMissing",
        title: "the message has no signature",
        meaning: "The Security header has no primary signature (plain or encrypted). Every \
            message that reaches this pipeline must be signed: at least its Timestamp and its \
            WS-Addressing headers are, whatever the contract says.",
        causes: &[
            "The sender's contract resolves every part of this message to None and it has no \
             timestamp to sign, so it sends a Security header without a signature (a \
             `ProtectionLevel.None` operation on the sender, something else on the receiver).",
            "A non-WCF sender that adds only a UsernameToken or a Timestamp.",
            "The signature was stripped by an intermediary.",
        ],
        fixes: &[
            CHECK_FIX,
            "Make the sender sign: give the operation at least Sign on the sender's side, and \
             keep the timestamp on.",
        ],
        wcf: Some("RequiredSignatureMissing"),
        messages: &["The signature must be in the security header."],
        ..BASE
    },
    Explanation {
        code: "pipeline/EncryptedHeaderNotSigned",
        title: "a header was encrypted but not signed",
        meaning: "Every header encrypted outside the Security header must also be signed; \
            encryption alone does not stop a header from being swapped or replayed.",
        causes: &[
            "A non-WCF sender that encrypts a header without signing it (WCF's EncryptAndSign \
             always signs).",
            "A header moved or substituted after signing (attack class O).",
        ],
        fixes: &["Sign every encrypted header: protect it at EncryptAndSign, never Encrypt only."],
        wcf: Some("EncryptedHeaderNotSigned"),
        attack_class: Some('O'),
        messages: &[
            "The Header ('{}', '{}') was encrypted but not signed. All encrypted headers outside \
             the security header should be signed.",
        ],
        ..BASE
    },
    Explanation {
        code: "pipeline/PrimarySignatureNotEncrypted",
        title: "the signature must be encrypted under this protection order",
        meaning: "With the protection order SignBeforeEncryptAndEncryptSignature (WCF's default), \
            a message with any signed and encrypted part must also encrypt its signature (an \
            EncryptedData in the Security header). This one carries the signature in plaintext, \
            which would let anyone compare it with a guessed plaintext.",
        causes: &[
            "The sender uses SignBeforeEncrypt (a custom binding, a certificate-signature \
             binding, a WSS4J or other non-WCF client) while the receiver uses WCF's default.",
        ],
        fixes: &[
            "Use the same `messageProtectionOrder` on both sides (`protectionOrder` in a \
             contract-file binding, or `InboundOptions::protection_order`).",
        ],
        wcf: Some("PrimarySignatureIsRequiredToBeEncrypted"),
        messages: &["The primary signature must be encrypted."],
        ..BASE
    },
    Explanation {
        code: "pipeline/ProtectionOrderMismatch",
        title: "the Security header's order does not match the protection order",
        meaning: "Sign-before-encrypt puts the ReferenceList before the Signature; \
            encrypt-before-sign the Signature before the ReferenceList. The message uses the \
            other order than the one the receiver requires.",
        causes: &[
            "The two sides configure different `messageProtectionOrder` values (EncryptBeforeSign \
             on one, WCF's default SignBeforeEncryptAndEncryptSignature on the other).",
            "A non-WCF sender that always encrypts first (or signs first).",
        ],
        fixes: &[
            "Configure the same order on both sides (`protectionOrder` on the binding, \
             `InboundOptions::protection_order`, `OutboundOptions::protection_order`).",
        ],
        wcf: Some("MessageProtectionOrderMismatch"),
        messages: &[
            "The received message does not meet the required message protection order '{}'.",
        ],
        ..BASE
    },
    Explanation {
        code: "pipeline/TimestampMissing",
        title: "the Security header has no Timestamp",
        meaning: "The binding includes a timestamp (WCF's default), so every message must carry a \
            signed `wsu:Timestamp`; this one has none.",
        causes: &[
            "The sender has `includeTimestamp=false` (a custom binding) while the receiver keeps \
             the default.",
            "A non-WCF sender that does not add a Timestamp.",
            "A replay where the old Timestamp was removed (attack class E).",
        ],
        fixes: &[
            "Enable the timestamp on the sender.",
            "If the peer cannot send one, set `includeTimestamp=\"false\"` on the binding on both \
             sides, knowing that replay protection then relies on something else.",
        ],
        wcf: Some("RequiredTimestampMissingInSecurityHeader"),
        attack_class: Some('E'),
        messages: &["Required timestamp missing in security header."],
        ..BASE
    },
    Explanation {
        code: "pipeline/SecurityHeaderElementNotSigned",
        title: "the Timestamp (or a SignatureConfirmation) is not signed",
        meaning: "The Timestamp and any SignatureConfirmation in the Security header must be \
            covered by the signature; otherwise anyone could refresh the Timestamp of an old \
            message.",
        causes: &[
            "A non-WCF sender that signs only the Body (WSS4J without the Timestamp in its \
             signature parts, some PHP and Python stacks).",
            "A timestamp-wrapping attack: the signed old Timestamp removed and a fresh unsigned \
             one added (attack class E).",
        ],
        fixes: &[
            "Configure the sender to sign its `wsu:Timestamp` (WSS4J: add it to \
             `signatureParts`).",
        ],
        wcf: Some("RequiredSecurityHeaderElementNotSigned"),
        attack_class: Some('E'),
        messages: &["The security header element '{}' with the '{}' id must be signed."],
        ..BASE
    },
    Explanation {
        code: "pipeline/DataReferenceUnresolved",
        title: "a DataReference does not lead to an EncryptedData",
        meaning: "The ReferenceList lists an encrypted part that is not in the message (or is not \
            an `xenc:EncryptedData`).",
        causes: &[
            "An intermediary removed or rewrote an encrypted header or the Body.",
            "An encrypted-part wrapping attempt (attack class O).",
            "A sender bug listing a part it did not encrypt.",
        ],
        fixes: &[
            "Capture the message as the sender wrote it and compare; the URI in the message names the missing part.",
        ],
        wcf: Some("UnableToResolveDataReference"),
        attack_class: Some('O'),
        messages: &["The data reference '{}' could not be resolved in the received message."],
        ..BASE
    },
    Explanation {
        code: "pipeline/SecurityHeaderEmpty",
        title: "the Security header is empty",
        meaning: "A `wsse:Security` header for this receiver has no children at all.",
        causes: &[
            "The sender's security is effectively off for this message but its stack still \
             writes the header.",
            "An intermediary stripped the header's content.",
        ],
        fixes: &[
            "Check the sender's binding: both sides must use message security for this endpoint.",
        ],
        wcf: Some("SecurityHeaderIsEmpty"),
        messages: &["Security header is empty."],
        ..BASE
    },
    Explanation {
        code: "pipeline/EncryptionNotExpected",
        title: "the message is encrypted although the receiver expects no encryption",
        meaning: "On an asymmetric binding (basicHttp:Message), a receiver whose requirements for \
            this direction contain no encrypted part at all does not expect encryption, and WCF \
            then rejects any encrypted message. This is the one case where over-protection is \
            an error.",
        causes: &[
            "The receiver's contract has every operation at Sign (or None) in this direction, \
             while the sender's contract leaves a level unset, so the sender encrypts at the \
             binding default EncryptAndSign.",
            "Client and service contracts of different versions, one with levels set, the other \
             without.",
        ],
        fixes: &[
            CHECK_FIX,
            "Set the same levels on both sides; levels left unset inherit EncryptAndSign from \
             message-security bindings.",
        ],
        wcf: Some("EncryptionNotExpected"),
        messages: &["Encryption not expected for this message."],
        ..BASE
    },
    Explanation {
        code: "pipeline/AtMostOneSignature",
        title: "more than one signature in the Security header",
        meaning: "Only one primary signature is supported (WCF's default policy check); a second \
            ds:Signature, or a plain and an encrypted signature together, is refused.",
        causes: &[
            "A WCF binding with endorsing supporting tokens, which adds a second signature (not \
             supported).",
            "An intermediary adding its own signature to our Security header.",
            "A wrapping attempt with a second signature over forged content (attack class B).",
        ],
        fixes: &[
            "Remove supporting-token endorsement from the peer's binding; intermediaries must use their own Security header (actor/role).",
        ],
        wcf: Some("AtMostOneSignatureIsSupportedWithDefaultPolicyCheck"),
        attack_class: Some('B'),
        messages: &["At most one signature is supported with default policy check."],
        ..BASE
    },
    Explanation {
        code: "pipeline/AtMostOneReferenceList",
        title: "more than one ReferenceList in the Security header",
        meaning: "Only one EncryptedKey with a ReferenceList is supported (WCF's default policy \
            check).",
        causes: &[
            "A sender that encrypts the Body and headers under separate keys, or for several \
             recipients.",
            "An encrypted-part wrapping attempt (attack class O).",
        ],
        fixes: &["Have the sender use one key and one ReferenceList for all parts (WCF does)."],
        wcf: Some("AtMostOneReferenceListIsSupportedWithDefaultPolicyCheck"),
        attack_class: Some('O'),
        messages: &["At most one reference list is supported with default policy check."],
        ..BASE
    },
    Explanation {
        code: "pipeline/ActionUnrecognized",
        title: "no requirements for this action",
        meaning: "The receiver's contract has no operation for the message's action and no `*` \
            operation to fall back on, so it does not know how the message must be protected. A \
            peer receives the fault InvalidOrUnrecognizedAction instead of the generic security \
            fault.",
        causes: &[
            "The client calls an operation the service's contract does not have (a newer \
             client contract with an extra operation; in the seed example, Tax).",
            "The actions differ: a renamed contract or namespace changes every default action \
             (`{namespace}{contract}/{operation}`), or an explicit `Action` is set on one side \
             only.",
            "A request without WS-Addressing is keyed by its SOAPAction, and none (or the wrong \
             one) was given: `soapsec verify` needs `--soap-action` for basicHttp requests, \
             `soapsec protect` needs `--action`.",
        ],
        fixes: &[
            CHECK_FIX,
            "Compare the action in the message with the operations' actions \
             (`soapsec contract resolve FILE` prints them); regenerate the client if the service \
             changed.",
            "Pass the transport's SOAPAction to the verifier for requests over bindings without \
             WS-Addressing.",
        ],
        wcf: Some("NoSignaturePartsSpecified"),
        messages: &["No signature message parts were specified for messages with the '{}' action."],
        related_messages: &[
            "No encryption message parts were specified for messages with the '{}' action.",
            "The message could not be processed because the action '{}' is invalid or \
             unrecognized.",
            "the service contract has no operation with this action",
        ],
        aliases: &[
            "UnknownAction",
            "NoEncryptionPartsSpecified",
            "InvalidOrUnrecognizedAction",
        ],
        ..BASE
    },
    // ---- WCF's send-side checks ----------------------------------------------------------------
    Explanation {
        code: "pipeline/HeaderEncryptionNotSupported",
        title: "WS-Security 1.0 cannot encrypt headers",
        meaning: "A header resolves to EncryptAndSign, but the binding uses WS-Security 1.0, which \
            has no way to encrypt a header (`wsse11:EncryptedHeader` is WS-Security 1.1). WCF \
            fails when it sends the first such message; there is no check at open time, so it \
            shows up only in production traffic.",
        causes: &[
            "A message-contract header left without a level on `basicHttp:Message` (WS-Security \
             1.0): it inherits the binding default EncryptAndSign.",
            "A header explicitly at EncryptAndSign on a WS-Security 1.0 binding.",
        ],
        fixes: &[
            "Set the header's level explicitly to Sign (or None): `protectionLevel=\"Sign\"` on \
             the `<header>`.",
            "Or use a WS-Security 1.1 binding (`wsHttp`, `netTcp:Message`, a custom binding with \
             `securityVersion=\"1.1\"`), or transport security to encrypt the whole message.",
            "`soapsec contract resolve FILE --binding B` reports it ahead of time as a send-stage \
             issue.",
        ],
        wcf: Some("HeaderEncryptionNotSupportedInWsSecurityJan2004"),
        messages: &[
            "SecurityVersion.WSSecurityJan2004 does not support header encryption. Header with \
             name '{}' and namespace '{}' is configured for encryption. Consider using \
             SecurityVersion.WsSecurity11 and above or use transport security to encrypt the \
             full message.",
        ],
        aliases: &["HeaderEncryptionWss10"],
        ..BASE
    },
    Explanation {
        code: "pipeline/NothingToSign",
        title: "nothing in the message matched the parts to sign",
        meaning: "The sender had to sign, but no part of this message is to be signed: every \
            level is None, the binding adds no timestamp, and there are no WS-Addressing \
            headers.",
        causes: &[
            "An operation at `ProtectionLevel.None` on a binding with `includeTimestamp=false` \
             and no WS-Addressing.",
        ],
        fixes: &[
            "Give the operation at least Sign, or keep the timestamp on (it is always signed).",
        ],
        wcf: Some("NoPartsOfMessageMatchedPartsToSign"),
        messages: &[
            "No signature was created because not part of the message matched the supplied \
             message part specification.",
        ],
        aliases: &["NoPartsToSign"],
        ..BASE
    },
    // ---- the Security header -------------------------------------------------------------------
    Explanation {
        code: "pipeline/NoSecurityHeader",
        title: "no wsse:Security header for this receiver",
        meaning: "The message has no `wsse:Security` header addressed to us (no actor/role, \
            `next`, the ultimate receiver, or our configured actor).",
        causes: &[
            "The sender does not use message security: its binding is `basicHttp` (no security) \
             or a transport mode while ours is `basicHttp:Message`; the two configurations \
             differ.",
            "The Security header is addressed to another actor/role (an intermediary's), and \
             ours is missing; or our `InboundOptions::actor` is not set to the actor the sender \
             uses.",
            "A WS-Security namespace from a pre-standard draft (2002/2003) that is not \
             recognised.",
            "An unsecured fault or an HTML error page from a proxy instead of a reply.",
        ],
        fixes: &[
            "Compare the two sides' binding security mode; both must use message security.",
            "Set `InboundOptions::actor` if the sender targets a named actor.",
        ],
        messages: &["the message has no wsse:Security header for this receiver"],
        ..BASE
    },
    Explanation {
        code: "pipeline/DuplicateSecurityHeader",
        title: "more than one wsse:Security header for this receiver",
        meaning: "Exactly one Security header may target a receiver; with two, a forged one could \
            be processed instead of the real one.",
        causes: &[
            "An intermediary that adds its own Security header without an actor/role.",
            "A wrapping attempt (attack class B).",
        ],
        fixes: &["Intermediaries must target their own actor/role or add to nothing."],
        attack_class: Some('B'),
        messages: &[
            "the message has {} wsse:Security headers for this receiver; exactly one is allowed",
        ],
        ..BASE
    },
    Explanation {
        code: "pipeline/SecurityHeaderAlreadyPresent",
        title: "the envelope to protect already has a Security header",
        meaning: "`protect` takes a plain envelope and writes the whole Security header itself.",
        causes: &[
            "A message protected twice (a retry that re-protects the secured bytes).",
            "An envelope template that contains an empty `wsse:Security`.",
        ],
        fixes: &["Protect the original plain envelope; remove any Security header from templates."],
        messages: &["the envelope to protect already has a wsse:Security header"],
        ..BASE
    },
    Explanation {
        code: "pipeline/UnexpectedSecurityElement",
        title: "an element of the Security header that this pipeline does not process",
        meaning: "The Security header may hold a Timestamp, BinarySecurityTokens, one EncryptedKey \
            with its ReferenceList, the Signature (or its EncryptedData) and \
            SignatureConfirmations. Anything else is refused rather than ignored.",
        causes: &[
            "A WCF peer on `wsHttp` with its defaults: secure conversation and derived keys \
             (`wsc:SecurityContextToken`, `wsc:DerivedKeyToken`) and Windows credentials, which \
             soapsec does not implement.",
            "A UsernameToken, a SAML assertion or a Kerberos token from the sender.",
            "Content smuggled into the header (attack class B).",
        ],
        fixes: &[
            "Configure the WCF peer for plain certificate message security: \
             `establishSecurityContext=\"false\"`, `negotiateServiceCredential=\"false\"`, \
             `clientCredentialType=\"Certificate\"` (or use `basicHttp:Message`).",
        ],
        attack_class: Some('B'),
        messages: &["unexpected element {} in the wsse:Security header"],
        ..BASE
    },
    Explanation {
        code: "pipeline/UnsupportedStructure",
        title: "a Security header structure the pipeline refuses",
        meaning: "The header is legal WS-Security but outside what the pipeline processes: two \
            Timestamps, a standalone ReferenceList, several EncryptedKeys, an EncryptedKey \
            without a ReferenceList. The message says which.",
        causes: &[
            "A WCF peer on a symmetric binding with derived keys, which can write a standalone \
             ReferenceList.",
            "A sender encrypting for several recipients.",
            "A second Timestamp added to confuse freshness checks (attack class E).",
        ],
        fixes: &[
            "Use asymmetric (mutual certificate) message security on the peer, one recipient per \
             message.",
        ],
        attack_class: Some('E'),
        messages: &["unsupported security header structure: {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/EncryptedDataMisplaced",
        title: "a listed EncryptedData is somewhere the pipeline does not decrypt",
        meaning: "Listed EncryptedData may only be the Body's content, the only child of a \
            `wsse11:EncryptedHeader` header block, or the encrypted signature in the Security \
            header. Anything else is refused, so a relocated ciphertext cannot pass for an \
            encrypted part.",
        causes: &[
            "An encrypted-part wrapping attempt (attack class O).",
            "A sender that encrypts elements inside the Body rather than the Body's content.",
        ],
        fixes: &["Encrypt whole parts: the Body's content, or whole header blocks."],
        attack_class: Some('O'),
        messages: &["the EncryptedData '{}' is not at a position this pipeline decrypts"],
        ..BASE
    },
    Explanation {
        code: "pipeline/LayoutViolation",
        title: "the Security header breaks its layout",
        meaning: "The binding's `securityHeaderLayout` orders the header: Strict (WCF's default \
            for custom and wsHttp bindings) wants the Timestamp first and every token declared \
            before use; LaxTimestampFirst/Last fix the Timestamp's place; Lax fixes nothing.",
        causes: &[
            "A non-WCF sender (WSS4J, Metro) that puts the Timestamp last or the token after the \
             signature that uses it.",
            "The two sides configure different layouts.",
        ],
        fixes: &[
            "Use the same layout on both sides; to accept such a peer, set \
             `headerLayout=\"Lax\"` on the binding or `InboundOptions::layout`.",
        ],
        messages: &["the security header does not follow the {} layout: {}"],
        ..BASE
    },
    // ---- SignatureConfirmation -----------------------------------------------------------------
    Explanation {
        code: "pipeline/SignatureConfirmationRequiresWss11",
        title: "SignatureConfirmation needs WS-Security 1.1",
        meaning: "SignatureConfirmation was asked for on a binding that uses WS-Security 1.0, \
            which does not have it.",
        causes: &[
            "`requireSignatureConfirmation` on a `basicHttp:Message` (WS-Security 1.0) endpoint.",
        ],
        fixes: &["Use a WS-Security 1.1 binding, or turn SignatureConfirmation off."],
        messages: &["SignatureConfirmation needs WS-Security 1.1; binding {} uses WS-Security 1.0"],
        ..BASE
    },
    Explanation {
        code: "pipeline/SignatureConfirmationMisused",
        title: "SignatureConfirmation options used where they do not apply",
        meaning: "Only a reply or fault confirms the request's signature, and a value to confirm \
            cannot be empty.",
        causes: &[
            "Confirmation options set when protecting or verifying a request, or an empty signature value passed.",
        ],
        fixes: &[
            "Set `signature_confirmation`/`expect_signature_confirmation` only for replies and faults, with the request's SignatureValue.",
        ],
        messages: &["SignatureConfirmation cannot be used here: {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/SignatureConfirmationNotExpected",
        title: "a SignatureConfirmation arrived although none was expected",
        meaning: "The reply confirms a signature, but this client does not check confirmations \
            (WCF's `RequireSignatureConfirmation = false`). An unchecked confirmation is refused \
            rather than accepted blindly.",
        causes: &["The service has `requireSignatureConfirmation=true` and the client does not."],
        fixes: &[
            "Turn confirmation on for the client too: `InboundOptions::expect_signature_confirmation` \
             with the request's SignatureValue (`Protected`'s signature value), or off on the \
             service.",
        ],
        wcf: Some("SignatureConfirmationsNotExpected"),
        messages: &["the security header has a SignatureConfirmation, but none was expected"],
        ..BASE
    },
    Explanation {
        code: "pipeline/SignatureConfirmationAfterSignature",
        title: "a SignatureConfirmation follows the primary signature",
        meaning: "SignatureConfirmations must come before the primary signature that covers them.",
        causes: &["A non-WCF sender that appends confirmations after signing."],
        fixes: &["Fix the sender's header order."],
        wcf: Some("SignatureConfirmationsOccursAfterPrimarySignature"),
        messages: &["a SignatureConfirmation follows the primary signature in the security header"],
        ..BASE
    },
    Explanation {
        code: "pipeline/SignatureConfirmationMissing",
        title: "the reply has no SignatureConfirmation",
        meaning: "The client expects its request's signature to be confirmed and the reply \
            carries no confirmation.",
        causes: &[
            "The service does not have `requireSignatureConfirmation` on.",
            "The reply was produced for another request, or a confirmation was stripped.",
        ],
        fixes: &["Turn confirmation on on the service, or off on the client."],
        messages: &["the reply has no SignatureConfirmation; expected one confirming {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/SignatureConfirmationMismatch",
        title: "the reply confirms other signatures than the request's",
        meaning: "The confirmations do not match, as a multiset, the SignatureValues of the \
            request this client sent.",
        causes: &[
            "The reply belongs to another request (a mixed-up correlation, a replayed reply).",
            "The client passed the wrong request's signature value.",
        ],
        fixes: &[
            "Pass the SignatureValue of the request this reply answers; check reply correlation.",
        ],
        attack_class: Some('E'),
        messages: &["the reply's SignatureConfirmations [{}] do not match the expected [{}]"],
        ..BASE
    },
    // ---- timestamps and replay -----------------------------------------------------------------
    Explanation {
        code: "pipeline/TimestampMalformed",
        title: "the wsu:Timestamp is malformed",
        meaning: "A Timestamp holds exactly a Created then an Expires, each a UTC date-time with a \
            time zone, with Expires not before Created.",
        causes: &[
            "A sender writing local times without `Z` or offset, or omitting Expires.",
            "Expires before Created because the sender's TTL is negative or its clock jumped.",
        ],
        fixes: &["Write `2030-01-01T00:00:00Z`-style times, Created then Expires."],
        attack_class: Some('E'),
        messages: &["malformed wsu:Timestamp: {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/TimestampExpired",
        title: "the message has expired",
        meaning: "The Timestamp's Expires, plus the allowed clock skew (300 s by default), is \
            before the receiver's time.",
        causes: &[
            "The clocks of sender and receiver differ by more than the skew (a VM without NTP, a \
             wrong time zone on the sender that writes local time as UTC).",
            "The message sat in a queue, or was captured and verified later (with `soapsec verify` \
             on a saved message).",
            "A replayed old message (attack class E).",
        ],
        fixes: &[
            "Synchronise both clocks with NTP.",
            "For a saved message, verify at its time: `soapsec verify --at TIME`; for slow \
             transports, lengthen the sender's TTL or the receiver's `--skew` \
             (`InboundOptions::skew_seconds`).",
        ],
        attack_class: Some('E'),
        messages: &["the message expired at {} (now {}, allowed skew {} s)"],
        ..BASE
    },
    Explanation {
        code: "pipeline/TimestampInFuture",
        title: "the message was created in the future",
        meaning: "The Timestamp's Created, minus the allowed skew, is after the receiver's time.",
        causes: &[
            "The sender's clock is ahead of the receiver's by more than the skew.",
            "A sender writing local time with a `Z`, a time-zone offset away from UTC.",
        ],
        fixes: &["Synchronise the clocks (NTP); check that the sender writes UTC."],
        attack_class: Some('E'),
        messages: &["the message was created at {}, in the future (now {}, allowed skew {} s)"],
        ..BASE
    },
    Explanation {
        code: "pipeline/TimestampTooOld",
        title: "the message is older than the receiver accepts",
        meaning: "The Timestamp's Created is more than `max_message_age_seconds` (300 s by \
            default) plus the skew in the past. The receiver holds every message to that age \
            whatever its Expires says, as WCF does with its replay window, so that a captured \
            message cannot be replayed for long and the replay cache need not remember it for long.",
        causes: &[
            "A sender that writes a long-lived Timestamp (an Expires hours or days ahead) and \
             sends the same secured message repeatedly, or queues it.",
            "The sender's clock is behind the receiver's by more than the skew.",
            "A replayed old message (attack class E).",
        ],
        fixes: &[
            "Protect each message when it is sent; synchronise the clocks (NTP).",
            "For slow transports (queues), raise `InboundOptions::max_message_age_seconds` (at \
             most one day); for a saved message, `soapsec verify --at TIME` or `--max-age`.",
        ],
        attack_class: Some('E'),
        messages: &[
            "the message was created at {}, more than {} s ago (now {}, allowed skew {} s)",
        ],
        ..BASE
    },
    Explanation {
        code: "pipeline/InvalidOptions",
        title: "the receiver's inbound options cannot be used",
        meaning: "An `InboundOptions` value is outside its documented range, or contradicts the \
            binding; the message was not looked at.",
        causes: &[
            "`skew_seconds` negative or above one hour; `max_message_age_seconds` below 1 s or \
             above one day.",
            "Replay detection left on for a binding that sends no Timestamp \
             (`includeTimestamp=\"false\"`): replays cannot be detected without one.",
        ],
        fixes: &[
            "Keep the clock settings within range and fix clock drift with NTP.",
            "Use a binding with a Timestamp; or, knowing that captured messages can then be \
             replayed, set `InboundOptions::replay` to `ReplayDetection::DangerouslyOff`.",
        ],
        messages: &["inbound option {}: {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/Replay",
        title: "the message was already accepted once",
        meaning: "A message with this exact signature was accepted before, within its timestamp \
            window. The copy is refused.",
        causes: &[
            "A retry that re-sends the same secured bytes (an HTTP client, a proxy or a load \
             balancer retrying) instead of protecting the message again.",
            "A replay attack (attack class E).",
            "Two receivers sharing one replay cache both verifying the same message.",
        ],
        fixes: &[
            "Re-protect a message for every send attempt (fresh Timestamp and signature); make \
             operations idempotent at the application level if retries are needed.",
        ],
        attack_class: Some('E'),
        messages: &["replayed message: this signature was already accepted"],
        ..BASE
    },
    Explanation {
        code: "pipeline/ReplayCacheFull",
        title: "the replay cache is full",
        meaning: "The replay cache holds its maximum of unexpired entries (10 000 by default), so \
            new messages are refused rather than an entry evicted (which would reopen replays).",
        causes: &[
            "More traffic within one timestamp window (TTL plus skew) than the cache holds.",
            "A flood of validly signed messages (a misbehaving client).",
        ],
        fixes: &[
            "Size the cache for the peak rate times the window, or shorten the sender's TTL and \
             the skew; plug in a shared `ReplayCache` for a farm.",
        ],
        attack_class: Some('E'),
        messages: &["the replay cache is full ({} unexpired entries); message refused"],
        ..BASE
    },
    Explanation {
        code: "pipeline/BudgetExceeded",
        title: "the message needs more work than the budget allows",
        meaning: "Each message is limited (`budget::Budget`): 32 children of the Security header, \
            4 token lookups, 4 SecurityTokenReference dereferences and 16 decryptions (key \
            unwraps plus EncryptedData) by default. The message names the budget, the count \
            reached and the limit; the work was refused before it was done (the decryptions \
            are counted before the key is unwrapped).",
        causes: &[
            "A denial-of-service attempt: a flood of tokens or EncryptedKeys in the Security \
             header, or thousands of EncryptedData listed in a ReferenceList.",
            "A legitimate message that encrypts very many headers or carries many tokens.",
        ],
        fixes: &[
            "If legitimate, raise the one budget named (`InboundOptions::budget`).",
            "`pipeline::verify_metered` reports the work a message costs, counter by counter.",
        ],
        attack_class: Some('M'),
        messages: &["message budget {} exceeded: {} {} (limit {})"],
        ..BASE
    },
    // ---- actions and dispatch ------------------------------------------------------------------
    Explanation {
        code: "pipeline/ActionMismatch",
        title: "wsa:Action and the SOAPAction differ",
        meaning: "The signed `wsa:Action` decides which requirements apply; the transport's \
            SOAPAction must then agree with it, or the message could be dispatched by one and \
            checked by the other.",
        causes: &[
            "A SOAPAction spoofing attempt: the HTTP header names a privileged operation \
             (attack class N).",
            "A client or proxy that sets the HTTP SOAPAction (or the SOAP 1.2 `action` \
             parameter of Content-Type) to another value than `wsa:Action`.",
            "A wrong `--soap-action` given to `soapsec verify`.",
        ],
        fixes: &[
            "Make the transport action equal to `wsa:Action`, or do not pass a SOAPAction when WS-Addressing is used.",
        ],
        attack_class: Some('N'),
        messages: &["wsa:Action '{}' does not match the SOAPAction '{}'"],
        ..BASE
    },
    Explanation {
        code: "pipeline/BodyActionMismatch",
        title: "the Body holds another operation's message than the action names",
        meaning: "The action picks the protection requirements, so the Body must carry that \
            operation's message; it carries the wrapper of another operation of the contract.",
        causes: &[
            "A spoofing attempt: a weakly protected operation's action with a privileged \
             operation's Body (attack class N).",
            "A contract file whose `action` attributes do not match the real service, or a \
             client with two operations' actions swapped.",
        ],
        fixes: &["Check the operations' actions in the contract against the service's WSDL."],
        attack_class: Some('N'),
        messages: &[
            "the action '{}' names operation '{}', but the Body holds '{}', the {} of another \
             operation",
        ],
        ..BASE
    },
    // ---- configuration -------------------------------------------------------------------------
    Explanation {
        code: "pipeline/SoapVersionMismatch",
        title: "the envelope's SOAP version is not the binding's",
        meaning: "basicHttp bindings use SOAP 1.1; wsHttp, netTcp and custom bindings SOAP 1.2 by \
            default.",
        causes: &[
            "The wrong `--binding` for the message (a SOAP 1.1 message verified as `wsHttp`).",
            "A custom binding whose `messageVersion` differs from the peer's.",
        ],
        fixes: &["Use the binding the peer really uses; `messageVersion` on a custom binding."],
        messages: &["the envelope is {}, the binding uses {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/UnsupportedBinding",
        title: "the binding has no message security",
        meaning: "The pipeline implements message security. With no security or transport \
            security (including TransportWithMessageCredential), contract levels never reach \
            the message layer: the transport protects everything.",
        causes: &[
            "`--binding basicHttp`, `basicHttp:Transport`, `basicHttps`, \
             `basicHttp:TransportWithMessageCredential`, `wsHttp:Transport`, `netTcp`.",
        ],
        fixes: &[
            "Use a message-security binding: `basicHttp:Message`, `wsHttp`, `netTcp:Message`, or \
             a custom binding with `security=\"Message\"`.",
        ],
        messages: &["binding {} is not supported by the pipeline: {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/UnsupportedSuite",
        title: "an algorithm suite that cannot be used as asked",
        meaning: "`Algorithms::from_suite` maps a WCF suite exactly and refuses what it would need \
            but is not allowed: `Rsa15` key transport (never), TripleDes (not implemented), \
            AES-CBC or SHA-1 without the legacy switch.",
        causes: &[
            "A WCF binding on its default `Basic256` (rsa-sha1, aes256-cbc) used with the \
             suite's exact algorithms without the legacy switches.",
            "A `*Rsa15` or `TripleDes*` suite configured on the binding.",
        ],
        fixes: &[
            LEGACY_FIX_SUITE,
            "Rsa15 and TripleDes suites: change the peer's suite (`Basic256Sha256`).",
        ],
        attack_class: Some('I'),
        messages: &["algorithm suite {} cannot be used: {}"],
        ..BASE
    },
    Explanation {
        code: "pipeline/Internal",
        title: "an internal invariant did not hold",
        meaning: "soapsec found itself in a state that should be impossible; it reports an error \
            rather than panicking. This is a bug.",
        causes: &["A bug in soapsec."],
        fixes: &["Please report it with the message text and, if possible, the input message."],
        messages: &["internal error: {}"],
        ..BASE
    },
    // ---- what the peer sees --------------------------------------------------------------------
    Explanation {
        code: "fault/InvalidSecurity",
        title: "the peer refused the message (generic security fault)",
        meaning: "The fault a WCF or soapsec receiver sends for any security failure: code Sender \
            (SOAP 1.1 `Client`), subcode `wsse:InvalidSecurity`. The real reason is never sent \
            to the peer; it is only in the receiver's log.",
        causes: &[
            "The contracts differ (the most common case): a part required signed or encrypted \
             that the sender does not protect, or encryption the receiver does not expect.",
            "The clocks differ by more than five minutes (timestamp expired or in the future).",
            "The receiver does not trust the sender's certificate, or the sender encrypted to an \
             old certificate of the receiver's.",
            "The two sides use different algorithm suites or protection orders.",
        ],
        fixes: &[
            CHECK_FIX,
            "Find the reason in the receiver's log: soapsec logs it through `tracing` (\"message \
             security verification failed\"); WCF in its security audit \
             (`serviceSecurityAudit messageAuthenticationAuditLevel=\"Failure\"`) and \
             System.ServiceModel tracing. Then run `soapsec explain` on that text.",
            "Reproduce locally: verify the message with `soapsec verify` and the receiver's \
             contract, binding and trust.",
        ],
        wcf: Some("InvalidSecurityFaultReason"),
        messages: &["An error occurred when verifying security for the message."],
        aliases: &["InvalidSecurity"],
        ..BASE
    },
];

/// The legacy advice for [`Algorithms::from_suite`](crate::pipeline::Algorithms::from_suite).
const LEGACY_FIX_SUITE: &str = "WCF suites are all AES-CBC, and `Basic256`/`Basic128` also use \
    SHA-1: opt in explicitly with `Algorithms::from_suite(suite, \
    Legacy::wcf_basic_suites_for_legacy_use_only())` (`--legacy-wcf-basic256` on the command \
    line); prefer the peer on a `*Sha256` suite, which needs only the AES-CBC switch.";

//! The XML core, canonicalization and the SOAP envelope.

use super::{BASE, Explanation};

pub(super) static ENTRIES: &[Explanation] = &[
    // ---- xml -----------------------------------------------------------------------------------
    Explanation {
        code: "xml/LimitExceeded",
        title: "the input exceeds a parser limit",
        meaning: "The one bounded parse stops as soon as a limit of `xml::Limits` is exceeded \
            (input size, nesting depth, element count, attributes or namespace declarations per \
            element, name or text length). The message names the `Limits` field.",
        causes: &[
            "A legitimately large message: a big base64 attachment in the Body (text limit \
             16 MiB, input 32 MiB by default).",
            "Deeply nested or very wide generated XML (depth 128, 64 attributes per element).",
            "A denial-of-service attempt: thousands of attributes or namespace declarations, \
             100 000-deep nesting, an enormous CipherValue.",
        ],
        fixes: &[
            "If the peer is trusted and the message is expected, raise the one field the message \
             names in `ParseOptions::limits` (or `--max-bytes` for `soapsec protect`/`verify`).",
            "Otherwise the refusal is the defence working: keep the limits.",
        ],
        attack_class: Some('L'),
        messages: &["{}: {} exceeds the limit of {}"],
        ..BASE
    },
    Explanation {
        code: "xml/DoctypeForbidden",
        title: "the document has a DOCTYPE declaration",
        meaning: "soapsec never processes DTDs: any `<!DOCTYPE …>` is refused, so there are no \
            entities beyond the five predefined ones and nothing is fetched. SOAP 1.2 and WS-I \
            Basic Profile forbid DTDs in envelopes anyway.",
        causes: &[
            "An attack: billion laughs (entity expansion) or XXE (`SYSTEM \"file:///etc/passwd\"`, \
             server-side request forgery).",
            "A test message written by hand or by a generic XML tool that adds a DOCTYPE.",
        ],
        fixes: &[
            "Remove the DOCTYPE from the sender's messages; no SOAP stack needs one.",
            "Do not look for a switch to allow it: there is none, by design.",
        ],
        attack_class: Some('L'),
        messages: &["{}: DOCTYPE is not allowed (no DTD processing, no custom entities)"],
        ..BASE
    },
    Explanation {
        code: "xml/InvalidUtf8",
        title: "the input is not valid UTF-8",
        meaning: "soapsec reads UTF-8 only; the byte at the position given does not start or \
            continue a valid UTF-8 sequence.",
        causes: &[
            "The sender wrote the message in UTF-16 or a legacy code page (Windows-1252, \
             ISO-8859-1) without declaring it, or a proxy re-encoded it.",
            "A binary file or a compressed body (`Content-Encoding: gzip` not undone) was passed \
             as the message.",
        ],
        fixes: &[
            "Make the sender use UTF-8 (WCF's text encoder does by default); decompress the HTTP \
             body before verifying.",
            "Convert a saved message with `iconv -t UTF-8`.",
        ],
        messages: &["{}: input is not valid UTF-8"],
        ..BASE
    },
    Explanation {
        code: "xml/UnsupportedEncoding",
        title: "the XML declaration names an encoding other than UTF-8",
        meaning: "The `<?xml … encoding=\"…\"?>` declaration names an encoding soapsec does not \
            read. Only UTF-8 is accepted.",
        causes: &[
            "The sender declares `utf-16` (WCF's `MessageVersion` with a UTF-16 text encoder) or \
             a legacy code page.",
        ],
        fixes: &[
            "Configure the sender's encoder for UTF-8 (WCF: `textMessageEncoding \
             writeEncoding=\"utf-8\"`), or transcode the bytes and fix the declaration before \
             verifying (before, never after: a signature covers the content, not the encoding).",
        ],
        messages: &["{}: unsupported encoding '{}' (only UTF-8 is accepted)"],
        ..BASE
    },
    Explanation {
        code: "xml/Syntax",
        title: "the input is not well-formed XML",
        meaning: "A rule of XML 1.0 is broken at the position given; the message says which.",
        causes: &[
            "A truncated message (a body read with a wrong Content-Length, a log line cut off).",
            "Unescaped `&` or `<` in text, an attribute without quotes, a stray character before \
             the XML declaration (a byte-order mark is fine; other bytes are not).",
            "A message assembled by string concatenation in the sender.",
        ],
        fixes: &[
            "Look at the bytes around the position; compare the length with what was sent.",
            "Build messages with an XML writer, never by concatenation.",
        ],
        messages: &["{}: malformed XML: {}"],
        ..BASE
    },
    Explanation {
        code: "xml/MismatchedEndTag",
        title: "an end tag does not match the open element",
        meaning: "The end tag at the position given closes an element other than the one that is \
            open.",
        causes: &[
            "A hand-edited or concatenated message; a truncated element in the middle.",
            "A prefix changed in the end tag only (`<s:Body>…</soap:Body>`).",
        ],
        fixes: &["Fix the sender; prefixes in start and end tags must be identical."],
        messages: &["{}: end tag </{}> does not match the open element <{}>"],
        ..BASE
    },
    Explanation {
        code: "xml/UnclosedElement",
        title: "the input ended while elements were still open",
        meaning: "The document ended before the element whose start tag is at the position given \
            was closed.",
        causes: &[
            "A truncated message: a body read short, a size limit in a proxy, a log that cut it.",
        ],
        fixes: &["Capture the message again, in full, from the wire."],
        messages: &["{}: element <{}> is never closed"],
        ..BASE
    },
    Explanation {
        code: "xml/UndeclaredPrefix",
        title: "a namespace prefix is used without a declaration",
        meaning: "An element or attribute uses a prefix that no `xmlns:prefix` in scope declares, \
            so its namespace is unknown.",
        causes: &[
            "An element cut out of a larger document (a saved `wsse:Security` header alone, a \
             Body copied without the Envelope's declarations).",
            "A sender that relies on declarations it forgot to write.",
        ],
        fixes: &["Keep the declarations: save and send whole envelopes."],
        messages: &["{}: namespace prefix '{}' is not declared"],
        ..BASE
    },
    Explanation {
        code: "xml/InvalidNamespaceDeclaration",
        title: "a namespace declaration breaks the Namespaces in XML rules",
        meaning: "A declaration binds the reserved `xml` or `xmlns` prefixes wrongly, binds their \
            namespaces to another prefix, or undeclares a prefix (`xmlns:p=\"\"`, not allowed in \
            XML 1.0).",
        causes: &["A buggy generator, or a message crafted to confuse namespace handling."],
        fixes: &["Fix the sender's namespace handling."],
        attack_class: Some('C'),
        messages: &["{}: invalid namespace declaration: {}"],
        ..BASE
    },
    Explanation {
        code: "xml/DuplicateAttribute",
        title: "the same attribute appears twice on one element",
        meaning: "Two attributes on one element have the same qualified name, or the same \
            namespace and local name under different prefixes.",
        causes: &[
            "A generator that adds an attribute without checking whether it exists (a second \
             `wsu:Id`).",
            "Attribute pollution: a crafted message hoping two parsers pick different values.",
        ],
        fixes: &["Fix the sender so it writes each attribute once."],
        attack_class: Some('C'),
        messages: &["{}: duplicate attribute '{}'"],
        ..BASE
    },
    Explanation {
        code: "xml/DuplicateId",
        title: "two ID attributes carry the same value",
        meaning: "Two elements have the same ID (`wsu:Id`, `xml:id`, or `Id`/`ID` on signature \
            and encryption elements). The whole message is refused: a signature reference and \
            the application could pick different elements.",
        causes: &[
            "A signature-wrapping attack: the signed element is copied elsewhere with the same \
             `wsu:Id` and the copy is altered.",
            "A sender that numbers IDs per part instead of per message (`id-1` on both the \
             Timestamp and the Body), or one message built from two signed fragments.",
        ],
        fixes: &[
            "If the sender is yours, make every ID unique in the message (WCF uses `_0`, `_1`, …; \
             soapsec `TS-1`, `Body-2`, …).",
            "Otherwise, treat the message as hostile; do not try to accept it.",
        ],
        attack_class: Some('D'),
        messages: &["{}: duplicate ID '{}' (first defined at {})"],
        ..BASE
    },
    Explanation {
        code: "xml/InvalidReference",
        title: "an entity reference other than the five predefined ones",
        meaning: "Only `&lt;` `&gt;` `&amp;` `&apos;` `&quot;` and character references (`&#233;`) \
            exist without a DTD, and soapsec has no DTD. Any other `&name;`, or a bad character \
            reference, is refused.",
        causes: &[
            "HTML entities in text (`&nbsp;`, `&eacute;`) written by a sender that builds XML from \
             HTML.",
            "An `&` that should have been escaped (`a&b` in a URL query string).",
            "Part of an entity-expansion attack whose DOCTYPE was removed.",
        ],
        fixes: &[
            "Use character references (`&#160;`) or the characters themselves; escape `&` as `&amp;`.",
        ],
        attack_class: Some('L'),
        messages: &[
            "{}: invalid reference '&{};' (only &lt; &gt; &amp; &apos; &quot; and character \
             references are allowed)",
        ],
        ..BASE
    },
    Explanation {
        code: "xml/InvalidCharacter",
        title: "a character that XML 1.0 does not allow",
        meaning: "The code point given (such as a control character U+0000–U+001F other than tab, \
            line feed and carriage return) cannot appear in XML 1.0, not even as a character \
            reference.",
        causes: &[
            "Binary data or a database value with control characters written into text without \
             base64.",
        ],
        fixes: &["Strip the characters in the sender, or carry the data as base64."],
        messages: &["{}: character U+{} is not allowed in XML"],
        ..BASE
    },
    Explanation {
        code: "xml/TextOutsideRoot",
        title: "text before or after the document element",
        meaning: "Only whitespace, comments and processing instructions may surround the document \
            element; here there is other text.",
        causes: &[
            "HTTP framing or multipart (MTOM) boundaries left around the envelope.",
            "Two messages, or a message plus a log line, in one file.",
        ],
        fixes: &["Pass the envelope's bytes alone (for MTOM, the root part)."],
        messages: &["{}: text is not allowed outside the document element"],
        ..BASE
    },
    Explanation {
        code: "xml/MultipleRoots",
        title: "a second document element",
        meaning: "A document has exactly one top-level element; a second one starts at the \
            position given.",
        causes: &["Two envelopes concatenated in one file or one read buffer."],
        fixes: &["Split the input; process one envelope at a time."],
        messages: &["{}: a second document element is not allowed"],
        ..BASE
    },
    Explanation {
        code: "xml/NoRootElement",
        title: "the input has no element",
        meaning: "The input is empty or holds only whitespace, comments or an XML declaration.",
        causes: &[
            "An empty HTTP body (a one-way reply, a 202 Accepted) passed to the verifier.",
            "A wrong file name or an empty standard input.",
        ],
        fixes: &["Check what was read; an empty reply is not a message to verify."],
        messages: &["{}: the document has no element"],
        ..BASE
    },
    Explanation {
        code: "xml/InvalidEdit",
        title: "an edit could not be applied to the document",
        meaning: "A programmatic edit (`Edits`, `Document::apply`) targets a node that does not \
            exist, overlaps another edit, or is not allowed at that place. This is a bug in the \
            caller or in soapsec, never something a peer can cause.",
        causes: &["Two edits on overlapping spans, or an edit on a node id from another document."],
        fixes: &[
            "Build edits against the document they are applied to, one per node; if soapsec's \
             own pipeline raised it, please report it with the message.",
        ],
        messages: &["invalid edit: {}"],
        ..BASE
    },
    Explanation {
        code: "xml/InvalidEditMarkup",
        title: "markup supplied to an edit is not well-formed",
        meaning: "The XML fragment given to an edit does not parse in its context; the inner \
            error and its position within the fragment follow the text.",
        causes: &[
            "A fragment built by string formatting with an unescaped value or a prefix not \
             declared at the insertion point.",
        ],
        fixes: &[
            "Escape values (`soapsec::xml` has escaping helpers) and declare prefixes in the fragment.",
        ],
        messages: &["edit markup, {} within the fragment: {}"],
        ..BASE
    },
    // ---- c14n ----------------------------------------------------------------------------------
    Explanation {
        code: "c14n/UnsupportedAlgorithm",
        title: "a canonicalization algorithm soapsec does not implement",
        meaning: "The URI is not Canonical XML 1.0/1.1 or Exclusive C14N (with or without \
            comments).",
        causes: &[
            "A typo or an unofficial URI in a signature or on the command line.",
            "A peer using a rare algorithm (such as Canonical XML 2.0).",
        ],
        fixes: &["Use `http://www.w3.org/2001/10/xml-exc-c14n#` (what WCF and WS-Security use)."],
        messages: &["unsupported canonicalization algorithm '{}'"],
        ..BASE
    },
    Explanation {
        code: "c14n/NotAnElement",
        title: "the node to canonicalize is not an element of this document",
        meaning: "A node id passed to canonicalization does not name an element of the document \
            (a programming error of the caller).",
        causes: &["A node id taken from another document, or from before an edit."],
        fixes: &["Look the element up again in the document you canonicalize."],
        messages: &["node {} is not an element of this document"],
        ..BASE
    },
    Explanation {
        code: "c14n/RelativeNamespaceUri",
        title: "a relative namespace URI cannot be canonicalized",
        meaning: "Canonical XML must fail on relative namespace URIs such as `xmlns:p=\"foo\"` \
            (C14N 1.0 §2.1): their meaning depends on the base URI, which the signature does not \
            cover.",
        causes: &["A sender using a bare word or a relative path as a namespace name."],
        fixes: &[
            "Use an absolute URI (`urn:example:foo`, `http://example.com/foo`) as the namespace.",
        ],
        messages: &["{}: relative namespace URI '{}' cannot be canonicalized"],
        ..BASE
    },
    Explanation {
        code: "c14n/XmlBaseFixupUnsupported",
        title: "C14N 1.1 of a subtree under `xml:base` is not supported",
        meaning: "Canonical XML 1.1 of a subtree whose ancestors carry `xml:base` needs URI \
            fix-up, which soapsec does not implement.",
        causes: &["A document using `xml:base` signed with C14N 1.1 (rare in SOAP)."],
        fixes: &["Sign with Exclusive C14N, which ignores inherited `xml:*` attributes."],
        messages: &["C14N 1.1 xml:base fix-up for a subtree is not supported"],
        ..BASE
    },
    // ---- envelope ------------------------------------------------------------------------------
    Explanation {
        code: "envelope/NotAnEnvelope",
        title: "the document element is not a SOAP Envelope",
        meaning: "The input is XML but its root is not `Envelope`.",
        causes: &[
            "The Body's content, a WSDL, or an HTML error page (from a proxy or a 404) was passed \
             instead of the envelope.",
            "A REST/JSON endpoint answered instead of the SOAP one.",
        ],
        fixes: &["Check the endpoint address and what was captured; pass the whole envelope."],
        messages: &["{}: the document element is {}, not a SOAP Envelope"],
        ..BASE
    },
    Explanation {
        code: "envelope/VersionMismatch",
        title: "the Envelope is in neither the SOAP 1.1 nor the SOAP 1.2 namespace",
        meaning: "The root is `Envelope` but its namespace is not SOAP's; SOAP reports this with a \
            VersionMismatch fault.",
        causes: &["A misspelt or made-up envelope namespace, or none at all."],
        fixes: &[
            "Use `http://schemas.xmlsoap.org/soap/envelope/` (SOAP 1.1, basicHttp) or \
             `http://www.w3.org/2003/05/soap-envelope` (SOAP 1.2, wsHttp, netTcp).",
        ],
        messages: &[
            "{}: VersionMismatch: Envelope in namespace '{}' is neither SOAP 1.1 ('{}') nor SOAP 1.2 ('{}')",
        ],
        ..BASE
    },
    Explanation {
        code: "envelope/UnexpectedElement",
        title: "an element the SOAP structure does not allow at this place",
        meaning: "SOAP fixes what may appear where: only Header and Body in the Envelope, and \
            fixed children in a Fault. The message says what is allowed.",
        causes: &[
            "A Header or Body in another namespace than the Envelope's (a SOAP 1.1 Body in a \
             SOAP 1.2 Envelope).",
            "An extra wrapper element in the Envelope, or a SOAP 1.1 fault child in a SOAP 1.2 \
             Fault.",
        ],
        fixes: &["Fix the sender's envelope; Header and Body use the Envelope's own namespace."],
        messages: &["{}: unexpected element {} in {}: expected {}"],
        ..BASE
    },
    Explanation {
        code: "envelope/DuplicateHeader",
        title: "a second Header element",
        meaning: "An Envelope has at most one Header. A second one is refused, as a signed \
            element could hide in either.",
        causes: &[
            "A wrapping attack that adds a Header to carry a moved signed element.",
            "A sender that adds a Header instead of adding to the existing one.",
        ],
        fixes: &["Put every header block in the one Header."],
        attack_class: Some('A'),
        messages: &["{}: a second Header (the first is at {}): an Envelope has at most one Header"],
        ..BASE
    },
    Explanation {
        code: "envelope/DuplicateBody",
        title: "a second Body element",
        meaning: "An Envelope has exactly one Body. Two bodies are the classic signature-wrapping \
            shape: one signed, one the application would read.",
        causes: &["A signature-wrapping attack (the signed Body kept, a new one added)."],
        fixes: &["Treat the message as hostile."],
        attack_class: Some('A'),
        messages: &["{}: a second Body (the first is at {}): an Envelope has exactly one Body"],
        ..BASE
    },
    Explanation {
        code: "envelope/HeaderAfterBody",
        title: "a Header after the Body",
        meaning: "The Header must be the first child element of the Envelope.",
        causes: &["A generator that appends the Header at the end, or a wrapping attempt."],
        fixes: &["Write the Header before the Body."],
        attack_class: Some('A'),
        messages: &[
            "{}: Header after Body: the Header must be the first child element of Envelope",
        ],
        ..BASE
    },
    Explanation {
        code: "envelope/ElementAfterBody",
        title: "an element after the Body",
        meaning: "Nothing may follow the Body. SOAP 1.2 forbids it; SOAP 1.1 allows qualified \
            trailers, but soapsec refuses them too, as a place to hide a moved signed element.",
        causes: &[
            "A wrapping attack that parks the original signed Body after the new one.",
            "A SOAP 1.1 sender using trailer elements (very rare).",
        ],
        fixes: &["Move the data into a header block."],
        attack_class: Some('A'),
        messages: &["{}: element {} after Body: nothing may follow the Body"],
        ..BASE
    },
    Explanation {
        code: "envelope/MissingBody",
        title: "the Envelope has no Body",
        meaning: "Every SOAP Envelope has exactly one Body, even when it is empty.",
        causes: &["A truncated or hand-built message."],
        fixes: &["Add `<s:Body/>`."],
        messages: &["{}: the Envelope has no Body (exactly one is required)"],
        ..BASE
    },
    Explanation {
        code: "envelope/TextNotAllowed",
        title: "character data directly inside Envelope, Header, Body or Fault",
        meaning: "These elements hold only elements (and whitespace). Text directly inside them \
            is refused.",
        causes: &[
            "A Body whose content is plain text instead of an element, or stray characters from string building.",
        ],
        fixes: &["Wrap the content in an element."],
        messages: &["{}: character data is not allowed directly inside {}"],
        ..BASE
    },
    Explanation {
        code: "envelope/ProcessingInstruction",
        title: "a processing instruction inside a SOAP message",
        meaning: "SOAP messages must not contain processing instructions (SOAP 1.1 §3, SOAP 1.2 \
            part 1 §5).",
        causes: &[
            "An `<?xml-stylesheet?>` or tool-specific PI left in by a generator.",
            "A probe of how the verifier treats PIs inside signed content (comment and PI tricks, \
             attack class G).",
        ],
        fixes: &["Remove the processing instruction in the sender."],
        attack_class: Some('G'),
        messages: &["{}: processing instruction <?{} ...?> is not allowed in a SOAP message"],
        ..BASE
    },
    Explanation {
        code: "envelope/UnqualifiedHeaderBlock",
        title: "a header block without a namespace",
        meaning: "Every header block must be namespace-qualified (SOAP 1.1 §4.2, SOAP 1.2 §5.2.1).",
        causes: &["A hand-built header like `<SessionId>…</SessionId>` with no `xmlns`."],
        fixes: &["Give the header a namespace, the one the contract declares for it."],
        messages: &["{}: header block <{}> must be namespace-qualified"],
        ..BASE
    },
    Explanation {
        code: "envelope/InvalidBoolean",
        title: "a `mustUnderstand` or `relay` value the SOAP version does not allow",
        meaning: "SOAP 1.1 allows `0`/`1`; SOAP 1.2 also `true`/`false`. Anything else is refused.",
        causes: &[
            "`mustUnderstand=\"true\"` in a SOAP 1.1 message, often from a SOAP 1.2 template.",
        ],
        fixes: &["Use `1`/`0` in SOAP 1.1."],
        messages: &["{}: {}=\"{}\" is invalid: {} allows {}"],
        ..BASE
    },
    Explanation {
        code: "envelope/DuplicateHeaderBlock",
        title: "a header block that may appear once appears twice",
        meaning: "Two header blocks with the same name where at most one may be present; a \
            second copy is how a wrapped or unsigned duplicate would slip past.",
        causes: &[
            "A sender (or intermediary) that adds its header again instead of replacing it.",
            "A wrapping attempt with a forged copy next to the signed one.",
        ],
        fixes: &["Send each such header block once."],
        attack_class: Some('B'),
        messages: &["{}: a second header block {} (the first is at {})"],
        ..BASE
    },
    Explanation {
        code: "envelope/FaultNotAlone",
        title: "a Fault together with other elements in the Body",
        meaning: "When the Body holds a Fault, the Fault must be its only child element.",
        causes: &["A service that writes a fault after starting the normal reply."],
        fixes: &["Fix the sender so a fault replaces the whole Body content."],
        messages: &["{}: a Fault must be the only child element of the Body"],
        ..BASE
    },
    Explanation {
        code: "envelope/InvalidFault",
        title: "a Fault that does not follow its SOAP version's rules",
        meaning: "A required fault child is missing or malformed: `faultcode`/`faultstring` in \
            SOAP 1.1; `Code`/`Value`, `Reason`/`Text xml:lang` in SOAP 1.2.",
        causes: &["A hand-written fault, or a SOAP 1.1 fault shape sent in a SOAP 1.2 envelope."],
        fixes: &["Fix the sender's fault; the message names the rule."],
        messages: &["{}: invalid {} Fault: {}"],
        ..BASE
    },
    Explanation {
        code: "envelope/InvalidQName",
        title: "a fault code whose text is not a QName",
        meaning: "Fault codes are QNames (`prefix:local`); the text found is not one.",
        causes: &["A fault code written as free text (`Server Error`)."],
        fixes: &["Use a QName such as `s:Server` (SOAP 1.1) or `s:Receiver` (SOAP 1.2)."],
        messages: &["{}: '{}' is not a valid QName"],
        ..BASE
    },
    Explanation {
        code: "envelope/UnresolvedPrefix",
        title: "the prefix of a QName in text is not declared",
        meaning: "A fault code uses a prefix that no namespace declaration in scope binds.",
        causes: &["`<faultcode>wsse:InvalidSecurity</faultcode>` without `xmlns:wsse` in scope."],
        fixes: &["Declare the prefix on the fault code element or an ancestor."],
        attack_class: Some('C'),
        messages: &["{}: prefix '{}' of QName '{}' is not declared in scope"],
        ..BASE
    },
    Explanation {
        code: "envelope/MixedAddressingVersions",
        title: "WS-Addressing headers of two versions in one message",
        meaning: "All WS-Addressing header blocks must be in one namespace (1.0 or 2004/08). A \
            message mixing them is refused: a receiver could act on the unsigned one.",
        causes: &[
            "An intermediary adding headers of another version.",
            "A spoofing attempt: a signed `wsa:Action` of one version and an unsigned one of the \
             other.",
        ],
        fixes: &["Use one WS-Addressing version throughout (WCF's wsHttp: 1.0)."],
        attack_class: Some('N'),
        messages: &["{}: WS-Addressing header in '{}' mixed with headers in '{}'"],
        ..BASE
    },
    Explanation {
        code: "envelope/DuplicateAddressingHeader",
        title: "a WS-Addressing header that may appear once appears again",
        meaning: "`wsa:Action`, `wsa:To`, `wsa:MessageID`, `wsa:ReplyTo`, `wsa:FaultTo`, \
            `wsa:From` may appear once; a second copy is refused.",
        causes: &[
            "A spoofing attempt: an unsigned second `wsa:Action` naming a privileged operation.",
            "An intermediary adding its own `wsa:To`.",
        ],
        fixes: &["Send each WS-Addressing header once."],
        attack_class: Some('N'),
        messages: &["{}: a second wsa:{} header (the first is at {})"],
        ..BASE
    },
    Explanation {
        code: "envelope/InvalidAddressingHeader",
        title: "a WS-Addressing header with invalid content",
        meaning: "A WS-Addressing header's value breaks its rule (empty, or child elements where \
            text is required, or text where an endpoint reference is required).",
        causes: &["An empty `<wsa:Action/>`, or a `wsa:ReplyTo` written as a plain URL."],
        fixes: &["Fix the sender; the message names the rule."],
        messages: &["{}: invalid wsa:{} header: {}"],
        ..BASE
    },
];

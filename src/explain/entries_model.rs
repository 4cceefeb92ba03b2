//! The model layer: contract files and contracts, open-time validation, bindings, levels, and
//! the compatibility findings that are not run-time errors.

use super::{BASE, Explanation};

pub(super) static ENTRIES: &[Explanation] = &[
    // ---- contract files ------------------------------------------------------------------------
    Explanation {
        code: "contract/Xml",
        title: "the contract file is not well-formed XML",
        meaning: "The contract file could not be read as XML at the line:column given. Nothing \
            in it was used.",
        causes: &[
            "A hand edit left a tag unclosed or mistyped an end tag (`<operation …>` closed by \
             `</operations>`).",
            "An `&` or `<` inside an attribute value, typically in an `action` URL with a query \
             string, is not escaped.",
            "The file is not a contract file at all (a WSDL, an app.config, JSON), or it was \
             saved in an encoding other than UTF-8.",
        ],
        fixes: &[
            "Go to the line:column in the message; escape `&` as `&amp;` and `<` as `&lt;` in \
             attribute values.",
            "Check the file with any XML tool (`xmllint --noout FILE`).",
            "Start from a shipped example such as `contracts/purchase-order-client.xml`.",
        ],
        messages: &["{}: malformed XML: {}"],
        ..BASE
    },
    Explanation {
        code: "contract/Doctype",
        title: "the contract file has a DOCTYPE declaration",
        meaning: "Contract files are read without any DTD processing, so a `<!DOCTYPE …>` is \
            refused outright rather than half-honoured (no entities, no defaults).",
        causes: &[
            "The file was produced by a tool or copied from a sample that starts with a \
             `<!DOCTYPE …>` line.",
            "Someone used a custom entity (`&ns;`) to avoid repeating a namespace.",
        ],
        fixes: &[
            "Delete the `<!DOCTYPE …>` declaration.",
            "Write entity values out in full; only the five predefined entities and character \
             references are available.",
        ],
        attack_class: Some('L'),
        messages: &["{}: DOCTYPE is not allowed in contract files"],
        ..BASE
    },
    Explanation {
        code: "contract/Unexpected",
        title: "an element, attribute or text the contract-file format does not allow here",
        meaning: "The contract-file grammar is strict: every element and attribute must be one \
            the format defines at that place. The message names what was found and lists what \
            is allowed.",
        causes: &[
            "A misspelt attribute or element (`nam=`, `protectionlevel=` in the wrong case, \
             `<operations>`).",
            "An element in the wrong place: a `<fault>` inside `<input>`, a `<member>` directly \
             in `<operation>`, an `<output>` or `<fault>` in a one-way operation.",
            "Text content inside an element (only comments and whitespace are allowed).",
        ],
        fixes: &[
            "Use one of the names the message lists (they are case-sensitive).",
            "Compare with the table in the README's \"Contract files\" section or with \
             `contracts/every-scope.xml`, which uses every scope.",
        ],
        messages: &["{}: found {}, expected {}"],
        ..BASE
    },
    Explanation {
        code: "contract/MissingElement",
        title: "a required element of the contract file is missing",
        meaning: "The enclosing element ended before the element the format requires, such as \
            the one `<contract>` of a `<contractFile>`.",
        causes: &[
            "The file holds only a `<binding>`, or the `<contract>` was commented out.",
            "The root element is right but its content was lost in a merge.",
        ],
        fixes: &["Add the element the message names (see `contracts/purchase-order-service.xml`)."],
        messages: &["{}: expected a <{}> element"],
        ..BASE
    },
    Explanation {
        code: "contract/MissingAttribute",
        title: "a required attribute of the contract file is missing",
        meaning: "An element lacks an attribute the format requires, such as `name` on \
            `<contract>`, `<operation>`, `<header>`, `<member>` or `<fault>`, or `security` on a \
            `<binding>` without `preset`.",
        causes: &[
            "An `<operation/>` or `<header/>` written without its `name`.",
            "A custom `<binding>` that sets other attributes but neither `preset` nor `security`.",
        ],
        fixes: &[
            "Add the attribute the message names.",
            "For a binding, either name a preset (`<binding preset=\"wsHttp\"/>`) or give \
             `security=\"Message\"` (and optionally `securityElement`).",
        ],
        messages: &["{}: <{}> needs a '{}' attribute"],
        ..BASE
    },
    Explanation {
        code: "contract/InvalidValue",
        title: "an attribute of the contract file has a value outside its domain",
        meaning: "The attribute exists but its value is not one the format accepts; the message \
            lists the accepted values.",
        causes: &[
            "A protection level in the wrong case or not a WCF name: `sign`, `Encrypt`, \
             `EncryptOnly` (the only levels are `None`, `Sign`, `EncryptAndSign`).",
            "`isOneWay=\"yes\"` instead of `true`/`false`; a misspelt `algorithmSuite`, \
             `protectionOrder`, `headerLayout` or `securityVersion`.",
            "A binding `preset` that is not a preset name (`BasicHttpBinding` instead of \
             `basicHttp`, or the wrong case).",
        ],
        fixes: &[
            "Use one of the values the message lists, spelt exactly.",
            "Remember that leaving `protectionLevel` out means \"unset, inherit\", while `None` is \
             an explicit override.",
        ],
        messages: &["{}: '{}' is '{}', expected {}"],
        ..BASE
    },
    Explanation {
        code: "contract/Invalid",
        title: "the contract file is inconsistent",
        meaning: "Each element is valid on its own, but together they describe a contract WCF \
            would not accept, or a binding that cannot exist.",
        causes: &[
            "An operation, fault, header or member declared twice, or two operations with the \
             same request action (often an explicit `action` copied from another operation).",
            "A one-way operation with a `replyAction`, or a `<return>` given twice.",
            "A `<binding>` that combines `preset` with `security`/`securityElement`, or sets \
             `securityElement` without `security=\"Message\"`.",
        ],
        fixes: &[
            "Read the message: it names the duplicate or the conflicting attributes.",
            "Give every operation a unique name and request action; let actions default unless \
             the service really uses other ones.",
            "For a variant of a preset, keep `preset` and override other attributes (the mode \
             comes from the preset name: `basicHttp:Message`).",
        ],
        // The text is only the location and the reason; nothing fixed to match.
        messages: &[],
        ..BASE
    },
    Explanation {
        code: "contract/Limit",
        title: "the contract file exceeds a size, count or depth limit",
        meaning: "Contract files are bounded (elements, operations, parts per message, faults per \
            operation, attribute length) so that a hostile or broken file cannot exhaust \
            memory.",
        causes: &[
            "A generated contract with more operations or parts than the defaults allow (1 000 \
             operations, 500 parts per message, 100 faults per operation, 50 000 elements).",
            "A file that is not a contract (a large data file) passed by mistake.",
        ],
        fixes: &["Split the contract, or raise the limit with \
             `soapsec::contract::parse_contract_file_with_limits` in your own tool."],
        attack_class: Some('L'),
        messages: &["{}: too many {} (limit {})"],
        ..BASE
    },
    Explanation {
        code: "contract/TooLarge",
        title: "the contract file is larger than the size limit",
        meaning: "The file was refused before parsing because it is larger than the limit \
            (default 1 MiB).",
        causes: &[
            "The wrong file was passed (a log, a WSDL bundle, a binary).",
            "A generated contract for a very large service.",
        ],
        fixes: &["Check the path; raise `Limits::max_bytes` with \
             `parse_contract_file_with_limits` if the contract really is that large."],
        attack_class: Some('L'),
        messages: &["contract file is {} bytes, larger than the limit of {} bytes"],
        ..BASE
    },
    Explanation {
        code: "contract/Model",
        title: "a contract built through the API is inconsistent",
        meaning: "`Contract::check` (run before a contract is resolved or analysed) found a \
            contract WCF would refuse to load.",
        causes: &[
            "Two operations with the same name, or with the same request action.",
            "A one-way operation given a reply or faults, or a request/reply operation without \
             a reply message.",
            "An empty contract or operation name, or a fault declared twice on one operation.",
        ],
        fixes: &[
            "Build operations with `Contract::new_operation`, which gives the default actions, \
             and set `is_one_way` together with `output = None` and no faults.",
        ],
        messages: &["invalid contract: {}"],
        ..BASE
    },
    // ---- open-time validation ------------------------------------------------------------------
    Explanation {
        code: "contract/Validation",
        title: "the contract cannot be opened on this binding",
        meaning: "Open-time validation refused the contract on the binding. The three texts WCF \
            has for this have their own codes (`contract/RequestNotSupported`, \
            `contract/ResponseNotSupported`, `contract/UnknownHeaderProtected`); this code is \
            for any other text.",
        causes: &["A validation rule added after this catalogue was written."],
        fixes: &[
            "Run `soapsec contract resolve FILE --binding B` to see every validation issue with \
             the operation and part concerned.",
        ],
        messages: &[],
        ..BASE
    },
    Explanation {
        code: "contract/RequestNotSupported",
        title: "an operation's request needs more protection than the binding can give",
        meaning: "Some operation requires its request to be signed (or signed and encrypted), \
            but the binding's supported request level (WCF's ISecurityCapabilities) is lower. \
            WCF refuses to open the service host or the client channel factory with this text; \
            nothing is ever sent.",
        causes: &[
            "A contract or operation sets `ProtectionLevel` to Sign or EncryptAndSign while the \
             binding has no security: `basicHttp` (security None by default), `wsHttp:None`, \
             `netTcp:None`.",
            "A certificate-signature or custom binding whose supported request level is lower \
             than the contract asks (`requestLevel=\"Sign\"` with an EncryptAndSign operation).",
            "Only explicitly set levels can trigger it: unset levels inherit the binding's own \
             default, which it always supports.",
        ],
        fixes: &[
            "Run `soapsec contract resolve FILE --binding B`: it names the operation and the \
             level that cause it.",
            "Use a binding with security: `basicHttp:Message` or `basicHttp:Transport` (HTTPS), \
             `wsHttp`, `netTcp`.",
            "Or lower the level on the contract or operation, if the data really needs no \
             protection.",
        ],
        wcf: Some("AtLeastOneContractOperationRequestRequiresProtectionLevelNotSupportedByBinding"),
        messages: &[
            "The request message must be protected. This is required by an operation of the \
             contract ('{}','{}'). The protection must be provided by the binding ('{}','{}').",
        ],
        ..BASE
    },
    Explanation {
        code: "contract/ResponseNotSupported",
        title: "an operation's reply or fault needs more protection than the binding can give",
        meaning: "Some reply or fault requires signing (or signing and encryption), but the \
            binding's supported response level is lower. WCF refuses to open the service host or \
            the channel factory.",
        causes: &[
            "A level set on a contract, operation, reply message contract, member or fault while \
             the binding has no security (`basicHttp`, `wsHttp:None`, `netTcp:None`).",
            "A certificate-signature binding (supported levels Sign for requests, None for \
             responses) with any reply or fault at Sign or above.",
            "A duplex stack (CompositeDuplex) forces the response level to None.",
        ],
        fixes: &[
            "Run `soapsec contract resolve FILE --binding B` to see which reply or fault \
             requires the level.",
            "Use a binding whose supported response level is high enough (`basicHttp:Message`, \
             `basicHttp:Transport`, `wsHttp`, `netTcp`), or lower the level.",
        ],
        wcf: Some(
            "AtLeastOneContractOperationResponseRequiresProtectionLevelNotSupportedByBinding",
        ),
        messages: &[
            "The response message must be protected. This is required by an operation of the \
             contract ('{}', '{}'). The protection must be provided by the binding ('{}', '{}').",
        ],
        ..BASE
    },
    Explanation {
        code: "contract/UnknownHeaderProtected",
        title: "an unknown-header collection would have to be protected",
        meaning: "A `[MessageHeaderArray] XmlElement[]` (an unknown-header collection, \
            `unknown=\"true\"` in a contract file) resolves to a level other than None. Unknown \
            headers cannot be named in the signature or encryption parts, so WCF refuses to \
            open.",
        causes: &[
            "The collection has no level of its own and inherits Sign or EncryptAndSign from its \
             message contract, operation or contract.",
            "Nothing sets a level anywhere and the binding's default is EncryptAndSign (every \
             message-security binding), which the collection inherits.",
        ],
        fixes: &[
            "Set `ProtectionLevel = ProtectionLevel.None` on the unknown-header member \
             (`protectionLevel=\"None\"` on the `<header unknown=\"true\">`).",
            "Protect the data some other way: declare the headers you know as real headers.",
        ],
        wcf: Some("UnknownHeaderCannotProtected"),
        messages: &[
            "The contract ('{}','{}') contains some unknown header ('{}','{}') which cannot be \
             secured. Please choose ProtectionLevel.None for this header.",
        ],
        ..BASE
    },
    // ---- bindings and levels -------------------------------------------------------------------
    Explanation {
        code: "binding/UnknownBinding",
        title: "the binding name is not a preset",
        meaning: "`--binding` or `<binding preset=…>` names no preset. Presets are named after \
            WCF's standard bindings with an optional security mode; the message lists them all.",
        causes: &[
            "A WCF type name instead of the preset name (`BasicHttpBinding` for `basicHttp`, \
             `WSHttpBinding` for `wsHttp`).",
            "The wrong case or a misspelt mode: names are case-sensitive (`basicHttp:Message`, \
             not `basichttp:message`).",
            "A mode the binding does not have in WCF (`wsHttp:Message` is plain `wsHttp`, whose \
             default mode is Message).",
        ],
        fixes: &[
            "Use one of the names in the message.",
            "For anything else, define a custom binding in the contract file: \
             `<binding security=\"Message\" securityElement=\"Asymmetric\" messageVersion=\"Soap11\" \
             addressing=\"None\"/>`.",
        ],
        messages: &["unknown binding '{}': valid bindings are {}"],
        ..BASE
    },
    Explanation {
        code: "level/UnknownLevel",
        title: "the text is not a protection level",
        meaning: "Protection levels are exactly `None`, `Sign` and `EncryptAndSign`, spelt as in \
            WCF's `System.Net.Security.ProtectionLevel`.",
        causes: &[
            "Another case (`sign`, `ENCRYPTANDSIGN`) or another name (`Encrypt`, `SignAndEncrypt`).",
        ],
        fixes: &["Write `None`, `Sign` or `EncryptAndSign`."],
        messages: &["unknown protection level '{}': expected None, Sign or EncryptAndSign"],
        ..BASE
    },
    // ---- compatibility findings that are not run-time errors ------------------------------------
    Explanation {
        code: "check/OneWayMismatch",
        title: "client and service disagree on whether an operation is one-way",
        meaning: "`soapsec contract check` found an operation that one side declares one-way and \
            the other request/reply. Its reply was not analysed: one side waits for a reply the \
            other never sends (or gets one it does not expect).",
        causes: &[
            "The operation's `IsOneWay` changed in one version of the contract and the other side \
             was not regenerated.",
        ],
        fixes: &["Regenerate the client from the service's current metadata so both agree."],
        messages: &["the client declares '{}' {} but the service declares it {}"],
        ..BASE
    },
    Explanation {
        code: "check/ContractMismatch",
        title: "the client and service contracts have different names or namespaces",
        meaning: "A warning of `soapsec contract check`: the two files describe contracts with \
            different names or namespaces. Operations are still matched by action, which is what \
            WCF dispatches on, so the analysis continues.",
        causes: &[
            "The wrong pair of files was compared.",
            "The service's contract was renamed or moved to another namespace, which changes \
             every default action (`{namespace}{contract}/{operation}`).",
        ],
        fixes: &[
            "Check that the files describe the same service; if the actions changed, regenerate \
             the client.",
        ],
        messages: &[
            "the client contract ('{}', '{}') and the service contract ('{}', '{}') differ; \
             operations are matched by action",
        ],
        ..BASE
    },
    Explanation {
        code: "check/WildcardNotAnalyzed",
        title: "a client operation with action `*` cannot be analysed",
        meaning: "A client operation whose action is `*` sends whatever action the caller \
            chooses at run time, so `soapsec contract check` cannot know which service operation \
            will receive it.",
        causes: &[
            "A generic \"send any message\" operation (`Action = \"*\"`) in the client contract.",
        ],
        fixes: &[
            "Check those calls at run time with `soapsec verify`, or add the concrete operations \
             to the client contract file for the analysis.",
        ],
        messages: &[
            "the client operation has action '*': it sends caller-chosen actions, which cannot be \
             analysed",
        ],
        ..BASE
    },
];

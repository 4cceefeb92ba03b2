//! # Limits and budgets
//!
//! A SOAP endpoint parses, canonicalizes, hashes and decrypts input from anyone who can reach
//! it, before it knows who sent it. Every one of those steps can be made expensive by a
//! crafted message (classes L and M). soapsec therefore puts a number on each of them. The
//! number is checked *before* the work it bounds: the parser refuses the node that would
//! break a limit before adding it, and the verifier counts references and transforms before
//! computing any digest.
//!
//! The defaults are sized for real SOAP traffic with room to spare: messages of a few tens of
//! megabytes, one signature, one encrypted key. An endpoint that knows its messages are small
//! should lower them. Lowering a limit is always safe, and raising one is a decision about
//! how much a single message may cost.
//!
//! ## Parser limits: [`xml::Limits`](crate::xml::Limits)
//!
//! One value, passed in [`ParseOptions`](crate::xml::ParseOptions) (inbound:
//! [`InboundOptions::parse`](crate::pipeline::InboundOptions::parse)). It applies to the
//! message, and also to every fragment spliced in by an edit, so decrypted plaintext gets
//! no more room than the message it came in. A broken limit is
//! [`XmlError::LimitExceeded`](crate::xml::XmlError::LimitExceeded), which names the field.
//!
//! | limit | default | why this number |
//! |---|---|---|
//! | [`max_input_bytes`](crate::xml::Limits::max_input_bytes) | 32 MiB | Twice the largest message the benchmarks measure (16 MiB bodies). The tree costs about twice the input for markup-dense documents, so this caps a parse at roughly 100 MB. |
//! | [`max_depth`](crate::xml::Limits::max_depth) | 128 | Real envelopes are far shallower. Deep nesting attacks the code that walks the tree, with its scope and namespace stacks, and any recursive consumer in the application. |
//! | [`max_elements`](crate::xml::Limits::max_elements) | 500,000 | About one element per 67 bytes of the largest input (a SOAP message averages far more), and low enough that an element flood is refused in about 30 ms and 26 MB: the parser has to build every node up to the limit before it can refuse. It caps the node arrays that every later pass (canonicalization, every reference digest) walks. |
//! | [`max_attributes_per_element`](crate::xml::Limits::max_attributes_per_element) | 64 | The work per element grows with its attribute count: duplicate checks, namespace resolution, sorting for canonicalization. Attribute floods (WS-Attacker's XmlAttributeCount) aim at exactly that. SOAP elements carry a handful. |
//! | [`max_namespace_declarations_per_element`](crate::xml::Limits::max_namespace_declarations_per_element) | 32 | Namespace declarations are inherited: each one multiplies the work of every namespace lookup and of canonicalization below it. |
//! | [`max_namespace_declarations`](crate::xml::Limits::max_namespace_declarations) | 4,096 | The same, for the whole document: it stops a flood spread over many elements. |
//! | [`max_name_length`](crate::xml::Limits::max_name_length) | 256 bytes | Overlong names cost hashing and comparison at every use. Real QNames are short. |
//! | [`max_text_length`](crate::xml::Limits::max_text_length) | 16 MiB | One text node or attribute value. The largest legitimate one is a `CipherValue`, which is 4/3 of the body it encrypts. |
//!
//! What is not a limit, because it is refused outright: a DOCTYPE
//! ([`XmlError::DoctypeForbidden`](crate::xml::XmlError::DoctypeForbidden)). Entity
//! expansion and external entities cannot be made safe by counting, and SOAP forbids DTDs in
//! envelopes anyway. The ID index and the namespace table use std's randomly keyed SipHash,
//! so attacker-chosen names cannot be picked to collide.
//!
//! [`Limits::unbounded_for_trusted_input`](crate::xml::Limits::unbounded_for_trusted_input)
//! lifts every limit to what the tree's 32-bit offsets can address. It exists for benchmarks
//! and tools that read their own files, and its name says so. Never use it for a peer's
//! message.
//!
//! ## Signature budget: [`dsig::Budget`](crate::dsig::Budget)
//!
//! The webpki idea applied to XML Signature: a verification is allowed a fixed amount of work,
//! and running out is an error
//! ([`DsigError::BudgetExceeded`](crate::dsig::DsigError::BudgetExceeded)), never a slow
//! success.
//!
//! | budget | default | why |
//! |---|---|---|
//! | [`max_references`](crate::dsig::Budget::max_references) | 30 | A WS-Security signature covers the Timestamp, the WS-Addressing headers (up to seven), the Body and a few application headers. Thousands of references, each over the whole document, is the classic amplifier. |
//! | [`max_transforms_per_reference`](crate::dsig::Budget::max_transforms_per_reference) | 5 | The only chain soapsec processes is enveloped-signature then one canonicalization, so 2 would do. A longer chain is refused by shape anyway. |
//! | [`max_canonical_bytes`](crate::dsig::Budget::max_canonical_bytes), [`max_canonical_expansion`](crate::dsig::Budget::max_canonical_expansion) | 256 MiB; 1 MiB + 4 × the input | All canonical output of one message (`SignedInfo` and every reference) is counted together, and the cap in force is `min(256 MiB, 1 MiB + 4 × input bytes)`, so thirty references to a large Body cannot multiply the cost of a message by thirty: the work stays linear in the message's size. 4× leaves room for `URI=""` beside `#id` references and for escaping. |
//! | [`max_inclusive_prefixes`](crate::dsig::Budget::max_inclusive_prefixes) | 16 | An `InclusiveNamespaces PrefixList` is scanned for every canonicalized element; real lists name two to five prefixes. |
//!
//! The reference and transform counts are checked while the `Signature` element is read,
//! before any canonicalization or public-key operation. The byte budget is enforced as
//! canonical output is produced. Verification runs structure, then the `SignatureValue`
//! over `SignedInfo`, then the digests, so a forged `SignedInfo` costs one canonicalization
//! of `SignedInfo` and one public-key operation (after the signer's certificate has been
//! validated, within the chain budget below), and no digests.
//!
//! The same [`Budget`](crate::budget::Budget) (`InboundOptions::budget`) also bounds what a
//! whole message can make the receiver do, so that it is counted in one place
//! ([`PipelineError::BudgetExceeded`](crate::pipeline::PipelineError::BudgetExceeded)):
//!
//! | budget | default | why |
//! |---|---|---|
//! | [`max_security_header_children`](crate::budget::Budget::max_security_header_children) | 32 | Timestamp, one or two tokens, an `EncryptedKey`, the Signature and a few SignatureConfirmations. Counted before any child is classified. |
//! | [`max_token_lookups`](crate::budget::Budget::max_token_lookups) | 4 | The pipeline resolves one signer and at most one decryption identity. |
//! | [`max_str_dereferences`](crate::budget::Budget::max_str_dereferences) | 4 | Likewise; the depth is 1 whatever this says (an STR that leads to an STR is refused before any lookup). |
//! | [`max_decryptions`](crate::budget::Budget::max_decryptions) | 16 | One key unwrap, then the Body, each encrypted header and the encrypted signature; the `DataReference`s are counted before the key is unwrapped. |
//!
//! [`pipeline::verify_metered`](crate::pipeline::verify_metered) reports the work a message
//! cost ([`Spent`](crate::budget::Spent)), whether it was accepted or refused.
//!
//! ## Decryption budget: [`DecryptionPolicy`](crate::xenc::DecryptionPolicy)
//!
//! | budget | default | why |
//! |---|---|---|
//! | [`max_encrypted_keys`](crate::xenc::DecryptionPolicy::max_encrypted_keys) | 5 | Each `EncryptedKey` can cost a private-key operation. WS-Security messages have one. |
//! | [`max_data_references`](crate::xenc::DecryptionPolicy::max_data_references) | 30 | Each reference is a decryption and a fragment parse. It matches the signature's reference budget. |
//! | [`max_decryptions`](crate::xenc::DecryptionPolicy::max_decryptions) | 64 | Key unwraps, trial decryptions and content decryptions in one call: without it a standalone `decrypt_reference_list` could try 30 × 5 × 4 private-key operations. |
//! | [`max_key_attempts`](crate::xenc::DecryptionPolicy::max_key_attempts) | 4 | A `KeyName`-less `EncryptedKey` may be tried against several configured keys. Each attempt is a private-key operation, so the number of tries is small and fixed. |
//!
//! ## Certificate-chain budget: [`TrustStore`](crate::keys::TrustStore)
//!
//! Path building is a search, and a search over attacker-supplied certificates can be made
//! to branch. A path is at most
//! [`DEFAULT_MAX_PATH_LEN`](crate::keys::TrustStore::DEFAULT_MAX_PATH_LEN) = 6 certificates,
//! leaf and anchor included, and one validation makes at most
//! [`DEFAULT_MAX_SIGNATURE_CHECKS`](crate::keys::TrustStore::DEFAULT_MAX_SIGNATURE_CHECKS)
//! = 16 signature checks. Real PKIs are three or four deep.
//!
//! ## Replay cache capacity
//!
//! The default cache holds
//! [`DEFAULT_REPLAY_CAPACITY`](crate::pipeline::DEFAULT_REPLAY_CAPACITY) = 10,000 signature
//! values, each until its message's `Expires` plus the skew. With the default five-minute
//! timestamps and skew an entry lives up to ten minutes, so that is about 16 accepted
//! messages a second sustained. Entries are added only
//! for messages that passed every check, so only authenticated peers can fill the cache. When
//! it is full of live entries it refuses new messages rather than forget one that could then
//! be replayed. Size it to your traffic, or plug in your own
//! [`ReplayCache`](crate::pipeline::ReplayCache).
//!
//! ## Contract files: [`contract::Limits`](crate::contract::Limits)
//!
//! Contract files are trusted configuration, but their parser is still bounded (1 MiB,
//! 50,000 elements, 1,000 operations, 500 parts per message, 100 faults per operation,
//! 2,048-byte attribute values) and refuses DOCTYPE. A corrupted or truncated file then
//! fails quickly with a position, instead of hanging a deployment.
//!
//! ## The numbers, checked
//!
//! ```
//! let l = soapsec::xml::Limits::default();
//! assert_eq!(l.max_input_bytes, 32 * 1024 * 1024);
//! assert_eq!(l.max_depth, 128);
//! assert_eq!(l.max_elements, 500_000);
//! assert_eq!(l.max_attributes_per_element, 64);
//! assert_eq!(l.max_namespace_declarations_per_element, 32);
//! assert_eq!(l.max_namespace_declarations, 4096);
//! assert_eq!(l.max_name_length, 256);
//! assert_eq!(l.max_text_length, 16 * 1024 * 1024);
//!
//! let b = soapsec::dsig::Budget::default();
//! assert_eq!(b.max_references, 30);
//! assert_eq!(b.max_transforms_per_reference, 5);
//! assert_eq!(b.max_canonical_bytes, 256 * 1024 * 1024);
//! assert_eq!((b.max_canonical_expansion, b.max_inclusive_prefixes), (4, 16));
//! assert_eq!(b.max_security_header_children, 32);
//! assert_eq!((b.max_token_lookups, b.max_str_dereferences, b.max_decryptions), (4, 4, 16));
//!
//! let d = soapsec::xenc::DecryptionPolicy::default();
//! assert_eq!((d.max_encrypted_keys, d.max_data_references, d.max_key_attempts), (5, 30, 4));
//!
//! assert_eq!(soapsec::keys::TrustStore::DEFAULT_MAX_PATH_LEN, 6);
//! assert_eq!(soapsec::keys::TrustStore::DEFAULT_MAX_SIGNATURE_CHECKS, 16);
//! assert_eq!(soapsec::pipeline::DEFAULT_REPLAY_CAPACITY, 10_000);
//!
//! let c = soapsec::contract::Limits::default();
//! assert_eq!((c.max_bytes, c.max_elements), (1 << 20, 50_000));
//! ```

//! Bounded work: one [`Budget`] for everything an inbound message can make the verifier loop
//! over, in the style of webpki's budgets (attack classes L and M).
//!
//! The parser's [`Limits`](crate::xml::Limits) bound what one parse may build (bytes, depth,
//! elements, attributes, namespaces, names, text). The [`Budget`] bounds the work done on the
//! tree afterwards, where the message chooses how many times a loop runs:
//!
//! | limit | default | what is counted | scope | error |
//! |---|---|---|---|---|
//! | [`Budget::max_security_header_children`] | 32 | child elements of the `wsse:Security` header | per message | [`PipelineError::BudgetExceeded`](crate::pipeline::PipelineError::BudgetExceeded) |
//! | [`Budget::max_references`] | 30 | `ds:Reference` elements | per signature | [`DsigError::BudgetExceeded`](crate::dsig::DsigError::BudgetExceeded) |
//! | [`Budget::max_transforms_per_reference`] | 5 | `ds:Transform` elements | per reference | [`DsigError::BudgetExceeded`](crate::dsig::DsigError::BudgetExceeded) |
//! | [`Budget::max_inclusive_prefixes`] | 16 | prefixes in one `InclusiveNamespaces PrefixList` | per list | [`DsigError::BudgetExceeded`](crate::dsig::DsigError::BudgetExceeded) |
//! | [`Budget::max_canonical_bytes`], [`Budget::max_canonical_expansion`] | 256 MiB; 1 MiB + 4 × the input | canonical bytes (`SignedInfo` and every reference) | per message (per call of [`dsig::verify`](crate::dsig::verify)) | [`DsigError::BudgetExceeded`](crate::dsig::DsigError::BudgetExceeded) |
//! | [`Budget::max_token_lookups`] | 4 | SecurityTokenReference resolutions against the [`KeyStore`](crate::token::KeyStore) | per message | [`PipelineError::BudgetExceeded`](crate::pipeline::PipelineError::BudgetExceeded) |
//! | [`Budget::max_str_dereferences`] | 4 | direct `wsse:Reference URI="#id"` dereferences (the depth is always 1) | per message | [`PipelineError::BudgetExceeded`](crate::pipeline::PipelineError::BudgetExceeded) |
//! | [`Budget::max_decryptions`] | 16 | `EncryptedKey` unwraps and `EncryptedData` decryptions | per message | [`PipelineError::BudgetExceeded`](crate::pipeline::PipelineError::BudgetExceeded) |
//!
//! Counts are taken **before** the work they bound, in Hill's order: a signature's references,
//! transforms and prefix lists are counted before any key is looked up or any byte is
//! canonicalized; the `DataReference`s of an `EncryptedKey` are counted before the key is
//! unwrapped. An over-long list is read up to its limit plus one element and no further.
//!
//! [`Spent`] is the record of the work actually done. [`pipeline::verify_metered`] and
//! [`dsig::verify_metered`] return it, for tests and monitoring: after a refusal it shows
//! where the work stopped (for example 30 references examined and no digest computed).
//!
//! [`pipeline::verify_metered`]: crate::pipeline::verify_metered
//! [`dsig::verify_metered`]: crate::dsig::verify_metered

/// The floor of the canonical-bytes cap: a document of any size may produce this many
/// canonical bytes before [`Budget::max_canonical_expansion`] is applied (1 MiB).
pub const CANONICAL_FLOOR: u64 = 1024 * 1024;

/// Which limit of a [`Budget`] was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BudgetKind {
    /// [`Budget::max_references`].
    References,
    /// [`Budget::max_transforms_per_reference`].
    TransformsPerReference,
    /// [`Budget::max_canonical_bytes`] and [`Budget::max_canonical_expansion`].
    CanonicalBytes,
    /// [`Budget::max_inclusive_prefixes`].
    InclusivePrefixes,
    /// [`Budget::max_security_header_children`].
    SecurityHeaderChildren,
    /// [`Budget::max_token_lookups`].
    TokenLookups,
    /// [`Budget::max_str_dereferences`].
    StrDereferences,
    /// [`Budget::max_decryptions`].
    Decryptions,
}

impl BudgetKind {
    /// The [`Budget`] field that sets this limit.
    pub fn field(self) -> &'static str {
        match self {
            BudgetKind::References => "max_references",
            BudgetKind::TransformsPerReference => "max_transforms_per_reference",
            BudgetKind::CanonicalBytes => "max_canonical_bytes",
            BudgetKind::InclusivePrefixes => "max_inclusive_prefixes",
            BudgetKind::SecurityHeaderChildren => "max_security_header_children",
            BudgetKind::TokenLookups => "max_token_lookups",
            BudgetKind::StrDereferences => "max_str_dereferences",
            BudgetKind::Decryptions => "max_decryptions",
        }
    }

    /// What is counted, for messages.
    pub fn what(self) -> &'static str {
        match self {
            BudgetKind::References => "ds:Reference elements in one SignedInfo",
            BudgetKind::TransformsPerReference => "ds:Transform elements in one Reference",
            BudgetKind::CanonicalBytes => "canonical bytes",
            BudgetKind::InclusivePrefixes => "prefixes in one InclusiveNamespaces PrefixList",
            BudgetKind::SecurityHeaderChildren => "child elements of the wsse:Security header",
            BudgetKind::TokenLookups => "security token lookups",
            BudgetKind::StrDereferences => "SecurityTokenReference dereferences",
            BudgetKind::Decryptions => "key unwraps and EncryptedData decryptions",
        }
    }
}

impl std::fmt::Display for BudgetKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.field())
    }
}

/// Work limits for one inbound message (see the [module documentation](self) for what each
/// counts and why the defaults are what they are).
///
/// Defaults, against what a WCF-style message needs:
///
/// - `max_references` 30: WCF signs the Timestamp, the Body, up to eight WS-Addressing
///   headers, the application headers and one SignatureConfirmation per request signature,
///   about 15 in a large message; 30 is WSS4J's default too.
/// - `max_transforms_per_reference` 5: soapsec accepts at most two (enveloped, then one
///   canonicalization); 5 leaves room to name an unsupported chain precisely.
/// - `max_inclusive_prefixes` 16: real PrefixLists name two to five prefixes.
/// - canonical bytes: at most 1 MiB plus 4 bytes per input byte, and never more than 256 MiB.
///   The references of a WS-Security signature cover disjoint parts, so their canonical form
///   is about the size of the message; 4× leaves room for `URI=""` beside `#id` references and
///   for escaping (`>` becomes `&gt;`).
/// - `max_security_header_children` 32: Timestamp, one or two BinarySecurityTokens, an
///   EncryptedKey, the Signature (or its EncryptedData) and a few SignatureConfirmations.
/// - `max_token_lookups` 4 and `max_str_dereferences` 4: the pipeline resolves one signer and
///   at most one decryption identity (two of each); twice that is allowed.
/// - `max_decryptions` 16: one key unwrap, then the Body, each encrypted header and the
///   encrypted signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// References in one `SignedInfo` (default 30).
    pub max_references: usize,
    /// Transforms in one `Reference` (default 5).
    pub max_transforms_per_reference: usize,
    /// Canonical bytes produced in one message (one call of
    /// [`dsig::verify`](crate::dsig::verify)), `SignedInfo` and all references together: an
    /// absolute cap (default 256 MiB).
    pub max_canonical_bytes: u64,
    /// Canonical bytes per byte of input, above [`CANONICAL_FLOOR`] (default 4). The cap in
    /// force is `min(max_canonical_bytes, CANONICAL_FLOOR + max_canonical_expansion × input
    /// bytes)` ([`Budget::canonical_cap`]), so the work is linear in the message's size
    /// whatever its references point at.
    pub max_canonical_expansion: u64,
    /// Prefixes in one `InclusiveNamespaces PrefixList` (default 16).
    pub max_inclusive_prefixes: usize,
    /// Child elements of the `wsse:Security` header (default 32).
    pub max_security_header_children: usize,
    /// SecurityTokenReference resolutions against the key store in one message (default 4).
    pub max_token_lookups: usize,
    /// Direct `wsse:Reference URI="#id"` dereferences in one message (default 4). An STR that
    /// leads to another STR is refused whatever this says (the depth is 1).
    pub max_str_dereferences: usize,
    /// `EncryptedKey` unwraps plus `EncryptedData` decryptions in one message (default 16).
    pub max_decryptions: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_references: 30,
            max_transforms_per_reference: 5,
            max_canonical_bytes: 256 * 1024 * 1024,
            max_canonical_expansion: 4,
            max_inclusive_prefixes: 16,
            max_security_header_children: 32,
            max_token_lookups: 4,
            max_str_dereferences: 4,
            max_decryptions: 16,
        }
    }
}

impl Budget {
    /// The canonical-bytes cap for an input of `input_bytes`:
    /// `min(max_canonical_bytes, CANONICAL_FLOOR + max_canonical_expansion × input_bytes)`.
    pub fn canonical_cap(&self, input_bytes: usize) -> u64 {
        let relative = CANONICAL_FLOOR.saturating_add(
            self.max_canonical_expansion
                .saturating_mul(input_bytes as u64),
        );
        relative.min(self.max_canonical_bytes)
    }

    /// The limit of `kind` (for [`BudgetKind::CanonicalBytes`], the absolute cap; see
    /// [`Budget::canonical_cap`] for the one in force).
    pub fn limit(&self, kind: BudgetKind) -> u64 {
        match kind {
            BudgetKind::References => self.max_references as u64,
            BudgetKind::TransformsPerReference => self.max_transforms_per_reference as u64,
            BudgetKind::CanonicalBytes => self.max_canonical_bytes,
            BudgetKind::InclusivePrefixes => self.max_inclusive_prefixes as u64,
            BudgetKind::SecurityHeaderChildren => self.max_security_header_children as u64,
            BudgetKind::TokenLookups => self.max_token_lookups as u64,
            BudgetKind::StrDereferences => self.max_str_dereferences as u64,
            BudgetKind::Decryptions => self.max_decryptions as u64,
        }
    }
}

/// The work done on one message (or one signature), counter by counter. Every budgeted
/// counter stays at or below its limit: when a limit would be passed, the work is refused
/// before it is done and the counter keeps the value it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub struct Spent {
    /// Child elements of the `wsse:Security` header accepted for processing.
    pub security_header_children: u64,
    /// `ds:Reference` elements accepted for processing, over every signature checked. (In the
    /// pipeline's decrypt-then-verify order a signature that is visible before decryption is
    /// checked once before and once after, and counts twice.)
    pub references: u64,
    /// `ds:Transform` elements accepted for processing.
    pub transforms: u64,
    /// Prefixes read from `InclusiveNamespaces PrefixList`s.
    pub inclusive_prefixes: u64,
    /// Canonical bytes produced (`SignedInfo` and reference contents).
    pub canonical_bytes: u64,
    /// `SignatureValue` checks performed (one public-key or HMAC operation each).
    pub signature_checks: u64,
    /// Reference digests computed to the end.
    pub digests: u64,
    /// SecurityTokenReference resolutions against the key store.
    pub token_lookups: u64,
    /// Direct `wsse:Reference URI="#id"` dereferences.
    pub str_dereferences: u64,
    /// `EncryptedKey` unwraps and `EncryptedData` decryptions performed.
    pub decryptions: u64,
}

impl Spent {
    /// The counter that `kind` limits.
    pub fn of(&self, kind: BudgetKind) -> u64 {
        match kind {
            BudgetKind::References => self.references,
            BudgetKind::TransformsPerReference => self.transforms,
            BudgetKind::CanonicalBytes => self.canonical_bytes,
            BudgetKind::InclusivePrefixes => self.inclusive_prefixes,
            BudgetKind::SecurityHeaderChildren => self.security_header_children,
            BudgetKind::TokenLookups => self.token_lookups,
            BudgetKind::StrDereferences => self.str_dereferences,
            BudgetKind::Decryptions => self.decryptions,
        }
    }

    fn of_mut(&mut self, kind: BudgetKind) -> &mut u64 {
        match kind {
            BudgetKind::References => &mut self.references,
            BudgetKind::TransformsPerReference => &mut self.transforms,
            BudgetKind::CanonicalBytes => &mut self.canonical_bytes,
            BudgetKind::InclusivePrefixes => &mut self.inclusive_prefixes,
            BudgetKind::SecurityHeaderChildren => &mut self.security_header_children,
            BudgetKind::TokenLookups => &mut self.token_lookups,
            BudgetKind::StrDereferences => &mut self.str_dereferences,
            BudgetKind::Decryptions => &mut self.decryptions,
        }
    }
}

impl std::ops::AddAssign for Spent {
    fn add_assign(&mut self, o: Spent) {
        self.security_header_children += o.security_header_children;
        self.references += o.references;
        self.transforms += o.transforms;
        self.inclusive_prefixes += o.inclusive_prefixes;
        self.canonical_bytes += o.canonical_bytes;
        self.signature_checks += o.signature_checks;
        self.digests += o.digests;
        self.token_lookups += o.token_lookups;
        self.str_dereferences += o.str_dereferences;
        self.decryptions += o.decryptions;
    }
}

/// A limit was reached: `reached` is the count the refused work would have made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exceeded {
    pub(crate) budget: BudgetKind,
    pub(crate) limit: u64,
    pub(crate) reached: u64,
}

/// A [`Budget`] and the [`Spent`] record it checks, for one message.
#[derive(Debug, Clone)]
pub(crate) struct Meter {
    budget: Budget,
    spent: Spent,
    canonical_cap: u64,
}

impl Meter {
    /// A fresh meter for an input of `input_bytes`.
    pub(crate) fn new(budget: Budget, input_bytes: usize) -> Meter {
        Meter {
            canonical_cap: budget.canonical_cap(input_bytes),
            budget,
            spent: Spent::default(),
        }
    }

    /// The work done so far.
    pub(crate) fn spent(&self) -> Spent {
        self.spent
    }

    /// The limit in force for `kind`.
    pub(crate) fn limit(&self, kind: BudgetKind) -> u64 {
        match kind {
            BudgetKind::CanonicalBytes => self.canonical_cap,
            k => self.budget.limit(k),
        }
    }

    /// Count `n` more units of a per-message `kind`, if the total stays within its limit;
    /// otherwise count nothing and refuse.
    pub(crate) fn charge(&mut self, kind: BudgetKind, n: u64) -> Result<(), Exceeded> {
        let limit = self.limit(kind);
        let counter = self.spent.of_mut(kind);
        let reached = counter.saturating_add(n);
        if reached > limit {
            return Err(Exceeded {
                budget: kind,
                limit,
                reached,
            });
        }
        *counter = reached;
        Ok(())
    }

    /// Whether `n` more units of `kind` would stay within its limit, without counting them.
    pub(crate) fn check(&self, kind: BudgetKind, n: u64) -> Result<(), Exceeded> {
        let limit = self.limit(kind);
        let reached = self.spent.of(kind).saturating_add(n);
        if reached > limit {
            return Err(Exceeded {
                budget: kind,
                limit,
                reached,
            });
        }
        Ok(())
    }

    /// Collect the items of a list whose length `kind` limits **per list** (references per
    /// signature, transforms per reference, ...): at most the limit, reading one item more to
    /// see that the list is too long, and no further. The items taken are added to the
    /// counter; an error item stops the walk.
    pub(crate) fn take_bounded<T, E: From<Exceeded>>(
        &mut self,
        kind: BudgetKind,
        items: impl IntoIterator<Item = Result<T, E>>,
    ) -> Result<Vec<T>, E> {
        let limit = self.limit(kind);
        let mut out = Vec::new();
        let mut result = Ok(());
        for item in items {
            if out.len() as u64 >= limit {
                result = Err(Exceeded {
                    budget: kind,
                    limit,
                    reached: limit.saturating_add(1),
                }
                .into());
                break;
            }
            match item {
                Ok(t) => out.push(t),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        let counter = self.spent.of_mut(kind);
        *counter = counter.saturating_add(out.len() as u64);
        result.map(|()| out)
    }

    /// Count one finished `SignatureValue` check.
    pub(crate) fn signature_checked(&mut self) {
        self.spent.signature_checks += 1;
    }

    /// Count one finished reference digest.
    pub(crate) fn digest_computed(&mut self) {
        self.spent.digests += 1;
    }

    /// Feed canonical bytes: `Ok(true)` if they fit under the cap (and are counted), `Ok(false)`
    /// once the cap is passed (nothing more is counted; the caller stops and reports
    /// [`Meter::canonical_exceeded`]).
    pub(crate) fn canonical(&mut self, n: usize) -> bool {
        let next = self.spent.canonical_bytes.saturating_add(n as u64);
        if next > self.canonical_cap {
            return false;
        }
        self.spent.canonical_bytes = next;
        true
    }

    /// The error for canonical output that did not fit: `pending` bytes were refused.
    pub(crate) fn canonical_exceeded(&self, pending: usize) -> Exceeded {
        Exceeded {
            budget: BudgetKind::CanonicalBytes,
            limit: self.canonical_cap,
            reached: self.spent.canonical_bytes.saturating_add(pending as u64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum E {
        Budget(Exceeded),
        Item,
    }
    impl From<Exceeded> for E {
        fn from(e: Exceeded) -> Self {
            E::Budget(e)
        }
    }

    #[test]
    fn charge_stops_at_the_limit_and_counts_nothing_beyond() {
        let mut m = Meter::new(
            Budget {
                max_decryptions: 3,
                ..Budget::default()
            },
            0,
        );
        assert!(m.charge(BudgetKind::Decryptions, 2).is_ok());
        assert!(m.charge(BudgetKind::Decryptions, 1).is_ok());
        let e = m.charge(BudgetKind::Decryptions, 1).unwrap_err();
        assert_eq!(
            e,
            Exceeded {
                budget: BudgetKind::Decryptions,
                limit: 3,
                reached: 4
            }
        );
        assert_eq!(m.spent().decryptions, 3);
        assert!(m.check(BudgetKind::Decryptions, 0).is_ok());
        assert!(m.check(BudgetKind::Decryptions, 1).is_err());
    }

    #[test]
    fn take_bounded_reads_one_past_the_limit_and_no_further() {
        let mut m = Meter::new(
            Budget {
                max_references: 3,
                ..Budget::default()
            },
            0,
        );
        let mut pulled = 0;
        let items = (0..1_000_000).map(|i| {
            pulled += 1;
            Ok::<_, E>(i)
        });
        let e = m.take_bounded(BudgetKind::References, items).unwrap_err();
        assert_eq!(
            e,
            E::Budget(Exceeded {
                budget: BudgetKind::References,
                limit: 3,
                reached: 4
            })
        );
        assert_eq!(pulled, 4);
        assert_eq!(m.spent().references, 3);
        // Within the limit: every item, counted.
        let ok = m
            .take_bounded(BudgetKind::References, (0..3).map(Ok::<_, E>))
            .unwrap();
        assert_eq!(ok, vec![0, 1, 2]);
        assert_eq!(m.spent().references, 6);
        // An item error stops the walk.
        let items = [Ok(1), Err(E::Item), Ok(2)];
        assert_eq!(
            m.take_bounded(BudgetKind::References, items).unwrap_err(),
            E::Item
        );
    }

    #[test]
    fn canonical_cap_is_relative_to_the_input_and_capped() {
        let b = Budget::default();
        assert_eq!(b.canonical_cap(0), CANONICAL_FLOOR);
        assert_eq!(b.canonical_cap(1000), CANONICAL_FLOOR + 4000);
        assert_eq!(b.canonical_cap(usize::MAX), b.max_canonical_bytes);
        let mut m = Meter::new(b, 10);
        assert!(m.canonical(CANONICAL_FLOOR as usize));
        assert!(m.canonical(40));
        assert!(!m.canonical(1));
        assert_eq!(m.spent().canonical_bytes, CANONICAL_FLOOR + 40);
        assert_eq!(m.canonical_exceeded(7).reached, CANONICAL_FLOOR + 47);
        assert_eq!(m.limit(BudgetKind::CanonicalBytes), CANONICAL_FLOOR + 40);
    }

    #[test]
    fn spent_adds_up() {
        let mut a = Spent {
            digests: 1,
            decryptions: 2,
            ..Spent::default()
        };
        a += Spent {
            digests: 3,
            references: 4,
            ..Spent::default()
        };
        assert_eq!((a.digests, a.decryptions, a.references), (4, 2, 4));
        assert_eq!(a.of(BudgetKind::References), 4);
    }
}

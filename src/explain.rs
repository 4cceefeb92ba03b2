//! What every error means, why it usually happens, and how to fix it: the catalogue behind
//! `soapsec explain`.
//!
//! Every error soapsec can raise has a stable **code**, `layer/Variant`, such as
//! `pipeline/PartNotEncrypted`, `xml/DoctypeForbidden` or `keys/Expired`. The layer is the
//! module the error type lives in (`xml`, `c14n`, `envelope`, `keys`, `dsig`, `xenc`, `token`,
//! `pipeline`, `contract`, `binding`, `level`); the variant is the enum variant's name. Each
//! error type has a `code()` method; variants that only wrap another layer's error (such as
//! [`PipelineError::Xenc`](crate::pipeline::PipelineError::Xenc) or every variant of
//! [`Error`](crate::Error)) return the inner error's code, so a code always names the root
//! cause. Three groups of codes have no error variant of their own:
//!
//! - `contract/RequestNotSupported`, `contract/ResponseNotSupported` and
//!   `contract/UnknownHeaderProtected` are the three texts that
//!   [`ContractError::Validation`](crate::contract::ContractError::Validation) carries
//!   (`contract/Validation` is the fallback for any other text);
//! - `check/…` are findings of the compatibility analysis
//!   ([`FindingKind`](crate::contract::FindingKind)) that are not
//!   run-time errors (the other findings map to the error they predict);
//! - `fault/InvalidSecurity` is the generic fault a peer receives when a message is refused.
//!
//! Codes are stable: a code is never reused for another meaning, and a renamed variant keeps
//! its old code as an alias.
//!
//! # Lookup
//!
//! [`lookup`] accepts, in this order (the first rule that finds anything wins):
//!
//! 1. the exact code, case-insensitive (`pipeline/PartNotEncrypted`);
//! 2. the variant name alone or an alias, case-insensitive (`PartNotEncrypted`; the kind names
//!    `soapsec contract check` prints, such as `UnknownAction`, are aliases); names shared by
//!    several layers (`UnexpectedElement`) give several entries;
//! 3. a WCF resource key, case-insensitive (`RequiredMessagePartNotEncryptedNs`);
//! 4. a pasted error message: the fixed words of one of the entry's messages (or related
//!    messages) must all occur, in order, in the text (case and runs of whitespace are ignored, so WCF's
//!    double spaces need not survive the paste; a `error: ` prefix or surrounding log text is
//!    fine). Entries whose fixed words are only a part of a better match's are dropped, so a
//!    short message that also occurs inside a longer one does not shadow it.
//!
//! [`suggest`] offers the closest codes when nothing matches.
//!
//! # JSON (`soapsec explain --json`, schema `soapsec.explain/1`)
//!
//! ```json
//! {
//!   "schema": "soapsec.explain/1",
//!   "query": "PartNotEncrypted",
//!   "matched_by": "name",
//!   "entries": [
//!     {
//!       "code": "pipeline/PartNotEncrypted",
//!       "layer": "pipeline",
//!       "name": "PartNotEncrypted",
//!       "title": "…",
//!       "meaning": "…",
//!       "causes": ["…"],
//!       "fixes": ["…"],
//!       "wcf": "RequiredMessagePartNotEncryptedNs",
//!       "attack_class": "O",
//!       "messages": ["The '{}', '{}' required message part  was not encrypted."],
//!       "related_messages": ["The '{}' required message part was not encrypted."],
//!       "aliases": ["RequiredMessagePartNotEncrypted"]
//!     }
//!   ],
//!   "suggestions": []
//! }
//! ```
//!
//! `query` is `null` for `--list`; `matched_by` is one of `code`, `name`, `wcf`, `message`,
//! `list`, or `null` when nothing matched (then `entries` is empty and `suggestions` holds the
//! closest codes); `wcf` and `attack_class` (a letter of the attack catalogue) are `null`
//! where none applies; `messages` are the texts the error displays and `related_messages`
//! other texts for the same condition (WCF's variants, the fault a peer receives), `{}`
//! standing for the variable parts. Fields are only ever added.

mod codes;
mod entries_crypto;
mod entries_model;
mod entries_pipeline;
mod entries_token;
mod entries_xml;
#[cfg(test)]
mod tests;

/// The name of the JSON schema `soapsec explain --json` prints.
pub const JSON_SCHEMA: &str = "soapsec.explain/1";

/// One entry of the catalogue: what an error means, its usual causes, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// The stable code, `layer/Variant`.
    pub code: &'static str,
    /// A one-line summary.
    pub title: &'static str,
    /// What the error means, in a few sentences.
    pub meaning: &'static str,
    /// The real-world situations that usually lead to it, most common first.
    pub causes: &'static [&'static str],
    /// What to do about it, in the order to try.
    pub fixes: &'static [&'static str],
    /// WCF's resource key for the same condition (its texts are reproduced verbatim), where
    /// one applies.
    pub wcf: Option<&'static str>,
    /// The attack class of the threat catalogue (`A`..`O`) this error defends against, where
    /// it is a defence.
    pub attack_class: Option<char>,
    /// The messages the error displays, `{}` standing for each variable part.
    pub messages: &'static [&'static str],
    /// Other texts that report the same condition and find this entry when pasted: WCF's
    /// variants of the text, the fault a peer receives, the wording of `soapsec contract check`.
    pub related_messages: &'static [&'static str],
    /// Other names the entry is found by (the kind names of `soapsec contract check`, former
    /// codes).
    pub aliases: &'static [&'static str],
}

impl Explanation {
    /// The layer part of the code (`pipeline` in `pipeline/PartNotEncrypted`).
    #[must_use]
    pub fn layer(&self) -> &'static str {
        self.code.split_once('/').map_or(self.code, |(l, _)| l)
    }

    /// The variant part of the code (`PartNotEncrypted` in `pipeline/PartNotEncrypted`).
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.code.rsplit_once('/').map_or(self.code, |(_, n)| n)
    }
}

/// One element of the `entries` array of the `soapsec.explain/1` JSON (see the
/// [module documentation](self)), fields in the documented order.
impl serde::Serialize for Explanation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Explanation", 12)?;
        s.serialize_field("code", self.code)?;
        s.serialize_field("layer", self.layer())?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("title", self.title)?;
        s.serialize_field("meaning", self.meaning)?;
        s.serialize_field("causes", self.causes)?;
        s.serialize_field("fixes", self.fixes)?;
        s.serialize_field("wcf", &self.wcf)?;
        s.serialize_field("attack_class", &self.attack_class.map(String::from))?;
        s.serialize_field("messages", self.messages)?;
        s.serialize_field("related_messages", self.related_messages)?;
        s.serialize_field("aliases", self.aliases)?;
        s.end()
    }
}

/// The template every catalogue entry starts from.
pub(crate) const BASE: Explanation = Explanation {
    code: "",
    title: "",
    meaning: "",
    causes: &[],
    fixes: &[],
    wcf: None,
    attack_class: None,
    messages: &[],
    related_messages: &[],
    aliases: &[],
};

/// Every entry of the catalogue, grouped by layer (model, XML, crypto, tokens, pipeline).
pub fn all() -> impl Iterator<Item = &'static Explanation> + Clone {
    entries_model::ENTRIES
        .iter()
        .chain(entries_xml::ENTRIES)
        .chain(entries_crypto::ENTRIES)
        .chain(entries_token::ENTRIES)
        .chain(entries_pipeline::ENTRIES)
}

/// The entry for exactly this code (case-sensitive), if there is one.
#[must_use]
pub fn get(code: &str) -> Option<&'static Explanation> {
    all().find(|e| e.code == code)
}

/// How a [`Lookup`] found its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchedBy {
    /// The query is a code.
    Code,
    /// The query is a variant name or an alias.
    Name,
    /// The query is a WCF resource key.
    Wcf,
    /// The query is (or contains) an error message.
    Message,
}

impl MatchedBy {
    /// The word used in the JSON output (`code`, `name`, `wcf`, `message`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Code => "code",
            MatchedBy::Name => "name",
            MatchedBy::Wcf => "wcf",
            MatchedBy::Message => "message",
        }
    }
}

/// The result of [`find`]: the entries, best first, and the rule that found them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lookup {
    /// The rule that found the entries; `None` when nothing matched.
    pub matched_by: Option<MatchedBy>,
    /// The entries found, best first (empty when nothing matched).
    pub entries: Vec<&'static Explanation>,
}

/// The entries a query names: a code, a variant name or alias, a WCF resource key, or a
/// pasted error message (see the [module documentation](self) for the rules).
#[must_use]
pub fn lookup(query: &str) -> Vec<&'static Explanation> {
    find(query).entries
}

/// [`lookup`], also telling which rule matched.
#[must_use]
pub fn find(query: &str) -> Lookup {
    let q = query.trim();
    let found = |by, entries: Vec<&'static Explanation>| Lookup {
        matched_by: (!entries.is_empty()).then_some(by),
        entries,
    };
    if q.is_empty() {
        return found(MatchedBy::Code, Vec::new());
    }
    let by_code: Vec<_> = all().filter(|e| e.code.eq_ignore_ascii_case(q)).collect();
    if !by_code.is_empty() {
        return found(MatchedBy::Code, by_code);
    }
    let by_name: Vec<_> = all()
        .filter(|e| {
            e.name().eq_ignore_ascii_case(q) || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(q))
        })
        .collect();
    if !by_name.is_empty() {
        return found(MatchedBy::Name, by_name);
    }
    let by_wcf: Vec<_> = all()
        .filter(|e| e.wcf.is_some_and(|k| k.eq_ignore_ascii_case(q)))
        .collect();
    if !by_wcf.is_empty() {
        return found(MatchedBy::Wcf, by_wcf);
    }
    found(MatchedBy::Message, by_message(q))
}

/// A one-line pointer to the catalogue, for error output: ``run `soapsec explain CODE` ``.
#[must_use]
pub fn hint(code: &str) -> String {
    format!("run `soapsec explain {code}`")
}

/// The code of any soapsec error type behind a `dyn Error` (the top-level [`Error`](crate::Error)
/// or one layer's error), or `None` for an error that is not soapsec's.
#[must_use]
pub fn code_of(error: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    macro_rules! try_types {
        ($($t:ty),* $(,)?) => {
            $(if let Some(e) = error.downcast_ref::<$t>() {
                return Some(e.code());
            })*
        };
    }
    try_types!(
        crate::Error,
        crate::pipeline::PipelineError,
        crate::contract::ContractError,
        crate::xml::XmlError,
        crate::c14n::C14nError,
        crate::envelope::EnvelopeError,
        crate::keys::KeyError,
        crate::dsig::DsigError,
        crate::xenc::XencError,
        crate::token::TokenError,
        crate::binding::UnknownBinding,
        crate::level::ParseLevelError,
    );
    None
}

// ---- message matching ---------------------------------------------------------------------------

/// Lower-case, with every run of whitespace made one space, trimmed.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// The fixed parts of a message template, normalized, in order.
fn fragments(template: &str) -> Vec<String> {
    template
        .split("{}")
        .map(normalize)
        .filter(|f| !f.is_empty())
        .collect()
}

/// The fewest non-space characters a template's fixed parts must have to be matched as a
/// message (a template like `{}: {}` says nothing).
const MIN_MESSAGE_SCORE: usize = 10;

/// If every fragment of `template` occurs in `text` in order: the number of non-space
/// characters matched.
fn template_score(template: &str, text: &str) -> Option<usize> {
    let frags = fragments(template);
    let mut at = 0;
    let mut score = 0;
    for f in &frags {
        let i = text.get(at..)?.find(f.as_str())?;
        at += i + f.len();
        score += f.chars().filter(|c| !c.is_whitespace()).count();
    }
    (score >= MIN_MESSAGE_SCORE).then_some(score)
}

/// The best-matching template of an entry: (score, template).
fn entry_score(e: &'static Explanation, text: &str) -> Option<(usize, &'static str)> {
    e.messages
        .iter()
        .chain(e.related_messages)
        .filter_map(|t| template_score(t, text).map(|s| (s, *t)))
        .max_by_key(|(s, _)| *s)
}

fn by_message(query: &str) -> Vec<&'static Explanation> {
    let text = normalize(query);
    let mut hits: Vec<(usize, &'static str, &'static Explanation)> = all()
        .filter_map(|e| entry_score(e, &text).map(|(s, t)| (s, t, e)))
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.code.cmp(b.2.code)));
    // Drop a hit whose fixed words all occur, in order, in a better hit's template: it matched
    // only because the better one's message contains it.
    let kept: Vec<&'static Explanation> = hits
        .iter()
        .filter(|(score, template, _)| {
            !hits
                .iter()
                .any(|(s2, t2, _)| s2 > score && template_score(template, &normalize(t2)).is_some())
        })
        .map(|(_, _, e)| *e)
        .collect();
    kept
}

// ---- suggestions --------------------------------------------------------------------------------

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// Up to `max` codes close to a query that [`lookup`] does not find: near misses of a code or
/// a variant name (typos, a missing layer, a part of the name), or, for a longer text, the
/// entries sharing the most words with it.
#[must_use]
pub fn suggest(query: &str, max: usize) -> Vec<&'static str> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let q_name = q.rsplit_once('/').map_or(q.as_str(), |(_, n)| n);
    let mut scored: Vec<(usize, &'static str)> = Vec::new();
    if q.chars().count() <= 60 {
        for e in all() {
            let name = e.name().to_lowercase();
            let code = e.code.to_lowercase();
            let d = levenshtein(q_name, &name).min(levenshtein(&q, &code));
            let limit = (name.chars().count() / 4).max(2);
            if d <= limit {
                scored.push((d, e.code));
            } else if q_name.len() >= 4 && (name.contains(q_name) || code.contains(&q)) {
                scored.push((limit + 1, e.code));
            } else if e
                .aliases
                .iter()
                .any(|a| levenshtein(q_name, &a.to_lowercase()) <= (a.len() / 4).max(2))
            {
                scored.push((limit, e.code));
            }
        }
    }
    if scored.is_empty() {
        let qw = words(&q);
        if !qw.is_empty() {
            for e in all() {
                let mut ew = words(e.title);
                for m in e.messages {
                    ew.extend(words(m));
                }
                ew.extend(words(e.name()));
                let shared = qw.iter().filter(|w| ew.contains(w)).count();
                if shared >= 2 || (qw.len() == 1 && shared == 1) {
                    scored.push((1000 - shared, e.code));
                }
            }
        }
    }
    scored.sort();
    scored.dedup_by_key(|(_, c)| *c);
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

//! The `wsse:Security` header: finding the one addressed to us, and classifying its children.
//!
//! Children are identified by their position (index among the header's child elements) so
//! that the same item can be found again in the document decryption produces.

use super::PipelineError;
use crate::binding::HeaderLayout;
use crate::envelope::{Envelope, HeaderBlock, SOAP12_ROLE_ULTIMATE_RECEIVER, SoapVersion};
use crate::token::WSSE_NS;
use crate::xml::{DSIG_NS, Element, WSSE11_NS, WSU_NS, XENC_NS};

/// What one child of the Security header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// `wsu:Timestamp`.
    Timestamp,
    /// `wsse:BinarySecurityToken`.
    BinarySecurityToken,
    /// `xenc:EncryptedKey` (with or without a ReferenceList inside).
    EncryptedKey,
    /// A standalone `xenc:ReferenceList`.
    ReferenceList,
    /// `ds:Signature`.
    Signature,
    /// `xenc:EncryptedData` (an encrypted signature, under SignBeforeEncryptAndEncryptSignature).
    EncryptedData,
    /// `wsse11:SignatureConfirmation`.
    SignatureConfirmation,
}

/// Classify a Security header child; anything else is refused.
pub fn classify(el: Element<'_>) -> Result<ItemKind, PipelineError> {
    let k = if el.is(WSU_NS, "Timestamp") {
        ItemKind::Timestamp
    } else if el.is(WSSE_NS, "BinarySecurityToken") {
        ItemKind::BinarySecurityToken
    } else if el.is(XENC_NS, "EncryptedKey") {
        ItemKind::EncryptedKey
    } else if el.is(XENC_NS, "ReferenceList") {
        ItemKind::ReferenceList
    } else if el.is(DSIG_NS, "Signature") {
        ItemKind::Signature
    } else if el.is(XENC_NS, "EncryptedData") {
        ItemKind::EncryptedData
    } else if el.is(WSSE11_NS, "SignatureConfirmation") {
        ItemKind::SignatureConfirmation
    } else {
        return Err(PipelineError::UnexpectedSecurityElement {
            name: el.name().to_string(),
        });
    };
    Ok(k)
}

/// Whether a header block targets this receiver: no role, `next`, the ultimate receiver, or the
/// configured actor.
pub fn for_us(block: &HeaderBlock<'_>, version: SoapVersion, actor: Option<&str>) -> bool {
    match block.role {
        None => true,
        Some(r) => {
            r == version.next_role()
                || (version == SoapVersion::Soap12 && r == SOAP12_ROLE_ULTIMATE_RECEIVER)
                || (version == SoapVersion::Soap11 && r.is_empty())
                || actor == Some(r)
        }
    }
}

/// The position (index among the header blocks) of the one Security header for us.
pub fn find(env: &Envelope<'_>, actor: Option<&str>) -> Result<usize, PipelineError> {
    let ours: Vec<usize> = env
        .headers()
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is(WSSE_NS, "Security") && for_us(b, env.version(), actor))
        .map(|(i, _)| i)
        .collect();
    match ours.as_slice() {
        [] => Err(PipelineError::NoSecurityHeader),
        [one] => Ok(*one),
        many => Err(PipelineError::DuplicateSecurityHeader { count: many.len() }),
    }
}

/// The Security header's child elements, classified, in document order.
pub fn items<'d>(security: Element<'d>) -> Result<Vec<(ItemKind, Element<'d>)>, PipelineError> {
    security
        .child_elements()
        .map(|e| classify(e).map(|k| (k, e)))
        .collect()
}

/// Check a layout's ordering rules. `uses` lists, for each item index, the item indices it
/// refers to (a Signature or EncryptedKey naming a BinarySecurityToken by `#id`).
pub fn check_layout(
    layout: HeaderLayout,
    kinds: &[ItemKind],
    uses: &[(usize, usize)],
) -> Result<(), PipelineError> {
    let ts: Vec<usize> = kinds
        .iter()
        .enumerate()
        .filter(|(_, k)| **k == ItemKind::Timestamp)
        .map(|(i, _)| i)
        .collect();
    let bad = |reason: String| Err(PipelineError::LayoutViolation { layout, reason });
    let first_required = matches!(
        layout,
        HeaderLayout::Strict | HeaderLayout::LaxTimestampFirst
    );
    if let Some(&t) = ts.first() {
        if first_required && t != 0 {
            return bad(format!(
                "the Timestamp is child {} instead of the first",
                t + 1
            ));
        }
        if layout == HeaderLayout::LaxTimestampLast && t + 1 != kinds.len() {
            return bad(format!(
                "the Timestamp is child {} instead of the last",
                t + 1
            ));
        }
    }
    if layout == HeaderLayout::Strict {
        for &(user, used) in uses {
            if used > user {
                return bad(format!(
                    "child {} refers to child {}, declared after it",
                    user + 1,
                    used + 1
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemKind::*;

    #[test]
    fn layouts() {
        let strict = [Timestamp, BinarySecurityToken, Signature];
        assert!(check_layout(HeaderLayout::Strict, &strict, &[(2, 1)]).is_ok());
        assert!(check_layout(HeaderLayout::Strict, &strict, &[(1, 2)]).is_err());
        assert!(check_layout(HeaderLayout::Lax, &strict, &[(1, 2)]).is_ok());
        let late = [BinarySecurityToken, Signature, Timestamp];
        assert!(check_layout(HeaderLayout::Strict, &late, &[]).is_err());
        assert!(check_layout(HeaderLayout::LaxTimestampFirst, &late, &[]).is_err());
        assert!(check_layout(HeaderLayout::LaxTimestampLast, &late, &[]).is_ok());
        assert!(check_layout(HeaderLayout::LaxTimestampLast, &strict, &[]).is_err());
        assert!(check_layout(HeaderLayout::Lax, &late, &[]).is_ok());
    }
}

//! The symmetric primitives of XML Encryption: AES-GCM (xmlenc11), AES-CBC with XML Encryption
//! padding (legacy), and AES key wrap (RFC 3394).
//!
//! Every failure of a decrypting function here is the unit error `Failed`: callers turn it into
//! the one uniform [`XencError::DecryptionFailed`](super::XencError::DecryptionFailed), and the
//! detail goes only to `tracing::debug!`.

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit, generic_array::GenericArray};
use aes::{Aes128, Aes192, Aes256};
use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, AeadCore, Payload};
use aes_gcm::{AesGcm, Nonce};
use zeroize::Zeroizing;

/// A decryption or unwrap failure. Deliberately carries nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Failed;

/// Size of the GCM IV that xmlenc11 prescribes (96 bits).
pub(crate) const GCM_IV_LEN: usize = 12;
/// Size of the GCM tag that xmlenc11 prescribes (128 bits).
pub(crate) const GCM_TAG_LEN: usize = 16;
const BLOCK: usize = 16;

pub(crate) fn random(buf: &mut [u8]) -> Result<(), Failed> {
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), buf).map_err(|_| Failed)
}

fn gcm_open<C>(key: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, Failed>
where
    AesGcm<C, U12>: aes_gcm::aead::KeyInit + Aead + AeadCore<NonceSize = U12>,
{
    if data.len() < GCM_IV_LEN + GCM_TAG_LEN {
        tracing::debug!(
            len = data.len(),
            "xenc: GCM CipherValue shorter than IV + tag"
        );
        return Err(Failed);
    }
    let cipher = <AesGcm<C, U12> as aes_gcm::aead::KeyInit>::new_from_slice(key).map_err(|_| {
        tracing::debug!("xenc: GCM key of the wrong length");
        Failed
    })?;
    let (iv, rest) = data.split_at(GCM_IV_LEN);
    // `decrypt` verifies the tag over the whole ciphertext before it returns any plaintext.
    cipher
        .decrypt(
            Nonce::from_slice(iv),
            Payload {
                msg: rest,
                aad: b"",
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| {
            tracing::debug!("xenc: GCM tag mismatch");
            Failed
        })
}

fn gcm_seal<C>(key: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, Failed>
where
    AesGcm<C, U12>: aes_gcm::aead::KeyInit + Aead + AeadCore<NonceSize = U12>,
{
    let cipher =
        <AesGcm<C, U12> as aes_gcm::aead::KeyInit>::new_from_slice(key).map_err(|_| Failed)?;
    let mut iv = [0u8; GCM_IV_LEN];
    random(&mut iv)?;
    let ct = cipher
        .encrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: plaintext,
                aad: b"",
            },
        )
        .map_err(|_| Failed)?;
    let mut out = Vec::with_capacity(GCM_IV_LEN + ct.len());
    out.extend_from_slice(&iv);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// AES-GCM decryption of `IV || ciphertext || tag`, key length selecting AES-128/192/256.
pub(crate) fn gcm_decrypt(key: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, Failed> {
    match key.len() {
        16 => gcm_open::<Aes128>(key, data),
        24 => gcm_open::<Aes192>(key, data),
        32 => gcm_open::<Aes256>(key, data),
        n => {
            tracing::debug!(len = n, "xenc: GCM key of the wrong length");
            Err(Failed)
        }
    }
}

/// AES-GCM encryption with a fresh random IV, giving `IV || ciphertext || tag`.
pub(crate) fn gcm_encrypt(key: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, Failed> {
    match key.len() {
        16 => gcm_seal::<Aes128>(key, plaintext),
        24 => gcm_seal::<Aes192>(key, plaintext),
        32 => gcm_seal::<Aes256>(key, plaintext),
        _ => Err(Failed),
    }
}

/// One AES block cipher of any key size.
enum Aes {
    A128(Box<Aes128>),
    A192(Box<Aes192>),
    A256(Box<Aes256>),
}

impl Aes {
    fn new(key: &[u8]) -> Result<Aes, Failed> {
        Ok(match key.len() {
            16 => Aes::A128(Box::new(Aes128::new_from_slice(key).map_err(|_| Failed)?)),
            24 => Aes::A192(Box::new(Aes192::new_from_slice(key).map_err(|_| Failed)?)),
            32 => Aes::A256(Box::new(Aes256::new_from_slice(key).map_err(|_| Failed)?)),
            n => {
                tracing::debug!(len = n, "xenc: AES key of the wrong length");
                return Err(Failed);
            }
        })
    }

    fn encrypt(&self, block: &mut [u8; BLOCK]) {
        let b = GenericArray::from_mut_slice(block);
        match self {
            Aes::A128(c) => c.encrypt_block(b),
            Aes::A192(c) => c.encrypt_block(b),
            Aes::A256(c) => c.encrypt_block(b),
        }
    }

    fn decrypt(&self, block: &mut [u8; BLOCK]) {
        let b = GenericArray::from_mut_slice(block);
        match self {
            Aes::A128(c) => c.decrypt_block(b),
            Aes::A192(c) => c.decrypt_block(b),
            Aes::A256(c) => c.decrypt_block(b),
        }
    }
}

/// AES-CBC decryption of `IV || ciphertext` with XML Encryption padding (the last byte is the
/// pad length, 1 to 16; the other pad bytes are arbitrary and not checked).
///
/// CBC has no integrity: a modified ciphertext usually decrypts to different bytes rather than
/// failing. AES-CBC content must sit inside signed content, verified before decryption.
pub(crate) fn cbc_decrypt(key: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, Failed> {
    let aes = Aes::new(key)?;
    if data.len() < 2 * BLOCK || !data.len().is_multiple_of(BLOCK) {
        tracing::debug!(len = data.len(), "xenc: CBC CipherValue of a bad length");
        return Err(Failed);
    }
    let (iv, ct) = data.split_at(BLOCK);
    let mut prev = [0u8; BLOCK];
    prev.copy_from_slice(iv);
    let mut out = Zeroizing::new(Vec::with_capacity(ct.len()));
    for chunk in ct.chunks_exact(BLOCK) {
        let mut block = [0u8; BLOCK];
        block.copy_from_slice(chunk);
        let saved = block;
        aes.decrypt(&mut block);
        for (b, p) in block.iter_mut().zip(prev.iter()) {
            *b ^= p;
        }
        out.extend_from_slice(&block);
        prev = saved;
    }
    let pad = out.last().copied().unwrap_or(0) as usize;
    if pad == 0 || pad > BLOCK {
        tracing::debug!("xenc: CBC padding byte out of range");
        return Err(Failed);
    }
    let keep = out.len() - pad;
    out.truncate(keep);
    Ok(out)
}

/// AES-CBC encryption with a fresh random IV and XML Encryption padding (random pad bytes,
/// last byte = pad length), giving `IV || ciphertext`.
pub(crate) fn cbc_encrypt(key: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, Failed> {
    let aes = Aes::new(key)?;
    let pad = BLOCK - plaintext.len() % BLOCK;
    let mut padded = Zeroizing::new(Vec::with_capacity(plaintext.len() + pad));
    padded.extend_from_slice(plaintext);
    let mut filler = [0u8; BLOCK];
    random(&mut filler[..pad - 1])?;
    padded.extend_from_slice(&filler[..pad - 1]);
    padded.push(pad as u8);
    let mut iv = [0u8; BLOCK];
    random(&mut iv)?;
    let mut out = Vec::with_capacity(BLOCK + padded.len());
    out.extend_from_slice(&iv);
    let mut prev = iv;
    for chunk in padded.chunks_exact(BLOCK) {
        let mut block = [0u8; BLOCK];
        for ((b, c), p) in block.iter_mut().zip(chunk).zip(prev.iter()) {
            *b = c ^ p;
        }
        aes.encrypt(&mut block);
        out.extend_from_slice(&block);
        prev = block;
    }
    Ok(out)
}

const KW_IV: [u8; 8] = [0xA6; 8];

/// RFC 3394 AES key wrap of `key` (a multiple of 8 bytes, at least 16) under `kek`.
pub(crate) fn kw_wrap(kek: &[u8], key: &[u8]) -> Result<Vec<u8>, Failed> {
    let aes = Aes::new(kek)?;
    if key.len() < 16 || !key.len().is_multiple_of(8) {
        return Err(Failed);
    }
    let n = key.len() / 8;
    let mut a = KW_IV;
    let mut r = Zeroizing::new(key.to_vec());
    for j in 0..6u64 {
        for i in 0..n {
            let mut b = [0u8; BLOCK];
            b[..8].copy_from_slice(&a);
            b[8..].copy_from_slice(&r[i * 8..i * 8 + 8]);
            aes.encrypt(&mut b);
            let t = (n as u64) * j + (i as u64 + 1);
            a.copy_from_slice(&b[..8]);
            for (x, y) in a.iter_mut().zip(t.to_be_bytes()) {
                *x ^= y;
            }
            r[i * 8..i * 8 + 8].copy_from_slice(&b[8..]);
        }
    }
    let mut out = Vec::with_capacity(8 + r.len());
    out.extend_from_slice(&a);
    out.extend_from_slice(&r);
    Ok(out)
}

/// RFC 3394 AES key unwrap; the integrity check value is compared in constant time.
pub(crate) fn kw_unwrap(kek: &[u8], wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, Failed> {
    let aes = Aes::new(kek)?;
    if wrapped.len() < 24 || !wrapped.len().is_multiple_of(8) {
        tracing::debug!(len = wrapped.len(), "xenc: wrapped key of a bad length");
        return Err(Failed);
    }
    let n = wrapped.len() / 8 - 1;
    let mut a = [0u8; 8];
    a.copy_from_slice(&wrapped[..8]);
    let mut r = Zeroizing::new(wrapped[8..].to_vec());
    for j in (0..6u64).rev() {
        for i in (0..n).rev() {
            let t = (n as u64) * j + (i as u64 + 1);
            let mut b = [0u8; BLOCK];
            for (x, (y, z)) in b[..8].iter_mut().zip(a.iter().zip(t.to_be_bytes())) {
                *x = y ^ z;
            }
            b[8..].copy_from_slice(&r[i * 8..i * 8 + 8]);
            aes.decrypt(&mut b);
            a.copy_from_slice(&b[..8]);
            r[i * 8..i * 8 + 8].copy_from_slice(&b[8..]);
        }
    }
    if !crate::keys::constant_time_eq(&a, &KW_IV) {
        tracing::debug!("xenc: key unwrap integrity check failed");
        return Err(Failed);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn rfc3394_vectors() {
        // RFC 3394 4.1, 4.3, 4.6.
        let cases = [
            (
                "000102030405060708090A0B0C0D0E0F",
                "00112233445566778899AABBCCDDEEFF",
                "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5",
            ),
            (
                "000102030405060708090A0B0C0D0E0F1011121314151617",
                "00112233445566778899AABBCCDDEEFF0001020304050607",
                "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2",
            ),
            (
                "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
                "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
                "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
            ),
        ];
        for (kek, key, wrapped) in cases {
            let (kek, key, wrapped) = (hex(kek), hex(key), hex(wrapped));
            assert_eq!(kw_wrap(&kek, &key).unwrap(), wrapped);
            assert_eq!(&*kw_unwrap(&kek, &wrapped).unwrap(), &key[..]);
            let mut bad = wrapped.clone();
            bad[5] ^= 1;
            assert_eq!(kw_unwrap(&kek, &bad), Err(Failed));
        }
        assert_eq!(kw_unwrap(&[0; 16], &[0; 16]), Err(Failed));
        assert_eq!(kw_unwrap(&[0; 15], &[0; 24]), Err(Failed));
    }

    #[test]
    fn cbc_round_trip_and_padding() {
        for len in [0usize, 1, 15, 16, 17, 100] {
            for key in [&[7u8; 16][..], &[7u8; 24][..], &[7u8; 32][..]] {
                let pt: Vec<u8> = (0..len as u8).collect();
                let ct = cbc_encrypt(key, &pt).unwrap();
                assert_eq!(ct.len() % 16, 0);
                assert_eq!(&*cbc_decrypt(key, &ct).unwrap(), &pt[..]);
            }
        }
        assert_eq!(cbc_decrypt(&[0; 16], &[0; 16]), Err(Failed));
        assert_eq!(cbc_decrypt(&[0; 16], &[0; 33]), Err(Failed));
    }

    #[test]
    fn gcm_round_trip_and_tamper() {
        for key in [&[9u8; 16][..], &[9u8; 24][..], &[9u8; 32][..]] {
            let ct = gcm_encrypt(key, b"hello").unwrap();
            assert_eq!(ct.len(), 12 + 5 + 16);
            assert_eq!(&*gcm_decrypt(key, &ct).unwrap(), b"hello");
            for i in 0..ct.len() {
                let mut bad = ct.clone();
                bad[i] ^= 0x80;
                assert_eq!(gcm_decrypt(key, &bad), Err(Failed));
            }
        }
        assert_eq!(gcm_decrypt(&[0; 16], &[0; 27]), Err(Failed));
    }
}

//! The test PKI of `testdata/pki/` (see its README): certificates, keys and a key store
//! trusting the test root CA.

use soapsec::keys::{Certificate, PrivateKey, TrustStore};
use soapsec::token::KeyStore;

/// The bytes of `testdata/pki/<path>`.
pub fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/testdata/pki/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// `testdata/pki/<name>.pem`.
pub fn cert(name: &str) -> Certificate {
    Certificate::load(&read(&format!("{name}.pem"))).unwrap()
}

/// `testdata/pki/<name>.key.pem`.
pub fn key(name: &str) -> PrivateKey {
    PrivateKey::load(&read(&format!("{name}.key.pem"))).unwrap()
}

/// A key store holding the identity `name` (key and certificate) and trusting the test root.
pub fn store(name: &str) -> KeyStore {
    let mut trust = TrustStore::new();
    trust.add_anchor(cert("root-ca"));
    let mut s = KeyStore::new(trust);
    s.add_identity(key(name), cert(name)).unwrap();
    s
}

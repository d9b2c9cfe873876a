//! RS256 signatures checked with ring, through jsonwebtoken's own extension point (its
//! `CryptoProvider`): serve verifies a Cognito token on every request, and jsonwebtoken's
//! RustCrypto backend rebuilds the RSA key from its modulus and exponent for each one, in
//! portable big-number code. Profiled under `cargo bench --bench serve`, that was 43% of the
//! server's time at 6,900 requests a second. ring (already in the build for rustls) checks the
//! same PKCS#1 v1.5 SHA-256 signature in assembly. Every other algorithm, and all signing,
//! stays with RustCrypto.

use std::sync::LazyLock;

use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, rust_crypto};
use jsonwebtoken::errors::Result;
use jsonwebtoken::signature::{Error as SignatureError, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, DecodingKeyKind, EncodingKey};
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents, UnparsedPublicKey};

/// The provider serve installs: RS256 verification by ring, the rest by RustCrypto.
static PROVIDER: LazyLock<CryptoProvider> = LazyLock::new(|| CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    key_utils: rust_crypto::DEFAULT_PROVIDER.key_utils.clone(),
});

/// Makes [`PROVIDER`] the process's provider; a no-op when one is already installed (a
/// second gateway in the same process, or a test's own).
pub(crate) fn install() {
    let provider: &'static CryptoProvider = &PROVIDER;
    let _ = provider.install_default();
}

fn signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    (rust_crypto::DEFAULT_PROVIDER.signer_factory)(algorithm, key)
}

fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    if *algorithm != Algorithm::RS256 {
        return (rust_crypto::DEFAULT_PROVIDER.verifier_factory)(algorithm, key);
    }
    let key = match key.kind() {
        DecodingKeyKind::RsaModulusExponent { n, e } => RsaKey::Components(n.clone(), e.clone()),
        DecodingKeyKind::SecretOrDer(der) => RsaKey::Der(der.clone()),
    };
    Ok(Box::new(Rs256 { key }))
}

/// An RSA public key as a JWK gives it (modulus and exponent, big-endian) or as PKCS#1 DER.
enum RsaKey {
    Components(Vec<u8>, Vec<u8>),
    Der(Vec<u8>),
}

/// An RS256 verifier over one key.
struct Rs256 {
    key: RsaKey,
}

impl Verifier<Vec<u8>> for Rs256 {
    fn verify(
        &self,
        message: &[u8],
        signature: &Vec<u8>,
    ) -> std::result::Result<(), SignatureError> {
        let checked = match &self.key {
            RsaKey::Components(n, e) => RsaPublicKeyComponents { n, e }.verify(
                &RSA_PKCS1_2048_8192_SHA256,
                message,
                signature,
            ),
            RsaKey::Der(der) => {
                UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der).verify(message, signature)
            }
        };
        checked.map_err(|_| SignatureError::new())
    }
}

impl JwtVerifier for Rs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::RS256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests' RSA key (tests/fixtures/serve/test-key.pem) and its public half.
    fn keys() -> (EncodingKey, DecodingKey) {
        let pem = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/serve/test-key.pem"),
        )
        .expect("the test key");
        let encoding = EncodingKey::from_rsa_pem(&pem).expect("an RSA key");
        let jwks: serde_json::Value = serde_json::from_slice(
            &std::fs::read(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/serve/jwks.json"),
            )
            .expect("the test JWKS"),
        )
        .expect("JSON");
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(jwks["keys"][0].clone()).expect("a JWK");
        (encoding, DecodingKey::from_jwk(&jwk).expect("a key"))
    }

    #[test]
    fn ring_accepts_what_rust_crypto_signed_and_refuses_a_changed_message() {
        let (encoding, decoding) = keys();
        let message = b"header.payload";
        let signature = signer(&Algorithm::RS256, &encoding)
            .unwrap()
            .try_sign(message)
            .unwrap();
        let check = verifier(&Algorithm::RS256, &decoding).unwrap();
        assert!(check.verify(message, &signature).is_ok());
        assert!(check.verify(b"header.payloae", &signature).is_err());
        let mut tampered = signature.clone();
        tampered[0] ^= 1;
        assert!(check.verify(message, &tampered).is_err());
    }
}

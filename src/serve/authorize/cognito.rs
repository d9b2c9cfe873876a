//! The Cognito user pool authorizer: the token in its identity source verified as API
//! Gateway verifies it. RS256 only, against the pool's JWKS (`--jwks FILE`); the issuer
//! must be one of the authorizer's pools; `exp` and `nbf` hold within [`CLOCK_SKEW_SECONDS`];
//! `token_use` is `id` or `access`; a method with scopes takes only an access token carrying
//! one of them; the `aud` (ID token) or `client_id` (access token) must be one of the pool's
//! clients when the template creates them. The verified claims, as strings, become
//! `requestContext.authorizer.claims`.

use std::collections::{BTreeMap, BTreeSet};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::{Map, Value};

/// How far `exp` and `nbf` may be off: 5 seconds, for clocks a little apart.
pub const CLOCK_SKEW_SECONDS: u64 = 5;

/// The keys tokens may be signed with, by `kid` (RSA keys only).
#[derive(Clone, Default)]
pub struct Jwks {
    keys: BTreeMap<String, DecodingKey>,
}

impl std::fmt::Debug for Jwks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jwks")
            .field("kids", &self.keys.keys())
            .finish()
    }
}

impl Jwks {
    /// The RSA keys of a JWKS document (`{"keys": [...]}`), by `kid`; a key without `kid`
    /// or not RSA is left out, a document that is not a JWKS is an error.
    pub fn from_json(text: &str) -> Result<Self, String> {
        // Before any key is used: RS256 checks by ring (rs256.rs).
        super::rs256::install();
        let set: JwkSet = serde_json::from_str(text).map_err(|e| format!("not a JWKS: {e}"))?;
        let mut keys = BTreeMap::new();
        for jwk in &set.keys {
            let Some(kid) = &jwk.common.key_id else {
                continue;
            };
            if !matches!(
                jwk.algorithm,
                jsonwebtoken::jwk::AlgorithmParameters::RSA(_)
            ) {
                continue;
            }
            let key = DecodingKey::from_jwk(jwk).map_err(|e| format!("key {kid}: {e}"))?;
            keys.insert(kid.clone(), key);
        }
        Ok(Self { keys })
    }

    /// Adds `other`'s keys (a `kid` already here keeps its key).
    pub fn extend(&mut self, other: Jwks) {
        for (kid, key) in other.keys {
            self.keys.entry(kid).or_insert(key);
        }
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// One Cognito authorizer of the API.
#[derive(Debug, Clone)]
pub struct CognitoAuthorizer {
    /// Its name.
    pub name: String,
    /// The request header holding the token (`Authorization`).
    pub header: String,
    /// The issuers of its pools (`https://cognito-idp.{region}.amazonaws.com/{pool id}`).
    pub issuers: Vec<String>,
    /// The client ids of its pools, when the template creates every pool's clients; None
    /// when a pool comes from outside the template (its clients are unknown).
    pub clients: Option<BTreeSet<String>>,
    /// The issuers of the pools the template creates (local ids: no keys to fetch).
    pub created: BTreeSet<String>,
}

/// Why a token was refused: API Gateway's message, and the precise reason for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The message of the 401 (`Unauthorized`, `The incoming token has expired`).
    pub message: &'static str,
    /// The reason, for the log line.
    pub reason: String,
}

fn refused(reason: impl Into<String>) -> Refused {
    Refused {
        message: "Unauthorized",
        reason: reason.into(),
    }
}

/// A verified token: its claims as strings, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The claims, each as a string (arrays and objects as JSON).
    pub claims: BTreeMap<String, String>,
    /// `id` or `access`.
    pub token_use: String,
}

impl CognitoAuthorizer {
    /// The issuer of the pool `arn` (`arn:aws:cognito-idp:{region}:{account}:userpool/{id}`),
    /// or None when it is no pool ARN.
    pub fn issuer_of(arn: &str) -> Option<String> {
        let rest = arn.strip_prefix("arn:")?;
        let mut parts = rest.splitn(5, ':');
        let (_partition, service, region, _account, resource) = (
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
            parts.next()?,
        );
        let pool = resource.strip_prefix("userpool/")?;
        (service == "cognito-idp" && !pool.is_empty() && !region.is_empty())
            .then(|| format!("https://cognito-idp.{region}.amazonaws.com/{pool}"))
    }

    /// Verifies `token` (the identity source's value, None when the header is absent) for a
    /// method with `scopes`, at the current time.
    pub fn verify(
        &self,
        jwks: &Jwks,
        token: Option<&str>,
        scopes: &BTreeSet<String>,
    ) -> Result<Verified, Refused> {
        let token = token.ok_or_else(|| refused(format!("no {} header", self.header)))?;
        let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
        if token.is_empty() {
            return Err(refused(format!("empty {} header", self.header)));
        }
        let header = decode_header(token).map_err(|e| refused(format!("malformed token: {e}")))?;
        if header.alg != Algorithm::RS256 {
            return Err(refused(format!(
                "alg {:?}, only RS256 is accepted",
                header.alg
            )));
        }
        let kid = header.kid.ok_or_else(|| refused("token has no kid"))?;
        let key = jwks
            .keys
            .get(&kid)
            .ok_or_else(|| refused(format!("kid {kid} is not in the JWKS")))?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = CLOCK_SKEW_SECONDS;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.set_issuer(&self.issuers);
        validation.set_required_spec_claims(&["exp", "iss"]);
        let data =
            decode::<Map<String, Value>>(token, key, &validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => Refused {
                    message: "The incoming token has expired",
                    reason: "token expired".to_owned(),
                },
                ErrorKind::ImmatureSignature => refused("token not yet valid (nbf)"),
                ErrorKind::InvalidIssuer => refused("issuer is not the authorizer's pool"),
                ErrorKind::InvalidSignature => refused("bad signature"),
                other => refused(format!("invalid token: {other:?}")),
            })?;
        let claims = data.claims;
        let token_use = claims
            .get("token_use")
            .and_then(Value::as_str)
            .unwrap_or("");
        let client = match token_use {
            "id" => claims.get("aud").and_then(Value::as_str),
            "access" => claims.get("client_id").and_then(Value::as_str),
            other => {
                return Err(refused(format!(
                    "token_use {other:?} is neither id nor access"
                )));
            }
        };
        if let Some(clients) = &self.clients {
            match client {
                Some(c) if clients.contains(c) => {}
                Some(c) => return Err(refused(format!("client {c} is not a client of the pool"))),
                None => return Err(refused("token names no client")),
            }
        }
        if !scopes.is_empty() {
            if token_use != "access" {
                return Err(refused(
                    "an ID token on a method with scopes (needs an access token)",
                ));
            }
            let granted = claims.get("scope").and_then(Value::as_str).unwrap_or("");
            if !granted.split(' ').any(|s| scopes.contains(s)) {
                let wanted: Vec<&str> = scopes.iter().map(String::as_str).collect();
                return Err(refused(format!("no scope of {}", wanted.join(" "))));
            }
        }
        let token_use = token_use.to_owned();
        let claims = claims
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect();
        Ok(Verified { claims, token_use })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_arn_gives_its_issuer() {
        assert_eq!(
            CognitoAuthorizer::issuer_of(
                "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"
            )
            .as_deref(),
            Some("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc")
        );
        assert_eq!(CognitoAuthorizer::issuer_of("arn:aws:s3:::bucket"), None);
    }
}

//! `AWS_IAM` methods: the request's Signature Version 4 verified as API Gateway verifies it,
//! against the credentials serve is given (`--credentials ID=SECRET`). The `Authorization`
//! header is parsed, its scope checked (date, the served region, `execute-api`), `X-Amz-Date`
//! must be within 5 minutes of now, the access key must be a given one (and the session
//! token, when there is one, its token); then the request as received is signed again with
//! that key's secret and the request's own date by [aws-sigv4](https://crates.io/crates/aws-sigv4),
//! and the two signatures are compared in constant time. The messages are API Gateway's.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use subtle::ConstantTimeEq;

use crate::serve::gateway_response::ResponseType;

mod authorization;
mod signature;

use authorization::Authorization;
use signature::{check_clock, expected_signature, parse_amz_date};

/// The service execute-api requests are signed for.
pub const SERVICE: &str = "execute-api";
/// How far `X-Amz-Date` may be from the server's clock: 5 minutes, as AWS allows.
pub const MAX_SKEW: Duration = Duration::from_secs(300);

/// One access key with its secret (and session token, for temporary credentials). Its
/// `Debug` hides the secret and the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    /// The access key id.
    pub access_key: String,
    /// The secret access key.
    pub secret: String,
    /// The session token of temporary credentials.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("access_key", &self.access_key)
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// `ACCESS_KEY_ID=SECRET`, or `ACCESS_KEY_ID=SECRET:SESSION_TOKEN` for temporary
    /// credentials; the error says what is wrong.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (key, rest) = spec
            .split_once('=')
            .filter(|(k, s)| !k.is_empty() && !s.is_empty())
            .ok_or_else(|| "expected ACCESS_KEY_ID=SECRET[:SESSION_TOKEN]".to_owned())?;
        let (secret, session_token) = match rest.split_once(':') {
            Some((secret, token)) if !token.is_empty() => (secret, Some(token.to_owned())),
            Some(_) => return Err(format!("{key}: an empty session token")),
            None => (rest, None),
        };
        if secret.is_empty() {
            return Err(format!("{key}: an empty secret"));
        }
        Ok(Self {
            access_key: key.to_owned(),
            secret: secret.to_owned(),
            session_token,
        })
    }
}

/// The credentials serve accepts, by access key id.
#[derive(Clone, Default)]
pub struct IamCredentials {
    by_key: BTreeMap<String, Credential>,
}

impl std::fmt::Debug for IamCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IamCredentials")
            .field("access_keys", &self.by_key.keys())
            .finish()
    }
}

/// What a request gives its signature check: the method, the request target as received
/// (path and query, still percent-encoded), every header and the body.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The request target (`/prod/orders?id=1`).
    pub target: &'a str,
    /// The headers as sent.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

/// Who signed a request that passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The access key id (`requestContext.identity.accessKey`).
    pub access_key: String,
}

/// Why a request was refused: the gateway response type, API Gateway's message and
/// `x-amzn-ErrorType`, and the precise reason for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamRefusal {
    /// The gateway response type.
    pub kind: ResponseType,
    /// API Gateway's message.
    pub message: String,
    /// The `x-amzn-ErrorType` AWS sends with it.
    pub error_type: &'static str,
    /// Why, for the log line.
    pub reason: String,
}

impl IamRefusal {
    fn new(kind: ResponseType, error_type: &'static str, message: String, reason: &str) -> Self {
        Self {
            kind,
            message,
            error_type,
            reason: reason.to_owned(),
        }
    }

    pub(super) fn incomplete(message: String, reason: &str) -> Self {
        Self::new(
            ResponseType::InvalidSignature,
            "IncompleteSignatureException",
            message,
            reason,
        )
    }

    pub(super) fn invalid(message: String, reason: &str) -> Self {
        Self::new(
            ResponseType::InvalidSignature,
            "InvalidSignatureException",
            message,
            reason,
        )
    }
}

impl IamCredentials {
    /// Adds one credential, `ACCESS_KEY_ID=SECRET` or, for temporary credentials,
    /// `ACCESS_KEY_ID=SECRET:SESSION_TOKEN`; the error says what is wrong.
    pub fn add(&mut self, spec: &str) -> Result<(), String> {
        let credential = Credential::parse(spec)?;
        self.by_key
            .insert(credential.access_key.clone(), credential);
        Ok(())
    }

    /// True when no credential was given: every `AWS_IAM` method then refuses.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The access key ids accepted.
    pub fn access_keys(&self) -> Vec<&str> {
        self.by_key.keys().map(String::as_str).collect()
    }

    /// The caller of `request` when its signature is one of these credentials' for
    /// `region` and `execute-api`, made within [`MAX_SKEW`] of `now`; else API Gateway's
    /// refusal.
    pub fn verify(
        &self,
        request: &SignedRequest<'_>,
        region: &str,
        now: SystemTime,
    ) -> Result<Caller, IamRefusal> {
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let Some(authorization) = header("Authorization") else {
            return Err(IamRefusal::new(
                ResponseType::MissingAuthenticationToken,
                "MissingAuthenticationTokenException",
                ResponseType::MissingAuthenticationToken
                    .default_message()
                    .to_owned(),
                "AWS_IAM: no Authorization header",
            ));
        };
        let parsed = Authorization::parse(authorization)?;
        let Some(date_text) = header("X-Amz-Date") else {
            return Err(IamRefusal::incomplete(
                format!(
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={authorization}"
                ),
                "AWS_IAM: no X-Amz-Date",
            ));
        };
        let date = parse_amz_date(date_text).ok_or_else(|| {
            IamRefusal::incomplete(
                format!("Date must be in ISO-8601 'basic format'. Got '{date_text}'. See http://en.wikipedia.org/wiki/ISO_8601"),
                "AWS_IAM: X-Amz-Date is not a date",
            )
        })?;
        parsed.check_scope(date_text, region)?;
        check_clock(date, now)?;
        let secret = self.by_key.get(parsed.access_key).ok_or_else(|| {
            IamRefusal::new(
                ResponseType::InvalidSignature,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.".to_owned(),
                &format!("AWS_IAM: unknown access key {}", parsed.access_key),
            )
        })?;
        let token = header("X-Amz-Security-Token");
        if token != secret.session_token.as_deref() {
            return Err(IamRefusal::new(
                ResponseType::InvalidSignature,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.".to_owned(),
                &format!(
                    "AWS_IAM: the session token of {} is not the one given",
                    parsed.access_key
                ),
            ));
        }
        if !parsed.signed_headers.contains(&"host") {
            return Err(IamRefusal::incomplete(
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
                    .to_owned(),
                "AWS_IAM: host is not signed",
            ));
        }
        let expected = expected_signature(
            request,
            &parsed,
            &secret.secret,
            token.map(str::to_owned),
            (region, SERVICE),
            date,
        )
        .map_err(|why| {
            IamRefusal::invalid(
                ResponseType::InvalidSignature.default_message().to_owned(),
                &format!("AWS_IAM: the request can't be signed again: {why}"),
            )
        })?;
        if bool::from(expected.as_bytes().ct_eq(parsed.signature.as_bytes())) {
            Ok(Caller {
                access_key: parsed.access_key.to_owned(),
            })
        } else {
            Err(IamRefusal::invalid(
                ResponseType::InvalidSignature.default_message().to_owned(),
                &format!(
                    "AWS_IAM: the signature of {} does not match the request",
                    parsed.access_key
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> IamCredentials {
        let mut c = IamCredentials::default();
        c.add("AKIDEXAMPLE=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .unwrap();
        c
    }
    #[test]
    fn a_credential_is_id_equals_secret_with_an_optional_session_token() {
        let mut c = IamCredentials::default();
        c.add("ASIA1=s3cret:tok/en==").unwrap();
        assert_eq!(c.by_key["ASIA1"].session_token.as_deref(), Some("tok/en=="));
        assert!(c.add("=x").is_err());
        assert!(c.add("AKID").is_err());
        assert!(c.add("AKID=").is_err());
        assert!(c.add("AKID=s:").is_err());
        assert!(!format!("{c:?}").contains("s3cret"));
    }
    #[test]
    fn no_authorization_is_missing_authentication_token() {
        let request = SignedRequest {
            method: "GET",
            target: "/",
            headers: &[],
            body: b"",
        };
        let refused = credentials()
            .verify(&request, "us-east-1", SystemTime::now())
            .unwrap_err();
        assert_eq!(refused.kind, ResponseType::MissingAuthenticationToken);
        assert_eq!(refused.message, "Missing Authentication Token");
    }
    #[test]
    fn a_bearer_token_is_an_incomplete_signature() {
        let headers = vec![("Authorization".to_owned(), "Bearer abc".to_owned())];
        let request = SignedRequest {
            method: "GET",
            target: "/",
            headers: &headers,
            body: b"",
        };
        let refused = credentials()
            .verify(&request, "us-east-1", SystemTime::now())
            .unwrap_err();
        assert_eq!(refused.error_type, "IncompleteSignatureException");
        assert!(
            refused
                .message
                .starts_with("Authorization header requires 'Credential' parameter.")
        );
    }
}

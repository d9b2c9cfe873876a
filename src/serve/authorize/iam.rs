//! `AWS_IAM` methods: the request's Signature Version 4 verified as API Gateway verifies it,
//! against the credentials serve is given (`--credentials ID=SECRET`). The `Authorization`
//! header is parsed, its scope checked (date, the served region, `execute-api`), `X-Amz-Date`
//! must be within 5 minutes of now, the access key must be a given one (and the session
//! token, when there is one, its token); then the request as received is signed again with
//! that key's secret and the request's own date by [aws-sigv4](https://crates.io/crates/aws-sigv4),
//! and the two signatures are compared in constant time. The messages are API Gateway's.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use subtle::ConstantTimeEq;
use time::format_description::BorrowedFormatItem;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::serve::gateway_response::ResponseType;

/// The service execute-api requests are signed for.
pub const SERVICE: &str = "execute-api";
/// How far `X-Amz-Date` may be from the server's clock: 5 minutes, as AWS allows.
pub const MAX_SKEW: Duration = Duration::from_secs(300);
/// The only algorithm: `AWS4-HMAC-SHA256`.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The secret (and session token) of one access key. Its `Debug` hides the secret.
#[derive(Clone)]
struct Secret {
    secret: String,
    session_token: Option<String>,
}

/// The credentials serve accepts, by access key id.
#[derive(Clone, Default)]
pub struct IamCredentials {
    by_key: BTreeMap<String, Secret>,
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

    fn incomplete(message: String, reason: &str) -> Self {
        Self::new(
            ResponseType::InvalidSignature,
            "IncompleteSignatureException",
            message,
            reason,
        )
    }

    fn invalid(message: String, reason: &str) -> Self {
        Self::new(
            ResponseType::InvalidSignature,
            "InvalidSignatureException",
            message,
            reason,
        )
    }
}

/// `20150830T123600Z`, the format of `X-Amz-Date`.
fn amz_date_format() -> Vec<BorrowedFormatItem<'static>> {
    time::format_description::parse_borrowed::<2>("[year][month][day]T[hour][minute][second]Z")
        .unwrap_or_default()
}

/// `X-Amz-Date`'s time.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    PrimitiveDateTime::parse(text, &amz_date_format())
        .ok()
        .map(|t| t.assume_utc().into())
}

/// A time in `X-Amz-Date`'s format.
fn format_amz_date(time: SystemTime) -> String {
    OffsetDateTime::from(time)
        .format(&amz_date_format())
        .unwrap_or_default()
}

impl IamCredentials {
    /// Adds one credential, `ACCESS_KEY_ID=SECRET` or, for temporary credentials,
    /// `ACCESS_KEY_ID=SECRET:SESSION_TOKEN`; the error says what is wrong.
    pub fn add(&mut self, spec: &str) -> Result<(), String> {
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
        self.by_key.insert(
            key.to_owned(),
            Secret {
                secret: secret.to_owned(),
                session_token,
            },
        );
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
                SIGNATURE_MISMATCH.to_owned(),
                &format!("AWS_IAM: the request can't be signed again: {why}"),
            )
        })?;
        if bool::from(expected.as_bytes().ct_eq(parsed.signature.as_bytes())) {
            Ok(Caller {
                access_key: parsed.access_key.to_owned(),
            })
        } else {
            Err(IamRefusal::invalid(
                SIGNATURE_MISMATCH.to_owned(),
                &format!(
                    "AWS_IAM: the signature of {} does not match the request",
                    parsed.access_key
                ),
            ))
        }
    }
}

/// API Gateway's message for a signature that is not the request's.
const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// `date` within [`MAX_SKEW`] of `now`, else AWS's "Signature expired" (or "not yet current").
fn check_clock(date: SystemTime, now: SystemTime) -> Result<(), IamRefusal> {
    let now_text = format_amz_date(now);
    let date_text = format_amz_date(date);
    if date + MAX_SKEW < now {
        return Err(IamRefusal::invalid(
            format!(
                "Signature expired: {date_text} is now earlier than {} ({now_text} - 5 min.)",
                format_amz_date(now - MAX_SKEW)
            ),
            &format!("AWS_IAM: X-Amz-Date {date_text} is more than 5 minutes old"),
        ));
    }
    if date > now + MAX_SKEW {
        return Err(IamRefusal::invalid(
            format!(
                "Signature not yet current: {date_text} is still later than {} ({now_text} + 5 min.)",
                format_amz_date(now + MAX_SKEW)
            ),
            &format!("AWS_IAM: X-Amz-Date {date_text} is more than 5 minutes ahead"),
        ));
    }
    Ok(())
}

/// The parts of an `AWS4-HMAC-SHA256` `Authorization` header.
#[derive(Debug)]
struct Authorization<'a> {
    access_key: &'a str,
    /// `date/region/service/aws4_request`.
    scope: [&'a str; 4],
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    /// The header's parts; a header without them is AWS's IncompleteSignature.
    fn parse(text: &'a str) -> Result<Self, IamRefusal> {
        let (algorithm, rest) = text.trim().split_once(' ').unwrap_or((text.trim(), ""));
        if algorithm != ALGORITHM {
            return Err(IamRefusal::incomplete(
                format!(
                    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization={text}"
                ),
                "AWS_IAM: the Authorization header is not AWS4-HMAC-SHA256",
            ));
        }
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',') {
            match part.trim().split_once('=') {
                Some(("Credential", v)) => credential = Some(v),
                Some(("SignedHeaders", v)) => signed_headers = Some(v),
                Some(("Signature", v)) => signature = Some(v),
                _ => {}
            }
        }
        let mut missing = Vec::new();
        for (name, value) in [
            ("Credential", credential),
            ("Signature", signature),
            ("SignedHeaders", signed_headers),
        ] {
            if value.is_none_or(str::is_empty) {
                missing.push(format!("Authorization header requires '{name}' parameter."));
            }
        }
        let (Some(credential), Some(signed_headers), Some(signature), true) =
            (credential, signed_headers, signature, missing.is_empty())
        else {
            return Err(IamRefusal::incomplete(
                format!("{} Authorization={text}", missing.join(" ")),
                "AWS_IAM: the Authorization header lacks a part",
            ));
        };
        let parts: Vec<&str> = credential.split('/').collect();
        let [access_key, date, region, service, terminator] = parts.as_slice() else {
            return Err(IamRefusal::incomplete(
                format!(
                    "Credential should be scoped to a valid region, not '{}'. Credential should be scoped to correct service: '{SERVICE}'. Credential should be scoped with a valid terminator: 'aws4_request'.",
                    parts.get(2).unwrap_or(&"")
                ),
                "AWS_IAM: the credential is not KEY/date/region/service/aws4_request",
            ));
        };
        Ok(Self {
            access_key,
            scope: [date, region, service, terminator],
            signed_headers: signed_headers.split(';').collect(),
            signature,
        })
    }

    /// The scope's date is `X-Amz-Date`'s, its region the served one, its service
    /// `execute-api`, its terminator `aws4_request`.
    fn check_scope(&self, amz_date: &str, region: &str) -> Result<(), IamRefusal> {
        let [date, scope_region, service, terminator] = self.scope;
        let mut wrong = Vec::new();
        if scope_region != region {
            wrong.push(format!(
                "Credential should be scoped to a valid region, not '{scope_region}'."
            ));
        }
        if service != SERVICE {
            wrong.push(format!(
                "Credential should be scoped to correct service: '{SERVICE}'."
            ));
        }
        if terminator != "aws4_request" {
            wrong.push(format!(
                "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'."
            ));
        }
        if !wrong.is_empty() {
            return Err(IamRefusal::invalid(
                format!("{} ", wrong.join(" ")),
                &format!("AWS_IAM: scope {scope_region}/{service}, served {region}/{SERVICE}"),
            ));
        }
        let day = amz_date.get(..8).unwrap_or(amz_date);
        if date != day {
            return Err(IamRefusal::invalid(
                format!(
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{day}', from '{amz_date}'."
                ),
                "AWS_IAM: the scope's date is not X-Amz-Date's",
            ));
        }
        Ok(())
    }
}

/// The signature of `request` (its signed headers, its body) by `secret`, at `date`, for
/// `(region, service)`, as aws-sigv4 computes it.
fn expected_signature(
    request: &SignedRequest<'_>,
    parsed: &Authorization<'_>,
    secret: &str,
    session_token: Option<String>,
    (region, service): (&str, &str),
    date: SystemTime,
) -> Result<String, String> {
    let headers = request.headers.iter().filter_map(|(name, value)| {
        parsed
            .signed_headers
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
            .then_some((name.as_str(), value.as_str()))
    });
    let signable = SignableRequest::new(
        request.method,
        request.target,
        headers,
        SignableBody::Bytes(request.body),
    )
    .map_err(|e| e.to_string())?;
    let identity: Identity = Credentials::new(
        parsed.access_key,
        secret,
        session_token,
        None,
        "apigw-synth serve",
    )
    .into();
    let mut settings = SigningSettings::default();
    // Every header the caller signed counts, the User-Agent too.
    settings.excluded_headers = None;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(date)
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let output = sign(signable, &params).map_err(|e| e.to_string())?;
    Ok(output.signature().to_owned())
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
    fn amz_dates_round_trip() {
        let t = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(format_amz_date(t), "20150830T123600Z");
        assert!(parse_amz_date("2015-08-30T12:36:00Z").is_none());
    }

    /// AWS's own example request of the SigV4 test suite (get-vanilla), signed with its
    /// secret for service `service` in us-east-1.
    #[test]
    fn the_sigv4_test_suites_vanilla_request_passes_for_its_own_service_scope() {
        let headers = vec![
            ("Host".to_owned(), "example.amazonaws.com".to_owned()),
            ("X-Amz-Date".to_owned(), "20150830T123600Z".to_owned()),
            ("Authorization".to_owned(), "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31".to_owned()),
        ];
        let request = SignedRequest {
            method: "GET",
            target: "/",
            headers: &headers,
            body: b"",
        };
        let parsed = Authorization::parse(&headers[2].1).unwrap();
        let date = parse_amz_date("20150830T123600Z").unwrap();
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let signature = expected_signature(
            &request,
            &parsed,
            secret,
            None,
            ("us-east-1", "service"),
            date,
        );
        assert_eq!(signature.unwrap(), parsed.signature);
        // For execute-api it is refused: the scope names another service.
        let refused = credentials()
            .verify(&request, "us-east-1", date)
            .unwrap_err();
        assert_eq!(refused.kind, ResponseType::InvalidSignature);
        assert_eq!(
            refused.message,
            "Credential should be scoped to correct service: 'execute-api'. "
        );
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

    #[test]
    fn a_date_more_than_five_minutes_off_is_expired_or_not_yet_current() {
        let date = parse_amz_date("20261130T120000Z").unwrap();
        let refused = check_clock(date, date + Duration::from_secs(301)).unwrap_err();
        assert_eq!(
            refused.message,
            "Signature expired: 20261130T120000Z is now earlier than 20261130T120001Z (20261130T120501Z - 5 min.)"
        );
        assert!(check_clock(date, date + Duration::from_secs(300)).is_ok());
        let refused = check_clock(date, date - Duration::from_secs(301)).unwrap_err();
        assert!(
            refused.message.starts_with("Signature not yet current: "),
            "{}",
            refused.message
        );
    }
}

//! The signature side of SigV4: `X-Amz-Date` read and written, the 5-minute window, and the
//! signature of a request as received, computed again by aws-sigv4.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use time::format_description::BorrowedFormatItem;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::authorization::Authorization;
use super::{IamRefusal, MAX_SKEW, SignedRequest};

/// `20150830T123600Z`, the format of `X-Amz-Date`.
fn amz_date_format() -> Vec<BorrowedFormatItem<'static>> {
    time::format_description::parse_borrowed::<2>("[year][month][day]T[hour][minute][second]Z")
        .unwrap_or_default()
}

/// `X-Amz-Date`'s time.
pub(super) fn parse_amz_date(text: &str) -> Option<SystemTime> {
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

/// `date` within [`MAX_SKEW`] of `now`, else AWS's "Signature expired" (or "not yet current").
pub(super) fn check_clock(date: SystemTime, now: SystemTime) -> Result<(), IamRefusal> {
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

/// The signature of `request` (its signed headers, its body) by `secret`, at `date`, for
/// `(region, service)`, as aws-sigv4 computes it.
pub(super) fn expected_signature(
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
    use std::time::Duration;

    use super::super::IamCredentials;
    use super::*;
    use crate::serve::gateway_response::ResponseType;

    fn credentials() -> IamCredentials {
        let mut c = IamCredentials::default();
        c.add("AKIDEXAMPLE=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .unwrap();
        c
    }
    #[test]
    fn amz_dates_round_trip() {
        let t = parse_amz_date("20150830T123600Z").unwrap();
        assert_eq!(format_amz_date(t), "20150830T123600Z");
        assert!(parse_amz_date("2015-08-30T12:36:00Z").is_none());
    }
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

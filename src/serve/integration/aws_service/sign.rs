//! What an AWS service call needs beyond the mapped request: the JSON protocol's
//! `X-Amz-Target` of an `action/` URI for the services that speak it, and the call's SigV4
//! signature for the integration's service and region, made by aws-sigv4.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use crate::serve::authorize::iam::Credential;

/// The `X-Amz-Target` prefix and JSON content type of the services API Gateway calls with
/// the JSON protocol (their SDK models' `targetPrefix` and `jsonVersion`); the others take
/// `Action=` in the query (SQS, SNS, …).
pub(super) fn json_protocol(service: &str) -> Option<(&'static str, &'static str)> {
    Some(match service {
        "dynamodb" => ("DynamoDB_20120810", "application/x-amz-json-1.0"),
        "states" => ("AWSStepFunctions", "application/x-amz-json-1.0"),
        "kinesis" => ("Kinesis_20131202", "application/x-amz-json-1.1"),
        "events" => ("AWSEvents", "application/x-amz-json-1.1"),
        "logs" => ("Logs_20140328", "application/x-amz-json-1.1"),
        "firehose" => ("Firehose_20150804", "application/x-amz-json-1.1"),
        "ssm" => ("AmazonSSM", "application/x-amz-json-1.1"),
        "secretsmanager" => ("secretsmanager", "application/x-amz-json-1.1"),
        "kms" => ("TrentService", "application/x-amz-json-1.1"),
        _ => return None,
    })
}

/// The headers that sign `method target` (path and query, encoded) with `headers` (the
/// `Host` among them) and `body` for `service` in `region` at `now`: `Authorization`,
/// `X-Amz-Date`, and `X-Amz-Security-Token` or `x-amz-content-sha256` where they apply.
pub(super) fn signature_headers(
    (method, target): (&str, &str),
    headers: &[(String, String)],
    body: &[u8],
    credential: &Credential,
    (service, region): (&str, &str),
    now: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    let signable = SignableRequest::new(
        method,
        target,
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(body),
    )
    .map_err(|e| e.to_string())?;
    let identity: Identity = Credentials::new(
        &credential.access_key,
        &credential.secret,
        credential.session_token.clone(),
        None,
        "apigw-synth serve",
    )
    .into();
    let mut settings = SigningSettings::default();
    if service == "s3" {
        // S3 signs the path as sent and wants the payload's hash in a header.
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(now)
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let (instructions, _) = sign(signable, &params)
        .map_err(|e| e.to_string())?
        .into_parts();
    Ok(instructions
        .headers()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect())
}

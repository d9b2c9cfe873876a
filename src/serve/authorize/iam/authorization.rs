//! The `Authorization` header of a SigV4 request: its parts (access key, scope, signed
//! headers, signature), and its scope checked against the served region and execute-api.

use super::{IamRefusal, SERVICE};

/// The only algorithm: `AWS4-HMAC-SHA256`.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The parts of an `AWS4-HMAC-SHA256` `Authorization` header.
#[derive(Debug)]
pub(super) struct Authorization<'a> {
    pub(super) access_key: &'a str,
    /// `date/region/service/aws4_request`.
    pub(super) scope: [&'a str; 4],
    pub(super) signed_headers: Vec<&'a str>,
    pub(super) signature: &'a str,
}

impl<'a> Authorization<'a> {
    /// The header's parts; a header without them is AWS's IncompleteSignature.
    pub(super) fn parse(text: &'a str) -> Result<Self, IamRefusal> {
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
    pub(super) fn check_scope(&self, amz_date: &str, region: &str) -> Result<(), IamRefusal> {
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

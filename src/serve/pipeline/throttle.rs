//! The throttling part of a request: the stage's throttling of the method before anything
//! else is decided, and the usage plan of the API key once the key is accepted, each
//! refusal a 429 through the gateway responses (`THROTTLED`, `QUOTA_EXCEEDED`).

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::{Refusal, refuse};
use crate::serve::gateway::Gateway;
use crate::serve::gateway_response::ResponseType;
use crate::serve::throttling::{KeyUse, Limited};

impl Gateway {
    /// The stage's throttling of the method `verb` (as declared) on `resource`.
    pub(super) fn throttle_method(&self, resource: &str, verb: &str) -> Result<(), Refusal> {
        self.throttling
            .method(resource, verb, Instant::now())
            .map_err(refusal)
    }

    /// The usage plan of the accepted API key `key` on the method.
    pub(super) fn throttle_key(
        &self,
        key: &str,
        resource: &str,
        verb: &str,
    ) -> Result<Option<KeyUse<'_>>, Refusal> {
        let unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.throttling
            .key(key, resource, verb, Instant::now(), unix)
            .map_err(refusal)
    }
}

fn refusal(limited: Limited) -> Refusal {
    match limited {
        Limited::Throttled(rule) => refuse(ResponseType::Throttled, rule),
        Limited::QuotaExceeded(rule) => refuse(ResponseType::QuotaExceeded, rule),
    }
}

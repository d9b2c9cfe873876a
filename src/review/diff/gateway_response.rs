//! Gateway responses, by response type: added, removed, or changed property by property.
//! Every gateway-response change is access control (they carry the CORS headers of errors).

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::ApiView;

impl Differ {
    /// The gateway responses of one API pair.
    pub(super) fn gateway_responses(&mut self, old: &ApiView, new: &ApiView) {
        for t in union(&old.gateway_responses, &new.gateway_responses) {
            let subject = || Subject::GatewayResponse {
                response_types: vec![t.clone()],
            };
            match (old.gateway_responses.get(t), new.gateway_responses.get(t)) {
                (Some(_), None) => self.push(
                    Concern::GatewayResponse,
                    Change::of(subject(), ChangeKind::Removed),
                ),
                (None, Some(_)) => self.push(
                    Concern::GatewayResponse,
                    Change::of(subject(), ChangeKind::Added),
                ),
                (Some(o), Some(n)) => self.flat(|_| Concern::GatewayResponse, subject, o, n),
                (None, None) => {}
            }
        }
    }
}

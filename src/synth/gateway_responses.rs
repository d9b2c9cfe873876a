//! Gateway responses: API Gateway's own 4XX and 5XX answers, given the API's CORS headers.

use crate::cfn::Resource;

use super::resolve::ResolvedApi;
use super::{Emitter, cors, ids};

impl Emitter<'_, '_, '_> {
    /// With CORS on the API (one origin, or `*`), `DEFAULT_4XX` and `DEFAULT_5XX` carrying its
    /// headers.
    pub(super) fn gateway_responses(&mut self, api: &ResolvedApi<'_>) {
        let Some(cors) = api.api_cors.filter(|c| !cors::several_origins(c)) else {
            return;
        };
        for response_type in cors::GATEWAY_RESPONSE_TYPES {
            let response = cors::gateway_response(cors, response_type, self.api_ref());
            self.insert(
                ids::gateway_response(response_type),
                format!("gateway response {response_type}"),
                Resource::new(response),
            );
        }
    }
}

//! The `AWS::ApiGateway::RestApi` itself.

use crate::cfn::Resource;
use crate::cfn::apigateway::{self, EndpointConfiguration};

use super::resolve::ResolvedApi;
use super::{Emitter, parameters};

impl Emitter<'_, '_, '_> {
    /// The API: its name, description, binary media types, endpoint type and resource
    /// policy.
    pub(super) fn rest_api(&mut self, api: &ResolvedApi<'_>) {
        let policy = self.resource_policy(api);
        let rest = &self.stack.api;
        self.insert(
            self.rest_api.clone(),
            "the RestApi".to_owned(),
            Resource::new(apigateway::RestApi {
                name: parameters::expr(&rest.name),
                description: rest.description.clone(),
                binary_media_types: rest.binary_media_types.clone(),
                api_key_source_type: rest.api_keys.source.map(|s| s.as_str().into()),
                endpoint_configuration: EndpointConfiguration {
                    types: vec![rest.endpoint.as_str().to_owned()],
                    vpc_endpoint_ids: rest.vpc_endpoint_ids.iter().map(parameters::expr).collect(),
                },
                disable_execute_api_endpoint: (!rest
                    .execute_api_endpoint
                    .unwrap_or(rest.domains.is_empty()))
                .then_some(true),
                tags: super::stage::tags(&rest.tags, &Default::default()),
                policy,
            }),
        );
    }
}

//! The `AWS::ApiGateway::Deployment` and its contract: a new logical id, from a digest of
//! everything that reaches the stage, whenever any of it changes.

use sha2::{Digest, Sha256};

use crate::cfn::{LogicalId, Properties, Resource, apigateway, hex_upper};

use super::{Emitter, ids};

impl Emitter<'_, '_, '_> {
    /// The deployment, once every resource that reaches the stage is flushed into the
    /// template; `methods` are the ids of every method. Returns its id.
    pub(super) fn deployment(&mut self, methods: Vec<LogicalId>) -> LogicalId {
        let hashes = self.placed.iter().map(|p| p.fragment.hash.as_ref());
        let digest = digest(self.template.resources.keys().zip(hashes));
        let deployment_id = ids::deployment(&digest);
        // The deployment must come after every method (CloudFormation rejects a deployment
        // of an API without methods) and after the gateway responses it snapshots.
        let mut depends_on = methods;
        depends_on.extend(
            self.template
                .resources
                .iter()
                .filter(|(_, r)| match &r.properties {
                    Properties::GatewayResponse(_) => true,
                    Properties::Raw(raw) => RAW_DEPENDED_ON.contains(&raw.type_name.as_str()),
                    _ => false,
                })
                .map(|(id, _)| id.clone()),
        );
        self.insert(
            deployment_id.clone(),
            "the deployment".to_owned(),
            Resource::new(apigateway::Deployment {
                rest_api_id: self.api_ref(),
                description: None,
            })
            .depends_on(depends_on),
        );
        deployment_id
    }
}

/// The raw resource types a deployment must come after: what it snapshots.
const RAW_DEPENDED_ON: [&str; 2] = [
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::GatewayResponse",
];

/// The raw resource types whose content a stage serves.
const RAW_REACHING_STAGE: [&str; 7] = [
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::Model",
    "AWS::ApiGateway::RequestValidator",
];

/// True for the resource types whose content a stage serves: the API, its resources,
/// methods (with integrations), authorizers, gateway responses, models and request
/// validators, typed or raw (declared so, or changed by an override).
pub(crate) fn reaches_stage(properties: &Properties) -> bool {
    match properties {
        Properties::RestApi(_)
        | Properties::ApiResource(_)
        | Properties::Method(_)
        | Properties::Authorizer(_)
        | Properties::GatewayResponse(_)
        | Properties::Model(_)
        | Properties::RequestValidator(_) => true,
        Properties::Raw(raw) => RAW_REACHING_STAGE.contains(&raw.type_name.as_str()),
        Properties::Deployment(_)
        | Properties::Stage(_)
        | Properties::Permission(_)
        | Properties::UserPool(_)
        | Properties::UserPoolClient(_)
        | Properties::UserPoolResourceServer(_)
        | Properties::UserPoolDomain(_)
        | Properties::NestedStack(_)
        // Logs, the account's role, domains and web ACLs sit beside a stage, not in it.
        | Properties::Account(_)
        | Properties::LogGroup(_)
        | Properties::Role(_)
        | Properties::DomainName(_)
        | Properties::BasePathMapping(_)
        | Properties::RecordSet(_)
        | Properties::WebAclAssociation(_)
        // Keys and usage plans bind to a stage; they don't reach it.
        | Properties::ApiKey(_)
        | Properties::UsagePlan(_)
        | Properties::UsagePlanKey(_) => false,
    }
}

/// 16 hex digits of the SHA-256 over each resource that reaches the stage, in logical-id
/// order: its id and the hash of its JSON (see [`super::fragments`]). The order is the
/// template's, so the digest is the same on every machine.
pub(crate) fn digest<'a>(
    resources: impl IntoIterator<Item = (&'a LogicalId, Option<&'a [u8; 32]>)>,
) -> String {
    let mut hasher = Sha256::new();
    for (id, hash) in resources {
        if let Some(hash) = hash {
            hasher.update(id.as_str().as_bytes());
            hasher.update([0]);
            hasher.update(hash);
        }
    }
    hex_upper(&hasher.finalize()[..8])
}

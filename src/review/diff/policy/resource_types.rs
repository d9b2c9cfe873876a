//! The resource types the policy knows: those able to grant access and those known to grant
//! nothing, each with why. A type on neither list is access control: the gate fails closed.

/// Resource types able to grant access, by prefix (a service's `AWS::IAM::`, or a type and
/// its kin: `AWS::ApiGateway::UsagePlan` covers `UsagePlanKey`), each with why.
/// Every change to one is access control. A type on neither this list nor
/// [`RESOURCES_GRANTING_NOTHING`] is access control too: the gate fails closed.
pub(super) const RESOURCES_GRANTING_ACCESS: [(&str, &str); 27] = [
    (
        "AWS::IAM::",
        "roles, users, groups and policies: who may do what in the account",
    ),
    (
        "AWS::Cognito::",
        "user pools, clients and identity pools: who can get the tokens authorizers accept",
    ),
    (
        "AWS::ApiGateway::ApiKey",
        "API keys: who may call methods that require one",
    ),
    (
        "AWS::ApiGateway::UsagePlan",
        "usage plans and their keys: which keys may call which stages",
    ),
    (
        "AWS::ApiGateway::DomainName",
        "custom domains: which names reach the API, with which TLS policy and mutual TLS truststore",
    ),
    (
        "AWS::ApiGateway::BasePathMapping",
        "which API and stage a custom domain's path reaches",
    ),
    (
        "AWS::ApiGateway::ClientCertificate",
        "the certificate backends authenticate API Gateway by",
    ),
    (
        "AWS::ApiGateway::VpcLink",
        "which private network the API's integrations reach",
    ),
    (
        "AWS::ApiGateway::Account",
        "the IAM role API Gateway uses for the whole account",
    ),
    (
        "AWS::ApiGatewayV2::",
        "HTTP and WebSocket APIs: routes and authorizers the gate does not read",
    ),
    (
        "AWS::Lambda::Url",
        "a function URL: `AuthType: NONE` opens a function to the internet",
    ),
    ("AWS::Lambda::LayerVersionPermission", "who may use a layer"),
    (
        "AWS::WAFv2::",
        "web ACLs and their associations: which requests reach the API",
    ),
    (
        "AWS::WAF::",
        "classic web ACLs: which requests reach the API",
    ),
    (
        "AWS::WAFRegional::",
        "classic regional web ACLs: which requests reach the API",
    ),
    (
        "AWS::SQS::QueuePolicy",
        "a queue's resource policy: who may send and receive",
    ),
    (
        "AWS::SNS::TopicPolicy",
        "a topic's resource policy: who may publish and subscribe",
    ),
    (
        "AWS::S3::",
        "bucket policies, access points and public access blocks: who may read and write",
    ),
    ("AWS::KMS::", "key policies: who may use and manage keys"),
    (
        "AWS::SecretsManager::ResourcePolicy",
        "a secret's resource policy: who may read it",
    ),
    (
        "AWS::Logs::",
        "log groups carry a `ResourcePolicyDocument`, and account resource policies: who may read and write logs",
    ),
    ("AWS::Events::EventBusPolicy", "who may put events on a bus"),
    (
        "AWS::EC2::SecurityGroup",
        "security groups and their rules: which networks may connect",
    ),
    (
        "AWS::CloudFormation::Stack",
        "a nested stack whose template was not read: it can deploy anything",
    ),
    (
        "AWS::Serverless::",
        "SAM resources expand into APIs, functions and permissions the gate does not see",
    ),
    (
        "AWS::CloudFormation::CustomResource",
        "a custom resource runs code that can grant anything",
    ),
    (
        "Custom::",
        "a custom resource runs code that can grant anything",
    ),
];

/// Resource types known to grant nothing, each with why: their changes are other changes
/// (unless an authorizer calls them, [`AccessInputs`](crate::review::AccessInputs)).
pub(super) const RESOURCES_GRANTING_NOTHING: [(&str, &str); 10] = [
    (
        "AWS::ApiGateway::Deployment",
        "a snapshot of the API, whose methods are compared themselves",
    ),
    (
        "AWS::ApiGateway::Model",
        "the schema of a request or response body",
    ),
    (
        "AWS::ApiGateway::RequestValidator",
        "which parts of a request are validated, not who may send it",
    ),
    ("AWS::ApiGateway::DocumentationPart", "documentation"),
    ("AWS::ApiGateway::DocumentationVersion", "documentation"),
    (
        "AWS::Lambda::Function",
        "the code behind methods whose access is compared apart (who may invoke it is its `AWS::Lambda::Permission`s)",
    ),
    (
        "AWS::Lambda::Version",
        "a published copy of a function's code",
    ),
    ("AWS::CloudWatch::Alarm", "monitoring"),
    ("AWS::CloudWatch::Dashboard", "monitoring"),
    (
        "AWS::CloudFormation::WaitConditionHandle",
        "a signal URL for the stack's own resources",
    ),
];

/// Types on [`RESOURCES_GRANTING_ACCESS`] that grant access through one property only, each
/// with it: a log group's `ResourcePolicyDocument` says who may read and write its logs, the
/// rest of a log group (name, retention, key) grants nothing.
pub(in crate::review) const GRANTING_THROUGH: [(&str, &str); 1] =
    [("AWS::Logs::LogGroup", "ResourcePolicyDocument")];

/// True when `resource_type` grants access only through one property
/// ([`GRANTING_THROUGH`]) and `details` (a resource's flattened `Properties.…` entries) has
/// none of it.
pub(in crate::review) fn lacks_its_grant(
    resource_type: &str,
    details: &std::collections::BTreeMap<String, String>,
) -> bool {
    GRANTING_THROUGH
        .iter()
        .find(|(t, _)| *t == resource_type)
        .is_some_and(|(_, property)| {
            let key = format!("Properties.{property}");
            !details.keys().any(|k| {
                k == &key || k.starts_with(&format!("{key}.")) || k.starts_with(&format!("{key}["))
            })
        })
}

/// True unless `resource_type` is known to grant nothing: the types of
/// [`RESOURCES_GRANTING_ACCESS`] (each entry a prefix: `AWS::ApiGateway::UsagePlan` covers
/// `UsagePlanKey`) and every type the policy does not know. [`RESOURCES_GRANTING_NOTHING`]
/// holds exact types only.
pub(super) fn resource_type_grants_access(resource_type: &str) -> bool {
    let granting = RESOURCES_GRANTING_ACCESS
        .iter()
        .any(|(prefix, _)| resource_type.starts_with(prefix));
    let nothing = RESOURCES_GRANTING_NOTHING
        .iter()
        .any(|(t, _)| resource_type == *t);
    granting || !nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_resource_type_is_on_both_lists_and_every_entry_says_why() {
        for (granting, why) in RESOURCES_GRANTING_ACCESS {
            assert!(!why.is_empty(), "{granting}");
            for (nothing, _) in RESOURCES_GRANTING_NOTHING {
                let overlaps = nothing.starts_with(granting);
                assert!(!overlaps, "{granting} and {nothing}");
            }
        }
        for (nothing, why) in RESOURCES_GRANTING_NOTHING {
            assert!(!why.is_empty(), "{nothing}");
            assert!(!nothing.ends_with("::"), "{nothing}: exact types only");
        }
    }

    #[test]
    fn a_type_on_neither_list_grants_access() {
        assert!(resource_type_grants_access("AWS::Future::Thing"));
        assert!(resource_type_grants_access("AWS::S3::BucketPolicy"));
        assert!(resource_type_grants_access("AWS::ApiGateway::UsagePlanKey"));
        assert!(!resource_type_grants_access("AWS::Lambda::Function"));
    }
}

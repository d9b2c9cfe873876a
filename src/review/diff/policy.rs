//! The classification policy: which changes are access control. Every comparer names what a
//! change is about as a [`Concern`]; [`Concern::section`] alone decides its [`Section`].

use super::change::Section;

/// CORS headers whose change widens or narrows who may call from a browser.
const CORS_SECURITY_HEADERS: [&str; 4] = [
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Credentials",
    "Access-Control-Expose-Headers",
];

/// RestApi properties that decide who may call the API.
const API_SECURITY_SETTINGS: [&str; 3] =
    ["Policy", "DisableExecuteApiEndpoint", "ApiKeySourceType"];

/// Resource type prefixes whose changes are access control.
const SECURITY_RESOURCE_TYPES: [&str; 5] = [
    "AWS::IAM::",
    "AWS::Cognito::",
    "AWS::ApiGateway::ApiKey",
    "AWS::ApiGateway::UsagePlan",
    "AWS::WAFv2::",
];

/// What a change is about, in the terms the policy decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Concern<'a> {
    /// An authorizer added or removed, or any of its properties.
    Authorizer,
    /// A method added or removed, with its authorization.
    MethodPresence,
    /// A method's authorization type or authorizer, its scopes, or its API key requirement.
    MethodAuthorization,
    /// A method's integration target.
    MethodIntegration,
    /// Any other property of a method.
    MethodSetting,
    /// A resource path without methods, added or removed.
    Route,
    /// A CORS preflight added or removed.
    CorsPreflight,
    /// One response header of a CORS preflight.
    CorsHeader(&'a str),
    /// A gateway response added or removed, or any of its properties.
    GatewayResponse,
    /// A REST API added, removed or renamed.
    Api,
    /// One of a REST API's settings, by flattened key (`Policy.Statement[0].Effect`).
    ApiSetting(&'a str),
    /// A stage added, removed or redeployed, or any of its settings.
    Stage,
    /// A statement of a Lambda function's resource policy.
    Permission,
    /// A resource outside the route tree, by its CloudFormation type.
    Resource(&'a str),
    /// A template parameter.
    Parameter,
    /// A template output.
    Output,
    /// The template's description.
    Description,
}

impl Concern<'_> {
    /// The section a change about this goes to.
    pub(super) fn section(self) -> Section {
        let access_control_if = |yes: bool| {
            if yes {
                Section::AccessControl
            } else {
                Section::Other
            }
        };
        match self {
            Concern::Authorizer
            | Concern::MethodPresence
            | Concern::MethodAuthorization
            | Concern::CorsPreflight
            | Concern::GatewayResponse
            | Concern::Permission => Section::AccessControl,
            Concern::CorsHeader(header) => {
                access_control_if(CORS_SECURITY_HEADERS.contains(&header))
            }
            Concern::ApiSetting(key) => {
                access_control_if(API_SECURITY_SETTINGS.iter().any(|s| key.starts_with(s)))
            }
            Concern::Resource(resource_type) => access_control_if(
                SECURITY_RESOURCE_TYPES
                    .iter()
                    .any(|p| resource_type.starts_with(p)),
            ),
            Concern::MethodIntegration
            | Concern::MethodSetting
            | Concern::Route
            | Concern::Api
            | Concern::Stage
            | Concern::Parameter
            | Concern::Output
            | Concern::Description => Section::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_origin_is_access_control_and_the_allowed_methods_are_not() {
        assert_eq!(
            Concern::CorsHeader("Access-Control-Allow-Origin").section(),
            Section::AccessControl
        );
        assert_eq!(
            Concern::CorsHeader("Access-Control-Allow-Methods").section(),
            Section::Other
        );
    }

    #[test]
    fn the_api_policy_is_access_control_at_every_depth_and_its_name_is_not() {
        assert_eq!(
            Concern::ApiSetting("Policy.Statement[0].Effect").section(),
            Section::AccessControl
        );
        assert_eq!(
            Concern::ApiSetting("BinaryMediaTypes[0]").section(),
            Section::Other
        );
        assert_eq!(Concern::Api.section(), Section::Other);
    }

    #[test]
    fn iam_and_usage_plan_resources_are_access_control_and_functions_are_not() {
        for t in ["AWS::IAM::Role", "AWS::ApiGateway::UsagePlanKey"] {
            assert_eq!(
                Concern::Resource(t).section(),
                Section::AccessControl,
                "{t}"
            );
        }
        assert_eq!(
            Concern::Resource("AWS::Lambda::Function").section(),
            Section::Other
        );
    }
}

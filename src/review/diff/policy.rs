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
    /// A stage added, removed or redeployed.
    Stage,
    /// One of a stage's settings, by flattened key (`AccessLogSetting.DestinationArn`,
    /// `MethodSettings.GET /orders.ThrottlingRateLimit`), with its values on each side.
    StageSetting {
        /// The flattened key.
        key: &'a str,
        /// The old value, when there was one.
        old: Option<&'a str>,
        /// The new value, when there is one.
        new: Option<&'a str>,
    },
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
            Concern::StageSetting { key, old, new } => {
                access_control_if(weakens_the_stage(key, old, new))
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

/// True when a stage setting's change weakens what the stage records or withstands: access
/// logs removed, tracing turned off, data trace (bodies and tokens in the logs) turned on,
/// throttling removed or raised.
fn weakens_the_stage(key: &str, old: Option<&str>, new: Option<&str>) -> bool {
    let number = |v: Option<&str>| v.and_then(|v| v.parse::<f64>().ok());
    if key.starts_with("AccessLogSetting.DestinationArn") {
        return new.is_none();
    }
    if key == "TracingEnabled" {
        return old == Some("true") && new != Some("true");
    }
    if key.ends_with("DataTraceEnabled") {
        return new == Some("true");
    }
    if key.ends_with("ThrottlingRateLimit") || key.ends_with("ThrottlingBurstLimit") {
        return match (number(old), number(new)) {
            (Some(_), None) => true,
            (Some(o), Some(n)) => n > o,
            _ => false,
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(key: &str, old: Option<&str>, new: Option<&str>) -> Section {
        Concern::StageSetting { key, old, new }.section()
    }

    #[test]
    fn access_logs_removed_and_tracing_turned_off_are_access_control() {
        let dest = "AccessLogSetting.DestinationArn";
        assert_eq!(stage(dest, Some("x"), None), Section::AccessControl);
        assert_eq!(stage(dest, Some("x"), Some("y")), Section::Other);
        assert_eq!(stage(dest, None, Some("y")), Section::Other);
        let tracing = "TracingEnabled";
        assert_eq!(
            stage(tracing, Some("true"), Some("false")),
            Section::AccessControl
        );
        assert_eq!(stage(tracing, Some("true"), None), Section::AccessControl);
        assert_eq!(stage(tracing, Some("false"), Some("true")), Section::Other);
    }

    #[test]
    fn throttling_removed_or_raised_and_data_trace_on_are_access_control() {
        let rate = "MethodSettings.* /*.ThrottlingRateLimit";
        assert_eq!(
            stage(rate, Some("100"), Some("1000")),
            Section::AccessControl
        );
        assert_eq!(stage(rate, Some("100"), None), Section::AccessControl);
        assert_eq!(stage(rate, Some("100"), Some("50")), Section::Other);
        assert_eq!(stage(rate, None, Some("50")), Section::Other);
        let trace = "MethodSettings.GET /orders.DataTraceEnabled";
        assert_eq!(
            stage(trace, Some("false"), Some("true")),
            Section::AccessControl
        );
        assert_eq!(stage(trace, Some("true"), Some("false")), Section::Other);
        assert_eq!(stage("Description", Some("a"), Some("b")), Section::Other);
    }

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

//! The classification policy: which changes are access control. Every comparer names what a
//! change is about as a [`Concern`]; [`Concern::section`] alone decides its [`Section`].
//!
//! The rule: a change is access control when it can change who may call what, or what a
//! caller without authorization reaches. That is every change to an authorizer, a method's
//! presence or authorization, a public method's integration, the role an integration
//! assumes, CORS and gateway responses, Lambda permissions and the API's policy and
//! endpoints; every change to what feeds those (parameters and the rules on them,
//! conditions, mappings, stage variables, an authorizer's function:
//! [`AccessInputs`](crate::review::AccessInputs));
//! and, failing closed, every change the policy cannot classify in a resource type able to
//! grant access: an unknown property of a method, an API or a CORS preflight, and any
//! resource whose type is not known to grant nothing.

mod resource_types;

use super::change::Section;
use resource_types::resource_type_grants_access;
pub(in crate::review) use resource_types::{GRANTING_THROUGH, lacks_its_grant};

/// CORS preflight headers known not to widen who may call from a browser; every other
/// header (`Access-Control-Allow-Origin`, `-Headers`, `-Credentials`, `-Expose-Headers`,
/// `-Allow-Private-Network`, one the gate does not know) is access control.
const CORS_OTHER_HEADERS: [&str; 3] = [
    // Which methods a browser may send: each method has its own authorization.
    "Access-Control-Allow-Methods",
    // How long a browser caches the preflight's answer.
    "Access-Control-Max-Age",
    // Which request headers a cache keys the answer by.
    "Vary",
];

/// RestApi properties known not to change who may call the API; every other one (`Policy`,
/// `EndpointConfiguration`, `DisableExecuteApiEndpoint`, `ApiKeySourceType`, an OpenAPI
/// `Body` or `BodyS3Location` that defines methods the gate does not see, `CloneFrom`,
/// `Mode`, `Parameters`, one the gate does not know) is access control.
const API_OTHER_SETTINGS: [&str; 5] = [
    // Text for people.
    "Description",
    // Which payloads pass as binary.
    "BinaryMediaTypes",
    // When responses are compressed.
    "MinimumCompressionSize",
    // Whether a warning in `Body` fails the deployment.
    "FailOnWarnings",
    // Labels.
    "Tags",
];

/// Method properties known not to change who may call it or what it reaches (when it is
/// authorized); an unknown one is access control.
const METHOD_OTHER_SETTINGS: [&str; 5] = [
    // The responses it declares.
    "MethodResponses",
    // Its name in generated SDKs.
    "OperationName",
    // The models of request bodies.
    "RequestModels",
    // The request parameters it declares.
    "RequestParameters",
    // Which request parts API Gateway validates.
    "RequestValidatorId",
];

/// `Integration` properties known to say only how an authorized method's requests are
/// passed on. On a public method every integration property is access control, and
/// `Credentials` (the role API Gateway assumes) is access control on every method.
const INTEGRATION_OTHER_SETTINGS: [&str; 13] = [
    "CacheKeyParameters",
    "CacheNamespace",
    "ConnectionId",
    "ConnectionType",
    "ContentHandling",
    "IntegrationHttpMethod",
    "IntegrationResponses",
    "PassthroughBehavior",
    "RequestParameters",
    "RequestTemplates",
    "TimeoutInMillis",
    "Type",
    "Uri",
];

/// What a change is about, in the terms the policy decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::review) enum Concern<'a> {
    /// An authorizer added or removed, or any of its properties.
    Authorizer,
    /// A method added or removed, with its authorization.
    MethodPresence,
    /// A method's authorization type or authorizer, its scopes, or its API key requirement.
    MethodAuthorization,
    /// A method's integration target; `public` when anyone may call the method (on either
    /// side of a comparison).
    MethodIntegration {
        /// Anyone may call the method.
        public: bool,
    },
    /// Any other property of a method, by flattened key (`Integration.Credentials`,
    /// `MethodResponses.200.ResponseModels.application/json`).
    MethodSetting {
        /// The flattened key.
        key: &'a str,
        /// Anyone may call the method.
        public: bool,
    },
    /// A method's request validator, request models or required parameters
    /// (`RequestValidatorId`, `RequestModels.*`, `RequestParameters.*`); `loosened` when one
    /// is removed or changed (a request API Gateway refused may now reach the backend).
    MethodValidation {
        /// Removed or changed, rather than added.
        loosened: bool,
    },
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
    /// An OpenAPI body (`Body`, `DefinitionBody`) the review read as the routes it defines,
    /// added or removed: those routes are compared themselves, so the body is no access
    /// control of its own (a body it could not read is an [`ApiSetting`](Self::ApiSetting)).
    ReadBody,
    /// A stage added, removed or redeployed; `feeds_access` when it is added or removed
    /// with a stage variable an access-control place reads.
    Stage {
        /// It has a stage variable an access-control place reads.
        feeds_access: bool,
    },
    /// One of a stage's settings, by flattened key (`AccessLogSetting.DestinationArn`,
    /// `MethodSettings.GET /orders.ThrottlingRateLimit`), with its values on each side;
    /// `feeds_access` when it is a stage variable an access-control place reads.
    StageSetting {
        /// The flattened key.
        key: &'a str,
        /// An access-control place reads it.
        feeds_access: bool,
        /// The old value, when there was one.
        old: Option<&'a str>,
        /// The new value, when there is one.
        new: Option<&'a str>,
    },
    /// A statement of a Lambda function's resource policy.
    Permission,
    /// A resource outside the route tree, by its CloudFormation type; `feeds_access` when an
    /// authorizer calls it (directly or through other resources).
    Resource {
        /// Its CloudFormation type.
        resource_type: &'a str,
        /// An authorizer calls it.
        feeds_access: bool,
        /// On both sides it lacks the one property through which its type grants access
        /// ([`GRANTING_THROUGH`](resource_types::GRANTING_THROUGH): a log group without a
        /// resource policy).
        grant_free: bool,
    },
    /// A template parameter, condition, mapping or rule; `feeds_access` when an
    /// access-control place reads it (a rule: when it constrains such a parameter).
    Input {
        /// An access-control place reads it.
        feeds_access: bool,
    },
    /// A template output.
    Output,
    /// The template's description.
    Description,
    /// The template's `Transform`: macros that rewrite it before it deploys.
    /// `sam_removed_only` when the change only removes SAM's own transform, whose resources
    /// the review reads (an `AWS::Serverless::Api`'s body) or lists apart as access control.
    Transform {
        /// Only `AWS::Serverless-2016-10-31` removed, no macro added.
        sam_removed_only: bool,
    },
}

impl Concern<'_> {
    /// The section a change about this goes to.
    pub(in crate::review) fn section(self) -> Section {
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
            Concern::Transform { sam_removed_only } => access_control_if(!sam_removed_only),
            Concern::MethodIntegration { public } => access_control_if(public),
            Concern::MethodValidation { loosened } => access_control_if(loosened),
            Concern::MethodSetting { key, public } => {
                access_control_if(method_setting_is_access_control(key, public))
            }
            Concern::CorsHeader(header) => access_control_if(!CORS_OTHER_HEADERS.contains(&header)),
            Concern::ApiSetting(key) => {
                access_control_if(!API_OTHER_SETTINGS.contains(&first_segment(key)))
            }
            Concern::Resource {
                resource_type,
                feeds_access,
                grant_free,
            } => access_control_if(
                feeds_access || (!grant_free && resource_type_grants_access(resource_type)),
            ),
            Concern::StageSetting {
                key,
                feeds_access,
                old,
                new,
            } => access_control_if(feeds_access || weakens_the_stage(key, old, new)),
            Concern::Stage { feeds_access } | Concern::Input { feeds_access } => {
                access_control_if(feeds_access)
            }
            Concern::Route
            | Concern::Api
            | Concern::ReadBody
            | Concern::Output
            | Concern::Description => Section::Other,
        }
    }
}

/// A method property, by flattened key: the role an integration assumes always, any
/// integration property of a public method, and any property the policy does not know.
fn method_setting_is_access_control(key: &str, public: bool) -> bool {
    match first_segment(key) {
        "Integration" => {
            let rest = key.strip_prefix("Integration").unwrap_or_default();
            let property = first_segment(rest.strip_prefix('.').unwrap_or(rest));
            match property {
                "Credentials" => true,
                // The bare `Integration` (`{}` once its target is shown apart).
                "" => public,
                p => public || !INTEGRATION_OTHER_SETTINGS.contains(&p),
            }
        }
        property => !METHOD_OTHER_SETTINGS.contains(&property),
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

/// `Policy` of `Policy.Statement[0].Effect`, `Types` of `Types[0]`.
fn first_segment(key: &str) -> &str {
    key.split(['.', '[']).next().unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(key: &str, old: Option<&str>, new: Option<&str>) -> Section {
        Concern::StageSetting {
            key,
            feeds_access: false,
            old,
            new,
        }
        .section()
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
    fn the_api_policy_is_access_control_at_every_depth_and_its_description_is_not() {
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
        let resource = |resource_type| Concern::Resource {
            resource_type,
            feeds_access: false,
            grant_free: false,
        };
        for t in ["AWS::IAM::Role", "AWS::ApiGateway::UsagePlanKey"] {
            assert_eq!(resource(t).section(), Section::AccessControl, "{t}");
        }
        assert_eq!(resource("AWS::Lambda::Function").section(), Section::Other);
    }

    #[test]
    fn a_function_an_authorizer_calls_is_access_control() {
        let called = Concern::Resource {
            resource_type: "AWS::Lambda::Function",
            feeds_access: true,
            grant_free: false,
        };
        assert_eq!(called.section(), Section::AccessControl);
    }

    #[test]
    fn a_log_group_is_access_control_only_with_a_resource_policy() {
        let group = |details: &[(&str, &str)]| {
            let details = details
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            Concern::Resource {
                resource_type: "AWS::Logs::LogGroup",
                feeds_access: false,
                grant_free: lacks_its_grant("AWS::Logs::LogGroup", &details),
            }
            .section()
        };
        assert_eq!(
            group(&[("Properties.RetentionInDays", "365")]),
            Section::Other
        );
        assert_eq!(
            group(&[(
                "Properties.ResourcePolicyDocument.Statement[0].Effect",
                "Allow"
            )]),
            Section::AccessControl
        );
    }

    #[test]
    fn removing_sams_transform_alone_is_not_access_control_and_any_other_change_is() {
        let transform = |sam_removed_only| Concern::Transform { sam_removed_only }.section();
        assert_eq!(transform(true), Section::Other);
        assert_eq!(transform(false), Section::AccessControl);
    }

    #[test]
    fn integration_credentials_are_access_control_even_on_an_authorized_method() {
        let setting = |key, public| Concern::MethodSetting { key, public }.section();
        assert_eq!(
            setting("Integration.Credentials", false),
            Section::AccessControl
        );
        assert_eq!(
            setting("Integration.RequestTemplates.application/json", false),
            Section::Other
        );
        assert_eq!(
            setting("Integration.RequestTemplates.application/json", true),
            Section::AccessControl
        );
        assert_eq!(
            setting("MethodResponses.200.ResponseModels.application/json", true),
            Section::Other
        );
        assert_eq!(setting("Integration.Future", false), Section::AccessControl);
    }
}

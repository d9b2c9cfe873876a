//! Which field of a stack file a problem is about, by its kind: a method's field, an escape
//! hatch entry, an API-wide setting; and the message worded for a file.

use crate::ProblemKind;

pub(super) fn path_of(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

/// The method's field a problem is about, to point at it rather than at the method.
pub(super) fn method_field(kind: &ProblemKind) -> Option<&'static str> {
    use ProblemKind::*;
    match kind {
        UnknownAuthorizer(..) | AuthorizedOptions => Some("authorizer"),
        ApiKeyOnOptions => Some("apiKeyRequired"),
        ScopesWithoutCognito | EmptyScope | ScopeNotGranted(_) => Some("scopes"),
        InvalidFunctionName(_) => Some("lambda"),
        InvalidIntegration { field, .. } => Some(field),
        InvalidFunctionArn(_)
        | UndeclaredParameter(_)
        | UndeclaredCondition(_)
        | NoValueInValue
        | ListParameter(_)
        | InvalidSubPlaceholder(_) => Some("lambdaArn"),
        ConflictingAuthorization(_) => Some("public"),
        UnknownModel { status: None, .. } => Some("requestModels"),
        UnknownModel {
            status: Some(_), ..
        }
        | InvalidResponseModel { .. } => Some("responseModels"),
        InvalidRequiredParameter { .. } => Some("required"),
        InvalidModel { .. } => None,
        CacheTtlOutOfRange(_) | CachingWithoutCacheCluster(_) | BurstBelowRate(..) => {
            Some("settings")
        }
        DuplicatePathParameter(_)
        | RouteTooLong { .. }
        | AuthorizedRouteTooLong { .. }
        | OptionsNotPublic
        | UnauthenticatedMethod(_)
        | InvalidStageVariable { .. }
        | PrivateEndpointWithoutVpcEndpoints
        | VpcEndpointsWithoutPrivate
        | InvalidUserPoolDomain { .. }
        | ClientScopeNotGranted { .. }
        | MachineClientWithoutScopes { .. }
        | PublicClientWithoutCallbackUrl { .. }
        | InsecureClientUrl { .. }
        | ClientOnImportedPool(_)
        | DuplicateAppClient(_)
        | InvalidCidr { .. }
        | PolicyRouteNotFound { .. }
        | InvalidPolicyStatement { .. }
        | OutputNameTaken(..)
        | ControlCharacter { .. }
        | RawMethodWithoutAuthorization(_)
        | RawIdTaken { .. }
        | UnknownReference { .. }
        | UnknownCondition { .. }
        | InvalidRaw { .. }
        | UnknownOverrideTarget(_)
        | NotALambdaFunction { .. } => None,
        InvalidStackName(_)
        | ReservedStackName(_)
        | StackNamesDifferInCase(..)
        | DuplicateStack(_)
        | RouteWithoutLeadingSlash
        | InvalidPathPart { .. }
        | DuplicatePathPart(_)
        | ConflictingPathParameters(..)
        | GreedyNotLast(_)
        | InvalidHttpMethod(_)
        | DuplicateMethod
        | OptionsWithCors
        | NoAuthorizer
        | DuplicateAuthorizer(_)
        | InvalidAuthorizerName(_)
        | AuthorizerWithoutUserPool(_)
        | TtlOutOfRange(..)
        | InvalidTokenSource(..)
        | AuthorizerWithoutFunction(_)
        | InvalidAuthorizerFunction { .. }
        | InvalidIdentitySource { .. }
        | CachingWithoutIdentitySource(_)
        | ValidationExpressionOnRequest(_)
        | InvalidAuthorizerCredentials(..)
        | ApiKeyValueInClear(_)
        | UsagePlanWithoutStage(_)
        | InvalidUsagePlan { .. }
        | InvalidUserPoolArn(_)
        | InvalidStageName(_)
        | NoMethods
        | InvalidLogRetention(..)
        | InvalidCacheSize(..)
        | MethodSettingsWithoutMethod(_)
        | EmptyReason(_)
        | DuplicateStage(_)
        | InvalidStageNameValue(..)
        | StageNamesMayCollide(..)
        | CanaryPercentOutOfRange(..)
        | InvalidTag(..)
        | InvalidDomainName(_)
        | InvalidCertificateArn(..)
        | BasePathToMissingStage(..)
        | InvalidBasePath(..)
        | DomainWithoutBasePath(_)
        | MutualTlsNeedsRegional(_)
        | PrivateDomain(_)
        | TruststoreVersionWithoutMutualTls(_)
        | InvalidCors(_)
        | InvalidCorsOrigin { .. }
        | InvalidGatewayResponse { .. }
        | InvalidParameterName(_)
        | DuplicateParameter(_)
        | InvalidOutputName(_)
        | TooManyResources(_)
        | LogicalIdCollision(..)
        | TemplateLimit { .. }
        | PolicyTooLarge { .. } => None,
    }
}

/// Where a problem with the escape hatch (raw resources, conditions, mappings, overrides) is
/// written; `None` for the others.
pub(super) fn raw_place(kind: &ProblemKind) -> Option<Vec<String>> {
    use ProblemKind::*;
    match kind {
        RawIdTaken { id, .. } => Some(path_of(&["resources", id])),
        UnknownReference { section, item, .. }
        | UnknownCondition { section, item, .. }
        | InvalidRaw { section, item, .. } => Some(path_of(&[section, item])),
        UnknownOverrideTarget(_) => Some(path_of(&["overrides"])),
        _ => None,
    }
}

/// Whether `path` is where an app client's name is written (`…/publicClients/0/name`,
/// `…/machineClients/0/name` or a pool's `…/client`).
pub(super) fn is_client_name(path: &[String]) -> bool {
    match path {
        [.., kind, _, last] if last == "name" => {
            kind == "publicClients" || kind == "machineClients"
        }
        [.., last] => last == "client",
        [] => false,
    }
}

/// A place in the file: a key, or the value written after it.
pub(super) enum Spot {
    Key(Vec<String>),
    Value(Vec<String>),
}

/// Where a problem on the root path `/` is written when it is about an API-wide setting
/// rather than a route: the CORS settings, or the default authorizer's name.
pub(super) fn root_setting(kind: &ProblemKind) -> Option<Spot> {
    use ProblemKind::*;
    match kind {
        InvalidCors(_) => Some(Spot::Key(path_of(&["api", "cors"]))),
        InvalidGatewayResponse { .. }
        | InvalidIntegration { .. }
        | InvalidModel { .. }
        | UnknownModel { .. }
        | InvalidResponseModel { .. }
        | InvalidRequiredParameter { .. } => None,
        InvalidCorsOrigin { index, .. } => Some(Spot::Value(path_of(&[
            "api",
            "cors",
            "allowOrigins",
            &index.to_string(),
        ]))),
        UnknownAuthorizer(..) => Some(Spot::Value(path_of(&["api", "defaultAuthorizer"]))),
        UndeclaredCondition(_)
        | NoValueInValue
        | DuplicatePathParameter(_)
        | RouteTooLong { .. }
        | AuthorizedRouteTooLong { .. }
        | OptionsNotPublic
        | UnauthenticatedMethod(_)
        | InvalidStageVariable { .. }
        | PrivateEndpointWithoutVpcEndpoints
        | VpcEndpointsWithoutPrivate
        | InvalidCidr { .. }
        | PolicyRouteNotFound { .. }
        | InvalidPolicyStatement { .. }
        | ListParameter(_)
        | InvalidSubPlaceholder(_)
        | OutputNameTaken(..)
        | ControlCharacter { .. }
        | RawMethodWithoutAuthorization(_)
        | RawIdTaken { .. }
        | UnknownReference { .. }
        | UnknownCondition { .. }
        | InvalidRaw { .. }
        | UnknownOverrideTarget(_)
        | NotALambdaFunction { .. } => None,
        InvalidStackName(_)
        | ReservedStackName(_)
        | StackNamesDifferInCase(..)
        | DuplicateStack(_)
        | RouteWithoutLeadingSlash
        | InvalidPathPart { .. }
        | DuplicatePathPart(_)
        | ConflictingPathParameters(..)
        | GreedyNotLast(_)
        | InvalidHttpMethod(_)
        | DuplicateMethod
        | OptionsWithCors
        | NoAuthorizer
        | ConflictingAuthorization(_)
        | AuthorizedOptions
        | ApiKeyOnOptions
        | ScopesWithoutCognito
        | EmptyScope
        | ScopeNotGranted(_)
        | InvalidUserPoolDomain { .. }
        | ClientScopeNotGranted { .. }
        | MachineClientWithoutScopes { .. }
        | PublicClientWithoutCallbackUrl { .. }
        | InsecureClientUrl { .. }
        | ClientOnImportedPool(_)
        | DuplicateAppClient(_)
        | DuplicateAuthorizer(_)
        | InvalidAuthorizerName(_)
        | AuthorizerWithoutUserPool(_)
        | TtlOutOfRange(..)
        | InvalidTokenSource(..)
        | AuthorizerWithoutFunction(_)
        | InvalidAuthorizerFunction { .. }
        | InvalidIdentitySource { .. }
        | CachingWithoutIdentitySource(_)
        | ValidationExpressionOnRequest(_)
        | InvalidAuthorizerCredentials(..)
        | ApiKeyValueInClear(_)
        | UsagePlanWithoutStage(_)
        | InvalidUsagePlan { .. }
        | InvalidUserPoolArn(_)
        | InvalidStageName(_)
        | NoMethods
        | InvalidLogRetention(..)
        | InvalidCacheSize(..)
        | CacheTtlOutOfRange(_)
        | CachingWithoutCacheCluster(_)
        | BurstBelowRate(..)
        | MethodSettingsWithoutMethod(_)
        | EmptyReason(_)
        | DuplicateStage(_)
        | InvalidStageNameValue(..)
        | StageNamesMayCollide(..)
        | CanaryPercentOutOfRange(..)
        | InvalidTag(..)
        | InvalidDomainName(_)
        | InvalidCertificateArn(..)
        | BasePathToMissingStage(..)
        | InvalidBasePath(..)
        | DomainWithoutBasePath(_)
        | MutualTlsNeedsRegional(_)
        | PrivateDomain(_)
        | TruststoreVersionWithoutMutualTls(_)
        | InvalidFunctionName(_)
        | InvalidFunctionArn(_)
        | InvalidParameterName(_)
        | DuplicateParameter(_)
        | UndeclaredParameter(_)
        | InvalidOutputName(_)
        | TooManyResources(_)
        | LogicalIdCollision(..)
        | TemplateLimit { .. }
        | PolicyTooLarge { .. } => None,
    }
}

/// The message, worded for a file where the Rust one names a builder call.
pub(super) fn message(kind: &ProblemKind) -> String {
    match kind {
        ProblemKind::NoAuthorizer => {
            "method has no authorizer; name one with `authorizer:`, give the API a \
             `defaultAuthorizer`, or set `public: true` to make it public on purpose"
                .to_owned()
        }
        ProblemKind::UndeclaredParameter(name) => {
            format!(
                "`{name}` is referenced but declared neither under `parameters` nor under \
                 `resources`"
            )
        }
        ProblemKind::OptionsNotPublic => {
            "OPTIONS answers browsers' CORS preflights, which carry no credentials, so no \
             authorizer can protect it and anyone can call it: mark it `public: true` on \
             purpose, or remove it"
                .to_owned()
        }
        ProblemKind::InvalidFunctionName(name) if name.starts_with("arn:") => format!(
            "{kind}; `lambda` takes a function's name: give a function ARN with `lambdaArn: {name}`"
        ),
        ProblemKind::InvalidFunctionArn(arn) if !arn.starts_with("arn:") => format!(
            "{kind}; `lambdaArn` takes a function ARN: give a function's name with `lambda: {arn}`"
        ),
        other => other.to_string(),
    }
}

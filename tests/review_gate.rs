//! The review gate's rule (`diff --fail-on security`): what counts as access control. A
//! public method's integration, whatever feeds an access-control place (parameters,
//! conditions, mappings, stage variables, an authorizer's function), and every change the
//! gate cannot classify in a resource type able to grant access are access control; what
//! grants nothing stays an other change.

use std::collections::BTreeMap;

use apigw_synth::review::{self, Diff, StackDiff};

/// A small API: `GET /pets` behind a Cognito authorizer whose user pool is a parameter,
/// `GET /health` public, each with its own function, one stage.
const BASE: &str = r#"
Parameters:
  UserPoolArn:
    Type: String
    Default: arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_Ours
    AllowedPattern: 'arn:aws:cognito-idp:[a-z0-9-]+:111111111111:userpool/.+'
  StageNote:
    Type: String
    Default: dev
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: pets}
  Users:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      Name: pets-users
      RestApiId: !Ref Api
      Type: COGNITO_USER_POOLS
      IdentitySource: method.request.header.Authorization
      ProviderARNs: [!Ref UserPoolArn]
  Pets:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: pets}
  Health:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: health}
  ListPets:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Pets
      HttpMethod: GET
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Users
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${PetsFn.Arn}/invocations'
  GetHealth:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Health
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HealthFn.Arn}/invocations'
  PetsFn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: pets, Runtime: python3.12, Handler: index.handler, Role: 'arn:aws:iam::111111111111:role/pets', Code: {ZipFile: 'def handler(e, c): return {}'}}
  HealthFn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: health, Runtime: python3.12, Handler: index.handler, Role: 'arn:aws:iam::111111111111:role/health', Code: {ZipFile: 'def handler(e, c): return {}'}}
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [ListPets, GetHealth]
    Properties: {RestApiId: !Ref Api}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: prod, DeploymentId: !Ref Deployment, Description: !Ref StageNote}
"#;

/// `text` with `from` replaced by `to`; panics when `from` is not in it, so that a test
/// never compares a template with itself by mistake.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the template");
    text.replacen(from, to, 1)
}

/// `text` with `more` appended under `Resources:` (indented by two spaces in `more`).
fn with_resources(text: &str, more: &str) -> String {
    edit(text, "Resources:\n", &format!("Resources:\n{more}"))
}

fn parse(text: &str) -> serde_json::Value {
    review::parse_template(text, false, "t.yaml").expect("a valid template")
}

fn compare(old: &str, new: &str) -> Diff {
    review::diff(&review::model(&parse(old)), &review::model(&parse(new)))
}

/// The change lines of each section, as `diff` prints them: (access control, other).
fn sections(diff: &Diff) -> (Vec<String>, Vec<String>) {
    let stack = StackDiff {
        name: "t".to_owned(),
        old: "old".to_owned(),
        new: "new".to_owned(),
        diff: diff.clone(),
    };
    let text = review::render_text(&[stack], false);
    let mut access = Vec::new();
    let mut other = Vec::new();
    let mut current = None;
    for line in text.lines() {
        match line {
            "Access control:" => current = Some(&mut access),
            "Other changes:" => current = Some(&mut other),
            _ if line.starts_with("    ") => {
                if let Some(list) = current.as_mut() {
                    list.push(line.trim().to_owned());
                }
            }
            _ => {}
        }
    }
    (access, other)
}

fn access_control(old: &str, new: &str) -> Vec<String> {
    sections(&compare(old, new)).0
}

fn other(old: &str, new: &str) -> Vec<String> {
    sections(&compare(old, new)).1
}

#[test]
fn the_base_template_compared_with_itself_has_no_change() {
    assert!(compare(BASE, BASE).is_empty());
}

// A public method: whatever it newly reaches.

#[test]
fn a_public_method_re_pointed_at_the_function_of_authorized_methods_is_access_control() {
    let new = edit(BASE, "${HealthFn.Arn}", "${PetsFn.Arn}");
    assert_eq!(
        access_control(BASE, &new),
        ["~ GET /health: integration → `pets` instead of `health`"]
    );
}

#[test]
fn any_integration_change_of_a_public_method_is_access_control() {
    let new = edit(
        BASE,
        "        Type: AWS_PROXY\n        IntegrationHttpMethod: POST\n        Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HealthFn.Arn}/invocations'",
        "        Type: HTTP_PROXY\n        IntegrationHttpMethod: GET\n        Uri: 'http://10.0.0.12/admin'",
    );
    let lines = access_control(BASE, &new);
    assert!(
        lines.contains(
            &"~ GET /health: integration → `HTTP_PROXY http://10.0.0.12/admin` instead of `health`"
                .to_owned()
        ),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"+ GET /health: Integration.IntegrationHttpMethod `GET` added".to_owned()),
        "{lines:#?}"
    );
}

#[test]
fn an_integration_change_of_an_authorized_method_stays_an_other_change() {
    let new = edit(BASE, "${PetsFn.Arn}", "${HealthFn.Arn}");
    assert!(access_control(BASE, &new).is_empty());
    assert_eq!(
        other(BASE, &new),
        ["~ GET /pets: integration → `health` instead of `pets`"]
    );
}

#[test]
fn the_role_an_integration_assumes_is_access_control_on_any_method() {
    let new = edit(
        BASE,
        "        Type: AWS_PROXY\n        IntegrationHttpMethod: POST\n        Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${PetsFn.Arn}",
        "        Type: AWS_PROXY\n        Credentials: 'arn:aws:iam::*:user/*'\n        IntegrationHttpMethod: POST\n        Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${PetsFn.Arn}",
    );
    assert_eq!(
        access_control(BASE, &new),
        ["+ GET /pets: Integration.Credentials `arn:aws:iam::*:user/*` added"]
    );
}

// Parameters, conditions, mappings and stage variables that feed access-control places.

#[test]
fn a_parameter_feeding_an_authorizer_changing_its_default_is_access_control() {
    let new = edit(
        BASE,
        "Default: arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_Ours",
        "Default: arn:aws:cognito-idp:eu-west-1:999999999999:userpool/eu-west-1_Theirs",
    );
    assert_eq!(
        access_control(BASE, &new),
        [
            "~ parameter `UserPoolArn`: Default → `arn:aws:cognito-idp:eu-west-1:999999999999:userpool/eu-west-1_Theirs` instead of `arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_Ours`"
        ]
    );
}

#[test]
fn a_parameter_feeding_an_authorizer_changing_its_allowed_pattern_is_access_control() {
    let new = edit(
        BASE,
        ":111111111111:userpool/.+'",
        ":[0-9]{12}:userpool/.+'",
    );
    assert_eq!(
        access_control(BASE, &new),
        [
            "~ parameter `UserPoolArn`: AllowedPattern → `arn:aws:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/.+` instead of `arn:aws:cognito-idp:[a-z0-9-]+:111111111111:userpool/.+`"
        ]
    );
}

#[test]
fn a_parameter_feeding_nothing_that_grants_access_stays_an_other_change() {
    let new = edit(BASE, "Default: dev", "Default: production");
    assert!(access_control(BASE, &new).is_empty());
    assert_eq!(
        other(BASE, &new),
        ["~ parameter `StageNote`: Default → `production` instead of `dev`"]
    );
}

#[test]
fn a_parameter_read_by_the_new_authorizer_only_is_access_control() {
    // The old side does not use the parameter in an authorizer; the new side does.
    let old = edit(
        BASE,
        "ProviderARNs: [!Ref UserPoolArn]",
        "ProviderARNs: [!Ref StageNote]",
    );
    let old = edit(&old, "Default: dev", "Default: x");
    let new = edit(BASE, "Default: dev", "Default: y");
    let lines = access_control(&old, &new);
    assert!(
        lines.contains(&"~ parameter `StageNote`: Default → `y` instead of `x`".to_owned()),
        "{lines:#?}"
    );
}

#[test]
fn a_parameter_reaching_an_authorizer_through_a_condition_is_access_control() {
    let with_condition = |default: &str| {
        let t = edit(
            BASE,
            "Resources:\n",
            "Conditions:\n  Strict: !Equals [!Ref StageNote, prod]\nResources:\n",
        );
        let t = edit(
            &t,
            "IdentitySource: method.request.header.Authorization",
            "IdentitySource: !If [Strict, method.request.header.Authorization, method.request.header.X-Any]",
        );
        edit(&t, "Default: dev", &format!("Default: {default}"))
    };
    assert_eq!(
        access_control(&with_condition("prod"), &with_condition("dev")),
        ["~ parameter `StageNote`: Default → `dev` instead of `prod`"]
    );
}

#[test]
fn a_condition_feeding_an_authorizer_is_access_control() {
    let with_condition = |value: &str| {
        let t = edit(
            BASE,
            "Resources:\n",
            &format!("Conditions:\n  Strict: !Equals [!Ref 'AWS::Region', {value}]\nResources:\n"),
        );
        edit(
            &t,
            "IdentitySource: method.request.header.Authorization",
            "IdentitySource: !If [Strict, method.request.header.Authorization, method.request.header.X-Any]",
        )
    };
    assert_eq!(
        access_control(&with_condition("eu-west-1"), &with_condition("nowhere")),
        ["~ condition `Strict`: Fn::Equals[1] → `nowhere` instead of `eu-west-1`"]
    );
}

#[test]
fn a_condition_feeding_nothing_that_grants_access_is_an_other_change() {
    let with_condition = |value: &str| {
        edit(
            BASE,
            "Resources:\n",
            &format!("Conditions:\n  Unused: !Equals [!Ref StageNote, {value}]\nResources:\n"),
        )
    };
    assert_eq!(
        other(&with_condition("a"), &with_condition("b")),
        ["~ condition `Unused`: Fn::Equals[1] → `b` instead of `a`"]
    );
}

#[test]
fn a_mapping_feeding_an_authorizer_is_access_control() {
    let with_mapping = |account: &str| {
        let t = edit(
            BASE,
            "Resources:\n",
            &format!(
                "Mappings:\n  Pools:\n    eu-west-1:\n      Arn: arn:aws:cognito-idp:eu-west-1:{account}:userpool/eu-west-1_P\nResources:\n"
            ),
        );
        edit(
            &t,
            "ProviderARNs: [!Ref UserPoolArn]",
            "ProviderARNs: [!FindInMap [Pools, !Ref 'AWS::Region', Arn]]",
        )
    };
    assert_eq!(
        access_control(&with_mapping("111111111111"), &with_mapping("999999999999")),
        [
            "~ mapping `Pools`: eu-west-1.Arn → `arn:aws:cognito-idp:eu-west-1:999999999999:userpool/eu-west-1_P` instead of `arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_P`"
        ]
    );
}

#[test]
fn a_parameter_reaching_a_public_methods_integration_is_access_control() {
    let with_backend = |default: &str| {
        let t = edit(
            BASE,
            "Parameters:\n",
            &format!("Parameters:\n  Backend:\n    Type: String\n    Default: {default}\n"),
        );
        edit(
            &t,
            "        Type: AWS_PROXY\n        IntegrationHttpMethod: POST\n        Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HealthFn.Arn}/invocations'",
            "        Type: HTTP_PROXY\n        IntegrationHttpMethod: GET\n        Uri: !Sub 'https://${Backend}/health'",
        )
    };
    assert_eq!(
        access_control(
            &with_backend("health.internal"),
            &with_backend("admin.internal")
        ),
        ["~ parameter `Backend`: Default → `admin.internal` instead of `health.internal`"]
    );
}

#[test]
fn a_stage_variable_a_public_integration_reads_is_access_control() {
    let with_variable = |function: &str| {
        let t = edit(
            BASE,
            "${HealthFn.Arn}/invocations",
            "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${!stageVariables.healthFn}/invocations",
        );
        edit(
            &t,
            "Description: !Ref StageNote}",
            &format!("Description: !Ref StageNote, Variables: {{healthFn: {function}}}}}"),
        )
    };
    assert_eq!(
        access_control(&with_variable("health"), &with_variable("pets")),
        ["~ stage `prod`: Variables.healthFn → `pets` instead of `health`"]
    );
}

#[test]
fn a_stage_variable_no_access_control_place_reads_is_an_other_change() {
    let with_variable = |value: &str| {
        edit(
            BASE,
            "Description: !Ref StageNote}",
            &format!("Description: !Ref StageNote, Variables: {{color: {value}}}}}"),
        )
    };
    assert!(access_control(&with_variable("blue"), &with_variable("green")).is_empty());
}

#[test]
fn a_parameter_reaching_an_authorizer_through_a_nested_stack_argument_is_access_control() {
    // The parent passes its parameter to a nested template whose authorizer reads it.
    let parent = |default: &str| {
        format!(
            "Parameters:\n  PoolArn: {{Type: String, Default: '{default}'}}\nResources:\n  Api: {{Type: AWS::ApiGateway::RestApi, Properties: {{Name: pets}}}}\n  Auth:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./Auth.template.yaml\n      Parameters: {{RestApi: !Ref Api, Pool: !Ref PoolArn}}\n"
        )
    };
    let nested = parse(
        "Parameters:\n  RestApi: {Type: String}\n  Pool: {Type: String}\nResources:\n  Users:\n    Type: AWS::ApiGateway::Authorizer\n    Properties: {Name: users, RestApiId: !Ref RestApi, Type: COGNITO_USER_POOLS, IdentitySource: method.request.header.Authorization, ProviderARNs: [!Ref Pool]}\n",
    );
    let inlined = |text: &str| {
        let nested = BTreeMap::from([("Auth".to_owned(), nested.clone())]);
        let merged = review::inline_nested(&parse(text), "p.yaml", &nested).expect("inline");
        review::model(&merged)
    };
    let diff = review::diff(
        &inlined(&parent("arn:ours")),
        &inlined(&parent("arn:theirs")),
    );
    assert_eq!(
        sections(&diff).0,
        ["~ parameter `PoolArn`: Default → `arn:theirs` instead of `arn:ours`"]
    );
}

// An authorizer's function decides who gets in.

#[test]
fn the_function_of_a_lambda_authorizer_is_access_control() {
    let with_authorizer = |code: &str| {
        with_resources(
            BASE,
            &format!(
                "  Gate:\n    Type: AWS::ApiGateway::Authorizer\n    Properties: {{Name: gate, RestApiId: !Ref Api, Type: TOKEN, IdentitySource: method.request.header.Authorization, AuthorizerUri: !Sub 'arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{GateFn.Arn}}/invocations'}}\n  GateFn:\n    Type: AWS::Lambda::Function\n    Properties: {{FunctionName: gate, Runtime: python3.12, Handler: index.handler, Role: 'arn:aws:iam::111111111111:role/gate', Code: {{ZipFile: '{code}'}}}}\n"
            ),
        )
    };
    assert_eq!(
        access_control(&with_authorizer("deny"), &with_authorizer("allow")),
        ["~ resource `GateFn` (AWS::Lambda::Function): Code.ZipFile → `allow` instead of `deny`"]
    );
}

#[test]
fn a_function_behind_methods_only_is_an_other_change() {
    let new = edit(BASE, "role/pets'", "role/pets-v2'");
    assert!(access_control(BASE, &new).is_empty());
}

// Fail closed: what the gate cannot classify in a resource type able to grant access.

#[test]
fn resource_policies_of_other_services_are_access_control() {
    for (resource_type, property) in [
        ("AWS::SQS::QueuePolicy", "PolicyDocument"),
        ("AWS::SNS::TopicPolicy", "PolicyDocument"),
        ("AWS::S3::BucketPolicy", "PolicyDocument"),
        ("AWS::KMS::Key", "KeyPolicy"),
        ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy"),
        ("AWS::Lambda::Url", "AuthType"),
        ("AWS::ApiGateway::DomainName", "SecurityPolicy"),
        ("AWS::ApiGateway::BasePathMapping", "BasePath"),
        ("AWS::WAFv2::WebACLAssociation", "WebACLArn"),
    ] {
        let resource = |value: &str| {
            with_resources(
                BASE,
                &format!(
                    "  Thing:\n    Type: {resource_type}\n    Properties: {{{property}: {value}}}\n"
                ),
            )
        };
        assert_eq!(
            access_control(&resource("a"), &resource("b")),
            [format!(
                "~ resource `Thing` ({resource_type}): {property} → `b` instead of `a`"
            )],
            "{resource_type}"
        );
    }
}

#[test]
fn resources_of_a_type_the_gate_does_not_know_are_access_control() {
    for resource_type in [
        "Custom::Grant",
        "AWS::Future::Thing",
        "AWS::Serverless::Api",
    ] {
        let new = with_resources(BASE, &format!("  Thing:\n    Type: {resource_type}\n"));
        assert_eq!(
            access_control(BASE, &new),
            [format!("+ resource `Thing` ({resource_type}) added")],
            "{resource_type}"
        );
    }
}

#[test]
fn a_nested_stack_left_in_a_template_is_access_control() {
    // What it deploys was not read: it could grant anything.
    let new = with_resources(
        BASE,
        "  Nested:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ./N.json}\n",
    );
    let model = review::model(&parse(&new));
    let diff = review::diff(&review::model(&parse(BASE)), &model);
    assert_eq!(
        sections(&diff).0,
        ["+ resource `Nested` (AWS::CloudFormation::Stack) added"]
    );
}

#[test]
fn resources_known_to_grant_nothing_stay_other_changes() {
    for resource_type in [
        "AWS::CloudWatch::Alarm",
        "AWS::ApiGateway::Model",
        "AWS::ApiGateway::RequestValidator",
    ] {
        let new = with_resources(BASE, &format!("  Thing:\n    Type: {resource_type}\n"));
        assert!(access_control(BASE, &new).is_empty(), "{resource_type}");
        assert_eq!(
            other(BASE, &new),
            [format!("+ resource `Thing` ({resource_type}) added")]
        );
    }
}

#[test]
fn a_method_property_the_gate_does_not_know_is_access_control() {
    let new = edit(
        BASE,
        "      HttpMethod: GET\n      AuthorizationType: COGNITO_USER_POOLS",
        "      HttpMethod: GET\n      FutureAccessMode: OPEN\n      AuthorizationType: COGNITO_USER_POOLS",
    );
    assert_eq!(
        access_control(BASE, &new),
        ["+ GET /pets: FutureAccessMode `OPEN` added"]
    );
}

#[test]
fn api_settings_that_define_or_reach_the_api_are_access_control() {
    for (setting, value) in [
        ("Body", "{paths: {}}"),
        ("BodyS3Location", "{Bucket: b, Key: api.yaml}"),
        (
            "EndpointConfiguration",
            "{Types: [PRIVATE], VpcEndpointIds: [vpce-1]}",
        ),
        ("FutureSetting", "x"),
    ] {
        let new = edit(
            BASE,
            "Properties: {Name: pets}",
            &format!("Properties: {{Name: pets, {setting}: {value}}}"),
        );
        let (access, other) = sections(&compare(BASE, &new));
        assert!(
            !access.is_empty() && other.is_empty(),
            "{setting}: {access:#?} {other:#?}"
        );
    }
    let described = edit(
        BASE,
        "Properties: {Name: pets}",
        "Properties: {Name: pets, Description: d}",
    );
    assert!(access_control(BASE, &described).is_empty());
}

#[test]
fn a_cors_header_the_gate_does_not_know_is_access_control() {
    let preflight = |headers: &str| {
        with_resources(
            BASE,
            &format!(
                "  PetsOptions:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Pets\n      HttpMethod: OPTIONS\n      AuthorizationType: NONE\n      Integration:\n        Type: MOCK\n        IntegrationResponses:\n          - StatusCode: '204'\n            ResponseParameters: {{method.response.header.Access-Control-Allow-Origin: \"'*'\"{headers}}}\n"
            ),
        )
    };
    assert_eq!(
        access_control(
            &preflight(""),
            &preflight(", method.response.header.Access-Control-Allow-Private-Network: \"'true'\"")
        ),
        ["+ CORS /pets: Access-Control-Allow-Private-Network `true` added"]
    );
    assert!(
        access_control(
            &preflight(""),
            &preflight(", method.response.header.Access-Control-Max-Age: \"'600'\"")
        )
        .is_empty()
    );
}

#[test]
fn a_transform_is_access_control() {
    // A macro rewrites the template before it deploys: the gate can't see what it adds.
    let new = format!("Transform: AWS::Serverless-2016-10-31\n{BASE}");
    assert_eq!(
        access_control(BASE, &new),
        ["+ template: Transform `AWS::Serverless-2016-10-31` added"]
    );
}

#[test]
fn a_rule_constraining_a_parameter_that_feeds_an_authorizer_is_access_control() {
    let with_rule = |account: &str| {
        edit(
            BASE,
            "Resources:\n",
            &format!(
                "Rules:\n  OwnPool:\n    Assertions:\n      - Assert: !Equals [!Select [4, !Split [':', !Ref UserPoolArn]], '{account}']\nResources:\n"
            ),
        )
    };
    let lines = access_control(&with_rule("111111111111"), &with_rule("999999999999"));
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("~ rule `OwnPool`: Assertions[0].Assert → "),
        "{lines:#?}"
    );
}

#[test]
fn a_method_whose_authorization_the_gate_cannot_read_is_treated_as_public() {
    // `Fn::If` may make it public: what it reaches is access control.
    let t = edit(
        BASE,
        "      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Users",
        "      AuthorizationType: !If [Open, NONE, COGNITO_USER_POOLS]\n      AuthorizerId: !Ref Users",
    );
    let new = edit(&t, "${PetsFn.Arn}", "${HealthFn.Arn}");
    assert_eq!(
        access_control(&t, &new),
        ["~ GET /pets: integration → `health` instead of `pets`"]
    );
}

#[test]
fn a_stage_added_with_a_variable_a_public_integration_reads_is_access_control() {
    let t = edit(
        BASE,
        "${HealthFn.Arn}/invocations",
        "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${!stageVariables.healthFn}/invocations",
    );
    let t = edit(
        &t,
        "Description: !Ref StageNote}",
        "Description: !Ref StageNote, Variables: {healthFn: health}}",
    );
    let new = with_resources(
        &t,
        "  Beta:\n    Type: AWS::ApiGateway::Stage\n    Properties: {RestApiId: !Ref Api, StageName: beta, DeploymentId: !Ref Deployment, Variables: {healthFn: pets}}\n",
    );
    assert_eq!(access_control(&t, &new), ["+ stage `beta` added"]);
}

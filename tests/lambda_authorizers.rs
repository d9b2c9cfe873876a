//! Lambda authorizers, TOKEN and REQUEST: each emits an `AWS::ApiGateway::Authorizer` with
//! the function's invocation URI, its identity sources and TTL, and an invoke permission
//! scoped to that one authorizer (none when a credentials role is given); its methods are
//! `CUSTOM`. The stack file `stacks/partners.yaml` gives the same template as the builders;
//! cfn-lint accepts it; a split stack keeps authorizers and their permissions in the parent;
//! `diff` classes every change of kind, function, identity source or TTL as access control,
//! and `tree` names the Lambda type.

use crate::support;

use apigw_synth::review::{self, ChangeKind, Diff, Subject};
use apigw_synth::testing::{lambda_authorized_stack, split_templates};
use apigw_synth::{
    ApiKey, Format, HttpMethod, IdentitySource, Integration, LambdaAuthorizer, Method, Parameter,
    PolicyStatement, QuotaPeriod, RestApi, Stack, Stage, UsagePlan, Value, render, stack_file,
    synthesize, synthesize_stack,
};
use serde_json::{Value as Json, json};

fn tokens() -> LambdaAuthorizer {
    LambdaAuthorizer::token("partner-tokens")
        .function("check-partner-token")
        .validation_expression("^Bearer [-0-9A-Za-z._~+/]+=*$")
        .result_ttl_seconds(300)
}

fn webhooks() -> LambdaAuthorizer {
    LambdaAuthorizer::request("webhooks")
        .function_arn(Value::parameter("WebhookAuthorizerArn"))
        .identity_source(IdentitySource::header("X-Signature"))
        .identity_source(IdentitySource::query_string("tenant"))
        .result_ttl_seconds(60)
}

/// The stack `stacks/partners.yaml` describes, with the builders.
fn partners(tokens: LambdaAuthorizer, webhooks: LambdaAuthorizer) -> Stack {
    let api = RestApi::new("partners")
        .description("Partner API behind Lambda authorizers")
        .authorizer(webhooks)
        .default_authorizer(tokens)
        .api_key_required(true)
        .api_key(ApiKey::new("partner-a").description("Partner A (value generated)"))
        .api_key(ApiKey::new("partner-b").value(Value::parameter("PartnerBKey")))
        .usage_plan(
            UsagePlan::new("standard")
                .stage("v1")
                .throttle(50, 100)
                .quota(100_000, QuotaPeriod::Month)
                .method_throttle("/orders", HttpMethod::Post, 5, 10)
                .api_key("partner-a")
                .api_key("partner-b"),
        )
        .policy_statement(
            PolicyStatement::deny()
                .not_source_ips(["192.0.2.0/24", "2001:db8::/32"])
                .route("/webhooks", HttpMethod::Post),
        )
        .route(
            "/catalog",
            Method::get(Integration::lambda("partners-catalog")),
        )
        .route(
            "/orders",
            Method::post(Integration::lambda("partners-orders")),
        )
        .route(
            "/status",
            Method::get(Integration::mock()).public_because(
                "partners check their key and quota here; a MOCK that reveals nothing",
            ),
        )
        .route(
            "/webhooks",
            Method::post(Integration::lambda("partners-webhooks"))
                .authorizer("webhooks")
                .api_key_required(false),
        )
        .stage(Stage::new("v1"));
    Stack::new("partners", api)
        .parameter(
            Parameter::string("WebhookAuthorizerArn")
                .description("ARN of the function that checks webhook signatures"),
        )
        .parameter(
            Parameter::string("PartnerBKey")
                .no_echo(true)
                .description("The API key partner B was given (at least 20 characters)"),
        )
}

fn json_of(stack: &Stack) -> Json {
    serde_json::to_value(synthesize(stack).expect("synthesizes")).unwrap()
}

/// The resources of `template` of type `kind`, by logical id.
fn of_type<'a>(template: &'a Json, kind: &str) -> Vec<(&'a String, &'a Json)> {
    template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

/// The properties of the authorizer named `name`, with its logical id.
fn authorizer<'a>(template: &'a Json, name: &str) -> (&'a String, &'a Json) {
    let (id, r) = of_type(template, "AWS::ApiGateway::Authorizer")
        .into_iter()
        .find(|(_, r)| r["Properties"]["Name"] == name)
        .unwrap_or_else(|| panic!("authorizer {name}"));
    (id, &r["Properties"])
}

/// The permissions whose `SourceArn` names the authorizer `id`.
fn permissions_of<'a>(template: &'a Json, id: &str) -> Vec<&'a Json> {
    of_type(template, "AWS::Lambda::Permission")
        .into_iter()
        .map(|(_, r)| &r["Properties"])
        .filter(|p| p["SourceArn"].to_string().contains(&format!("${{{id}}}")))
        .collect()
}

#[test]
fn a_token_authorizer_invokes_its_function_with_the_header_and_validation_expression() {
    let t = json_of(&partners(tokens(), webhooks()));
    let (_, a) = authorizer(&t, "partner-tokens");
    assert_eq!(a["Type"], "TOKEN");
    assert_eq!(
        a["AuthorizerUri"]["Fn::Sub"],
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/\
         arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:\
         check-partner-token/invocations"
    );
    assert_eq!(a["IdentitySource"], "method.request.header.Authorization");
    assert_eq!(
        a["IdentityValidationExpression"],
        "^Bearer [-0-9A-Za-z._~+/]+=*$"
    );
    assert_eq!(a["AuthorizerResultTtlInSeconds"], 300);
    assert!(a.get("ProviderARNs").is_none());
}

#[test]
fn a_request_authorizer_reads_every_identity_source_in_order() {
    let t = json_of(&partners(tokens(), webhooks()));
    let (_, a) = authorizer(&t, "webhooks");
    assert_eq!(a["Type"], "REQUEST");
    assert_eq!(
        a["IdentitySource"],
        "method.request.header.X-Signature, method.request.querystring.tenant"
    );
    assert_eq!(
        a["AuthorizerUri"]["Fn::Sub"],
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/\
         ${WebhookAuthorizerArn}/invocations"
    );
    assert!(a.get("IdentityValidationExpression").is_none());
}

#[test]
fn stage_variables_and_context_are_identity_sources_too() {
    let a = LambdaAuthorizer::request("tenants")
        .function("check-tenant")
        .identity_source(IdentitySource::stage_variable("tenant"))
        .identity_source(IdentitySource::context("identity.sourceIp"));
    let stack = Stack::new(
        "tenants",
        RestApi::new("tenants")
            .default_authorizer(a)
            .route("/t", Method::get(Integration::lambda("t"))),
    );
    let t = json_of(&stack);
    assert_eq!(
        authorizer(&t, "tenants").1["IdentitySource"],
        "stageVariables.tenant, context.identity.sourceIp"
    );
}

#[test]
fn a_request_authorizer_without_identity_sources_does_not_cache() {
    let stack = Stack::new(
        "open-request",
        RestApi::new("open-request")
            .default_authorizer(LambdaAuthorizer::request("any").function("check"))
            .route("/x", Method::get(Integration::lambda("x"))),
    );
    let t = json_of(&stack);
    let (_, a) = authorizer(&t, "any");
    assert!(a.get("IdentitySource").is_none());
    assert_eq!(a["AuthorizerResultTtlInSeconds"], 0);
}

#[test]
fn the_invoke_permission_is_scoped_to_the_one_authorizer() {
    let t = json_of(&partners(tokens(), webhooks()));
    for (name, function) in [
        ("partner-tokens", json!("check-partner-token")),
        ("webhooks", json!({"Ref": "WebhookAuthorizerArn"})),
    ] {
        let (id, _) = authorizer(&t, name);
        let [p] = permissions_of(&t, id)[..] else {
            panic!("one permission for {name}");
        };
        assert_eq!(p["FunctionName"], function);
        assert_eq!(p["Principal"], "apigateway.amazonaws.com");
        assert_eq!(
            p["SourceArn"]["Fn::Sub"],
            format!(
                "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:\
                 ${{RestApi}}/authorizers/${{{id}}}"
            )
        );
    }
}

#[test]
fn a_credentials_role_replaces_the_invoke_permission() {
    let role = "arn:aws:iam::123456789012:role/partners-authorizer-invoker";
    let t = json_of(&partners(tokens().credentials(role), webhooks()));
    let (id, a) = authorizer(&t, "partner-tokens");
    assert_eq!(a["AuthorizerCredentials"], role);
    assert!(permissions_of(&t, id).is_empty());
    let (webhooks_id, _) = authorizer(&t, "webhooks");
    assert_eq!(permissions_of(&t, webhooks_id).len(), 1);
}

#[test]
fn a_function_the_stack_declares_is_invoked_by_its_arn() {
    let api = partners(tokens(), webhooks())
        .api()
        .clone()
        .authorizer(LambdaAuthorizer::token("own").function_resource("TokenFunction"));
    let function = json!({"Runtime": "python3.12", "Handler": "index.handler",
                          "Role": "arn:aws:iam::123456789012:role/fn",
                          "Code": {"ZipFile": "def handler(e, c): pass"}});
    let stack = Stack::new("partners", api)
        .parameter(Parameter::string("WebhookAuthorizerArn"))
        .parameter(Parameter::string("PartnerBKey").no_echo(true))
        .resource("TokenFunction", "AWS::Lambda::Function", function);
    let t = json_of(&stack);
    let (id, a) = authorizer(&t, "own");
    let uri = a["AuthorizerUri"]["Fn::Sub"].as_str().unwrap();
    assert!(
        uri.ends_with("/functions/${TokenFunction.Arn}/invocations"),
        "{uri}"
    );
    let [p] = permissions_of(&t, id)[..] else {
        panic!("one permission");
    };
    assert_eq!(p["FunctionName"], json!({"Ref": "TokenFunction"}));
}

#[test]
fn lambda_authorized_methods_are_custom_with_the_authorizer_id() {
    let t = json_of(&partners(tokens(), webhooks()));
    let (tokens_id, _) = authorizer(&t, "partner-tokens");
    let (webhooks_id, _) = authorizer(&t, "webhooks");
    let methods = of_type(&t, "AWS::ApiGateway::Method");
    assert_eq!(methods.len(), 4);
    for (id, m) in methods {
        let p = &m["Properties"];
        if id.starts_with("MethodStatus") {
            assert_eq!(p["AuthorizationType"], "NONE", "public on purpose");
            continue;
        }
        assert_eq!(p["AuthorizationType"], "CUSTOM", "{id}");
        let expected = if id.starts_with("MethodWebhooks") {
            webhooks_id
        } else {
            tokens_id
        };
        assert_eq!(p["AuthorizerId"], json!({"Ref": expected}), "{id}");
        assert!(p.get("AuthorizationScopes").is_none());
    }
}

#[test]
fn the_stack_file_gives_the_template_of_the_builders() {
    let loaded = stack_file::load(&support::root().join("stacks/partners.yaml"))
        .expect("stacks/partners.yaml loads");
    assert_eq!(
        render(&synthesize(loaded.stack()).unwrap(), Format::Json),
        render(
            &synthesize(&partners(tokens(), webhooks())).unwrap(),
            Format::Json
        )
    );
}

#[test]
fn lambda_authorizers_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let role = "arn:aws:iam::123456789012:role/partners-authorizer-invoker";
    let mut paths = Vec::new();
    for (name, stack) in [
        ("partners", partners(tokens(), webhooks())),
        (
            "credentials",
            partners(tokens().credentials(role), webhooks()),
        ),
    ] {
        let path = dir.path().join(format!("{name}.template.json"));
        std::fs::write(&path, render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
        paths.push(path);
    }
    // Large enough that synth splits it: the nested templates' URLs are their files.
    let split = synthesize_stack(&lambda_authorized_stack("split", 300, 2), Format::Json).unwrap();
    assert!(split.files.len() > 1, "split into nested stacks");
    for file in &split.files {
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
        paths.push(path);
    }
    // The small stacks, the split's parent and one nested template: the nested ones share
    // one shape (every template of a large split is linted by large_api).
    paths.truncate(paths.len() - split.files.len() + 2);
    let report = support::lint(&paths);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn a_split_stack_keeps_authorizers_and_their_permissions_in_the_parent() {
    let templates = split_templates(&lambda_authorized_stack("split", 30, 3), 40).unwrap();
    assert!(templates.len() > 2, "the stack is split");
    let parent = serde_json::to_value(&templates[0]).unwrap();
    let mut ids = Vec::new();
    for name in ["users", "partners", "webhooks"] {
        let (id, _) = authorizer(&parent, name);
        assert_eq!(
            permissions_of(&parent, id).len(),
            usize::from(name != "users")
        );
        ids.push(id.clone());
    }
    let mut custom = 0;
    for (k, nested) in templates[1..].iter().enumerate() {
        let nested = serde_json::to_value(nested).unwrap();
        assert!(of_type(&nested, "AWS::ApiGateway::Authorizer").is_empty());
        let stack_id = of_type(&parent, "AWS::CloudFormation::Stack")[k].1;
        for (_, m) in of_type(&nested, "AWS::ApiGateway::Method") {
            let p = &m["Properties"];
            if p["AuthorizationType"] != "CUSTOM" {
                continue;
            }
            custom += 1;
            let param = p["AuthorizerId"]["Ref"].as_str().expect("a parameter");
            assert!(nested["Parameters"].get(param).is_some());
            let passed = &stack_id["Properties"]["Parameters"][param]["Ref"];
            assert!(
                ids[1..].iter().any(|id| passed == id.as_str()),
                "{param} is passed a Lambda authorizer's id: {passed}"
            );
        }
    }
    // Every tenth resource and the one after it: 3 services × 2 resources × 3 methods.
    assert_eq!(custom, 18);
}

fn diff(old: &Stack, new: &Stack) -> Diff {
    let old = synthesize(old).unwrap();
    let new = synthesize(new).unwrap();
    review::diff(&review::model_of(&old), &review::model_of(&new))
}

#[test]
fn changes_of_kind_function_identity_sources_and_ttl_are_access_control() {
    let base = partners(tokens(), webhooks());
    let changes = [
        (
            "kind",
            partners(
                LambdaAuthorizer::request("partner-tokens")
                    .function("check-partner-token")
                    .identity_source(IdentitySource::header("Authorization"))
                    .result_ttl_seconds(300),
                webhooks(),
            ),
        ),
        (
            "function",
            partners(tokens().function("check-any-token"), webhooks()),
        ),
        (
            "identity sources",
            partners(
                tokens(),
                webhooks().identity_source(IdentitySource::context("sourceIp")),
            ),
        ),
        (
            "TTL",
            partners(tokens().result_ttl_seconds(3600), webhooks()),
        ),
    ];
    for (what, changed) in changes {
        let d = diff(&base, &changed);
        assert!(!d.access_control.is_empty(), "{what}: {d:?}");
        // Besides the stage moving to a new deployment, as any authorizer change needs.
        assert!(
            d.other
                .iter()
                .all(|c| c.kind == ChangeKind::Redeployed
                    && matches!(c.subject, Subject::Stage { .. })),
            "{what}: only access control: {d:?}"
        );
    }
}

#[test]
fn tree_names_the_lambda_type_of_each_method() {
    let t = synthesize(&partners(tokens(), webhooks())).unwrap();
    let model = review::model_of(&t);
    let routes = &model.apis["partners"].routes;
    assert_eq!(
        routes["/catalog"].methods["GET"].authorization.describe(),
        "CUSTOM partner-tokens (Lambda TOKEN)"
    );
    assert_eq!(
        routes["/webhooks"].methods["POST"].authorization.describe(),
        "CUSTOM webhooks (Lambda REQUEST)"
    );
}

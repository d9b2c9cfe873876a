//! The escape hatch keeps the rules: raw resources, conditions, mappings and outputs reach
//! the template as written, with their references checked; a method can integrate with a
//! function declared in the same stack; overrides change generated resources by what they
//! are, and the secure-by-default rule reads the result. Misuse is in tests/bad_input.rs.

use crate::support;

use apigw_synth::cfn::{Properties, Template};
use apigw_synth::{
    CognitoUserPoolsAuthorizer, Format, Generated, HttpMethod, Integration, Method, Parameter,
    RawResource, RestApi, Stack, StackOutput, UserPool, Value, render, synthesize,
    synthesize_stack,
};
use serde_json::{Value as Json, json};

fn role() -> RawResource {
    RawResource::new(
        "OrdersRole",
        "AWS::IAM::Role",
        json!({
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole"
                }]
            },
            "ManagedPolicyArns": [
                {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}
            ]
        }),
    )
}

fn function() -> RawResource {
    RawResource::new(
        "OrdersFunction",
        "AWS::Lambda::Function",
        json!({
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "Role": {"Fn::GetAtt": ["OrdersRole", "Arn"]},
            "Code": {"ZipFile": "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n"}
        }),
    )
}

fn api() -> RestApi {
    let users =
        CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("PoolArn"));
    RestApi::new("orders")
        .default_authorizer(users)
        .route(
            "/orders",
            Method::get(Integration::lambda_resource("OrdersFunction")),
        )
        .route(
            "/orders",
            Method::post(Integration::lambda_resource("OrdersFunction")),
        )
        .route("/health", Method::get(Integration::mock()).public())
}

fn stack() -> Stack {
    Stack::new("orders", api())
        .parameter(Parameter::string("PoolArn"))
        .raw(role())
        .raw(function())
}

fn json_of(template: &Template) -> Json {
    serde_json::from_str(&render(template, Format::Json)).unwrap()
}

fn method_of<'t>(template: &'t Json, verb: &str, readable: &str) -> &'t Json {
    template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(id, r)| {
            id.starts_with(readable)
                && r["Type"] == "AWS::ApiGateway::Method"
                && r["Properties"]["HttpMethod"] == verb
        })
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("no {verb} {readable}"))
}

#[test]
fn a_function_declared_in_the_stack_is_the_integration_and_gets_the_invoke_permission() {
    let t = json_of(&synthesize(&stack()).unwrap());
    assert_eq!(
        t["Resources"]["OrdersFunction"]["Type"],
        "AWS::Lambda::Function"
    );
    let uri = &method_of(&t, "GET", "MethodOrders")["Properties"]["Integration"]["Uri"];
    assert_eq!(
        uri["Fn::Sub"],
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OrdersFunction.Arn}/invocations"
    );
    let permissions: Vec<&Json> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Lambda::Permission")
        .collect();
    assert_eq!(permissions.len(), 1);
    assert_eq!(
        permissions[0]["Properties"]["FunctionName"],
        json!({"Ref": "OrdersFunction"})
    );
}

#[test]
fn raw_resources_conditions_mappings_and_outputs_reach_the_template_as_written() {
    let stack = stack()
        .parameter(Parameter::string("Env").default_value("dev"))
        .condition("IsProd", json!({"Fn::Equals": [{"Ref": "Env"}, "prod"]}))
        .mapping(
            "Sizes",
            json!({"dev": {"Memory": "128"}, "prod": {"Memory": "512"}}),
        )
        .raw(
            RawResource::new(
                "Alarms",
                "AWS::SNS::Topic",
                json!({"DisplayName": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Memory"]}}),
            )
            .condition("IsProd")
            .depends_on("OrdersFunction"),
        )
        .add_output(
            StackOutput::new("AlarmTopic", Value::reference("Alarms"))
                .condition("IsProd")
                .export(Value::sub("${AWS::StackName}-alarms")),
        );
    let t = json_of(&synthesize(&stack).unwrap());
    assert_eq!(t["Conditions"]["IsProd"]["Fn::Equals"][1], "prod");
    assert_eq!(t["Mappings"]["Sizes"]["prod"]["Memory"], "512");
    let alarms = &t["Resources"]["Alarms"];
    assert_eq!(alarms["Condition"], "IsProd");
    assert_eq!(alarms["DependsOn"], json!(["OrdersFunction"]));
    assert_eq!(
        t["Outputs"]["AlarmTopic"],
        json!({
            "Condition": "IsProd",
            "Value": {"Ref": "Alarms"},
            "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-alarms"}}
        })
    );
}

#[test]
fn an_override_addressed_by_route_and_method_changes_that_method_and_the_deployment() {
    let plain = synthesize(&stack()).unwrap();
    let stack = stack().override_properties(
        Generated::method("/orders", HttpMethod::Post),
        json!({"Integration": {"TimeoutInMillis": 5000}}),
    );
    let overridden = synthesize(&stack).unwrap();
    let t = json_of(&overridden);
    let post = method_of(&t, "POST", "MethodOrders");
    assert_eq!(post["Properties"]["Integration"]["TimeoutInMillis"], 5000);
    assert_eq!(
        post["Properties"]["AuthorizationType"],
        "COGNITO_USER_POOLS"
    );
    let get = method_of(&t, "GET", "MethodOrders");
    assert!(
        get["Properties"]["Integration"]
            .get("TimeoutInMillis")
            .is_none()
    );
    let deployment = |t: &Template| {
        t.resources
            .iter()
            .find(|(_, r)| matches!(r.properties, Properties::Deployment(_)))
            .map(|(id, _)| id.to_string())
            .unwrap()
    };
    assert_ne!(deployment(&plain), deployment(&overridden));
}

#[test]
fn an_override_of_a_public_route_may_leave_it_without_authorization() {
    let stack = stack().override_properties(
        Generated::method("/health", HttpMethod::Get),
        json!({"OperationName": "health"}),
    );
    let t = json_of(&synthesize(&stack).unwrap());
    assert_eq!(
        method_of(&t, "GET", "MethodHealth")["Properties"]["OperationName"],
        "health"
    );
}

#[test]
fn an_override_of_the_authorizer_and_the_stage_by_name() {
    let stack = stack()
        .override_properties(
            Generated::authorizer("users"),
            json!({"AuthorizerResultTtlInSeconds": 60}),
        )
        .override_properties(Generated::Stage, json!({"TracingEnabled": true}));
    let t = json_of(&synthesize(&stack).unwrap());
    let resources = t["Resources"].as_object().unwrap();
    let of_type = |ty: &str| resources.values().find(|r| r["Type"] == ty).unwrap();
    assert_eq!(
        of_type("AWS::ApiGateway::Authorizer")["Properties"]["AuthorizerResultTtlInSeconds"],
        60
    );
    assert_eq!(
        of_type("AWS::ApiGateway::Stage")["Properties"]["TracingEnabled"],
        true
    );
}

#[test]
fn a_raw_method_with_an_authorizer_is_accepted_and_the_deployment_waits_for_it() {
    let stack = stack().resource(
        "ReportsMethod",
        "AWS::ApiGateway::Method",
        json!({
            "RestApiId": {"Ref": "RestApi"},
            "ResourceId": {"Fn::GetAtt": ["RestApi", "RootResourceId"]},
            "HttpMethod": "PATCH",
            "AuthorizationType": "AWS_IAM",
            "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": "{\"statusCode\": 200}"}}
        }),
    );
    let template = synthesize(&stack).unwrap();
    let deployment = template
        .resources
        .values()
        .find(|r| matches!(r.properties, Properties::Deployment(_)))
        .unwrap();
    assert!(
        deployment
            .depends_on
            .iter()
            .any(|id| id.as_str() == "ReportsMethod")
    );
}

#[test]
fn created_pools_and_clients_have_readable_outputs_that_can_be_exported() {
    let pool = UserPool::new("todo-users").client("web");
    let api = RestApi::new("todo")
        .default_authorizer(CognitoUserPoolsAuthorizer::new("users").user_pool(pool))
        .route("/todos", Method::get(Integration::mock()));
    let stack = Stack::new("todo", api)
        .export(
            "UserPoolTodoUsersId",
            Value::sub("${AWS::StackName}-PoolId"),
        )
        .export(
            "UserPoolClientWebId",
            Value::sub("${AWS::StackName}-ClientId"),
        );
    let t = json_of(&synthesize(&stack).unwrap());
    assert_eq!(
        t["Outputs"]["UserPoolTodoUsersId"]["Export"]["Name"]["Fn::Sub"],
        "${AWS::StackName}-PoolId"
    );
    assert!(t["Outputs"]["UserPoolClientWebId"]["Value"]["Ref"].is_string());
}

#[test]
fn in_a_split_stack_raw_resources_stay_in_the_parent() {
    let mut api = api();
    for i in 0..300 {
        api = api.route(
            &format!("/items{i}/{{id}}"),
            Method::get(Integration::lambda_resource("OrdersFunction")),
        );
    }
    let stack = Stack::new("orders", api)
        .parameter(Parameter::string("PoolArn"))
        .raw(role())
        .raw(function());
    let synthesized = synthesize_stack(&stack, Format::Json).unwrap();
    assert!(synthesized.is_nested());
    let function = "\"Type\": \"AWS::Lambda::Function\"";
    assert!(synthesized.files[0].contents.contains(function));
    for nested in &synthesized.files[1..] {
        assert!(!nested.contents.contains(function), "{}", nested.path);
    }
    // The nested methods read the function's ARN through a parameter the parent passes.
    assert!(
        synthesized.files[1..]
            .iter()
            .any(|f| f.contents.contains("OrdersFunctionArn"))
    );
}

#[test]
fn the_templates_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let stack = stack()
        .override_properties(
            Generated::method("/orders", HttpMethod::Post),
            json!({"Integration": {"TimeoutInMillis": 5000}}),
        )
        .add_output(StackOutput::new(
            "FunctionArn",
            Value::get_att("OrdersFunction", "Arn"),
        ));
    let path = dir.path().join("orders.template.json");
    std::fs::write(&path, render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
    assert_eq!(support::lint(&[path]), "");
}

#[test]
fn in_a_split_stack_a_raw_resource_reads_what_moved_from_the_nested_stack_outputs() {
    let mut api = api();
    for i in 0..300 {
        api = api.route(
            &format!("/items{i}/{{id}}"),
            Method::get(Integration::lambda_resource("OrdersFunction")),
        );
    }
    let base = Stack::new("orders", api)
        .parameter(Parameter::string("PoolArn"))
        .raw(role())
        .raw(function());
    let flat = synthesize_stack(&base, Format::Json).unwrap();
    let method = flat.files[1..]
        .iter()
        .find_map(|f| {
            let t: Json = serde_json::from_str(&f.contents).unwrap();
            t["Resources"]
                .as_object()
                .unwrap()
                .keys()
                .find(|id| id.starts_with("MethodItems7IdGET"))
                .cloned()
        })
        .expect("a nested template holds GET /items7/{id}");
    let stack = base.raw(
        RawResource::new(
            "Watch",
            "AWS::SNS::Topic",
            json!({"DisplayName": {"Ref": method}}),
        )
        .depends_on(method.clone()),
    );
    let synthesized = synthesize_stack(&stack, Format::Json).unwrap();
    let parent: Json = serde_json::from_str(&synthesized.files[0].contents).unwrap();
    let watch = &parent["Resources"]["Watch"];
    let nested = watch["DependsOn"][0].as_str().unwrap();
    assert!(nested.starts_with("Nested"), "{watch}");
    assert_eq!(
        watch["Properties"]["DisplayName"],
        json!({"Fn::GetAtt": [nested, format!("Outputs.{method}")]})
    );
    let file = synthesized
        .files
        .iter()
        .find(|f| f.path.contains(nested))
        .unwrap();
    let child: Json = serde_json::from_str(&file.contents).unwrap();
    assert_eq!(child["Outputs"][&method]["Value"], json!({"Ref": method}));
}

/// The README's example, in Rust and in YAML, synthesizes to the same template.
#[test]
fn the_readme_example_synthesizes_alike_in_rust_and_yaml() {
    let api = RestApi::new("tasks")
        .default_cors(apigw_synth::Cors::new().allow_origins([Value::parameter("FrontendOrigin")]))
        .route(
            "/tasks",
            Method::get(Integration::lambda_resource("TasksFunction")).public(),
        )
        .stage(apigw_synth::Stage::new("dev"));
    let properties = json!({
        "Runtime": "python3.12", "Handler": "index.handler",
        "Role": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/tasks"},
        "Code": {"ZipFile": "def handler(e, c): return {'statusCode': 200}"}
    });
    let stack = Stack::new("tasks", api)
        .parameter(Parameter::string("FrontendOrigin"))
        .resource("TasksFunction", "AWS::Lambda::Function", properties.clone())
        .override_properties(
            Generated::method("/tasks", HttpMethod::Get),
            json!({"Integration": {"TimeoutInMillis": 5000}}),
        );
    let rust = synthesize(&stack).unwrap();
    let yaml = format!(
        "stack: tasks
parameters:
  FrontendOrigin: {{ type: String }}
api:
  name: tasks
  cors: {{ allowOrigins: [{{ ref: FrontendOrigin }}] }}
  routes:
    /tasks:
      GET: {{ lambda: {{ resource: TasksFunction }}, public: true }}
  stage: {{ name: dev }}
resources:
  TasksFunction:
    Type: AWS::Lambda::Function
    Properties: {properties}
overrides:
  methods:
    GET /tasks: {{ Integration: {{ TimeoutInMillis: 5000 }} }}
"
    );
    let loaded =
        apigw_synth::stack_file::load_str(std::path::Path::new("tasks.yaml"), &yaml).unwrap();
    assert_eq!(json_of(&loaded.synthesize().unwrap()), json_of(&rust));
}

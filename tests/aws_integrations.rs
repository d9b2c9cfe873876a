//! AWS service integrations: each known action (SQS, SNS, DynamoDB, Step Functions,
//! EventBridge, S3, Kinesis) gets its URI, the request template it needs and a generated
//! role allowed that action on the named resource alone; a role by ARN replaces it; the
//! generic form takes a service, a target and a role; responses map the service's errors.
//! Builders and stack files alike; cfn-lint and checkov accept every shape; a split stack
//! keeps the roles in its parent; `diff` lists a widened role policy as access control.
//! Lambda non-proxy is in tests/lambda_integrations.rs; misuse in tests/bad_input.rs.

use crate::support;

use std::path::Path;

use apigw_synth::review::{self, Subject};
use apigw_synth::{
    DynamoDbAction, Format, HttpMethod, Integration, Method, Parameter, RestApi, Stack, Value,
    render, synthesize,
};
use serde_json::{Value as Json, json};

fn template(stack: &Stack) -> Json {
    serde_json::to_value(synthesize(stack).unwrap()).unwrap()
}

/// The properties of every resource of `kind`, by logical id.
fn of_type<'t>(t: &'t Json, kind: &str) -> Vec<(&'t String, &'t Json)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .map(|(id, r)| (id, &r["Properties"]))
        .collect()
}

/// The integration of the method `verb` on the resource whose path part is `part`.
fn integration<'t>(t: &'t Json, part: &str, verb: &str) -> &'t Json {
    let (resource, _) = of_type(t, "AWS::ApiGateway::Resource")
        .into_iter()
        .find(|(_, r)| r["PathPart"] == part)
        .unwrap_or_else(|| panic!("no resource {part}"));
    of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, m)| m["HttpMethod"] == verb && m["ResourceId"]["Ref"] == resource.as_str())
        .map(|(_, m)| &m["Integration"])
        .unwrap_or_else(|| panic!("no {verb} on {part}"))
}

/// The inline policy of the role an integration assumes.
fn policy<'t>(t: &'t Json, integration: &Json) -> &'t Json {
    let role = integration["Credentials"]["Fn::GetAtt"][0]
        .as_str()
        .unwrap();
    let r = &t["Resources"][role];
    assert_eq!(r["Type"], "AWS::IAM::Role");
    assert_eq!(
        r["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "apigateway.amazonaws.com"
    );
    &r["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
}

fn api() -> RestApi {
    RestApi::new("shop")
        .route(
            "/orders",
            Method::post(Integration::sqs_send_message(Value::get_att(
                "OrdersQueue",
                "QueueName",
            )))
            .iam(),
        )
        .route(
            "/alerts",
            Method::post(Integration::sns_publish(Value::parameter("AlertsTopicArn"))).iam(),
        )
        .route(
            "/items",
            Method::post(Integration::dynamodb(DynamoDbAction::PutItem, "items")).iam(),
        )
        .route(
            "/items/{id}",
            Method::get(Integration::dynamodb(DynamoDbAction::GetItem, "items")).iam(),
        )
        .route(
            "/checkout",
            Method::post(Integration::step_functions_start(Value::parameter(
                "CheckoutMachineArn",
            )))
            .iam(),
        )
        .route(
            "/quote",
            Method::post(Integration::step_functions_start_sync(Value::parameter(
                "QuoteMachineArn",
            )))
            .iam(),
        )
        .route(
            "/events",
            Method::post(Integration::eventbridge_put_events(
                "default",
                "shop.api",
                "OrderPlaced",
            ))
            .iam(),
        )
        .route(
            "/files/{name}",
            Method::get(Integration::s3_get_object("shop-files", "uploads/{name}")).iam(),
        )
        .route(
            "/clicks",
            Method::post(Integration::kinesis_put_record("clicks")).iam(),
        )
        .route(
            "/legacy",
            Method::post(
                Integration::aws_service("sqs", "action/SendMessage", HttpMethod::Post)
                    .role("arn:aws:iam::123456789012:role/legacy-sender")
                    .request_template("application/json", "Action=SendMessage&MessageBody=x"),
            )
            .iam(),
        )
}

fn stack() -> Stack {
    Stack::new("shop", api())
        .parameter(Parameter::string("AlertsTopicArn"))
        .parameter(Parameter::string("CheckoutMachineArn"))
        .parameter(Parameter::string("QuoteMachineArn"))
        .resource(
            "OrdersQueue",
            "AWS::SQS::Queue",
            json!({"KmsMasterKeyId": "alias/aws/sqs"}),
        )
}

#[test]
fn sqs_send_message_posts_the_body_to_the_queue_with_a_role_for_that_queue_alone() {
    let t = template(&stack());
    let i = integration(&t, "orders", "POST");
    assert_eq!(i["Type"], "AWS");
    assert_eq!(i["IntegrationHttpMethod"], "POST");
    assert_eq!(
        i["Uri"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/${OrdersQueue.QueueName}"})
    );
    assert_eq!(
        i["RequestParameters"]["integration.request.header.Content-Type"],
        "'application/x-www-form-urlencoded'"
    );
    assert_eq!(
        i["RequestTemplates"]["application/json"],
        "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
    );
    assert_eq!(
        policy(&t, i),
        &json!([{
            "Effect": "Allow",
            "Action": ["sqs:SendMessage"],
            "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${OrdersQueue.QueueName}"}]
        }])
    );
    // Errors of the service are errors of the method.
    let statuses: Vec<&Json> = i["IntegrationResponses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["StatusCode"])
        .collect();
    assert_eq!(statuses, ["200", "400", "500"]);
}

#[test]
fn each_known_action_is_granted_on_its_resource_alone() {
    let t = template(&stack());
    let grant = |part: &str, verb: &str| {
        let p = policy(&t, integration(&t, part, verb));
        (p[0]["Action"][0].clone(), p[0]["Resource"].clone())
    };
    assert_eq!(
        grant("alerts", "POST"),
        (json!("sns:Publish"), json!([{"Ref": "AlertsTopicArn"}]))
    );
    assert_eq!(
        grant("items", "POST"),
        (
            json!("dynamodb:PutItem"),
            json!([{"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/items"}])
        )
    );
    assert_eq!(grant("{id}", "GET").0, "dynamodb:GetItem");
    assert_eq!(
        grant("checkout", "POST"),
        (
            json!("states:StartExecution"),
            json!([{"Ref": "CheckoutMachineArn"}])
        )
    );
    assert_eq!(grant("quote", "POST").0, "states:StartSyncExecution");
    assert_eq!(
        grant("events", "POST"),
        (
            json!("events:PutEvents"),
            json!([{"Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"}])
        )
    );
    assert_eq!(
        grant("{name}", "GET"),
        (
            json!("s3:GetObject"),
            json!([{"Fn::Sub": "arn:${AWS::Partition}:s3:::shop-files/uploads/*"}])
        )
    );
    assert_eq!(grant("clicks", "POST").0, "kinesis:PutRecord");
    // One role per grant: ten methods, nine generated roles (the legacy one brings its own).
    assert_eq!(of_type(&t, "AWS::IAM::Role").len(), 9);
}

#[test]
fn dynamodb_get_item_keys_the_item_by_the_routes_path_parameter() {
    let t = template(&stack());
    let i = integration(&t, "{id}", "GET");
    assert_eq!(
        i["Uri"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:dynamodb:action/GetItem"})
    );
    assert_eq!(
        i["RequestTemplates"]["application/json"],
        "{\"TableName\": \"items\", \"Key\": {\"id\": {\"S\": \"$util.escapeJavaScript($input.params('id'))\"}}}"
    );
}

#[test]
fn s3_get_object_maps_the_key_from_the_route_and_calls_with_get() {
    let t = template(&stack());
    let i = integration(&t, "{name}", "GET");
    assert_eq!(i["IntegrationHttpMethod"], "GET");
    assert_eq!(
        i["Uri"],
        json!({"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/shop-files/uploads/{name}"})
    );
    assert_eq!(
        i["RequestParameters"]["integration.request.path.name"],
        "method.request.path.name"
    );
}

#[test]
fn a_role_by_arn_replaces_the_generated_one() {
    let t = template(&stack());
    let i = integration(&t, "legacy", "POST");
    assert_eq!(
        i["Credentials"],
        "arn:aws:iam::123456789012:role/legacy-sender"
    );
    assert_eq!(
        i["RequestTemplates"]["application/json"],
        "Action=SendMessage&MessageBody=x"
    );
}

const AWS_YAML: &str = "\
stack: shop
parameters:
  AlertsTopicArn: { type: String }
  CheckoutMachineArn: { type: String }
  QuoteMachineArn: { type: String }
api:
  name: shop
  routes:
    /orders:
      POST: { iam: true, aws: { action: sqs:SendMessage, queue: { getAtt: [OrdersQueue, QueueName] } } }
    /alerts:
      POST: { iam: true, aws: { action: sns:Publish, topic: { ref: AlertsTopicArn } } }
    /items:
      POST: { iam: true, aws: { action: dynamodb:PutItem, table: items } }
    /items/{id}:
      GET: { iam: true, aws: { action: dynamodb:GetItem, table: items } }
    /checkout:
      POST: { iam: true, aws: { action: states:StartExecution, stateMachine: { ref: CheckoutMachineArn } } }
    /quote:
      POST: { iam: true, aws: { action: states:StartSyncExecution, stateMachine: { ref: QuoteMachineArn } } }
    /events:
      POST: { iam: true, aws: { action: events:PutEvents, bus: default, source: shop.api, detailType: OrderPlaced } }
    /files/{name}:
      GET: { iam: true, aws: { action: s3:GetObject, bucket: shop-files, key: 'uploads/{name}' } }
    /clicks:
      POST: { iam: true, aws: { action: kinesis:PutRecord, stream: clicks } }
    /legacy:
      POST:
        iam: true
        aws:
          service: sqs
          target: action/SendMessage
          role: arn:aws:iam::123456789012:role/legacy-sender
          requestTemplates: { application/json: Action=SendMessage&MessageBody=x }
resources:
  OrdersQueue:
    Type: AWS::SQS::Queue
    Properties: { KmsMasterKeyId: alias/aws/sqs }
";

#[test]
fn a_stack_file_gives_the_same_template_as_the_builders() {
    let loaded = apigw_synth::stack_file::load_str(Path::new("shop.yaml"), AWS_YAML)
        .unwrap_or_else(|e| panic!("{e}"));
    let from_file = serde_json::to_value(loaded.synthesize().unwrap()).unwrap();
    assert_eq!(from_file, template(&stack()));
}

#[test]
fn every_aws_shape_passes_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.template.json");
    let t = synthesize(&stack()).unwrap();
    std::fs::write(&path, render(&t, Format::Json)).unwrap();
    let report = support::lint(std::slice::from_ref(&path));
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&[path]);
}

#[test]
fn a_widened_role_policy_is_access_control() {
    let narrow = RestApi::new("shop").route(
        "/orders",
        Method::post(Integration::sqs_send_message("orders")).iam(),
    );
    let wide = RestApi::new("shop").route(
        "/orders",
        Method::post(Integration::sqs_send_message("orders").grant(
            "kms:GenerateDataKey",
            "arn:aws:kms:eu-west-1:123456789012:key/k",
        ))
        .iam(),
    );
    let old = synthesize(&Stack::new("shop", narrow)).unwrap();
    let new = synthesize(&Stack::new("shop", wide)).unwrap();
    let d = review::diff(&review::model_of(&old), &review::model_of(&new));
    // A new role (its id follows its grants) and the method's credentials changed: both
    // access control.
    assert!(
        d.access_control
            .iter()
            .any(|c| matches!(&c.subject, Subject::Resource { resource_type, .. } if resource_type == "AWS::IAM::Role")),
        "{d:#?}"
    );
    assert!(
        d.access_control.iter().any(|c| {
            matches!(&c.subject, Subject::Method { method, .. } if method == "POST")
                && c.aspect.as_deref() == Some("Integration.Credentials")
        }),
        "{d:#?}"
    );
}

#[test]
fn tree_shows_the_service_action() {
    let t = synthesize(&stack()).unwrap();
    let text = review::render_tree(&review::model_of(&t), false);
    assert!(text.contains("AWS sqs:SendMessage"), "{text}");
    assert!(text.contains("AWS dynamodb:GetItem"), "{text}");
}

#[test]
fn a_split_stack_keeps_the_roles_in_the_parent_and_passes_their_arns() {
    let big = apigw_synth::testing::one_function_stack("big-shop", 300, 1, "handler");
    let mut api = big.api().clone();
    for i in 0..300 {
        api.add_route(
            &format!("/orders{i}"),
            Method::post(Integration::sqs_send_message("orders")),
        );
    }
    let stack = Stack::new("big-shop", api).parameter(Parameter::string("UserPoolArn"));
    let synthesized = apigw_synth::synthesize_stack(&stack, Format::Json).unwrap();
    assert!(synthesized.files.len() > 1, "split");
    let mut nested = 0;
    for (i, file) in synthesized.files.iter().enumerate() {
        let t: Json = serde_json::from_str(&file.contents).unwrap();
        let roles = of_type(&t, "AWS::IAM::Role").len();
        assert_eq!(
            roles,
            usize::from(i == 0),
            "{}: one role, in the parent",
            file.path
        );
        if i == 0 {
            continue;
        }
        for (_, m) in of_type(&t, "AWS::ApiGateway::Method") {
            if m["Integration"]["Type"] == "AWS" {
                nested += 1;
                let arn = m["Integration"]["Credentials"]["Ref"].as_str().unwrap();
                assert!(t["Parameters"].get(arn).is_some(), "{arn} passed in");
            }
        }
    }
    assert!(nested > 0, "some SQS methods are nested");
}

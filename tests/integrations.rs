//! Integrations beyond Lambda proxy: HTTP and HTTP_PROXY to a URL (path parameters mapped
//! from the route, a VPC link, a timeout, request parameters from the request, its context
//! and static values, integration and method responses), written with the builders or in a
//! stack file alike; cfn-lint and checkov accept every shape; a split stack passes what
//! nested methods read; `diff` and `tree` name each method's integration. Misuse is in
//! tests/bad_input.rs; requests through them on the local engine in tests/engine_deploy.rs.

use crate::support;

use std::path::Path;

use apigw_synth::review::{self, Subject};
use apigw_synth::testing::one_function_stack;
use apigw_synth::{
    ContentHandling, Format, HttpMethod, Integration, IntegrationResponse, Method, Parameter,
    ParameterIn, Passthrough, RequestSource, RestApi, Stack, Value, render, synthesize,
    synthesize_stack,
};
use serde_json::{Value as Json, json};

fn template(stack: &Stack) -> Json {
    serde_json::to_value(synthesize(stack).unwrap()).unwrap()
}

/// The properties of the method `verb` on the resource whose path part is `part`.
fn method<'t>(t: &'t Json, part: &str, verb: &str) -> &'t Json {
    let resources = t["Resources"].as_object().unwrap();
    let (resource, _) = resources
        .iter()
        .find(|(_, r)| {
            r["Type"] == "AWS::ApiGateway::Resource" && r["Properties"]["PathPart"] == part
        })
        .unwrap_or_else(|| panic!("no resource {part}"));
    resources
        .values()
        .find(|r| {
            r["Type"] == "AWS::ApiGateway::Method"
                && r["Properties"]["HttpMethod"] == verb
                && r["Properties"]["ResourceId"]["Ref"] == resource.as_str()
        })
        .map(|r| &r["Properties"])
        .unwrap_or_else(|| panic!("no {verb} method on {part}"))
}

/// Every HTTP shape: a proxy with the route's path parameter, one through a VPC link with a
/// timeout and mapped parameters, a non-proxy one with templates and responses.
fn http_api() -> RestApi {
    RestApi::new("orders")
        .route(
            "/orders/{id}",
            Method::get(Integration::http_proxy(
                "https://orders.example.com/v1/orders/{id}",
            ))
            .public(),
        )
        .route(
            "/internal/{proxy+}",
            Method::any(
                Integration::http_proxy("http://nlb.internal.example.com/{proxy}")
                    .vpc_link(Value::parameter("VpcLinkId"))
                    .timeout_ms(5000)
                    .request_parameter(
                        ParameterIn::Header,
                        "X-Request-Id",
                        RequestSource::context("requestId"),
                    )
                    .request_parameter(
                        ParameterIn::Header,
                        "X-Tenant",
                        RequestSource::header("X-Tenant"),
                    )
                    .request_parameter(ParameterIn::Query, "source", RequestSource::value("api")),
            )
            .iam(),
        )
        .route(
            "/search",
            Method::post(
                Integration::http(Value::sub("https://${SearchHost}/search"))
                    .http_method(HttpMethod::Get)
                    .request_parameter(ParameterIn::Query, "q", RequestSource::query("q"))
                    .request_template("application/json", "{\"q\": \"$input.params('q')\"}")
                    .passthrough(Passthrough::Never)
                    .content_handling(ContentHandling::ConvertToText)
                    .response(
                        IntegrationResponse::new(200)
                            .header("X-Backend", "integration.response.header.Server"),
                    )
                    .response(
                        IntegrationResponse::new(404)
                            .selection_pattern("404")
                            .template("application/json", "{\"message\": \"not found\"}"),
                    ),
            )
            .iam(),
        )
}

fn http_stack() -> Stack {
    Stack::new("orders", http_api())
        .parameter(Parameter::string("VpcLinkId"))
        .parameter(Parameter::string("SearchHost"))
}

#[test]
fn an_http_proxy_passes_the_routes_path_parameter_and_the_method_declares_it() {
    let t = template(&http_stack());
    let m = method(&t, "{id}", "GET");
    let i = &m["Integration"];
    assert_eq!(i["Type"], "HTTP_PROXY");
    assert_eq!(i["IntegrationHttpMethod"], "GET", "the method's own verb");
    assert_eq!(i["Uri"], "https://orders.example.com/v1/orders/{id}");
    assert_eq!(
        i["RequestParameters"],
        json!({"integration.request.path.id": "method.request.path.id"})
    );
    assert_eq!(
        m["RequestParameters"],
        json!({"method.request.path.id": true})
    );
    assert!(
        i.get("IntegrationResponses").is_none(),
        "a proxy answers whole"
    );
    assert!(m.get("MethodResponses").is_none());
}

#[test]
fn a_vpc_link_timeout_and_mapped_parameters_are_emitted() {
    let t = template(&http_stack());
    let m = method(&t, "{proxy+}", "ANY");
    let i = &m["Integration"];
    assert_eq!(i["IntegrationHttpMethod"], "ANY");
    assert_eq!(i["ConnectionType"], "VPC_LINK");
    assert_eq!(i["ConnectionId"], json!({"Ref": "VpcLinkId"}));
    assert_eq!(i["TimeoutInMillis"], 5000);
    assert_eq!(
        i["RequestParameters"],
        json!({
            "integration.request.header.X-Request-Id": "context.requestId",
            "integration.request.header.X-Tenant": "method.request.header.X-Tenant",
            "integration.request.path.proxy": "method.request.path.proxy",
            "integration.request.querystring.source": "'api'"
        })
    );
    // What the mapping reads from the request is declared; a header is optional.
    assert_eq!(
        m["RequestParameters"],
        json!({"method.request.header.X-Tenant": false, "method.request.path.proxy": true})
    );
}

#[test]
fn a_non_proxy_http_integration_has_templates_responses_and_the_method_declares_them() {
    let t = template(&http_stack());
    let m = method(&t, "search", "POST");
    let i = &m["Integration"];
    assert_eq!(i["Type"], "HTTP");
    assert_eq!(i["IntegrationHttpMethod"], "GET");
    assert_eq!(i["Uri"], json!({"Fn::Sub": "https://${SearchHost}/search"}));
    assert_eq!(i["PassthroughBehavior"], "NEVER");
    assert_eq!(i["ContentHandling"], "CONVERT_TO_TEXT");
    assert_eq!(
        i["RequestTemplates"]["application/json"],
        "{\"q\": \"$input.params('q')\"}"
    );
    assert_eq!(
        i["IntegrationResponses"],
        json!([
            {"StatusCode": "200", "ResponseParameters": {"method.response.header.X-Backend": "integration.response.header.Server"}},
            {"StatusCode": "404", "SelectionPattern": "404", "ResponseTemplates": {"application/json": "{\"message\": \"not found\"}"}}
        ])
    );
    assert_eq!(
        m["MethodResponses"],
        json!([
            {"StatusCode": "200", "ResponseParameters": {"method.response.header.X-Backend": false}},
            {"StatusCode": "404"}
        ])
    );
}

#[test]
fn a_non_proxy_integration_without_responses_answers_200_with_the_backends_body() {
    let api = RestApi::new("a").route(
        "/x",
        Method::get(Integration::http("https://x.example.com/")).public(),
    );
    let t = template(&Stack::new("a", api));
    let m = method(&t, "x", "GET");
    assert_eq!(
        m["Integration"]["IntegrationResponses"],
        json!([{"StatusCode": "200"}])
    );
    assert_eq!(m["MethodResponses"], json!([{"StatusCode": "200"}]));
}

const HTTP_YAML: &str = "\
stack: orders
parameters:
  VpcLinkId: { type: String }
  SearchHost: { type: String }
api:
  name: orders
  routes:
    /orders/{id}:
      GET: { httpProxy: { url: 'https://orders.example.com/v1/orders/{id}' }, public: true }
    /internal/{proxy+}:
      ANY:
        iam: true
        httpProxy:
          url: http://nlb.internal.example.com/{proxy}
          vpcLink: { ref: VpcLinkId }
          timeoutMs: 5000
          requestParameters:
            integration.request.header.X-Request-Id: context.requestId
            integration.request.header.X-Tenant: method.request.header.X-Tenant
            integration.request.querystring.source: \"'api'\"
    /search:
      POST:
        iam: true
        http:
          url: { sub: 'https://${SearchHost}/search' }
          httpMethod: GET
          requestParameters:
            integration.request.querystring.q: method.request.querystring.q
          requestTemplates:
            application/json: '{\"q\": \"$input.params(''q'')\"}'
          passthrough: never
          contentHandling: convertToText
          responses:
            - status: 200
              headers: { X-Backend: integration.response.header.Server }
            - status: 404
              selectionPattern: '404'
              templates: { application/json: '{\"message\": \"not found\"}' }
";

#[test]
fn a_stack_file_gives_the_same_template_as_the_builders() {
    let loaded = apigw_synth::stack_file::load_str(Path::new("orders.yaml"), HTTP_YAML)
        .unwrap_or_else(|e| panic!("{e}"));
    let from_file = serde_json::to_value(loaded.synthesize().unwrap()).unwrap();
    assert_eq!(from_file, template(&http_stack()));
}

#[test]
fn every_http_shape_passes_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.template.json");
    let t = synthesize(&http_stack()).unwrap();
    std::fs::write(&path, render(&t, Format::Json)).unwrap();
    let report = support::lint(std::slice::from_ref(&path));
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&[path]);
}

#[test]
fn a_split_stack_passes_the_vpc_link_to_nested_http_methods() {
    let big = one_function_stack("big-orders", 300, 1, "handler");
    let mut api = big.api().clone();
    for i in 0..300 {
        api.add_route(
            &format!("/orders{i}/{{id}}"),
            Method::get(
                Integration::http_proxy("http://nlb.internal.example.com/orders/{id}")
                    .vpc_link(Value::parameter("VpcLinkId")),
            ),
        );
    }
    let stack = Stack::new("big-orders", api)
        .parameter(Parameter::string("UserPoolArn"))
        .parameter(Parameter::string("VpcLinkId"));
    let synthesized = synthesize_stack(&stack, Format::Json).unwrap();
    assert!(synthesized.files.len() > 1, "split");
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut nested = 0;
    for (i, file) in synthesized.files.iter().enumerate() {
        let t: Json = serde_json::from_str(&file.contents).unwrap();
        for r in t["Resources"].as_object().unwrap().values() {
            let i_ = &r["Properties"]["Integration"];
            if i > 0 && i_["Type"] == "HTTP_PROXY" {
                nested += 1;
                let link = i_["ConnectionId"]["Ref"].as_str().unwrap();
                assert!(t["Parameters"].get(link).is_some(), "{link} passed in");
            }
        }
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
        paths.push(path);
    }
    assert!(nested > 0, "some HTTP methods are nested");
    paths.truncate(2);
    let report = support::lint(&paths);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn diff_lists_an_http_target_change_as_access_control_only_on_a_public_method() {
    let old = synthesize(&http_stack()).unwrap();
    let changed = RestApi::new("orders")
        .route(
            "/orders/{id}",
            Method::get(Integration::http_proxy(
                "https://orders-v2.example.com/orders/{id}",
            ))
            .public(),
        )
        .route(
            "/internal/{proxy+}",
            Method::any(
                Integration::http("http://nlb.internal.example.com/{proxy}")
                    .vpc_link(Value::parameter("VpcLinkId")),
            )
            .iam(),
        );
    let new = synthesize(&Stack::new("orders", changed).parameter(Parameter::string("VpcLinkId")))
        .unwrap();
    let d = review::diff(&review::model_of(&old), &review::model_of(&new));
    let integration_of = |changes: &[review::Change], verb: &str| {
        changes.iter().any(|c| {
            matches!(&c.subject, Subject::Method { method, .. } if method == verb)
                && c.aspect.as_deref() == Some("integration")
        })
    };
    assert!(integration_of(&d.access_control, "GET"), "{d:#?}");
    assert!(integration_of(&d.other, "ANY"), "{d:#?}");
    assert!(!integration_of(&d.access_control, "ANY"), "{d:#?}");
}

#[test]
fn tree_shows_each_methods_integration_kind_and_target() {
    let t = synthesize(&http_stack()).unwrap();
    let text = review::render_tree(&review::model_of(&t), false);
    assert!(
        text.contains("HTTP_PROXY https://orders.example.com/v1/orders/{id}"),
        "{text}"
    );
    assert!(
        text.contains("HTTP_PROXY http://nlb.internal.example.com/{proxy} via VPC link"),
        "{text}"
    );
    assert!(text.contains("HTTP https://${SearchHost}/search"), "{text}");
}

/// The YAML examples of docs/integrations.md and of the README's integrations section.
fn yaml_examples() -> Vec<String> {
    let docs = std::fs::read_to_string(support::root().join("docs/integrations.md")).unwrap();
    let readme = std::fs::read_to_string(support::root().join("README.md")).unwrap();
    let (_, section) = readme.split_once("## Integrations").unwrap();
    let (section, _) = section.split_once("\n## ").unwrap();
    [docs.as_str(), section]
        .iter()
        .flat_map(|text| text.split("```yaml\n").skip(1))
        .map(|block| block.split("```").next().unwrap().to_owned())
        .collect()
}

#[test]
fn the_documented_yaml_examples_synthesize() {
    let examples = yaml_examples();
    assert_eq!(examples.len(), 4, "three in the docs, one in the README");
    for (i, text) in examples.iter().enumerate() {
        let loaded = apigw_synth::stack_file::load_str(Path::new("example.yaml"), text)
            .unwrap_or_else(|e| panic!("example {i}: {e}\n{text}"));
        loaded
            .synthesize()
            .unwrap_or_else(|e| panic!("example {i}: {e}\n{text}"));
    }
}

//! Request validation and models: models (inline draft 4, or derived from a Rust type with
//! schemars and converted), one request validator per kind of validation the methods use,
//! each method's validator, models and required parameters, and the models of its responses
//! (on the method response of their status, in the builders and in stack files, exported as
//! the operation's responses); API-wide models and validators stay in the parent of a split
//! stack and nested methods reach them through parameters; cfn-lint accepts it all; `diff`
//! lists a validator removed as access control and a response model changed as another
//! change, and `tree` shows the validator. Misuse is in tests/bad_input.rs.

use crate::support;

use apigw_synth::review::{self, Subject};
use apigw_synth::testing::one_function_stack;
use apigw_synth::{
    Format, Integration, Method, Model, Parameter, RequestValidation, RestApi, Stack, render,
    synthesize, synthesize_stack,
};
use serde_json::{Value as Json, json};

/// The body of `POST /products`.
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
struct CreateProduct {
    /// Shown in the shop.
    name: String,
    #[schemars(range(min = 0))]
    price: f64,
    tags: Option<Vec<String>>,
}

fn product_model() -> Model {
    Model::new(
        "Product",
        json!({
            "type": "object",
            "required": ["name"],
            "properties": { "name": { "type": "string", "minLength": 1 } }
        }),
    )
}

fn api() -> RestApi {
    RestApi::new("shop")
        .model(product_model())
        .model(Model::from_type::<CreateProduct>("CreateProduct"))
        .route(
            "/products",
            Method::post(Integration::mock())
                .public()
                .request_model("application/json", "CreateProduct"),
        )
        .route(
            "/products/{id}",
            Method::put(Integration::mock())
                .public()
                .request_model("application/json", "Product")
                .required_path("id")
                .required_query("version"),
        )
        .route(
            "/search",
            Method::get(Integration::mock())
                .public()
                .required_query("q")
                .required_header("X-Tenant")
                .response_model(200, "application/json", "Product"),
        )
        .route(
            "/products/{id}",
            Method::get(Integration::lambda("get-product"))
                .public()
                .response_model(200, "application/json", "CreateProduct")
                .response_model(404, "application/json", "Product"),
        )
}

fn template(stack: &Stack) -> Json {
    serde_json::from_str(&render(&synthesize(stack).unwrap(), Format::Json)).unwrap()
}

fn of_type<'t>(t: &'t Json, kind: &str) -> Vec<(&'t String, &'t Json)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .map(|(id, r)| (id, &r["Properties"]))
        .collect()
}

fn method<'t>(t: &'t Json, prefix: &str) -> &'t Json {
    &t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(id, _)| id.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}*"))
        .1["Properties"]
}

#[test]
fn an_inline_model_is_emitted_as_draft_4() {
    let t = template(&Stack::new("shop", api()));
    let (_, model) = of_type(&t, "AWS::ApiGateway::Model")
        .into_iter()
        .find(|(_, p)| p["Name"] == "Product")
        .expect("model Product");
    assert_eq!(
        model["Schema"]["$schema"],
        "http://json-schema.org/draft-04/schema#"
    );
    assert_eq!(model["Schema"]["required"], json!(["name"]));
    assert_eq!(model["ContentType"], "application/json");
}

#[test]
fn a_model_derived_from_a_rust_type_is_converted_to_draft_4() {
    let t = template(&Stack::new("shop", api()));
    let (_, model) = of_type(&t, "AWS::ApiGateway::Model")
        .into_iter()
        .find(|(_, p)| p["Name"] == "CreateProduct")
        .expect("model CreateProduct");
    let schema = &model["Schema"];
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    assert_eq!(schema["properties"]["name"]["type"], "string");
    assert_eq!(schema["properties"]["price"]["minimum"], 0.0);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["name", "price"]);
}

#[test]
fn methods_get_the_validator_their_models_and_required_parameters_need() {
    let t = template(&Stack::new("shop", api()));
    let validators: Vec<String> = of_type(&t, "AWS::ApiGateway::RequestValidator")
        .into_iter()
        .map(|(_, p)| p["Name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(validators, ["body", "body-and-parameters", "parameters"]);
    let post = method(&t, "MethodProductsPOST");
    assert_eq!(
        post["RequestValidatorId"],
        json!({"Ref": "RequestValidatorBody"})
    );
    assert_eq!(
        post["RequestModels"]["application/json"],
        json!({"Ref": "ModelCreateProduct"})
    );
    let search = method(&t, "MethodSearchGET");
    assert_eq!(
        search["RequestValidatorId"],
        json!({"Ref": "RequestValidatorParameters"})
    );
    assert_eq!(
        search["RequestParameters"],
        json!({"method.request.header.X-Tenant": true, "method.request.querystring.q": true})
    );
    let put = method(&t, "MethodProductsIdPUT");
    assert_eq!(put["RequestParameters"]["method.request.path.id"], true);
}

#[test]
fn an_explicit_validation_replaces_the_inferred_one() {
    let api = RestApi::new("shop").model(product_model()).route(
        "/products",
        Method::post(Integration::mock())
            .public()
            .request_model("application/json", "Product")
            .validate(RequestValidation::BodyAndParameters),
    );
    let t = template(&Stack::new("shop", api));
    assert_eq!(
        method(&t, "MethodProductsPOST")["RequestValidatorId"],
        json!({"Ref": "RequestValidatorBodyAndParameters"})
    );
}

#[test]
fn validation_passes_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.template.json");
    std::fs::write(
        &path,
        render(
            &synthesize(&Stack::new("shop", api())).unwrap(),
            Format::Json,
        ),
    )
    .unwrap();
    let report = support::lint(&[path]);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn a_split_stack_keeps_models_and_validators_in_the_parent_and_passes_them_to_methods_and_responses()
 {
    let big = one_function_stack("big-shop", 300, 1, "handler");
    let mut api = big.api().clone().model(product_model());
    for i in 0..300 {
        api.add_route(
            &format!("/items{i}/{{id}}"),
            Method::put(Integration::lambda("handler"))
                .request_model("application/json", "Product")
                .required_path("id")
                .response_model(200, "application/json", "Product"),
        );
    }
    let stack = Stack::new("big-shop", api).parameter(Parameter::string("UserPoolArn"));
    let synthesized = synthesize_stack(&stack, Format::Json).unwrap();
    assert!(synthesized.files.len() > 1, "split");
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut nested_puts = 0;
    for (i, file) in synthesized.files.iter().enumerate() {
        let t: Json = serde_json::from_str(&file.contents).unwrap();
        let models = of_type(&t, "AWS::ApiGateway::Model").len();
        let validators = of_type(&t, "AWS::ApiGateway::RequestValidator").len();
        if i == 0 {
            assert_eq!((models, validators), (1, 1), "the parent holds them");
        } else {
            assert_eq!((models, validators), (0, 0), "{}", file.path);
            for (_, m) in of_type(&t, "AWS::ApiGateway::Method") {
                if m["HttpMethod"] != "PUT" {
                    continue;
                }
                nested_puts += 1;
                let model = m["RequestModels"]["application/json"]["Ref"]
                    .as_str()
                    .unwrap();
                let validator = m["RequestValidatorId"]["Ref"].as_str().unwrap();
                assert!(t["Parameters"].get(model).is_some(), "{model} passed in");
                assert_eq!(
                    m["MethodResponses"][0]["ResponseModels"]["application/json"]["Ref"], model,
                    "the response model names the same parameter"
                );
                assert!(
                    t["Parameters"].get(validator).is_some(),
                    "{validator} passed in"
                );
            }
        }
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
        paths.push(path);
    }
    assert!(nested_puts > 0, "some validated methods are nested");
    // The parent and one nested template: the nested ones share one shape (every template
    // of a large split is linted by large_api), and each costs cfn-lint seconds.
    paths.truncate(2);
    let report = support::lint(&paths);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn a_validator_removed_is_an_access_control_change_and_added_is_not() {
    let validated = synthesize(&Stack::new("shop", api())).unwrap();
    let plain = RestApi::new("shop")
        .model(product_model())
        .model(Model::from_type::<CreateProduct>("CreateProduct"))
        .route("/products", Method::post(Integration::mock()).public())
        .route("/products/{id}", Method::put(Integration::mock()).public())
        .route("/search", Method::get(Integration::mock()).public());
    let plain = synthesize(&Stack::new("shop", plain)).unwrap();
    let removed = review::diff(&review::model_of(&validated), &review::model_of(&plain));
    assert!(
        removed.access_control.iter().any(|c| {
            matches!(&c.subject, Subject::Method { method, path } if method == "POST" && path == "/products")
                && c.aspect.as_deref() == Some("RequestValidatorId")
        }),
        "{removed:#?}"
    );
    let added = review::diff(&review::model_of(&plain), &review::model_of(&validated));
    assert!(
        !added
            .access_control
            .iter()
            .any(|c| c.aspect.as_deref() == Some("RequestValidatorId")),
        "{added:#?}"
    );
}

#[test]
fn tree_shows_each_methods_validator() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("stacks")).unwrap();
    std::fs::write(
        dir.path().join("stacks/shop.yaml"),
        "api:\n  name: shop\n  models:\n    Product: { schema: { type: object } }\n  routes:\n    /products:\n      POST: { mock: true, public: true, requestModels: { application/json: Product } }\n",
    )
    .unwrap();
    let o = support::tool()
        .current_dir(dir.path())
        .args(["tree", "shop"])
        .output()
        .unwrap();
    let out = support::stdout(&o);
    let post = out.lines().find(|l| l.contains("POST")).unwrap_or_default();
    assert!(post.ends_with("→ MOCK, validates body"), "{out}");
}

#[test]
fn a_response_model_is_declared_on_the_method_response_of_its_status() {
    let t = template(&Stack::new("shop", api()));
    // A mock declares its 200: the model joins it.
    assert_eq!(
        method(&t, "MethodSearchGET")["MethodResponses"],
        json!([{"StatusCode": "200", "ResponseModels": {"application/json": {"Ref": "ModelProduct"}}}])
    );
    // A Lambda proxy declares none: each status with a model is declared, in order; the
    // model derived from a Rust type is named as a request model would be.
    assert_eq!(
        method(&t, "MethodProductsIdGET")["MethodResponses"],
        json!([
            {"StatusCode": "200", "ResponseModels": {"application/json": {"Ref": "ModelCreateProduct"}}},
            {"StatusCode": "404", "ResponseModels": {"application/json": {"Ref": "ModelProduct"}}}
        ])
    );
}

#[test]
fn a_stack_files_response_models_are_the_builders() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.yaml");
    std::fs::write(
        &file,
        "api:\n  name: shop\n  models:\n    Product: { schema: { type: object } }\n  routes:\n    /products:\n      GET:\n        lambda: list-products\n        public: true\n        responseModels:\n          200: { application/json: Product }\n          '404': { application/json: Product }\n",
    )
    .unwrap();
    let loaded = apigw_synth::stack_file::load(&file).expect("loads");
    let built = RestApi::new("shop")
        .model(Model::new("Product", json!({"type": "object"})))
        .route(
            "/products",
            Method::get(Integration::lambda("list-products"))
                .public()
                .response_model(200, "application/json", "Product")
                .response_model(404, "application/json", "Product"),
        );
    assert_eq!(
        render(&synthesize(loaded.stack()).unwrap(), Format::Json),
        render(
            &synthesize(&Stack::new("shop", built)).unwrap(),
            Format::Json
        )
    );
}

#[test]
fn a_response_model_is_the_operations_response_schema_in_a_valid_openapi_export() {
    let t = template(&Stack::new("shop", api()));
    let document = apigw_synth::openapi::export(&t, &Default::default()).unwrap();
    let document = serde_json::to_value(&document).unwrap();
    let responses = &document["paths"]["/products/{id}"]["get"]["responses"];
    assert_eq!(
        responses["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CreateProduct"
    );
    assert_eq!(
        responses["404"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Product"
    );
    // The derived model's `Option` field, a list of types in draft 4, is `nullable`.
    let tags = &document["components"]["schemas"]["CreateProduct"]["properties"]["tags"];
    assert_eq!(
        (&tags["type"], &tags["nullable"]),
        (&json!("array"), &json!(true))
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.json");
    std::fs::write(&file, document.to_string()).unwrap();
    support::validate_openapi(&file).unwrap();
}

#[test]
fn a_response_model_added_removed_or_changed_is_another_change() {
    let with = |model: Option<&str>| {
        let mut get = Method::get(Integration::lambda("get-product")).public();
        if let Some(model) = model {
            get = get.response_model(200, "application/json", model);
        }
        let api = RestApi::new("shop")
            .model(product_model())
            .model(Model::from_type::<CreateProduct>("CreateProduct"))
            .route("/products/{id}", get);
        review::model_of(&synthesize(&Stack::new("shop", api)).unwrap())
    };
    let (none, product, create) = (
        with(None),
        with(Some("Product")),
        with(Some("CreateProduct")),
    );
    let key = "MethodResponses.200.ResponseModels.application/json";
    for (old, new) in [(&none, &product), (&product, &none), (&product, &create)] {
        let diff = review::diff(old, new);
        assert!(diff.access_control.is_empty(), "{diff:#?}");
        let change = diff
            .other
            .iter()
            .find(|c| c.aspect.as_deref() == Some(key))
            .unwrap_or_else(|| panic!("{key} listed: {diff:#?}"));
        assert!(
            matches!(&change.subject, Subject::Method { method, path } if method == "GET" && path == "/products/{id}"),
            "{change:#?}"
        );
    }
}

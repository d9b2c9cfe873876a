//! User pools a stack creates: only administrators create their users unless the stack
//! turns self sign-up on (in Rust and in a stack file), cfn-lint accepts both, and turning
//! self sign-up on is an access-control change in `diff`, since anyone could then get a
//! token that passes the pool's authorizers.

use crate::support;

use std::path::Path;

use apigw_synth::review::{self, Subject};
use apigw_synth::stack_file;
use apigw_synth::{
    CognitoUserPoolsAuthorizer, Format, Integration, Method, RestApi, Stack, UserPool, render,
    synthesize,
};
use serde_json::Value as Json;

/// A stack whose authorizer trusts a pool it creates, with an app client.
fn stack(pool: UserPool) -> Stack {
    let customers = CognitoUserPoolsAuthorizer::new("customers").user_pool(pool.client("web"));
    let api = RestApi::new("orders")
        .default_authorizer(customers)
        .route("/orders", Method::get(Integration::lambda("list-orders")));
    Stack::new("orders", api)
}

/// The pool's `AdminCreateUserConfig` in `template`.
fn admin_create_user_config(template: &Json) -> Json {
    let resources = template["Resources"].as_object().unwrap();
    let (_, pool) = resources
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::Cognito::UserPool")
        .expect("the stack creates a pool");
    pool["Properties"]["AdminCreateUserConfig"].clone()
}

fn json(stack: &Stack) -> Json {
    let text = render(&synthesize(stack).unwrap(), Format::Json);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_created_pool_admits_only_users_that_administrators_create() {
    let template = json(&stack(UserPool::new("customers")));
    assert_eq!(
        admin_create_user_config(&template),
        serde_json::json!({ "AllowAdminCreateUserOnly": true })
    );
}

#[test]
fn self_sign_up_is_turned_on_by_the_stack_only() {
    let template = json(&stack(UserPool::new("customers").self_sign_up(true)));
    assert_eq!(
        admin_create_user_config(&template),
        serde_json::json!({ "AllowAdminCreateUserOnly": false })
    );
}

#[test]
fn a_stack_file_turns_self_sign_up_on_with_self_sign_up_true() {
    let file = |self_sign_up: &str| {
        format!(
            "api:
  name: orders
  authorizers:
    customers:
      cognito:
        createUserPools: [{{ name: customers, client: web{self_sign_up} }}]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: {{ lambda: list-orders }}
"
        )
    };
    let config = |text: &str| {
        let loaded = stack_file::load_str(Path::new("orders.yaml"), text).unwrap();
        let template = render(&loaded.synthesize().unwrap(), Format::Json);
        admin_create_user_config(&serde_json::from_str(&template).unwrap())
    };
    let only_admins = serde_json::json!({ "AllowAdminCreateUserOnly": true });
    assert_eq!(config(&file("")), only_admins);
    assert_eq!(config(&file(", selfSignUp: false")), only_admins);
    assert_eq!(
        config(&file(", selfSignUp: true")),
        serde_json::json!({ "AllowAdminCreateUserOnly": false })
    );
}

#[test]
fn turning_self_sign_up_on_is_an_access_control_change() {
    let old = synthesize(&stack(UserPool::new("customers"))).unwrap();
    let new = synthesize(&stack(UserPool::new("customers").self_sign_up(true))).unwrap();
    let diff = review::diff(&review::model_of(&old), &review::model_of(&new));
    assert!(diff.other.is_empty(), "{:?}", diff.other);
    let [change] = diff.access_control.as_slice() else {
        panic!("one access-control change: {:?}", diff.access_control);
    };
    assert!(
        matches!(&change.subject, Subject::Resource { resource_type, .. }
            if resource_type == "AWS::Cognito::UserPool"),
        "{change:?}"
    );
    let shown = format!("{:?} {:?}", change.old, change.new);
    assert!(shown.contains("true") && shown.contains("false"), "{shown}");
}

#[test]
fn both_settings_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, self_sign_up) in [("admins-only", false), ("self-sign-up", true)] {
        let template = synthesize(&stack(
            UserPool::new("customers").self_sign_up(self_sign_up),
        ));
        let path = dir.path().join(format!("{name}.template.json"));
        std::fs::write(&path, render(&template.unwrap(), Format::Json)).unwrap();
        files.push(path);
    }
    let report = support::lint(&files);
    assert!(report.trim().is_empty(), "{report}");
}

/// A stack whose created pool protects methods requiring `orders/read`, `orders/write` and
/// Cognito's own `email`, and one method on an imported pool requiring `staff/admin`.
fn scoped_stack() -> Stack {
    let customers = CognitoUserPoolsAuthorizer::new("customers").user_pool(
        UserPool::new("shop-customers")
            .client("web")
            .domain_prefix("shop-login"),
    );
    let staff = CognitoUserPoolsAuthorizer::new("staff").user_pool(UserPool::from_arn(
        "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123",
    ));
    let api = RestApi::new("orders")
        .default_authorizer(customers)
        .authorizer(staff)
        .route(
            "/orders",
            Method::get(Integration::lambda("list-orders")).scopes(["orders/read", "email"]),
        )
        .route(
            "/orders",
            Method::post(Integration::lambda("create-order")).scopes(["orders/write"]),
        )
        .route(
            "/admin",
            Method::delete(Integration::lambda("admin"))
                .authorizer("staff")
                .scopes(["staff/admin"]),
        );
    Stack::new("orders", api)
}

#[test]
fn a_created_pool_grants_the_scopes_its_methods_require_through_resource_servers() {
    let t = json(&scoped_stack());
    let servers: Vec<&Json> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Cognito::UserPoolResourceServer")
        .collect();
    assert_eq!(
        servers.len(),
        1,
        "orders only: staff's pool is not the stack's, email is Cognito's"
    );
    let p = &servers[0]["Properties"];
    assert_eq!(p["Identifier"], "orders");
    let names: Vec<&str> = p["Scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["ScopeName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["read", "write"]);
    assert!(
        p["UserPoolId"]["Ref"]
            .as_str()
            .unwrap()
            .starts_with("UserPoolShopCustomers")
    );
}

#[test]
fn resource_servers_and_domains_pass_cfn_lint_checkov_and_stay_in_a_split_parent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scoped.template.json");
    std::fs::write(
        &path,
        render(&synthesize(&scoped_stack()).unwrap(), Format::Json),
    )
    .unwrap();
    let report = support::lint(std::slice::from_ref(&path));
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&[path]);
    let parts = apigw_synth::testing::split_templates(&scoped_stack(), 2).unwrap();
    assert!(parts.len() > 1);
    let parent = serde_json::to_value(&parts[0]).unwrap();
    assert!(
        parent["Resources"]
            .as_object()
            .unwrap()
            .values()
            .any(|r| r["Type"] == "AWS::Cognito::UserPoolResourceServer")
    );
}

#[test]
fn a_scope_granted_by_a_new_resource_server_is_access_control() {
    let base = stack(UserPool::new("orders-customers"));
    let customers = CognitoUserPoolsAuthorizer::new("customers")
        .user_pool(UserPool::new("orders-customers").client("web"));
    let scoped = Stack::new(
        "orders",
        RestApi::new("orders").default_authorizer(customers).route(
            "/orders",
            Method::get(Integration::lambda("list-orders")).scopes(["orders/read"]),
        ),
    );
    let d = review::diff(
        &review::model_of(&synthesize(&base).unwrap()),
        &review::model_of(&synthesize(&scoped).unwrap()),
    );
    assert!(
        d.access_control
            .iter()
            .any(|c| review::subject_text(c).contains("AWS::Cognito::UserPoolResourceServer")),
        "{d:?}"
    );
}

#[test]
fn a_created_pool_has_a_sound_password_policy_and_its_hosted_ui_domain_is_an_output() {
    let t = json(&stack(
        UserPool::new("orders-customers").domain_prefix("orders-login"),
    ));
    let resources = t["Resources"].as_object().unwrap();
    let pool = resources
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::UserPool")
        .unwrap();
    assert_eq!(
        pool["Properties"]["Policies"]["PasswordPolicy"],
        serde_json::json!({"MinimumLength": 12, "RequireLowercase": true,
            "RequireUppercase": true, "RequireNumbers": true, "RequireSymbols": true,
            "TemporaryPasswordValidityDays": 7})
    );
    let domain = resources
        .values()
        .find(|r| r["Type"] == "AWS::Cognito::UserPoolDomain")
        .expect("a domain");
    assert_eq!(domain["Properties"]["Domain"], "orders-login");
    assert_eq!(
        t["Outputs"]["UserPoolOrdersCustomersDomain"]["Value"],
        serde_json::json!({"Fn::Sub": "https://orders-login.auth.${AWS::Region}.amazoncognito.com"})
    );
}

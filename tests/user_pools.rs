//! User pools a stack creates: only administrators create their users unless the stack
//! turns self sign-up on (in Rust and in a stack file), cfn-lint accepts both, and turning
//! self sign-up on is an access-control change in `diff`, since anyone could then get a
//! token that passes the pool's authorizers.

mod support;

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
